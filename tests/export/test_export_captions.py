"""Caption layout for recordings (and later the window): no GL."""

import pytest

from engine.model.scene import load_scene
from engine.ui.widgets import textmetrics as tm
from engine.ui.panels.captions import caption_words, clean_text, layout_caption, line_width, wrap
from engine.ui.widgets.drawlist import RoundRect, Text
from engine.ui.dock.hud import Hud
from engine.ui.dock.layout import MIN_FONT_PX
from engine.ui.widgets.controls import Rect

LESSON = load_scene("lr-lesson")


def texts(layout):
    return [p for p in layout.primitives if isinstance(p, Text)]


def test_the_caption_is_cleaned_and_its_lead_ins_set_bold():
    assert clean_text("\n  What you're\n seeing: a ball.  \n\n Second  part.\n") == \
        "What you're seeing: a ball.\n\nSecond part."
    (words,) = caption_words("What you're seeing: a ball rolls. Try: drag it. The ball comes to rest at: 3:00")
    bold = [w for w, b in words if b]
    assert bold == ["What", "you're", "seeing:", "Try:"]


def test_wrapped_lines_fit_and_keep_every_word_in_order():
    (words,) = caption_words(LESSON.caption)
    lines = wrap(words, 18, 400.0)
    assert len(lines) > 3
    assert all(line_width(line, 18) <= 400.0 for line in lines)
    assert [w for line in lines for w in line] == words
    # Greedy: the first word of each line would not have fitted on the one before.
    for before, after in zip(lines, lines[1:]):
        assert line_width(before + after[:1], 18) > 400.0


def test_a_word_longer_than_the_line_is_split_rather_than_overflowing():
    lines = wrap([("x" * 80, False)], 16, 200.0)
    assert len(lines) > 1 and all(line_width(line, 16) <= 200.0 for line in lines)


def test_without_controls_the_card_sits_at_the_bottom_and_text_stays_inside():
    layout = layout_caption(LESSON.caption, 1280, 720, title=LESSON.title)
    assert layout.place == "bottom"
    card = layout.rect
    assert card.y >= 10 and card.top < 720 * 0.4
    assert abs(card.cx - 640) <= 1
    assert isinstance(layout.primitives[0], RoundRect)
    for item in texts(layout):
        width = tm.measure(item.text, item.size, item.bold)
        assert card.x < item.x and item.x + width < card.right
        assert card.y < item.y < card.top
    assert layout.lines[0] == LESSON.title
    joined = " ".join(layout.lines[1:])
    assert joined == clean_text(LESSON.caption)
    assert 16 <= layout.font_size <= 22  # readable at 720 lines


def test_with_the_control_dock_the_card_goes_to_the_top_and_covers_no_control():
    hud = Hud(1280, 720)
    lay = hud.layout
    avoid = [lay.dock, lay.info, lay.fullscreen]
    layout = layout_caption(LESSON.caption, 1280, 720, title=LESSON.title, avoid=avoid)
    assert layout.place == "top"
    assert not any(layout.rect.overlaps(r) for r in avoid)
    assert layout.rect.top <= 720


def test_a_small_window_gets_smaller_text_and_a_cut_only_when_nothing_else_fits():
    small = layout_caption(LESSON.caption, 640, 360, title=LESSON.title)
    assert small.font_size >= MIN_FONT_PX
    assert small.rect.h <= 0.34 * 360 + 1
    assert " ".join(small.lines[1:]) == clean_text(LESSON.caption)  # all of it, smaller
    tiny = layout_caption(LESSON.caption * 4, 320, 200)
    assert tiny.font_size == tm.pixel_size(MIN_FONT_PX)
    assert tiny.lines[-1].endswith("…")
    assert tiny.rect.y >= 0 and tiny.rect.top <= 200


def test_nothing_to_say_or_no_room_gives_no_card():
    assert layout_caption("", 1280, 720) is None
    assert layout_caption("  \n ", 1280, 720, title=" ") is None
    everything = [Rect(0, 0, 1280, 720)]
    assert layout_caption(LESSON.caption, 1280, 720, avoid=everything) is None


def test_place_can_be_forced():
    assert layout_caption("A short caption.", 1280, 720, place="top").place == "top"
    with pytest.raises(ValueError):
        layout_caption("A short caption.", 1280, 720, place="middle")
