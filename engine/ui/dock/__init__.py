"""The control dock (L1, no GL): ``hud`` holds the controls, declared once
in ``DOCK_GROUPS``, and reads the session's snapshot; ``layout`` places the
groups; ``draw`` turns them into draw lists."""
