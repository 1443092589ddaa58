"""`manage.py backup` and `manage.py restore`: a restored backup equals the database it was taken of."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pytest_django import Settings

from entydig.conftest import Cast
from entydig.core.tests.fingerprint import changed_models, database_fingerprint
from entydig.organisation import services
from entydig.organisation.models import Activity, Plan


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "meetings").mkdir(parents=True)
    (tmp_path / "media" / "meetings" / "bilag.pdf").write_bytes(b"%PDF-1.4 original")
    return tmp_path / "media"


@pytest.mark.django_db(transaction=True)
def test_it_restores_a_backup_to_exactly_the_backed_up_state(cast: Cast, media: Path, tmp_path: Path) -> None:
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive))
    before = database_fingerprint()
    assert archive.is_file()

    # Everything after the backup is lost on restore: a deleted plan, a new activity, a changed and a new file.
    Activity.objects.filter(plan=cast.plan).delete()
    services.activity_create(actor=None, plan=cast.other_plan, name="Efter backuppen")
    Plan.objects.filter(pk=cast.other_plan.pk).update(name="Omdøbt efter backup")
    (media / "meetings" / "bilag.pdf").write_bytes(b"changed")
    (media / "new.pdf").write_bytes(b"new")
    assert changed_models(before, database_fingerprint())

    call_command("restore", str(archive), "--noinput")

    assert changed_models(before, database_fingerprint()) == []
    assert Plan.objects.get(pk=cast.other_plan.pk).name == "Plan B"
    assert set(Activity.objects.filter(plan=cast.plan).values_list("name", flat=True)) == {"Lektiecafé", "Jobcafé"}
    assert (media / "meetings" / "bilag.pdf").read_bytes() == b"%PDF-1.4 original"
    assert not (media / "new.pdf").exists()
    # New rows after a restore get fresh keys, not ones the restored data already uses.
    again = services.activity_create(actor=None, plan=cast.plan, name="Ny efter restore")
    assert again.pk not in {a.pk for a in Activity.objects.exclude(pk=again.pk)}


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_file_that_is_not_a_backup_and_changes_nothing(cast: Cast, media: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as archive:
        archive.add(media, arcname="media")
    before = database_fingerprint()

    with pytest.raises(CommandError, match="ikke en Entydig-backup"):
        call_command("restore", str(bogus), "--noinput")
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), "--noinput")
    # A folder named like the manifest is no manifest either.
    folder = tmp_path / "manifest.json"
    folder.mkdir()
    with tarfile.open(bogus, "w:gz") as archive:
        archive.add(folder, arcname="manifest.json")
    with pytest.raises(CommandError, match="ikke en Entydig-backup"):
        call_command("restore", str(bogus), "--noinput")

    assert changed_models(before, database_fingerprint()) == []
    assert (media / "meetings" / "bilag.pdf").read_bytes() == b"%PDF-1.4 original"


@pytest.mark.django_db(transaction=True)
def test_it_refuses_an_archive_with_paths_outside_its_folder(cast: Cast, media: Path, tmp_path: Path) -> None:
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive))
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "r:gz") as good, tarfile.open(evil, "w:gz") as bad:
        for member in good.getmembers():
            bad.addfile(member, good.extractfile(member) if member.isfile() else None)
        payload = tmp_path / "payload"
        payload.write_bytes(b"owned")
        bad.add(payload, arcname="../../escaped.txt")
    before = database_fingerprint()

    with pytest.raises(CommandError, match="Backuppen er ugyldig"):
        call_command("restore", str(evil), "--noinput")

    assert not (tmp_path.parent / "escaped.txt").exists()
    assert changed_models(before, database_fingerprint()) == []


@pytest.mark.django_db(transaction=True)
def test_it_asks_before_overwriting_and_stops_on_no(
    cast: Cast, media: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive))
    Plan.objects.filter(pk=cast.plan.pk).update(name="Ændret")
    monkeypatch.setattr("builtins.input", lambda prompt: "nej")

    with pytest.raises(CommandError, match="Afbrudt"):
        call_command("restore", str(archive))

    assert Plan.objects.get(pk=cast.plan.pk).name == "Ændret"
