"""The manager's chase list: who owes an update this quarter, and achieved work whose impact review is due.

Only plans in force are chased: approved, and running in the current quarter. A plan whose period ended years ago
(all three seed plans) has no one to chase.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db.models import Count, Q
from django.template.loader import render_to_string

from boards.access import leads_now
from plans.models import Plan

from .models import Action, Status
from .quarters import quarter_of
from .rag import annotate_ratings


@dataclass
class LeadGroup:
    lead: str
    user: object = None
    actions: list = field(default_factory=list)

    @property
    def email(self):
        return self.user.email if self.user and self.user.email else ""


def _plans_in_force(actions, today):
    """Actions of approved plans running in the quarter of `today`."""
    return actions.filter(
        objective__plan__status=Plan.Status.APPROVED,
        objective__plan__period_start__lte=today,
        objective__plan__period_end__gte=quarter_of(today).start,
    )


def missing_updates(boards, today):
    """Open actions of plans in force missing this quarter's update as at `today` (the rule is actions.rag's), in
    document order, each with `leads_now`: whether its lead user still leads on its board (boards.access)."""
    actions = _plans_in_force(Action.objects.for_boards(boards), today)
    return list(
        annotate_ratings(actions, today, ["rag_missing_update"])
        .filter(rag_missing_update=True)
        .annotate(leads_now=leads_now())
        .select_related("objective__plan__board", "lead_user")
        .in_document_order()
    )


def owed_by(user, today):
    """Open actions `user` leads (while their role on the board still leads actions) in plans in force, missing
    this quarter's update as at `today`: the lead's list on the home page, by the chase list's rule."""
    actions = _plans_in_force(Action.objects.filter(lead_user=user).filter(leads_now()), today)
    return list(
        annotate_ratings(actions, today, ["rag_missing_update"])
        .filter(rag_missing_update=True)
        .select_related("objective__plan__board")
        .in_document_order()
    )


def plans_in_force(boards, today):
    """The approved plans of `boards` running in the quarter of `today`, board by board."""
    return Plan.objects.filter(
        board__in=boards,
        status=Plan.Status.APPROVED,
        period_start__lte=today,
        period_end__gte=quarter_of(today).start,
    ).select_related("board")


def update_counts(boards, today):
    """{plan id: (outcomes updated this quarter, open outcomes owing an update)} over the plans in force on
    `boards`, counted by the database in one query, by the chase list's rule."""
    rows = (
        annotate_ratings(
            _plans_in_force(Action.objects.for_boards(boards), today), today, ["rag_no_update", "rag_missing_update"]
        )
        .values("objective__plan")
        .annotate(
            updated=Count("pk", filter=Q(rag_no_update=False)),
            owing=Count("pk", filter=Q(rag_missing_update=True)),
        )
        .order_by()
    )
    return {row["objective__plan"]: (row["updated"], row["owing"]) for row in rows}


def impact_reviews_due(boards, today):
    """Achieved actions (as at `today`) whose follow-up review date has passed."""
    actions = Action.objects.for_boards(boards).filter(follow_up_review_on__lt=today)
    return list(
        annotate_ratings(actions, today, ["rag_status"])
        .filter(rag_status=Status.ACHIEVED)
        .select_related("objective__plan__board", "lead_user")
        .in_document_order()
    )


def group_by_lead(actions):
    """Group actions by their lead user, or by the lead as written where no one has an account or the lead user no
    longer leads on the board (never reminded, and the manager is told to chase another way)."""
    groups = {}
    for action in actions:
        if action.lead_user_id and action.leads_now:
            key = ("user", action.lead_user_id)
            label = action.lead_user.get_full_name() or action.lead_user.get_username()
        else:
            written = (action.lead or action.objective.lead or "No lead named").strip()
            key, label = ("text", written), written
        user = action.lead_user if key[0] == "user" else None
        groups.setdefault(key, LeadGroup(lead=label, user=user)).actions.append(action)
    return sorted(groups.values(), key=lambda g: (g.user is None, g.lead.lower()))


def send_reminders(boards, today, base_url=""):
    """Email each lead user with an address the list of their actions missing this quarter's update.
    Returns (emails sent, the groups that could not be emailed)."""
    groups = group_by_lead(missing_updates(boards, today))
    messages, unreachable = [], []
    for group in groups:
        if not group.email:
            unreachable.append(group)
            continue
        body = render_to_string("actions/reminder_email.txt", {"group": group, "today": today, "base_url": base_url})
        subject = f"Progress update due: {len(group.actions)} action{'s' if len(group.actions) != 1 else ''}"
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [group.email]))
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    return sent, unreachable
