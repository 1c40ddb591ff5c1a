"""The folder tree is the architecture: imports only point down the layers.

Every module under engine/ is read (its source, not by importing it), and
every import in it, lazy imports inside functions included, becomes an edge
of the module graph. The rules:

- each package has a rank; a module imports only from its own package or
  from packages of a lower rank;
- no import cycle anywhere in engine/;
- moderngl only under engine/gl, pyglet only under engine/shell.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "engine"

#: Lower numbers are lower layers. Packages of one rank never import each
#: other (export and kiosk are siblings above the UI).
RANKS = {
    "engine": 0,          # the package's own __init__: the version only
    "engine.support": 0,  # L0: resources, files, errors
    "engine.maths": 1,    # L0: surfaces, optimizers, geometry, camera
    "engine.model": 2,    # L1: simulation, scenes, clock, basin
    "engine.ui": 3,       # L1: widgets, HUD, panels, actions, session, frame
    "engine.export": 4,   # L1: clip writers
    "engine.kiosk": 4,    # L1: the kiosk's director, stage and overlay
    "engine.gl": 5,       # L2: the only importer of moderngl
    "engine.shell": 6,    # L3: the only importer of pyglet
}
ONLY_UNDER = {"moderngl": "engine.gl", "glcontext": "engine.gl", "pyglet": "engine.shell"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_of(module: str) -> str:
    """The layer package a module belongs to (its longest ranked prefix)."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in RANKS:
            return prefix
    raise AssertionError(f"{module} is in no layer package: add its package to RANKS")


def imports_of(path: Path, module: str) -> list[tuple[str, int]]:
    """Every module ``path`` imports (absolute names), with line numbers."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            # "from engine.ui import textmetrics" imports engine.ui.widgets.textmetrics
            for alias in node.names:
                found.append((f"{target}.{alias.name}", node.lineno))
    return found


def engine_graph(root: Path = ENGINE) -> dict[str, list[tuple[str, int]]]:
    modules = {module_name(p): p for p in root.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        edges = []
        for target, line in imports_of(path, name):
            if target in modules and target != name:
                edges.append((target, line))
            elif target.split(".")[0] != "engine":
                edges.append((target, line))
        graph[name] = edges
    return graph


def layer_violations(graph) -> list[str]:
    problems = []
    for module, edges in graph.items():
        own = package_of(module)
        for target, line in edges:
            top = target.split(".")[0]
            if top in ONLY_UNDER and not (module == ONLY_UNDER[top] or module.startswith(ONLY_UNDER[top] + ".")):
                problems.append(f"{module}:{line} imports {top}, which belongs under {ONLY_UNDER[top]}")
            if top != "engine":
                continue
            other = package_of(target)
            if other == own or other == "engine":
                continue
            if RANKS[other] >= RANKS[own]:
                problems.append(f"{module}:{line} imports {target} ({other}, rank {RANKS[other]}) "
                                f"from {own} (rank {RANKS[own]}): imports must point down")
    return problems


def cycles(graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    internal = {m: sorted({t for t, _ in edges if t in graph}) for m, edges in graph.items()}
    index, low, on_stack, stack, out = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in internal[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in internal[v]:
                out.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for v in sorted(internal):
        if v not in index:
            visit(v)
    return out


def test_every_engine_module_sits_in_a_layer_package():
    for path in ENGINE.rglob("*.py"):
        package_of(module_name(path))  # raises for a module outside the layers


def test_imports_only_point_down_and_gl_and_window_stay_in_their_layers():
    assert layer_violations(engine_graph()) == []


def test_there_is_no_import_cycle_in_engine():
    assert cycles(engine_graph()) == []


def test_each_package_says_its_layer_and_what_it_may_import():
    for package in RANKS:
        if package == "engine":
            continue
        init = ROOT / Path(*package.split(".")) / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "L0" in doc or "L1" in doc or "L2" in doc or "L3" in doc, f"{init}: name the layer"
        assert "import" in doc.lower(), f"{init}: say what the package may import"


# -- the checks catch what they are meant to catch -------------------------------

def _fake_engine(tmp_path: Path, files: dict[str, str]) -> dict:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    modules = {module_name_in(tmp_path, p): p for p in (tmp_path / "engine").rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        edges = []
        for target, line in imports_of(path, name):
            if target in modules and target != name or target.split(".")[0] != "engine":
                edges.append((target, line))
        graph[name] = edges
    return graph


def module_name_in(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@pytest.mark.parametrize("files, expected", [
    # an upward import, made lazily inside a function
    ({"engine/__init__.py": "", "engine/model/__init__.py": "", "engine/ui/__init__.py": "",
      "engine/ui/dock/hud.py": "", "engine/model/sim.py": "def f():\n    from engine.ui.dock.hud import x\n"},
     "imports must point down"),
    # a relative upward import
    ({"engine/__init__.py": "", "engine/maths/__init__.py": "", "engine/model/__init__.py": "",
      "engine/model/scene.py": "", "engine/maths/geo.py": "from ..model import scene\n"},
     "imports must point down"),
    # pyglet outside the shell
    ({"engine/__init__.py": "", "engine/ui/__init__.py": "", "engine/ui/w.py": "import pyglet\n"},
     "belongs under engine.shell"),
    # moderngl outside gl
    ({"engine/__init__.py": "", "engine/shell/__init__.py": "",
      "engine/shell/app.py": "def f():\n    import moderngl\n"},
     "belongs under engine.gl"),
])
def test_the_layer_check_fails_on_a_deliberate_violation(tmp_path, files, expected):
    problems = layer_violations(_fake_engine(tmp_path, files))
    assert problems and expected in problems[0]


def test_the_cycle_check_finds_a_lazy_cycle_inside_one_package(tmp_path):
    graph = _fake_engine(tmp_path, {
        "engine/__init__.py": "", "engine/shell/__init__.py": "",
        "engine/shell/a.py": "from engine.shell.b import x\n",
        "engine/shell/b.py": "def f():\n    from engine.shell import a\n",
    })
    assert cycles(graph) == [["engine.shell.a", "engine.shell.b"]]


# -- and at run time ---------------------------------------------------------------

def test_lower_layers_import_neither_moderngl_nor_pyglet():
    lower = sorted(m for m in (module_name(p) for p in ENGINE.rglob("*.py"))
                   if RANKS[package_of(m)] < RANKS["engine.gl"])
    code = (
        "import sys\n"
        f"for name in {lower!r}:\n"
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
        "from engine.shell.cli import main\n"
        "buf = io.StringIO()\n"
        "with contextlib.redirect_stdout(buf):\n"
        "    rc = main(['trace', '--steps', '3'])\n"
        "assert rc == 0, rc\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('moderngl', 'pyglet'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


# -- sizes, and who may hold the whole session ---------------------------------------

#: A module longer than this, or a class with more methods, is asking to be
#: split along the layers.
MAX_MODULE_LINES = 400
MAX_CLASS_METHODS = 25
#: The session's own package and the shell (which drives it) may take the
#: whole session; every other function receives the values it reads.
SESSION_HOLDERS = ("engine.ui.session", "engine.shell")


def size_problems(root: Path = ENGINE) -> list[str]:
    problems = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES:
            problems.append(f"{path.relative_to(root.parent)}: {lines} lines (at most {MAX_MODULE_LINES})")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef):
                methods = [n for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
                if len(methods) > MAX_CLASS_METHODS:
                    problems.append(f"{path.relative_to(root.parent)}: class {node.name} has "
                                    f"{len(methods)} methods (at most {MAX_CLASS_METHODS})")
    return problems


def session_takers(root: Path = ENGINE) -> list[str]:
    """Functions outside the session and the shell that take a whole session."""
    found = []
    for path in sorted(root.rglob("*.py")):
        module = module_name_in(root.parent, path)
        if any(module == h or module.startswith(h + ".") for h in SESSION_HOLDERS):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
                for arg in args:
                    note = ast.unparse(arg.annotation) if arg.annotation is not None else ""
                    if arg.arg == "session" or note.split(".")[-1].strip("'\"") == "Session":
                        found.append(f"{module}.{node.name}:{node.lineno} takes the session ({arg.arg})")
    return found


def test_no_module_is_too_long_and_no_class_has_too_many_methods():
    assert size_problems() == []


def test_only_the_session_and_the_shell_take_the_whole_session():
    assert session_takers() == []


def test_the_size_and_session_checks_catch_what_they_are_meant_to(tmp_path):
    engine = tmp_path / "engine"
    (engine / "kiosk").mkdir(parents=True)
    methods = "".join(f"    def m{i}(self):\n        pass\n" for i in range(MAX_CLASS_METHODS + 1))
    (engine / "kiosk" / "big.py").write_text("class Big:\n" + methods + "\n" * MAX_MODULE_LINES)
    (engine / "kiosk" / "reach.py").write_text("def look(session):\n    return session.sim\n")
    problems = size_problems(engine)
    assert any("lines" in p for p in problems) and any("class Big" in p for p in problems)
    assert session_takers(engine) == ["engine.kiosk.reach.look:1 takes the session (session)"]
