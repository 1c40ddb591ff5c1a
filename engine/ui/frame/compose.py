"""One frame, composed (L1): the controls' and panels' draw lists, the 3-D
view framed clear of every card, and the marks over the picture, made into
the frozen ``Frame`` the GL layer draws. Every function here takes the
values it reads."""

from __future__ import annotations

from dataclasses import dataclass, replace

from engine.maths.geometry import BALL_RADIUS
from engine.ui.frame import picture_marks
from engine.ui.frame.ball_views import ball_view, noisy_gradient
from engine.ui.panels.curvature_view import curvature_cross
from engine.ui.display import BACKDROPS
from engine.ui.frame.view import Frame, FrameView, Framing, spread_together


def opaque_cards(hud, panels) -> list:
    """Every opaque card on the screen now: the dock, the info panel, the
    fullscreen button, the teaching panels, their buttons and the caption."""
    lay = hud.layout
    cards = [r for r in (lay.dock, lay.info) if r is not None]
    if lay.fullscreen is not None and hud.fullscreen.visible:
        cards.append(lay.fullscreen)
    if panels.layout is not None:
        cards += list(panels.layout.rects().values())
    # An open menu is a card too: the landscape makes room while it is open.
    if lay.popup is not None and hud.popup_open:
        cards.append(lay.popup)
    cards += [m.panel for m in panels.menus() if m.is_open and m.panel is not None]
    return cards


def screen_of(hud, views) -> picture_marks.Screen:
    return picture_marks.Screen(width=hud.width, height=hud.height, theme=hud.theme, scale=hud.scale,
                                dock=getattr(hud.layout, "dock", None), views=dict(views))


@dataclass(frozen=True)
class Moment:
    """The simulation as this frame shows it."""

    sim: object             # engine.model.simulation.Simulation
    scene: object           # engine.model.scene.Scene
    selected: int
    alpha: float            # how far through the step under way
    arrived: dict           # ball -> seconds since it reached the lowest point
    flown: dict             # ball -> seconds since it flew off
    basin: object = None    # the basin map, when shown


def balls_drawn(moment: Moment, mapping, views) -> tuple:
    sim = moment.sim
    balls = []
    for i in range(sim.n):
        ball = ball_view(sim, moment.scene, mapping, i, moment.alpha, moment.arrived.get(i),
                         moment.flown.get(i, 0.0))
        extra = {}
        felt = noisy_gradient(sim, i)
        if felt is not None and ball.step is not None:
            extra["noisy_gradient"] = felt
        if i == moment.selected and views.get("curvature"):
            extra["curvature"] = curvature_cross(sim, i, ball.x, ball.y)
        balls.append(replace(ball, **extra) if extra else ball)
    return tuple(spread_together(balls, mapping, BALL_RADIUS))


def compose_frame(hud, panels, moment: Moment, mapping, framing: Framing, display,
                  key_marks: tuple[list, list] = ([], []), notice: list | tuple = ()) -> Frame:
    """This frame as one frozen value. ``hud`` and ``panels`` already show
    the state; ``key_marks``: the keyboard's marks (below the menus, above
    everything); ``notice``: the pill above the controls."""
    views = panels.views
    panel_list, menus = panels.draw_layers()
    minimap = getattr(panels.layout, "minimap", None) if views.get("minimap") else None
    screen = screen_of(hud, views)
    cards = opaque_cards(hud, panels)
    basin = moment.basin if views.get("basin_map") else None
    keys, key_boxes = picture_marks.placed_keys(screen, moment.sim, basin, moment.selected, cards)
    framing = replace(framing, cards=tuple(cards), keys=tuple(key_boxes))
    view = FrameView(surface=moment.sim.surface, camera=framing.camera_clear_of(hud.width, hud.height,
                                                                                cards + key_boxes),
                     width=hud.width, height=hud.height, balls=balls_drawn(moment, mapping, views),
                     show_arrows=bool(views.get("arrows")), basin=basin, backdrop=BACKDROPS[display.theme],
                     line_scale=display.line_scale)
    below, above = key_marks
    caption = getattr(panels.layout, "caption", None)
    return Frame(view=view, scale=hud.scale, panels=tuple(panel_list), minimap=minimap,
                 hud=tuple(hud.draw_list()),
                 overlays=tuple(picture_marks.ball_notes(screen, view, mapping, cards) + keys
                                + list(notice)) + tuple(below),
                 menus=tuple(menus) + tuple(above), framing=framing,
                 caption=getattr(caption, "rect", None))
