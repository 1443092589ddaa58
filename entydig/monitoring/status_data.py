"""The measurements a status needs, and only those, fetched in one SQL statement as plain rows.

A status rests on the usable values of one series (see status.py): the `plan` series when it has a usable value,
else the periods in which every area that has measurements for the indicator has a usable value. Of that series
it reads the latest value, the latest `RECENT_POINTS` for the course and the baseline (the value in the baseline
period, else the first value). So the statement ranks the series' periods by start, newest first, and returns
the rows of the `keep` newest starts, of the first start and of the baseline period: a few rows per indicator
instead of its whole history, and never a suppressed one: a plan figure of a period in which an area is suppressed
counts as suppressed too (secondary suppression, core.suppression.hidden_totals). Rows of periods that start after
`as_of` are left out before anything is ranked, as if they had not been measured yet.

Ranks count distinct period starts (a year and its first quarter start on the same day and are kept or left
out together), so the newest `keep` points are always among the rows; `status_series` sorts them exactly.
The usability test is core.suppression's rule in SQL (`usable_sql`); its Python form (`is_usable`) checks every
row again in `status_series`.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import connection

from entydig.core.suppression import suppressed_sql, usable_sql
from entydig.monitoring.models import Indicator, Measurement


class StatusRow(NamedTuple):
    """The fields of a measurement the status needs; fetched as tuples, which is far cheaper than models."""

    indicator_id: int
    series: str
    area_id: int | None
    period: str
    value: Decimal | None
    n: int | None
    numerator: Decimal | None
    denominator: Decimal | None
    suppressed: bool


_USABLE = usable_sql("m", "i")  # for a measurement `m` of the indicator `i`
_AREA_HIDDEN = suppressed_sql("a", "i")  # for a measurement `a` of an area

_SQL = """
WITH ind AS (
    SELECT i.id, i.suppression_threshold, i.unit, i.baseline_period FROM {indicator} i WHERE i.id IN ({ids})
),
plan_rows AS (
    SELECT m.id, m.indicator_id, m.period, m.period_start
    FROM {measurement} m JOIN ind i ON i.id = m.indicator_id
    WHERE m.indicator_id IN ({ids}) AND m.series = 'plan' AND m.area_id IS NULL AND {usable}{as_of}
      AND NOT EXISTS (
        SELECT 1 FROM {measurement} a
        WHERE a.indicator_id = m.indicator_id AND a.series = 'area' AND a.period = m.period AND {area_hidden}
      )
),
area_rows AS (
    SELECT m.id, m.indicator_id, m.area_id, m.period, m.period_start, CASE WHEN {usable} THEN 1 ELSE 0 END AS usable
    FROM {measurement} m JOIN ind i ON i.id = m.indicator_id
    WHERE m.indicator_id IN (SELECT a.id FROM ind a WHERE a.id NOT IN (SELECT p.indicator_id FROM plan_rows p))
      AND m.series = 'area'{as_of}
),
area_count AS (
    SELECT r.indicator_id, COUNT(DISTINCT r.area_id) AS areas FROM area_rows r GROUP BY r.indicator_id
),
complete AS (
    SELECT r.indicator_id, r.period
    FROM area_rows r JOIN area_count c ON c.indicator_id = r.indicator_id
    GROUP BY r.indicator_id, r.period, c.areas
    HAVING SUM(r.usable) = c.areas
),
candidates AS (
    SELECT p.id, p.indicator_id, p.period, p.period_start FROM plan_rows p
    UNION ALL
    SELECT r.id, r.indicator_id, r.period, r.period_start
    FROM area_rows r JOIN complete c ON c.indicator_id = r.indicator_id AND c.period = r.period
),
ranked AS (
    SELECT c.id, c.indicator_id, c.period, c.period_start,
           DENSE_RANK() OVER (PARTITION BY c.indicator_id ORDER BY c.period_start DESC) AS newest,
           MIN(c.period_start) OVER (PARTITION BY c.indicator_id) AS first_start
    FROM candidates c
),
kept AS (
    SELECT r.id FROM ranked r JOIN ind i ON i.id = r.indicator_id WHERE {keep}
)
SELECT m.indicator_id, m.series, m.area_id, m.period, m.value, m.n, m.numerator, m.denominator, m.suppressed
FROM kept k JOIN {measurement} m ON m.id = k.id
"""


def status_rows(
    indicators: Sequence[Indicator], *, as_of: dt.date | None = None, keep: int | None = None
) -> dict[int, list[StatusRow]]:
    """Per indicator id, the rows its status needs; `keep` newest periods (None: every usable period)."""
    if not indicators:
        return {}
    ids = ", ".join(["%s"] * len(indicators))
    as_of_sql = "" if as_of is None else " AND m.period_start <= %s"
    keep_sql = "1 = 1"
    if keep is not None:
        keep_sql = "r.newest <= %s OR r.period_start = r.first_start OR r.period = i.baseline_period"
    sql = _SQL.format(
        measurement=Measurement._meta.db_table,
        indicator=Indicator._meta.db_table,
        ids=ids,
        usable=_USABLE,
        area_hidden=_AREA_HIDDEN,
        as_of=as_of_sql,
        keep=keep_sql,
    )
    pks = [i.pk for i in indicators]
    day = [as_of] if as_of is not None else []
    # In the order the placeholders appear: ind, plan_rows, area_rows, then the final filter.
    params: list[Any] = [*pks, *pks, *day, *day, *([keep] if keep is not None else [])]
    found: dict[int, list[StatusRow]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for indicator_id, series, area_id, period, value, n, numerator, denominator, suppressed in cursor.fetchall():
            found[indicator_id].append(
                StatusRow(
                    indicator_id,
                    series,
                    area_id,
                    period,
                    _decimal(value),
                    n,
                    _decimal(numerator),
                    _decimal(denominator),
                    bool(suppressed),
                )
            )
    return found


_FROM_FLOAT = decimal.Context(prec=15).create_decimal_from_float
_PLACES = Decimal(1).scaleb(-Measurement._meta.get_field("value").decimal_places)


def _decimal(value: object) -> Decimal | None:
    """A value as the ORM reads it: PostgreSQL returns a Decimal, SQLite a float or int (Django's conversion)."""
    if value is None or isinstance(value, Decimal):
        return value
    assert isinstance(value, (float, int))  # noqa: S101 - narrows the type
    return _FROM_FLOAT(value).quantize(_PLACES)
