"""How the interface looks (L1): the theme, the text size and reduced motion.

The projector theme is for classrooms with washed-out projectors (PhET has
one too): light panels with near-black text, a light backdrop, wider trails
and larger text. Reduced motion stops the camera coasting after a flick and
the kiosk's slow attract orbit.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.ui.dock.draw import Theme

PROJECTOR = Theme(
    panel=(0.98, 0.98, 0.97, 0.97),
    panel_edge=(0.0, 0.0, 0.0, 0.45),
    shadow=(0.0, 0.0, 0.0, 0.25),
    text=(0.03, 0.03, 0.05, 1.0),
    text_dim=(0.18, 0.18, 0.22, 1.0),
    accent=(0.78, 0.33, 0.0, 1.0),
    accent_pressed=(0.60, 0.25, 0.0, 1.0),
    on_accent=(1.0, 1.0, 1.0, 1.0),
    control=(0.0, 0.0, 0.0, 0.10),
    control_pressed=(0.0, 0.0, 0.0, 0.28),
    separator=(0.0, 0.0, 0.0, 0.30),
    track=(0.0, 0.0, 0.0, 0.40),
    thumb=(0.05, 0.05, 0.08, 1.0),
    status={"running": (0.0, 0.33, 0.75, 1.0), "paused": (0.25, 0.25, 0.30, 1.0),
            "global": (0.0, 0.48, 0.15, 1.0), "local": (0.62, 0.38, 0.0, 1.0),
            "diverged": (0.75, 0.08, 0.08, 1.0)},
)
THEMES = {"dark": Theme(), "projector": PROJECTOR}
#: (top, bottom) of the backdrop behind the landscape; None: the usual dark one.
BACKDROPS = {"dark": None, "projector": ((0.97, 0.97, 0.95), (0.80, 0.82, 0.85))}
#: The "Larger text" switch of the View menu; the kiosk's text_size takes any.
LARGER_TEXT = 1.25
TEXT_SIZE_RANGE = (0.75, 2.0)


@dataclass(frozen=True)
class Display:
    theme: str = "dark"
    text_size: float = 1.0
    reduced_motion: bool = False

    @property
    def projector(self) -> bool:
        return self.theme == "projector"

    @property
    def text_scale(self) -> float:
        """The projector theme sets everything a little larger as well."""
        return self.text_size * (1.15 if self.projector else 1.0)

    @property
    def line_scale(self) -> float:
        return 1.6 if self.projector else 1.0

    def switches(self) -> dict[str, bool]:
        """The View menu's switches, as this display has them."""
        return {"projector": self.projector, "large_text": self.text_size > 1.0,
                "reduced_motion": self.reduced_motion}
