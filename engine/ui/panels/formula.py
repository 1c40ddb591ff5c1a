"""The formula panel (L1): type a landscape, see at once whether it reads.

A text field, one line under it that says what is wrong (with the column) or
that the formula is fine, a few examples to start from, and **Use**, which
turns the formula into the landscape (``UseFormula``). Each change of the
text is checked by the parser alone (fast); whether the landscape has a
minimum is checked when it is used. The window sends typed text here while
the field has the focus (``focused``); a kiosk never shows this panel.
"""

from __future__ import annotations

from engine.maths.formula import MAX_LENGTH, FormulaError, parse_formula
from engine.support.i18n import N_, _
from engine.ui.widgets import textmetrics as tm
from engine.ui.actions import UseFormula
from engine.ui.widgets.drawlist import RoundRect
from engine.ui.widgets.controls import Button, Rect

EXAMPLES = (
    (N_("Two valleys"), "0.3*x^2 - 1.2*y^2 + 0.12*y^4 + 0.28*y"),
    (N_("Bumpy bowl"), "0.2*(x^2 + y^2) + 0.5*sin(3*x)*cos(3*y)"),  # i18n: not on screen (a formula)
    (N_("Curve"), "x^4 - 3*x^2 + x"),
    (N_("Corner"), "abs(x - 1) + 2*abs(y + 0.5)"),  # i18n: not on screen (a formula)
)
#: Design pixels at 1080 lines.
WIDTH, WIDTH_MIN = 420.0, 300.0
FIELD_H, MESSAGE_H, EXAMPLE_H, TITLE_H = 52.0, 30.0, 44.0, 34.0




class FormulaPanel:
    def __init__(self, text: str = "") -> None:
        self.text = text
        self.focused = False
        self.rect: Rect | None = None
        self.field: Rect | None = None
        self.use = Button(N_("Use"), action="use")
        self.examples = [Button(name, action=formula) for name, formula in EXAMPLES]
        self.error: str | None = None    # a problem found on Use (e.g. no minimum)
        self._captured: Button | None = None

    # -- the text ---------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        self.text = text[:MAX_LENGTH]
        self.error = None

    def type(self, text: str) -> None:
        """Typed characters (line breaks end the line: Enter uses it)."""
        self.set_text(self.text + "".join(ch for ch in text if ch.isprintable()))

    def backspace(self) -> None:
        self.set_text(self.text[:-1])

    def check(self) -> tuple[bool, str]:
        """(fine, the line under the field)."""
        if self.error:
            return False, self.error
        if not self.text.strip():
            return False, _("Type a formula of x and y, or pick an example")
        try:
            formula = parse_formula(self.text)
        except FormulaError as exc:
            return False, str(exc)
        return True, _("Reads fine: a curve of x") if formula.dims == 1 else _("Reads fine")

    # -- size, place, input -------------------------------------------------------------
    def natural_size(self, m) -> tuple[tuple[float, float], tuple[float, float]]:
        s = m.s
        rows = 2  # examples, two to a row
        h = m.pad * 1.6 + (TITLE_H + FIELD_H + MESSAGE_H + rows * (EXAMPLE_H + 6)) * s
        return (WIDTH * s, h), (WIDTH_MIN * s, h)

    def place(self, rect: Rect | None, m) -> None:
        self.rect = rect
        if rect is None:
            self.focused = False
            self.field = None
            return
        s, pad = m.s, m.pad * 0.8
        y = rect.top - pad - TITLE_H * s
        use_w = 80 * s
        self.field = Rect(rect.x + pad, y - FIELD_H * s, rect.w - 2 * pad - use_w - 8 * s, FIELD_H * s)
        self.use.rect = Rect(self.field.right + 8 * s, self.field.y, use_w, FIELD_H * s)
        y = self.field.y - MESSAGE_H * s
        half = (rect.w - 2 * pad - 8 * s) / 2
        for i, button in enumerate(self.examples):
            row, col = divmod(i, 2)
            top = y - row * (EXAMPLE_H + 6) * s
            button.rect = Rect(rect.x + pad + col * (half + 8 * s), top - EXAMPLE_H * s, half, EXAMPLE_H * s)

    def on_press(self, x: float, y: float) -> bool:
        if self.rect is None or not self.rect.contains(x, y):
            self.focused = False
            return False
        self.focused = self.field is not None and self.field.contains(x, y)
        for button in [self.use] + self.examples:
            if button.on_press(x, y):
                self._captured = button
        return True

    def on_release(self, x: float, y: float) -> list:
        button, self._captured = self._captured, None
        if button is None:
            return []
        fired = button.on_release(x, y)
        if fired is None:
            return []
        if fired == "use":
            return self.submit()
        self.set_text(fired)   # an example: into the field, to use or to change
        self.focused = True
        return []

    def submit(self) -> list:
        fine, _ = self.check()
        return [UseFormula(self.text)] if fine else []

    def cancel(self) -> None:
        if self._captured is not None:
            self._captured.cancel()
            self._captured.armed = False
            self._captured = None

    # -- drawing ------------------------------------------------------------------------
    def draw(self, p) -> None:
        if self.rect is None:
            return
        m, t, s = p.m, p.t, p.m.s
        p.panel(self.rect)
        p.title(self.rect, _("Your own landscape"), "z = f(x, y)")
        field = self.field
        edge = t.accent if self.focused else (1.0, 1.0, 1.0, 0.25)
        p.shapes.append(RoundRect(field, (0.0, 0.0, 0.0, 0.35), m.control_radius * 0.6))
        p.details.append(RoundRect(field, edge, m.control_radius * 0.6, stroke=max(1.0, 1.5 * s)))
        size = p.font(16)
        room = field.w - 20 * s
        shown = self.text + ("|" if self.focused else "")
        while shown and tm.measure(shown, size) > room:   # the end stays in view
            shown = shown[1:]
        p.text(shown, field.x + 10 * s, field.cy, size, t.text)
        fine, message = self.check()
        colour = t.status["global"] if fine else (t.status["diverged"] if self.text.strip() else t.text_dim)
        small = p.font(13)
        p.text(tm.fit(message, small, self.rect.w - 2 * m.pad), field.x + 2 * s,
               field.y - MESSAGE_H * s / 2, small, colour)
        fill = t.accent if fine else t.control
        if self.use.armed:
            fill = t.accent_pressed if fine else t.control_pressed
        p.shapes.append(RoundRect(self.use.rect, fill, m.control_radius))
        p.text(_("Use"), self.use.rect.cx, self.use.rect.cy, p.font(15), t.on_accent if fine else t.text,
               True, "center")
        for button in self.examples:
            p.shapes.append(RoundRect(button.rect, t.control_pressed if button.armed else t.control,
                                      m.control_radius))
            p.text(tm.fit(_(button.label), p.font(14), button.rect.w - 12 * s), button.rect.cx,
                   button.rect.cy, p.font(14), t.text, False, "center")
