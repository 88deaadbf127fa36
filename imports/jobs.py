"""Reading an uploaded file into its preview, with the progress kept in the PlanImport row.

Small files are read in the upload request itself (views.READ_AT_ONCE_ROWS). A large one is stored in the row,
waiting (QUEUED), and read by the django-tasks task `read_plan_import`, which `queue_reading` enqueues once the
upload is committed: `manage.py db_worker` runs it in production (the database backend), the test settings'
immediate backend at once. The import page and the progress endpoint only show how far the reading has got
(`rows_read` of `rows_total`); no request starts, or restarts, a read.

Read once: the task claims the import with one conditional UPDATE (QUEUED -> READING) and does nothing when it
claims none: the import is being read or has been (the same task run twice, a worker retrying), or it is gone
(deleted by clean_imports). `read_import` is the whole job, callable directly (tests do).

A worker that dies mid-read (killed, its machine restarted) leaves the import READING with an `updated_at` that
no longer moves (each step of progress moves it on). Once it has not moved for STALE_AFTER, `stopped` says so:
the import page says the reading stopped and offers to upload the file again, and the progress endpoint reports
it failed. Nothing re-queues it (a file that killed one worker would kill the next): it is deleted with the other
unconfirmed imports after IMPORT_KEEP_DAYS (cleanup.py). An import still waiting (QUEUED) waits for a worker,
however long that takes."""

import logging
import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from plans.models import PlanImport

from .parsing import parse
from .problems import ImportProblem
from .safety import Upload

logger = logging.getLogger(__name__)

PROGRESS_EVERY_ROWS = 25
PROGRESS_EVERY_SECONDS = 0.5
STALE_AFTER = timedelta(minutes=2)  # a read that has not moved for this long died with its worker


def queue_reading(pk):
    """Have a worker read PlanImport `pk` once the current transaction has committed (so that it finds the row)."""
    transaction.on_commit(lambda: read_plan_import.enqueue(pk))


@task()
def read_plan_import(pk):
    """What a worker runs: read PlanImport `pk` if it is still waiting to be read."""
    read_import(pk)


def stopped(plan_import, now=None):
    """Whether the reading of `plan_import` stopped with its worker: READING, and not moved for STALE_AFTER."""
    return (
        plan_import.status == PlanImport.Status.READING
        and plan_import.updated_at < (now or timezone.now()) - STALE_AFTER
    )


def read_import(pk, on_progress=None):
    """Claim PlanImport `pk` if it is waiting and read its stored file into its preview, recording progress;
    return the import (as another reader left it if it was not waiting; None if it is gone)."""
    claimed = PlanImport.objects.filter(pk=pk, status=PlanImport.Status.QUEUED).update(
        status=PlanImport.Status.READING, rows_read=0, updated_at=timezone.now()
    )
    if not claimed:
        return PlanImport.objects.filter(pk=pk).first()
    plan_import = PlanImport.objects.select_related("board").filter(pk=pk).first()
    if plan_import is None:  # deleted the moment it was claimed
        return None
    reading = PlanImport.objects.filter(pk=pk, status=PlanImport.Status.READING)
    state = {"rows": 0, "at": 0.0}

    def progress(done, total):
        now = time.monotonic()
        if done == state["rows"]:
            return
        if done - state["rows"] >= PROGRESS_EVERY_ROWS or now - state["at"] >= PROGRESS_EVERY_SECONDS or done >= total:
            state.update(rows=done, at=now)
            reading.update(rows_read=done, rows_total=total, updated_at=timezone.now())
            if on_progress:
                on_progress(done, total)

    def finish(status, **fields):  # the upload is not kept once read
        reading.update(status=status, file_data=b"", updated_at=timezone.now(), **fields)

    try:
        data = bytes(plan_import.file_data)
        upload = Upload(
            name=plan_import.file_name,
            kind=plan_import.file_kind,
            data=data,
            rows_estimate=plan_import.rows_total,
            text=data.decode("utf-8-sig") if plan_import.file_kind == "csv" else None,
        )
        preview = parse(upload, plan_import.board, plan_import.options, on_progress=progress)
    except ImportProblem as problem:
        finish(PlanImport.Status.FAILED, error=str(problem))
    except Exception:
        logger.exception("Reading plan import %s failed", pk)
        finish(
            PlanImport.Status.FAILED,
            error=f"{plan_import.file_name} could not be read: something unexpected went wrong. "
            "Check that it opens in Excel or Word, and upload it again.",
        )
    else:
        finish(PlanImport.Status.READY, preview=preview)
    return PlanImport.objects.filter(pk=pk).first()
