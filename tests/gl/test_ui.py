"""The 2-D overlay (HUD shapes, icons, text) rendered offscreen with llvmpipe."""

from __future__ import annotations

import numpy as np
import pytest

from engine.gl.offscreen import save_png
from engine.gl.ui import UiRenderer
from engine.ui.widgets import textmetrics as tm
from engine.ui.widgets.drawlist import ICONS, Icon, RoundRect, Text
from engine.ui.dock.hud import Hud
from engine.ui.dock.draw import Theme
from engine.gl.overlay_batch import over
from engine.ui.widgets.controls import Rect

from image_compare import OUTPUT_DIR, assert_matches_reference, pixel

BACKGROUND = (0.45, 0.08, 0.07)  # a plain dark red, like the lit landscape


@pytest.fixture(scope="module")
def ui(gl_ctx):
    renderer = UiRenderer(gl_ctx)
    yield renderer
    renderer.release()


def render(ctx, ui, items, width, height, background=BACKGROUND, draw=None) -> np.ndarray:
    """(h, w, 3) uint8, top row first, of ``items`` over a plain background."""
    fbo = ctx.simple_framebuffer((width, height))
    try:
        fbo.use()
        fbo.clear(*background, 1.0)
        (draw or ui.draw)(items, width, height)
        data = fbo.read(components=3, alignment=1)
    finally:
        # Never release the bound framebuffer: moderngl would rebind its dead
        # name when the next one is made (GL_INVALID_OPERATION).
        ctx.detect_framebuffer(0).use()
        fbo.release()
    return np.frombuffer(data, np.uint8).reshape(height, width, 3)[::-1].copy()


def bright(image: np.ndarray, threshold: int = 128) -> np.ndarray:
    """Rows and columns (origin bottom-left) of pixels brighter than ``threshold``."""
    h = image.shape[0]
    rows, cols = np.nonzero(image.min(axis=2) > threshold)
    return np.stack([cols, h - 1 - rows], axis=1)


def test_the_programs_compile_and_leave_no_gl_error(gl_ctx, ui):
    assert set(ui.programs) == {"flat", "box", "panel", "icon"}
    ui.draw([], 64, 64)
    assert gl_ctx.error == "GL_NO_ERROR"


def test_text_pixels_appear_where_the_string_is_drawn_and_nowhere_else(gl_ctx, ui):
    text = Text("Learning rate 0.050", 20, 30, 24, (1, 1, 1, 1))
    image = render(gl_ctx, ui, [text], 320, 80, background=(0, 0, 0))
    lit = bright(image)
    assert len(lit) > 200
    width = tm.measure(text.text, 24)
    ascent, descent = tm.load_font(24).getmetrics()
    assert lit[:, 0].min() >= 20 - 1 and lit[:, 0].max() <= 20 + width + 1
    assert lit[:, 1].min() >= 30 - descent - 1 and lit[:, 1].max() <= 30 + ascent + 1
    # capitals stand on the baseline and reach about their cap height
    assert lit[:, 1].max() == pytest.approx(30 + tm.cap_height(24), abs=2.5)


def test_text_is_crisp_at_the_size_asked_for(gl_ctx, ui):
    # A vertical stem rasterised at its exact size, drawn on whole pixels,
    # keeps fully lit pixels instead of being smeared by scaling.
    image = render(gl_ctx, ui, [Text("I", 10, 10, 32, (1, 1, 1, 1))], 40, 50, background=(0, 0, 0))
    assert image.max() == 255
    assert (image[:, :, 0] == 255).sum(axis=0).max() >= 20  # a solid column of the stem


def test_alignment_puts_the_anchor_at_the_left_centre_or_right(gl_ctx, ui):
    items = [Text("Step", 150, 70, 20, (1, 1, 1, 1), align="left"),
             Text("Step", 150, 40, 20, (1, 1, 1, 1), align="center"),
             Text("Step", 150, 10, 20, (1, 1, 1, 1), align="right")]
    image = render(gl_ctx, ui, items, 300, 100, background=(0, 0, 0))
    lit = bright(image, 100)
    width = tm.measure("Step", 20)
    for baseline, left in ((70, 150), (40, 150 - width / 2), (10, 150 - width)):
        row = lit[(lit[:, 1] >= baseline) & (lit[:, 1] <= baseline + 14)]
        assert row[:, 0].min() == pytest.approx(left, abs=2.5)


def test_greek_subscripts_and_maths_signs_render(gl_ctx, ui):
    text = "α β₁ β₂ ε × − ≈ θ ²"
    image = render(gl_ctx, ui, [Text(text, 5, 12, 22, (1, 1, 1, 1))], 260, 40, background=(0, 0, 0))
    lit = bright(image, 100)
    # every symbol leaves ink in its own advance cell
    x = 5.0
    for char in text:
        advance = tm.advance(char, 22)
        if char != " ":
            inside = (lit[:, 0] >= x - 1) & (lit[:, 0] <= x + advance + 1)
            assert inside.any(), char
        x += advance


def test_a_panel_blends_its_colour_over_the_background_with_soft_edges(gl_ctx, ui):
    fill = (0.07, 0.075, 0.09, 0.7)
    panel = RoundRect(Rect(40, 30, 200, 100), fill, radius=20, shadow=0.38, shadow_blur=7,
                      shadow_drop=2, edge=0.07)
    image = render(gl_ctx, ui, [panel], 280, 160)
    inside = over(over(fill, (0, 0, 0, 0.38)), (*BACKGROUND, 1.0))
    assert pixel(image, 140, 80) == pytest.approx(np.array(inside[:3]) * 255, abs=2)
    # beyond the rounded corner the background shows (only a faint shadow)
    corner = pixel(image, 41, 129)
    assert corner[0] > 0.8 * BACKGROUND[0] * 255
    # far from the panel: the background untouched
    assert pixel(image, 275, 155) == pytest.approx(np.array(BACKGROUND) * 255, abs=1)
    # the left edge is anti-aliased: one pixel between inside and outside
    row = [pixel(image, x, 80)[0] for x in range(36, 44)]
    assert min(row) < row[0] and any(min(row) < v < row[0] for v in row)


def test_the_flat_inside_and_the_outline_bands_meet_without_a_seam(gl_ctx, ui):
    panel = RoundRect(Rect(20, 20, 300, 120), (0.1, 0.1, 0.12, 0.7), radius=16,
                      shadow=0.4, shadow_blur=6, shadow_drop=2, edge=0.07)
    image = render(gl_ctx, ui, [panel], 340, 160).astype(int)
    # a horizontal line across the panel at mid height crosses band, flat, band
    line = image[80, 30:310, 0]
    assert np.ptp(line) <= 1
    column = image[30:130, 170, 0]
    assert np.ptp(column) <= 1


@pytest.mark.parametrize("kind", ICONS)
def test_each_icon_draws_inside_its_box(gl_ctx, ui, kind):
    image = render(gl_ctx, ui, [Icon(kind, Rect(20, 20, 40, 40), (1, 1, 1, 1))], 80, 80,
                   background=(0, 0, 0))
    lit = bright(image, 60)
    assert len(lit) > 40, kind
    assert lit[:, 0].min() >= 19 and lit[:, 0].max() <= 60
    assert lit[:, 1].min() >= 19 and lit[:, 1].max() <= 60


def test_plus_and_minus_differ_where_they_should(gl_ctx, ui):
    def centre_column(kind):
        image = render(gl_ctx, ui, [Icon(kind, Rect(0, 0, 40, 40), (1, 1, 1, 1))], 40, 40,
                       background=(0, 0, 0))
        return image[:, 20, 0]
    assert (centre_column("plus") > 128).sum() > 20
    assert (centre_column("minus") > 128).sum() < 8


def test_the_pass_owns_its_state_depth_test_and_culling_do_not_hide_it(gl_ctx, ui):
    import moderngl
    colour = gl_ctx.renderbuffer((64, 64), components=3)
    depth = gl_ctx.depth_renderbuffer((64, 64))
    fbo = gl_ctx.framebuffer(color_attachments=[colour], depth_attachment=depth)
    try:
        fbo.use()
        fbo.clear(0, 0, 0, 1, depth=0.0)  # everything would fail a depth test
        gl_ctx.enable(moderngl.DEPTH_TEST | moderngl.CULL_FACE)
        ui.draw([RoundRect(Rect(8, 8, 48, 48), (1, 1, 1, 1), radius=6)], 64, 64)
        data = np.frombuffer(fbo.read(components=3), np.uint8).reshape(64, 64, 3)
    finally:
        gl_ctx.detect_framebuffer(0).use()
        for thing in (fbo, colour, depth):
            thing.release()
    assert data[32, 32].tolist() == [255, 255, 255]


def test_batched_drawing_matches_drawing_each_primitive_on_its_own(gl_ctx, ui):
    hud = Hud(640, 400)
    hud.set_state(optimizer="momentum", step=42, loss=0.25, status="global", playing=True)
    items = hud.draw_list()

    def one_by_one(items, width, height):
        for item in items:
            ui.draw([item], width, height)

    batched = render(gl_ctx, ui, items, 640, 400).astype(int)
    single = render(gl_ctx, ui, items, 640, 400, draw=one_by_one).astype(int)
    assert np.abs(batched - single).max() <= 2


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (400, 300)])
def test_the_hud_draws_its_controls_where_the_layout_puts_them(gl_ctx, ui, size):
    w, h = size
    hud = Hud(w, h)
    hud.set_state(optimizer="momentum", lr=0.05, momentum=0.9, playing=False, step=1234,
                  loss=-3.4512, status="local")
    image = render(gl_ctx, ui, hud.draw_list(), w, h)
    save_png(image, OUTPUT_DIR / f"hud-{w}x{h}.png")
    theme = Theme()
    # the Play button is filled with the accent colour near its left edge
    play = hud.play.rect
    assert pixel(image, play.x + 4 * hud.scale, play.cy) == pytest.approx(
        np.array(theme.accent[:3]) * 255, abs=3)
    # the dock is the theme's dark translucent panel over the landscape
    dock = hud.layout.dock
    panel = np.array(over(theme.panel, (*BACKGROUND, 1.0))[:3]) * 255
    assert pixel(image, dock.x + 6 * hud.scale, dock.cy) == pytest.approx(panel, abs=2)
    # wherever no panel lies (with room for its shadow) the landscape is untouched
    clear = [(x, y) for x in np.linspace(5, w - 5, 17) for y in np.linspace(5, h - 5, 13)
             if not any(p.inset(-20).contains(x, y) for p in hud.panels() + [hud.fullscreen.rect])]
    assert clear
    for x, y in clear:
        assert pixel(image, x, y) == pytest.approx(np.array(BACKGROUND) * 255, abs=1)
    # the fullscreen button's panel is in the top-right corner
    fs = hud.fullscreen.rect
    assert pixel(image, fs.x + 4 * hud.scale, fs.cy) == pytest.approx(panel, abs=2)


def test_the_hud_at_720p_matches_its_reference(gl_ctx, ui):
    hud = Hud(1280, 720)
    hud.set_state(optimizer="momentum", lr=0.05, momentum=0.9, playing=True, step=1234,
                  loss=-3.4512, status="local")
    image = render(gl_ctx, ui, hud.draw_list(), 1280, 720)
    assert_matches_reference(image, "hud-1280x720")


def test_the_more_popup_draws_above_the_dock(gl_ctx, ui):
    hud = Hud(1280, 720)
    seg = hud.optimizer_choice.segments[-1]
    hud.on_press(seg.cx, seg.cy)
    hud.on_release(seg.cx, seg.cy)
    image = render(gl_ctx, ui, hud.draw_list(), 1280, 720)
    save_png(image, OUTPUT_DIR / "hud-1280x720-more.png")
    popup = hud.layout.popup
    assert popup.y > hud.layout.dock.top
    item = hud.more_choice.segments[0]
    assert pixel(image, item.x + 4, item.cy)[0] < 0.6 * BACKGROUND[0] * 255


def test_shadowed_text_gets_a_dark_copy_below_right_for_legibility(gl_ctx, ui):
    grey = (0.5, 0.5, 0.5)
    plain = render(gl_ctx, ui, [Text("Minimum", 10, 20, 28, (1, 1, 1, 1))], 160, 50, grey)
    shaded = render(gl_ctx, ui, [Text("Minimum", 10, 20, 28, (1, 1, 1, 1), shadow=True)],
                    160, 50, grey)
    assert plain.min() >= 127
    dark = np.argwhere(shaded.max(axis=2) < 100)
    assert len(dark) > 20
    lit = np.argwhere(shaded.min(axis=2) > 200)
    # image rows grow downwards: the shadow lies lower and further right
    assert dark[:, 0].mean() > lit[:, 0].mean() and dark[:, 1].mean() > lit[:, 1].mean()


def test_a_character_outside_the_prepared_set_is_added_on_the_fly(gl_ctx, ui):
    first = render(gl_ctx, ui, [Text("Step", 4, 10, 20, (1, 1, 1, 1))], 120, 40, (0, 0, 0))
    mixed = [Text("Step", 4, 10, 20, (1, 1, 1, 1)), Text("Жук", 60, 10, 20, (1, 1, 1, 1))]
    image = render(gl_ctx, ui, mixed, 120, 40, (0, 0, 0))
    assert np.array_equal(image[:, :55], first[:, :55])
    assert (image[:, 60:].max(axis=2) > 128).sum() > 30
