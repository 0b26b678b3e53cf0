"""Backing up the site's database to one file, and restoring it into an empty database.

One method for SQLite and PostgreSQL alike: Django's own serialisation of every row of every
model, gzipped JSON (what dumpdata writes, read back by loaddata). A backup made on one can be
restored on the other, and needs nothing installed beyond the site itself (pg_dump would tie
backups to PostgreSQL and to its version).

Every model is included: the records, users, groups and permissions, content types, the
admin log, sessions, django-axes' login records and every django-simple-history table.
Primary keys are kept as they are (no natural keys), so every foreign key, including the
history tables' references to records since deleted, comes back exactly. Content types
and permissions are therefore restored with their own ids, in place of the ones `migrate`
made in the new database.

The file is one JSON object: `records`, every row as dumpdata writes them, and `files`, every
uploaded file a record points to (imported letters and reports: `Source.document`), by its name
in the storage, base64-encoded, so a restore brings back every record and every file it points
to. The rows are written as dumpdata writes them but for one thing: times keep their
microseconds. dumpdata's JSON encoder cuts them to milliseconds, so a restore would change
every timestamp (history dates among them) a little, and records saved in the same
millisecond would no longer sort as they did.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import FileField, Model
from django.utils import timezone

from inspections import standing
from inspections.runs_to import forget_data_runs_to

#: Made by `migrate` itself; a database holding only these is empty.
MADE_BY_MIGRATE = (ContentType, Permission)


class BackupError(Exception):
    """Something an operator must fix; the message says what, and nothing was changed."""


def backup_name(now: dt.datetime | None = None) -> str:
    now = timezone.localtime(now)
    return f"send-tracker-{now:%Y%m%d-%H%M%S}.json.gz"


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, keeping times to the microsecond as the database holds them."""

    def default(self, o: object) -> object:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def every_row(using: str) -> Iterator[Model]:
    """Every object of every model, as `dumpdata --all` finds them (base managers, pk order)."""
    for model in apps.get_models():
        if model._meta.proxy or not router.allow_migrate_model(using, model):
            continue
        yield from model._base_manager.using(using).order_by(model._meta.pk.name).iterator()


def write_backup(target: Path, using: str = DEFAULT_DB_ALIAS) -> tuple[Path, Counter[str]]:
    """Write every row to `target` (a folder, or a file ending .json.gz); return it and counts.

    The rows are read in one transaction (repeatable read on PostgreSQL), so the backup is
    one consistent moment even while the site is in use. The file appears only when complete.
    """
    target = Path(target)
    if target.is_dir() or not target.suffix:
        target = target / backup_name()
    if not target.name.endswith(".json.gz"):
        raise BackupError(f"A backup's name ends .json.gz: {target} does not.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".partial-{target.name}")
    connection = connections[using]
    try:
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            with gzip.open(partial, "wt", encoding="utf-8") as stream:
                stream.write('{"records": ')
                serializers.serialize("json", every_row(using), stream=stream, cls=ExactJSONEncoder)
                stream.write(', "files": ')
                json.dump(stored_files(using), stream)
                stream.write("}")
        counts = Counter(record["model"] for record in read_backup(partial))
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target, counts


def file_fields(using: str) -> Iterator[tuple[type[Model], FileField]]:
    for model in apps.get_models():
        if model._meta.proxy or not router.allow_migrate_model(using, model):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, FileField):
                yield model, field


def stored_files(using: str) -> dict[str, str]:
    """Every uploaded file a record points to, by its name in the storage, base64-encoded.
    Raises BackupError if one is missing: a backup that silently lacked it could not restore
    the record whole."""
    files: dict[str, str] = {}
    for model, field in file_fields(using):
        names = model._base_manager.using(using).exclude(**{field.name: ""})
        for name in names.values_list(field.name, flat=True):
            try:
                with field.storage.open(name, "rb") as handle:
                    files[name] = base64.b64encode(handle.read()).decode("ascii")
            except OSError as error:
                raise BackupError(
                    f"{model._meta.verbose_name} points to the file {name}, which cannot be "
                    f"read ({error}). Nothing was written: put the file back, or clear the "
                    "record's document in the admin."
                ) from None
    return files


def _contents(path: Path) -> tuple[object, dict[str, str]]:
    """A backup's records and files; a backup made before files were kept is a bare list."""
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as stream:
            held = json.load(stream)
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{path} cannot be read as a backup ({error}).") from None
    if isinstance(held, dict) and isinstance(held.get("files"), dict):
        return held.get("records"), held["files"]
    return held, {}


def read_backup(path: Path) -> list[dict]:
    """The records in a backup file, checked to be a backup this version can restore."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    if not (path.name.endswith(".json.gz") or path.name.endswith(".json")):
        raise BackupError(f"{path} is not a backup: backups are .json.gz files.")
    records, _ = _contents(path)
    if not isinstance(records, list) or not all(
        isinstance(r, dict) and "model" in r and "fields" in r for r in records
    ):
        raise BackupError(f"{path} is not a backup made by backup_data.")
    unknown = sorted(
        {r["model"] for r in records} - {m._meta.label_lower for m in apps.get_models()}
    )
    if unknown:
        raise BackupError(
            f"{path} holds records of {', '.join(unknown)}, which this version of the tracker "
            "does not have: restore it with the version that made it."
        )
    if not any(r["model"] == "contenttypes.contenttype" for r in records):
        raise BackupError(f"{path} is not a whole backup: it holds no content types.")
    return records


def rows_held(using: str = DEFAULT_DB_ALIAS) -> Counter[type[Model]]:
    """How many rows each model's table holds, leaving out what `migrate` makes itself."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    held: Counter[type[Model]] = Counter()
    for model in apps.get_models(include_auto_created=True):
        if model in MADE_BY_MIGRATE or model._meta.db_table not in tables:
            continue
        count = model._base_manager.using(using).count()
        if count:
            held[model] += count
    return held


def describe(held: Counter[type[Model]]) -> str:
    """What the database holds, in words: 2412 rows, among them 300 inspections, ..."""
    records = Counter(
        {
            str(model._meta.verbose_name_plural): count
            for model, count in held.items()
            if not model._meta.auto_created and not model.__name__.startswith("Historical")
        }
    ).most_common(3) or [(str(m._meta.verbose_name_plural), c) for m, c in held.most_common(3)]
    listed = [f"{count} {name}" for name, count in records]
    among = ", ".join(listed[:-1]) + (" and " if len(listed) > 1 else "") + listed[-1]
    return f"{sum(held.values())} rows, among them {among}"


def restore_backup(
    path: Path, replace: bool = False, using: str = DEFAULT_DB_ALIAS
) -> Counter[str]:
    """Restore the backup at `path`; return how many records of each model it held.

    Refuses (BackupError, nothing changed) if the file is not a backup, or if the database
    already holds data and `replace` is not given. With `replace`, everything in the database
    is deleted first, in the same transaction as the restore, so a failure leaves it as it was.
    """
    path = Path(path)
    records = read_backup(path)
    _, files = _contents(path)
    held = rows_held(using)
    if held and not replace:
        raise BackupError(
            f"The database is not empty (it holds {describe(held)}), so nothing was restored "
            "and nothing changed. Restore into a new, empty database, or give --replace "
            "(make restore ... REPLACE=yes) to delete everything in this one first."
        )
    connection = connections[using]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        if held:
            raise BackupError(
                "The database holds data and has migrations to apply: run `manage.py migrate` "
                "first. Nothing was changed."
            )
        call_command("migrate", interactive=False, verbosity=0, database=using)

    with transaction.atomic(using=using):
        if replace:
            call_command(
                "flush", interactive=False, inhibit_post_migrate=True, database=using, verbosity=0
            )
        else:
            for model in reversed(MADE_BY_MIGRATE):  # permissions, then content types
                model._base_manager.using(using).all().delete()
        ContentType.objects.clear_cache()
        try:
            with tempfile.TemporaryDirectory() as folder:
                fixture = Path(folder) / "records.json"  # what loaddata reads: the rows alone
                fixture.write_text(json.dumps(records), encoding="utf-8")
                with standing.suspended():  # the areas come back with their stored standing
                    call_command("loaddata", str(fixture), database=using, verbosity=0)
        except Exception as error:
            raise BackupError(
                f"{path} could not be restored, so nothing changed: {error}"
            ) from error
        # The files go back once every row is in, within the same transaction's attempt: a
        # file that cannot be written undoes the restore.
        try:
            put_back_files(files, using)
        except OSError as error:
            raise BackupError(
                f"{path} could not be restored, so nothing changed: a file could not be "
                f"written ({error})."
            ) from error
    ContentType.objects.clear_cache()
    forget_data_runs_to()  # this process's cached date; other processes re-read within 5 minutes
    return Counter(record["model"] for record in records)


def put_back_files(files: dict[str, str], using: str) -> None:
    """Write each file back under its own name (replacing what is there by that name)."""
    storages = [field.storage for _, field in file_fields(using)]
    if not storages:
        return
    storage = storages[0]
    for name, encoded in files.items():
        if storage.exists(name):
            storage.delete(name)
        saved = storage.save(name, ContentFile(base64.b64decode(encoded)))
        if saved != name:
            raise OSError(f"{name} was saved as {saved}")
