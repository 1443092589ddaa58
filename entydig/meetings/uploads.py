"""Checks an uploaded attachment by its content (magic bytes, and the zip structure of Office files), not its name."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from typing import IO

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

# The part every Office Open XML package of that kind contains.
_OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}


def _ooxml_type(file: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for file_type, part in _OOXML_MAIN_PART.items():
        if part in names:
            return file_type
    return None


def detect_file_type(file: IO[bytes]) -> str | None:
    """'pdf', 'docx', 'xlsx', 'pptx', 'png', 'jpeg', 'gif' or 'webp' from the content, or None."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    detected: str | None = None
    if head.startswith(b"%PDF-"):
        detected = "pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        detected = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        detected = "jpeg"
    elif head[:6] in (b"GIF87a", b"GIF89a"):
        detected = "gif"
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        detected = "webp"
    elif head.startswith(b"PK\x03\x04"):
        detected = _ooxml_type(file)
    file.seek(0)
    return detected


# Old browsers sniffed HTML in the first bytes of any file; a "PDF" or image with markup there is a polyglot.
_SNIFF_BYTES = 1024
_HTML_MARKERS = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed)\b", re.IGNORECASE)
# PDF names that run something when the file is opened or clicked.
_PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch)(?=[\s/<>\[\]()%{}]|$)")
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_MAX_INFLATED = 50 * 1024 * 1024


def _pdf_parts(data: bytes) -> list[bytes]:
    """The file itself and its compressed streams inflated (object streams can hide actions)."""
    parts = [data]
    budget = _MAX_INFLATED
    for match in _PDF_STREAM.finditer(data):
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(match.group(1), budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        parts.append(inflated)
        if budget <= 0:
            break
    return parts


def _pdf_is_active(data: bytes) -> bool:
    for part in _pdf_parts(data):
        # '#4A' is 'J' in a PDF name: '/#4AavaScript' is '/JavaScript'.
        plain = _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), part)
        if _PDF_ACTIVE.search(plain):
            return True
    return False


def _polyglot_reason(file: IO[bytes], file_type: str) -> str | None:
    """Why a file of an allowed type is also something else, or None."""
    file.seek(0)
    data = file.read()
    file.seek(0)
    if _HTML_MARKERS.search(data[:_SNIFF_BYTES]):
        return "html"
    if file_type in _OOXML_MAIN_PART:
        return None
    # A zip (a JAR, say) appended to a PDF or an image: both readers accept the same bytes.
    if zipfile.is_zipfile(io.BytesIO(data)):
        return "zip"
    if file_type == "pdf" and b"%%EOF" not in data[-_SNIFF_BYTES:]:
        return "truncated"
    if file_type == "pdf" and _pdf_is_active(data):
        return "active"
    return None


def attachment_display_name(name: str | None, *, max_length: int = 200) -> str:
    """The name an attachment is shown and downloaded with: no folders, no control characters, never empty.

    Files are stored under a random name (models._attachment_path); this name is only shown, but it still goes into
    headers and pages, so anything that looks like a path or a control sequence is taken out.
    """
    text = unicodedata.normalize("NFC", name or "")
    text = re.split(r"[/\\]", text)[-1]
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("C"))
    text = " ".join(text.split()).strip(" .")
    if not text:
        return "bilag"
    if len(text) > max_length:
        stem, dot, ext = text.rpartition(".")
        text = stem[: max_length - len(ext) - 1] + dot + ext if dot and len(ext) <= 10 else text[:max_length]
    return text


def validate_attachment(file: IO[bytes], size: int, max_bytes: int = MAX_ATTACHMENT_BYTES) -> str:
    """The file type, or a ValidationError with a clear Danish message."""
    if size > max_bytes:
        raise ValidationError(
            _("Filen er for stor (%(size)s). Bilag må højst fylde %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("Filen er tom."), code="empty")
    file_type = detect_file_type(file)
    if file_type is None:
        raise ValidationError(
            _(
                "Filens indhold er ikke en tilladt filtype. Bilag skal være PDF, Word (DOCX), Excel (XLSX), "
                "PowerPoint (PPTX) eller billeder (PNG, JPEG, GIF, WebP); filnavnet afgør det ikke. "
                "/ The file's content is not an allowed type."
            ),
            code="bad_type",
        )
    reason = _polyglot_reason(file, file_type)
    if reason == "active":
        raise ValidationError(
            _(
                "PDF-filen indeholder JavaScript eller starter et program, når den åbnes, og kan ikke bruges som "
                "bilag. Gem den som PDF igen uden scripts."
            ),
            code="active_pdf",
        )
    if reason is not None:
        raise ValidationError(
            _(
                "Filen er ikke kun det, den giver sig ud for (den indeholder også en anden filtype, fx HTML eller "
                "en zip-fil, eller er afkortet). Gem den igen fra det program, der lavede den. "
                "/ The file is also another kind of file."
            ),
            code="polyglot",
        )
    return file_type
