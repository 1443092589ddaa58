"""Pages for indicators, their values, comparison, manual entry and import."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entydig.core import params
from entydig.core.exports import table_response
from entydig.core.importing.pages import import_step
from entydig.core.periods import parse_period
from entydig.core.suppression import SUPPRESSED_TEXT, hidden_totals, measurement_is_suppressed
from entydig.monitoring import selectors, services
from entydig.monitoring.access import indicator_for_user, measurement_for_user
from entydig.monitoring.charts import indicator_chart_spec, sparkline_spec
from entydig.monitoring.forms import ImportForm, IndicatorForm, MeasurementForm
from entydig.monitoring.importing import import_measurements, web_max_bytes
from entydig.monitoring.models import Indicator, Measurement
from entydig.monitoring.status import (
    IndicatorStatus,
    format_change,
    format_value,
    indicator_statuses,
)
from entydig.organisation.access import PlanAccess, plan_for_user
from entydig.organisation.models import Area

SECTION = "indicators"
EXPORT_FORMATS = ["csv", "xlsx"]  # `?format=` downloads a page's table
# A previewed file waits for its confirmation in the default storage (the media volume every app server shares,
# like the meeting attachments), so the confirm may reach another server than the preview did.
INDICATOR_FIELDS = [f for f in IndicatorForm.Meta.fields if f != "goals"]


def _label(period: str | None) -> str:
    return parse_period(period).label if period else ""


def _context(access: PlanAccess, **values: Any) -> dict[str, Any]:
    return {"plan": access.plan, "access": access, "section": SECTION, **values}


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    status: IndicatorStatus
    latest: str
    target: str
    sparkline: dict[str, Any] | None


@login_required
def indicator_list(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk)
    indicators = list(selectors.plan_indicators(access.plan))
    statuses = indicator_statuses(indicators)
    rows = [
        IndicatorRow(
            indicator=i,
            status=(s := statuses[i.pk]),
            latest=format_value(s.latest_value, i) if s.latest_value is not None else "",
            target=format_value(i.target_value, i) if i.target_value is not None else "",
            sparkline=sparkline_spec(i, s) if s.points else None,
        )
        for i in indicators
    ]
    fmt = params.choice(request.GET, "format", EXPORT_FORMATS)
    if fmt:
        header = [
            _("Kode"),
            _("Indikator"),
            _("Enhed"),
            _("Seneste værdi"),
            _("Periode"),
            _("Mål"),
            _("Målperiode"),
            _("Status"),
            _("Begrundelse"),
            _("Katalogkode"),
        ]
        table: list[list[Any]] = [header]
        for r in rows:
            i, s = r.indicator, r.status
            table.append(
                [
                    i.code,
                    i.name,
                    i.get_unit_display(),
                    s.latest_value,
                    s.latest_period,
                    i.target_value,
                    i.target_period,
                    s.label,
                    s.reason,
                    i.catalogue.code if i.catalogue else _("Planens egen indikator"),
                ]
            )
        return table_response(table, f"indikatorer-{access.plan.pk}", fmt, _("Indikatorer"))
    return render(request, "monitoring/indicator_list.html", _context(access, rows=rows))


@login_required
def indicator_detail(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, indicator = indicator_for_user(request.user, plan_pk, pk)
    measurements = selectors.indicator_measurements(indicator)
    fmt = params.choice(request.GET, "format", EXPORT_FORMATS)
    if fmt:
        return table_response(
            selectors.export_rows(indicator, measurements), f"maalinger-{indicator.code}", fmt, indicator.code
        )
    status = selectors.indicator_detail_status(indicator, measurements)
    milestones = list(indicator.milestones.all())
    spec = indicator_chart_spec(indicator, measurements, status, milestones)
    return render(
        request,
        "monitoring/indicator_detail.html",
        _context(
            access,
            indicator=indicator,
            status=status,
            spec=spec,
            rows=selectors.value_rows(indicator, measurements),
            goals=list(indicator.goals.all()),
            milestones=[(m, format_value(m.value, indicator)) for m in milestones],
            baseline=format_value(status.baseline_value, indicator) if status.baseline_value is not None else "",
            baseline_is_first=indicator.baseline_value is None,
            latest_period=_label(status.latest_period),
            baseline_period=_label(indicator.baseline_period),
            target_period=_label(indicator.target_period),
            target=format_value(indicator.target_value, indicator) if indicator.target_value is not None else "",
            projection=format_value(status.projection, indicator) if status.projection is not None else "",
            latest=format_value(status.latest_value, indicator) if status.latest_value is not None else "",
            change=format_change(status.change_since_baseline, indicator)
            if status.change_since_baseline is not None
            else "",
            suppressed_text=SUPPRESSED_TEXT,
        ),
    )


@login_required
def indicator_compare(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, indicator = indicator_for_user(request.user, plan_pk, pk)
    measurements = selectors.indicator_measurements(indicator)
    areas = list(Area.objects.filter(plan=access.plan).order_by("name"))
    comp = selectors.comparison(indicator, measurements, areas)
    fmt = params.choice(request.GET, "format", EXPORT_FORMATS)
    if fmt:
        return table_response(
            selectors.comparison_export_rows(indicator, comp), f"sammenligning-{indicator.code}", fmt, indicator.code
        )
    spec = indicator_chart_spec(indicator, measurements, None, height=280)
    return render(
        request,
        "monitoring/indicator_compare.html",
        _context(access, indicator=indicator, comp=comp, table=comp.table(), spec=spec),
    )


def _indicator_values(form: IndicatorForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in INDICATOR_FIELDS}


@login_required
def indicator_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    access = plan_for_user(request.user, plan_pk, write=True)
    form = IndicatorForm(request.POST or None, plan=access.plan)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_create(
                actor=request.user,
                plan=access.plan,
                goals=form.cleaned_data["goals"],
                milestones=form.cleaned_data["milestones"],
                **_indicator_values(form),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Indikatoren er oprettet."))
            return redirect("monitoring:indicator", access.plan.pk, indicator.pk)
    return render(request, "monitoring/indicator_form.html", _context(access, form=form, indicator=None))


@login_required
def indicator_edit(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, indicator = indicator_for_user(request.user, plan_pk, pk, write=True)
    form = IndicatorForm(request.POST or None, instance=indicator, plan=access.plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(
                actor=request.user,
                indicator=indicator,
                goals=form.cleaned_data["goals"],
                milestones=form.cleaned_data["milestones"],
                **_indicator_values(form),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Indikatoren er gemt."))
            return redirect("monitoring:indicator", access.plan.pk, indicator.pk)
    return render(request, "monitoring/indicator_form.html", _context(access, form=form, indicator=indicator))


@login_required
@require_POST
def indicator_delete(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, indicator = indicator_for_user(request.user, plan_pk, pk, write=True)
    services.indicator_delete(actor=request.user, indicator=indicator)
    messages.success(request, _("Indikatoren og dens målinger er slettet."))
    return redirect("monitoring:indicators", access.plan.pk)


def _areas(access: PlanAccess) -> list[Area]:
    return list(Area.objects.filter(plan=access.plan).order_by("name"))


def _save_measurement(
    request: HttpRequest, indicator: Indicator, form: MeasurementForm, measurement: Measurement | None = None
) -> bool:
    """Stores the form's measurement (new, or a change of `measurement`); a refusal lands on the form."""
    series, area = form.cleaned_data["series"]
    values = {name: form.cleaned_data[name] for name in ("period", "value", "n", "suppressed", "source_note", "note")}
    try:
        if measurement is None:
            services.measurement_save(actor=request.user, indicator=indicator, series=series, area=area, **values)
        else:
            services.measurement_update(actor=request.user, measurement=measurement, series=series, area=area, **values)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@login_required
def measurement_create(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    access, indicator = indicator_for_user(request.user, plan_pk, pk, write=True)
    form = MeasurementForm(request.POST or None, areas=_areas(access))
    if request.method == "POST" and form.is_valid() and _save_measurement(request, indicator, form):
        messages.success(request, _("Målingen er gemt."))
        return redirect("monitoring:indicator", access.plan.pk, indicator.pk)
    return render(
        request, "monitoring/measurement_form.html", _context(access, form=form, indicator=indicator, measurement=None)
    )


@login_required
def measurement_edit(request: HttpRequest, plan_pk: int, pk: int, measurement_pk: int) -> HttpResponse:
    access, indicator, measurement = measurement_for_user(request.user, plan_pk, pk, measurement_pk, write=True)
    if request.method == "POST" and params.flag(request.POST, "delete"):
        services.measurement_delete(actor=request.user, measurement=measurement)
        messages.success(request, _("Målingen er slettet."))
        return redirect("monitoring:indicator", access.plan.pk, indicator.pk)
    form = MeasurementForm(request.POST or None, areas=_areas(access), initial=MeasurementForm.initial_for(measurement))
    if request.method == "POST" and form.is_valid() and _save_measurement(request, indicator, form, measurement):
        messages.success(request, _("Målingen er gemt."))
        return redirect("monitoring:indicator", access.plan.pk, indicator.pk)
    return render(
        request,
        "monitoring/measurement_form.html",
        _context(
            access,
            form=form,
            indicator=indicator,
            measurement=measurement,
            stored_suppressed=measurement_is_suppressed(measurement, indicator)
            or measurement.pk in hidden_totals(indicator.measurements.filter(period=measurement.period), indicator),
        ),
    )


@login_required
def measurement_import(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """Upload → dry run with a preview of new/changed/unchanged rows → confirm (or start over)."""
    access = plan_for_user(request.user, plan_pk, write=True)
    plan = access.plan
    form = ImportForm(request.POST or None, request.FILES or None, plan=plan)
    # Chosen for a file in the wide layout; the confirming form sends it again beside the token.
    chosen = form.cleaned_indicator()
    step = import_step(
        request,
        form=form,
        key=f"monitoring-import-{plan.pk}",
        run=lambda data, name, dry_run: import_measurements(
            actor=request.user, plan=plan, data=data, filename=name, dry_run=dry_run, indicator=chosen
        ),
        max_bytes=web_max_bytes(),
        again_url=reverse("monitoring:import", args=[plan.pk]),
        done_url=reverse("monitoring:indicators", args=[plan.pk]),
    )
    if step.redirect is not None:
        return step.redirect
    return render(
        request,
        "monitoring/import.html",
        _context(access, form=form, result=step.result, token=step.token, chosen=chosen),
    )
