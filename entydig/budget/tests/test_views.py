"""The money pages: who may see and change what, the editor with its live co-financing check, versions, forecasts,
spending and the downloads."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from entydig.budget import services
from entydig.budget.models import Actual, BudgetLine, BudgetPost, BudgetVersion, Forecast
from entydig.budget.tests.conftest import Money
from entydig.conftest import Cast
from entydig.organisation import services as organisation
from entydig.organisation.models import Body

D = Decimal
TODAY = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)
PAGES = ["budget", "edit", "versions", "numbers", "finance", "actuals", "import"]
WRITES = ["edit", "line_add", "approve", "sent", "discard", "numbers", "actuals", "import"]


def _url(cast: Cast, name: str) -> str:
    return reverse(f"budget:{name}", args=[cast.plan.pk])


@pytest.fixture
def budget(cast: Cast, money: Money) -> BudgetVersion:
    """Lektiecafé and Jobcafé (both the steering group's; the staff user runs Lektiecafé), and the secretariat."""
    money.lines(
        [
            money.spec(cast.activity, 2026, "lbf", "300000"),
            money.spec(cast.activity, 2026, "kommune", "100000", "aktiviteter", in_kind=True),
            money.spec(cast.other_activity, 2026, "lbf", "90000"),
            money.spec("secretariat", 2026, "boligorganisation", "123456.78"),
        ]
    )
    return money.approve()


def test_it_sends_anonymous_visitors_to_log_in_and_answers_outsiders_404(cast: Cast, budget: BudgetVersion) -> None:
    anonymous, outsider = cast.client(None), cast.client("outsider")
    for name in PAGES:
        assert anonymous.get(_url(cast, name))["Location"].startswith("/accounts/login/"), name
        assert outsider.get(_url(cast, name)).status_code == 404, name
    for name in WRITES:
        assert outsider.post(_url(cast, name)).status_code == 404, name
    assert cast.client(None).get(f"/api/v1/plans/{cast.plan.pk}/budget").status_code == 401
    assert outsider.get(f"/api/v1/plans/{cast.plan.pk}/budget").status_code == 404


@pytest.mark.parametrize("role", ["board", "viewer", "steering", "staff"])
def test_read_only_roles_get_403_on_every_write_and_nothing_changes(
    cast: Cast, budget: BudgetVersion, role: str
) -> None:
    client = cast.client(role)
    lines, actuals = list(BudgetLine.objects.values_list("pk", "amount")), Actual.objects.count()
    for name in WRITES:
        assert client.post(_url(cast, name), {"new-amount": "1", "amount": "1"}).status_code == 403, name
    for path in ["budget/lines", "budget/approve"]:
        response = client.post(f"/api/v1/plans/{cast.plan.pk}/{path}", "{}", content_type="application/json")
        assert response.status_code in (403, 422), path
    assert list(BudgetLine.objects.values_list("pk", "amount")) == lines and Actual.objects.count() == actuals
    assert BudgetVersion.objects.count() == 1


def test_the_board_reads_the_whole_budget_with_the_cofinancing_check(cast: Cast, budget: BudgetVersion) -> None:
    text = cast.client("board").get(_url(cast, "budget")).content.decode()
    assert "Godkendt af bestyrelsen" in text and "godkendt af bestyrelsen 15.01.2024" in text
    for name in ("Lektiecafé", "Jobcafé", "Sekretariat"):
        assert name in text
    assert "123.456,78" in text and "613.456,78 kr." in text  # the total, to the øre
    assert "Medfinansiering" in text and "Ret budgettet" not in text


def test_steering_groups_and_responsible_people_read_only_their_own_lines(cast: Cast, budget: BudgetVersion) -> None:
    steering = cast.client("steering").get(_url(cast, "budget")).content.decode()
    assert "Lektiecafé" in steering and "Jobcafé" in steering
    assert "Sekretariat" not in steering and "123.456,78" not in steering
    assert "Du ser budgettet for de indsatser, du er med i." in steering
    assert 'id="cofinancing"' not in steering  # the plan's shares are the board's
    staff = cast.client("staff").get(_url(cast, "budget")).content.decode()
    assert "Lektiecafé" in staff and "Jobcafé" not in staff
    api = cast.client("staff").get(f"/api/v1/plans/{cast.plan.pk}/budget").json()
    assert {line["name"] for line in api["lines"]} == {"Lektiecafé"}
    assert api["complete"] is False and api["cofinancing_share"] is None and api["cofinancing"] is None


def test_the_editor_saves_a_change_after_approval_as_a_new_version(cast: Cast, budget: BudgetVersion) -> None:
    client = cast.client("secretariat")
    page = client.get(_url(cast, "edit"))
    grid = page.context["grid"]
    data = {name: field.value() or "" for name, field in ((n, grid[n]) for n in grid.fields)}
    data["base"] = grid["base"].value()
    lektiecafe_lbf = next(
        n for n, c in grid.cells.items() if c[0].activity_id == cast.activity.pk and c[2] == "lbf" and c[4] == 2026
    )
    data[lektiecafe_lbf] = "250.000"
    response = client.post(_url(cast, "edit"), data)
    assert response.status_code == 302
    assert list(BudgetVersion.objects.order_by("number").values_list("number", "status")) == [
        (1, "approved"),
        (2, "draft"),
    ]
    assert BudgetLine.objects.get(version__number=2, post__activity=cast.activity, funder="lbf").amount == D(
        "250000.00"
    )
    assert BudgetLine.objects.get(version__number=1, post__activity=cast.activity, funder="lbf").amount == D(
        "300000.00"
    )
    # The same form again was begun on version 1: refused, nothing saved.
    data[lektiecafe_lbf] = "1"
    stale = client.post(_url(cast, "edit"), data, follow=True)
    assert "En anden har gemt ændringer" in stale.content.decode()
    assert BudgetLine.objects.get(version__number=2, post__activity=cast.activity, funder="lbf").amount == D(
        "250000.00"
    )
    bad = client.get(_url(cast, "edit")).context["grid"]
    data = {n: bad[n].value() or "" for n in bad.fields}
    data[lektiecafe_lbf] = "mange penge"
    shown = client.post(_url(cast, "edit"), data)
    assert shown.status_code == 200 and "»mange penge« er ikke et beløb" in shown.content.decode()


def test_the_live_check_shows_the_shares_as_the_budget_would_be(cast: Cast, budget: BudgetVersion) -> None:
    client = cast.client("secretariat")
    grid = client.get(_url(cast, "edit")).context["grid"]
    data = {n: grid[n].value() or "" for n in grid.fields}
    # 613.456,78 in all; local: 100.000 in kind + 123.456,78 = 36,4 %. Add 500.000 from the municipality in 2027:
    check = client.post(
        _url(cast, "check"),
        {
            **data,
            "new-target": f"a{cast.activity.pk}",
            "new-year": "2027",
            "new-funder": "kommune",
            "new-cost_type": grid.cells[next(iter(grid.cells))][1].pk,
            "new-amount": "500.000",
        },
        HTTP_HX_REQUEST="true",
    )
    text = check.content.decode()
    assert check.status_code == 200 and text.lstrip().startswith("<section")
    assert "Medfinansiering, som budgettet ville blive" in text
    assert "Den lokale medfinansiering er 65,0 % over hele perioden" in text  # 723.456,78 / 1.113.456,78
    assert BudgetVersion.objects.count() == 1 and not BudgetLine.objects.filter(year=2027).exists()
    assert cast.client("board").post(_url(cast, "check"), data).status_code == 403


def test_a_new_line_is_added_to_the_draft_and_a_duplicate_is_refused_on_the_form(
    cast: Cast, budget: BudgetVersion
) -> None:
    client = cast.client("secretariat")
    first_line = BudgetLine.objects.first()
    assert first_line is not None
    line = {
        "new-target": "kevaluation",
        "new-year": "2027",
        "new-funder": "lbf",
        "new-cost_type": first_line.cost_type_id,
        "new-amount": "45.000,50",
    }
    assert client.post(_url(cast, "line_add"), line).status_code == 302
    added = BudgetLine.objects.get(version__number=2, post__kind="evaluation")
    assert (added.year, added.amount) == (2027, D("45000.50"))
    again = client.post(_url(cast, "line_add"), line)
    assert "Budgettet har allerede denne linje; ret beløbet i stedet." in again.content.decode()
    outside = client.post(_url(cast, "line_add"), {**line, "new-year": "2031"})
    assert outside.status_code == 200 and BudgetLine.objects.filter(year=2031).count() == 0


@time_machine.travel(TODAY)
def test_the_secretariat_records_approval_and_sending_and_discards_a_draft(cast: Cast, money: Money) -> None:
    money.lines([money.spec(cast.activity, 2026, "lbf", "100")])
    client = cast.client("secretariat")
    future = client.post(_url(cast, "approve"), {"approved_on": "2026-12-24"}, follow=True)
    assert "Datoen ligger i fremtiden." in future.content.decode()
    done = client.post(_url(cast, "approve"), {"approved_on": "2026-12-01"}, follow=True)
    assert "Version 1 er godkendt af bestyrelsen." in done.content.decode()
    client.post(_url(cast, "sent"), {"sent_on": "2026-12-02"})
    assert BudgetVersion.objects.get().status == "sent"
    money.lines([money.spec(cast.activity, 2026, "lbf", "200")])
    client.post(_url(cast, "discard"))
    assert list(BudgetVersion.objects.values_list("number", flat=True)) == [1]


def test_versions_are_listed_and_any_two_compared(cast: Cast, budget: BudgetVersion, money: Money) -> None:
    money.lines([money.spec(cast.other_activity, 2026, "lbf", "95000")])
    client = cast.client("board")
    listing = client.get(_url(cast, "versions")).content.decode()
    assert "Version 1" in listing and "Version 2" in listing
    compared = client.get(_url(cast, "compare"), {"a": 1, "b": 2}).content.decode()
    assert "Jobcafé" in compared and "90.000 kr." in compared and "+5.000 kr." in compared
    assert "Lektiecafé" not in compared.split("Linjer der er ændret")[1]
    assert client.get(_url(cast, "compare"), {"a": 1, "b": 9}).status_code == 404
    old = client.get(_url(cast, "budget"), {"version": 2}).content.decode()
    assert "Kladde" in old and "95.000" in old


def test_an_activitys_people_may_forecast_its_year_and_nobody_elses(cast: Cast, budget: BudgetVersion) -> None:
    lektiecafe = services.post_for(actor=None, plan=cast.plan, target=cast.activity)
    jobcafe = services.post_for(actor=None, plan=cast.plan, target=cast.other_activity)
    secretariat = BudgetPost.objects.get(plan=cast.plan, kind="secretariat")

    def url(post: BudgetPost, year: int = 2026) -> str:
        return reverse("budget:forecast", args=[cast.plan.pk, year, post.pk])

    staff = cast.client("staff")
    response = staff.post(url(lektiecafe), {"amount": "310.000", "note": "Et ekstra hold"})
    assert response.status_code == 302
    assert Forecast.objects.get().amount == D("310000.00")
    assert staff.post(url(jobcafe), {"amount": "1"}).status_code == 404  # not hers to read
    assert cast.client("steering").post(url(jobcafe), {"amount": "80.000"}).status_code == 302
    assert cast.client("steering").get(url(secretariat)).status_code == 404
    assert cast.client("board").post(url(lektiecafe), {"amount": "1"}).status_code == 403
    assert cast.client("secretariat").get(url(lektiecafe, 2031)).status_code == 404
    staff.post(url(lektiecafe), {"amount": ""})  # empty: back to the pace
    assert list(Forecast.objects.values_list("post__activity__name", flat=True)) == ["Jobcafé"]


def test_the_secretariat_enters_a_quarters_spending_by_hand(cast: Cast, budget: BudgetVersion) -> None:
    client = cast.client("secretariat")
    response = client.post(
        _url(cast, "actuals"),
        {"target": f"a{cast.activity.pk}", "quarter": "2026Q2", "funder": "", "amount": "12.500,25", "note": "Løn"},
    )
    assert response.status_code == 302
    assert list(Actual.objects.values_list("year", "quarter", "amount")) == [(2026, 2, D("12500.25"))]
    outside = client.post(_url(cast, "actuals"), {"target": f"a{cast.activity.pk}", "quarter": "2029Q1", "amount": "1"})
    assert "Kvartalet ligger uden for aftaleperioden" in outside.content.decode()
    page = cast.client("board").get(_url(cast, "actuals"), {"year": 2026}).content.decode()
    assert "12.500,25 kr." in page and "Registrér forbrug" not in page


def test_the_budget_downloads_as_a_workbook_with_a_sheet_per_year_and_as_csv(cast: Cast, budget: BudgetVersion) -> None:
    client = cast.client("board")
    response = client.get(_url(cast, "budget"), {"format": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["2024", "2025", "2026", "2027", "Hele perioden"]
    rows = list(workbook["2026"].iter_rows(values_only=True))
    header = rows[3]
    assert header[:7] == (
        "Post",
        "Omkostningstype",
        "Landsbyggefonden",
        "Kommunen",
        "Boligorganisationen",
        "Fond",
        "Anden",
    )
    total = next(r for r in rows if r and r[0] == "I alt 2026")
    assert total[2:9] == (300000 + 90000, 100000, 123456.78, 0, 0, 613456.78, 100000)
    share = next(r for r in rows if r and r[0] == "Lokal medfinansiering")
    assert share[2] == 223456.78 and abs(share[3] - 0.3643) < 1e-9
    text = client.get(_url(cast, "budget"), {"format": "csv"}).content.decode("utf-8-sig").splitlines()
    assert text[0] == "Version;År;Post;Budgetnummer;Omkostningstype;Finansieringskilde;Naturalier;Beløb"
    assert "1;2026;Sekretariat;;Løn;Boligorganisationen;nej;123456,78" in text


def test_the_accounts_download_with_a_sheet_per_year(cast: Cast, budget: BudgetVersion, money: Money) -> None:
    money.spend(cast.activity, 2026, 1, "1000", "lbf")
    money.spend(cast.activity, 2026, 2, "500")
    response = cast.client("board").get(_url(cast, "finance"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["2026"]
    rows = list(sheet.iter_rows(values_only=True))
    cafe = next(r for r in rows if r and r[0] == "Lektiecafé")
    # LBF 1.000, not named 500; spent 1.500 against a cash budget of 300.000.
    assert cafe[2] == 1000 and cafe[7] == 500 and cafe[8:11] == (1500, 300000, -298500)
    csv = cast.client("staff").get(_url(cast, "finance"), {"format": "csv"}).content.decode("utf-8-sig")
    assert "2026;1;Lektiecafé;;Landsbyggefonden;1000,00;" in csv


def test_the_plan_menu_links_to_the_money_section(cast: Cast) -> None:
    page = cast.client("viewer").get(reverse("organisation:plan", args=[cast.plan.pk])).content.decode()
    assert f'href="{_url(cast, "budget")}"' in page and "Økonomi" in page


def test_a_steering_group_of_another_effort_area_sees_nothing_of_this_one(cast: Cast, budget: BudgetVersion) -> None:
    other = organisation.body_create(actor=None, plan=cast.plan, kind=Body.Kind.STEERING_GROUP, name="Styregruppe 2")
    organisation.activity_update(actor=None, activity=cast.other_activity, steering_group=other)
    text = cast.client("steering").get(_url(cast, "finance"), {"year": 2026}).content.decode()
    assert "Lektiecafé" in text and "Jobcafé" not in text
