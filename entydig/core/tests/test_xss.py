"""Stored XSS: names and texts with <script>, event handlers and htmx attributes are inert wherever they show."""

from __future__ import annotations

from entydig.core.tests.crawl import crawl
from entydig.organisation import services
from entydig.organisation.models import Organisation

SCRIPT = "<script>alert('xss')</script>"
IMG = "<img src=x onerror=alert('xss')>"
HTMX_ELEMENT = '<div hx-get="/accounts/logout/" hx-trigger="load">'
HTMX_ATTRIBUTE = '" hx-post="/accounts/logout/" hx-trigger="load" x="'
# What would reach the browser as markup if any of them were not escaped.
LIVE = ["<script>alert(", "<img src=x", 'hx-get="/accounts/logout/"', 'hx-post="/accounts/logout/"']


def test_it_renders_hostile_names_and_texts_as_inert_text_on_every_page(cast) -> None:
    plan = cast.plan
    partner = services.organisation_create(actor=None, name="Partner " + IMG, kind=Organisation.Kind.PARTNER)
    group = services.body_create(
        actor=None,
        plan=plan,
        kind="steering_group",
        name="Gruppe " + SCRIPT,
        responsibility="Ansvar " + HTMX_ELEMENT,
    )
    person = services.person_create(actor=None, name="Per " + HTMX_ATTRIBUTE, title=SCRIPT, email="per@example.dk")
    services.membership_create(actor=None, body=group, person=person, plan=plan, role="member", representation="staff")
    services.activity_create(
        actor=None,
        plan=plan,
        name="Indsats " + HTMX_ATTRIBUTE,
        description="Beskrivelse " + IMG + HTMX_ELEMENT,
        steering_group=group,
        responsible=person,
        partners=[partner],
    )
    services.plan_update(actor=None, plan=plan, description="Plan " + SCRIPT + HTMX_ELEMENT)

    client = cast.client("secretariat")
    pages = list(crawl(client, plan.get_absolute_url(), within=(plan.get_absolute_url(), "/persons/")))

    assert len(pages) > 5
    live = [(path, marker) for path, html in pages for marker in LIVE if marker in html]
    assert live == []
    shown = {path for path, html in pages if "&lt;script&gt;alert(" in html}
    assert shown, "the hostile names should show (escaped) on some page"
    assert any("hx-post=&quot;/accounts/logout/&quot;" in html for _, html in pages)
