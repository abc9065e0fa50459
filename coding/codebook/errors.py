"""The one error a codebook raises: every problem found, each with the line it is on."""

from collections.abc import Iterable

Problem = tuple[int | None, str]


class InvalidCodebook(ValueError):
    """A codebook that cannot be used. `errors` lists every (line, message) found, in line order."""

    def __init__(self, errors: Iterable[Problem], source: str = "") -> None:
        self.errors: list[Problem] = sorted(set(errors), key=lambda e: (e[0] or 0, e[1]))
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        name = f"The codebook {self.source}" if self.source else "The codebook"
        count = len(self.errors)
        head = f"{name} has {count} problem{'s' if count != 1 else ''}"
        lines = [f"line {line}: {message}" if line else message for line, message in self.errors]
        return head + ":\n" + "\n".join(f"  {line}" for line in lines)
