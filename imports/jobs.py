"""Reading an uploaded file into its preview, with the progress kept in the PlanImport row.

Small files are read in the upload request itself. A large one is stored and read in a background thread (with
its own database connection, closed at the end) started once the upload is committed; the import page polls
`rows_read`/`rows_total` through the progress endpoint. `read_import` is the whole job, callable directly
(tests do)."""

import logging
import threading
import time
from datetime import timedelta

from django.db import connections, transaction
from django.utils import timezone

from plans.models import PlanImport

from .parsing import parse
from .problems import ImportProblem
from .safety import Upload

logger = logging.getLogger(__name__)

PROGRESS_EVERY_ROWS = 25
PROGRESS_EVERY_SECONDS = 0.5
STALE_AFTER = timedelta(minutes=2)  # a reading job that has not moved for this long died with its process


def read_import(pk, on_progress=None):
    """Read the stored file of PlanImport `pk` into its preview, recording progress; return the import."""
    plan_import = PlanImport.objects.select_related("board").get(pk=pk)
    data = bytes(plan_import.file_data)
    upload = Upload(
        name=plan_import.file_name,
        kind=plan_import.file_kind,
        data=data,
        rows_estimate=plan_import.rows_total,
        text=data.decode("utf-8-sig") if plan_import.file_kind == "csv" else None,
    )
    state = {"rows": 0, "at": 0.0}

    def progress(done, total):
        now = time.monotonic()
        if done == state["rows"]:
            return
        if (
            done - state["rows"] >= PROGRESS_EVERY_ROWS
            or now - state["at"] >= PROGRESS_EVERY_SECONDS
            or done >= total
        ):
            state.update(rows=done, at=now)
            PlanImport.objects.filter(pk=pk).update(
                rows_read=done, rows_total=total, updated_at=timezone.now()
            )
            if on_progress:
                on_progress(done, total)

    finished = {"file_data": b"", "updated_at": timezone.now()}
    try:
        preview = parse(upload, plan_import.board, plan_import.options, on_progress=progress)
    except ImportProblem as problem:
        PlanImport.objects.filter(pk=pk).update(
            status=PlanImport.Status.FAILED, error=str(problem), **finished
        )
    except Exception:
        logger.exception("Reading plan import %s failed", pk)
        PlanImport.objects.filter(pk=pk).update(
            status=PlanImport.Status.FAILED,
            **finished,
            error=f"{plan_import.file_name} could not be read: something unexpected went wrong. "
            "Check that it opens in Excel or Word, and upload it again.",
        )
    else:
        PlanImport.objects.filter(pk=pk).update(status=PlanImport.Status.READY, preview=preview, **finished)
    plan_import.refresh_from_db()
    return plan_import


def claim(plan_import):
    """Mark a waiting (or abandoned) import as being read; True if this caller should start reading it."""
    now = timezone.now()
    waiting = PlanImport.objects.filter(pk=plan_import.pk, status=PlanImport.Status.QUEUED)
    abandoned = PlanImport.objects.filter(
        pk=plan_import.pk, status=PlanImport.Status.READING, updated_at__lt=now - STALE_AFTER
    )
    return bool(
        waiting.update(status=PlanImport.Status.READING, updated_at=now)
        or abandoned.update(updated_at=now, rows_read=0)
    )


def start_reading(pk):
    """Read the import in a background thread once the current transaction has committed."""
    transaction.on_commit(
        lambda: threading.Thread(
            target=_read_in_thread, args=(pk,), name=f"plan-import-{pk}", daemon=True
        ).start()
    )


def _read_in_thread(pk):
    try:
        read_import(pk)
    except Exception:
        logger.exception("Plan import %s: the reading thread failed", pk)
    finally:
        connections.close_all()  # this thread's connections only
