from django.core.management.base import BaseCommand
from django.utils import timezone

from actions.chasing import send_reminders
from boards.models import Board


class Command(BaseCommand):
    help = "Email every lead who owes this quarter's progress update a list of their actions (for cron)."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="", help="e.g. https://plans.example.gov.uk, for links in emails")
        parser.add_argument("--board", action="append", help="board slug; repeat for several; default all boards")

    def handle(self, *args, base_url, board, **options):
        boards = Board.objects.filter(slug__in=board) if board else Board.objects.all()
        sent, unreachable = send_reminders(boards, timezone.localdate(), base_url=base_url.rstrip("/"))
        self.stdout.write(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")
        for group in unreachable:
            self.stdout.write(f"Not emailed (no account with an email address): {group.lead}")
