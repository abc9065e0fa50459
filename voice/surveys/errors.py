"""The one error a survey definition raises: every problem found, each with its line or row."""

from collections.abc import Iterable


class SurveyError(tuple):
    """One problem: the pair (line, message), which also knows its column when there is one."""

    column: int | None

    def __new__(cls, line: int | None, message: str, column: int | None = None) -> "SurveyError":
        error = super().__new__(cls, (line, message))
        error.column = column
        return error

    @property
    def line(self) -> int | None:
        """The line (YAML) or row (XLSForm survey sheet) the problem is on, if known."""
        return self[0]

    @property
    def message(self) -> str:
        """What is wrong and what to do about it."""
        return self[1]

    def describe(self, unit: str = "line") -> str:
        """The problem as one line of text: 'line 4, column 3: ...'."""
        if self.line is None:
            return self.message
        where = f"{unit} {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class InvalidSurvey(ValueError):
    """A survey definition that cannot be used. `errors` lists every (line, message) found."""

    def __init__(self, errors: Iterable[SurveyError | tuple[int | None, str]], source: str = "",
                 unit: str = "line", summary: str = "") -> None:
        self.errors = [e if isinstance(e, SurveyError) else SurveyError(*e) for e in errors]
        self.source, self.unit, self.summary = source, unit, summary
        super().__init__(self.__str__())

    def __str__(self) -> str:
        count = len(self.errors)
        head = f"{self.source}: " if self.source else ""
        head += self.summary or ("1 problem" if count == 1 else f"{count} problems")
        lines = [error.describe(self.unit) for error in self.errors]
        return head + ":\n" + "\n".join(f"  {line}" for line in lines)
