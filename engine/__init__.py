"""Downhill: a simulation that shows how gradient descent finds a minimum.

The packages are the layers; imports flow downward only (tests/test_layering.py
checks it):

  engine.support   L0  resources, whole-or-nothing files, UsageError
  engine.maths     L0  surfaces, optimizers, geometry, camera, arrows
  engine.model     L1  simulation, clock, scenes, basin map
  engine.ui        L1  actions, widgets, HUD, teaching panels, session, Frame
  engine.export    L1  clip writers, progress
  engine.kiosk     L1  the kiosk's director, settings, log, overlay, stage
  engine.gl        L2  the only importer of moderngl: draws a Frame
  engine.shell     L3  the only importer of pyglet: cli, commands, windows
"""

__version__ = "0.1.0"
