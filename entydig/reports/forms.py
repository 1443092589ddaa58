"""Forms for progress reports, output measures, the collection and the pixi draft."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from entydig.core.forms import Form, ModelForm, choices_from
from entydig.goals.models import Goal
from entydig.organisation.models import Activity
from entydig.reports.models import OutputMeasure, ProgressCollection, ProgressReport


class ProgressReportForm(ModelForm):
    class Meta:
        model = ProgressReport
        fields = ["rag", "rag_reason", "done", "challenges", "next_steps", "staff_feedback", "goals"]
        widgets = {
            "rag": forms.RadioSelect(attrs={"class": "form-radio"}),
            "goals": forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
            "done": forms.Textarea(attrs={"rows": 4}),
            "challenges": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
            "staff_feedback": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.fields["rag"].required = False
        rag = self.fields["rag"]
        assert isinstance(rag, forms.ChoiceField)  # noqa: S101 - narrows the type
        rag.choices = list(ProgressReport.Rag.choices)
        goals = Goal.objects.filter(plan_id=activity.plan_id, level=Goal.Level.SUB)
        choices_from(self, "goals", goals.order_by("parent__order", "order", "pk"))
        self.fields["goals"].required = False
        self.measures = list(activity.output_measures.all())
        values = {v.measure_id: v.value for v in self.instance.output_values.all()} if self.instance.pk else {}
        for m in self.measures:
            target = m.target_per_quarter
            hint = _("Mål pr. kvartal: %(t)s") % {"t": floatformat(target, "-2g")} if target is not None else ""
            self.fields[f"output_{m.pk}"] = forms.DecimalField(
                label=m.label, required=False, min_value=Decimal(0), max_digits=12, decimal_places=2, help_text=hint
            )
            self.initial[f"output_{m.pk}"] = values.get(m.pk)
        # The base class sets widget classes before the dynamic fields exist.
        for m in self.measures:
            self.fields[f"output_{m.pk}"].widget.attrs["class"] = "form-input input-width-s"

    def output_fields(self) -> list[forms.BoundField]:
        return [self[f"output_{m.pk}"] for m in self.measures]

    def outputs(self) -> dict[int, Decimal | None]:
        return {m.pk: self.cleaned_data.get(f"output_{m.pk}") for m in self.measures}

    def text_values(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data[k] or ""
            for k in ["rag", "rag_reason", "done", "challenges", "next_steps", "staff_feedback"]
        }


class OutputMeasureForm(ModelForm):
    class Meta:
        model = OutputMeasure
        fields = ["name", "unit", "target_per_quarter", "counts_people"]
        widgets = {"counts_people": forms.CheckboxInput(attrs={"class": "form-checkbox"})}


class CollectionForm(ModelForm):
    class Meta:
        model = ProgressCollection
        fields = ["deadline", "remind_days_before"]
        widgets = {"deadline": forms.DateInput}


class ReviewForm(Form):
    comment = forms.CharField(label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PixiDraftForm(Form):
    headline = forms.CharField(
        label=_("Overblik til bestyrelsen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Tre til fem sætninger. Forslaget ovenfor er skrevet ud fra tallene."),
    )

    def __init__(self, *args: Any, goals: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goal_keys = []
        for g in goals:
            key = f"reason_{g['id']}"
            self.fields[key] = forms.CharField(
                label=_("Begrundelse: %(goal)s") % {"goal": g["title"]},
                required=False,
                max_length=300,
                help_text=_("Tom: den beregnede begrundelse bruges"),
            )
            self.fields[key].widget.attrs.update(
                {"class": "form-input", "aria-describedby": f"id_{key}-hint", "placeholder": g.get("reason_auto", "")}
            )
            self.goal_keys.append((str(g["id"]), key))

    def goal_reason_fields(self) -> list[forms.BoundField]:
        return [self[key] for _id, key in self.goal_keys]

    def goal_reasons(self) -> dict[str, str]:
        return {gid: self.cleaned_data.get(key, "") for gid, key in self.goal_keys}


class PublishForm(Form):
    note = forms.CharField(
        label=_("Note til versionen"),
        required=False,
        max_length=300,
        help_text=_("Fx hvad der er rettet siden sidste version"),
    )
