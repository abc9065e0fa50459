"""The one error an import raises when it must refuse a whole file, and the row-level rejection."""

from dataclasses import dataclass


class ImportRefused(ValueError):
    """The whole file is refused before anything is stored; the message says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass  # not frozen: raising sets __traceback__ on the instance
class RowRejected(Exception):
    """One row cannot be imported; the reason never quotes the row's text or identifier."""

    row: int
    reason: str
