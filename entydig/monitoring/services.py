"""Every write to indicators, milestones and measurements: transactional and audited."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from entydig.catalogue.models import CatalogueIndicator
from entydig.core.audit import Actor, audit_record, diff, snapshot
from entydig.core.periods import parse_period
from entydig.core.suppression import audit_changes
from entydig.monitoring.changes import IndicatorChange, indicator_changing
from entydig.monitoring.models import Indicator, Measurement, Milestone
from entydig.monitoring.redaction import redact_hidden_totals
from entydig.organisation.models import Area

INDICATOR_FIELDS = [
    "catalogue",
    "code",
    "name",
    "definition",
    "unit",
    "direction",
    "source",
    "frequency",
    "decimals",
    "suppression_threshold",
    "baseline_value",
    "baseline_period",
    "target_value",
    "target_period",
    "goals",
]
MEASUREMENT_FIELDS = [
    "series",
    "area",
    "period",
    "value",
    "n",
    "numerator",
    "denominator",
    "suppressed",
    "source_note",
    "note",
]


def _canonical_periods(values: dict[str, Any]) -> None:
    for name in ("baseline_period", "target_period", "period"):
        if values.get(name):
            values[name] = parse_period(values[name]).canonical


def _check_goals(indicator: Indicator, goals: Iterable[Any]) -> list[Any]:
    goals = list(goals)
    if any(g.plan_id != indicator.plan_id for g in goals):
        raise ValidationError({"goals": _("Et mål hører til en anden helhedsplan")})
    return goals


def _set_milestones(indicator: Indicator, milestones: Iterable[tuple[str, Decimal]]) -> None:
    wanted = {parse_period(p).canonical: Decimal(v) for p, v in milestones}
    indicator.milestones.exclude(period__in=list(wanted)).delete()
    for period, value in wanted.items():
        Milestone.objects.update_or_create(indicator=indicator, period=period, defaults={"value": value})


@transaction.atomic
def indicator_create(
    *,
    actor: Actor,
    plan: Any,
    goals: Iterable[Any] = (),
    milestones: Iterable[tuple[str, Decimal]] | None = None,
    **values: Any,
) -> Indicator:
    _canonical_periods(values)
    indicator = Indicator(plan=plan, **values)
    indicator.full_clean()
    indicator.save()
    checked = _check_goals(indicator, goals)
    if checked:  # a new indicator on an approved goal changes that goal's agreement: the hooks hear it before
        goal_ids = frozenset(g.pk for g in checked)
        indicator_changing(IndicatorChange(indicator, {}, {"goals": sorted(goal_ids)}, goal_ids, actor))
    indicator.goals.set(checked)
    if milestones is not None:
        _set_milestones(indicator, milestones)
    audit_record(actor=actor, action="create", obj=indicator, plan=plan, changes=snapshot(indicator, INDICATOR_FIELDS))
    return indicator


# The catalogue's source as the plan indicator's source.
ADOPTED_SOURCE = {
    CatalogueIndicator.Source.BOLIGSOCIALE_DATA: Indicator.Source.LBF,
    CatalogueIndicator.Source.DST: Indicator.Source.DST,
    CatalogueIndicator.Source.MUNICIPALITY: Indicator.Source.MUNICIPAL,
    CatalogueIndicator.Source.SURVEY: Indicator.Source.SURVEY,
}
# Whole numbers are counted; shares, rates, averages and amounts keep the plan's default of one decimal.
ADOPTED_DECIMALS = {CatalogueIndicator.Kind.COUNT: 0, CatalogueIndicator.Kind.AMOUNT: 0}


@transaction.atomic
def indicator_adopt(
    *,
    actor: Actor,
    plan: Any,
    catalogue_indicator: CatalogueIndicator,
    goals: Iterable[Any] = (),
    milestones: Iterable[tuple[str, Decimal]] | None = None,
    **values: Any,
) -> Indicator:
    """A plan indicator made from a catalogue entry: its name, definition, unit, direction and source are the
    catalogue's, so the same code means the same thing in every plan; baseline, targets and goals are the plan's."""
    if not catalogue_indicator.active:
        raise ValidationError({"catalogue": _("Indikatoren er ikke længere aktiv i kataloget")})
    if Indicator.objects.filter(plan=plan, catalogue=catalogue_indicator).exists():
        raise ValidationError(
            {
                "catalogue": _("Planen har allerede taget indikatoren %(code)s fra kataloget i brug")
                % {"code": catalogue_indicator.code}
            }
        )
    code = values.pop("code", None) or catalogue_indicator.code
    if Indicator.objects.filter(plan=plan, code__iexact=code).exists():
        raise ValidationError(
            {"code": _("Planen har allerede en indikator med koden %(code)s; vælg en anden kode") % {"code": code}}
        )
    copied = {
        "name": catalogue_indicator.name,
        "definition": catalogue_indicator.definition,
        "unit": catalogue_indicator.unit,
        "direction": catalogue_indicator.direction,
        "source": ADOPTED_SOURCE[CatalogueIndicator.Source(catalogue_indicator.source)],
        "decimals": ADOPTED_DECIMALS.get(CatalogueIndicator.Kind(catalogue_indicator.kind), 1),
    }
    return indicator_create(
        actor=actor,
        plan=plan,
        goals=goals,
        milestones=milestones,
        **{**copied, **values, "code": code, "catalogue": catalogue_indicator},
    )


@transaction.atomic
def indicator_update(
    *,
    actor: Actor,
    indicator: Indicator,
    goals: Iterable[Any] | None = None,
    milestones: Iterable[tuple[str, Decimal]] | None = None,
    **values: Any,
) -> Indicator:
    _canonical_periods(values)
    _keep_catalogue_meaning(indicator, values)
    _announce(indicator, values, goals, actor=actor)
    before = snapshot(indicator, INDICATOR_FIELDS)
    before["milestones"] = [str(m) for m in indicator.milestones.all()]
    for name, value in values.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    if goals is not None:
        indicator.goals.set(_check_goals(indicator, goals))
    if milestones is not None:
        _set_milestones(indicator, milestones)
    after = snapshot(indicator, INDICATOR_FIELDS)
    after["milestones"] = [str(m) for m in indicator.milestones.all()]
    changes = diff(before, after)
    if changes:
        audit_record(actor=actor, action="update", obj=indicator, plan=indicator.plan, changes=changes)
    return indicator


def _keep_catalogue_meaning(indicator: Indicator, values: dict[str, Any]) -> None:
    """An adopted indicator keeps the catalogue's unit and direction: they decide what its figures and its status
    mean, and the same catalogue code must mean the same in every plan."""
    entry = indicator.catalogue
    if entry is None:
        return
    for name in ("unit", "direction"):
        if name in values and values[name] != getattr(entry, name):
            raise ValidationError({name: _("En indikator fra kataloget har katalogets enhed og retning")})


def _announce(indicator: Indicator, values: dict[str, Any], goals: Iterable[Any] | None, *, actor: Actor) -> None:
    """Tells the registered hooks (goals' change control) what is about to change, before anything is saved."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name, value in values.items():
        if getattr(indicator, name) != value:
            before[name], after[name] = getattr(indicator, name), value
    old_goal_ids = sorted(indicator.goals.values_list("pk", flat=True))
    new_goal_ids = old_goal_ids if goals is None else sorted(g.pk for g in goals)
    if new_goal_ids != old_goal_ids:
        before["goals"], after["goals"] = old_goal_ids, new_goal_ids
    if after:
        goal_ids = frozenset(old_goal_ids) | frozenset(new_goal_ids)
        indicator_changing(IndicatorChange(indicator, before, after, goal_ids, actor))


@transaction.atomic
def indicator_delete(*, actor: Actor, indicator: Indicator) -> None:
    goal_ids = frozenset(indicator.goals.values_list("pk", flat=True))
    indicator_changing(IndicatorChange(indicator, {}, {}, goal_ids, actor, deleted=True))
    audit_record(actor=actor, action="delete", obj=indicator, plan=indicator.plan)
    indicator.delete()


def _check_area(indicator: Indicator, series: str, area: Area | None) -> None:
    if series == Measurement.Series.AREA and (area is None or area.plan_id != indicator.plan_id):
        raise ValidationError({"area": _("Vælg et boligområde i helhedsplanen")})
    if series != Measurement.Series.AREA and area is not None:
        raise ValidationError({"area": _("Kun serien »Boligområde« har et område")})


@transaction.atomic
def measurement_save(
    *,
    actor: Actor,
    indicator: Indicator,
    series: str,
    period: str,
    value: Decimal | None,
    area: Area | None = None,
    n: int | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    suppressed: bool = False,
    source_note: str = "",
    note: str = "",
) -> Measurement:
    """Creates the value, or replaces the stored value for the same indicator, series/area and period."""
    _check_area(indicator, series, area)
    parsed = parse_period(period)
    current = Measurement.objects.filter(indicator=indicator, series=series, area=area, period=parsed.canonical).first()
    values = {
        "value": value,
        "n": n,
        "numerator": numerator,
        "denominator": denominator,
        "suppressed": suppressed,
        "source_note": source_note,
        "note": note,
        "period_start": parsed.start,
    }
    if current is None:
        measurement = Measurement(indicator=indicator, series=series, area=area, period=parsed.canonical, **values)
        measurement.full_clean()
        measurement.save()
        state = snapshot(measurement, MEASUREMENT_FIELDS)
        audit_record(
            actor=actor,
            action="create",
            obj=measurement,
            plan=indicator.plan,
            changes=audit_changes(state, threshold=indicator.suppression_threshold, unit=indicator.unit, after=state),
        )
        redact_hidden_totals([(indicator.pk, measurement.period)])
        return measurement
    return measurement_update(actor=actor, measurement=current, **values)


@transaction.atomic
def measurement_update(*, actor: Actor, measurement: Measurement, **values: Any) -> Measurement:
    _canonical_periods(values)
    if "period" in values:
        values["period_start"] = parse_period(values["period"]).start
    before = snapshot(measurement, MEASUREMENT_FIELDS)
    for name, value in values.items():
        setattr(measurement, name, value)
    _check_area(measurement.indicator, measurement.series, measurement.area)
    measurement.full_clean()
    measurement.save()
    after = snapshot(measurement, MEASUREMENT_FIELDS)
    changes = diff(before, after)
    if changes:
        threshold, unit = measurement.indicator.suppression_threshold, measurement.indicator.unit
        audit_record(
            actor=actor,
            action="update",
            obj=measurement,
            plan=measurement.indicator.plan,
            changes=audit_changes(changes, threshold=threshold, unit=unit, before=before, after=after),
        )
        redact_hidden_totals([(measurement.indicator_id, measurement.period)])
    return measurement


@transaction.atomic
def measurement_delete(*, actor: Actor, measurement: Measurement) -> None:
    audit_record(actor=actor, action="delete", obj=measurement, plan=measurement.indicator.plan)
    measurement.delete()
