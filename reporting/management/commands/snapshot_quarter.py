from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from actions.quarters import parse_quarter, quarter_of
from plans.models import Plan
from reporting.signoff import snapshot_quarter


class Command(BaseCommand):
    help = (
        "Keep each action's state as at an ended quarter's end (quarter snapshots) for every plan running then, or "
        "one board's: rows of a quarter not signed off are rewritten, rows kept at sign-off are left as they are. "
        "For cron after each quarter end (--quarter last), or for any past quarter."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quarter", required=True, help='e.g. "Q2 2010/11" or 2010-Q2; "last": the latest quarter that has ended'
        )
        parser.add_argument("--board", help="a board's slug; all boards when left out")

    def handle(self, *args, quarter, board=None, **options):
        try:
            # "last": the quarter before today's, the latest that has ended
            chosen = quarter_of(timezone.localdate()).previous() if quarter == "last" else parse_quarter(quarter)
        except ValueError as error:
            raise CommandError(str(error)) from error
        plans = Plan.objects.all() if board is None else Plan.objects.filter(board__slug=board)
        try:
            count = snapshot_quarter(chosen, plans)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Snapshots of {chosen.label} kept for {count} plan{'s' if count != 1 else ''}.")
