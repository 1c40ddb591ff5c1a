"""L1 user interface logic, no drawing calls. Imports engine.model,
engine.maths and engine.support; never GL or a window.

- ``actions``: the one vocabulary of user actions; ``registry``: the one
  table of who carries each out;
- ``widgets``: buttons, sliders, switches, text metrics, draw lists;
- ``dock``: the control dock (its controls declared once in ``DOCK_GROUPS``);
- ``panels``: the teaching cards (legend, loss plot, minimap, captions, the
  advanced, formula and fit panels, the update and curvature views);
- ``menus``: the toolbar's menus (views, capture, scenes, language, keys);
- ``frame``: the frozen ``Frame`` handed to the GL layer and the pure
  functions that compose it;
- ``session``: one scene's model-facing state, its controllers (camera,
  keyboard modes, typed value, notices, focus) and its actions' handlers;
- ``display``, ``visitor_words``: themes and the plain words for visitors.
"""
