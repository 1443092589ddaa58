"""Real-browser journeys: Playwright driving Debian's chromium against a server started by the tests."""
