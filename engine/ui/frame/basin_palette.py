"""Colours of the basin map (L1 data, no GL), shared by the minimap and the
3-D landscape so a basin has one colour wherever it is shown.

The global minimum's basin is a soft ice white (the global minimum's marker
is white); local basins take calm, distinct hues that stay readable next to
the red landscape and the balls; starts that diverge are near black.
"""

from __future__ import annotations

import numpy as np

from engine.model.basin import DIVERGES, UNDECIDED, UNLISTED

GLOBAL_BASIN = (0.86, 0.93, 0.97)
# Chosen so that every two basin colours (these, the global one, diverged,
# unlisted, undecided) stay apart for people with protanopia, deuteranopia
# and tritanopia too: tests/ui/test_palettes.py checks it.
LOCAL_BASINS = (
    (0.20, 0.20, 0.60),   # deep blue
    (0.78, 0.66, 0.40),   # sand
    (0.40, 0.72, 0.70),   # teal
    (0.50, 0.50, 0.80),   # periwinkle
    (0.20, 0.50, 0.20),   # forest green
    (0.90, 0.90, 0.50),   # pale yellow
)
DIVERGED_BASIN = (0.07, 0.06, 0.08)
UNLISTED_BASIN = (0.42, 0.42, 0.45)     # settled in a minimum nobody listed
UNDECIDED_BASIN = (0.25, 0.24, 0.28)    # still moving when the budget ran out


def basin_colour(label: int, minima) -> tuple[float, float, float]:
    """The colour of one label of a BasinMap on a landscape with ``minima``."""
    if label == DIVERGES:
        return DIVERGED_BASIN
    if label == UNLISTED:
        return UNLISTED_BASIN
    if label == UNDECIDED or not (0 <= label < len(minima)):
        return UNDECIDED_BASIN
    if minima[label].is_global:
        return GLOBAL_BASIN
    locals_before = sum(1 for m in minima[:label] if not m.is_global)
    return LOCAL_BASINS[locals_before % len(LOCAL_BASINS)]


def basin_rgb(labels: np.ndarray, minima) -> np.ndarray:
    """(..., 3) float32 colours for an array of labels."""
    labels = np.asarray(labels)
    out = np.empty(labels.shape + (3,), np.float32)
    for value in np.unique(labels):
        out[labels == value] = basin_colour(int(value), minima)
    return out
