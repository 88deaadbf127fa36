"""Demo accounts for `make run` (dev settings only): one per role, all with the password 'safeguarding' and the
email <username>@example.org. Managers and the site administrator must use two-factor authentication, so theirs is
set up already, from one published demo secret (DEMO_TOTP_SECRET): `manage.py demo_totp_code` prints the current
code, or add the secret to any authenticator app."""

import time

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from actions.models import Action
from boards.models import Board, Membership

DEMO_PASSWORD = "safeguarding"  # noqa: S105 - published in README; dev settings only
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105 - published in README; the demo managers' and admin's TOTP
Role = Membership.Role

# username -> {board slug: role}
DEMO_ACCOUNTS = {
    "kingston-manager": {"kingston": Role.MANAGER},
    "kingston-lead": {"kingston": Role.LEAD},
    "kingston-chair": {"kingston": Role.CHAIR},
    "llr-manager": {"llr": Role.MANAGER},
    "leeds-manager": {"leeds": Role.MANAGER},
    "two-board-chair": {"kingston": Role.CHAIR, "llr": Role.CHAIR},
    "auditor": {"kingston": Role.AUDITOR, "llr": Role.AUDITOR, "leeds": Role.AUDITOR},
    "outsider": {},
}
# kingston-lead records progress on the work the Training subgroup's chair leads (3.1-3.3, 13.3, 16.1)
KINGSTON_LEAD_SUBGROUP = "Training"


@transaction.atomic
def create_demo_accounts():
    if not settings.DEMO_ACCOUNTS_ALLOWED:
        raise ImproperlyConfigured("Demo accounts have a published password: they are only created in development.")
    User = get_user_model()
    boards = {board.slug: board for board in Board.objects.all()}
    users = {}
    for username, roles in DEMO_ACCOUNTS.items():
        user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        for slug, role in roles.items():
            Membership.objects.update_or_create(user=user, board=boards[slug], defaults={"role": role})
        users[username] = user
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"email": "admin@example.org", "is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    for user in [*users.values(), admin]:
        EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    for user in [admin, *(users[name] for name, roles in DEMO_ACCOUNTS.items() if Role.MANAGER in roles.values())]:
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
    Action.objects.filter(
        objective__plan__board__slug="kingston", subgroup__name=KINGSTON_LEAD_SUBGROUP, lead_user__isnull=True
    ).update(lead_user=users["kingston-lead"])
    return users


def demo_totp_code():
    """The demo authenticator's code right now (what an app holding DEMO_TOTP_SECRET shows)."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))
