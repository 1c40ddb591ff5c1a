"""L1 user interface logic, no drawing calls. Imports engine.model,
engine.maths and engine.support; never GL or a window.

- ``actions``: the one vocabulary of user actions;
- ``widgets``, ``hud``, ``hud_layout``, ``hud_draw``: the control dock;
- teaching panels: ``legend``, ``loss_plot``, ``minimap``, ``captions``,
  ``advanced``, ``teaching_layout``, ``teaching_panels``, ``panel_draw``;
- menus: ``popup_menu``, ``view_menu``, ``capture_menu``, ``scene_picker``;
- ``drawlist``, ``textmetrics``, ``overlay_batch``: 2-D primitives as data;
- ``session``: what a visitor's input does to the simulation and camera;
- ``view``: the frozen ``Frame`` a session hands to the GL layer.
"""
