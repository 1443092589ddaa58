"""The Content-Security-Policy forbids inline scripts, so no template may rely on inline event handlers."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from entydig.conftest import Cast

INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


def test_it_has_no_inline_event_handlers_in_any_template() -> None:
    roots = [settings.BASE_DIR / "templates", *(settings.BASE_DIR / "entydig").glob("*/templates")]
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for root in roots
        for path in Path(root).rglob("*.html")
        if INLINE_HANDLER.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_it_asks_before_deleting_through_the_static_script(cast: Cast) -> None:
    from django.urls import reverse

    page = cast.client("secretariat").get(reverse("organisation:body_edit", args=[cast.plan.pk, cast.group.pk]))
    html = page.content.decode()
    assert 'data-confirm="Er du sikker? Det kan ikke fortrydes."' in html
    assert "onsubmit" not in html
    script = (settings.BASE_DIR / "static" / "js" / "entydig.js").read_text(encoding="utf-8")
    assert "data-confirm" in script and "window.confirm" in script
