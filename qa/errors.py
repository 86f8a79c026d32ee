"""One base for every error the user should see as one line.

Every error a stage raises on purpose (a bad setting, an unreadable index, a backend that
does not answer, a question with no words) derives from QAError, and str(exc) is the whole
message: the CLI and the UI each catch QAError in one place and show that line, never a
traceback. OSError (a full disk, a folder without permission) is shown the same way.
"""

from __future__ import annotations

from typing import ClassVar


class QAError(Exception):
    """A failure the user can act on; str(exc) is the one-line message."""

    exit_code: ClassVar[int] = 1  # what `qa` exits with when this ends a command


def one_line(exc: BaseException) -> str:
    """The message a user sees for `exc`: a QAError's own words, an OSError's reason and
    file, anything else its type and first line."""
    if isinstance(exc, QAError):
        text = str(exc)
    elif isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        text = f"{exc.strerror}{where}"
    else:
        text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return " ".join(lines) if lines else type(exc).__name__
