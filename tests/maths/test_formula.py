"""The formula parser, its exact derivatives and formula landscapes."""

import math
import warnings

import numpy as np
import pytest

from engine.maths.formula import MAX_DEPTH, MAX_LENGTH, FormulaError, parse_formula
from engine.maths.surfaces import FormulaSurface


def value(text, x, y=0.0):
    return float(parse_formula(text).value(np.float64(x), np.float64(y)))


@pytest.mark.parametrize("text, x, y, expected", [
    ("1 + 2*3", 0, 0, 7.0),
    ("2^3^2", 0, 0, 512.0),            # right-associative
    ("2**3", 0, 0, 8.0),
    ("-x^2", 3, 0, -9.0),              # -(x^2), as on paper
    ("(-x)^2", 3, 0, 9.0),
    ("2^-1", 0, 0, 0.5),
    ("x - y - 1", 5, 2, 2.0),          # left-associative
    ("8/2/2", 0, 0, 2.0),
    ("pi", 0, 0, math.pi),
    ("e", 0, 0, math.e),
    ("1.5e2 + .5", 0, 0, 150.5),
    ("min(x, y) + max(x, y)", 1, 4, 5.0),
    ("atan(1)*4", 0, 0, math.pi),
    ("abs(x)*sqrt(y)", -3, 4, 6.0),
    ("sinh(x) - cosh(x) + exp(-x)", 0.7, 0, 0.0),
])
def test_arithmetic_follows_the_usual_rules(text, x, y, expected):
    assert value(text, x, y) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("text, message", [
    ("0.3*x^2 + 1.2*z", "formula: unknown name 'z' at column 15"),
    ("sin(x + 1", "formula: missing ')' at column 10"),
    ("x +", "formula: formula ends too early at column 4"),
    ("x)", "formula: unmatched ')' at column 2"),
    ("2x", "formula: unexpected 'x' (missing '*'?) at column 2"),
    ("foo(x)", "formula: unknown function 'foo' at column 1"),
    ("min(x)", "formula: 'min' takes 2 arguments, got 1 at column 1"),
    ("sin x", "formula: 'sin' needs its argument in parentheses at column 5"),
    ("", "formula: empty formula at column 1"),
    ("x $ y", "formula: unexpected character '$' at column 3"),
    ("1.2.3", "formula: malformed number '1.2.3' at column 1"),
])
def test_mistakes_are_one_line_with_the_column(text, message):
    with pytest.raises(FormulaError) as info:
        parse_formula(text)
    assert str(info.value) == message
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("text", [
    "__import__('os').system('echo hi')",
    "x.__class__",
    "().__class__.__bases__",
    "lambda: 1",
    "x if y else 1",
    "x; y",
    "open('/etc/passwd')",
    "exec('1')",
    "x @ y",
    "x[0]",
    "'x'",
    "x == y",
])
def test_python_is_never_run(text):
    with pytest.raises(FormulaError):
        parse_formula(text)


def test_unicode_is_refused_with_its_column():
    with pytest.raises(FormulaError, match=r"unexpected character '²' at column 2"):
        parse_formula("x² + y")
    with pytest.raises(FormulaError, match=r"unexpected character 'U\+200B' at column 2"):
        parse_formula("x\u200b+y")
    with pytest.raises(FormulaError, match="unknown name|unexpected character"):
        parse_formula("θ^2")
    # Full-width digits are digits to str.isdigit, but not to us.
    with pytest.raises(FormulaError, match="column 1"):
        parse_formula("１+x")


def test_hostile_sizes_are_refused_quickly():
    with pytest.raises(FormulaError, match=f"longer than {MAX_LENGTH}"):
        parse_formula("x+" * 10_000 + "x")
    with pytest.raises(FormulaError, match=f"nested more than {MAX_DEPTH} deep"):
        parse_formula("(" * 100 + "x" + ")" * 100)
    with pytest.raises(FormulaError, match="nested more than"):
        parse_formula("-" * 100 + "x")
    with pytest.raises(FormulaError, match="nested more than"):
        parse_formula("x" + "^x" * 60)
    with pytest.raises(FormulaError, match="nested more than"):
        parse_formula("sin(" * 40 + "x" + ")" * 40)
    with pytest.raises(FormulaError, match="line break"):
        parse_formula("x\n+y")
    with pytest.raises(FormulaError, match="too large"):
        parse_formula("1" * 350)
    # At the limits it still works, and its derivative stays small enough.
    deep = "(" * (MAX_DEPTH - 1) + "x" + ")" * (MAX_DEPTH - 1)
    assert value(deep, 2.0) == 2.0
    long_sum = "+".join(["x*y"] * (MAX_LENGTH // 4))
    assert value(long_sum, 1.0, 2.0) == pytest.approx(2.0 * (MAX_LENGTH // 4))


# Hand-derived gradients: (formula, d/dx, d/dy) as Python functions.
HAND = [
    ("0.3*x^2 - 1.2*y^2 + 0.12*y^4 + 0.28*y",
     lambda x, y: 0.6 * x, lambda x, y: -2.4 * y + 0.48 * y ** 3 + 0.28),
    ("sin(x)*cos(y)", lambda x, y: np.cos(x) * np.cos(y), lambda x, y: -np.sin(x) * np.sin(y)),
    ("exp(-(x^2 + y^2))", lambda x, y: -2 * x * np.exp(-(x * x + y * y)),
     lambda x, y: -2 * y * np.exp(-(x * x + y * y))),
    ("x/y", lambda x, y: 1 / y, lambda x, y: -x / y ** 2),
    ("log(x^2 + 1) + sqrt(y^2 + 4)", lambda x, y: 2 * x / (x * x + 1),
     lambda x, y: y / np.sqrt(y * y + 4)),
    ("tanh(x*y)", lambda x, y: y * (1 - np.tanh(x * y) ** 2), lambda x, y: x * (1 - np.tanh(x * y) ** 2)),
    ("atan(x) + tan(y/3)", lambda x, y: 1 / (1 + x * x), lambda x, y: 1 / (3 * np.cos(y / 3) ** 2)),
    ("x^y", lambda x, y: y * x ** (y - 1), lambda x, y: x ** y * np.log(x)),
    ("abs(x - 1) + 2*abs(y)", lambda x, y: np.sign(x - 1), lambda x, y: 2 * np.sign(y)),
    ("min(x^2, y) + max(x, 2*y)", lambda x, y: np.where(x * x <= y, 2 * x, 0) + np.where(2 * y <= x, 1, 0),
     lambda x, y: np.where(x * x <= y, 0, 1) + np.where(2 * y <= x, 0, 2)),
    ("sinh(x) + cosh(y) + pi*x", lambda x, y: np.cosh(x) + np.pi, lambda x, y: np.sinh(y)),
]


@pytest.mark.parametrize("text, dx, dy", HAND, ids=[h[0] for h in HAND])
def test_gradient_is_the_hand_derived_one(text, dx, dy):
    rng = np.random.default_rng(4)
    x = rng.uniform(0.2, 2.5, 200)
    y = rng.uniform(0.3, 2.5, 200) * rng.choice([-1, 1], 200) if "abs" in text else rng.uniform(0.3, 2.5, 200)
    gx, gy = parse_formula(text).gradient(x, y)
    np.testing.assert_allclose(gx, dx(x, y), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(gy, dy(x, y), rtol=1e-12, atol=1e-12)


def test_a_formula_of_x_alone_is_a_curve():
    f = parse_formula("x^3 - 3*x")
    assert f.dims == 1
    gx, gy = f.gradient(np.array([2.0]), np.array([5.0]))
    assert gx[0] == 9.0 and gy[0] == 0.0
    assert FormulaSurface("x^3 - 3*x").dims == 1


def test_undefined_points_are_nan_without_warnings():
    f = parse_formula("log(x) + 1/y")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        v = f.value(np.array([-1.0, 1.0, 1.0]), np.array([1.0, 0.0, 1.0]))
        gx, gy = f.gradient(np.array([-1.0, 1.0]), np.array([1.0, 0.0]))
    assert np.isnan(v[0]) and np.isinf(v[1]) and v[2] == 1.0
    assert np.isnan(gx[0]) and np.isnan(gy[1])


def test_constant_formula_has_the_shape_of_its_input():
    f = parse_formula("7")
    assert f.value(np.zeros((3, 4)), np.zeros((3, 4))).shape == (3, 4)


def test_minima_are_found_and_classified():
    # 0.3x² + (0.12y⁴ - 1.2y² + 0.28y): the y part has two wells; minima
    # where 0.48y³ - 2.4y + 0.28 = 0 with positive curvature.
    s = FormulaSurface("0.3*x^2 - 1.2*y^2 + 0.12*y^4 + 0.28*y")
    roots = np.roots([0.48, 0.0, -2.4, 0.28])
    wells = sorted(r.real for r in roots if 1.44 * r.real ** 2 - 2.4 > 0)
    assert len(s.minima) == 2
    g, local = s.minima
    assert g.is_global and not local.is_global
    assert (g.x, g.y) == pytest.approx((0.0, wells[0]), abs=1e-9)
    assert (local.x, local.y) == pytest.approx((0.0, wells[1]), abs=1e-9)


def test_a_kink_minimum_is_found():
    s = FormulaSurface("abs(x - 1) + (y + 0.5)^2")
    assert [(round(m.x, 6), round(m.y, 6)) for m in s.minima] == [(1.0, -0.5)]


def test_no_minimum_in_the_domain_is_a_clear_error():
    with pytest.raises(FormulaError, match=r"no minimum inside the domain \[-3, 3\]"):
        _ = FormulaSurface("x + y").minima


def test_domain_moves_the_search():
    s = FormulaSurface("(x - 7)^2", domain=(5, 10))
    assert s.domain == (5.0, 10.0)
    assert s.global_minimum.x == pytest.approx(7.0, abs=1e-9)
    with pytest.raises(FormulaError, match="needs lo < hi"):
        FormulaSurface("x^2", domain=(3, 1))


def test_a_pole_is_drawn_cut_off_but_felt_in_full():
    s = FormulaSurface("x^2 + y^2 + 1/(x + 2)^2")
    assert s.ceiling is not None
    near = s.value(np.array([-2.0001]), np.array([0.0]))
    assert near[0] > 1e7                                   # the ball feels the pole
    assert s.display_height(near)[0] == s.ceiling           # the picture stops at a ceiling
    assert s.display_height(np.array([1.0]))[0] == 1.0      # the rest is drawn as it is
    assert FormulaSurface("x^2 + y^2").ceiling is None
