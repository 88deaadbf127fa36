"""The background work of a pack, on django-tasks (the database backend in production: `manage.py db_worker`).

One task per board (`render_part`), so that every worker process, on any machine sharing the database, takes
boards of the same pack from one queue. Each finished board moves the pack's `done` on by one in the same
transaction as its PDF is saved; the task that takes `done` to `total` (exactly one: the increments queue on the
pack's row) zips the pack. A task run twice (a worker killed mid-way, retried) does nothing the second time.

Time-limited: a board's PDF is rendered in a child process stopped after TASK_TIME_LIMITS["pack_board"] seconds
(rendering.pdf_of). A part stopped by its limit, or whose worker died (still RUNNING long after its limit:
`manage.py recover_tasks`), is queued again until it has been tried TASK_ATTEMPTS times, then recorded failed,
saying so on the pack's page and in the zip's NOT-INCLUDED.txt."""

import io
import logging
import zipfile
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from actions.quarters import Quarter
from lscb.time_limit import ChildDied, ChildFailed, TimeLimitExceeded

from .models import STOPPED_GRACE, ReportPack, ReportPackPart
from .rendering import board_quarterly_pdf

logger = logging.getLogger(__name__)


@task()
def render_part(part_id):
    """Make one board's PDF of a pack; zip the pack if it was the last."""
    claimed = ReportPackPart.objects.filter(pk=part_id, status=ReportPackPart.Status.QUEUED).update(
        status=ReportPackPart.Status.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:  # done, being made, or gone: another run of this task got there first
        return
    part = ReportPackPart.objects.select_related("board", "pack").defer("pdf").get(pk=part_id)
    pack = part.pack
    ReportPack.objects.filter(pk=pack.pk, status=ReportPack.Status.QUEUED).update(status=ReportPack.Status.RUNNING)
    try:
        content, error = board_quarterly_pdf(part.board, Quarter.parse(pack.quarter)), ""
    except (TimeLimitExceeded, ChildDied) as stopped:  # may go better another time: tried again, up to a limit
        logger.error(
            "Report pack %s: the PDF of %s stopped (attempt %s): %s", pack.pk, part.board, part.attempts, stopped
        )
        try_again_or_give_up(ReportPackPart.objects.filter(pk=part.pk, status=ReportPackPart.Status.RUNNING))
        return
    except Exception as exc:  # one board's failure is reported, not the pack's end
        logger.exception("Report pack %s: the PDF of %s failed", pack.pk, part.board)
        content, error = None, (str(exc) if isinstance(exc, ChildFailed) else f"{type(exc).__name__}: {exc}")[:1000]
    finish_part(part, content=content, error=error)


def finish_part(part, *, content=None, error=""):
    """Record a RUNNING part made (or failed, with `error`) and count it done on its pack; the last zips it."""
    with transaction.atomic():
        claimed = ReportPackPart.objects.filter(pk=part.pk, status=ReportPackPart.Status.RUNNING).update(
            status=ReportPackPart.Status.FAILED if error else ReportPackPart.Status.DONE,
            pdf=content,
            error=error,
            finished_at=timezone.now(),
        )
        if not claimed:  # recorded already (a worker thought dead finished after all)
            return
        pack_id = part.pack_id
        ReportPack.objects.filter(pk=pack_id).update(done=F("done") + 1, failed=F("failed") + (1 if error else 0))
        done, total = ReportPack.objects.filter(pk=pack_id).values_list("done", "total").get()
    if done == total:
        zip_pack(pack_id)


def given_up(attempts):
    limit = settings.TASK_TIME_LIMITS["pack_board"]
    limit = f"{limit // 60} minutes" if limit >= 120 and limit % 60 == 0 else f"{limit} seconds"
    return (
        f"tried {attempts} times and each time it stopped before the end (it took longer than {limit}, or the "
        "server making it stopped): it will not be tried again"
    )


def try_again_or_give_up(stopped_parts):
    """Queue each of these RUNNING parts again, or, once tried TASK_ATTEMPTS times, record it failed saying so;
    return (queued again, given up)."""
    retried = given = 0
    for part in stopped_parts.defer("pdf"):
        if part.attempts < settings.TASK_ATTEMPTS:
            if stopped_parts.filter(pk=part.pk).update(status=ReportPackPart.Status.QUEUED):
                retried += 1
                transaction.on_commit(lambda pk=part.pk: render_part.enqueue(pk))
        else:
            finish_part(part, error=given_up(part.attempts))
            given += 1
    return retried, given


def recover_stopped_parts():
    """What `manage.py recover_tasks` does for packs: the boards' PDFs whose worker died (still being made well
    after their time limit) queued again, or given up after TASK_ATTEMPTS tries; return (queued again, given up)."""
    cutoff = timezone.now() - timedelta(seconds=settings.TASK_TIME_LIMITS["pack_board"]) - STOPPED_GRACE
    return try_again_or_give_up(
        ReportPackPart.objects.filter(status=ReportPackPart.Status.RUNNING, started_at__lt=cutoff)
    )


def zip_pack(pack_id):
    """Zip the made PDFs into the pack: one per board, named by its slug and the quarter."""
    pack = ReportPack.objects.defer("zip_data").get(pk=pack_id)
    buffer = io.BytesIO()
    failures = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:  # PDFs are compressed already
        for part in pack.parts.select_related("board").order_by("board__name"):
            if part.status == ReportPackPart.Status.DONE:
                archive.writestr(f"{part.board.slug}-quarterly-report-{pack.quarter}.pdf", bytes(part.pdf))
            else:
                failures.append(f"{part.board.name}: {part.error or 'not made'}")
        if failures:
            archive.writestr("NOT-INCLUDED.txt", "These boards' reports could not be made:\n" + "\n".join(failures))
    status = ReportPack.Status.FAILED if failures else ReportPack.Status.DONE
    ReportPack.objects.filter(pk=pack.pk).update(
        zip_data=buffer.getvalue(),
        zip_name=f"quarterly-reports-{pack.quarter}.zip",
        status=status,
        error="; ".join(failures)[:2000],
        finished_at=timezone.now(),
    )
    ReportPackPart.objects.filter(pack=pack).update(pdf=None)  # in the zip now
