"""The background work of a pack, on django-tasks (the database backend in production: `manage.py db_worker`).

One task per board (`render_part`), so that every worker process, on any machine sharing the database, takes
boards of the same pack from one queue. Each finished board moves the pack's `done` on by one in the same
transaction as its PDF is saved; the task that takes `done` to `total` (exactly one: the increments queue on the
pack's row) zips the pack. A task run twice (a worker killed mid-way, retried) does nothing the second time."""

import io
import logging
import zipfile

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from actions.quarters import Quarter

from .models import ReportPack, ReportPackPart
from .rendering import board_quarterly_pdf

logger = logging.getLogger(__name__)


@task()
def render_part(part_id):
    """Make one board's PDF of a pack; zip the pack if it was the last."""
    part = ReportPackPart.objects.select_related("board", "pack").filter(pk=part_id).first()
    if part is None or part.status != ReportPackPart.Status.QUEUED:
        return
    pack = part.pack
    ReportPack.objects.filter(pk=pack.pk, status=ReportPack.Status.QUEUED).update(status=ReportPack.Status.RUNNING)
    try:
        content, error = board_quarterly_pdf(part.board, Quarter.parse(pack.quarter)), ""
    except Exception as exc:  # one board's failure is reported, not the pack's end
        logger.exception("Report pack %s: the PDF of %s failed", pack.pk, part.board)
        content, error = None, f"{type(exc).__name__}: {exc}"[:1000]
    with transaction.atomic():
        claimed = ReportPackPart.objects.filter(pk=part.pk, status=ReportPackPart.Status.QUEUED).update(
            status=ReportPackPart.Status.FAILED if error else ReportPackPart.Status.DONE,
            pdf=content,
            error=error,
            finished_at=timezone.now(),
        )
        if not claimed:  # another run of this task got there first
            return
        ReportPack.objects.filter(pk=pack.pk).update(done=F("done") + 1, failed=F("failed") + (1 if error else 0))
        done, total = ReportPack.objects.filter(pk=pack.pk).values_list("done", "total").get()
    if done == total:
        zip_pack(pack.pk)


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
