"""Shared form behaviour: Det Fælles Designsystem's classes and accessible error hooks."""

from __future__ import annotations

from typing import Any

from django import forms


class DkfdsFormMixin:
    """Gives every widget the design system's class and ties hints and errors to the field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
                continue
            css = "form-select" if isinstance(widget, (forms.Select, forms.SelectMultiple)) else "form-input"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}-hint"  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                attrs = self.fields[name].widget.attrs  # type: ignore[attr-defined]
                attrs["aria-invalid"] = "true"
                hint = attrs.get("aria-describedby", "")
                attrs["aria-describedby"] = (hint + f" id_{self.add_prefix(name)}-error").strip()  # type: ignore[attr-defined]


class Form(DkfdsFormMixin, forms.Form):
    pass


class ModelForm(DkfdsFormMixin, forms.ModelForm):
    pass
