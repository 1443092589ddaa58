"""`make bench`: loads every plan in Denmark and measures Entydig against the floor of its own stack.

Every figure is a ratio of two timings (or two counts) taken in the same run, so it holds on a noisy
machine. The bench works on a database of its own: on PostgreSQL the database named in DATABASE_URL with
`_bench` appended (unless its name already contains "bench"), dropped and created afresh; on SQLite
`var/bench.sqlite3`. Results go to stdout and to `bench/results.md`.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def prepare_database() -> tuple[str, str]:
    """A fresh database for the bench; returns its URL and a label for the results."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg
        from psycopg import sql

        parts = urllib.parse.urlsplit(url)
        name = parts.path.lstrip("/") or "entydig"
        if "bench" not in name:
            name += "_bench"
        admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            version = conn.execute("SHOW server_version").fetchone()
        label = f"PostgreSQL {version[0] if version else '?'} (database {name})"
        return urllib.parse.urlunsplit(parts._replace(path="/" + name)), label
    path = ROOT / "var" / "bench.sqlite3"
    path.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}", f"SQLite {sqlite3.sqlite_version} ({path.relative_to(ROOT)})"


def main() -> int:
    started = time.perf_counter()
    url, db_label = prepare_database()
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "0",
            "DEMO_MODE": "0",
            "SECRET_KEY": "bench-" + secrets.token_hex(24),
            "SECURE_SSL_REDIRECT": "0",
            "LOG_LEVEL": "ERROR",
        }
    )
    import django

    django.setup()
    from bench import figures

    options = figures.Options(
        plans=_env_int("BENCH_PLANS", 100),
        areas=_env_int("BENCH_AREAS", 1000),
        years=_env_int("BENCH_YEARS", 20),
        seed=_env_int("BENCH_SEED", 1),
        import_rows=_env_int("BENCH_IMPORT_ROWS", 1_000_000),
        load_seconds=float(os.environ.get("BENCH_LOAD_SECONDS", "20")),
        load_clients=_env_int("BENCH_LOAD_CLIENTS", 20),
        port=_env_int("BENCH_PORT", 8107),
        database=db_label,
        results=Path(os.environ.get("BENCH_RESULTS", str(ROOT / "bench" / "results.md"))),
    )
    return figures.run(options, started)


if __name__ == "__main__":
    sys.exit(main())
