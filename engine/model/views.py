"""The teaching views a scene can switch on and off (L1 data).

Scene files name them under ``[show]``, the command line under
``--show``/``--hide``, and the View menu lists them with these labels.
"""

# (key, label) in menu order.
VIEWS = (("arrows", "Arrows"), ("minimap", "Minimap"), ("loss_plot", "Loss plot"),
         ("basin_map", "Basin map"), ("captions", "Captions"), ("legend", "Legend"),
         ("advanced", "Advanced"), ("curvature", "Curvature"), ("fit", "Model fit"),
         ("formula", "Formula"), ("update", "Update"))
VIEW_NAMES = tuple(key for key, _ in VIEWS)
DEFAULT_VIEWS = {"arrows": True, "minimap": True, "loss_plot": True, "basin_map": False,
                 "captions": True, "legend": True, "advanced": False, "curvature": False,
                 # On a data landscape: the data and each ball's model drawn over it.
                 "fit": True,
                 # A field to type a formula landscape into (never in a kiosk).
                 "formula": False,
                 "update": False}
