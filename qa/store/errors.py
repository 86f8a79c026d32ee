"""The errors an index raises (each one line for the user), and the `notify` callback type."""

from __future__ import annotations

from collections.abc import Callable

from qa.errors import QAError

Notify = Callable[[str], None]


def quiet(_: str) -> None:
    """Default `notify`: a library call prints nothing unless asked."""


class StoreError(QAError, RuntimeError):
    """The index cannot be used as it is; the message says why and what to do."""


class IndexMissing(StoreError):
    pass


class IndexCorrupt(StoreError):
    pass


class IndexMismatch(StoreError):
    pass


def reason(exc: BaseException) -> str:
    """An exception's type and last line, short enough for a one-line message."""
    text = str(exc).strip().splitlines()
    last = text[-1] if text else ""
    return f"{type(exc).__name__}: {last[:160]}" if last else type(exc).__name__
