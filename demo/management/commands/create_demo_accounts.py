from django.core.management.base import BaseCommand

from demo.accounts import DEMO_ACCOUNTS, create_demo_accounts


class Command(BaseCommand):
    help = "Create the demo accounts (development only), all with the password 'safeguarding'."

    def handle(self, *args, **options):
        create_demo_accounts()
        self.stdout.write("Demo accounts: " + ", ".join([*DEMO_ACCOUNTS, "admin"]))
