"""Attachment uploads: polyglots and active PDFs are refused, hostile file names never reach the disk or the headers.

Wrong content types (an .exe named .pdf, a zip that is not an Office file) and oversized files are proved in
entydig/meetings/tests/test_services.py::test_it_stores_attachments_by_content_and_refuses_forged_and_oversized_files
and test_views.py::test_it_refuses_a_forged_upload_with_a_danish_message; they are not repeated here.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pytest_django import Settings

from entydig.conftest import Cast
from entydig.meetings import services
from entydig.meetings.models import Attachment
from entydig.meetings.tests.conftest import (
    Meetings,
    meetings,  # noqa: F401 (the meetings app's fixture, reused)
)
from entydig.meetings.uploads import attachment_display_name

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def _blank_pdf(js: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if js is not None:
        from pypdf.actions import JavaScript

        writer.add_open_action(JavaScript(js))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in entries.items():
            archive.writestr(name, body)
    return out.getvalue()


def _docx() -> bytes:
    from docx import Document

    out = io.BytesIO()
    Document().save(out)
    return out.getvalue()


JAR = _zip({"META-INF/MANIFEST.MF": b"Main-Class: Evil\n", "Evil.class": b"\xca\xfe\xba\xbe"})
HIDDEN_JS = zlib.compress(b"<</S/JavaScript/JS(app.alert(1))>>")

POLYGLOTS = {
    "html after the pdf header": (b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n", "polyglot"),
    "svg in a gif": (b"GIF89a\x01\x00\x01\x00<svg onload=alert(1)>" + b"\x00" * 20, "polyglot"),
    "html in a png": (PNG + b"<!DOCTYPE html><script>alert(1)</script>", "polyglot"),
    "jar appended to a pdf": (PDF + JAR, "polyglot"),
    "jar appended to a png": (PNG + JAR, "polyglot"),
    "pdf that never ends": (b"%PDF-1.4\n1 0 obj<<>>endobj\n" + b"x" * 2000, "polyglot"),
    "pdf with javascript": (_blank_pdf(js="app.alert(1);"), "active_pdf"),
    "pdf with an escaped javascript name": (
        b"%PDF-1.4\n1 0 obj<</OpenAction<</S/J#61vaScript/JS(app.alert(1))>>>>endobj\ntrailer<<>>\n%%EOF\n",
        "active_pdf",
    ),
    "pdf with javascript in a compressed object stream": (
        b"%PDF-1.5\n1 0 obj<</Type/ObjStm/Filter/FlateDecode/Length "
        + str(len(HIDDEN_JS)).encode()
        + b">>stream\n"
        + HIDDEN_JS
        + b"\nendstream\nendobj\ntrailer<<>>\n%%EOF\n",
        "active_pdf",
    ),
    "pdf that launches a program": (
        b"%PDF-1.4\n1 0 obj<</OpenAction<</S/Launch/F(cmd.exe)>>>>endobj\ntrailer<<>>\n%%EOF\n",
        "active_pdf",
    ),
}


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    return tmp_path / "media"


def _stored(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


@pytest.mark.parametrize("case", list(POLYGLOTS))
def test_it_refuses_polyglots_and_active_pdfs_and_stores_nothing(meetings: Meetings, media: Path, case: str) -> None:  # noqa: F811
    content, code = POLYGLOTS[case]

    with pytest.raises(ValidationError) as refused:
        services.attachment_add(actor=None, item=meetings.item, file=SimpleUploadedFile("bilag.pdf", content))

    assert refused.value.code == code
    assert Attachment.objects.count() == 0
    assert _stored(media) == []


def test_it_shows_why_a_polyglot_or_html_named_pdf_is_refused_on_the_page(
    cast: Cast,
    meetings: Meetings,  # noqa: F811
    media: Path,
) -> None:
    url = f"/plans/{cast.plan.pk}/meetings/{meetings.upcoming.pk}/items/{meetings.item.pk}/attachments/"
    client = cast.client("secretariat")
    cases = {
        "regnskab.pdf": (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "ikke en tilladt filtype"),
        "notat.pdf": (PDF + JAR, "Filen er ikke kun det, den giver sig ud for"),
        "skema.pdf": (_blank_pdf(js="app.alert(1);"), "PDF-filen indeholder JavaScript"),
    }

    for name, (content, message) in cases.items():
        upload = SimpleUploadedFile(name, content, content_type="application/pdf")
        response = client.post(url, {"file": upload}, follow=True)
        assert message in response.content.decode(), name

    assert Attachment.objects.count() == 0
    assert _stored(media) == []


def test_it_still_accepts_ordinary_pdfs_images_office_files_and_its_own_documents(
    meetings: Meetings,  # noqa: F811
    media: Path,
) -> None:
    from entydig.meetings.documents import agenda_pdf
    from entydig.meetings.selectors import agenda_document

    files = {
        "blank.pdf": _blank_pdf(),
        "dagsorden.pdf": agenda_pdf(agenda_document(meetings.upcoming)),
        "billede.png": PNG,
        "notat.docx": _docx(),
    }
    for name, content in files.items():
        services.attachment_add(actor=None, item=meetings.item, file=SimpleUploadedFile(name, content))

    assert sorted(Attachment.objects.values_list("file_type", flat=True)) == ["docx", "pdf", "pdf", "png"]
    assert len(_stored(media)) == 4


HOSTILE_NAMES = {
    "../../etc/passwd.pdf": "passwd.pdf",
    "..\\..\\x.pdf": "x.pdf",
    "/etc/x.pdf": "x.pdf",
    "C:\\Windows\\system32\\x.pdf": "x.pdf",
    "x\x00.pdf": "x.pdf",
    "ond\r\nSet-Cookie: a=b.pdf": "ondSet-Cookie: a=b.pdf",
    "\x1b[31mrød.pdf": "[31mrød.pdf",
    "..": "bilag",
    "   ": "bilag",
    "...pdf": "pdf",
    "a" * 300 + ".pdf": "a" * 196 + ".pdf",
}


@pytest.mark.parametrize("name", list(HOSTILE_NAMES))
def test_it_stores_hostile_names_under_a_random_name_inside_media_and_shows_a_clean_one(
    cast: Cast,
    meetings: Meetings,  # noqa: F811
    media: Path,
    name: str,
) -> None:
    upload = SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")
    # The raw name, past UploadedFile's own cleaning: the service must not rely on it.
    upload._name = name  # type: ignore[attr-defined]  # private to Django, so not in django-stubs

    attachment = services.attachment_add(actor=None, item=meetings.item, file=upload)

    stored = Attachment.objects.get(pk=attachment.pk)
    assert stored.name == HOSTILE_NAMES[name]
    path = Path(stored.file.path).resolve()
    assert path.is_relative_to(media.resolve()) and path.parent == (media / "meetings" / str(meetings.upcoming.pk))
    assert len(path.name) == 32 and all(c in "0123456789abcdef" for c in path.name)
    assert _stored(media) == [path]
    assert not media.parent.joinpath("etc").exists() and not Path("/etc/x.pdf").exists()
    response = cast.client("secretariat").get(f"/plans/{cast.plan.pk}/attachments/{attachment.pk}/")
    disposition = response["Content-Disposition"]
    assert ".." not in disposition and "/" not in disposition.split("filename", 1)[1].replace("utf-8''", "")
    assert "\r" not in disposition and "\n" not in disposition and "\x00" not in disposition


def test_it_cleans_a_traversal_name_sent_through_the_page(cast: Cast, meetings: Meetings, media: Path) -> None:  # noqa: F811
    url = f"/plans/{cast.plan.pk}/meetings/{meetings.upcoming.pk}/items/{meetings.item.pk}/attachments/"
    boundary = "entydigboundary"
    for raw in ("../../etc/passwd.pdf", "..\\..\\x.pdf"):
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{raw}"\r\n'
                "Content-Type: application/pdf\r\n\r\n"
            ).encode()
            + PDF
            + f"\r\n--{boundary}--\r\n".encode()
        )
        response = cast.client("secretariat").generic(
            "POST", url, body, content_type=f"multipart/form-data; boundary={boundary}"
        )
        assert response.status_code == 302

    assert sorted(Attachment.objects.values_list("name", flat=True)) == ["passwd.pdf", "x.pdf"]
    assert all(p.resolve().is_relative_to(media.resolve()) for p in _stored(media))
    assert len(_stored(media)) == 2


def test_it_gives_every_name_a_safe_display_form() -> None:
    for name, expected in HOSTILE_NAMES.items():
        assert attachment_display_name(name) == expected
    assert attachment_display_name(None) == "bilag"
    assert attachment_display_name("Referat 12. marts.pdf") == "Referat 12. marts.pdf"
