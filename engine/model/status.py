"""Where a ball stands (L1): one enum used by the simulation, the basin map,
the kiosk, the trace and the panels.

The values are the codes kept in ``Simulation.status`` (a numpy array), so
``sim.status == Status.DIVERGED`` compares element-wise.
"""

from __future__ import annotations

from enum import IntEnum


class Status(IntEnum):
    RUNNING = 0
    GLOBAL = 1   # settled at the global minimum
    LOCAL = 2    # settled at another minimum
    DIVERGED = 3  # left the landscape, or its numbers overflowed

    @property
    def trace_name(self) -> str:
        """The word in ``trace``'s status column."""
        return _TRACE_NAMES[self]


_TRACE_NAMES = {Status.RUNNING: "running", Status.GLOBAL: "global-minimum",
                Status.LOCAL: "local-minimum", Status.DIVERGED: "diverged"}
