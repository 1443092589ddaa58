"""Forms for indicators, manual measurements and the import upload."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from entydig.core.forms import Form, ModelForm
from entydig.core.importing.cells import parse_number
from entydig.core.periods import parse_period
from entydig.monitoring.models import Indicator, Measurement
from entydig.organisation.models import Area, Plan


def _decimal(text: str, field: str) -> Decimal | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return parse_number(text, ";").quantize(Decimal("0.0001"))
    except (ValueError, InvalidOperation) as error:
        raise ValidationError(
            _("»%(value)s« er ikke et tal; skriv fx 41,2"), code="not_a_number", params={"value": text[:40]}
        ) from error


class DanishDecimalField(forms.CharField):
    """A number typed the Danish way (decimal comma, thousands dot) or the English way."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # CharField's stub says str
        return _decimal(super().to_python(value) or "", "")

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            text = format(value.normalize(), "f")
            return text.replace(".", ",")
        return value


class PeriodField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", _("Fx 2024, 2024H1, 2024Q3 eller 2024-05"))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return parse_period(text).canonical if text else ""


def _goal_label(goal: Any) -> str:
    prefix = _("Overordnet mål") if goal.level == "strategic" else _("Delmål")
    return f"{prefix}: {goal.title}"


class IndicatorForm(ModelForm):
    baseline_value = DanishDecimalField(label=_("Baseline (værdi)"), required=False)
    baseline_period = PeriodField(label=_("Baselineperiode"), required=False)
    target_value = DanishDecimalField(label=_("Mål (værdi)"), required=False)
    target_period = PeriodField(label=_("Målperiode"), required=False)
    milestones = forms.CharField(
        label=_("Milepæle undervejs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Én pr. linje: periode og værdi, fx »2025: 38,5«"),
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "definition",
            "unit",
            "direction",
            "source",
            "frequency",
            "decimals",
            "suppression_threshold",
            "goals",
            "baseline_value",
            "baseline_period",
            "target_value",
            "target_period",
        ]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        }

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        goals = self.fields["goals"]
        assert isinstance(goals, forms.ModelMultipleChoiceField)  # noqa: S101 - narrows the type
        # The goals come through the model's own link (Indicator.goals names "goals.Goal"), not an import of the
        # goals app, which stands on the floor above.
        linked = Indicator._meta.get_field("goals").related_model
        assert isinstance(linked, type) and issubclass(linked, models.Model)  # noqa: S101 - narrows the type
        goals.queryset = linked._default_manager.filter(plan=plan).order_by("level", "order", "pk")
        goals.required = False
        goals.label_from_instance = _goal_label  # type: ignore[method-assign,assignment]  # a method in the stubs
        self.fields["code"].help_text = _("Kort kode, der bruges i importfiler, fx »ledighed«")
        if self.instance.pk and not self.is_bound:
            self.initial["milestones"] = "\n".join(
                f"{m.period}: {format(m.value.normalize(), 'f').replace('.', ',')}"
                for m in self.instance.milestones.all()
            )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        clash = Indicator.objects.filter(plan=self.plan, code__iexact=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("Koden bruges allerede af en anden indikator i planen"), code="duplicate_code")
        return code

    def clean_milestones(self) -> list[tuple[str, Decimal]]:
        result = []
        for number, line in enumerate(self.cleaned_data["milestones"].splitlines(), start=1):
            if not line.strip():
                continue
            period_text, sep, value_text = line.partition(":")
            if not sep:
                raise ValidationError(
                    _("Linje %(n)s: skriv periode og værdi adskilt af kolon, fx »2025: 38,5«"), params={"n": number}
                )
            try:
                period = parse_period(period_text).canonical
                value = _decimal(value_text, "milestones")
            except ValidationError as error:
                raise ValidationError(
                    _("Linje %(n)s: %(error)s"), params={"n": number, "error": " ".join(error.messages)}
                ) from error
            if value is None:
                raise ValidationError(_("Linje %(n)s: værdien mangler"), params={"n": number})
            result.append((period, value))
        return result

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("target_value") is None) != (not data.get("target_period")):
            self.add_error("target_period", _("Et mål skal have både en værdi og en målperiode"))
        if (
            data.get("baseline_period")
            and data.get("target_period")
            and parse_period(data["baseline_period"]) >= parse_period(data["target_period"])
        ):
            self.add_error("target_period", _("Målperioden skal ligge efter baselineperioden"))
        return data

    def _post_clean(self) -> None:
        self.instance.plan = self.plan
        super()._post_clean()  # type: ignore[misc]  # a private hook, absent from the stubs


class MeasurementForm(Form):
    series = forms.ChoiceField(label=_("Område eller serie"))
    period = PeriodField(label=_("Periode"))
    value = DanishDecimalField(label=_("Værdi"), required=False, help_text=_("Tom, hvis tallet ikke er oplyst"))
    n = forms.IntegerField(
        label=_("Antal personer (n)"),
        required=False,
        min_value=0,
        help_text=_("Værdier med færre personer end diskretionsgrænsen vises aldrig"),
    )
    suppressed = forms.BooleanField(
        label=_("Diskretioneret ved kilden (fx »<5«)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )
    source_note = forms.CharField(label=_("Kilde"), required=False, max_length=300)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, areas: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = {str(a.pk): a for a in areas}
        choices: list[tuple[str, Any]] = [(f"area:{a.pk}", a.name) for a in areas]
        choices += [(s.value, s.label) for s in Measurement.Series if s != Measurement.Series.AREA]
        series = self.fields["series"]
        assert isinstance(series, forms.ChoiceField)  # noqa: S101 - narrows the type
        series.choices = choices

    def clean_series(self) -> tuple[str, Area | None]:
        value: str = self.cleaned_data["series"]
        if value.startswith("area:"):
            return Measurement.Series.AREA, self.areas[value[5:]]
        return value, None

    @staticmethod
    def initial_for(measurement: Measurement) -> dict[str, Any]:
        return {
            "series": f"area:{measurement.area_id}" if measurement.area_id else measurement.series,
            "period": measurement.period,
            "value": measurement.value,
            "n": measurement.n,
            "suppressed": measurement.suppressed,
            "source_note": measurement.source_note,
            "note": measurement.note,
        }


class ImportForm(Form):
    file = forms.FileField(
        label=_("Fil med målinger (CSV eller XLSX)"),
        help_text=_(
            "Kolonner: indikator, område, periode, værdi og evt. n, tæller, nævner, kilde, note – "
            "eller én række pr. område og én kolonne pr. periode"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    indicator = forms.ChoiceField(
        label=_("Indikator"),
        required=False,
        help_text=_("Kun for en fil med én kolonne pr. periode og uden kolonnen »indikator«"),
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = list(Indicator.objects.filter(plan=plan).order_by("code").values_list("code", "name"))
        self.codes = {code for code, _name in codes}
        field = self.fields["indicator"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type
        field.choices = [("", _("Filen nævner selv indikatoren")), *((c, f"{c} – {n}") for c, n in codes)]

    def cleaned_indicator(self) -> str:
        """The chosen indicator's code, read before the form is validated (the confirming form has no file)."""
        code = str(self.data.get("indicator", "")) if self.is_bound else ""
        return code if code in self.codes else ""
