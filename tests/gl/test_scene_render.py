"""The 3-D picture, rendered offscreen with Mesa llvmpipe.

Pixel checks find things where the camera maths says they must be; small
reference images guard the overall look.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine.gl.bench import frame_times
from engine.gl.offscreen import OffscreenTarget, render_frame, save_png
from engine.gl.programs import ShaderError, load_program
from engine.gl.scene_renderer import BEACON_HEIGHT, SceneRenderer
from engine.maths.camera import OrbitCamera
from engine.maths.geometry import BALL_RADIUS, WorldMapping
from engine.maths.path_geometry import PATH_LIFT
from engine.support.resources import resource_dir
from engine.ui.frame.view import BallView, FrameView

from image_compare import assert_matches_reference, pixel
from scene_views import parabola_view, saddle_view

W, H = 640, 360


@pytest.fixture(scope="module")
def renderer(gl_ctx):
    renderer = SceneRenderer(gl_ctx)
    yield renderer
    renderer.release()


def settled(ctx, renderer, view):
    return render_frame(ctx, lambda: renderer.draw_settled(view), view.width, view.height)


def whiteish(rgb) -> bool:
    return bool(min(rgb) > 200)


def light(rgb) -> bool:
    """Path-coloured: the red ball's trail is its colour lightened, so its
    green and blue stand well above the landscape's (which stay low)."""
    return bool(rgb[0] > 170 and min(rgb[1], rgb[2]) > 80)


def ball_red(rgb) -> bool:
    r, g, b = rgb
    return bool(r > 140 and g < 90 and b < 90 and r > 2 * g)


# -- programs ---------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(p.stem for p in resource_dir("shaders").glob("*.glsl")))
def test_every_shader_compiles_and_links(gl_ctx, name):
    program = load_program(gl_ctx, name)
    program.release()


def test_a_shader_error_names_the_file_and_line(gl_ctx, tmp_path):
    broken = tmp_path / "broken.glsl"
    broken.write_text("#version 330 core\n#if defined VERTEX_SHADER\nvoid main() {\n"
                      "    gl_Position = vec4(0.0);\n    undefined_thing = 1.0;\n}\n#endif\n")
    with pytest.raises(ShaderError) as caught:
        load_program(gl_ctx, "broken", path=broken)
    message = str(caught.value)
    assert message.startswith("broken.glsl:5:")
    assert "\n" not in message


def test_a_missing_shader_is_one_clear_line(gl_ctx, tmp_path):
    with pytest.raises(ShaderError, match="nothing.glsl: the shader file is missing; .*reinstall"):
        load_program(gl_ctx, "nothing", path=tmp_path / "nothing.glsl")


# -- what must be where -------------------------------------------------------------

def test_the_picture_is_top_row_first(gl_ctx, renderer):
    image = settled(gl_ctx, renderer, saddle_view(W, H))
    top, bottom = image[2, 2].astype(int), image[-3, 2].astype(int)
    assert top.sum() > bottom.sum() + 20            # the backdrop darkens downwards
    assert top[2] > top[0]                           # blue-grey, not red


def test_the_global_minimum_beacon_is_white_where_the_camera_puts_it(gl_ctx, renderer):
    view = saddle_view(W, H)
    image = settled(gl_ctx, renderer, view)
    mapping = WorldMapping.for_surface(view.surface)
    g = view.surface.global_minimum
    head = mapping.to_world(g.x, g.y) + np.array([0.0, BEACON_HEIGHT, 0.0])
    x, y, _ = view.camera.project(head, W, H)
    assert whiteish(pixel(image, x, y))
    # and the pin below it, halfway down
    x, y, _ = view.camera.project(head - np.array([0.0, BEACON_HEIGHT / 2, 0.0]), W, H)
    assert any(whiteish(pixel(image, x + dx, y)) for dx in (-1, 0, 1))


def test_the_ball_is_red_and_sits_on_the_surface(gl_ctx, renderer):
    view = saddle_view(W, H)
    image = settled(gl_ctx, renderer, view)
    ball = view.balls[0]
    centre = WorldMapping.for_surface(view.surface).ball_centre(ball.x, ball.y)
    x, y, _ = view.camera.project(centre, W, H)
    radius_px = abs(view.camera.project(centre + BALL_RADIUS * view.camera.right, W, H)[0] - x)
    assert radius_px > 4
    # Away from the highlight, which faces the light at the upper left.
    inside = [pixel(image, x + dx * radius_px, y + dy * radius_px)
              for dx, dy in ((0.5, -0.3), (0.3, -0.5), (0.6, 0.2), (-0.2, -0.6))]
    assert sum(ball_red(rgb) for rgb in inside) >= 3
    assert not ball_red(pixel(image, x + 2.5 * radius_px, y))


def test_the_path_is_dashed_along_its_projection(gl_ctx, renderer):
    view = saddle_view(W, H)
    image = settled(gl_ctx, renderer, view)
    mapping = WorldMapping.for_surface(view.surface)
    path = view.balls[0].path[5:60]
    points, normals = mapping.surface_frame(path[:, 0], path[:, 1])
    screen = view.camera.project(points + PATH_LIFT * normals, W, H)[:, :2]
    samples = []
    for a, b in zip(screen[:-1], screen[1:]):
        steps = max(1, int(np.ceil(np.linalg.norm(b - a))))
        for t in np.arange(steps) / steps:
            x, y = a + t * (b - a)
            # the centreline can fall between pixels; look one pixel around
            samples.append(any(light(pixel(image, x + dx, y + dy))
                               for dx in (-1, 0, 1) for dy in (-1, 0, 1)))
    samples = np.array(samples)
    flips = int(np.count_nonzero(samples[1:] != samples[:-1]))
    assert flips >= 8, "no dash/gap alternation along the path"
    assert 0.25 < samples.mean() < 0.8


def test_the_surface_is_red_and_brighter_high_up_than_low_down(gl_ctx, renderer):
    view = saddle_view(W, H, camera=OrbitCamera(yaw=0, pitch=85, distance=3.2))
    image = settled(gl_ctx, renderer, view)
    mapping = WorldMapping.for_surface(view.surface)
    def colour_at(x, y):
        return pixel(image, *view.camera.project(mapping.to_world(x, y), W, H)[:2])
    high, low = colour_at(2.9, 0.1), colour_at(-0.3, -2.0)
    for rgb in (high, low):
        assert rgb[0] > 2 * rgb[1] and rgb[0] > 2 * rgb[2]
    assert high.sum() > low.sum() + 60


def test_a_ball_behind_a_hill_stays_hidden_in_cached_frames_too(gl_ctx):
    blue = (0.1, 0.3, 0.95)
    base = saddle_view(W, H)
    hidden = BallView(x=-2.0, y=1.5, colour=blue, path=np.array([[-2.0, 1.5]]), start=(-2.0, 1.5))
    view = FrameView(base.surface, base.camera, W, H, balls=[hidden])
    centre = WorldMapping.for_surface(view.surface).ball_centre(-2.0, 1.5)
    x, y, _ = view.camera.project(centre, W, H)
    for cache in (False, True):
        renderer = SceneRenderer(gl_ctx, cache_static=cache)
        image = settled(gl_ctx, renderer, view)
        renderer.release()
        r, g, b = pixel(image, x, y)
        assert not (b > 150 and b > r + 60), f"hidden ball showed through (cache={cache})"


def test_a_cached_still_frame_matches_a_fully_drawn_one(gl_ctx):
    view = saddle_view(W, H)
    target = OffscreenTarget(gl_ctx)
    renderer = SceneRenderer(gl_ctx)
    direct = render_frame(gl_ctx, lambda: renderer.draw(view), W, H, target)
    copied = render_frame(gl_ctx, lambda: renderer.draw(view), W, H, target)
    smooth = render_frame(gl_ctx, lambda: renderer.draw_settled(view), W, H, target)
    renderer.release()
    target.release()
    assert np.abs(direct.astype(int) - copied.astype(int)).max() <= 1
    # Multisampling changes only the edges.
    changed = np.abs(direct.astype(int) - smooth.astype(int)).max(axis=2) > 24
    assert 0.0 < changed.mean() < 0.03


def test_a_growing_path_uploaded_piece_by_piece_draws_like_the_whole_path(gl_ctx):
    view = saddle_view(W, H, steps=300)
    full_path = view.balls[0].path
    growing = SceneRenderer(gl_ctx, cache_static=False)
    for k in range(2, len(full_path), 23):
        partial = FrameView(view.surface, view.camera, W, H, balls=[
            BallView(*full_path[k - 1], view.balls[0].colour, full_path[:k], view.balls[0].start)])
        render_frame(gl_ctx, lambda partial=partial: growing.draw(partial), W, H)
    incremental = render_frame(gl_ctx, lambda: growing.draw(view), W, H)
    fresh = SceneRenderer(gl_ctx, cache_static=False)
    whole = render_frame(gl_ctx, lambda: fresh.draw(view), W, H)
    growing.release()
    fresh.release()
    differing = np.abs(incremental.astype(int) - whole.astype(int)).max(axis=2) > 40
    assert differing.mean() < 0.002


def test_a_one_d_landscape_is_a_curve_with_the_ball_on_it(gl_ctx, renderer):
    view = parabola_view(W, H)
    image = settled(gl_ctx, renderer, view)
    mapping = WorldMapping.for_surface(view.surface)
    ball = view.balls[0]
    x, y, _ = view.camera.project(mapping.ball_centre(ball.x, 0.0), W, H)
    assert ball_red(pixel(image, x, y))
    cx, cy, _ = view.camera.project(mapping.to_world(-1.5, 0.0), W, H)
    curve = [pixel(image, cx, cy + d) for d in (-2, -1, 0, 1, 2)]
    assert any(rgb[0] > 180 and rgb[0] > 2.5 * rgb[1] for rgb in curve)
    above = pixel(image, cx, cy + 40)
    assert above[0] < 80                          # sky above the curve


def test_frame_times_are_measured_per_frame(gl_ctx, renderer):
    view = saddle_view(160, 120)
    times = frame_times(gl_ctx, lambda: renderer.draw(view), 160, 120, frames=5, warmup=1)
    assert len(times) == 5 and all(t > 0 for t in times)


def test_save_png_writes_atomically(tmp_path):
    image = np.zeros((4, 6, 3), np.uint8)
    image[0, 0] = (255, 0, 0)
    path = save_png(image, tmp_path / "out" / "picture.png")
    from PIL import Image
    assert np.array_equal(np.asarray(Image.open(path)), image)
    assert [p.name for p in path.parent.iterdir()] == ["picture.png"]
    assert path.stat().st_mode & 0o044, "the picture should be readable by others, like any file"


def test_save_png_to_an_unwritable_place_fails_and_leaves_nothing(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OSError):
        save_png(np.zeros((2, 2, 3), np.uint8), blocker / "picture.png")
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


# -- reference pictures -------------------------------------------------------------

REFERENCE_VIEWS = {
    "saddle-default": lambda: saddle_view(160, 120),
    "saddle-from-above-two-balls": lambda: _two_balls(160, 120),
    "parabola": lambda: parabola_view(160, 120),
}


def _two_balls(width, height):
    view = saddle_view(width, height, steps=200, camera=OrbitCamera(yaw=140, pitch=60, distance=3.4))
    path = view.balls[0].path
    other = BallView(x=1.2, y=2.0, colour=(0.15, 0.45, 0.95), path=np.array([[2.6, 2.6], [1.9, 2.3], [1.2, 2.0]]),
                     start=(2.6, 2.6))
    return FrameView(view.surface, view.camera, width, height,
                     balls=[BallView(*path[-1], view.balls[0].colour, path, view.balls[0].start), other])


@pytest.mark.parametrize("name", sorted(REFERENCE_VIEWS))
def test_small_renders_match_their_references(gl_ctx, renderer, name):
    image = settled(gl_ctx, renderer, REFERENCE_VIEWS[name]())
    assert_matches_reference(image, name)


def test_present_copies_the_colour_into_a_framebuffer_with_another_depth_format(gl_ctx, renderer):
    view = saddle_view(160, 120)
    target = OffscreenTarget(gl_ctx)
    fbo = target.framebuffer(160, 120)
    fbo.use()
    gl_ctx.viewport = (0, 0, 160, 120)
    renderer.draw(view)
    expected = np.frombuffer(fbo.read(components=3), np.uint8)
    screen_like = gl_ctx.framebuffer(color_attachments=[gl_ctx.texture((160, 120), 4)],
                                     depth_attachment=gl_ctx.depth_texture((160, 120)))
    target.present(screen_like)
    copied = np.frombuffer(screen_like.read(components=3), np.uint8)
    assert np.array_equal(copied, expected)
    fbo.use()
    for resource in (*screen_like.color_attachments, screen_like.depth_attachment, screen_like):
        resource.release()
    target.release()


def test_drawing_into_a_framebuffer_the_cache_cannot_copy_into_still_works(gl_ctx):
    view = saddle_view(160, 120)
    renderer = SceneRenderer(gl_ctx)
    other = gl_ctx.framebuffer(color_attachments=[gl_ctx.texture((160, 120), 4)],
                               depth_attachment=gl_ctx.depth_texture((160, 120)))
    other.use()
    gl_ctx.viewport = (0, 0, 160, 120)
    for _ in range(3):                       # still frames: the cache would be used if it could
        renderer.draw(view)
    drawn = np.frombuffer(other.read(components=3), np.uint8).reshape(120, 160, 3)[::-1]
    plain = SceneRenderer(gl_ctx, cache_static=False)
    expected = render_frame(gl_ctx, lambda: plain.draw(view), 160, 120)
    assert np.abs(drawn.astype(int) - expected.astype(int)).max() <= 1
    for resource in (*other.color_attachments, other.depth_attachment, other):
        resource.release()
    renderer.release()
    plain.release()


def test_a_ball_behind_a_hill_shows_through_as_a_silhouette(gl_ctx, renderer):
    from dataclasses import replace

    from engine.maths.geometry import raycast_surface
    from engine.maths.surfaces import make_surface
    surface = make_surface("saddle")
    mapping = WorldMapping.for_surface(surface)
    camera = OrbitCamera(yaw=0.0, pitch=12.0, distance=3.0)
    eye = np.asarray(camera.eye, dtype=np.float64)
    hidden = None
    for x in np.linspace(-2.5, 2.5, 21):         # a point the landscape hides from this camera
        for y in np.linspace(2.8, -2.8, 29):
            centre = mapping.ball_centre(np.array(x), np.array(y))
            d = centre - eye
            hit = raycast_surface(mapping, eye, d / np.linalg.norm(d))
            if hit is not None:
                front = mapping.to_world(*hit)
                if np.linalg.norm(front - eye) < np.linalg.norm(d) - 0.3:
                    hidden = (float(x), float(y), centre)
                    break
        if hidden:
            break
    assert hidden is not None
    x, y, centre = hidden
    blue = (0.1, 0.3, 1.0)
    ball = BallView(x=x, y=y, colour=blue, path=np.array([[x, y]]), start=(x, y))
    view = FrameView(surface=surface, camera=camera, width=W, height=H, balls=(ball,))
    with_ball = settled(gl_ctx, renderer, view).astype(int)
    without = settled(gl_ctx, renderer, replace(view, balls=())).astype(int)
    px, py = camera.project(centre, W, H)[:2]
    row, col = H - 1 - int(round(py)), int(round(px))
    a, b = with_ball[row - 2:row + 3, col - 2:col + 3], without[row - 2:row + 3, col - 2:col + 3]
    shift = (a - b).mean(axis=(0, 1))
    assert shift[2] > 15 and shift[2] > shift[0]  # a faint blue shape through the hill
    assert np.abs(a - b).max() < 200              # faint: the hill stays in front
