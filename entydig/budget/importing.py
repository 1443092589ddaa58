"""Import of spending (actuals) from the accounting system's CSV or XLSX export; all or nothing.

The file is read with the shared reader and cell rules (entydig.core.importing, as the measurement import reads
its files); what a row means is this module's: `aktivitet` (the post's budget number, the activity's name, or a
plan-level post such as Sekretariat), `periode` (a quarter `2026Q3` or a month `2026-09`), `beløb`, and optionally
`finansieringskilde` and `note`. Rows of the same post, quarter and funder are added up (months into their
quarter, several postings into one); the file's sum replaces what is stored for that post, quarter and funder, so
importing the same file again changes nothing. One bad row refuses the whole file with a message per bad row.

`import_actuals` is the one entry point: the page, the API and `manage.py import_actuals` call it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from entydig.budget.models import Actual, BudgetPost, Funder
from entydig.budget.money import ORE
from entydig.budget.services import PLAN_LEVEL_KINDS, Target, amount_problem, lock_money, post_for
from entydig.core.audit import Actor, actor_id, audit_record
from entydig.core.importing.cells import (
    BadCell,
    RowError,
    RowErrors,
    map_header,
    parse_number,
    read_period,
    read_text,
    text,
)
from entydig.core.importing.read import ImportRejected, Table, read_table
from entydig.core.importing.result import ImportOutcome
from entydig.core.models import AuditEvent
from entydig.core.periods import MONTH, QUARTER
from entydig.core.quarters import Quarter
from entydig.organisation.models import Activity, Plan

__all__ = ["ActualsImportResult", "ImportRejected", "import_actuals", "web_max_bytes"]

HEADERS: dict[str, tuple[str, ...]] = {
    "activity": ("aktivitet", "activity", "indsats", "post", "budgetpost", "budgetnummer", "konto"),
    "period": ("periode", "period"),
    "amount": ("beløb", "beloeb", "belob", "amount", "forbrug"),
    "funder": ("finansieringskilde", "finansiering", "kilde", "funder"),
    "note": ("note", "bemærkning", "bemaerkning", "tekst", "kommentar"),
}
REQUIRED = ("activity", "period", "amount")
COLUMN_LABELS = {
    "activity": "aktivitet",
    "period": "periode",
    "amount": "beløb",
    "funder": "finansieringskilde",
    "note": "note",
}
NOTE_LENGTH = Actual._meta.get_field("note").max_length or 0
PREVIEW_ROWS = 100
# A float in an XLSX cell this close to whole øre is that amount (binary fractions such as 1234.5600000000002).
FLOAT_SLACK = Decimal("0.000001")

FUNDER_NAMES: dict[str, str] = {
    **{value: value for value in Funder.values},
    "landsbyggefonden": Funder.LBF,
    "kommunen": Funder.MUNICIPALITY,
    "boligorganisationen": Funder.HOUSING,
    "boligselskab": Funder.HOUSING,
    "boligselskabet": Funder.HOUSING,
    "fonde": Funder.FOUNDATION,
    "andre": Funder.OTHER,
}


def web_max_bytes() -> int:
    return int(getattr(settings, "ACTUALS_IMPORT_MAX_BYTES", 10 * 1024 * 1024))


def web_max_rows() -> int:
    return int(getattr(settings, "ACTUALS_IMPORT_MAX_ROWS", 100_000))


# A target as a key: ("a", activity id) or ("k", kind).
TargetKey = tuple[str, Any]
Key = tuple[TargetKey, int, int, str]  # target, year, quarter, funder


@dataclass(frozen=True)
class PreviewRow:
    change: str  # "new" or "changed"
    post: str
    quarter: str
    funder: str
    old: Decimal | None
    new: Decimal


class ActualsImportResult(ImportOutcome[PreviewRow]):
    """The spending import's outcome (entydig.core.importing.result), counting spending figures."""

    def counts_text(self) -> str:
        return _("%(rows)s rækker: %(new)s nye og %(changed)s ændrede forbrugstal, %(unchanged)s uændrede") % (
            self._counts()
        )


@dataclass
class _Parsed:
    sums: dict[Key, Decimal] = field(default_factory=lambda: defaultdict(lambda: Decimal("0.00")))
    notes: dict[Key, str] = field(default_factory=dict)
    targets: dict[TargetKey, Target] = field(default_factory=dict)
    count: int = 0
    errors: RowErrors = field(default_factory=RowErrors)


class _Targets:
    """The posts a file may name: a budget number, an activity's name, a plan-level post's name or kind."""

    def __init__(self, plan: Plan) -> None:
        self.by_name: dict[str, Target] = {}
        for activity in Activity.objects.filter(plan=plan):
            self.by_name[activity.name.casefold()] = activity
        for kind in PLAN_LEVEL_KINDS:
            self.by_name.setdefault(str(BudgetPost.Kind(kind).label).casefold(), kind)
            self.by_name.setdefault(kind, kind)
        self.by_number: dict[str, Target] = {}
        for post in BudgetPost.objects.filter(plan=plan).exclude(number="").select_related("activity"):
            self.by_number[post.number.casefold()] = post.activity if post.activity is not None else post.kind

    def read(self, cell: Any) -> Target | str:
        """The target, or (str with a leading '!') the message."""
        if isinstance(cell, BadCell):
            return "!" + cell.message
        name = " ".join(text(cell).split()).casefold()
        if not name:
            return "!" + _("aktivitet mangler")
        found = self.by_number.get(name) or self.by_name.get(name)
        if found is None:
            return "!" + _("»%(name)s« er hverken et budgetnummer, en indsats eller en fælles post i planen") % {
                "name": text(cell)[:60]
            }
        return found


def _target_key(target: Target) -> TargetKey:
    return ("a", target.pk) if isinstance(target, Activity) else ("k", target)


def _read_quarter(cell: Any, plan: Plan) -> Quarter | str:
    period = read_period(cell)
    if isinstance(period, str):
        return period
    if period.kind not in (QUARTER, MONTH):
        return _("perioden skal være et kvartal (2026Q3) eller en måned (2026-09), ikke %(period)s") % {
            "period": period.canonical
        }
    quarter = Quarter.of(period.start)
    if quarter.end < plan.period_start or quarter.start > plan.period_end:
        return _("%(period)s ligger uden for aftaleperioden") % {"period": period.canonical}
    return quarter


def _read_amount(cell: Any, convention: str) -> Decimal | str:
    if isinstance(cell, BadCell):
        return cell.message
    shown = text(cell)
    if shown == "":
        return _("beløb mangler")
    try:
        amount = parse_number(cell, convention)
    except (ValueError, InvalidOperation):
        return _("»%(value)s« er ikke et beløb (brug fx 12.500,00 eller 12500)") % {"value": shown[:40]}
    if isinstance(cell, float) and abs(amount - amount.quantize(ORE, rounding=ROUND_HALF_UP)) < FLOAT_SLACK:
        amount = amount.quantize(ORE, rounding=ROUND_HALF_UP)
    problem = amount_problem(amount, negative=True)
    if problem is not None:
        return problem[0]
    return amount.quantize(ORE)


def _read_funder(cell: Any) -> str | BadCell:
    if isinstance(cell, BadCell):
        return cell
    name = text(cell).strip().casefold()
    if not name:
        return ""
    funder = FUNDER_NAMES.get(name)
    if funder is None:
        return BadCell(
            _("»%(name)s« er ikke en finansieringskilde; brug %(names)s")
            % {"name": text(cell)[:40], "names": ", ".join(Funder.values)}
        )
    return funder


def _parse(table: Table, plan: Plan) -> _Parsed:
    rows = table.rows
    try:
        number, header = next(rows)
    except StopIteration as error:
        raise ImportRejected(_("Filen er tom")) from error
    parsed = _Parsed()
    columns, problems = map_header(header if number == 1 else [], HEADERS, REQUIRED, COLUMN_LABELS)
    for problem in problems:
        parsed.errors.add(RowError(1, "", problem))
    if problems:
        return parsed
    targets = _Targets(plan)
    width = max(columns.values()) + 1
    i_activity, i_period, i_amount = (columns[k] for k in REQUIRED)
    i_funder, i_note = columns.get("funder"), columns.get("note")
    for number, row in rows:
        if not any(text(c) for c in row):
            continue
        if len(row) < width:
            row = [*row, *([None] * (width - len(row)))]  # noqa: PLW2901 - the short row, filled out
        parsed.count += 1
        row_errors: list[RowError] = []
        target = targets.read(row[i_activity])
        if isinstance(target, str) and target.startswith("!"):
            row_errors.append(RowError(number, COLUMN_LABELS["activity"], target[1:]))
        quarter = _read_quarter(row[i_period], plan)
        if isinstance(quarter, str):
            row_errors.append(RowError(number, COLUMN_LABELS["period"], quarter))
        amount = _read_amount(row[i_amount], table.convention)
        if isinstance(amount, str):
            row_errors.append(RowError(number, COLUMN_LABELS["amount"], amount))
        funder: str | BadCell = ""
        if i_funder is not None:
            funder = _read_funder(row[i_funder])
            if isinstance(funder, BadCell):
                row_errors.append(RowError(number, COLUMN_LABELS["funder"], funder.message))
        note: str | BadCell = ""
        if i_note is not None:
            note = read_text(row[i_note], NOTE_LENGTH)
            if isinstance(note, BadCell):
                row_errors.append(RowError(number, COLUMN_LABELS["note"], note.message))
        if row_errors:
            for row_error in row_errors:
                parsed.errors.add(row_error)
            continue
        if parsed.errors.count:  # once the file is refused, only its errors matter
            continue
        assert not isinstance(target, str) or not target.startswith("!")
        assert isinstance(quarter, Quarter) and isinstance(amount, Decimal)
        assert isinstance(funder, str) and isinstance(note, str)
        tkey = _target_key(target)
        parsed.targets[tkey] = target
        key = (tkey, quarter.year, quarter.q, funder)
        parsed.sums[key] += amount
        if note and key not in parsed.notes:
            parsed.notes[key] = note
    return parsed


@dataclass(frozen=True)
class _Change:
    key: Key
    pk: int | None  # the stored spending's id; None for a new one
    old: Decimal | None
    old_note: str
    new: Decimal
    note: str


def _compare(parsed: _Parsed, plan: Plan, result: ActualsImportResult) -> list[_Change]:
    posts = {
        (("a", p.activity_id) if p.activity_id is not None else ("k", p.kind)): p
        for p in BudgetPost.objects.filter(plan=plan).select_related("activity")
    }
    stored = {
        (a.post_id, a.year, a.quarter, a.funder): a
        for a in Actual.objects.filter(plan=plan, post__in=[p for k, p in posts.items() if k in parsed.targets])
    }
    changes = []

    def order(key: Key) -> tuple[str, int, int, str]:
        target = parsed.targets[key[0]]
        name = target.name if isinstance(target, Activity) else str(BudgetPost.Kind(target).label)
        return (name.casefold(), key[1], key[2], key[3])

    for key in sorted(parsed.sums, key=order):
        tkey, year, quarter, funder = key
        amount, note = parsed.sums[key], parsed.notes.get(key, "")
        post = posts.get(tkey)
        current = stored.get((post.pk, year, quarter, funder)) if post is not None else None
        if current is not None and current.amount == amount and (not note or note == current.note):
            result.unchanged += 1
            continue
        change = _Change(
            key,
            current.pk if current else None,
            current.amount if current else None,
            current.note if current else "",
            amount,
            note or (current.note if current else ""),
        )
        changes.append(change)
        if current is None:
            result.new += 1
        else:
            result.changed += 1
        if len(result.preview) < PREVIEW_ROWS:
            target = parsed.targets[tkey]
            result.preview.append(
                PreviewRow(
                    "new" if current is None else "changed",
                    target.name if isinstance(target, Activity) else str(BudgetPost.Kind(target).label),
                    Quarter(year, quarter).label,
                    str(Funder(funder).label) if funder else _("ikke oplyst"),
                    change.old,
                    amount,
                )
            )
    return changes


def _store(
    changes: list[_Change], parsed: _Parsed, *, actor: Actor, plan: Plan, filename: str, result: ActualsImportResult
) -> None:
    user_id = actor_id(actor)
    posts: dict[TargetKey, BudgetPost] = {}
    new_rows = []
    for change in changes:
        tkey, year, quarter, funder = change.key
        if tkey not in posts:
            posts[tkey] = post_for(actor=actor, plan=plan, target=parsed.targets[tkey])
        if change.pk is None:
            new_rows.append(
                Actual(
                    plan=plan,
                    post=posts[tkey],
                    year=year,
                    quarter=quarter,
                    funder=funder,
                    amount=change.new,
                    note=change.note,
                )
            )
            continue
        Actual.objects.filter(pk=change.pk).update(amount=change.new, note=change.note)
        AuditEvent.objects.create(
            actor_id=user_id,
            plan=plan,
            action=AuditEvent.Action.UPDATE,
            object_type=Actual._meta.label_lower,
            object_id=str(change.pk),
            object_repr=f"{posts[tkey]} {year}Q{quarter}"[:200],
            changes={"amount": [str(change.old), str(change.new)], "import": filename[:200]},
        )
    Actual.objects.bulk_create(new_rows)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        obj=plan,
        plan=plan,
        changes={
            "file": filename[:200],
            "rows": result.rows,
            "new": result.new,
            "changed": result.changed,
            "unchanged": result.unchanged,
        },
        changes_data=bool(result.new or result.changed),
    )


def import_actuals(
    *,
    actor: Actor,
    plan: Plan,
    data: bytes | IO[bytes],
    filename: str = "",
    dry_run: bool = False,
    max_bytes: int | None = None,
    max_rows: int | None = None,
) -> ActualsImportResult:
    """Validates the whole file, then stores the new and changed spending, or nothing at all.

    Raises ImportRejected for a file refused as a whole (wrong type, too big, broken, empty); a file with bad rows
    gives a result that is not `ok`, with a message per bad row, and stores nothing.
    """
    max_bytes = web_max_bytes() if max_bytes is None else max_bytes
    max_rows = web_max_rows() if max_rows is None else max_rows
    if not isinstance(data, bytes):
        data = data.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImportRejected(_("Filen er større end %(max)s MB") % {"max": max_bytes // (1024 * 1024)})
    parsed = _parse(read_table(data, max_rows=max_rows), plan)
    result = ActualsImportResult(
        dry_run=dry_run, rows=parsed.count, errors=parsed.errors.shown, error_count=parsed.errors.count
    )
    if not result.ok:
        return result
    if dry_run:
        _compare(parsed, plan, result)
        return result
    with transaction.atomic():
        lock_money(plan)  # the comparison and the writes see the same spending: nobody else writes the plan's money
        changes = _compare(parsed, plan, result)
        _store(changes, parsed, actor=actor, plan=plan, filename=filename, result=result)
    return result
