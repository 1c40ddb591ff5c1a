"""Turn the HUD's layout and state into drawing primitives (no GL).

The look lives here: a calm dark theme, translucent cards with a faint light
edge, white text and one warm accent for what is active. Primitives come out
grouped like with like (panels, controls, details, icons, texts) so that the
GL side draws the frame in a handful of calls; the popup is a second layer on
top of everything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.ui.widgets import textmetrics as tm
from engine.ui.widgets.drawlist import Circle, Icon, RoundRect, Text
from engine.ui.actions import format_number
from engine.ui.visitor_words import STEP_SIZE_TECHNICAL, plain_number
from engine.ui.widgets.controls import Choice, Rect, Slider
from engine.support.i18n import _, number

Colour = tuple[float, float, float, float]


@dataclass(frozen=True)
class Theme:
    panel: Colour = (0.07, 0.075, 0.09, 0.80)
    panel_edge: Colour = (1.0, 1.0, 1.0, 0.07)
    shadow: Colour = (0.0, 0.0, 0.0, 0.38)
    text: Colour = (0.96, 0.96, 0.97, 1.0)
    text_dim: Colour = (0.80, 0.80, 0.84, 0.80)
    accent: Colour = (1.0, 0.70, 0.30, 1.0)
    accent_pressed: Colour = (0.86, 0.56, 0.20, 1.0)
    on_accent: Colour = (0.13, 0.08, 0.03, 1.0)
    control: Colour = (1.0, 1.0, 1.0, 0.08)
    control_pressed: Colour = (1.0, 1.0, 1.0, 0.22)
    separator: Colour = (1.0, 1.0, 1.0, 0.09)
    track: Colour = (1.0, 1.0, 1.0, 0.18)
    thumb: Colour = (1.0, 1.0, 1.0, 1.0)
    status: dict = field(default_factory=lambda: {
        "running": (0.55, 0.78, 1.0, 1.0),
        "paused": (0.80, 0.80, 0.84, 1.0),
        "global": (0.45, 0.90, 0.55, 1.0),
        "local": (1.0, 0.80, 0.35, 1.0),
        "diverged": (1.0, 0.50, 0.50, 1.0),
    })


def with_alpha(c: Colour, a: float) -> Colour:
    return (c[0], c[1], c[2], a)


class Painter:
    """Collects one layer in an order that batches well (engine/overlay_batch):
    panels, then the controls on them, then details on the controls, then
    slider thumbs, icons and texts."""

    def __init__(self, hud):
        self.hud, self.t, self.m = hud, hud.theme, hud.layout.m
        self.panels: list = []
        self.shapes: list = []   # controls lying side by side on the panels
        self.details: list = []  # what lies on the controls
        self.tops: list = []
        self.icons: list = []
        self.texts: list = []

    def result(self) -> list:
        return self.panels + self.shapes + self.details + self.tops + self.icons + self.texts

    def panel(self, rect: Rect, radius: float | None = None, floating: bool = False) -> None:
        """A dark translucent card with a faint light edge. Only ``floating``
        ones (the popup) cast a shadow: on llvmpipe a shadow costs about 15 %
        of the whole HUD, and resting panels read well without one."""
        s, t = self.m.s, self.t
        radius = self.m.panel_radius if radius is None else radius
        shadow = (t.shadow[3], 9 * s, 3 * s) if floating else (0.0, 0.0, 0.0)
        self.panels.append(RoundRect(rect, t.panel, radius, shadow=shadow[0],
                                     shadow_blur=shadow[1], shadow_drop=shadow[2],
                                     edge=t.panel_edge[3]))

    def text(self, text, x, cy, size, colour, bold=False, align="left") -> None:
        self.texts.append(Text(text, round(x), round(tm.baseline_for_centre(cy, size)),
                               tm.pixel_size(size), colour, bold, align))

    def caption(self, group: Rect, label: str, value: str | None = None) -> None:
        m, t = self.m, self.t
        cy = group.top - m.caption / 2 - 1 * m.s
        self.text(label, group.x + 2 * m.s, cy, m.caption_font, t.text_dim)
        if value is not None:
            self.text(value, group.right - 2 * m.s, cy, m.caption_font, t.text, True, "right")

    def icon(self, kind: str, cx: float, cy: float, size: float, colour: Colour) -> None:
        self.icons.append(Icon(kind, Rect(cx - size / 2, cy - size / 2, size, size), colour))

    def button(self, button, accent=False, label: str | None = None, icon=None) -> None:
        m, t, r = self.m, self.t, button.rect
        fill = (t.accent_pressed if button.armed else t.accent) if accent else \
            (t.control_pressed if button.armed else t.control)
        ink = t.on_accent if accent else t.text
        self.shapes.append(RoundRect(r, fill, m.control_radius))
        label_fits = label and tm.measure(label, m.button_font) <= r.w - 10 * m.s \
            and r.h >= m.control * 1.3
        if label_fits:
            self.icon(icon, r.cx, r.y + r.h * 0.60, m.icon, ink)
            self.text(label, r.cx, r.y + r.h * 0.22, m.button_font, ink, True, "center")
        else:
            self.icon(icon, r.cx, r.cy, m.icon, ink)

    def choice(self, choice: Choice, labels: list[str], chevron: int | None = None) -> None:
        m, t = self.m, self.t
        inset = 3 * m.s
        if len(choice.segments) > 1 and _is_row(choice.segments):
            self.shapes.append(RoundRect(choice.rect, t.control, m.control_radius))
        for i, (seg, label) in enumerate(zip(choice.segments, labels)):
            selected = choice.options[i] == choice.selected
            inner = seg.inset(inset)
            if selected:
                self.details.append(RoundRect(inner, t.accent, m.control_radius - inset))
            elif choice.pressed_index == i:
                self.details.append(RoundRect(inner, t.control_pressed, m.control_radius - inset))
            elif not _is_row(choice.segments):
                self.shapes.append(RoundRect(inner, t.control, m.control_radius - inset))
            ink = t.on_accent if selected else t.text
            size = m.choice_font
            label = tm.fit(label, size, inner.w - (28 if i == chevron else 8) * m.s, selected)
            width = tm.measure(label, size, selected)
            if i == chevron:
                chev = 12 * m.s
                x0 = seg.cx - (width + 6 * m.s + chev) / 2
                self.text(label, x0, seg.cy, size, ink, selected)
                up = "chevron_down" if self.hud.popup_open else "chevron_up"
                self.icon(up, x0 + width + 6 * m.s + chev / 2, seg.cy, chev, ink)
            else:
                self.text(label, seg.cx, seg.cy, size, ink, selected, "center")

    def slider(self, slider: Slider) -> None:
        m, t, s = self.m, self.t, self.m.s
        y, x0, x1, tx = slider.track_y, slider.track_x0, slider.track_x1, slider.thumb_x
        h = 6 * s
        self.shapes.append(RoundRect(Rect(x0 - h / 2, y - h / 2, x1 - x0 + h, h), t.track, h / 2))
        self.details.append(RoundRect(Rect(x0 - h / 2, y - h / 2, tx - x0 + h, h), t.accent, h / 2))
        if slider.captured:
            self.details.append(Circle(tx, y, m.thumb * 2.0, with_alpha(t.accent, 0.28)))
        # The thumb's shadow is a blurred circle of its own: cheaper to draw
        # than a shape with a built-in shadow.
        mark = None
        if slider is getattr(self.hud, "lr_slider", None):
            mark = self.hud.state.lr_mark
        if mark is not None and slider.low <= mark <= slider.high:
            # The stability limit 2/λmax: a bright tick across the track.
            mx = x0 + slider.fraction_of(mark) * (x1 - x0)
            self.details.append(RoundRect(Rect(mx - 1.5 * s, y - 11 * s, 3 * s, 22 * s), MARK_COLOUR, 1.5 * s))
        self.tops.append(Circle(tx, y - 1.5 * s, m.thumb + 0.5 * s, (0, 0, 0, 0.4), blur=3 * s))
        self.tops.append(Circle(tx, y, m.thumb, t.thumb))


MARK_COLOUR = (1.0, 1.0, 1.0, 0.95)   # the stability limit on the learning-rate slider


def _is_row(segments: list[Rect]) -> bool:
    return all(abs(seg.y - segments[0].y) < 1e-6 for seg in segments)


def build_draw_list(hud) -> list:
    """Everything in one list, ordered so that it batches into few draws."""
    base = Painter(hud)
    _dock(base, hud)
    _fullscreen(base, hud)
    if hud.layout.info is not None:
        _info(base, hud)
    out = base.result()
    if hud.popup_open and hud.layout.popup is not None:
        top = Painter(hud)
        _popup(top, hud)
        out += top.result()
    return out


def _dock(base: Painter, hud) -> None:
    lay, st, m, t = hud.layout, hud.state, base.m, base.t
    if lay.dock is not None:
        base.panel(lay.dock)
        base.shapes.extend(RoundRect(r, t.separator, r.w / 2) for r in lay.separators)
    if hud.play.visible:
        base.button(hud.play, True, hud.play.current_label, hud.play.current_icon)
    for b in (hud.step_button, hud.reset_button):
        if b.visible:
            base.button(b, label=b.label, icon=b.icon)
    if "optimizer" in lay.groups:
        base.caption(lay.groups["optimizer"], _("Optimizer"))
        choice = hud.optimizer_choice
        labels = list(choice.labels)
        if choice.selected == "more" and st.optimizer in hud.optimizer_labels:
            labels[-1] = hud.optimizer_labels[st.optimizer]
        base.choice(choice, labels, chevron=None if hud.visitor else len(labels) - 1)
    for name, slider in hud.sliders().items():
        if name in lay.groups:
            base.caption(lay.groups[name], slider.label, slider.text())
            base.slider(slider)
    if hud.visitor and "lr" in lay.groups:
        # The technical name, small beneath "Step size", for the curious.
        g = lay.groups["lr"]
        base.text(_(STEP_SIZE_TECHNICAL), g.x + 2 * m.s, g.y + 9 * m.s, max(m.caption_font * 0.8, 11.0),
                  t.text_dim)
    for b in (hud.lr_down, hud.lr_up):
        if b.visible:
            base.button(b, icon=b.icon)
    if "zoom" in lay.groups:
        base.caption(lay.groups["zoom"], _("Zoom"))
        for b in (hud.zoom_out, hud.zoom_in):
            base.button(b, icon=b.icon)


def _fullscreen(p: Painter, hud) -> None:
    fs, m, t = hud.fullscreen, p.m, p.t
    p.panel(fs.rect, m.control_radius)
    if fs.armed:
        p.details.append(RoundRect(fs.rect, t.control_pressed, m.control_radius))
    p.icon(fs.current_icon, fs.rect.cx, fs.rect.cy, m.icon, t.text)


def _popup(p: Painter, hud) -> None:
    p.panel(hud.layout.popup, p.m.control_radius + p.m.popup_pad, floating=True)
    p.choice(hud.more_choice, hud.more_choice.labels)


def _info(p: Painter, hud) -> None:
    lay, st, m, t = hud.layout, hud.state, p.m, p.t
    r = lay.info
    p.panel(r)
    y = r.top - m.pad - m.info_line / 2
    rows = [(_("Optimizer"), hud.optimizer_labels.get(st.optimizer, st.optimizer)),
            (hud.lr_key(), hud.lr_slider.fmt(st.lr) if st.lr is not None else "—"),
            (_("Step"), number(f"{int(st.step):,}")),
            (_("Loss"), _format_loss(st.loss, hud.visitor))]
    if st.curvature:
        rows += [(_("Curvature"), st.curvature), (_("Stable lr below"), st.stable_below)]
    rows = rows[:lay.info_rows]
    for key, value in rows:
        p.text(key, r.x + m.pad, y, m.info_font, t.text_dim)
        p.text(value, r.right - m.pad, y, m.info_font, t.text, True, "right")
        y -= m.info_line
    key = hud.status_key()
    if key is None:
        return
    colour = t.status[key]
    pill = Rect(r.x + m.pad * 0.6, r.y + m.pad * 0.6, r.w - 1.2 * m.pad, m.status_height)
    p.shapes.append(RoundRect(pill, with_alpha(colour, 0.16), pill.h / 2))
    dot = 5 * m.s
    p.details.append(Circle(pill.x + pill.h / 2, pill.cy, dot, colour))
    text = tm.fit(hud.status_texts()[key], m.info_font, pill.w - pill.h - 8 * m.s, True)
    p.text(text, pill.x + pill.h / 2 + dot + 8 * m.s, pill.cy, m.info_font, colour, True)


def _format_loss(loss, plain: bool = False) -> str:
    if loss is None:
        return "—"
    return plain_number(loss).replace("-", "−") if plain else format_number(loss, 3)


def notice_pill(hud, text: str, fill: float | None = None, width: float | None = None) -> list:
    """A rounded label centred just above the dock (where a file was saved,
    how far a basin map has got); with ``fill`` (0..1) it is also a progress
    bar, and keeps a fixed ``width`` (design pixels)."""
    theme, scale = hud.theme, hud.scale
    size = 15 * scale
    text = tm.fit(text, size, hud.width - 60 * scale)
    w = width * scale if width is not None else tm.measure(text, size) + 36 * scale
    h = 40 * scale
    dock = getattr(hud.layout, "dock", None)
    x, y = (hud.width - w) / 2, (dock.top if dock is not None else 0) + 12 * scale
    shapes = [RoundRect(Rect(x, y, w, h), theme.panel, radius=h / 2)]
    if fill is not None:
        inset = 4 * scale
        inner_h = h - 2 * inset
        shapes.append(RoundRect(Rect(x + inset, y + inset, max((w - 2 * inset) * fill, inner_h), inner_h),
                                (theme.accent[0], theme.accent[1], theme.accent[2], 0.35),
                                radius=inner_h / 2))
    return shapes + [Text(text, x + w / 2, tm.baseline_for_centre(y + h / 2, size), size, theme.text,
                          align="center")]
