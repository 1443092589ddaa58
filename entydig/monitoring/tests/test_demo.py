"""The demo data shows every status, links the goals and includes suppressed values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine

from entydig.core import demo_dates as when
from entydig.goals import demo as goals_demo
from entydig.monitoring import demo
from entydig.monitoring.importing import import_measurements
from entydig.monitoring.models import Measurement
from entydig.monitoring.status import Status, plan_indicator_statuses
from entydig.organisation import demo as organisation_demo

EXPECTED = {
    "tryghed": Status.ON_TRACK,
    "haervaerk": Status.ACHIEVED,
    "sigtede_unge": Status.AT_RISK,
    "anmeldelser": Status.ON_TRACK,
    "karakter_9kl": Status.OFF_TRACK,
    "uddannelse_18_29": Status.AT_RISK,
    "job_18_29": Status.NO_TARGET,
    "naboskab": Status.ACHIEVED,
    "lektiecafe": Status.TOO_LITTLE_DATA,
    "fraflytning": Status.OFF_TRACK,
}


def test_it_seeds_indicators_showing_every_status(db: None) -> None:
    ctx = organisation_demo.seed()
    goals_demo.seed(ctx)
    demo.seed(ctx)
    statuses = plan_indicator_statuses(ctx["plan"])
    by_code = {code: statuses[indicator.pk].status for code, indicator in ctx["indicators"].items()}
    assert by_code == EXPECTED
    assert set(by_code.values()) == set(Status.values)
    assert ctx["indicators"]["sigtede_unge"].goals.get() == ctx["goals"]["youth_crime"]
    suppressed = Measurement.objects.filter(indicator__code="sigtede_unge", area__code="skovhaven")
    assert suppressed.filter(suppressed=True).count() == 2 and suppressed.filter(n=4).count() == 1
    assert Measurement.objects.filter(indicator__code="naboskab", series="plan").count() == 3
    # Education of the 18-29-year-olds has no plan series: the plan's share is the areas' numerators over their
    # denominators. In Y-2 Skovhaven's grade average rests on 4 pupils, which hides the plan's average that year.
    education = statuses[ctx["indicators"]["uddannelse_18_29"].pk]
    assert education.series == "areas" and not education.approximate
    assert education.latest_value == round(Decimal(214) / 429 * 100, 4)  # (147 + 67) / (288 + 141)
    grades = statuses[ctx["indicators"]["karakter_9kl"].pk]
    assert grades.series == "plan" and str(when.year(-2)) not in dict(grades.points)
    assert Measurement.objects.filter(indicator__code="karakter_9kl", denominator=4).count() == 1
    other = Measurement.objects.filter(indicator__plan=ctx["other_plan"])
    assert other.filter(indicator__code="ledighed").count() == 4
    # The list criteria: five criteria over four years for Vestbyen, and the national share convicted.
    assert other.filter(indicator__code__startswith="liste-").count() == 5 * 4 + 4


# The example file in the README was written against the demo as loaded in December 2026 (data up to 2025).
@time_machine.travel(dt.datetime(2026, 12, 7, 12, tzinfo=ZoneInfo("Europe/Copenhagen")))
def test_it_imports_the_example_file_into_the_demo_plan_as_loaded_in_2026(db: None) -> None:
    ctx = organisation_demo.seed()
    demo.seed(ctx)  # without the goals demo: indicators are created without goal links
    data = (Path(__file__).parents[3] / "docs" / "examples" / "maalinger.csv").read_bytes()
    result = import_measurements(actor=None, plan=ctx["plan"], data=data, dry_run=True)
    assert (result.new, result.changed, result.unchanged) == (3, 1, 7)
    assert [(p.change, p.fields) for p in result.preview if p.change == "changed"] == [("changed", ("n",))]
