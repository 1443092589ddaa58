"""Starts a real server on a fresh, seeded database and gives each test a Chromium page with helpers.

The server runs in its own process (gunicorn on 127.0.0.1), so the journeys see exactly what a user sees;
nothing here touches the database through Django's ORM.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from e2e.helpers import ARTIFACTS, Journey

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
PORTS = range(int(os.environ.get("E2E_PORT", "8110")), int(os.environ.get("E2E_PORT", "8110")) + 10)


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {PORTS.start}-{PORTS.stop - 1}")


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The base URL of a gunicorn serving a freshly migrated database with the demo data."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="entydig-e2e-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'e2e.sqlite3'}",
        "MEDIA_ROOT": str(tmp / "media"),
        # DEBUG serves the static files straight from the npm packages; the demo logins need DEMO_MODE.
        # Production's Secure cookies would need HTTPS, which a local test server does not have.
        "DEBUG": "1",
        "DEMO_MODE": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONUNBUFFERED": "1",
    }
    python = sys.executable
    for args in (["migrate", "--noinput"], ["seed_demo"]):
        subprocess.run(  # noqa: S603 (fixed arguments)
            [python, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
        )
    port = _free_port()
    log = (ARTIFACTS / "server.log").open("w")
    proc = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [
            python,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--access-logfile",
            "-",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310 (local http)
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"The test server did not start; see {ARTIFACTS / 'server.log'}")
            time.sleep(0.2)
        os.environ["E2E_DATABASE_URL"] = env["DATABASE_URL"]
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    )
    yield browser
    browser.close()


@pytest.fixture
def journey(request: pytest.FixtureRequest, server: str, browser: Browser) -> Iterator[Journey]:
    """A fresh browser context (no cookies) with screenshot, accessibility and login helpers."""
    contexts: list[BrowserContext] = []

    def new_page() -> Page:
        context = browser.new_context(base_url=server, locale="da-DK", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        return context.new_page()

    j = Journey(name=request.node.name, base=server, new_page=new_page)
    yield j
    for context in contexts:
        context.close()
    j.assert_clean()
