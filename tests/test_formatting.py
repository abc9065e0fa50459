"""How pages show dates and times (voice/web/formatting.py)."""

from datetime import date, datetime, timedelta, timezone

from voice.web.formatting import readable_time


def test_times_read_as_people_say_them():
    assert readable_time("2026-12-04T21:05:36.122900+00:00") == "4 December 2026, 21:05 UTC"
    assert readable_time(datetime(2026, 3, 1, 9, 5)) == "1 March 2026, 09:05"
    assert readable_time(datetime(2026, 3, 1, 9, 5, tzinfo=timezone(timedelta(hours=1)))) \
        == "1 March 2026, 09:05"
    assert readable_time(date(2025, 6, 30)) == "30 June 2025"


def test_anything_else_is_shown_as_it_is():
    assert readable_time("not a date") == "not a date"
    assert readable_time(None) == ""
    assert readable_time(7) == "7"
