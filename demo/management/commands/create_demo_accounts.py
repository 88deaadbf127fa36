from django.core.management.base import BaseCommand

from demo.accounts import DEMO_ACCOUNTS, DEMO_TOTP_SECRET, create_demo_accounts, demo_totp_code


class Command(BaseCommand):
    help = "Create the demo accounts (development only), all with the password 'safeguarding'."

    def handle(self, *args, **options):
        create_demo_accounts()
        self.stdout.write("Demo accounts: " + ", ".join([*DEMO_ACCOUNTS, "admin"]) + " (password 'safeguarding')")
        self.stdout.write(
            "Managers and admin sign in with two-factor authentication: add the secret "
            f"{DEMO_TOTP_SECRET} to an authenticator app, or run `python manage.py demo_totp_code` "
            f"for the current code (now {demo_totp_code()})."
        )
