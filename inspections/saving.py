"""Saving a record only when it changed, so a reload writes no history and stamps no area."""

from __future__ import annotations

import hashlib
from typing import Any, TypeVar

from django.db.models import Model

Record = TypeVar("Record", bound=Model)


def text_fingerprint(text: str) -> str:
    """SHA-256 of a document's words, blind to line breaks and spacing."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


def save(instance: Record) -> Record:
    """Validates and saves, unless nothing changed (so a reload writes no history).

    The named constraints are left to the database, which enforces them in the save's
    transaction (checking each here cost a query of its own); fields and clean() still run.
    The letter import checks each constraint itself first, to place its message on the form
    (letters/recording.py)."""
    instance.full_clean(validate_constraints=False)
    if instance.pk is not None:
        fields = [f.attname for f in instance._meta.concrete_fields]
        stored = type(instance)._default_manager.filter(pk=instance.pk).values(*fields).first()
        if stored == {name: getattr(instance, name) for name in fields}:
            return instance
    instance.save()
    return instance


def update_or_create(model: type[Record], defaults: dict[str, object], **lookup: Any) -> Record:
    """`update_or_create`, but a record that already holds these values is not saved again,
    so a reload sends no signals and stamps no area as changed."""
    found = model._default_manager.filter(**lookup).first()
    if found is not None and all(getattr(found, k) == v for k, v in defaults.items()):
        return found
    return model._default_manager.update_or_create(**lookup, defaults=defaults)[0]
