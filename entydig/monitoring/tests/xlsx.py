"""XLSX files built by hand with zipfile, so that their insides can be broken on purpose: the sheet's dimension
tag, its cell types, shared strings, formulas and a sheet cut off in the middle."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CONTENT_TYPES = (
    HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    HEAD + f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    HEAD + f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>'
    '<sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    HEAD + f'<Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    f'<Relationship Id="rId3" Type="{DOC_RELS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
# Style 0 is plain, style 1 shows a date (built-in number format 14).
STYLES = (
    HEAD + f'<styleSheet xmlns="{MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
HEADER = ["indikator", "område", "periode", "værdi", "n"]


def cell(ref: str | None, value: Any) -> str:
    """A plain cell: text as an inline string, a number as a number; XML text (starting with '<c') as it is."""
    if isinstance(value, str) and value.startswith("<c"):
        return value
    r = f" r={quoteattr(ref)}" if ref else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c{r} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float, Decimal)):
        return f"<c{r}><v>{value}</v></c>"
    return f'<c{r} t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def row(number: int, values: Sequence[Any]) -> str:
    cells = "".join(cell(f"{get_column_letter(i)}{number}", v) for i, v in enumerate(values, start=1))
    return f'<row r="{number}">{cells}</row>'


def table(rows: Sequence[Sequence[Any]], header: Sequence[Any] = HEADER) -> list[str]:
    """The header in row 1 and the rows below it, as the sheet's <row> elements."""
    return [row(number, values) for number, values in enumerate([header, *rows], start=1)]


def sheet_xml(rows: Sequence[str], dimension: str | None = None) -> str:
    tag = f"<dimension ref={quoteattr(dimension)}/>" if dimension is not None else ""
    return HEAD + f'<worksheet xmlns="{MAIN}">{tag}<sheetData>{"".join(rows)}</sheetData></worksheet>'


def xlsx(
    rows: Sequence[str], *, dimension: str | None = None, shared: Sequence[str] = (), sheet: str | None = None
) -> bytes:
    """A workbook of one sheet holding `rows` (<row> elements), or `sheet` as the sheet's whole XML text."""
    strings = "".join(f"<si><t>{escape(s)}</t></si>" for s in shared)
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/styles.xml": STYLES,
        "xl/sharedStrings.xml": HEAD + f'<sst xmlns="{MAIN}" count="{len(shared)}">{strings}</sst>',
        "xl/worksheets/sheet1.xml": sheet if sheet is not None else sheet_xml(rows, dimension),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()
