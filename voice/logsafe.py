"""Logs without personal data: scrub IP addresses, emails, NHS numbers and postcodes.

Logs are read by operators and shipped to places with weaker controls than the database,
so nothing in them may identify a person. Scrubbing happens as each log record is made
(a record factory), which covers every logger and every handler, including ones a server
such as gunicorn adds later; `ScrubFilter` does the same job for a single handler.
"""

import ipaddress
import logging
import re
from typing import Any

from flask import Flask

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")
IPV6_CANDIDATE = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%\w+)?(?![\w:])")
# NHS numbers are ten digits, often written 3-3-4; any such number is treated as one.
NHS_NUMBER = re.compile(r"(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")
UK_POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b", re.IGNORECASE)
# werkzeug's development-server request line starts "<client address> - - [<date>]".
WERKZEUG_CLIENT_ADDRESS = re.compile(r"^\S+ (?=- - \[)")


def _scrub_ip(match: re.Match[str]) -> str:
    """[ip] for an address that could be someone's; this machine's own addresses stay.

    Loopback and unspecified addresses identify nobody, and hiding them would make the
    server's own "Running on http://127.0.0.1:5000" line useless.
    """
    try:
        address = ipaddress.ip_address(match.group(0).split("%")[0])
    except ValueError:
        return match.group(0)  # "12:30:00" and the like are times, not addresses
    return match.group(0) if address.is_loopback or address.is_unspecified else "[ip]"


def scrub(text: str) -> str:
    """`text` with emails, IP addresses, NHS-number-like numbers and postcodes replaced."""
    text = EMAIL.sub("[email]", text)
    text = IPV4.sub(_scrub_ip, text)
    text = IPV6_CANDIDATE.sub(_scrub_ip, text)
    text = NHS_NUMBER.sub("[nhs-number]", text)
    return UK_POSTCODE.sub("[postcode]", text)


def scrub_record(record: logging.LogRecord) -> logging.LogRecord:
    """Replace a record's message (and any traceback text) with its scrubbed form, in place."""
    try:
        message = record.getMessage()
    except Exception:  # a malformed record: let logging report it as it always does
        return record
    if record.name == "werkzeug":
        message = WERKZEUG_CLIENT_ADDRESS.sub("- ", message)  # no client address at all
    record.msg, record.args = scrub(message), None
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = scrub(record.exc_text)
    if record.stack_info:
        record.stack_info = scrub(record.stack_info)
    return record


class ScrubFilter(logging.Filter):
    """A handler filter that scrubs every record it passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Scrub `record` and let it through."""
        scrub_record(record)
        return True


def install_record_factory() -> None:
    """Make every log record in this process scrubbed when it is created (idempotent)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "scrubs_personal_data", False):
        return

    def scrubbing_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return scrub_record(previous(*args, **kwargs))

    scrubbing_factory.scrubs_personal_data = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(scrubbing_factory)


def init_app(app: Flask) -> None:
    """Scrub every log record, werkzeug's request log (client addresses) included."""
    install_record_factory()
