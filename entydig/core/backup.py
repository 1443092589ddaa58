"""Backups of the database and the uploaded files in one archive, and restoring them.

PostgreSQL is dumped with `pg_dump` (a consistent snapshot) and restored with `pg_restore`; SQLite is copied
with SQLite's online backup API, which gives a consistent copy while the application keeps running.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT_VERSION = 1
DB_MEMBER = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in Danish and English."""


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in DB_MEMBER:
        raise BackupError(f"Databasen '{vendor}' understøttes ikke. / Database '{vendor}' is not supported.")
    return vendor


def _pg_env(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} fejlede: {result.stderr.strip()[:2000]}")


def _dump_database(alias: str, target: Path) -> None:
    connection = connections[alias]
    if _vendor(alias) == "postgresql":
        args, env = _pg_env(connection.settings_dict)
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args], env)
        return
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    copy.close()


def _restore_database(alias: str, source: Path) -> None:
    connection = connections[alias]
    if _vendor(alias) == "postgresql":
        args, env = _pg_env(connection.settings_dict)
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(source),
            ],
            env,
        )
        return
    connection.ensure_connection()
    with sqlite3.connect(source) as backup:
        backup.backup(connection.connection)
    backup.close()


def backup_create(*, output: Path | None = None, alias: str = "default") -> Path:
    """Writes one .tar.gz with the database, the uploaded files and a manifest; returns its path."""
    vendor = _vendor(alias)
    if output is None:
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        output = Path(settings.VAR_DIR) / "backups" / f"entydig-{stamp}.tar.gz"
    output.parent.mkdir(parents=True, exist_ok=True)
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / DB_MEMBER[vendor]
        _dump_database(alias, dump)
        manifest = {
            "format": FORMAT_VERSION,
            "engine": vendor,
            "created": timezone.now().astimezone(dt.UTC).isoformat(),
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=dump.name)
            if media.is_dir():
                archive.add(media, arcname="media")
        partial.replace(output)  # a backup is either complete or absent
    return output


def backup_restore(source: Path, *, alias: str = "default") -> dict[str, Any]:
    """Replaces the database and the uploaded files with those of a backup; returns its manifest."""
    vendor = _vendor(alias)
    if not source.is_file():
        raise BackupError(f"Filen {source} findes ikke.")
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(source, "r:gz") as archive:
        try:
            member = archive.extractfile("manifest.json")
            if member is None:  # a directory or link by that name: not a manifest
                raise ValueError("manifest.json is not a file")
            manifest: dict[str, Any] = json.load(member)
        except (KeyError, ValueError) as exc:
            raise BackupError("Filen er ikke en Entydig-backup.") from exc
        if manifest.get("engine") != vendor:
            raise BackupError(
                f"Backuppen er fra {manifest.get('engine')}, databasen er {vendor}. "
                f"/ The backup is from {manifest.get('engine')}, the database is {vendor}."
            )
        # The data filter refuses absolute paths, '..', links out of the archive and device files.
        try:
            archive.extractall(tmp, filter="data")
        except tarfile.TarError as exc:
            raise BackupError(f"Backuppen er ugyldig: {exc}") from exc
        _restore_database(alias, Path(tmp) / DB_MEMBER[vendor])
        media = Path(settings.MEDIA_ROOT)
        restored_media = Path(tmp) / "media"
        if media.exists():
            shutil.rmtree(media)
        if restored_media.is_dir():
            shutil.copytree(restored_media, media)
    return manifest
