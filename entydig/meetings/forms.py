"""Forms for meetings, agenda items, minutes and action items. They parse input and offer the plan's own objects;
the services check the rules (and the model's own validation) and the views put their errors back on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from entydig.budget.forms import MoneyField, target_choices
from entydig.budget.models import Funder
from entydig.budget.selectors import plan_years
from entydig.core.forms import Form, choices_from
from entydig.goals.models import Goal
from entydig.meetings.models import ActionItem, AgendaItem, BodyDeadlines, CalendarSettings, Meeting, Minutes
from entydig.meetings.selectors import plan_people
from entydig.meetings.services import CalendarValues, DeadlineValues
from entydig.monitoring.models import Indicator
from entydig.organisation.forms import ServiceForm
from entydig.organisation.models import Activity, Body, Person, Plan


def _with(people: QuerySet[Person], *current: Person | None) -> QuerySet[Person]:
    """The plan's people and whoever an object names already (someone may have left the plan's bodies since)."""
    keep = [p.pk for p in current if p is not None]
    return Person.objects.filter(Q(pk__in=people.values("pk")) | Q(pk__in=keep)).order_by("name")


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class ConfirmForm(Form):
    """An irreversible step asks first: without `confirm` the page shows what will happen and asks again."""

    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class MeetingForm(ServiceForm):
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
        choices_from(self, "body", bodies)
        choices_from(self, "invited_bodies", bodies)
        start = self.fields["start"]
        assert isinstance(start, forms.DateTimeField)  # noqa: S101 - narrows the type
        start.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if self.instance.pk:
            self.fields["row_version"].initial = self.instance.row_version
        else:
            del self.fields["status"]  # a new meeting is always planned; cancelling is an edit


class AgendaItemForm(ServiceForm):
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
        item = self.instance
        choices_from(self, "presenter", _with(people, item.presenter if item.presenter_id else None))
        choices_from(self, "owner", _with(people, item.owner if item.owner_id else None))
        choices_from(self, "goals", Goal.objects.filter(plan=plan).order_by("level", "order", "pk"))
        choices_from(self, "indicators", Indicator.objects.filter(plan=plan).order_by("name"))
        choices_from(self, "activities", Activity.objects.filter(plan=plan).order_by("name"))
        self.fields["title"].required = False  # the service asks for it, in the same words as in the API
        self.fields["order"].required = False
        self.fields["order"].help_text = _("Tom: sidst på dagsordenen.")
        if item.pk:
            self.fields["row_version"].initial = item.row_version
        else:
            self.fields["order"].initial = None


class AttachmentForm(Form):
    file = forms.FileField(label=_("Bilag"), help_text=_("PDF, DOCX, XLSX, PPTX eller billede; højst 20 MB."))


class GuestForm(Form):
    person = forms.ModelChoiceField(label=_("Gæst"), queryset=Person.objects.none(), empty_label=_("Vælg en person"))
    reason = forms.CharField(label=_("Anledning"), max_length=200, required=False, help_text=_("fx »til punkt 3«"))

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices_from(self, "person", plan_people(plan))


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
                widget=forms.Textarea(attrs={"rows": 3, "class": "form-input"}),
                required=False,
                initial=entry.discussion if entry else "",
            )
            self.fields[f"decision_{item.pk}"] = forms.CharField(
                label=_("Beslutning, punkt %(n)d") % {"n": number},
                widget=forms.Textarea(attrs={"rows": 3, "class": "form-input"}),
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
        choices_from(self, "item", meeting.items.order_by("order", "pk"))
        choices_from(self, "responsible", plan_people(meeting.plan))


class ActionStatusForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)
    note = forms.CharField(label=_("Bemærkning"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ApproveForm(ConfirmForm):
    # What the choice does, not how the approved minutes will read ("Godkendt af formanden").
    HOW = [
        (Minutes.ApprovedHow.CHAIR, _("Formanden godkender referatet nu")),
        (Minutes.ApprovedHow.BOARD, _("Referatet godkendes på næste møde")),
    ]

    how = forms.ChoiceField(label=_("Godkendelse"), choices=HOW)
    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, minutes: Minutes | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if minutes is not None:
            self.fields["row_version"].initial = minutes.row_version
            if minutes.is_pending:  # awaiting the next meeting; the chair may still approve at once
                how = self.fields["how"]
                assert isinstance(how, forms.ChoiceField)  # noqa: S101 - narrows the type
                how.choices = self.HOW[:1]


class AmendmentForm(Form):
    item = forms.ModelChoiceField(label=_("Punkt"), queryset=AgendaItem.objects.none(), required=False)
    text = forms.CharField(label=_("Rettelse"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    reason = forms.CharField(label=_("Begrundelse"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices_from(self, "item", meeting.items.order_by("order", "pk"))


class BodyDeadlinesForm(ServiceForm):
    class Meta:
        model = BodyDeadlines
        fields = ["dispatch_days", "warning_days", "material_days"]

    def values(self) -> DeadlineValues:
        d = self.cleaned_data
        return {
            "dispatch_days": d["dispatch_days"],
            "warning_days": d["warning_days"],
            "material_days": d["material_days"],
        }


class CalendarSettingsForm(ServiceForm):
    class Meta:
        model = CalendarSettings
        fields = ["constitution_day_off", "christmas_eve_off", "new_years_eve_off"]

    def values(self) -> CalendarValues:
        d = self.cleaned_data
        return {
            "constitution_day_off": d["constitution_day_off"],
            "christmas_eve_off": d["christmas_eve_off"],
            "new_years_eve_off": d["new_years_eve_off"],
        }


class ReallocationForm(Form):
    """Money a prioritisation item proposes to move: from one post to another, in a year, of one funder's money."""

    source = forms.ChoiceField(label=_("Fra"))
    target = forms.ChoiceField(label=_("Til"))
    year = forms.TypedChoiceField(label=_("År"), coerce=int)
    funder = forms.ChoiceField(label=_("Finansieringskilde"), choices=Funder.choices)
    amount = MoneyField(label=_("Beløb (kr.)"))

    def __init__(self, *args: Any, plan: Plan, posts: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        posts = posts if posts is not None else target_choices(plan)
        source, target, year = self.fields["source"], self.fields["target"], self.fields["year"]
        assert isinstance(source, forms.ChoiceField)  # noqa: S101 - narrows the type
        assert isinstance(target, forms.ChoiceField)  # noqa: S101 - narrows the type
        assert isinstance(year, forms.ChoiceField)  # noqa: S101 - narrows the type
        source.choices = posts
        target.choices = posts
        year.choices = [(y, y) for y in plan_years(plan)]
