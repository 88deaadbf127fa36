"""The home page: the boards the user holds a role on, and what needs doing this quarter by their roles."""

from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from actions.chasing import owed_by, plans_in_force, update_counts
from actions.quarters import quarter_of
from actions.signoff import QuarterSignoff
from boards.access import Permissions
from boards.models import Membership
from boards.navigation import remember


def home(request):
    """A lead's outcomes owing this quarter's update with the deadline (the quarter's end, by the chase list's
    rule); a manager's plans in force with how many outcomes are updated and owing; a chair's quarters submitted
    and awaiting sign-off. At most seven queries whatever the number of boards, plans and outcomes."""
    today = timezone.localdate()
    memberships = list(
        Membership.objects.filter(user=request.user)
        .select_related("board")
        .annotate(plan_count=Count("board__plans", distinct=True))
        .order_by("board__name")
    )
    remember(request, memberships)
    permissions = {m.board_id: Permissions.of(m.role) for m in memberships}
    leads = any(p.lead_actions for p in permissions.values())
    managed = [m.board for m in memberships if permissions[m.board_id].edit]
    plans = []
    if managed:
        counts = update_counts(managed, today)
        plans = list(plans_in_force(managed, today).order_by("board__name", "period_start", "title"))
        for plan in plans:
            plan.updated, plan.owing = counts.get(plan.pk, (0, 0))
    chaired = [m.board_id for m in memberships if permissions[m.board_id].sign_off]
    awaiting = (
        list(
            QuarterSignoff.objects.filter(plan__board__in=chaired, signed_off_at__isnull=True)
            .select_related("plan__board", "submitted_by")
            .order_by("quarter_end", "plan__board__name", "plan__title")
        )
        if chaired
        else []
    )
    context = {
        "memberships": memberships,
        "today": today,
        "quarter": quarter_of(today),
        "leads": leads,
        "owed": owed_by(request.user, today) if leads else [],
        "managed": managed,
        "plans": plans,
        "chairs": bool(chaired),
        "awaiting": awaiting,
    }
    return render(request, "reporting/home.html", context)
