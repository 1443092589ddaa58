"""Shared form behaviour: Det Fælles Designsystem's classes and accessible error hooks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models import QuerySet

DASHES = BLANK_CHOICE_DASH[0][1]  # Django's "---------" for "nothing chosen"
CHOOSE = _("Vælg …")

if TYPE_CHECKING:  # the mixin only ever sits in front of a form; at runtime it stays a plain mixin
    _FormBase = forms.BaseForm
else:
    _FormBase = object


def choices_from(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Offers `queryset` in the model choice field `name` (a form's fields are typed as plain `Field`)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type
    field.queryset = queryset


class DkfdsFormMixin(_FormBase):
    """Gives every widget the design system's class, ties hints and errors to the field, and lets a select box say
    "Vælg …" where Django would show "---------"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == DASHES:
                    field.empty_label = CHOOSE
            elif isinstance(field, forms.ChoiceField):
                field.choices = [(value, CHOOSE if label == DASHES else label) for value, label in field.widget.choices]
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
                continue
            css = "form-select" if isinstance(widget, (forms.Select, forms.SelectMultiple)) else "form-input"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}-hint"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                hint = attrs.get("aria-describedby", "")
                attrs["aria-describedby"] = (hint + f" id_{self.add_prefix(name)}-error").strip()


class Form(DkfdsFormMixin, forms.Form):
    pass


if TYPE_CHECKING:  # generic in django-stubs only; Django's class takes no [] at runtime
    _ModelForm = forms.ModelForm[Any]
else:
    _ModelForm = forms.ModelForm


class ModelForm(DkfdsFormMixin, _ModelForm):
    pass
