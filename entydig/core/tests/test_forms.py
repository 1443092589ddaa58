"""Shared form behaviour: select boxes say "Vælg …", never Django's dashes."""

from __future__ import annotations

from django import forms

from entydig.core.forms import Form, ModelForm
from entydig.organisation.models import Activity, Organisation


class _Example(Form):
    party = forms.ModelChoiceField(queryset=Organisation.objects.all(), required=False)
    kind = forms.ChoiceField(choices=[("", "---------"), *Organisation.Kind.choices], required=False)
    own = forms.ModelChoiceField(queryset=Organisation.objects.all(), empty_label="Ingen part")


def test_select_boxes_say_choose_instead_of_dashes(db: None) -> None:
    html = str(_Example())
    assert "---------" not in html
    assert html.count("Vælg …") == 2  # the optional relation and the choice with a blank
    assert "Ingen part" in html  # a label of its own is kept


def test_a_model_form_says_choose_for_its_optional_relations(db: None) -> None:
    form = forms.modelform_factory(Activity, form=ModelForm, fields=["steering_group", "responsible"])()
    html = str(form)
    assert "---------" not in html
    assert "Vælg …" in html
