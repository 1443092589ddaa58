"""Checks an uploaded attachment by its content (magic bytes, and the zip structure of Office files), not its name."""

from __future__ import annotations

import zipfile
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


def validate_attachment(file: IO[bytes], size: int, max_bytes: int = MAX_ATTACHMENT_BYTES) -> str:
    """The file type, or a ValidationError with a clear Danish message."""
    if size > max_bytes:
        raise ValidationError(
            _("Filen er for stor (%(size)s). Bilag må højst fylde %(max)s. / The file is too large.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("Filen er tom. / The file is empty."), code="empty")
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
    return file_type
