"""A fingerprint of the test server's database, read straight from its SQLite file."""

from __future__ import annotations

import hashlib
import os
import sqlite3

# Tables that change on every request or login without being data anyone edits.
VOLATILE = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}


def database_fingerprint() -> dict[str, str]:
    url = os.environ["E2E_DATABASE_URL"]
    path = url.removeprefix("sqlite:///")
    digest: dict[str, str] = {}
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        for table in tables:
            if table in VOLATILE or table.startswith("sqlite_"):
                continue
            h = hashlib.sha256()
            for row in db.execute(f'SELECT * FROM "{table}" ORDER BY 1'):  # noqa: S608 (table names from sqlite)
                h.update(repr(row).encode())
            digest[table] = h.hexdigest()
    return digest
