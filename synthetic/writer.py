"""Writing synthetic records in batches of plain INSERTs, with their history rows, counted."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar, overload

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import get_history_model_for_model

BATCH = 1000
CHANGE_REASON = "Synthetic history (generate_synthetic)"


Record = TypeVar("Record", bound=models.Model)
# (instance as it was then, "+" or "~", when, user id): one history row to write.
HistoryRow = tuple[models.Model, str, dt.datetime | None, int | None]


def _label(model: type[models.Model]) -> str:
    if model is get_user_model():
        return "users (synthetic officers and forum members)"
    return str(model._meta.verbose_name_plural)


HISTORY_LABEL = "history rows (simple-history)"
LINKS_LABEL = "source links (many-to-many)"


@overload
def _noon(day: dt.date) -> dt.datetime: ...
@overload
def _noon(day: dt.date | None) -> dt.datetime | None: ...
def _noon(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def stamp(record: models.Model, when: dt.datetime | None) -> None:
    """Notes when a synthetic record was made, for its history rows (`when_made`)."""
    record.__dict__["_synthetic_when"] = when


def when_made(record: models.Model) -> dt.datetime | None:
    """When `stamp` said the record was made (None: the writer's default)."""
    when: dt.datetime | None = record.__dict__.get("_synthetic_when")
    return when


def _column(field: models.Field) -> str:
    assert field.column is not None  # every concrete field has one
    return field.column


def _table_field(model: type[models.Model], name: str) -> models.Field:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # a column of the table, not a reverse relation
    return field


def _converter(field: models.Field, connection: BaseDatabaseWrapper) -> Callable[[Any], Any] | None:
    """How one field's Python value goes into an INSERT, as Field.get_db_prep_save would."""
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    plain = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)
    if isinstance(field, (*plain, models.ForeignKey)) and not isinstance(field, models.FileField):
        return None  # the driver takes it as it is
    return lambda value: field.get_db_prep_save(value, connection)


class _Writer:
    """Writes synthetic records in batches, with their history rows, and counts them.

    Rows go in as plain INSERTs, one executemany per batch (COPY on PostgreSQL), with ids taken
    from the table's highest id up, so children can point at their parents without reading
    ids back. Django's bulk_create prepared each value on its own, which made scale 20 take 40
    seconds instead of about ten. Sequences are reset afterwards, as loaddata does.
    """

    def __init__(self, default_when: dt.datetime) -> None:
        self.counts: Counter[str] = Counter()
        self.default_when = default_when
        self.next_id: dict[type[models.Model], int] = {}

    def _ids(self, model: type[models.Model], count: int) -> range:
        if model not in self.next_id:
            self.next_id[model] = (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
        start = self.next_id[model]
        self.next_id[model] += count
        return range(start, start + count)

    def _insert(
        self,
        model: type[models.Model],
        fields: Sequence[models.Field],
        rows: Sequence[tuple[Any, ...]],
        values_of: Sequence[models.Field] | None = None,
    ) -> None:
        """values_of: the fields the values come from, where not `fields` (history rows)."""
        connection = connections[router.db_for_write(model)]
        quote = connection.ops.quote_name
        converters = [_converter(f, connection) for f in values_of or fields]
        table = quote(model._meta.db_table)
        columns = ", ".join(quote(_column(f)) for f in fields)

        def prepared(batch: Sequence[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
            for row in batch:
                yield tuple(v if c is None else c(v) for c, v in zip(converters, row, strict=True))

        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY: psycopg binds each value client-side for INSERTs, three times slower.
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in prepared(rows):
                        copy.write_row(row)
                return
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
            for start in range(0, len(rows), BATCH):
                cursor.executemany(sql, list(prepared(rows[start : start + BATCH])))

    def create(self, model: type[Record], objects: list[Record]) -> list[Record]:
        fields = model._meta.concrete_fields
        relations = [f for f in fields if isinstance(f, models.ForeignObject)]
        for obj, pk in zip(objects, self._ids(model, len(objects)), strict=True):
            obj.pk = pk
            for relation in relations:  # a parent given before its id was known
                if getattr(obj, relation.attname) is None and relation.is_cached(obj):
                    parent = relation.get_cached_value(obj)
                    setattr(obj, relation.attname, parent.pk if parent else None)
        self._insert(model, fields, [tuple(getattr(o, f.attname) for f in fields) for o in objects])
        self.counts[_label(model)] += len(objects)
        return objects

    def history(self, model: type[models.Model], rows: Sequence[HistoryRow]) -> None:
        """rows: (instance, "+" or "~", when, user id), with the instance as it was then."""
        historical = get_history_model_for_model(model)
        meta = historical._meta
        tracked = [f.attname for f in historical.tracked_fields]
        own = ["history_id", "history_date", "history_type", "history_change_reason"]
        fields = [meta.get_field(n) for n in own] + [meta.get_field("history_user")]
        columns = fields + [meta.get_field(f.name) for f in historical.tracked_fields]
        ids = self._ids(historical, len(rows))
        self._insert(
            historical,
            columns,
            [
                (pk, when or self.default_when, kind, CHANGE_REASON, user_id)
                + tuple(getattr(instance, name) for name in tracked)
                for pk, (instance, kind, when, user_id) in zip(ids, rows, strict=True)
            ],
            values_of=fields + list(historical.tracked_fields),
        )
        self.counts[HISTORY_LABEL] += len(rows)

    def link(self, through: type[models.Model], owner: str, pairs: list[tuple[int, int]]) -> None:
        fields = [
            through._meta.pk,
            _table_field(through, owner.removesuffix("_id")),
            _table_field(through, "source"),
        ]
        ids = self._ids(through, len(pairs))
        self._insert(through, fields, [(pk, a, b) for pk, (a, b) in zip(ids, pairs, strict=True)])
        self.counts[LINKS_LABEL] += len(pairs)

    def reset_sequences(self) -> None:
        """What loaddata does after writing ids itself (nothing on SQLite, which keeps up)."""
        for alias in {router.db_for_write(model) for model in self.next_id}:
            connection = connections[alias]
            statements = connection.ops.sequence_reset_sql(no_style(), list(self.next_id))
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
