"""Forms for agreements, goals and ownership; choices are limited to the plan at hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entydig.core.forms import Form, ModelForm, choices_from
from entydig.goals.models import Goal, StrategicAgreement, SubAgreement
from entydig.organisation.models import Activity, Body, EffortArea, Plan


class AgreementForm(ModelForm):
    class Meta:
        model = StrategicAgreement
        fields = [
            "title",
            "problem_understanding",
            "organisation_text",
            "strategic_goals_text",
            "steering_groups_approve_sub_agreements",
        ]
        widgets = {
            "problem_understanding": forms.Textarea(attrs={"rows": 8}),
            "organisation_text": forms.Textarea(attrs={"rows": 6}),
            "strategic_goals_text": forms.Textarea(attrs={"rows": 6}),
        }


class ApprovalForm(Form):
    by = forms.ChoiceField(
        label=_("Godkendt af"), choices=[("board", _("Bestyrelsen")), ("lbf", _("Landsbyggefonden"))]
    )
    on = forms.DateField(label=_("Dato for godkendelsen"), widget=forms.DateInput, initial=timezone.localdate)


class SubAgreementApprovalForm(Form):
    """Only the date: who approves follows from the board's delegation setting (services.sub_agreement_approver)."""

    on = forms.DateField(label=_("Dato for godkendelsen"), widget=forms.DateInput, initial=timezone.localdate)


class SubAgreementForm(ModelForm):
    class Meta:
        model = SubAgreement
        fields = ["effort_area", "steering_group", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices_from(self, "steering_group", Body.objects.filter(plan=plan, kind=Body.Kind.STEERING_GROUP))
        choices_from(self, "effort_area", EffortArea.objects.all())
        if self.instance.pk:
            del self.fields["effort_area"]


class GoalForm(ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "description", "parent", "sub_agreement", "activities"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "activities": forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        }
        help_texts = {"activities": _("De indsatser, der skal flytte målet.")}

    def __init__(self, *args: Any, plan: Plan, level: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.level = level
        choices_from(self, "activities", Activity.objects.filter(plan=plan).order_by("name"))
        if level == Goal.Level.SUB:
            choices_from(self, "parent", Goal.objects.filter(plan=plan, level=Goal.Level.STRATEGIC))
            self.fields["parent"].required = True
            choices_from(self, "sub_agreement", SubAgreement.objects.filter(plan=plan).select_related("effort_area"))
            self.fields["sub_agreement"].required = True
        else:
            del self.fields["parent"]
            del self.fields["sub_agreement"]

    def _post_clean(self) -> None:
        # The service validates the goal against its plan and level; the model check would run too early.
        pass


class OwnershipForm(Form):
    """One checkbox and note per party and condition; field names are `<party id>__<condition>`."""

    def __init__(self, *args: Any, rows: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in rows:
            for code, label, fulfilled, note in row.conditions:
                self.fields[f"{row.party.pk}__{code}"] = forms.BooleanField(
                    label=label, required=False, initial=fulfilled
                )
                self.fields[f"{row.party.pk}__{code}__note"] = forms.CharField(
                    label=_("Note"), required=False, initial=note, max_length=1000
                )
