"""What the top navigation offers a user, by their roles: kept in the session when they sign in (and refreshed by
the home page), so no page pays a query for its navigation."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .access import Permissions
from .models import Membership

SESSION_KEY = "nav"


def navigation_for(memberships):
    """{'leads': may lead actions on some board, 'manages': [[slug, short name], ...] of boards they may edit,
    'boards': how many boards they hold a role on, 'only_board': its slug when that is one (its dashboard is the
    one they use; with several, the dashboard across them)}."""
    permissions = [(m, Permissions.of(m.role)) for m in memberships]
    return {
        "boards": len(permissions),
        "only_board": permissions[0][0].board.slug if len(permissions) == 1 else "",
        "leads": any(p.lead_actions for _, p in permissions),
        "manages": [[m.board.slug, m.board.short_name] for m, p in permissions if p.edit],
    }


def remember(request, memberships):
    """Store the navigation for these memberships in the session, writing it only when it changed."""
    nav = navigation_for(memberships)
    if request.session.get(SESSION_KEY) != nav:
        request.session[SESSION_KEY] = nav


@receiver(user_logged_in)
def remember_on_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember(request, Membership.objects.filter(user=user).select_related("board").order_by("board__name"))


def nav(request):
    """Template context processor: `nav`, as remembered in the session ({} when signed out)."""
    session = getattr(request, "session", None)
    return {"nav": session.get(SESSION_KEY, {}) if session is not None else {}}
