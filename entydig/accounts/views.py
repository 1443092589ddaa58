"""Login, logout and the profile page with personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entydig.accounts.forms import LoginForm, TokenForm
from entydig.accounts.models import ApiToken, User
from entydig.accounts.services import token_create, token_revoke


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


# The raw token waits in the session only between the POST that creates it and the page that shows it once.
_NEW_TOKEN_KEY = "accounts_new_api_token"  # noqa: S105 (a session key, not a secret)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - narrows the type (login_required)
    if request.method == "POST" and form.is_valid():
        _token, raw = token_create(user=user, name=form.cleaned_data["name"])
        request.session[_NEW_TOKEN_KEY] = raw
        # Redirect after POST, so reloading the page cannot create a second token.
        return redirect("profile")
    new_token = request.session.pop(_NEW_TOKEN_KEY, None) if request.method == "GET" else None
    tokens = ApiToken.objects.filter(user=user)
    context = {
        "form": form,
        "tokens": tokens,
        "new_token": new_token,
        "api_url": request.build_absolute_uri("/api/v1/plans"),
    }
    response = render(request, "accounts/profile.html", context)
    if new_token:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - narrows the type (login_required)
    token = get_object_or_404(ApiToken, pk=pk, user=user)
    token_revoke(user=user, token=token)
    messages.success(request, _("Nøglen er tilbagekaldt og virker ikke længere."))
    return redirect("profile")
