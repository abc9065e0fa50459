"""Logs without personal data (voice/logsafe.py): scrubbing, every logger, werkzeug's request log."""

import logging
import threading
import urllib.request

import pytest
from flask import Flask
from werkzeug.serving import make_server

from voice import logsafe
from voice.logsafe import ScrubFilter, scrub


@pytest.mark.parametrize("raw, expected", [
    ("sign-in from 192.168.10.4 failed", "sign-in from [ip] failed"),
    ("client 2001:db8::17 and ::1", "client [ip] and ::1"),
    ("fe80::1%eth0 says hi", "[ip] says hi"),
    ("account Sam.Jones+x@council.gov.uk locked", "account [email] locked"),
    ("NHS 943 476 5919 / 9434765919 / 943-476-5919", "NHS [nhs-number] / [nhs-number] / [nhs-number]"),
    ("lives at SW1A 1AA near m1 1ae and EC1A1BB", "lives at [postcode] near [postcode] and [postcode]"),
])
def test_scrub_replaces_personal_data(raw, expected):
    assert scrub(raw) == expected


@pytest.mark.parametrize("text", [
    "job 42 finished in 12:30:05", "GET /practice/documents/17 HTTP/1.1 200",
    "imported 12345 notes", "version 3.8.0", "seq 123456789 verified",
])
def test_scrub_leaves_ordinary_text_alone(text):
    assert scrub(text) == text


def test_records_from_any_logger_are_scrubbed_once_the_app_is_built(app, caplog):
    caplog.set_level(logging.INFO)
    logging.getLogger("voice.anything").warning("user %s from %s", "a.person@example.org", "10.1.2.3")
    logging.getLogger("some.library").info("NHS number %s", "9434765919")
    assert "user [email] from [ip]" in caplog.text and "NHS number [nhs-number]" in caplog.text
    assert "example.org" not in caplog.text and "10.1.2.3" not in caplog.text


def test_tracebacks_are_scrubbed_too(app, caplog):
    try:
        raise ValueError("no account for jo@example.org at 172.16.0.9")
    except ValueError:
        logging.getLogger("voice.anything").exception("lookup failed")
    assert "jo@example.org" not in caplog.text and "172.16.0.9" not in caplog.text
    assert "no account for [email] at [ip]" in caplog.text


def test_scrub_filter_works_on_a_single_handler():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "from %s", ("8.8.8.8",), None)
    assert ScrubFilter().filter(record) and record.getMessage() == "from [ip]"


def test_installing_twice_wraps_the_record_factory_once(app):
    factory = logging.getLogRecordFactory()
    logsafe.install_record_factory()
    assert logging.getLogRecordFactory() is factory


def test_werkzeug_request_log_has_no_client_address(app, caplog):
    caplog.set_level(logging.INFO, logger="werkzeug")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{server.port}/healthz").read()
    finally:
        server.shutdown()
        thread.join()
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug" and "/healthz" in r.getMessage()]
    assert lines and all(line.startswith("- - - [") for line in lines)
    assert "127.0.0.1" not in caplog.text


def test_the_error_log_of_an_unexpected_exception_names_no_one(app, caplog):
    def explode():
        raise RuntimeError("failed for 943 476 5919 at 10.0.0.8")

    app.add_url_rule("/_explode", "explode", explode)
    response = app.test_client().get("/_explode")
    assert response.status_code == 500
    assert "943 476 5919" not in caplog.text and "10.0.0.8" not in caplog.text


def test_logsafe_init_app_needs_no_app_state():
    logsafe.init_app(Flask("bare"))  # safe to call for any app, any number of times


@pytest.mark.parametrize("own", ["Running on http://127.0.0.1:5000", "listening on [::1]:8000",
                                 "bound to 0.0.0.0:8000"])
def test_the_machine_s_own_addresses_stay(own):
    assert scrub(own) == own


def test_a_client_address_next_to_a_loopback_one_is_still_scrubbed():
    assert scrub("127.0.0.1 forwarded for 81.2.69.160") == "127.0.0.1 forwarded for [ip]"
