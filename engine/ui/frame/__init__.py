"""One frame as data (L1, no GL): ``view`` holds the frozen ``Frame`` and
``Framing`` the GL layer draws; ``compose`` makes a frame from the values it
reads; ``picture_marks``, ``ball_views``, ``framing`` and ``basin_palette``
are the pure pieces it is made of."""
