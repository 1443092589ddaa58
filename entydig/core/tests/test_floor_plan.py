"""The floor plan's size rule: no module of production code grows past what a reader takes in (STYLE.md: an app
that grows past ~600 lines in one file splits by concern). The import rules are `lint-imports` in `make lint`."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

LIMIT = 600


def test_it_keeps_every_production_module_under_600_lines() -> None:
    root = Path(settings.BASE_DIR) / "entydig"
    too_long = {
        str(path.relative_to(root)): n
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert too_long == {}
