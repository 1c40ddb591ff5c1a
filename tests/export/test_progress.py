"""The terminal progress bar, driven by a made-up clock."""

import io

from engine.export.progress import Progress, format_duration


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


class Terminal(io.StringIO):
    def isatty(self):
        return True


def run(total, per_unit, stream, **options):
    """Report ``total`` units, one every ``per_unit`` seconds."""
    clock = FakeClock()
    bar = Progress(total, label="Recording x.mp4", stream=stream, clock=clock, **options)
    with bar:
        for done in range(1, total + 1):
            clock.now += per_unit
            bar.update(done)
    return bar


def test_on_a_terminal_the_bar_redraws_in_place_with_count_rate_and_time_left():
    term = Terminal()
    run(100, 0.1, term)  # 10 s of work at 10 units/s
    out = term.getvalue()
    assert "\n" not in out  # one line, redrawn
    frames = [f for f in out.split("\r") if f.strip()]
    assert len(frames) > 10
    middle = frames[len(frames) // 2]
    assert "Recording x.mp4" in middle and "█" in middle and "░" in middle
    assert "/100 frames" in middle
    assert "10.0 frames/s" in middle
    done = int(middle.split("/100")[0].split()[-1])
    assert f"{format_duration((100 - done) / 10)} left" in middle
    assert out.endswith("\r")  # the bar is wiped at the end: the next line starts clean


def test_redraws_are_limited_to_a_few_per_second():
    term = Terminal()
    run(1000, 0.001, term)  # a second of very quick units
    redraws = [f for f in term.getvalue().split("\r") if f.strip()]
    assert 1 <= len(redraws) <= 8


def test_a_quick_job_shows_nothing():
    term, log = Terminal(), io.StringIO()
    run(10, 0.01, term)
    run(10, 0.01, log)
    assert term.getvalue() == "" and log.getvalue() == ""


def test_off_a_terminal_it_writes_sparse_plain_lines():
    log = io.StringIO()
    run(300, 0.2, log, plain_interval=10.0)  # 60 s of work
    lines = log.getvalue().splitlines()
    assert "\r" not in log.getvalue()
    assert 4 <= len(lines) <= 6  # about one every 10 s, none for the finish
    assert all("/300 frames (" in line and "left" in line for line in lines)


def test_the_rate_follows_the_last_few_seconds():
    clock = FakeClock()
    bar = Progress(1000, stream=io.StringIO(), clock=clock)
    for done in range(1, 11):       # slow start: 1 unit/s
        clock.now += 1.0
        bar.update(done)
    for done in range(11, 111):     # then 10 units/s for 10 s
        clock.now += 0.1
        bar.update(done)
    assert abs(bar.rate() - 10.0) < 0.5
    assert abs(bar.seconds_left() - 89.0) < 5


def test_the_bar_fits_a_narrow_terminal():
    term = Terminal()
    run(100, 0.1, term, width=40)
    assert all(len(f) <= 39 for f in term.getvalue().split("\r"))


def test_closing_twice_and_a_broken_stream_are_harmless():
    class Broken(Terminal):
        def write(self, text):
            raise OSError("gone")
    bar = run(50, 0.1, Broken())
    bar.close()
    assert bar.closed


def test_durations_read_like_a_clock():
    assert format_duration(7) == "0:07"
    assert format_duration(750) == "12:30"
    assert format_duration(3723) == "1:02:03"
    assert format_duration(-3) == "0:00"


def test_a_terminal_without_block_characters_gets_ascii():
    class Latin1Terminal(Terminal):
        encoding = "latin-1"
    term = Latin1Terminal()
    run(100, 0.1, term)
    assert "#" in term.getvalue() and "█" not in term.getvalue()
