from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from imports.cleanup import remove_stale_imports


class Command(BaseCommand):
    help = (
        "Delete plan imports never confirmed (previews walked away from, files that failed) and not touched for "
        "--days days, with the uploads they hold. Confirmed imports are kept. For cron, daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.IMPORT_KEEP_DAYS,
            help=f"keep imports touched within this many days (default IMPORT_KEEP_DAYS: {settings.IMPORT_KEEP_DAYS})",
        )

    def handle(self, *args, days, **options):
        try:
            removed = remove_stale_imports(days=days)
        except ValueError:  # the days: checked where they are used
            raise CommandError(f"--days must be 0 or more, not {days}.") from None
        self.stdout.write(
            f"Removed {removed} unconfirmed plan import{'s' if removed != 1 else ''} "
            f"not touched for more than {days} day{'s' if days != 1 else ''}."
        )
