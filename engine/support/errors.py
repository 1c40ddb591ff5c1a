"""Errors every layer may raise (L0).

``UsageError`` is a problem the user caused (a bad option, scene file or
output path); the command line reports it as one line and exits with
status 2. It lives at the bottom so that the layers that detect such a
problem need not import the shell that reports it.
"""


class UsageError(Exception):
    """A bad option or input: reported as one line, exit status 2."""
