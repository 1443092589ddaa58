"""Login and token forms."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from entydig.accounts.models import demo_login_disabled
from entydig.core.forms import DkfdsFormMixin, Form


class LoginForm(DkfdsFormMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "demo_disabled": _("Demo-logins virker kun i demo-opsætningen."),
    }

    def get_invalid_login_error(self) -> forms.ValidationError:
        # The backend refuses a demo user outside the demo settings (accounts.models.may_authenticate); say why.
        if demo_login_disabled(self.cleaned_data.get("username") or ""):
            return forms.ValidationError(self.error_messages["demo_disabled"], code="demo_disabled")
        return super().get_invalid_login_error()


class TokenForm(Form):
    name = forms.CharField(
        label=_("Navn på nøglen"), max_length=100, help_text=_("Fx »Excel-udtræk« – så du kan kende den igen.")
    )
