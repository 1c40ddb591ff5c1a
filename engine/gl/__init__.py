"""L2 drawing: the only package that imports moderngl. Draws a ``Frame``
(engine.ui.frame.view) and reads nothing else; may import every L0 and L1 package,
never engine.shell or pyglet.

Contexts (``context``), shader loading (``programs``), per-pass GL state
(``glstate``), one pass per visual, and the painter of a whole frame
(``frame``).
"""
