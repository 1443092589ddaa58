"""Secondary suppression in the change log.

Pages, exports, charts and the API hide a plan figure of a period in which an area is suppressed, as it minus the
shown areas would give the area away (core.suppression.hidden_totals). The change log recorded the plan figure
when it was saved, perhaps before the area was; so after every write of measurements, the records of the plan
figures of the periods written are masked where an area of the period is now suppressed. Masking is not undone
when the area later becomes shown: the log then says less than it could, never more.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef

from entydig.core.models import AuditEvent
from entydig.core.suppression import masked_changes, suppressed_q
from entydig.monitoring.models import Measurement


def redact_hidden_totals(written: Iterable[tuple[int, str]]) -> int:
    """Masks the change log of the plan figures that secondary suppression now hides, for the (indicator id,
    period) pairs just written; returns how many records were masked."""
    pairs = set(written)
    if not pairs:
        return 0
    hidden_area = Measurement.objects.filter(
        suppressed_q(),
        indicator_id=OuterRef("indicator_id"),
        period=OuterRef("period"),
        series=Measurement.Series.AREA,
    )
    totals = (
        Measurement.objects.filter(
            Exists(hidden_area),
            series=Measurement.Series.PLAN,
            indicator_id__in={indicator for indicator, _period in pairs},
            period__in={period for _indicator, period in pairs},
        )
        .order_by()
        .values_list("pk", "indicator_id", "period", "indicator__suppression_threshold", "indicator__plan_id")
    )
    found = [(str(pk), limit, plan) for pk, indicator, period, limit, plan in totals if (indicator, period) in pairs]
    if not found:
        return 0
    thresholds = {pk: limit for pk, limit, _plan in found}
    # By plan first: the change log's index starts with the plan, and a plan's records are few beside all of them.
    records = list(
        AuditEvent.objects.filter(
            plan_id__in={plan for _pk, _limit, plan in found},
            object_type=Measurement._meta.label_lower,
            object_id__in=list(thresholds),
        )
    )
    changed = []
    for record in records:
        masked = masked_changes(record.changes, thresholds[record.object_id])
        if masked != record.changes:
            record.changes = masked
            changed.append(record)
    AuditEvent.objects.bulk_update(changed, ["changes"])
    return len(changed)
