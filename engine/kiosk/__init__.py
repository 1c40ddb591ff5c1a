"""L1 kiosk logic: the director (idle timer, attract mode, exit chord,
opening hours), the operator's settings, the log, the overlay and the stage
that builds sessions. Imports engine.ui, engine.model, engine.maths and
engine.support; never GL or a window, and it has no clock of its own.
"""
