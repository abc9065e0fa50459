"""The one error the coding services raise: a sentence that says what to do."""


class CodingError(ValueError):
    """Input the coding services refuse; `field` names the form field or option at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
