"""L3 shell: the only package that imports pyglet. May import every layer.

- ``cli``: option parsing and the command table;
- ``commands``: ``--list``, ``trace``, ``bench``;
- ``offscreen``, ``record``: ``render`` and ``record`` through EGL;
- ``window``, ``input``, ``kiosk_window``: the window, its input handler
  layers, and the kiosk window built on it;
- ``window_capture``: screenshots and clips from the running window.
"""
