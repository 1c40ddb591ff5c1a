"""The lower layers (L0 maths, L1 state) never pull in GL or window code."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOWER = [
    "engine.surfaces", "engine.optimizers", "engine.clock", "engine.simulation",
    "engine.scene", "engine.commands", "engine.cli", "engine.resources", "engine.files",
]
OPTIONAL_LOWER = ["engine.camera", "engine.geometry", "engine.view", "engine.widgets", "engine.hud",
                  "engine.hud_actions", "engine.hud_layout", "engine.hud_draw", "engine.drawlist",
                  "engine.textmetrics", "engine.overlay_batch", "engine.path_geometry",
                  "engine.markers", "engine.session"]


def test_lower_layers_import_neither_moderngl_nor_pyglet():
    modules = LOWER + [m for m in OPTIONAL_LOWER
                       if (ROOT / (m.replace(".", "/") + ".py")).exists()]
    code = (
        "import sys\n"
        f"for name in {modules!r}:\n"
        "    __import__(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('moderngl', 'pyglet', 'glcontext'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_the_trace_command_runs_without_gl_modules():
    code = (
        "import sys, io, contextlib\n"
        "from engine.cli import main\n"
        "buf = io.StringIO()\n"
        "with contextlib.redirect_stdout(buf):\n"
        "    rc = main(['trace', '--steps', '3'])\n"
        "assert rc == 0, rc\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('moderngl', 'pyglet'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
