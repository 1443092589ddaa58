"""Login and token forms."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from entydig.accounts.models import User
from entydig.core.forms import DkfdsFormMixin, Form

DEMO_USERNAMES = frozenset({"sekretariat", "bestyrelse", "styregruppe", "medarbejder", "laeser", "anden"})


class LoginForm(DkfdsFormMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "demo_disabled": _("Demo-logins virker kun i demo-opsætningen. / Demo logins only work in the demo setup."),
    }

    def confirm_login_allowed(self, user: User) -> None:  # type: ignore[override]
        super().confirm_login_allowed(user)
        if user.username in DEMO_USERNAMES and not settings.DEMO_MODE:
            raise forms.ValidationError(self.error_messages["demo_disabled"], code="demo_disabled")


class TokenForm(Form):
    name = forms.CharField(
        label=_("Navn på nøglen"), max_length=100, help_text=_("Fx 'Excel-udtræk' – så du kan kende den igen.")
    )
