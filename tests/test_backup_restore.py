"""`make backup` and `make restore`: every row comes back, and bad input changes nothing.

A database of the test's own gets the real data and records of every other kind (users,
roles, updates edited and withdrawn with their history, forum responses, alerts, mistake
reports, the admin log, a session, login records). It is backed up with backup_data, and the
backup restored with restore_data into a new, empty database; then every row of every table
(every app's, history and auth included) is compared, column by column, with what was there
before. A table the backup left out, or a row it changed, fails the test; so does a table that
holds no rows before the backup, since the comparison could not notice it being left out.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from tests.backup_records import NOT_DATA
from tests.servers import load_real_data, manage, run_python, throwaway_database


def take_snapshot(url: str, path: Path) -> dict:
    run_python(url, f"from tests.backup_records import snapshot\nsnapshot({str(path)!r})")
    return json.loads(path.read_text())


def differences(before: dict, after: dict) -> list[str]:
    """What differs, table by table, and for the first few rows that differ, field by field."""
    found = []
    for table in sorted(set(before) | set(after)):
        if table not in after or table not in before:
            found.append(f"{table}: only {'before' if table in before else 'after'} the restore")
            continue
        old, new = before[table], after[table]
        if old["columns"] != new["columns"]:
            found.append(f"{table}: columns {old['columns']} became {new['columns']}")
            continue
        if old["rows"] == new["rows"]:
            continue
        found.append(f"{table}: {len(old['rows'])} rows before, {len(new['rows'])} after")
        columns = old["columns"]
        by_key_old = {json.dumps(r[0]): r for r in old["rows"]}
        by_key_new = {json.dumps(r[0]): r for r in new["rows"]}
        for key in sorted(set(by_key_old) | set(by_key_new))[:500]:
            was, now = by_key_old.get(key), by_key_new.get(key)
            if was == now:
                continue
            if was is None or now is None:
                found.append(f"  {columns[0]}={key}: {'missing after' if now is None else 'new'}")
            else:
                changed = [
                    f"{c}: {a!r} -> {b!r}"
                    for c, a, b in zip(columns, was, now, strict=True)
                    if a != b
                ]
                found.append(f"  {columns[0]}={key}: " + "; ".join(changed))
            if len(found) > 40:
                return found
    return found


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory):
    """A database with every kind of record, its snapshot, and a backup of it."""
    folder = tmp_path_factory.mktemp("backups")
    with throwaway_database("backup") as url:
        load_real_data(url)
        run_python(url, "from tests.backup_records import add_every_kind_of_record as add\nadd()")
        before = take_snapshot(url, folder / "before.json")
        result = manage(url, "backup_data", str(folder))
        (backup,) = folder.glob("send-tracker-*.json.gz")
        yield url, before, backup, result.stdout, folder


def test_the_backup_is_one_dated_file_of_every_record(backed_up):
    url, before, backup, output, _ = backed_up
    assert re.fullmatch(r"send-tracker-\d{8}-\d{6}\.json\.gz", backup.name)
    assert f"to {backup}" in output
    with gzip.open(backup) as stream:
        records = json.load(stream)["records"]
    kinds = {record["model"] for record in records}
    assert {"areas.area", "auth.user", "progress.historicalprogressupdate",
            "contenttypes.contenttype", "sessions.session", "axes.accesslog"} <= kinds  # fmt: skip
    # Nothing half-written is left beside it.
    assert [p.name for p in backup.parent.iterdir() if p.name.startswith(".")] == []


def test_every_table_holds_rows_to_check(backed_up):
    _, before, _, _, _ = backed_up
    empty = [table for table, held in before.items() if not held["rows"]]
    assert not empty, (
        f"{empty} hold no rows, so the round trip cannot tell whether the backup keeps them: "
        "add records to tests/backup_records.py"
    )
    assert not NOT_DATA & set(before)


def test_a_restore_into_an_empty_database_brings_back_every_row(backed_up, tmp_path):
    _, before, backup, _, _ = backed_up
    with throwaway_database("restore") as url:  # new: not even migrated
        result = manage(url, "restore_data", str(backup))
        assert "Restored" in result.stdout
        after = take_snapshot(url, tmp_path / "after.json")
        assert not differences(before, after), "\n".join(differences(before, after))

        # The restored site carries on: passwords still work, and new records get new ids.
        run_python(
            url,
            "from django.contrib.auth import get_user_model\n"
            "from areas.models import Area, MistakeReport\n"
            "from progress.models import ProgressUpdate\n"
            "olivia = get_user_model().objects.get(username='olivia')\n"
            "assert olivia.check_password('a long password 2')\n"
            "update = ProgressUpdate.objects.get(summary__startswith='Nine in ten')\n"
            "update.pk = None\n"
            "update.summary = 'Saved after the restore'\n"
            "update.save()\n"
            "get_user_model().objects.create_user('new-after-restore')\n"
            "Area.objects.filter(slug='luton').update(name='Renamed since')\n"
            "MistakeReport.objects.filter(dealt_with=True).delete()\n",
        )

        # --replace deletes all that and puts the backup back, exactly.
        result = manage(url, "restore_data", "--replace", str(backup))
        assert "Restored" in result.stdout
        again = take_snapshot(url, tmp_path / "again.json")
        assert not differences(before, again), "\n".join(differences(before, again))


def test_a_restore_refuses_a_database_that_holds_data_and_changes_nothing(backed_up, tmp_path):
    url, before, backup, _, _ = backed_up
    result = manage(url, "restore_data", str(backup), check=False)
    assert result.returncode != 0
    assert "The database is not empty" in result.stderr
    assert "nothing changed" in result.stderr and "--replace" in result.stderr
    assert "Traceback" not in result.stderr
    assert not differences(before, take_snapshot(url, tmp_path / "after.json"))


def test_a_bad_file_gets_a_clear_message_and_changes_nothing(backed_up, tmp_path):
    url, before, *_ = backed_up
    bad = {
        "missing.json.gz": (None, "There is no backup file at"),
        "notes.txt": (b"hello", "is not a backup: backups are .json.gz files"),
        "broken.json.gz": (b"not gzip at all", "cannot be read as a backup"),
        "other.json.gz": (gzip.compress(b'{"a": 1}'), "is not a backup made by backup_data"),
    }
    for name, (content, message) in bad.items():
        path = tmp_path / name
        if content is not None:
            path.write_bytes(content)
        # Even with --replace, which would otherwise empty the database first.
        result = manage(url, "restore_data", "--replace", str(path), check=False)
        assert result.returncode != 0, name
        assert message in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert not differences(before, take_snapshot(url, tmp_path / "after.json"))


def test_a_restore_brings_back_every_uploaded_file_its_records_point_to(tmp_path):
    """An imported letter is a row and a file: a restore onto a new server (an empty
    MEDIA_ROOT) must bring back both, byte for byte."""
    letter = b"%PDF-1.4 an imported letter\n" + bytes(range(256))
    media, new_media = tmp_path / "media", tmp_path / "new-media"
    with throwaway_database("files") as url:
        manage(url, "migrate", "--no-input", "-v0")
        run_python(
            url,
            "from django.core.files.base import ContentFile\n"
            "from inspections.models import Source, SourceKind\n"
            "source = Source.objects.create(kind=SourceKind.LETTER, title='A letter')\n"
            f"source.document.save('letter.pdf', ContentFile({letter!r}))\n",
            MEDIA_ROOT=str(media),
        )
        (stored,) = [p for p in media.rglob("*") if p.is_file()]
        manage(url, "backup_data", str(tmp_path / "backups"), MEDIA_ROOT=str(media))
        (backup,) = (tmp_path / "backups").glob("*.json.gz")

    with throwaway_database("files-restore") as url:
        manage(url, "restore_data", str(backup), MEDIA_ROOT=str(new_media))
        restored = new_media / stored.relative_to(media)
        assert restored.read_bytes() == letter
        run_python(
            url,
            "from inspections.models import Source\n"
            f"assert Source.objects.get(title='A letter').document.read() == {letter!r}\n",
            MEDIA_ROOT=str(new_media),
        )


def test_a_backup_refuses_when_a_records_file_is_missing(tmp_path):
    with throwaway_database("missing-file") as url:
        manage(url, "migrate", "--no-input", "-v0")
        run_python(
            url,
            "from inspections.models import Source, SourceKind\n"
            "Source.objects.create(kind=SourceKind.LETTER, title='Gone', document='sources/x.pdf')\n",
            MEDIA_ROOT=str(tmp_path / "media"),
        )
        result = manage(
            url, "backup_data", str(tmp_path / "backups"), check=False,
            MEDIA_ROOT=str(tmp_path / "media"),
        )  # fmt: skip
        assert result.returncode != 0 and "sources/x.pdf" in result.stderr
        assert "Traceback" not in result.stderr
        assert not list((tmp_path / "backups").glob("*.json.gz"))
