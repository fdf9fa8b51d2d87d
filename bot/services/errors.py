"""Errors that services raise for the person at the other end (their message is Persian, one line)."""

from __future__ import annotations


class ServiceError(Exception):
    """Bad input or a refused change; nothing was stored."""

    #: Whether sending something else cannot help (the item has moved on): a conversation waiting on
    #: the change ends instead of asking again.
    final = False

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []
