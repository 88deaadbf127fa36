"""Imports nobody confirmed are deleted once they have not been touched for IMPORT_KEEP_DAYS (default 7).

A manager who uploads a file, looks at its preview and walks away, or whose file could not be read, leaves a
PlanImport holding the preview (and, for a large file not read yet, the upload itself: `file_data` is kept in
the row, never on disk or in a storage, so deleting the row deletes the file). Every status but IMPORTED is
deleted once its `updated_at` (moved on by each step while reading) is older than the limit: a read whose worker
died (jobs.py) included. Confirmed imports
are kept: they are the record of where a plan came from. They hold no upload (it is emptied once read, and a
small file is never stored), and their preview is what the manager confirmed, so it is kept with them.

`remove_stale_imports` is one DELETE query (nothing refers to a PlanImport and no signal listens to its
deletion, so Django deletes without fetching the rows first). `manage.py clean_imports` runs it, for cron, and
so does starting a new import, so an installation without cron still cleans up."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from plans.models import PlanImport


def remove_stale_imports(now=None, days=None):
    """Delete the imports not confirmed and not touched for `days` days (default IMPORT_KEEP_DAYS) before
    `now`; return how many were deleted."""
    days = settings.IMPORT_KEEP_DAYS if days is None else days
    if days < 0:
        raise ValueError(f"days must be 0 or more, not {days}")
    cutoff = (now or timezone.now()) - timedelta(days=days)
    stale = PlanImport.objects.exclude(status=PlanImport.Status.IMPORTED).filter(updated_at__lt=cutoff)
    deleted, _ = stale.delete()
    return deleted
