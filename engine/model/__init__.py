"""L1 model: the state of a simulation. Imports engine.maths and
engine.support; never the UI, GL or a window.

- ``simulation``: N balls stepping together, their statuses (``Status``);
- ``ball_optimizers``, ``path_store``, ``loss_history``: per-ball state;
- ``clock``: the fixed-timestep clock (the caller passes the time in);
- ``scene``, ``views``, ``overrides``: scene files, the teaching views they
  switch on, and command-line overrides as one typed value;
- ``basin``: the basin-map job.
"""
