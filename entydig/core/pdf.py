"""HTML to PDF with WeasyPrint, the one way every document is made: the templates carry their own CSS and the
renderer fetches nothing but data: URIs (no file, no network), so user text cannot make it read anything."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher


def html_to_pdf(html: str) -> bytes:
    return bytes(HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf())


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    return html_to_pdf(render_to_string(template, context))


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
