"""Template filters for people, not machines: dates and times as a reader says them."""

from datetime import date, datetime
from typing import Any

from flask import Flask


def readable_time(value: Any) -> str:
    """'4 December 2026, 21:05 UTC' from a datetime or an ISO string; a date without the time.

    Packages and exports keep ISO 8601 (for machines); this is only how a page shows it.
    Anything that is not a date or time is shown as it is, so a template never fails on it.
    """
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        zone = " UTC" if value.tzinfo is not None and value.utcoffset().total_seconds() == 0 else ""
        return f"{value.day} {value:%B %Y, %H:%M}{zone}"
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    return "" if value is None else str(value)


def register_filters(app: Flask) -> None:
    """Make the filters available to every template as `when`."""
    app.add_template_filter(readable_time, "when")
