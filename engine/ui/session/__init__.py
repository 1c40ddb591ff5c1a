"""The interactive session (L1): ``Session`` (core.py), the model-facing
state of one scene and the controllers around it, and what each of its
actions does (handlers.py). Imports models and the other ui packages below
it; nothing here imports GL or windows."""

from engine.ui.session.core import Session
from engine.ui.session.handlers import SESSION_HANDLERS, ZOOM_STEP

__all__ = ["SESSION_HANDLERS", "ZOOM_STEP", "Session"]
