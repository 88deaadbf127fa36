from django.core.management.base import BaseCommand

from demo.accounts import demo_totp_code


class Command(BaseCommand):
    help = "Print the demo managers' and admin's current two-factor code (development only; changes every 30 s)."

    def handle(self, *args, **options):
        self.stdout.write(demo_totp_code())
