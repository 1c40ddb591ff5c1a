"""Downhill: a simulation that shows how gradient descent finds a minimum.

Layers (imports flow downward only):
  L0 pure math   surfaces, optimizers, camera, geometry
  L1 state       simulation, clock, scenes, widgets
  L2 GL          engine.gl (the only package that imports moderngl)
  L3 shell       engine.app (pyglet window) and the offscreen runner
"""

__version__ = "0.1.0"
