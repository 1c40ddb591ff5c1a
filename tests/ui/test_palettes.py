"""Ball and basin colours that people with the common colour-vision
deficiencies can still tell apart.

Each palette is seen through a simulation of protanopia, deuteranopia and
tritanopia (Machado, Oliveira and Fernandes 2009, full severity, as
implemented by colorspacious, a test-only dependency) and every two colours
must stay at least MIN_DELTA_E apart in CAM02-UCS, where a difference of
about 1 is just noticeable and 10 is plain at a glance. The legend names
every ball as well, so colour is never the only cue.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from colorspacious import cspace_convert

from engine.model.scene import load_scene, scene_names
from engine.ui.frame.basin_palette import DIVERGED_BASIN, GLOBAL_BASIN, LOCAL_BASINS, UNDECIDED_BASIN, UNLISTED_BASIN

MIN_DELTA_E = 10.0
VISION = ("normal", "protanomaly", "deuteranomaly", "tritanomaly")


def seen(rgb, vision: str) -> np.ndarray:
    rgb = np.clip(np.asarray(rgb, dtype=float), 0, 1)
    if vision != "normal":
        cvd = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
        rgb = np.clip(cspace_convert(rgb, cvd, "sRGB1"), 0, 1)
    return cspace_convert(rgb, "sRGB1", "CAM02-UCS")


def closest_pair(colours) -> tuple[float, str]:
    worst = (np.inf, "")
    for vision in VISION:
        ucs = [seen(c, vision) for c in colours]
        for (i, a), (j, b) in itertools.combinations(enumerate(ucs), 2):
            d = float(np.linalg.norm(a - b))
            if d < worst[0]:
                worst = (d, f"{vision}: colours {i} and {j}")
    return worst


@pytest.mark.parametrize("scene", scene_names())
def test_the_balls_of_every_scene_stay_apart(scene):
    colours = [b.colour for b in load_scene(scene).balls]
    if len(colours) < 2:
        return  # one ball: nothing to tell apart
    distance, where = closest_pair(colours)
    assert distance >= MIN_DELTA_E, f"{scene}: {where} are only {distance:.1f} apart"


def test_the_basin_colours_stay_apart():
    palette = [GLOBAL_BASIN, *LOCAL_BASINS, DIVERGED_BASIN, UNLISTED_BASIN, UNDECIDED_BASIN]
    distance, where = closest_pair(palette)
    assert distance >= MIN_DELTA_E, f"basins: {where} are only {distance:.1f} apart"


def test_the_check_can_fail():
    # Red and green of equal lightness: plain to most, one colour to a deuteranope.
    red, green = (0.80, 0.35, 0.20), (0.45, 0.55, 0.15)
    assert float(np.linalg.norm(seen(red, "normal") - seen(green, "normal"))) > MIN_DELTA_E
    assert closest_pair([red, green])[0] < MIN_DELTA_E


def test_the_legend_names_every_ball():
    from engine.model.scene import make_simulation
    from engine.ui.session import Session
    scene = load_scene("race")
    session = Session(scene, make_simulation(scene), 1280, 720)
    rows = session.panels.state.balls
    labels = [row.label for row in rows]
    assert len(set(labels)) == len(labels) == 6 and all(labels)
