"""Forms for the budget editor, approvals, forecasts, spending and the import; they parse, the services decide."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entydig.budget.models import BudgetPost, CostType, Funder
from entydig.budget.money import grouped
from entydig.budget.selectors import PostTable
from entydig.budget.services import PLAN_LEVEL_KINDS, LineSpec, Target
from entydig.core.forms import Form, choices_from
from entydig.core.importing.cells import parse_number
from entydig.core.quarters import Quarter
from entydig.organisation.models import Activity, Plan


class MoneyField(forms.CharField):
    """Kroner typed the Danish way (`150.000`, `1.234,50`) or plainly (`150000`); shown grouped."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("maxlength", "40")

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # CharField's stub says str
        text = (super().to_python(value) or "").strip().removesuffix("kr.").strip()
        if not text:
            return None
        try:
            return parse_number(text, ";")
        except (ValueError, InvalidOperation) as error:
            raise ValidationError(
                _("»%(value)s« er ikke et beløb; skriv fx 150.000 eller 1.234,50"),
                code="not_an_amount",
                params={"value": text[:40]},
            ) from error

    def prepare_value(self, value: Any) -> Any:
        return grouped(value) if isinstance(value, Decimal) else value


def target_choices(plan: Plan) -> list[tuple[str, str]]:
    """The posts money can be put on: the plan's activities, then the plan-level posts."""
    activities = [(f"a{a.pk}", a.name) for a in Activity.objects.filter(plan=plan).order_by("name")]
    return activities + [(f"k{kind}", str(BudgetPost.Kind(kind).label)) for kind in PLAN_LEVEL_KINDS]


def target_of(plan: Plan, value: str) -> Target:
    if value.startswith("a"):
        return Activity.objects.get(plan=plan, pk=int(value[1:]))
    return value[1:]


def target_value(post: BudgetPost) -> str:
    return f"a{post.activity_id}" if post.activity_id is not None else f"k{post.kind}"


class TargetField(forms.ChoiceField):
    def __init__(self, plan: Plan, **kwargs: Any) -> None:
        super().__init__(choices=target_choices(plan), **kwargs)


def _year_choices(years: Sequence[int]) -> list[tuple[int, int]]:
    return [(y, y) for y in years]


class LineForm(Form):
    """A new budget line."""

    target = forms.ChoiceField(label=_("Post"))
    year = forms.TypedChoiceField(label=_("År"), coerce=int)
    funder = forms.ChoiceField(label=_("Finansieringskilde"), choices=Funder.choices)
    cost_type = forms.ModelChoiceField(label=_("Omkostningstype"), queryset=CostType.objects.none())
    in_kind = forms.BooleanField(
        label=_("Naturalier (fx timer og lokaler)"), required=False, help_text=_("Ikke penge, men en ydelse")
    )
    amount = MoneyField(label=_("Beløb (kr.)"))

    def __init__(self, *args: Any, plan: Plan, years: Sequence[int], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "new")
        super().__init__(*args, **kwargs)
        self.plan = plan
        target, year = self.fields["target"], self.fields["year"]
        assert isinstance(target, forms.ChoiceField)  # noqa: S101 - narrows the type
        assert isinstance(year, forms.ChoiceField)  # noqa: S101 - narrows the type
        target.choices = target_choices(plan)
        year.choices = _year_choices(years)
        choices_from(self, "cost_type", CostType.objects.filter(active=True))

    def spec(self) -> LineSpec:
        data = self.cleaned_data
        return LineSpec(
            target_of(self.plan, data["target"]),
            data["year"],
            data["funder"],
            data["cost_type"],
            data["in_kind"],
            data["amount"],
        )


def _cell_name(post_id: int, cost_type_id: int, funder: str, in_kind: bool, year: int) -> str:
    return f"c{post_id}_{cost_type_id}_{funder}_{int(in_kind)}_{year}"


class GridForm(Form):
    """The budget as a grid: a field per post, cost type, funder, cash/in kind and year. An emptied cell takes its
    line out; a filled empty cell adds one. `base` is the version and row version the edit began on."""

    base = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, tables: Sequence[PostTable], years: Sequence[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cells: dict[str, tuple[BudgetPost, CostType, str, bool, int, Decimal | None]] = {}
        for table in tables:
            for row in table.rows:
                for year in years:
                    name = _cell_name(table.post.pk, row.cost_type.pk, row.funder, row.in_kind, year)
                    current = row.by_year.get(year)
                    self.cells[name] = (table.post, row.cost_type, row.funder, row.in_kind, year, current)
                    self.fields[name] = MoneyField(
                        label=f"{table.post.name}, {row.cost_type.name}, {row.funder_label}, {year}",
                        required=False,
                        initial=current,
                    )
                    self.fields[name].widget.attrs.update({"class": "form-input input-width-xs", "size": "10"})

        self.tables, self.years = tables, years

    def blocks(self) -> list[tuple[BudgetPost, list[tuple[Any, list[forms.BoundField]]]]]:
        """The grid as the page lays it out: per post, its rows, each with a field per year."""
        return [
            (
                table.post,
                [
                    (
                        row,
                        [
                            self[_cell_name(table.post.pk, row.cost_type.pk, row.funder, row.in_kind, y)]
                            for y in self.years
                        ],
                    )
                    for row in table.rows
                ],
            )
            for table in self.tables
        ]

    def expected(self) -> tuple[int, int] | None:
        number, _sep, row_version = (self.cleaned_data.get("base") or "").partition(":")
        if not (number.isdigit() and row_version.isdigit()):
            return None
        return int(number), int(row_version)

    def changes(self) -> list[tuple[str, LineSpec]]:
        """(field name, line) for each cell whose amount differs from the version's."""
        out = []
        for name, (post, cost_type, funder, in_kind, year, current) in self.cells.items():
            wanted = self.cleaned_data.get(name)
            amount = wanted if wanted is not None else Decimal(0)
            if amount == (current or Decimal(0)):
                continue
            target: Target = post.activity if post.activity is not None else post.kind
            out.append((name, LineSpec(target, year, funder, cost_type, in_kind, amount)))
        return out


def today() -> dt.date:
    return timezone.localdate()


class ApproveForm(Form):
    approved_on = forms.DateField(label=_("Godkendt af bestyrelsen den"), initial=today)


class SentForm(Form):
    sent_on = forms.DateField(label=_("Sendt til Landsbyggefonden den"), initial=today)


class NumbersForm(Form):
    """Each post's number in the accounting system."""

    def __init__(self, *args: Any, plan: Plan, posts: Sequence[BudgetPost], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        numbers = {target_value(p): p.number for p in posts}
        self.targets: list[tuple[str, str]] = target_choices(plan)
        for value, label in self.targets:
            self.fields[f"n_{value}"] = forms.CharField(
                label=label,
                required=False,
                max_length=40,
                initial=numbers.get(value, ""),
                widget=forms.TextInput(attrs={"class": "form-input"}),
            )

    def numbers(self) -> list[tuple[str, str, str]]:
        """(field name, target value, number) of every post."""
        return [(f"n_{value}", value, self.cleaned_data.get(f"n_{value}") or "") for value, _label in self.targets]


class ForecastForm(Form):
    amount = MoneyField(
        label=_("Prognose for året (kr.)"),
        required=False,
        help_text=_("Hvad posten forventes at koste i alt i år. Tom: prognosen følger forbrugstakten."),
    )
    note = forms.CharField(label=_("Begrundelse"), required=False, max_length=300)


class QuarterField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("Fx 2026Q3"))
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("maxlength", "10")

    def to_python(self, value: Any) -> Quarter | None:  # type: ignore[override]  # CharField's stub says str
        text = super().to_python(value)
        return Quarter.parse(text) if text else None


class ActualForm(Form):
    target = forms.ChoiceField(label=_("Post"))
    quarter = QuarterField(label=_("Kvartal"))
    funder = forms.ChoiceField(
        label=_("Finansieringskilde"), choices=[("", _("Ikke oplyst")), *Funder.choices], required=False
    )
    amount = MoneyField(label=_("Forbrug (kr.)"), help_text=_("Forbruget i kvartalet; negativt ved en tilbagebetaling"))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        assert isinstance(target, forms.ChoiceField)  # noqa: S101 - narrows the type
        target.choices = target_choices(plan)


class ImportForm(Form):
    file = forms.FileField(
        label=_("Fil med forbrug (CSV eller XLSX)"),
        help_text=_("Kolonner: aktivitet, periode, beløb og evt. finansieringskilde, note"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
