"""Reading an uploaded file into its preview, with the progress kept in the PlanImport row.

Small files are read in the upload request itself (views.READ_AT_ONCE_ROWS). A large one is stored in the row,
waiting (QUEUED), and read by the django-tasks task `read_plan_import`, which `queue_reading` enqueues once the
upload is committed: `manage.py db_worker` runs it in production (the database backend), the test settings'
immediate backend at once. The import page and the progress endpoint only show how far the reading has got
(`rows_read` of `rows_total`); no request starts, or restarts, a read.

Read once: the task claims the import with one conditional UPDATE (QUEUED -> READING) and does nothing when it
claims none: the import is being read or has been (the same task run twice, a worker retrying), or it is gone
(deleted by clean_imports). `read_import` is the whole job, callable directly (tests do).

Time-limited: the parsing runs in a child process killed after TASK_TIME_LIMITS["import_read"] seconds
(lscb.time_limit; a small file read in the upload request has its own, shorter limit), while the worker moves
`updated_at` on (a heartbeat) as it waits. A read stopped by its limit, or whose child died, is queued again
until it has been tried TASK_ATTEMPTS times, then marked FAILED with a message saying it will not be tried
again. A file the reader refuses (ImportProblem) or that breaks the reader fails at once: it would every time.

A worker that dies mid-read (killed, its machine restarted) leaves the import READING with an `updated_at` that
no longer moves. Once it has not moved for STALE_AFTER, `stopped` says so: the import page says the reading
stopped and offers to upload the file again, and the progress endpoint reports it failed; the page only shows
it. `manage.py recover_tasks` (cron, every few minutes) then queues it again, or, after TASK_ATTEMPTS tries,
marks it failed (`recover_stopped_reads`). An import still waiting (QUEUED) waits for a worker, however long
that takes."""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from lscb.time_limit import ChildDied, ChildFailed, TimeLimitExceeded, run_with_time_limit
from plans.models import PlanImport

from .parsing import board_facts, parse
from .problems import ImportProblem
from .safety import Upload

logger = logging.getLogger(__name__)

PROGRESS_EVERY_ROWS = 25
PROGRESS_EVERY_SECONDS = 0.5
STALE_AFTER = timedelta(minutes=2)  # a read that has not moved for this long died with its worker
HEARTBEAT_SECONDS = 20  # well within STALE_AFTER: a slow read is never taken for a dead one


def time_limit(kind="import_read"):
    return settings.TASK_TIME_LIMITS[kind]


def unexpected(file_name):
    return (
        f"{file_name} could not be read: something unexpected went wrong. "
        "Check that it opens in Excel or Word, and upload it again."
    )


def given_up(file_name, attempts):
    return (
        f"{file_name} could not be read: reading it was tried {attempts} times and each time it stopped before "
        f"the end (it took longer than {time_limit()} seconds, or the server reading it stopped). It will not be "
        "tried again. Check that it opens in Excel or Word, split a very large plan into smaller files, and "
        "upload it again."
    )


def read_at_once(upload, board, options):
    """The preview of a small file, read in the upload request under its own time limit: ImportProblem when it
    cannot be read, or takes too long."""
    facts = board_facts(board)
    try:
        return run_with_time_limit(
            lambda send: parse(upload, board, options, facts=facts),
            seconds=time_limit("import_read_at_once"),
            expected=(ImportProblem,),
        )
    except TimeLimitExceeded as stopped:
        raise ImportProblem(
            f"{upload.name} could not be read: reading it took longer than {stopped.seconds:g} seconds and was "
            "stopped. Check that it opens in Excel or Word, and that its cells hold the plan's text only."
        ) from stopped
    except (ChildDied, ChildFailed) as failure:
        logger.error("Reading %s for %s failed: %s", upload.name, board, getattr(failure, "trace", failure))
        raise ImportProblem(unexpected(upload.name)) from failure


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
        status=PlanImport.Status.READING, rows_read=0, attempts=F("attempts") + 1, updated_at=timezone.now()
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
        board, options, facts = plan_import.board, plan_import.options, board_facts(plan_import.board)
        preview = run_with_time_limit(
            lambda send: parse(upload, board, options, on_progress=send, facts=facts),
            seconds=time_limit(),
            on_message=progress,
            heartbeat=lambda: reading.update(updated_at=timezone.now()),
            heartbeat_every=HEARTBEAT_SECONDS,
            expected=(ImportProblem,),
        )
    except ImportProblem as problem:
        finish(PlanImport.Status.FAILED, error=str(problem))
    except (TimeLimitExceeded, ChildDied) as stopped:  # may go better another time: tried again, up to a limit
        logger.error("Reading plan import %s stopped (attempt %s): %s", pk, plan_import.attempts, stopped)
        try_again_or_give_up(PlanImport.objects.filter(pk=pk, status=PlanImport.Status.READING))
    except Exception as error:
        logger.error("Reading plan import %s failed: %s", pk, getattr(error, "trace", None) or repr(error))
        finish(PlanImport.Status.FAILED, error=unexpected(plan_import.file_name))
    else:
        finish(PlanImport.Status.READY, preview=preview)
    return PlanImport.objects.filter(pk=pk).first()


def try_again_or_give_up(stopped_reads):
    """Queue each of these READING imports again, or, once tried TASK_ATTEMPTS times, mark it FAILED saying so;
    return how many were queued again and how many given up."""
    attempts = settings.TASK_ATTEMPTS
    retried = given = 0
    for pk, file_name, tried in stopped_reads.values_list("pk", "file_name", "attempts"):
        if tried < attempts:
            if stopped_reads.filter(pk=pk).update(status=PlanImport.Status.QUEUED, updated_at=timezone.now()):
                retried += 1
                queue_reading(pk)
        elif stopped_reads.filter(pk=pk).update(
            status=PlanImport.Status.FAILED, file_data=b"", error=given_up(file_name, tried), updated_at=timezone.now()
        ):
            given += 1
    return retried, given


def recover_stopped_reads(now=None):
    """What `manage.py recover_tasks` does for imports: the reads whose worker died (not moved for STALE_AFTER)
    queued again, or given up after TASK_ATTEMPTS tries; return (queued again, given up)."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    return try_again_or_give_up(
        PlanImport.objects.filter(status=PlanImport.Status.READING, updated_at__lt=cutoff).defer("file_data")
    )
