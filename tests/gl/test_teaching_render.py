"""The teaching panels over a plain dark red, with three balls of made-up
history: written to tests/output/ to look at, and checked where it counts."""

from __future__ import annotations

import numpy as np
import pytest

from engine.gl.offscreen import save_png
from engine.gl.ui import UiRenderer
from engine.maths.optim import optimizer_class
from engine.model.loss_history import LossHistory
from engine.ui.dock.hud import Hud
from engine.ui.panels.legend import BallRow
from engine.ui.panels.teaching import TeachingPanels, TeachingState

from image_compare import OUTPUT_DIR, pixel

BACKGROUND = (0.45, 0.08, 0.07)
BALLS = [BallRow((0.83, 0.16, 0.12), "Too small", "SGD", 0.002, "running"),
         BallRow((0.95, 0.70, 0.20), "Just right", "Momentum", 0.05, "global"),
         BallRow((0.24, 0.55, 0.99), "Too large", "SGD", 1.2, "diverged")]
CAPTION = ("What you're seeing: the same slope, three learning rates. Try: tap a ball in the "
           "list and change its learning rate.")


def fake_history(steps: int = 400) -> LossHistory:
    history = LossHistory(3)
    for k in range(0, steps, 3):
        history.record([k] * 3, [2.9 * np.exp(-k / 400) - 3.6,
                                 2.9 * np.exp(-k / 40) * (1 + 0.3 * np.cos(k / 6)) - 3.6,
                                 1.0 + 0.02 * k * k if k < 200 else np.inf])
    return history


def state(optimizer: str = "momentum") -> TeachingState:
    return TeachingState(list(BALLS), 1, optimizer, dict(optimizer_class(optimizer).defaults),
                         fake_history(), -3.6, CAPTION, "Three learning rates", "lr-lesson")


@pytest.fixture(scope="module")
def ui(gl_ctx):
    renderer = UiRenderer(gl_ctx)
    yield renderer
    renderer.release()


def render(ctx, ui, hud, panels, st) -> np.ndarray:
    width, height = hud.width, hud.height
    fbo = ctx.simple_framebuffer((width, height))
    try:
        fbo.use()
        fbo.clear(*BACKGROUND, 1.0)
        ui.draw(hud.draw_list() + panels.draw_list(st), width, height)
        data = fbo.read(components=3, alignment=1)
    finally:
        ctx.detect_framebuffer(0).use()
        fbo.release()
    return np.frombuffer(data, np.uint8).reshape(height, width, 3)[::-1].copy()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("extra", ["", "advanced", "view-menu"])
def test_the_panels_render_where_the_layout_put_them(gl_ctx, ui, size, extra):
    hud = Hud(*size)
    hud.set_state(optimizer="momentum", lr=0.05, playing=True, step=400, loss=-3.59,
                  status="global")
    panels = TeachingPanels(hud, views={"advanced": extra == "advanced"})
    st = state()
    panels.set_state(st)
    if extra == "view-menu":
        r = panels.view_menu.button.rect
        panels.on_press(r.cx, r.cy)
        panels.on_release(r.cx, r.cy)
    image = render(gl_ctx, ui, hud, panels, st)
    name = f"teaching-{size[0]}x{size[1]}" + (f"-{extra}" if extra else "")
    save_png(image, OUTPUT_DIR / f"{name}.png")
    assert gl_ctx.error == "GL_NO_ERROR"

    lay = panels.layout
    # each legend row's swatch shows its ball's colour
    for ball, row in zip(BALLS, panels.legend.choice.segments):
        x = row.x + 16 * lay.m.s + 8 * lay.m.s
        got = pixel(image, x, row.cy)
        assert np.abs(got - np.array(ball.colour) * 255).max() < 40, (ball.label, got)
    # each ball's curve is in the loss plot; the blue one is pinned at the top after diverging
    plot = lay.get("loss_plot")
    if extra != "view-menu":
        inside = image[image.shape[0] - int(plot.top):image.shape[0] - int(plot.y),
                       int(plot.x):int(plot.right)].reshape(-1, 3).astype(int)
        for ball in BALLS:
            target = np.array(ball.colour) * 255
            assert (np.abs(inside - target).max(axis=1) < 30).sum() > 40, ball.label
    # the map's square is left dark for the top-down view to fill
    area = lay.minimap
    if extra != "view-menu":
        assert pixel(image, area.cx, area.cy).max() < 60
    # the landscape's colour still shows in the middle of the window
    assert np.abs(pixel(image, size[0] / 2, size[1] * 0.45) - np.array(BACKGROUND) * 255).max() <= 2
