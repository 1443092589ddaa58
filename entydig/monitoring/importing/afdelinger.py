"""Figures per afdeling added up to their area (the area's afdelinger: organisation/afdelinger.py).

A file may give an area's figures per afdeling (`Afd. 12`, `Fjordbo afd. 14` in the area column). The rows of one
indicator, area and period are added up into one measurement of the area, and only when every afdeling of the
area is in the file, or the area's figure would silently be a part of it:

- a count: the counts are summed;
- a share, rate or average: the numerators and the denominators are summed, and the value is their ratio (×100
  for a share, ×1,000 for a rate), so each afdeling row needs both (a mean of the afdelinger's values would be
  wrong, and a weighted one a guess);
- `n` is summed where every row has one; a part suppressed at the source (`<5`) leaves the area's figure
  unknown, so it is stored as suppressed at the source.

A row that cannot be added up is an error of the file, like any other: all or nothing.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from entydig.core.importing.cells import FOUR_PLACES, RowError
from entydig.monitoring.importing.rows import NOTE_LENGTH, MeasurementRow, ParsedFile
from entydig.monitoring.status import RATIO_SCALE
from entydig.organisation.afdelinger import parse_afdelinger


def add_up_afdelinger(parsed: ParsedFile) -> ParsedFile:
    """`parsed` with each area's afdeling rows replaced by one row of the area, or with an error per row that
    cannot be added up; a file with errors already is left as it is."""
    if parsed.errors.count or not any(row.afdeling for row in parsed.rows):
        return parsed
    groups: dict[tuple[int, int | None, str], list[MeasurementRow]] = defaultdict(list)
    kept: list[MeasurementRow] = []
    whole = {(row.indicator_id, row.area_id, row.period) for row in parsed.rows if not row.afdeling}
    for row in parsed.rows:
        if row.afdeling:
            groups[(row.indicator_id, row.area_id, row.period)].append(row)
        else:
            kept.append(row)
    for key, rows in groups.items():
        merged = _merged(parsed, rows, given_whole=key in whole)
        if merged is not None:
            kept.append(merged)
    kept.sort(key=lambda row: row.number)
    parsed.rows = kept
    return parsed


def _merged(parsed: ParsedFile, rows: list[MeasurementRow], *, given_whole: bool) -> MeasurementRow | None:
    first = rows[0]
    area = parsed.areas[first.area_id] if first.area_id is not None else None
    indicator = parsed.indicators[first.indicator_id]
    expected = {str(a) for a in parse_afdelinger(area.afdelinger if area else "")[0]}
    present = {row.afdeling for row in rows}
    problem = None
    scale = RATIO_SCALE.get(indicator.unit)
    if given_whole:
        problem = _("området %(area)s står også i filen som helhed for samme periode") % {"area": area}
    elif expected - present:
        problem = _("%(missing)s mangler: alle afdelinger i %(area)s skal med, for at tallene kan lægges sammen") % {
            "missing": ", ".join(sorted(expected - present)),
            "area": area,
        }
    elif scale is not None and any(
        not row.suppressed and (row.numerator is None or row.denominator is None) for row in rows
    ):
        problem = _("afdelingernes tal kan kun lægges sammen til området med tæller og nævner")
    if problem is not None:
        for row in rows:
            parsed.errors.add(RowError(row.number, "område", problem))
        return None
    note = first.note or _("Lagt sammen af %(afdelinger)s") % {"afdelinger": ", ".join(sorted(present))}
    if len(note) > NOTE_LENGTH:  # a long list of afdelinger: say how many rather than cut the list
        note = _("Lagt sammen af %(count)s afdelinger") % {"count": len(present)}
    n = None if any(row.n is None for row in rows) else sum(row.n or 0 for row in rows)
    if any(row.suppressed for row in rows):
        return _row(first, None, None, None, n=None, suppressed=True, note=note)
    if scale is None:
        values = [row.value for row in rows]
        total = None if any(v is None for v in values) else sum((v or Decimal(0) for v in values), Decimal(0))
        return _row(first, total, None, None, n=n, suppressed=False, note=note)
    numerator = sum((row.numerator or Decimal(0) for row in rows), Decimal(0))
    denominator = sum((row.denominator or Decimal(0) for row in rows), Decimal(0))
    value = (numerator / denominator * scale).quantize(FOUR_PLACES)
    return _row(first, value, numerator, denominator, n=n, suppressed=False, note=note)


def _row(
    first: MeasurementRow,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
    *,
    n: int | None,
    suppressed: bool,
    note: str,
) -> MeasurementRow:
    return MeasurementRow(
        first.number,
        first.indicator_id,
        first.series,
        first.area_id,
        first.period,
        first.period_start,
        value,
        n,
        numerator,
        denominator,
        suppressed,
        first.source_note,
        note,
    )
