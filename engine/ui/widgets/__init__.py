"""Widgets (L1, no GL): rectangles, buttons, sliders, switches and choices
(``controls``), the popup grid (``popup_menu``), text measurement
(``textmetrics``) and 2-D primitives as data (``drawlist``). Every control
carries the action it asks for."""
