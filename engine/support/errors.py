"""Errors every layer may raise (L0).

``UsageError`` is a problem the user caused (a bad option, scene file or
output path); the command line reports it as one line and exits with
status 2. It lives at the bottom so that the layers that detect such a
problem need not import the shell that reports it.
"""


class UsageError(Exception):
    """A bad option or input: reported as one line, exit status 2."""


class InstallationError(UsageError):
    """A shipped file (shader, font, scene) is missing or damaged: one line
    naming the file and asking for a reinstall, exit status 2."""

    def __init__(self, path, problem: str):
        super().__init__(f"{path}: {problem}; the installation is damaged, reinstall Downhill")


def quoted(value, limit: int = 40) -> str:
    """``value`` as a short, one-line quotation for an error message: control
    characters escaped, anything past ``limit`` characters cut with '...'."""
    text = str(value)
    cut = len(text) > limit
    text = text[:limit].encode("unicode_escape").decode("ascii")
    return f"'{text}...'" if cut else f"'{text}'"


def one_line(message: str, limit: int = 300) -> str:
    """The last guard before a message reaches the user or the log: line
    breaks escaped, overlong text cut."""
    text = " ".join(str(message).replace("\r", "\\r").replace("\n", "\\n").split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
