"""The teaching views a scene can switch on and off (L1 data).

Scene files name them under ``[show]``, the command line under
``--show``/``--hide``, and the View menu lists them with these labels.
"""

from engine.support.i18n import N_

# (key, label) in menu order.
VIEWS = (("arrows", N_("Arrows")), ("minimap", N_("Minimap")), ("loss_plot", N_("Loss plot")),
         ("basin_map", N_("Basin map")), ("captions", N_("Captions")), ("legend", N_("Legend")),
         ("advanced", N_("Advanced")), ("curvature", N_("Curvature")), ("fit", N_("Model fit")),
         ("formula", N_("Formula")), ("update", N_("Update")))
VIEW_NAMES = tuple(key for key, _ in VIEWS)
DEFAULT_VIEWS = {"arrows": True, "minimap": True, "loss_plot": True, "basin_map": False,
                 "captions": True, "legend": True, "advanced": False, "curvature": False,
                 # On a data landscape: the data and each ball's model drawn over it.
                 "fit": True,
                 # A field to type a formula landscape into (never in a kiosk).
                 "formula": False,
                 "update": False}
