"""Where every HUD control goes for a window of a given size.

The controls sit in a dock at the bottom centre, in groups (playback,
optimizer, the sliders, zoom) that flow left to right and wrap into more rows
when the window is narrow. When even that does not fit, the least important
groups are left out, so a tiny window still shows Play. The info panel takes
the top-left corner and the fullscreen button the top-right one.

All sizes are design pixels at 1080p multiplied by the UI scale, so touch
targets stay at least 48 px tall on a 1080p screen and grow with the window.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.ui.widgets import textmetrics as tm
from engine.ui.widgets.controls import Rect
from engine.support.i18n import _


class Metrics:
    """Design sizes in pixels for one UI scale, as attributes (``m.control``).

    Worked out once per layout: drawing reads them many times a frame.
    """

    def __init__(self, s: float):
        self.s = s
        for name, value in _DESIGN.items():
            value *= s
            # Below about 11 px DejaVu stops being comfortable to read.
            setattr(self, name, max(value, MIN_FONT_PX) if name.endswith("_font") else value)


MIN_FONT_PX = 11.0

_DESIGN = {
    "margin": 20, "pad": 14, "group_gap": 32, "row_gap": 14, "inner_gap": 8,
    "caption": 28, "control": 56, "panel_radius": 20, "control_radius": 14,
    "caption_font": 15, "button_font": 14, "choice_font": 16, "info_font": 17,
    "info_line": 28, "status_height": 36, "icon": 26, "thumb": 13,
    "fullscreen": 56, "slider_min": 150, "popup_pad": 6,
}

# Natural slider widths at scale 1; sliders keep this width in big windows
# and shrink towards slider_min in small ones.
SLIDER_WIDTHS = {"lr": 300, "momentum": 240, "speed": 240}

# Groups are left out in this order when the dock does not fit.
DROP_ORDER = ("speed", "zoom", "momentum", "optimizer", "lr", "transport")


@dataclass
class Layout:
    width: int
    height: int
    m: Metrics
    dock: Rect | None = None
    groups: dict[str, Rect] = field(default_factory=dict)
    separators: list[Rect] = field(default_factory=list)
    fullscreen: Rect | None = None
    info: Rect | None = None
    info_rows: int = 0
    popup: Rect | None = None


def ui_scale(height: float, user_scale: float = 1.0, width: float | None = None) -> float:
    """The interface scale: 1 at 1080 pixels on the screen's short side, so
    a portrait screen gets the same finger-sized controls as a landscape one
    of the same resolution (not ones scaled by its long side)."""
    short = height if width is None else min(height, width)
    return max(0.6, short / 1080.0) * user_scale


def label_width(labels, size) -> float:
    return max(tm.measure(label, size) for label in labels)


def transport_labels(hud) -> list[list[str]]:
    return [[hud.play.label, hud.play.label_on], [hud.step_button.label], [hud.reset_button.label]]


def slider_value_templates(slider) -> list[str]:
    """What a slider's value may read, for the room its caption needs."""
    probes = [slider.low, slider.high, (slider.low + slider.high) / 2, 0.00012, 0.0012]
    return [slider.fmt(v) if callable(slider.fmt) else slider.fmt.format(v) for v in probes]


def optimizer_segment_labels(hud) -> list[tuple[list[str], float]]:
    """Labels each front segment may show, and room (design px) for a chevron."""
    if hud.visitor:
        return [([label], 0.0) for label in hud.optimizer_choice.labels]
    segs = [([label], 0.0) for label in hud.optimizer_choice.labels[:-1]]
    segs.append(([*hud.more_choice.labels, _("More")], 22.0))
    return segs


def control_row(group: Rect, m: Metrics) -> Rect:
    return Rect(group.x, group.y, group.w, m.control)


def transport_widths(hud, m: Metrics) -> list[float]:
    """Natural widths of Play, Step and New start: room for their longest label."""
    return [max(76 * m.s, label_width(labels, m.button_font) + 28 * m.s)
            for labels in transport_labels(hud)]


def group_widths(hud, m: Metrics) -> dict[str, tuple[float, float]]:
    """(natural, minimum) width of every group the dock could show."""
    widths = {}
    button_w = transport_widths(hud, m)
    gaps = m.inner_gap * (len(button_w) - 1)
    widths["transport"] = (sum(button_w) + gaps, len(button_w) * m.control + gaps)
    seg_nat, seg_min = choice_segment_widths(hud, m)
    widths["optimizer"] = (sum(seg_nat), sum(seg_min))
    for name, slider in hud.sliders().items():
        caption = (tm.measure(slider.label, m.caption_font)
                   + label_width(slider_value_templates(slider), m.caption_font)
                   + 16 * m.s)
        low = max(m.slider_min, caption)
        widths[name] = (max(SLIDER_WIDTHS[name] * m.s, low), low)
    zoom = 2 * m.control + m.inner_gap
    widths["zoom"] = (zoom, zoom)
    return widths


def choice_segment_widths(hud, m: Metrics) -> tuple[list[float], list[float]]:
    natural, minimum = [], []
    for labels, extra in optimizer_segment_labels(hud):
        text = label_width(labels, m.choice_font) + extra * m.s
        natural.append(max(m.control * 1.3, text + 36 * m.s))
        minimum.append(max(m.control, text + 12 * m.s))
    return natural, minimum


def share(total: float, natural: list[float], minimum: list[float]) -> list[float]:
    """Split ``total`` among items: natural widths when there is room, else
    each keeps its minimum and the rest goes where it is missed most."""
    if total >= sum(natural):
        return [total * n / sum(natural) for n in natural]
    slack = [max(0.0, n - m) for n, m in zip(natural, minimum)]
    extra = max(0.0, total - sum(minimum))
    if sum(slack) <= 0:
        return [total * m / sum(minimum) for m in minimum]
    return [m + extra * sl / sum(slack) for m, sl in zip(minimum, slack)]


def _pack(names, widths, avail: float, gap: float):
    """Greedy left-to-right flow; returns rows of (name, width) or None."""
    rows: list[list[tuple[str, float]]] = [[]]
    used = 0.0
    for name in names:
        natural, minimum = widths[name]
        lead = gap if rows[-1] else 0.0
        if used + lead + natural <= avail:
            w = natural
        elif rows[-1] and used + lead + minimum <= avail:
            w = avail - used - lead
        else:
            if rows[-1]:
                rows.append([])
                lead = 0.0
                used = 0.0
            if minimum > avail:
                return None
            w = min(natural, avail)
        rows[-1].append((name, w))
        used += lead + w
    return rows


def _pack_tight(names, widths, avail: float, gap: float):
    """The groups in two rows, split where both rows give up the least of
    their natural widths; None if no split fits."""
    best, best_score = None, -1.0
    for k in range(1, len(names)):
        rows = [names[:k], names[k:]]
        score, placed = 1.0, []
        for row in rows:
            room = avail - gap * (len(row) - 1)
            natural = [widths[n][0] for n in row]
            least = [widths[n][1] for n in row]
            if sum(least) > room:
                break
            score = min(score, room / sum(natural))
            placed.append(list(zip(row, natural if sum(natural) <= room else share(room, natural, least))))
        else:
            if score > best_score:
                best, best_score = placed, score
    return best


def layout_dock(names, widths, w: int, max_height: float, m: Metrics):
    """Rows of groups centred at the bottom; drops groups until they fit."""
    names = list(names)
    row_h = m.caption + m.control
    avail = w - 2 * m.margin - 2 * m.pad
    while names:
        rows = _pack(names, widths, avail, m.group_gap)
        tight = _pack_tight(names, widths, avail, m.group_gap)
        if tight is not None and (rows is None or len(tight) < len(rows)):
            rows = tight  # fewer, fuller rows: a compact dock on a narrow screen
        if rows is not None:
            height = len(rows) * row_h + (len(rows) - 1) * m.row_gap + 2 * m.pad
            if height <= max_height:
                return _place_rows(rows, w, height, m)
        for drop in DROP_ORDER:
            if drop in names:
                names.remove(drop)
                break
    return None, {}, []


def _place_rows(rows, w: int, height: float, m: Metrics):
    row_h = m.caption + m.control
    row_widths = [sum(wd for _, wd in row) + m.group_gap * (len(row) - 1) for row in rows]
    panel_w = max(row_widths) + 2 * m.pad
    dock = Rect(round((w - panel_w) / 2), m.margin, panel_w, height)
    groups, separators = {}, []
    y = dock.top - m.pad - row_h
    for row, row_w in zip(rows, row_widths):
        x = dock.x + (dock.w - row_w) / 2
        for i, (name, wd) in enumerate(row):
            if i:
                separators.append(Rect(x - m.group_gap / 2 - 0.5 * m.s, y + 8 * m.s,
                                       max(1.0, m.s), row_h - 16 * m.s))
            groups[name] = Rect(x, y, wd, row_h)
            x += wd + m.group_gap
        y -= row_h + m.row_gap
    return dock, groups, separators


def info_size(hud, m: Metrics, rows: int) -> tuple[float, float]:
    keys, values = info_templates(hud)
    key_w = label_width(keys, m.info_font)
    value_w = label_width(values, m.info_font)
    status_w = max(tm.measure(t, m.info_font, True) for t in hud.status_texts().values()) + 44 * m.s
    width = max(key_w + 24 * m.s + value_w, status_w) + 2 * m.pad
    height = rows * m.info_line + m.status_height + 2 * m.pad + (8 * m.s if rows else 0)
    return width, height


def info_templates(hud) -> tuple[list[str], list[str]]:
    """The info panel's keys and the widest values it may show, to size it
    once for every state it can be in."""
    keys = [_("Optimizer"), hud.lr_key(), _("Step"), _("Loss")]
    values = list(hud.optimizer_labels.values()) + ["0.00010", "−0.00012", "0,000,000", "−1.234e+08"]
    if hud.state.curvature:   # the curvature view's two rows
        from engine.ui.panels.curvature_view import SHAPES
        keys += [_("Curvature"), _("Stable lr below")]
        values += [f"{_(shape)} · κ 1,2e12" for shape in SHAPES.values()]
    return keys, values


def layout_info(hud, lay: Layout) -> None:
    """Full table, else the status alone, else nothing: never over a control."""
    m = lay.m
    blockers = [r for r in (lay.dock, lay.fullscreen, lay.popup) if r is not None]
    for rows in (len(info_templates(hud)[0]), 0):
        w, h = info_size(hud, m, rows)
        rect = Rect(m.margin, lay.height - m.margin - h, w, h)
        if rect.y >= 0 and rect.right <= lay.width and not any(rect.overlaps(b) for b in blockers):
            lay.info, lay.info_rows = rect, rows
            return
    lay.info, lay.info_rows = None, 0


def layout_popup(items: int, labels, anchor: Rect, lay: Layout) -> tuple[Rect, list[Rect]]:
    """A column of items above ``anchor``; a row if the column is too tall."""
    m = lay.m
    item_w = max(anchor.w, label_width(labels, m.choice_font) + 40 * m.s)
    item_h = m.control
    p, gap = m.popup_pad, 4 * m.s
    bottom = (lay.dock.top if lay.dock else anchor.top) + 10 * m.s
    col_h = items * item_h + (items - 1) * gap + 2 * p
    if bottom + col_h <= lay.height - m.margin:
        panel = Rect(anchor.cx - item_w / 2 - p, bottom, item_w + 2 * p, col_h)
        panel = _clamp_x(panel, lay)
        segs = [Rect(panel.x + p, panel.top - p - (i + 1) * item_h - i * gap, item_w, item_h)
                for i in range(items)]
        return panel, segs
    # Too tall for one column: a grid of as many rows as fit above the dock,
    # filled row by row; if that is too wide, the grid may cover the dock (the
    # popup is modal: a press outside it only closes it).
    for low in (bottom, m.margin):
        fit = int((lay.height - m.margin - low - 2 * p + gap) // (item_h + gap))
        if fit < 2:
            continue
        cols = -(-items // fit)
        rows = -(-items // cols)
        grid_w = cols * item_w + (cols - 1) * gap + 2 * p
        if grid_w > lay.width - 2 * m.margin and low != m.margin:
            continue
        grid_h = rows * item_h + (rows - 1) * gap + 2 * p
        panel = _clamp_x(Rect(anchor.cx - grid_w / 2, low, grid_w, grid_h), lay)
        segs = [Rect(panel.x + p + (i % cols) * (item_w + gap),
                     panel.top - p - (i // cols + 1) * item_h - (i // cols) * gap, item_w, item_h)
                for i in range(items)]
        return panel, segs
    row_w = items * item_w + (items - 1) * gap + 2 * p
    panel = _clamp_x(Rect(anchor.cx - row_w / 2, bottom, row_w, item_h + 2 * p), lay)
    if panel.top > lay.height:
        panel = Rect(panel.x, max(0.0, lay.height - panel.h), panel.w, panel.h)
    segs = [Rect(panel.x + p + i * (item_w + gap), panel.y + p, item_w, item_h)
            for i in range(items)]
    return panel, segs


def _clamp_x(panel: Rect, lay: Layout) -> Rect:
    x = min(max(panel.x, lay.m.margin), lay.width - lay.m.margin - panel.w)
    return Rect(max(0.0, x), panel.y, panel.w, panel.h)


def place_groups(hud, lay: Layout) -> None:
    """Put each shown group's controls in its place in the dock."""
    m, groups = lay.m, lay.groups
    for widget in hud.group_widgets().values():
        for w in widget:
            w.visible = False
    if "transport" in groups:
        r = groups["transport"]
        buttons = hud.group_widgets()["transport"]
        nat = transport_widths(hud, m)
        room = r.w - m.inner_gap * (len(buttons) - 1)
        x = r.x
        for b, bw in zip(buttons, share(room, nat, [m.control] * len(nat))):
            b.rect, b.visible = Rect(x, r.y, bw, r.h), True
            x += bw + m.inner_gap
    if "optimizer" in groups:
        r = control_row(groups["optimizer"], m)
        nat, least = choice_segment_widths(hud, m)
        hud.optimizer_choice.layout_row(r, share(r.w, nat, least))
        hud.optimizer_choice.visible = True
    for name, slider in hud.sliders().items():
        if name in groups:
            slider.rect, slider.visible = control_row(groups[name], m), True
            slider.thumb_radius = m.thumb * 1.6
    if "lr" in groups:
        r = control_row(groups["lr"], m)
        bw = m.control                     # a full touch target each
        if r.w - 2 * (bw + m.inner_gap) >= 3 * m.control:
            hud.lr_slider.rect = Rect(r.x, r.y, r.w - 2 * (bw + m.inner_gap), r.h)
            hud.lr_down.rect = Rect(r.right - 2 * bw - m.inner_gap, r.y, bw, r.h)
            hud.lr_up.rect = Rect(r.right - bw, r.y, bw, r.h)
            hud.lr_down.visible = hud.lr_up.visible = True
    if "zoom" in groups:
        r = control_row(groups["zoom"], m)
        bw = (r.w - m.inner_gap) / 2
        hud.zoom_out.rect = Rect(r.x, r.y, bw, r.h)
        hud.zoom_in.rect = Rect(r.x + bw + m.inner_gap, r.y, bw, r.h)
        hud.zoom_out.visible = hud.zoom_in.visible = True
