"""The import page's two steps, the same for every import: an uploaded file is tried as a dry run and kept aside
(with a token in the session) when it would change something; confirming imports the kept file, once."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from entydig.core.errors import ConflictError
from entydig.core.importing.read import ImportRejected
from entydig.core.importing.result import ImportOutcome

PENDING_IMPORTS = "imports/pending"

# (data, file name, dry run) -> what the import did or would do
Run = Callable[[bytes, str, bool], ImportOutcome[Any]]


@dataclass
class ImportStep:
    """What the page shows: a redirect when the step is over, else the result (if any) and the token to confirm."""

    redirect: HttpResponse | None
    result: ImportOutcome[Any] | None
    token: str | None


def import_step(
    request: HttpRequest, *, form: forms.Form, key: str, run: Run, max_bytes: int, again_url: str, done_url: str
) -> ImportStep:
    """Upload → dry run with what would change → confirm (or start over). `key` names the plan's pending file."""
    result = None
    pending = request.session.get(key)
    if request.method == "POST" and "confirm" in request.POST and pending:
        name = f"{PENDING_IMPORTS}/{pending['token']}"
        if pending.get("token") != request.POST.get("token") or not default_storage.exists(name):
            messages.error(request, _("Filen er ikke længere klar til import; upload den igen."))
            return ImportStep(HttpResponseRedirect(again_url), None, None)
        try:
            with default_storage.open(name, "rb") as pending_file:
                data = pending_file.read()
            result = run(data, pending["name"], False)
        except (ImportRejected, ConflictError) as error:
            messages.error(request, str(error))
            return ImportStep(HttpResponseRedirect(again_url), None, None)
        finally:
            default_storage.delete(name)
            request.session.pop(key, None)
        if result.ok:
            messages.success(request, result.summary())
            return ImportStep(HttpResponseRedirect(done_url), result, None)
    elif request.method == "POST" and "file" in request.FILES and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(max_bytes + 1)  # the importer refuses anything larger
        try:
            result = run(data, upload.name, True)
        except ImportRejected as error:
            form.add_error("file", str(error))
        else:
            if result.ok and (result.new or result.changed):
                token = secrets.token_hex(16)
                default_storage.save(f"{PENDING_IMPORTS}/{token}", ContentFile(data))
                request.session[key] = {"token": token, "name": upload.name[:200]}
    return ImportStep(None, result, request.session.get(key, {}).get("token"))
