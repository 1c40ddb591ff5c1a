"""Command line (L3 entry): parse options, load the scene, run the command.

Commands that need GL or a window import those layers only when chosen, so
``trace``, ``--list`` and ``bench sim`` run on a machine with no GL at all.
"""

from __future__ import annotations

import argparse
import math
import re
import sys

from engine import __version__
from engine.support.errors import UsageError, one_line, quoted


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A value that starts with a minus and a digit is a number, never an
        # option, so ``--start -2.5,1`` and ``--camera -35,35,3.4`` parse
        # (argparse's own test accepts only plain negative numbers).
        self._negative_number_matcher = re.compile(r"^-(\.?\d|inf|nan)", re.IGNORECASE)

    def error(self, message: str):  # one line, not usage + message
        raise UsageError(message)


#: The largest picture: DCI 4K (4096x2160) and UHD 4K (3840x2160) fit;
#: a frame's GPU and CPU buffers stay under about half a gigabyte.
MAX_SIDE = 4096
MAX_PIXELS = 4096 * 2160


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a size like 1280x720") from None
    if not (16 <= w <= MAX_SIDE and 16 <= h <= MAX_SIDE):
        raise argparse.ArgumentTypeError(f"size {quoted(text)} must be between 16x16 and {MAX_SIDE}x{MAX_SIDE}")
    if w * h > MAX_PIXELS:
        raise argparse.ArgumentTypeError(f"size {quoted(text)} has more than {MAX_PIXELS:,d} pixels "
                                         f"(4096x2160, 4K)")
    return w, h


def _pair(text: str) -> tuple[float, float]:
    try:
        x, y = (float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a point like 1.5,-0.5") from None
    if not (math.isfinite(x) and math.isfinite(y)):
        raise argparse.ArgumentTypeError(f"{quoted(text)} must be finite numbers")
    return x, y


def _triple(text: str) -> tuple[float, float, float]:
    try:
        a, b, c = (float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not YAW,PITCH,DISTANCE like -35,35,3.4") from None
    if not -360 <= a <= 360:  # pitch and distance are checked against the scene's ranges
        raise argparse.ArgumentTypeError(f"yaw {quoted(text)} must be between -360 and 360 degrees")
    return a, b, c


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{quoted(text)} must not be negative")
    if value >= 2**63:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is too large")
    return value


def _count(low: int, high: int):
    """A whole number of things to do, refused outside ``low``..``high``."""
    def parse(text: str) -> int:
        value = _positive_int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{quoted(text)} must be between {low:,d} and {high:,d}")
        return value
    return parse


def _bounded_float(low: float, high: float, unit: str = ""):
    return lambda text: _float_checked(text, lambda v: low <= v <= high,
                                       f"must be between {low:g} and {high:g}{unit}")


def _float_checked(text: str, ok, requirement: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a number") from None
    if not ok(value):
        raise argparse.ArgumentTypeError(f"{quoted(text)} {requirement}")
    return value


def _positive_float(text: str) -> float:
    return _float_checked(text, lambda v: 0 < v < float("inf"), "must be a positive number")


def _setting(text: str) -> float:
    """A ball's setting (--lr, --momentum, --noise): a number here; its
    range is the table's (engine/model/settings.py), checked with the scene."""
    return _float_checked(text, lambda v: True, "")


def _fps(text: str) -> float:
    return _float_checked(text, lambda v: 1 <= v <= 120, "frames per second must be between 1 and 120")


def _domain(text: str) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a domain like -3,3") from None
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise argparse.ArgumentTypeError(f"'{text}' needs two finite numbers LO < HI")
    return lo, hi


def _views(text: str) -> tuple[str, ...]:
    from engine.model.views import VIEW_NAMES
    names = tuple(v.strip() for v in text.split(",") if v.strip())
    for name in names:
        if name not in VIEW_NAMES:
            raise argparse.ArgumentTypeError(f"unknown view {quoted(name)} (choose from {', '.join(VIEW_NAMES)})")
    return names


def _language(text: str) -> str:
    from engine.support.i18n import LanguageError, check_language
    try:
        return check_language(text)
    except LanguageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_language(p: argparse.ArgumentParser, default=None) -> None:
    p.add_argument("--language", type=_language, default=default, metavar="CODE",
                   help="every word on screen in this language (see --list)")
    p.add_argument("--theme", choices=["dark", "projector"], default=default,
                   help="projector: light panels, larger text, wider trails (default dark)")


def _range(name: str) -> str:
    from engine.model.settings import setting
    return setting(name).range_words()


def _add_overrides(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scene", default="default", help="built-in scene name or path to a .toml scene file")
    p.add_argument("--seed", type=_positive_int, help="random seed for random starts (default: the scene's)")
    p.add_argument("--surface", help="landscape for every ball (overrides the scene)")
    p.add_argument("--optimizer", help="optimizer for every ball (overrides the scene)")
    p.add_argument("--lr", type=_setting, help=f"learning rate for every ball ({_range('lr')})")
    p.add_argument("--momentum", type=_setting, help=f"momentum for every ball ({_range('momentum')})")
    p.add_argument("--noise", type=_setting, metavar="SIGMA",
                   help="gradient noise for every ball: each step adds SIGMA times a standard normal "
                        f"({_range('noise')})")
    p.add_argument("--start", type=_pair, metavar="X,Y", help="start point for every ball")
    # -- a teacher's own landscape --
    p.add_argument("--formula", metavar="EXPR",
                   help="landscape from a formula of x and y (or x alone: a curve), e.g. \"x^2 + 3*y^2\"")
    p.add_argument("--domain", type=_domain, metavar="LO,HI",
                   help="the formula's square domain (default -3,3)")
    p.add_argument("--batch-size", type=_positive_int, metavar="N",
                   help="on a data landscape: samples in each step's mini-batch (0: all)")
    p.add_argument("--ball", action="append", default=None, metavar="\"OPTIMIZER key=value ...\"",
                   help="replace the scene's balls with this one (repeat for more), e.g. "
                        "--ball \"adam lr=0.05\" --ball \"sgd lr=0.1 start=1,2 batch_size=16\"")
    p.add_argument("--show", type=_views, default=(), metavar="VIEW[,VIEW]",
                   help="switch teaching views on: arrows, minimap, loss_plot, basin_map, captions, "
                        "legend, advanced, update")
    p.add_argument("--hide", type=_views, default=(), metavar="VIEW[,VIEW]",
                   help="switch teaching views off (same names)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="downhill", description="Watch gradient descent find (or miss) the minimum.")
    parser.add_argument("--version", action="version", version=f"downhill {__version__}")
    parser.add_argument("--list", action="store_true",
                        help="list the scenes, landscapes, optimizers and languages")
    _add_overrides(parser)
    _add_language(parser)
    parser.add_argument("--fullscreen", action="store_true", help="start the window fullscreen")
    parser.add_argument("--size", type=_size, default=(1280, 720), metavar="WxH",
                        help="window size (default 1280x720)")
    parser.add_argument("--kiosk", action="store_true",
                        help="run unattended on a public screen: fullscreen, attract mode, exit chord")
    parser.add_argument("--config", metavar="PATH", help="kiosk settings file (TOML; see the README)")
    parser.add_argument("--quit-after-first-frame", action="store_true",
                        help="open the window, show one frame and quit (measures start-up time)")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    trace = sub.add_parser("trace", help="write the balls' trajectories as CSV (no GL needed)")
    _add_overrides(trace)
    trace.add_argument("--steps", type=_positive_int, required=True, help="number of steps to run")
    trace.add_argument("--out", help="CSV file to write (default: standard output)")

    render = sub.add_parser("render", help="draw the window's picture after N steps to a PNG, offscreen")
    _add_overrides(render)
    _add_language(render, argparse.SUPPRESS)
    render.add_argument("--steps", type=_positive_int, default=0, help="steps to run before drawing")
    render.add_argument("--size", type=_size, default=(1280, 720), metavar="WxH", help="image size")
    render.add_argument("--out", required=True, help="PNG file to write")
    render.add_argument("--camera", type=_triple, metavar="YAW,PITCH,DISTANCE",
                        help="camera angles in degrees and distance (default: the scene's)")
    # -- the kiosk's picture (issue 11) --
    render.add_argument("--kiosk", choices=("play", "attract", "countdown"),
                        help="draw the kiosk's screen instead: a visitor playing, attract mode "
                             "after --steps of its demonstration, or the 'Still exploring?' countdown")

    record = sub.add_parser("record", help="record a clip as MP4, GIF or PNG frames, offscreen")
    _add_overrides(record)
    _add_language(record, argparse.SUPPRESS)
    record.add_argument("--out", required=True, metavar="FILE",
                        help="clip.mp4, clip.gif, or a folder/ for numbered PNG frames")
    record.add_argument("--seconds", type=_positive_float, default=10.0,
                        help="length of the clip in seconds (default 10)")
    record.add_argument("--fps", type=_fps, help="frames per second (default 30; 15 for a GIF)")
    record.add_argument("--size", type=_size, metavar="WxH",
                        help="frame size (default 1280x720; 960x540 for a GIF)")
    record.add_argument("--camera", type=_triple, metavar="YAW,PITCH,DISTANCE",
                        help="camera angles in degrees and distance at the start (default: the scene's)")
    record.add_argument("--orbit", type=_bounded_float(-3600, 3600, " degrees per second"), default=0.0, metavar="DEGREES_PER_SECOND",
                        help="turn the camera around the landscape at this rate (negative: the other way)")
    record.add_argument("--speed", type=_positive_float, metavar="STEPS_PER_SECOND",
                        help="simulation speed (default: the scene's)")
    record.add_argument("--captions", action="store_true",
                        help="show the scene's title and caption in a box over the picture")
    record.add_argument("--title", help="the clip's title in the caption box, instead of the scene's "
                        "(implies --captions)")
    record.add_argument("--caption", help="the clip's caption text, instead of the scene's "
                        "(implies --captions)")
    record.add_argument("--no-controls", dest="controls", action="store_false",
                        help="leave out the control dock and the fullscreen button")
    record.add_argument("--no-info", dest="info", action="store_false",
                        help="leave out the info panel (optimizer, learning rate, step, loss)")
    record.add_argument("--draft", action="store_true",
                        help="quicker, rougher: a turning camera without anti-aliasing, faster MP4 encoding")

    bench = sub.add_parser("bench", help="measure simulation throughput or frame times")
    bench.add_argument("what", choices=["sim", "frames", "basin", "soak", "attract"], help="sim: ball-steps per second; "
                       "frames: offscreen frame times of the default scene; "
                       "basin: time to compute the default scene's basin map; "
                       "soak: memory, GL errors and exceptions over minutes of random use; "
                       "attract: memory over simulated hours of the kiosk's attract mode")
    bench.add_argument("--seconds", type=_bounded_float(0.01, 600, " seconds"), default=1.0,
                       help="how long to measure each case (sim; 0.01 .. 600)")
    bench.add_argument("--frames", type=_count(1, 10_000), default=120,
                       help="frames per size (frames; 1 .. 10,000)")
    bench.add_argument("--minutes", type=_bounded_float(0.05, 600, " minutes"), default=10.0,
                       help="how long to run (soak; 0.05 .. 600, default 10)")
    bench.add_argument("--seed", type=_positive_int, default=1, help="random input's seed (soak)")
    bench.add_argument("--hours", type=_bounded_float(0.05, 24, " hours"), default=10.0,
                       help="simulated hours of attract mode (attract; 0.05 .. 24, default 10)")
    return parser


def main(argv: list[str] | None = None) -> int:
    from engine.shell.heap import bound_heap_growth
    bound_heap_growth()  # a window or kiosk runs all day: keep its memory flat
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if getattr(args, "language", None):
            from engine.support.i18n import use
            use(args.language)
        if args.list:
            from engine.shell.commands import list_everything
            return list_everything()
        if args.command == "trace":
            from engine.shell.commands import trace
            return trace(args)
        if args.command == "bench":
            from engine.shell.commands import bench
            return bench(args)
        if args.command == "record":
            from engine.shell.record import record_command
            return record_command(args)
        if args.command == "render":
            from engine.shell.offscreen import render_command
            return render_command(args)
        if args.kiosk:
            from engine.shell.launch import run_kiosk
            return run_kiosk(args)
        from engine.shell.launch import run_window
        return run_window(args)
    except UsageError as exc:
        print(f"downhill: {one_line(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("downhill: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
