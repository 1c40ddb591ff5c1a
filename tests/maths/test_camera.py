"""Orbit camera and inertia: pure maths, no GL."""

import math

import numpy as np
import pytest

from engine.maths.camera import DISTANCE_LIMITS, PITCH_LIMITS, OrbitCamera, OrbitInertia

W, H = 1280, 720


def test_the_target_projects_to_the_centre_of_the_view():
    camera = OrbitCamera(yaw=-35, pitch=35, distance=3.6, target=(0.1, 0.3, -0.2))
    x, y, depth = camera.project(np.array(camera.target), W, H)
    assert x == pytest.approx(W / 2)
    assert y == pytest.approx(H / 2)
    assert 0.0 < depth < 1.0


def test_the_eye_sits_at_the_distance_from_the_target_above_it():
    camera = OrbitCamera(yaw=50, pitch=30, distance=4.0, target=(0, 0.5, 0))
    offset = camera.eye - np.array(camera.target)
    assert np.linalg.norm(offset) == pytest.approx(4.0)
    assert offset[1] == pytest.approx(4.0 * math.sin(math.radians(30)))


def test_yaw_zero_looks_along_minus_z_and_positive_yaw_turns_the_eye_towards_plus_x():
    front = OrbitCamera(yaw=0, pitch=10)
    assert front.forward[2] < -0.9
    turned = OrbitCamera(yaw=90, pitch=10)
    assert turned.eye[0] > 3.0


def test_world_x_appears_to_the_right_and_world_up_appears_upwards():
    camera = OrbitCamera(yaw=0, pitch=20, target=(0, 0, 0))
    centre = camera.project(np.zeros(3), W, H)
    right = camera.project(np.array([0.5, 0, 0]), W, H)
    up = camera.project(np.array([0, 0.5, 0]), W, H)
    assert right[0] > centre[0] + 10
    assert up[1] > centre[1] + 10


@pytest.mark.parametrize("asked, kept", [(-30, PITCH_LIMITS[0]), (120, PITCH_LIMITS[1]), (40, 40)])
def test_pitch_is_clamped_so_the_camera_never_goes_under_or_over_the_top(asked, kept):
    assert OrbitCamera(pitch=asked).pitch == kept


def test_orbiting_past_the_limit_stops_at_the_limit():
    camera = OrbitCamera(pitch=80).orbited(0, 30)
    assert camera.pitch == PITCH_LIMITS[1]
    assert camera.orbited(0, -500).pitch == PITCH_LIMITS[0]


def test_distance_is_clamped_when_zooming():
    camera = OrbitCamera(distance=3.0)
    assert camera.zoomed(0.01).distance == DISTANCE_LIMITS[0]
    assert camera.zoomed(100).distance == DISTANCE_LIMITS[1]
    assert camera.zoomed(0.5).distance == pytest.approx(1.5)


def test_yaw_wraps_around_instead_of_growing():
    camera = OrbitCamera(yaw=170).orbited(30, 0)
    assert camera.yaw == pytest.approx(-160)
    assert np.allclose(camera.eye, OrbitCamera(yaw=200).eye)


def test_getters_do_not_change_the_camera():
    camera = OrbitCamera(yaw=12, pitch=34, distance=3.3)
    before = (camera.view_matrix().copy(), camera.eye.copy())
    camera.projection_matrix(1.5)
    camera.ray(10, 10, W, H)
    assert np.array_equal(camera.view_matrix(), before[0])
    assert np.array_equal(camera.eye, before[1])
    assert camera == OrbitCamera(yaw=12, pitch=34, distance=3.3)


@pytest.mark.parametrize("pixel", [(640, 360), (10, 700), (1270, 5), (300.5, 200.25)])
def test_the_ray_through_a_pixel_passes_through_what_projects_there(pixel):
    camera = OrbitCamera(yaw=-35, pitch=35, distance=3.6)
    origin, direction = camera.ray(*pixel, W, H)
    assert np.linalg.norm(direction) == pytest.approx(1.0)
    for t in (0.5, 2.0, 4.0):
        x, y, _ = camera.project(origin + t * direction, W, H)
        assert (x, y) == pytest.approx(pixel, abs=1e-6)


def test_the_ray_starts_near_the_eye_and_heads_away_from_it():
    camera = OrbitCamera()
    origin, direction = camera.ray(640, 360, W, H)
    assert np.dot(origin - camera.eye, direction) > 0
    assert np.allclose(direction, camera.forward)


@pytest.mark.parametrize("yaw", [-35, 0, 90, 170])
def test_the_right_vector_points_to_the_right_of_the_screen(yaw):
    camera = OrbitCamera(yaw=yaw, pitch=30)
    centre = camera.project(np.asarray(camera.target), W, H)
    moved = camera.project(np.asarray(camera.target) + 0.3 * camera.right, W, H)
    assert moved[0] > centre[0] + 10
    assert moved[1] == pytest.approx(centre[1], abs=1e-6)


def test_points_behind_the_eye_do_not_project():
    camera = OrbitCamera()
    behind = camera.eye - 2.0 * camera.forward
    assert np.isnan(camera.project(behind, W, H)).all()


# -- inertia ------------------------------------------------------------------

def test_a_released_drag_keeps_turning_and_slows_to_a_stop():
    inertia = OrbitInertia(damping=4.0).released(120.0, -30.0)
    turns = []
    for _ in range(240):
        inertia, dyaw, dpitch = inertia.step(1 / 60)
        turns.append((dyaw, dpitch))
    assert turns[0][0] > 0 and turns[0][1] < 0
    assert abs(turns[1][0]) < abs(turns[0][0])
    assert not inertia.moving
    assert turns[-1] == (0.0, 0.0)


def test_the_total_turn_does_not_depend_on_the_frame_rate():
    def total(fps):
        inertia = OrbitInertia(damping=3.0, rest_rate=0.0).released(90.0, 0.0)
        yaw = 0.0
        for _ in range(int(2.0 * fps)):
            inertia, dyaw, _ = inertia.step(1.0 / fps)
            yaw += dyaw
        return yaw
    assert total(30) == pytest.approx(total(144), rel=1e-9)
    # Exponential decay: 90/3 * (1 - e^-6) degrees in two seconds.
    assert total(60) == pytest.approx(30.0 * (1 - math.exp(-6.0)), rel=1e-9)


def test_touching_stops_the_spin_at_once():
    inertia = OrbitInertia().released(200.0, 0.0).held()
    assert not inertia.moving
    assert inertia.step(0.1)[1:] == (0.0, 0.0)


def test_a_flick_faster_than_the_limit_is_capped():
    inertia = OrbitInertia(max_rate=300.0).released(3000.0, 4000.0)
    assert math.hypot(inertia.yaw_rate, inertia.pitch_rate) == pytest.approx(300.0)
    assert inertia.yaw_rate / inertia.pitch_rate == pytest.approx(0.75)
