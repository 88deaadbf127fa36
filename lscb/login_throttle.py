"""Sign-in throttling (django-axes) with two limits: one for a username from one address, a higher one for an
address across all usernames (password spraying). Axes itself compares every lockout group with one limit; an
office behind one NAT address would be locked out by ten colleagues' typos, so the address gets its own."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum

PAIR = ["username", "ip_address"]
ADDRESS = ["ip_address"]


class LoginThrottle(AxesDatabaseHandler):
    """Locked when a username+address pair reaches AXES_FAILURE_LIMIT, or an address reaches
    LOGIN_ADDRESS_FAILURE_LIMIT over any usernames. A username alone is never locked: that would let anyone lock a
    named user out for everyone."""

    def get_failures(self, request, credentials=None):
        groups = [tuple(group) for group in settings.AXES_LOCKOUT_PARAMETERS]
        attempts = self.get_user_attempts(request, credentials)
        counts = {
            group: found.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for group, found in zip(groups, attempts, strict=True)
        }
        pair = counts.get(tuple(PAIR), 0)
        if counts.get(tuple(ADDRESS), 0) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(pair, get_failure_limit(request, credentials))
        return pair
