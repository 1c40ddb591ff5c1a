"""A teacher's formula as data (L0): parsed by our own parser, never by eval.

``parse_formula("0.3*x^2 - y")`` returns a ``Formula``: the expression tree,
its exact partial derivatives (symbolic differentiation of that tree), and
numpy evaluation of all three over arrays. The grammar is small on purpose:

    expr   := term (('+' | '-') term)*
    term   := unary (('*' | '/') unary)*
    unary  := ('-' | '+') unary | power
    power  := atom (('^' | '**') unary)?        right-associative: 2^3^2 = 2^9
    atom   := number | 'x' | 'y' | 'pi' | 'e' | name '(' expr (',' expr)* ')'
            | '(' expr ')'

so ``-x^2`` is ``-(x^2)``, as on paper. Every mistake is a ``FormulaError``
whose text is one line naming the column: ``formula: unknown name 'z' at
column 14``. Values that are undefined somewhere (log of a negative, division
by zero) evaluate to NaN or infinity there, silently: the simulation treats a
ball that reaches one as diverged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

#: Longest formula accepted, in characters.
MAX_LENGTH = 400
#: Deepest nesting of parentheses, calls and unary signs.
MAX_DEPTH = 24
#: Most nodes in a tree, the derivatives' trees included.
MAX_NODES = 20_000

FUNCTIONS = {"sin": 1, "cos": 1, "tan": 1, "exp": 1, "log": 1, "sqrt": 1, "abs": 1, "tanh": 1,
             "sinh": 1, "cosh": 1, "atan": 1, "min": 2, "max": 2}
CONSTANTS = {"pi": math.pi, "e": math.e}
VARIABLES = ("x", "y")


class FormulaError(ValueError):
    """A formula that cannot be used; str() is the one-line message."""


# ---------------------------------------------------------------------------
# The tree: tuples, so trees compare and hash by value.
#   ("num", v)  ("var", name)  ("neg", a)  ("add"|"sub"|"mul"|"div"|"pow", a, b)
#   ("call", name, a[, b])  and, only inside derivatives,
#   ("sign", a)  ("pick", a, b, p, q): p where a <= b, else q.
# ---------------------------------------------------------------------------

def _num(v: float) -> tuple:
    return ("num", float(v))


ZERO, ONE, TWO = _num(0), _num(1), _num(2)


@dataclass(frozen=True)
class _Token:
    kind: str      # "num", "name", "op", "end"
    text: str
    column: int    # 1-based


def _tokens(text: str) -> list[_Token]:
    out, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch in " \t":
            i += 1
            continue
        start = i
        if ch.isascii() and (ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit())):
            while i < n and text[i].isascii() and (text[i].isdigit() or text[i] == "."):
                i += 1
            if i < n and text[i] in "eE" and (
                    (i + 1 < n and text[i + 1].isdigit())
                    or (i + 2 < n and text[i + 1] in "+-" and text[i + 2].isdigit())):
                i += 2
                while i < n and text[i].isascii() and text[i].isdigit():
                    i += 1
            literal = text[start:i]
            if literal.count(".") > 1:
                raise FormulaError(f"formula: malformed number '{literal}' at column {start + 1}")
            out.append(_Token("num", literal, start + 1))
        elif ch.isascii() and (ch.isalpha() or ch == "_"):
            while i < n and text[i].isascii() and (text[i].isalnum() or text[i] == "_"):
                i += 1
            out.append(_Token("name", text[start:i], start + 1))
        elif text.startswith("**", i):
            out.append(_Token("op", "^", start + 1))
            i += 2
        elif ch in "+-*/^(),":
            out.append(_Token("op", ch, start + 1))
            i += 1
        else:
            shown = ch if ch.isprintable() else f"U+{ord(ch):04X}"
            raise FormulaError(f"formula: unexpected character '{shown}' at column {start + 1}")
    out.append(_Token("end", "", n + 1))
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.i = 0
        self.depth = 0
        self.names: set[str] = set()

    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        t = self.tokens[self.i]
        self.i += 1
        return t

    def fail(self, problem: str, tok: _Token | None = None):
        tok = tok or self.tok
        raise FormulaError(f"formula: {problem} at column {tok.column}")

    def nest(self, tok: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(f"nested more than {MAX_DEPTH} deep", tok)

    def parse(self) -> tuple:
        if self.tok.kind == "end":
            self.fail("empty formula")
        tree = self.expr()
        if self.tok.kind != "end":
            t = self.tok
            if t.text == ")":
                self.fail("unmatched ')'")
            if t.kind in ("num", "name") or t.text == "(":
                self.fail(f"unexpected '{t.text}' (missing '*'?)")
            self.fail(f"unexpected '{t.text}'")
        return tree

    def expr(self) -> tuple:
        left = self.term()
        while self.tok.text in ("+", "-") and self.tok.kind == "op":
            op = self.take().text
            left = ("add" if op == "+" else "sub", left, self.term())
        return left

    def term(self) -> tuple:
        left = self.unary()
        while self.tok.text in ("*", "/") and self.tok.kind == "op":
            op = self.take().text
            left = ("mul" if op == "*" else "div", left, self.unary())
        return left

    def unary(self) -> tuple:
        if self.tok.kind == "op" and self.tok.text in ("-", "+"):
            tok = self.take()
            self.nest(tok)
            inner = self.unary()
            self.depth -= 1
            return ("neg", inner) if tok.text == "-" else inner
        return self.power()

    def power(self) -> tuple:
        base = self.atom()
        if self.tok.kind == "op" and self.tok.text == "^":
            tok = self.take()
            self.nest(tok)
            exponent = self.unary()
            self.depth -= 1
            return ("pow", base, exponent)
        return base

    def atom(self) -> tuple:
        tok = self.tok
        if tok.kind == "num":
            self.take()
            value = float(tok.text)
            if not math.isfinite(value):
                self.fail(f"number '{tok.text}' is too large", tok)
            return _num(value)
        if tok.kind == "name":
            self.take()
            name = tok.text
            if name in FUNCTIONS:
                return self.call(tok)
            if self.tok.text == "(" and self.tok.kind == "op":
                self.fail(f"unknown function '{name}'", tok)
            if name in VARIABLES:
                self.names.add(name)
                return ("var", name)
            if name in CONSTANTS:
                return _num(CONSTANTS[name])
            self.fail(f"unknown name '{name}'", tok)
        if tok.kind == "op" and tok.text == "(":
            self.take()
            self.nest(tok)
            inner = self.expr()
            self.expect_close(tok)
            self.depth -= 1
            return inner
        if tok.kind == "end":
            self.fail("formula ends too early")
        self.fail(f"unexpected '{tok.text}'")

    def call(self, name_tok: _Token) -> tuple:
        name = name_tok.text
        if not (self.tok.kind == "op" and self.tok.text == "("):
            self.fail(f"'{name}' needs its argument in parentheses")
        open_tok = self.take()
        self.nest(open_tok)
        args = [self.expr()]
        while self.tok.kind == "op" and self.tok.text == ",":
            self.take()
            args.append(self.expr())
        self.expect_close(open_tok)
        self.depth -= 1
        if len(args) != FUNCTIONS[name]:
            want = FUNCTIONS[name]
            self.fail(f"'{name}' takes {want} argument{'s' if want > 1 else ''}, got {len(args)}",
                      name_tok)
        return ("call", name, *args)

    def expect_close(self, open_tok: _Token) -> None:
        if self.tok.kind == "op" and self.tok.text == ")":
            self.take()
            return
        if self.tok.kind == "end":
            self.fail("missing ')'")
        if self.tok.kind in ("num", "name") or self.tok.text == "(":
            self.fail(f"unexpected '{self.tok.text}' (missing '*'?)")
        self.fail(f"expected ')' but found '{self.tok.text}'")


# ---------------------------------------------------------------------------
# Building trees with the obvious simplifications, so derivatives stay small
# ---------------------------------------------------------------------------

def _is(node: tuple, value: float) -> bool:
    return node[0] == "num" and node[1] == value


def add(a, b):
    if _is(a, 0):
        return b
    if _is(b, 0):
        return a
    if a[0] == "num" and b[0] == "num":
        return _num(a[1] + b[1])
    return ("add", a, b)


def sub(a, b):
    if _is(b, 0):
        return a
    if _is(a, 0):
        return neg(b)
    if a[0] == "num" and b[0] == "num":
        return _num(a[1] - b[1])
    return ("sub", a, b)


def mul(a, b):
    if _is(a, 0) or _is(b, 0):
        return ZERO
    if _is(a, 1):
        return b
    if _is(b, 1):
        return a
    if a[0] == "num" and b[0] == "num":
        return _num(a[1] * b[1])
    return ("mul", a, b)


def div(a, b):
    if _is(a, 0):
        return ZERO
    if _is(b, 1):
        return a
    return ("div", a, b)


def neg(a):
    if a[0] == "num":
        return _num(-a[1])
    if a[0] == "neg":
        return a[1]
    return ("neg", a)


def power(a, b):
    if _is(b, 1):
        return a
    if _is(b, 0):
        return ONE
    return ("pow", a, b)


def call(name, *args):
    return ("call", name, *args)


def _depends(node: tuple) -> bool:
    """Whether the node contains a variable."""
    kind = node[0]
    if kind == "var":
        return True
    if kind == "num":
        return False
    return any(_depends(c) for c in node[1:] if isinstance(c, tuple))


def derivative(node: tuple, var: str) -> tuple:
    """The exact partial derivative of ``node`` with respect to ``var``."""
    kind = node[0]
    if kind == "num":
        return ZERO
    if kind == "var":
        return ONE if node[1] == var else ZERO
    if kind == "neg":
        return neg(derivative(node[1], var))
    if kind in ("add", "sub"):
        a, b = derivative(node[1], var), derivative(node[2], var)
        return add(a, b) if kind == "add" else sub(a, b)
    if kind == "mul":
        u, v = node[1], node[2]
        return add(mul(derivative(u, var), v), mul(u, derivative(v, var)))
    if kind == "div":
        u, v = node[1], node[2]
        du, dv = derivative(u, var), derivative(v, var)
        if _is(dv, 0):
            return div(du, v)
        return div(sub(mul(du, v), mul(u, dv)), mul(v, v))
    if kind == "pow":
        u, v = node[1], node[2]
        du = derivative(u, var)
        if not _depends(v):
            # d(u^c) = c u^(c-1) u': defined wherever u^c is (also for u <= 0).
            return mul(mul(v, power(u, sub(v, ONE))), du)
        dv = derivative(v, var)
        # d(u^v) = u^v (v' log u + v u'/u)
        return mul(node, add(mul(dv, call("log", u)), div(mul(v, du), u)))
    if kind == "call":
        name, u = node[1], node[2]
        du = derivative(u, var)
        if name in ("min", "max"):
            a, b = node[2], node[3]
            da, db = derivative(a, var), derivative(b, var)
            if _is(da, 0) and _is(db, 0):
                return ZERO
            # min picks a where a <= b; max picks a where b <= a.
            return ("pick", a, b, da, db) if name == "min" else ("pick", b, a, da, db)
        if _is(du, 0):
            return ZERO
        outer = {
            "sin": lambda: call("cos", u),
            "cos": lambda: neg(call("sin", u)),
            "tan": lambda: div(ONE, power(call("cos", u), TWO)),
            "exp": lambda: call("exp", u),
            "log": lambda: div(ONE, u),
            "sqrt": lambda: div(ONE, mul(TWO, call("sqrt", u))),
            "abs": lambda: ("sign", u),
            "tanh": lambda: sub(ONE, power(call("tanh", u), TWO)),
            "sinh": lambda: call("cosh", u),
            "cosh": lambda: call("sinh", u),
            "atan": lambda: div(ONE, add(ONE, power(u, TWO))),
        }[name]()
        return mul(outer, du)
    if kind in ("sign", "pick"):
        # Piecewise constant, or a pick between derivatives: derivative of
        # the pieces (the kinks themselves have none).
        if kind == "sign":
            return ZERO
        a, b, p, q = node[1:]
        return ("pick", a, b, derivative(p, var), derivative(q, var))
    raise AssertionError(kind)


def _size(node: tuple) -> int:
    return 1 + sum(_size(c) for c in node[1:] if isinstance(c, tuple))


# ---------------------------------------------------------------------------
# Evaluation over numpy arrays
# ---------------------------------------------------------------------------

_NUMPY = {"sin": np.sin, "cos": np.cos, "tan": np.tan, "exp": np.exp, "log": np.log,
          "sqrt": np.sqrt, "abs": np.abs, "tanh": np.tanh, "sinh": np.sinh, "cosh": np.cosh,
          "atan": np.arctan, "min": np.minimum, "max": np.maximum}


def _power(a, b):
    # Whole exponents of negative bases are fine (x^3 at x = -2); a
    # fractional power of a negative number is undefined: NaN, as for log.
    return np.power(a, b)


def evaluate(node: tuple, x: np.ndarray, y: np.ndarray):
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind == "var":
        return x if node[1] == "x" else y
    if kind == "neg":
        return -evaluate(node[1], x, y)
    if kind in ("add", "sub", "mul", "div", "pow"):
        a, b = evaluate(node[1], x, y), evaluate(node[2], x, y)
        if kind == "add":
            return a + b
        if kind == "sub":
            return a - b
        if kind == "mul":
            return a * b
        if kind == "div":
            return np.true_divide(a, b)
        return _power(np.asarray(a, dtype=np.float64), b)
    if kind == "call":
        args = [np.asarray(evaluate(a, x, y), dtype=np.float64) for a in node[2:]]
        return _NUMPY[node[1]](*args)
    if kind == "sign":
        return np.sign(np.asarray(evaluate(node[1], x, y), dtype=np.float64))
    if kind == "pick":
        a, b, p, q = (np.asarray(evaluate(c, x, y), dtype=np.float64) for c in node[1:])
        return np.where(a <= b, p, q)
    raise AssertionError(kind)


def to_text(node: tuple) -> str:
    """The tree written back as a formula (fully parenthesised)."""
    kind = node[0]
    if kind == "num":
        return repr(node[1])
    if kind == "var":
        return node[1]
    if kind == "neg":
        return f"(-{to_text(node[1])})"
    ops = {"add": "+", "sub": "-", "mul": "*", "div": "/", "pow": "^"}
    if kind in ops:
        return f"({to_text(node[1])} {ops[kind]} {to_text(node[2])})"
    if kind == "call":
        return f"{node[1]}({', '.join(to_text(a) for a in node[2:])})"
    if kind == "sign":
        return f"sign({to_text(node[1])})"
    a, b, p, q = (to_text(c) for c in node[1:])
    return f"pick({a} <= {b}: {p}, else {q})"


@dataclass(frozen=True)
class Formula:
    """A parsed formula of x (and y), its exact gradient, evaluated with numpy."""

    text: str
    tree: tuple
    dx: tuple
    dy: tuple
    uses_y: bool

    @property
    def dims(self) -> int:
        return 2 if self.uses_y else 1

    def value(self, x, y):
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        with np.errstate(all="ignore"):
            out = evaluate(self.tree, x, y)
        return np.broadcast_to(np.asarray(out, dtype=np.float64), np.broadcast(x, y).shape).copy()

    def gradient(self, x, y):
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        shape = np.broadcast(x, y).shape
        with np.errstate(all="ignore"):
            gx = np.broadcast_to(np.asarray(evaluate(self.dx, x, y), dtype=np.float64), shape).copy()
            gy = np.broadcast_to(np.asarray(evaluate(self.dy, x, y), dtype=np.float64), shape).copy()
        # Where the function itself is undefined, so is its slope.
        bad = ~np.isfinite(self.value(x, y))
        if bad.any():
            gx[bad] = np.nan
            gy[bad] = np.nan
        return gx, gy


def parse_formula(text: str) -> Formula:
    """Parse a formula of x and y; raises ``FormulaError`` with a column."""
    if not isinstance(text, str):
        raise FormulaError(f"formula: must be text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"formula: longer than {MAX_LENGTH} characters ({len(text)})")
    for i, ch in enumerate(text):
        if ch in "\n\r":
            raise FormulaError(f"formula: a line break at column {i + 1} (write it on one line)")
    parser = _Parser(text)
    tree = parser.parse()
    dx = derivative(tree, "x")
    dy = derivative(tree, "y") if "y" in parser.names else ZERO
    if _size(dx) + _size(dy) + _size(tree) > MAX_NODES:
        raise FormulaError(f"formula: too complicated to differentiate (more than {MAX_NODES} terms)")
    return Formula(text=text, tree=tree, dx=dx, dy=dy, uses_y="y" in parser.names)
