"""L0 maths: numbers only. Imports numpy, pyrr and engine.support; never GL,
a window, or anything above.

- ``surfaces``: the landscapes (height, analytic gradient, Hessian, minima);
- ``optim``: torch.optim's update rules vectorised over N balls;
- ``geometry``, ``path_geometry``, ``markers``: drawable geometry as numpy
  arrays (uploaded by engine.gl);
- ``camera``: the orbit camera and its inertia as pure maths;
- ``arrows``: the teaching arrows as vectors.
"""
