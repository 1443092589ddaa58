"""What an all-or-nothing import did (or would do, in a dry run): the counts, the row errors and a preview of the
changes. Every importer answers with one (the measurements, the spending); only the preview rows are its own."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.utils.translation import gettext as _

from entydig.core.importing.cells import RowError

P = TypeVar("P")


@dataclass
class ImportOutcome(Generic[P]):
    dry_run: bool
    rows: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    preview: list[P] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error_count

    @property
    def more_errors(self) -> int:
        return self.error_count - len(self.errors)

    def counts_text(self) -> str:
        """The counts in words; an importer may name what it counts."""
        return _("%(rows)s rækker: %(new)s nye, %(changed)s ændrede, %(unchanged)s uændrede") % self._counts()

    def _counts(self) -> dict[str, int]:
        return {"rows": self.rows, "new": self.new, "changed": self.changed, "unchanged": self.unchanged}

    def summary(self) -> str:
        if not self.ok:
            return _("Filen blev afvist: %(count)s fejl; intet er gemt") % {"count": self.error_count}
        return self.counts_text() + (" " + _("(prøvekørsel, intet gemt)") if self.dry_run else "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "ok": self.ok,
            **self._counts(),
            "summary": self.summary(),
            "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in self.errors],
            "error_count": self.error_count,
        }
