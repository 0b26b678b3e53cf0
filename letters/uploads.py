"""Uploads waiting for an admin to confirm their import.

They are kept in their own folder (PENDING_IMPORTS_ROOT), outside MEDIA_ROOT where the stored
sources live, so a letter that is never saved never becomes a stored document. Each is named by
its text's fingerprint; the import removes it once the letter is saved, found to be already
imported or discarded, and `manage.py clear_pending_imports` removes any left for over a day.
"""

from __future__ import annotations

import datetime as dt
import re
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

MAX_AGE = dt.timedelta(days=1)
NAME_PATTERN = re.compile(r"^(?P<fingerprint>[0-9a-f]{64})\.(?P<suffix>pdf|txt)$")


def _storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.PENDING_IMPORTS_ROOT)


def _checked(name: str) -> str:
    if not NAME_PATTERN.match(name):
        raise FileNotFoundError(f"Not a pending upload: {name!r}")
    return name


def is_pdf(data: bytes) -> bool:
    return data.lstrip()[:5] == b"%PDF-"


def keep(fingerprint: str, data: bytes) -> str:
    """Holds an uploaded file until the admin confirms the import; returns its name."""
    name = _checked(f"{fingerprint}{'.pdf' if is_pdf(data) else '.txt'}")
    storage = _storage()
    if storage.exists(name):
        storage.delete(name)  # the same letter again: start its day afresh
    storage.save(name, ContentFile(data))
    return name


def find(fingerprint: str) -> str | None:
    """The pending upload with this fingerprint, if there is one."""
    storage = _storage()
    for suffix in ("pdf", "txt"):
        name = f"{fingerprint}.{suffix}"
        if NAME_PATTERN.match(name) and storage.exists(name):
            return name
    return None


def read(name: str) -> bytes:
    """The upload's bytes; FileNotFoundError if it has gone."""
    with _storage().open(_checked(name)) as handle:
        return handle.read()


def path(name: str) -> str:
    return _storage().path(_checked(name))


def discard(name: str | None) -> None:
    if name and NAME_PATTERN.match(name):
        _storage().delete(name)


def clear_stale(max_age: dt.timedelta = MAX_AGE) -> list[str]:
    """Removes the pending uploads older than `max_age`; returns their names."""
    storage = _storage()
    try:
        _, names = storage.listdir("")
    except FileNotFoundError:
        return []
    cutoff = time.time() - max_age.total_seconds()
    removed = []
    for name in sorted(names):
        if NAME_PATTERN.match(name) and storage.get_modified_time(name).timestamp() < cutoff:
            storage.delete(name)
            removed.append(name)
    return removed
