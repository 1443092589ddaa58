"""Forms for meetings, agenda items, minutes and action items; choices are limited to the plan's own objects."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from entydig.core.forms import Form, ModelForm
from entydig.goals.models import Goal
from entydig.meetings.models import ActionItem, AgendaItem, BodyDeadlines, CalendarSettings, Meeting, Minutes
from entydig.monitoring.models import Indicator
from entydig.organisation.models import Activity, Body, Person, Plan


def plan_people(plan: Plan) -> QuerySet[Person]:
    condition = Q(memberships__body__plan=plan) | Q(responsible_for__plan=plan) | Q(memberships__body__also_serves=plan)
    return Person.objects.filter(pk__in=Person.objects.filter(condition).values("pk")).order_by("name")


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class MeetingForm(ModelForm):
    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        fields = ["body", "kind", "title", "start", "duration_minutes", "place", "invited_bodies", "status"]
        widgets = {
            "start": DateTimeLocalInput(),
            "invited_bodies": forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        }

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bodies = Body.objects.filter(plan=plan).exclude(kind=Body.Kind.SECRETARIAT).order_by("kind", "name")
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["invited_bodies"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["start"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["row_version"].initial = self.instance.row_version
        else:
            del self.fields["status"]  # a new meeting is always planned; cancelling is an edit


class AgendaItemForm(ModelForm):
    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "kind",
            "proposal",
            "description",
            "presenter",
            "owner",
            "minutes_allotted",
            "order",
            "goals",
            "indicators",
            "activities",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "proposal": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
            "indicators": forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
            "activities": forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        }

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = plan_people(plan)
        self.fields["presenter"].queryset = people  # type: ignore[attr-defined]
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
        self.fields["goals"].queryset = Goal.objects.filter(plan=plan).order_by("level", "order", "pk")  # type: ignore[attr-defined]
        self.fields["indicators"].queryset = Indicator.objects.filter(plan=plan).order_by("name")  # type: ignore[attr-defined]
        self.fields["activities"].queryset = Activity.objects.filter(plan=plan).order_by("name")  # type: ignore[attr-defined]
        self.fields["order"].required = False
        self.fields["order"].help_text = _("Tom: sidst på dagsordenen.")
        if not self.instance.pk:
            self.fields["order"].initial = None
        if self.instance.pk:
            self.fields["row_version"].initial = self.instance.row_version


class AttachmentForm(Form):
    file = forms.FileField(label=_("Bilag"), help_text=_("PDF, DOCX, XLSX, PPTX eller billede; højst 20 MB."))


class GuestForm(Form):
    person = forms.ModelChoiceField(label=_("Gæst"), queryset=Person.objects.none(), empty_label=_("Vælg en person"))
    reason = forms.CharField(label=_("Anledning"), max_length=200, required=False, help_text=_("fx 'til punkt 3'"))

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = plan_people(plan)  # type: ignore[attr-defined]


class MinutesForm(Form):
    """The discussion and decision per agenda item, and general notes."""

    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    notes = forms.CharField(label=_("Generelle bemærkninger"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, items: list[AgendaItem], minutes: Minutes | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        entries = {e.item_id: e for e in minutes.entries.all()} if minutes else {}
        if minutes:
            self.fields["row_version"].initial = minutes.row_version
            self.fields["notes"].initial = minutes.notes
        for number, item in enumerate(items, start=1):
            entry = entries.get(item.pk)
            self.fields[f"discussion_{item.pk}"] = forms.CharField(
                label=_("Drøftelse, punkt %(n)d") % {"n": number},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=entry.discussion if entry else "",
            )
            self.fields[f"decision_{item.pk}"] = forms.CharField(
                label=_("Beslutning, punkt %(n)d") % {"n": number},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=entry.decision if entry else "",
            )

    def rows(self) -> list[tuple[int, AgendaItem, Any, Any]]:
        return [
            (n, item, self[f"discussion_{item.pk}"], self[f"decision_{item.pk}"])
            for n, item in enumerate(self.items, start=1)
        ]

    def entries(self) -> dict[int, dict[str, str]]:
        return {
            item.pk: {
                "discussion": self.cleaned_data[f"discussion_{item.pk}"],
                "decision": self.cleaned_data[f"decision_{item.pk}"],
            }
            for item in self.items
        }


class ActionItemForm(Form):
    item = forms.ModelChoiceField(label=_("Beslutning under punkt"), queryset=AgendaItem.objects.none())
    title = forms.CharField(label=_("Handlingspunkt"), max_length=300)
    responsible = forms.ModelChoiceField(label=_("Ansvarlig"), queryset=Person.objects.none())
    due = forms.DateField(label=_("Frist"), widget=forms.DateInput)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.order_by("order", "pk")  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = plan_people(meeting.plan)  # type: ignore[attr-defined]


class ActionStatusForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)
    note = forms.CharField(label=_("Bemærkning"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ApproveForm(Form):
    how = forms.ChoiceField(label=_("Godkendt af"), choices=Minutes.ApprovedHow.choices)


class AmendmentForm(Form):
    item = forms.ModelChoiceField(label=_("Punkt"), queryset=AgendaItem.objects.none(), required=False)
    text = forms.CharField(label=_("Rettelse"), widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Begrundelse"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.order_by("order", "pk")  # type: ignore[attr-defined]


class BodyDeadlinesForm(ModelForm):
    class Meta:
        model = BodyDeadlines
        fields = ["dispatch_days", "warning_days", "material_days"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("warning_days") and data.get("dispatch_days") and data["warning_days"] < data["dispatch_days"]:
            self.add_error("warning_days", _("Varslingen skal være mindst lige så lang som fristen."))
        return data


class CalendarSettingsForm(ModelForm):
    class Meta:
        model = CalendarSettings
        fields = ["constitution_day_off", "christmas_eve_off", "new_years_eve_off"]
