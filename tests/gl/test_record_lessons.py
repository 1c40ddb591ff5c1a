"""Clips of a lesson: the teaching panels stay without the controls, and
--title / --caption replace the scene's words."""

import numpy as np
from PIL import Image

from engine.shell.offscreen import build_session
from engine.shell.record import ClipOverlay, ClipPainter

from test_record import main_py, options, white


def frame(gl_ctx, scene, size=(960, 540), **choice):
    session = build_session(options(scene=scene), *size)
    overlay = ClipOverlay(session, **choice)
    painter = ClipPainter(gl_ctx, overlay)
    try:
        return painter.frame().astype(int), session
    finally:
        painter.release()


def region(image, rect, height):
    """The pixels of a window rect (origin bottom-left) in an image (top row first)."""
    return image[height - int(rect.top) + 2: height - int(rect.y) - 2, int(rect.x) + 2: int(rect.right) - 2]


def test_without_controls_the_panels_stay_and_the_menu_buttons_go(gl_ctx):
    full, session = frame(gl_ctx, "minibatch")
    bare, _ = frame(gl_ctx, "minibatch", controls=False)
    lay = session.panels.layout
    for name in ("legend", "loss_plot", "fit"):
        rect = lay.get(name)
        assert rect is not None, name
        assert white(region(bare, rect, 540)) > 30, name       # its text is drawn
        # The same words and marks as with the controls (panels are see-through,
        # so the landscape behind them, framed differently, may differ).
        assert abs(white(region(bare, rect, 540)) - white(region(full, rect, 540))) \
            <= 0.15 * white(region(full, rect, 540)), name
    for rect in lay.toolbar.values():                          # Scenes, View, Capture
        assert white(region(full, rect, 540)) > 10
        assert white(region(bare, rect, 540)) == 0


def test_title_and_caption_options_replace_the_scenes_words(tmp_path):
    out = tmp_path / "frames"
    result = main_py("record", "--scene", "lr-bowl", "--seconds", "0.2", "--fps", "5",
                     "--size", "640x360", "--no-controls", "--title", "Step size",
                     "--caption", "Which one would you pick?", "--out", str(out) + "/")
    assert result.returncode == 0, result.stderr
    assert "note" not in result.stderr
    first = np.asarray(Image.open(out / "frame_00000.png").convert("RGB")).astype(int)
    plain = tmp_path / "plain"
    main_py("record", "--scene", "lr-bowl", "--seconds", "0.2", "--fps", "5", "--size", "640x360",
            "--no-controls", "--out", str(plain) + "/")
    bare = np.asarray(Image.open(plain / "frame_00000.png").convert("RGB")).astype(int)
    # A card with text along the bottom that the plain clip does not have.
    assert white(first[280:360, 150:490]) > white(bare[280:360, 150:490]) + 100


def test_a_ball_that_flew_off_gets_no_arrows(gl_ctx):
    from engine.gl.arrow_pass import ArrowPass
    session = build_session(options(scene="lr-bowl"), 640, 360)
    session.run_steps(30)
    view = session.frame().view
    assert [b.status for b in view.balls][3] != 0
    arrows = ArrowPass(gl_ctx).arrows_for(view, [b.step for b in view.balls])
    drawn_at = {(x, y) for x, y, _d, _c in arrows}
    # Arrows start where a step under way started (θk); the flown ball has none.
    assert view.balls[3].origin is None and not any(
        (x, y) == (view.balls[3].x, view.balls[3].y) for x, y in drawn_at)
    assert view.balls[0].origin in drawn_at
