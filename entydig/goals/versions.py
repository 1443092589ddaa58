"""Earlier versions of agreements and the word-level difference between any two of them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entydig.goals.models import AgreementStatus, Approver, StrategicAgreement, SubAgreement, SubAgreementStatus
from entydig.goals.services import agreement_content, sub_agreement_content

AGREEMENT_SECTION_LABELS = [
    ("title", gettext_lazy("Titel")),
    ("problem_understanding", gettext_lazy("Problemforståelse")),
    ("organisation_text", gettext_lazy("Organisering")),
    ("strategic_goals_text", gettext_lazy("Strategiske mål")),
    ("goals", gettext_lazy("Overordnede mål")),
    ("approval", gettext_lazy("Status og godkendelse")),
]
SUB_AGREEMENT_SECTION_LABELS = [
    ("steering_group", gettext_lazy("Styregruppe")),
    ("text", gettext_lazy("Delaftalens tekst")),
    ("goals", gettext_lazy("Delmål")),
    ("approval", gettext_lazy("Status og godkendelse")),
]


@dataclass(frozen=True)
class Version:
    number: int
    status: str
    content: dict[str, Any]
    is_current: bool
    saved_at: Any = None
    saved_by: Any = None

    @property
    def approved_text(self) -> str:
        """The latest approval of this version, e.g. "Landsbyggefonden 22.04.2025"."""
        if self.content.get("lbf_approved_on"):
            return _("Landsbyggefonden %(date)s") % {"date": _danish_date(self.content["lbf_approved_on"])}
        if self.content.get("board_approved_on"):
            return _("bestyrelsen %(date)s") % {"date": _danish_date(self.content["board_approved_on"])}
        if self.content.get("approved_on"):
            return _approver_text(self.content)
        return "–"

    @property
    def status_label(self) -> str:
        return _status_label(self.status)


def _status_label(status: str) -> str:
    for choices in (AgreementStatus, SubAgreementStatus):
        if status in choices.values:
            return str(choices(status).label)
    return status


def _approver_text(content: dict[str, Any]) -> str:
    """A sub-agreement's approval, e.g. "styregruppen 12.06.2025"."""
    who = content.get("approved_by") or Approver.BOARD
    label = str(Approver(who).label).lower() if who in Approver.values else who
    return f"{label} {_danish_date(content['approved_on'])}"


def versions_of(obj: StrategicAgreement | SubAgreement) -> list[Version]:
    """Every version, newest (the current one) first."""
    current_content = agreement_content(obj) if isinstance(obj, StrategicAgreement) else sub_agreement_content(obj)
    versions = [Version(obj.version, obj.status, current_content, is_current=True)]
    for v in obj.versions.select_related("created_by").order_by("-number"):
        versions.append(Version(v.number, v.status, v.content, False, v.created_at, v.created_by))
    return versions


def _goal_lines(content: dict[str, Any]) -> str:
    lines = []
    for i, goal in enumerate(content.get("goals", []), start=1):
        line = f"{i}. {goal['title']}"
        if goal.get("parent"):
            line += " (" + _("under: %(parent)s") % {"parent": goal["parent"]} + ")"
        lines.append(line)
        if goal.get("description"):
            lines.append("   " + goal["description"])
        if goal.get("activities"):
            lines.append("   " + _("Indsatser: %(names)s") % {"names": ", ".join(goal["activities"])})
        lines.extend("   " + _indicator_line(i) for i in goal.get("indicators", []))
    return "\n".join(lines)


def _number(value: Any) -> str:
    """A stored decimal ("4.80") as the reader's language writes it ("4,8" in Danish); none as a dash."""
    if value in (None, ""):
        return "–"
    number = Decimal(str(value))
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    return formats.number_format(number, use_l10n=True)


def _indicator_line(indicator: dict[str, Any]) -> str:
    return _("Indikator %(name)s: baseline %(baseline)s (%(baseline_period)s), mål %(target)s (%(target_period)s)") % {
        "name": indicator["name"],
        "baseline": _number(indicator.get("baseline_value")),
        "baseline_period": indicator.get("baseline_period") or "–",
        "target": _number(indicator.get("target_value")),
        "target_period": indicator.get("target_period") or "–",
    }


def _approval_text(content: dict[str, Any]) -> str:
    parts = [_status_label(content.get("status", ""))]
    if content.get("board_approved_on"):
        parts.append(_("bestyrelsen %(date)s") % {"date": _danish_date(content["board_approved_on"])})
    if content.get("lbf_approved_on"):
        parts.append(_("Landsbyggefonden %(date)s") % {"date": _danish_date(content["lbf_approved_on"])})
    if content.get("approved_on"):
        parts.append(_approver_text(content))
    return "; ".join(parts)


def _danish_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}.{month}.{year}"


def section_text(content: dict[str, Any], key: str) -> str:
    if key == "goals":
        return _goal_lines(content)
    if key == "approval":
        return _approval_text(content)
    return str(content.get(key) or "")


_TOKEN = re.compile(r"\s+|[^\s]+")


def diff_html(old: str, new: str) -> SafeString:
    """Word-level difference as HTML: removed words in <del>, added in <ins>, each announced to screen readers."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    parts: list[SafeString] = []
    removed, added = _("slettet:"), _("indsat:")
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(format_html("{}", "".join(a[i1:i2])))
            continue
        if op in {"delete", "replace"}:
            parts.append(format_html('<del><span class="sr-only">{} </span>{}</del>', removed, "".join(a[i1:i2])))
        if op in {"insert", "replace"}:
            parts.append(format_html('<ins><span class="sr-only">{} </span>{}</ins>', added, "".join(b[j1:j2])))
    return mark_safe("".join(parts))  # noqa: S308 (every part is escaped by format_html)


@dataclass(frozen=True)
class SectionDiff:
    label: str
    changed: bool
    html: SafeString


def compare(old: Version, new: Version, *, sub: bool = False) -> list[SectionDiff]:
    labels = SUB_AGREEMENT_SECTION_LABELS if sub else AGREEMENT_SECTION_LABELS
    result = []
    for key, label in labels:
        before, after = section_text(old.content, key), section_text(new.content, key)
        html = diff_html(before, after) if before != after else format_html("{}", after)
        result.append(SectionDiff(str(label), before != after, html))
    return result


def sections_of(version: Version, *, sub: bool = False) -> list[tuple[str, str]]:
    labels = SUB_AGREEMENT_SECTION_LABELS if sub else AGREEMENT_SECTION_LABELS
    return [(str(label), section_text(version.content, key)) for key, label in labels]


def join_lines(items: list[str]) -> SafeString:
    return format_html_join("", "<li>{}</li>", ((i,) for i in items))
