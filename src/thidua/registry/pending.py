"""Uploads kept between an import's failed check and the clerk's «keep valid rows» choice.

They live in the private storage (never served) under ``imports/pending/`` with a random name bound to the session.
A clerk who closes the browser instead never comes back for them, so stale ones are purged: on every
new upload (cheap: the folder holds a handful of files) and by ``thidua cleanup`` (daily cron).
"""

from __future__ import annotations

import datetime as dt

from django.core.files.storage import default_storage
from django.utils import timezone

from thidua.core.files import keep_bytes

PENDING_DIR = "imports/pending"
MAX_AGE = dt.timedelta(hours=24)


def keep(data: bytes) -> str:
    """Store an upload for a later second submit; returns its storage name."""
    purge_stale()
    return keep_bytes(PENDING_DIR, data)


def drop(name: str | None) -> None:
    if name and name.startswith(f"{PENDING_DIR}/") and default_storage.exists(name):
        default_storage.delete(name)


def purge_stale(*, max_age: dt.timedelta = MAX_AGE, now: dt.datetime | None = None) -> int:
    """Delete pending uploads older than ``max_age``; returns how many were deleted."""
    try:
        _dirs, files = default_storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return 0
    cutoff = (now or timezone.now()) - max_age
    deleted = 0
    for filename in files:
        name = f"{PENDING_DIR}/{filename}"
        try:
            if default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
                deleted += 1
        except FileNotFoundError:  # removed meanwhile by another request
            continue
    return deleted
