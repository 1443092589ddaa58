"""The money in the board's reports: the pixi report's economy section and the board pack's budget overview."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from entydig.budget import services as budget_services
from entydig.budget import spending
from entydig.budget.models import CostType
from entydig.conftest import Cast
from entydig.core.quarters import Quarter
from entydig.meetings import services as meeting_services
from entydig.meetings.models import AgendaItem
from entydig.reports.pixi import pixi_build
from entydig.reports.tests.conftest import QUARTER

Q = Quarter.parse(QUARTER)


@pytest.fixture
def budget(cast: Cast) -> None:
    """2026: 200.000 kr. on the activity (10.000 kr. spent a quarter: far under), 100.000 kr. on the other one
    (25.000 kr. a quarter: on budget)."""
    wage = CostType.objects.get(code="løn")
    budget_services.budget_lines_set(
        actor=cast.secretariat_user,
        plan=cast.plan,
        lines=[
            budget_services.LineSpec(cast.activity, year, funder, wage, False, Decimal(amount))
            for year in (2026, 2027)
            for funder, amount in (("lbf", "150000"), ("kommune", "50000"))
        ]
        + [budget_services.LineSpec(cast.other_activity, 2026, "lbf", wage, False, Decimal("100000"))],
    )
    budget_services.budget_approve(actor=cast.secretariat_user, plan=cast.plan, approved_on=dt.date(2026, 1, 10))
    for quarter in (1, 2, 3):
        for target, amount in ((cast.activity, "10000"), (cast.other_activity, "25000")):
            spending.actual_set(
                actor=cast.secretariat_user,
                plan=cast.plan,
                target=target,
                year=2026,
                quarter=quarter,
                amount=Decimal(amount),
            )


def test_the_pixi_report_has_a_short_economy_section(cast: Cast, budget: None) -> None:
    economy = pixi_build(cast.plan, Q)["economy"]
    assert economy["year"] == 2026 and economy["quarter_label"] == Quarter(2026, 3).label
    assert economy["total"]["budget"] == "300.000 kr." and economy["total"]["spent"] == "105.000 kr."
    assert economy["total"]["spent_share"] == "35 %"
    assert [(a["budget"], a["spent"]) for a in economy["areas"]] == [("300.000 kr.", "105.000 kr.")]
    assert economy["line"] == f"{cast.activity.name} har brugt 15 % af årets budget efter 3. kvartal; prognose 20 %."
    page = cast.client("board").get(f"/plans/{cast.plan.pk}/pixi/?quarter={QUARTER}").content.decode()
    assert "5. Økonomien i 2026" in page and economy["line"] in page and "105.000 kr." in page
    assert f"/plans/{cast.plan.pk}/finance/?year=2026" in page


def test_the_pixi_report_leaves_the_economy_out_without_a_budget(cast: Cast) -> None:
    assert pixi_build(cast.plan, Q)["economy"] == {}
    page = cast.client("board").get(f"/plans/{cast.plan.pk}/pixi/?quarter={QUARTER}").content.decode()
    assert "Økonomien i" not in page


def _pack(cast: Cast, meeting_pk: int) -> tuple[list[str], str]:
    response = cast.client("board").get(f"/plans/{cast.plan.pk}/meetings/{meeting_pk}/board-pack.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    titles = [str(o.title) for o in reader.outline if not isinstance(o, list)]
    return titles, "\n".join(p.extract_text() for p in reader.pages)


def test_the_board_pack_has_the_budget_overview_when_the_agenda_approves_a_budget(cast: Cast, budget: None) -> None:
    meeting = meeting_services.meeting_create(
        actor=None, plan=cast.plan, body=cast.board, start=dt.datetime(2026, 12, 20, 14, tzinfo=dt.UTC)
    )
    meeting_services.agenda_item_create(actor=None, meeting=meeting, title="Orientering")
    titles, text = _pack(cast, meeting.pk)
    assert "Budgetoversigt" not in titles
    meeting_services.agenda_item_create(
        actor=None, meeting=meeting, title="Godkendelse af regnskab 2026", kind=AgendaItem.Kind.APPROVAL
    )
    titles, text = _pack(cast, meeting.pk)
    assert "Budgetoversigt" in titles
    assert "Budget i alt: 500.000 kr." in text and "Lokal medfinansiering: 20,0 %" in text
    assert "Kravet er ikke opfyldt" in text


def test_the_board_pack_has_the_budget_overview_when_a_prioritisation_moves_money(cast: Cast, budget: None) -> None:
    meeting = meeting_services.meeting_create(
        actor=None, plan=cast.plan, body=cast.board, start=dt.datetime(2026, 12, 20, 14, tzinfo=dt.UTC)
    )
    item = meeting_services.agenda_item_create(
        actor=None, meeting=meeting, title="Prioritering", kind=AgendaItem.Kind.PRIORITISATION
    )
    assert "Budgetoversigt" not in _pack(cast, meeting.pk)[0]
    meeting_services.reallocation_add(
        actor=cast.secretariat_user,
        item=item,
        from_activity=cast.activity,
        to_activity=cast.other_activity,
        year=2027,
        funder="lbf",
        amount=Decimal("50000"),
    )
    titles, text = _pack(cast, meeting.pk)
    assert "Budgetoversigt" in titles and "50.000 kr. fra" in text
