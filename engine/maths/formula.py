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

from engine.maths.formula_algebra import ZERO, _num, _size, derivative

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
