"""The teaching views a scene can switch on and off (L1 data).

Scene files name them under ``[show]``, the command line under
``--show``/``--hide``, and the View menu lists them with these labels.
"""

from engine.support.i18n import N_


# (key, label) in menu order.
VIEWS = (("arrows", N_("Arrows")), ("minimap", N_("Minimap")), ("loss_plot", N_("Loss plot")),
         ("basin_map", N_("Basin map")), ("captions", N_("Captions")), ("legend", N_("Legend")),
         ("advanced", N_("Advanced")))
VIEW_NAMES = tuple(key for key, _ in VIEWS)
DEFAULT_VIEWS = {"arrows": True, "minimap": True, "loss_plot": True, "basin_map": False,
                 "captions": True, "legend": True, "advanced": False}
