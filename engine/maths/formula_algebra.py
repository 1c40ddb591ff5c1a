"""The algebra of a formula's tree (L0): building nodes with the obvious
simplifications, and exact symbolic derivatives, so that a teacher's
formula (engine/maths/formula.py) has gradients that are its own, not finite
differences, and trees that stay small."""

from __future__ import annotations

# ---------------------------------------------------------------------------
# The tree: tuples, so trees compare and hash by value.
#   ("num", v)  ("var", name)  ("neg", a)  ("add"|"sub"|"mul"|"div"|"pow", a, b)
#   ("call", name, a[, b])  and, only inside derivatives,
#   ("sign", a)  ("pick", a, b, p, q): p where a <= b, else q.
# ---------------------------------------------------------------------------

def _num(v: float) -> tuple:
    return ("num", float(v))


ZERO, ONE, TWO = _num(0), _num(1), _num(2)


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
