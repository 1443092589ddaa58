"""Forms of the organisation pages; they parse input, the services validate against the model and save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from entydig.core.forms import Form, ModelForm, choices_from
from entydig.organisation import selectors
from entydig.organisation.models import Activity, Area, Body, Membership, Organisation, Person, Plan

MULTI_HINT = _("Vælg flere med Ctrl (Cmd på Mac).")


class ServiceForm(ModelForm):
    """A model form that leaves the instance untouched: the service (audited) applies the values."""

    def _post_clean(self) -> None:
        # The model's own validation runs in the service, whose errors the view puts back on the form.
        pass


def _main_organisations(kind: str) -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=kind, parent=None)


def _offered(organisations: QuerySet[Organisation], *current: Any) -> QuerySet[Organisation]:
    """The organisations a form may offer (selectors.organisations_for_user), and those the object has already."""
    keep = {o.pk for o in current if o is not None}
    return Organisation.objects.filter(Q(pk__in=organisations.values("pk")) | Q(pk__in=keep)).select_related("parent")


class PlanForm(ServiceForm):
    class Meta:
        model = Plan
        fields = [
            "name",
            "status",
            "period_start",
            "period_end",
            "funding_round",
            "municipality",
            "housing_organisations",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices_from(self, "municipality", _main_organisations(Organisation.Kind.MUNICIPALITY))
        choices_from(self, "housing_organisations", _main_organisations(Organisation.Kind.HOUSING))
        self.fields["housing_organisations"].widget.attrs["size"] = 4
        self.fields["housing_organisations"].help_text = MULTI_HINT


class PlanCreateForm(PlanForm):
    """A new plan; the municipality and housing organisation may be new too."""

    new_municipality = forms.CharField(
        label=_("Eller ny kommune"), max_length=200, required=False, help_text=_("Navnet, hvis kommunen ikke findes")
    )
    new_housing = forms.CharField(
        label=_("Eller ny boligorganisation"),
        max_length=200,
        required=False,
        help_text=_("Navnet, hvis boligorganisationen ikke findes"),
    )
    secretariat = forms.ModelChoiceField(
        label=_("Sekretariat"),
        queryset=Body.objects.none(),
        required=False,
        help_text=_("Sekretariatet betjener planen"),
    )

    class Meta(PlanForm.Meta):
        fields = [
            "name",
            "status",
            "period_start",
            "period_end",
            "funding_round",
            "municipality",
            "new_municipality",
            "housing_organisations",
            "new_housing",
            "description",
        ]

    def __init__(self, *args: Any, secretariats: list[Body] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].required = False
        self.fields["housing_organisations"].required = False
        secretariats = secretariats or []
        choices_from(self, "secretariat", Body.objects.filter(pk__in=[s.pk for s in secretariats]))
        field = self.fields["secretariat"]
        if len(secretariats) == 1:
            field.initial = secretariats[0].pk
        if not secretariats:
            del self.fields["secretariat"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("municipality") and not cleaned.get("new_municipality"):
            self.add_error("municipality", _("Vælg kommunen, eller skriv navnet på en ny."))
        if not cleaned.get("housing_organisations") and not cleaned.get("new_housing"):
            self.add_error("housing_organisations", _("Vælg mindst én boligorganisation, eller skriv navnet på en ny."))
        return cleaned


class AreaForm(ServiceForm):
    class Meta:
        model = Area
        fields = ["name", "code", "residents", "afdelinger"]

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan


class OrganisationForm(ServiceForm):
    """An organisation of `plan`: a unit may go under one of the plan's main organisations."""

    class Meta:
        model = Organisation
        fields = ["name", "kind", "unit", "parent"]

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan_organisations = selectors.plan_organisations(plan)
        parents = self.plan_organisations.filter(parent=None)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        choices_from(self, "parent", parents)


class PersonForm(ServiceForm):
    class Meta:
        model = Person
        fields = ["name", "email", "title", "organisation"]

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices_from(self, "organisation", _offered(organisations, self.instance.organisation))


class BodyForm(ServiceForm):
    class Meta:
        model = Body
        fields = ["name", "kind", "effort_area", "responsibility", "party", "also_serves"]
        widgets = {"responsibility": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self,
        *args: Any,
        plan: Plan,
        writable_plans: list[Plan],
        organisations: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        choices_from(self, "party", _offered(organisations, self.instance.party))
        kind: Any = self.fields["kind"]
        is_board = self.instance.pk and self.instance.kind == Body.Kind.BOARD
        if is_board:
            kind.choices = [(Body.Kind.BOARD, Body.Kind.BOARD.label)]
        else:
            kind.choices = [c for c in Body.Kind.choices if c[0] != Body.Kind.BOARD]
        own = self.instance.plan_id or plan.pk
        choices_from(self, "also_serves", Plan.objects.filter(pk__in=[p.pk for p in writable_plans if p.pk != own]))
        serves = self.fields["also_serves"]
        serves.help_text = (
            _("Kun for sekretariater: de øvrige helhedsplaner, sekretariatet betjener.") + " " + MULTI_HINT
        )
        serves.required = False
        self.fields["party"].help_text = _("For formødegrupper: den part, gruppen samler")


class MembershipForm(ServiceForm):
    """A seat in a body: an existing person, or a new one described in the same form."""

    new_name = forms.CharField(label=_("Eller ny person: navn"), max_length=200, required=False)
    new_email = forms.EmailField(label=_("Ny persons e-mail"), required=False)
    new_title = forms.CharField(label=_("Ny persons titel"), max_length=200, required=False)
    new_organisation = forms.ModelChoiceField(
        label=_("Ny persons organisation"), queryset=Organisation.objects.none(), required=False
    )

    field_order = ["person", "new_name", "new_email", "new_title", "new_organisation", "role", "representation"]

    class Meta:
        model = Membership
        fields = ["person", "role", "representation", "start", "end"]

    def __init__(
        self, *args: Any, people: QuerySet[Person], organisations: QuerySet[Organisation] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices_from(self, "person", people.order_by("name"))
        person = self.fields["person"]
        if self.instance.pk:
            person.disabled = True
            for name in ("new_name", "new_email", "new_title", "new_organisation"):
                del self.fields[name]
        else:
            person.required = False
            offered = _offered(organisations if organisations is not None else Organisation.objects.none())
            choices_from(self, "new_organisation", offered)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.instance.pk:
            if cleaned.get("person") and cleaned.get("new_name"):
                self.add_error("new_name", _("Vælg en eksisterende person eller skriv en ny – ikke begge."))
            elif not cleaned.get("person") and not cleaned.get("new_name"):
                self.add_error("person", _("Vælg en person, eller skriv navnet på en ny."))
        return cleaned

    def person_values(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "name": d["new_name"],
            "email": d.get("new_email") or "",
            "title": d.get("new_title") or "",
            "organisation": d.get("new_organisation"),
        }


class EndMembershipForm(Form):
    end = forms.DateField(label=_("Sidste dag"))


class ActivityForm(ServiceForm):
    class Meta:
        model = Activity
        fields = ["name", "description", "steering_group", "responsible", "partners", "start", "end"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(
        self,
        *args: Any,
        plan: Plan,
        groups: QuerySet[Body],
        people: QuerySet[Person],
        organisations: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        choices_from(self, "steering_group", groups)
        choices_from(self, "responsible", people.order_by("name"))
        current = list(self.instance.partners.all()) if self.instance.pk else []
        choices_from(self, "partners", _offered(organisations, *current))
        self.fields["partners"].widget.attrs["size"] = 6
        self.fields["partners"].help_text = MULTI_HINT
        self.fields["partners"].required = False


def groups_for(plan: Plan, group_ids: frozenset[int] | None, current: Body | None = None) -> QuerySet[Body]:
    """Steering groups an activity may be placed in: all (secretariat) or the editor's own groups."""
    groups = Body.objects.filter(plan=plan, kind=Body.Kind.STEERING_GROUP)
    if group_ids is None:
        return groups
    keep = Q(pk__in=group_ids)
    if current is not None:
        keep |= Q(pk=current.pk)
    return groups.filter(keep)
