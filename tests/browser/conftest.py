"""Fixtures for the browser tests: the app served over HTTP, one Chromium per test module, and
a fresh tablet-sized context per test (810x1080, touch), as a child's tablet would be."""

import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from voice.surveys import store_shipped_surveys

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TABLET = {"viewport": {"width": 810, "height": 1080}, "has_touch": True, "is_mobile": True}


@pytest.fixture
def server_url(app) -> Iterator[str]:
    """The app served over HTTP on a free localhost port, in a thread."""
    server = make_server("localhost", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the whole module: launching it is the slow part."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def tablet(browser):
    """A fresh tablet context (no cookies, no service worker) with JavaScript on."""
    context = browser.new_context(**TABLET)
    yield context
    context.close()


@pytest.fixture
def tablet_without_js(browser):
    """A fresh tablet context with JavaScript switched off."""
    context = browser.new_context(**TABLET, java_script_enabled=False)
    yield context
    context.close()


@pytest.fixture
def shipped(session) -> None:
    """Every shipped survey stored."""
    store_shipped_surveys(session)
    session.commit()
