from django.core.management.base import BaseCommand

from imports.jobs import recover_stopped_reads
from packs.tasks import recover_stopped_parts


class Command(BaseCommand):
    help = (
        "Find background work whose worker died (plan imports being read, report packs being made, that stopped "
        "moving) and queue it again, or, after TASK_ATTEMPTS tries, mark it failed on the page that shows it. "
        "For cron, every few minutes."
    )

    def handle(self, *args, **options):
        reads = recover_stopped_reads()
        parts = recover_stopped_parts()
        self.stdout.write(
            f"Plan imports: {reads[0]} queued again, {reads[1]} given up. "
            f"Report pack boards: {parts[0]} queued again, {parts[1]} given up."
        )
