"""Demo indicators and register-like measurements for the demo plan, showing every status.

Runs after the goals demo (which puts the goals into ``ctx["goals"]``) and links the indicators to them so
the strategic goals roll up to on track (safety), at risk (crime), off track (education) and achieved
(neighbourliness). The measurements are loaded through the importer, as a secretariat would load them.
Puts ``ctx["indicators"]`` (Indicator by code). Three indicators are adopted from the national catalogue (their
`catalogue` key: name, definition, unit and direction are the catalogue's; the name and definition here are what
they would be otherwise); the rest are the plan's own, because their definitions differ from the catalogue's
(the safety index is a score, not a share; the turnover counts tenancies, not residents).

Every period moves with today, all by the same number of years, so the statuses are the same on any day. Y is
this year: the data run to Y-1, baselines are from Y-4 (the year before the plan), targets for Y+1 (its last).

| code             | status          | why                                                                       |
|------------------|-----------------|---------------------------------------------------------------------------|
| tryghed          | on track        | areas combined (no plan series), rising; the course reaches 73 against 70 |
| haervaerk        | achieved        | 32 reports in Y-1 against a target of 35                                  |
| sigtede_unge     | at risk         | falling, but the course reaches 3.2 % against 3.0 % (89 % of the way)     |
| anmeldelser      | on track        | the course reaches 54.4 per 1,000 against 60                              |
| karakter_9kl     | off track       | flat around 5.6 against 6.5                                               |
| uddannelse_18_29 | at risk         | the course reaches 51.2 % against 52 % (82 % of the way)                  |
| job_18_29        | no target       | target not yet agreed (the jobcentre agrees it in Y)                      |
| naboskab         | achieved        | neighbourhood survey every third year up to Y-1: 52 % against 50 %        |
| lektiecafe       | too little data | one quarter of activity data so far (the previous quarter)                |
| fraflytning      | off track       | target period Y-2 passed at 12.3 % against 11 %                           |
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

from entydig.catalogue.models import CatalogueIndicator
from entydig.core import demo_dates as when
from entydig.monitoring import services
from entydig.monitoring.demo_lists import seed_lists
from entydig.monitoring.importing import import_measurements
from entydig.monitoring.models import Indicator, Measurement


class Row(NamedTuple):
    """A row of the demo file; numerator and denominator where the source gives them."""

    code: str
    series: str
    period: str
    value: str
    n: str
    source: str
    numerator: str = ""
    denominator: str = ""


SHARES = {"uddannelse_18_29", "sigtede_unge", "job_18_29", "naboskab", "fraflytning"}

# Periods below are relative to today (`entydig.core.demo_dates`): a number is a year offset (-1 = last year),
# a pair (year offset, quarter) a quarter. Baselines are from the year before the plan started, targets for its
# last year (next year), register data ends with last year.
Period = int | tuple[int, int]

INDICATORS: list[dict[str, Any]] = [
    {
        "code": "tryghed",
        "name": "Tryghedsindeks",
        "definition": "Kommunens årlige tryghedsmåling, indeks 0-100 (100 = alle føler sig trygge).",
        "unit": "score",
        "direction": "higher",
        "source": "municipal",
        "decimals": 0,
        "baseline": ("62", -4),
        "target": ("70", 1),
        "goals": ["safety"],
    },
    {
        "code": "haervaerk",
        "name": "Anmeldt hærværk på stier og udearealer",
        "definition": "Antal sager om hærværk på stier, p-pladser og udearealer registreret af driften.",
        "unit": "count",
        "direction": "lower",
        "source": "housing",
        "decimals": 0,
        "baseline": ("48", -4),
        "target": ("35", 1),
        "goals": ["safe_outdoors"],
    },
    {
        "code": "sigtede_unge",
        "catalogue": "unge-sigtede-15-20",
        "name": "Unge 15-20 år sigtet for overtrædelse af straffeloven",
        "definition": "Andel af de 15-20-årige beboere, der er sigtet mindst én gang i løbet af året (LBF).",
        "unit": "percent",
        "direction": "lower",
        "source": "lbf",
        "decimals": 1,
        "baseline": ("4.8", -4),
        "target": ("3.0", 1),
        "milestones": [(-2, "4.0")],
        "goals": ["youth_crime"],
    },
    {
        "code": "anmeldelser",
        "name": "Anmeldte straffelovsovertrædelser pr. 1.000 beboere",
        "definition": "Politiets anmeldelser med gerningssted i boligområdet pr. 1.000 beboere.",
        "unit": "rate_per_1000",
        "direction": "lower",
        "source": "municipal",
        "decimals": 1,
        "baseline": ("80", -4),
        "target": ("60", 1),
        "milestones": [(-2, "70")],
        "goals": ["crime"],
    },
    {
        "code": "karakter_9kl",
        "catalogue": "karakter-9-klasse",
        "name": "Karaktergennemsnit i dansk og matematik, 9. klasse",
        "definition": "Gennemsnit af de bundne prøver i dansk og matematik for elever bosat i området (LBF).",
        "unit": "score",
        "direction": "higher",
        "source": "lbf",
        "decimals": 1,
        "baseline": ("5.6", -4),
        "target": ("6.5", 1),
        "goals": ["school_grades"],
    },
    {
        "code": "uddannelse_18_29",
        "catalogue": "uddannelse-18-29",
        "name": "18-29-årige i gang med eller med en uddannelse",
        "definition": "Andel af de 18-29-årige, der er i gang med eller har gennemført en ungdomsuddannelse (LBF).",
        "unit": "percent",
        "direction": "higher",
        "source": "lbf",
        "decimals": 1,
        "baseline": ("47.6", -4),
        "target": ("52", 1),
        "goals": ["youth_education"],
    },
    {
        "code": "job_18_29",
        "name": "18-29-årige i beskæftigelse",
        "definition": "Andel af de 18-29-årige uden for uddannelse, der er i ordinær beskæftigelse. Målet aftales "
        "med jobcentret i {this_year}.",
        "unit": "percent",
        "direction": "higher",
        "source": "municipal",
        "decimals": 1,
        "baseline": ("39.5", -4),
        "target": None,
        "goals": ["youth_jobs"],
    },
    {
        "code": "naboskab",
        "name": "Beboere, der kender og hjælper deres naboer",
        "definition": "Naboskabsundersøgelsen (hvert tredje år): andel, der har hjulpet eller fået hjælp af en "
        "nabo inden for det seneste år.",
        "unit": "percent",
        "direction": "higher",
        "source": "survey",
        "decimals": 0,
        "baseline": ("41", -4),
        "target": ("50", 1),
        "goals": ["neighbour_contact"],
    },
    {
        "code": "lektiecafe",
        "name": "Unge, der bruger lektiecaféen hver uge",
        "definition": "Antal forskellige unge, der har været i lektiecaféen mindst én gang om ugen i kvartalet.",
        "unit": "count",
        "direction": "higher",
        "source": "activity",
        "frequency": "quarter",
        "decimals": 0,
        "baseline": None,
        "target": ("60", (1, 4)),
        "goals": ["school_grades"],
    },
    {
        "code": "fraflytning",
        "name": "Fraflytningsprocent",
        "definition": "Andel af lejemålene, hvor lejeren flyttede i løbet af året (boligorganisationen).",
        "unit": "percent",
        "direction": "lower",
        "source": "housing",
        "decimals": 1,
        "baseline": ("13.9", -5),
        "target": ("11.0", -2),
        "goals": [],
    },
]


def _series() -> list[Row]:
    """The rows of the demo measurements."""
    rows: list[Row] = []

    def add(code: str, series: str, periods: list[Any], values: list[Any], n: list[Any] | None, source: str) -> None:
        for i, (period, value) in enumerate(zip(periods, values, strict=True)):
            rows.append(Row(code, series, str(period), str(value), "" if n is None else str(n[i]), source))

    def add_parts(code: str, series: str, periods: list[Any], parts: list[tuple[Any, int]], source: str) -> None:
        """Numerator and denominator as the source gives them, the value computed from them by the unit."""
        scale = 100 if code in SHARES else 1
        for period, (numerator, denominator) in zip(periods, parts, strict=True):
            value = (Decimal(str(numerator)) * scale / denominator).quantize(Decimal("0.1"))
            rows.append(Row(code, series, str(period), str(value), "", source, str(numerator), str(denominator)))

    years_9 = when.years(-9, -1)
    years_8 = when.years(-8, -1)
    survey_years = [when.year(-7), when.year(-4), when.year(-1)]  # every third year

    src = "Søby Kommunes tryghedsmåling"
    add(
        "tryghed",
        "nordparken",
        years_8,
        [58, 59, 57, 60, 63, 65, 67, 69],
        [612, 598, 640, 587, 605, 631, 622, 640],
        src,
    )
    add(
        "tryghed", "skovhaven", years_8, [55, 56, 55, 57, 60, 62, 65, 67], [301, 288, 296, 310, 305, 299, 315, 308], src
    )
    add("tryghed", "municipality", years_8, [71, 71, 72, 71, 72, 72, 73, 73], None, src)

    src = "Fjordbo, driftens sagssystem"
    add("haervaerk", "nordparken", years_8, [30, 34, 31, 29, 32, 27, 24, 21], None, src)
    add("haervaerk", "skovhaven", years_8, [14, 15, 17, 16, 16, 13, 12, 11], None, src)

    src = "LBF, boligsociale data"
    plan = ["6.1", "5.9", "5.6", "5.4", "5.1", "4.8", "4.4", "4.1", "3.9"]
    add("sigtede_unge", "plan", years_9, plan, [212, 215, 220, 224, 219, 226, 230, 228, 233], src)
    add("sigtede_unge", "nordparken", years_9, ["5.8", "5.5", "5.3", "5.0", "4.8", "4.5", "4.1", "3.9", "3.6"],
        [148, 150, 152, 156, 152, 157, 160, 159, 162], src)  # fmt: skip
    # Skovhaven's small cohort: LBF suppresses two years at the source, one more falls under our threshold.
    add("sigtede_unge", "skovhaven", years_9, ["6.8", "<5", "6.3", "<5", "5.8", "5.5", "5.1", "4.6", "4.5"],
        [64, "", 68, "", 67, 69, 70, 4, 71], src)  # fmt: skip
    add("sigtede_unge", "national", years_9, ["2.3", "2.2", "2.2", "2.1", "2.0", "2.0", "1.9", "1.9", "1.8"], None,
        "Danmarks Statistik")  # fmt: skip
    add("sigtede_unge", "comparable", years_9, ["5.6", "5.5", "5.3", "5.1", "4.9", "4.8", "4.6", "4.5", "4.3"], None,
        src)  # fmt: skip

    src = "Sydøstjyllands Politi"
    plan = ["92", "88", "85", "83", "80", "74", "69", "64"]
    add("anmeldelser", "plan", years_8, plan, None, src)
    add("anmeldelser", "nordparken", years_8, ["95", "90", "86", "85", "82", "75", "70", "65"], None, src)
    add("anmeldelser", "skovhaven", years_8, ["86", "84", "83", "79", "76", "72", "67", "62"], None, src)
    add("anmeldelser", "municipality", years_8, ["56", "55", "55", "54", "53", "52", "52", "51"], None, src)

    src = "LBF, boligsociale data"
    add("karakter_9kl", "plan", years_9, ["5.2", "5.4", "5.3", "5.6", "5.5", "5.6", "5.5", "5.7", "5.5"],
        [41, 44, 39, 42, 45, 40, 43, 38, 42], src)  # fmt: skip
    # The areas' grade averages as the sum of the pupils' grades over the pupils (Skovhaven had 4 pupils in Y-2).
    add_parts("karakter_9kl", "nordparken", years_9, [(162, 30), (184.8, 33), (159.5, 29), (179.8, 31),
              (190.4, 34), (174, 30), (182.4, 32), (171.1, 29), (176.7, 31)], src)  # fmt: skip
    add_parts("karakter_9kl", "skovhaven", years_9, [(51.7, 11), (53.9, 11), (48, 10), (56.1, 11), (57.2, 11),
              (50, 10), (53.9, 11), (20.4, 4), (53.9, 11)], src)  # fmt: skip
    add("karakter_9kl", "national", years_9, ["7.1", "7.2", "7.2", "7.3", "7.3", "7.2", "7.3", "7.3", "7.4"], None,
        "Børne- og Undervisningsministeriet")  # fmt: skip
    add("karakter_9kl", "comparable", years_9, ["5.7", "5.8", "5.8", "5.9", "6.0", "6.0", "6.1", "6.1", "6.2"], None,
        src)  # fmt: skip

    # No plan series: the plan's share is the areas' young people in education over all their young people.
    add_parts("uddannelse_18_29", "nordparken", years_9, [(123, 270), (128, 276), (132, 280), (132, 275),
              (137, 283), (138, 281), (142, 286), (146, 290), (147, 288)], src)  # fmt: skip
    add_parts("uddannelse_18_29", "skovhaven", years_9, [(54, 132), (57, 134), (58, 135), (58, 134), (61, 137),
              (61, 137), (64, 139), (66, 141), (67, 141)], src)  # fmt: skip
    national = ["68.2", "68.5", "68.9", "69.1", "69.0", "69.4", "69.7", "69.9", "70.1"]
    add("uddannelse_18_29", "national", years_9, national, None, "Danmarks Statistik")

    src = "Jobcenter Søby"
    add("job_18_29", "plan", years_8, ["36.0", "36.8", "35.1", "37.9", "39.5", "40.2", "40.9", "41.6"], None, src)
    add("job_18_29", "municipality", years_8, ["55.1", "55.9", "53.0", "56.2", "57.0", "57.4", "57.9", "58.1"],
        None, src)  # fmt: skip

    src = "Naboskabsundersøgelsen"
    add("naboskab", "plan", survey_years, ["38", "41", "52"], [600, 574, 595], src)
    add("naboskab", "nordparken", survey_years, ["40", "43", "54"], [412, 398, 405], src)
    add("naboskab", "skovhaven", survey_years, ["34", "37", "48"], [188, 176, 190], src)

    add("lektiecafe", "plan", [when.quarter(-1)], ["42"], None, "Lektiecaféens fremmødelister")

    src = "Fjordbo, udlejningen"
    add("fraflytning", "plan", years_8, ["14.2", "13.8", "13.5", "13.9", "13.1", "12.8", "12.6", "12.3"], None, src)
    add("fraflytning", "nordparken", years_8, ["13.6", "13.1", "12.9", "13.2", "12.5", "12.1", "12.0", "11.6"],
        None, src)  # fmt: skip
    add("fraflytning", "skovhaven", years_8, ["15.4", "15.2", "14.7", "15.3", "14.3", "14.2", "13.8", "13.7"],
        None, src)  # fmt: skip
    return rows


def demo_csv() -> bytes:
    """The demo measurements as a Danish semicolon file with decimal comma in Windows-1252."""
    lines = ["Indikator;Område;Periode;Værdi;n;Kilde;Tæller;Nævner"]
    for row in _series():
        lines.append(";".join(cell.replace(".", ",") if k in (3, 6, 7) else cell for k, cell in enumerate(row)))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def period(spec: Period) -> str:
    """`-1` → last year (`2025`), `(1, 4)` → the fourth quarter of next year (`2027Q4`)."""
    if isinstance(spec, tuple):
        return f"{when.year(spec[0])}Q{spec[1]}"
    return str(when.year(spec))


def _pair(value: tuple[str, Period] | None) -> tuple[Decimal | None, str]:
    return (Decimal(value[0]), period(value[1])) if value else (None, "")


def seed(ctx: dict[str, Any]) -> None:
    """The indicators were set up as the plan started; the secretariat loaded the figures ten days ago."""
    plan = ctx["plan"]
    actor = ctx["users"]["sekretariat"]
    goals = ctx.get("goals", {})
    indicators: dict[str, Indicator] = {}
    loaded = when.past(when.at(when.today() - dt.timedelta(days=10), 9))
    with when.happened(when.at(when.plan_start() + dt.timedelta(days=40))):
        for spec in INDICATORS:
            baseline_value, baseline_period = _pair(spec.get("baseline"))
            target_value, target_period = _pair(spec.get("target"))
            own: dict[str, Any] = {
                "baseline_value": baseline_value,
                "baseline_period": baseline_period,
                "target_value": target_value,
                "target_period": target_period,
                "goals": [goals[key] for key in spec["goals"] if key in goals],
                "milestones": [(period(p), Decimal(v)) for p, v in spec.get("milestones", [])],
            }
            if "catalogue" in spec:
                # Adopted from the national catalogue: its name, definition, unit and direction come with it.
                indicators[spec["code"]] = services.indicator_adopt(
                    actor=actor,
                    plan=plan,
                    catalogue_indicator=CatalogueIndicator.objects.get(code=spec["catalogue"]),
                    code=spec["code"],
                    **own,
                )
                continue
            indicators[spec["code"]] = services.indicator_create(
                actor=actor,
                plan=plan,
                code=spec["code"],
                name=spec["name"],
                definition=spec["definition"].format(this_year=when.year()),
                unit=spec["unit"],
                direction=spec["direction"],
                source=spec["source"],
                frequency=spec.get("frequency", "year"),
                decimals=spec["decimals"],
                **own,
            )
    with when.happened(loaded):
        result = import_measurements(actor=actor, plan=plan, data=demo_csv(), filename="demo-maalinger.csv")
    if not result.ok:  # a broken demo file is a programming error
        raise RuntimeError("; ".join(str(e) for e in result.errors))
    # Two months ago the secretariat raised the safety target after the board discussed this year's survey:
    # the strategic agreement was LBF-approved, so goals' change control starts a new version that awaits the
    # board's and LBF's approval, and the dashboard and pixi report show the moved bar with its version and date.
    with when.happened(when.past(when.at(when.today() - dt.timedelta(days=60), 11))):
        services.indicator_update(actor=actor, indicator=indicators["tryghed"], target_value=Decimal("72"))

    other = ctx["other_plan"]
    other_actor = ctx["users"]["anden"]
    with when.happened(when.at(other.period_start + dt.timedelta(days=40))):
        ledighed = services.indicator_create(
            actor=other_actor,
            plan=other,
            code="ledighed",
            name="Ledighed blandt 16-64-årige",
            unit="percent",
            direction="lower",
            source="municipal",
            baseline_value=Decimal("9.8"),
            baseline_period=period(-3),
            target_value=Decimal("8.0"),
            target_period=period(1),
        )
    rows = "indikator;område;periode;værdi\r\n" + "".join(
        f"ledighed;plan;{year};{value}\r\n"
        for year, value in zip(when.years(-4, -1), ["10,1", "9,8", "9,1", "8,7"], strict=True)
    )
    with when.happened(loaded):
        import_measurements(actor=other_actor, plan=other, data=rows.encode(), filename="vestbyen.csv")
    with when.happened(loaded):
        seed_lists(plan, actor)
        seed_lists(other, other_actor)
    Measurement.objects.filter(indicator__plan__in=[plan, other]).update(updated_at=loaded)
    ctx["indicators"] = indicators
    ctx["other_indicators"] = {"ledighed": ledighed}
