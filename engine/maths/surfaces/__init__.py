"""Loss landscapes (L0): height, analytic gradient, domain and known minima.

Every function is vectorized over numpy arrays of float64 points. A landscape
never imports GL or window code, so it runs and tests anywhere.

- ``base``: ``Surface``, ``Minimum``, ``Param``, the Hessian, the minimum
  search, and the registry (``register``, ``surface_names``, ``make_surface``);
- ``saddle``: the default landscape;
- ``classics``: bowl, parabola, Rosenbrock, Himmelblau, Rastrigin, Ackley,
  Beale, Booth, six-hump camel, Goldstein-Price.
"""

from engine.maths.surfaces.base import (
    Minimum,
    Param,
    Surface,
    descend_from_grid,
    hessian,
    make_surface,
    refine_minima,
    register,
    surface_class,
    surface_names,
)
from engine.maths.surfaces.classics import (
    Ackley,
    Beale,
    Booth,
    Bowl,
    GoldsteinPrice,
    Himmelblau,
    Parabola,
    Rastrigin,
    Rosenbrock,
    SixHumpCamel,
)
from engine.maths.surfaces.saddle import Saddle

__all__ = ["Minimum", "Param", "Surface", "descend_from_grid", "hessian", "make_surface",
           "refine_minima", "register", "surface_class", "surface_names", "Saddle", "Ackley",
           "Beale", "Booth", "Bowl", "GoldsteinPrice", "Himmelblau", "Parabola", "Rastrigin",
           "Rosenbrock", "SixHumpCamel"]
from engine.maths.surfaces.formula_surface import FormulaSurface  # noqa: E402

__all__ += ["FormulaSurface"]
from engine.maths.surfaces.data_models import DataSurface, Galton, Iris  # noqa: E402

__all__ += ["DataSurface", "Galton", "Iris"]
