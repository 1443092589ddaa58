"""An area's status on the 1 December lists from the plan's own measurements of the catalogue's list criteria.

The plan adopts the catalogue indicators `liste-*` (and `beboere`); their area measurements, and the national
measurement of the share convicted, are read year by year (the latest usable value of each year: a value
suppressed at the source or below the threshold is missing) and classified by `entydig.catalogue.lists`. The
earlier years are classified the same way, to give the history the rules on years in a row need: computed from
the plan's data, not read from the published lists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from entydig.catalogue.lists.classify import Forecast, ListResult, classify, forecast
from entydig.core.suppression import usable_q
from entydig.monitoring.models import Measurement
from entydig.organisation.models import Area

# Catalogue code → the classifier's input.
LIST_INPUTS = {
    "beboere": "residents",
    "liste-ikkevestlige": "pct_nonwestern",
    "liste-uden-job-uddannelse": "pct_outside_labour_edu",
    "liste-domte": "pct_convicted",
    "liste-grundskole-30-59": "pct_basic_edu",
    "liste-indkomst-region": "income_pct_of_region",
}
NATIONAL = "national_pct_convicted"  # the national series of `liste-domte`
INPUTS = (*LIST_INPUTS.values(), NATIONAL)


@dataclass(frozen=True)
class AreaListStatus:
    area: Area
    ruleset: str
    list_year: int
    values: dict[str, Decimal | int | None]  # the inputs of the list year
    result: ListResult
    history: list[tuple[int, str | None]]  # earlier years with data, classified the same way
    forecast: Forecast  # the next list, from the trend of each input


def _series_of(areas: list[Area], list_year: int) -> dict[int, dict[str, dict[int, Decimal]]]:
    """Per area, per input, the latest usable value of each year up to the list year (one query for all areas; the
    national share convicted is the national series of the area's own plan)."""
    rows = (
        Measurement.objects.filter(
            usable_q(),
            indicator__plan_id__in={a.plan_id for a in areas},
            indicator__catalogue__code__in=list(LIST_INPUTS),
            period_start__year__lte=list_year,
        )
        .filter(Q(area__in=areas) | Q(series=Measurement.Series.NATIONAL, indicator__catalogue__code="liste-domte"))
        .order_by("period_start")
        .values_list("indicator__catalogue__code", "indicator__plan_id", "area_id", "period_start", "value")
    )
    found: dict[int, dict[str, dict[int, Decimal]]] = {a.pk: defaultdict(dict) for a in areas}
    national: dict[int, dict[int, Decimal]] = defaultdict(dict)  # plan -> year -> value
    for code, plan_id, area_id, start, value in rows:
        if value is None:
            continue
        # ordered by start: the year's latest value wins
        if area_id is None:
            national[plan_id][start.year] = value
        else:
            found[area_id][LIST_INPUTS[code]][start.year] = value
    for area in areas:
        if national.get(area.plan_id):
            found[area.pk][NATIONAL] = dict(national[area.plan_id])
    return found


def _inputs(series: dict[str, dict[int, Decimal]], year: int, area: Area) -> dict[str, Decimal | int | None]:
    values: dict[str, Decimal | int | None] = {name: series.get(name, {}).get(year) for name in INPUTS}
    residents = values["residents"]
    if residents is None:
        values["residents"] = area.residents  # the area's own count when the plan measures none
    else:
        values["residents"] = int(residents)
    return values


def _classify(
    ruleset: str, year: int, values: dict[str, Decimal | int | None], history: list[tuple[int, str]]
) -> ListResult:
    residents = values["residents"]
    return classify(
        ruleset,
        year,
        residents=int(residents) if residents is not None else None,
        pct_nonwestern=_decimal(values["pct_nonwestern"]),
        pct_outside_labour_edu=_decimal(values["pct_outside_labour_edu"]),
        pct_convicted=_decimal(values["pct_convicted"]),
        national_pct_convicted=_decimal(values[NATIONAL]),
        pct_basic_edu=_decimal(values["pct_basic_edu"]),
        income_pct_of_region=_decimal(values["income_pct_of_region"]),
        history=history,
    )


def _decimal(value: Decimal | int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def area_list_status(*, area: Area, list_year: int, ruleset: str = "2021") -> AreaListStatus:
    return area_list_statuses([area], list_year=list_year, ruleset=ruleset)[area.pk]


def area_list_statuses(areas: Iterable[Area], *, list_year: int, ruleset: str = "2021") -> dict[int, AreaListStatus]:
    """`area_list_status` of many areas (of any plans), by area id, in one query whatever their number."""
    areas = list(areas)
    if not areas:
        return {}
    series = _series_of(areas, list_year)
    return {area.pk: _area_status(area, series[area.pk], list_year, ruleset) for area in areas}


def _area_status(area: Area, series: dict[str, dict[int, Decimal]], list_year: int, ruleset: str) -> AreaListStatus:
    years = sorted({year for values in series.values() for year in values if year < list_year})
    history: list[tuple[int, str]] = []
    shown_history: list[tuple[int, str | None]] = []
    for year in years:
        earlier = _classify(ruleset, year, _inputs(series, year, area), history)
        shown_history.append((year, earlier.status))
        if earlier.status is not None:
            history.append((year, earlier.status))
    values = _inputs(series, list_year, area)
    result = _classify(ruleset, list_year, values, history)
    if result.status is not None:
        history.append((list_year, result.status))
    points = {name: sorted((year, Decimal(v)) for year, v in by_year.items()) for name, by_year in series.items()}
    if "residents" not in points and area.residents is not None:
        points["residents"] = [(list_year, Decimal(area.residents))]
    ahead = forecast(ruleset, list_year + 1, points, history)
    return AreaListStatus(area, ruleset, list_year, values, result, shown_history, ahead)
