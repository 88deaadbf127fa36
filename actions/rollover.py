"""Plan rollover: next year's plan started from this one. The manager chooses which objectives and which open
outcomes (not achieved, not superseded) carry forward, whether they keep their numbers or are numbered afresh
(1, 1.1, 1.2 ...), and whether their leads and their sources and findings go with them.

Each carried outcome is a new Action in the new plan whose `carried_from` names the one it came from: the old
outcome, its progress updates and its history stay on the old plan untouched, so the old plan's reports read the
same after a rollover. All of it is created in one transaction, or nothing."""

from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q

from lscb.dates import add_years
from plans.models import Objective, Plan, Section

from .models import Action, Status

CLOSED = (Status.ACHIEVED, Status.SUPERSEDED)


def open_actions(plan):
    """The plan's outcomes still open now (no update yet, or the latest not achieved or superseded), in order,
    with their objectives (one query)."""
    return list(
        Action.objects.filter(objective__plan=plan)
        .filter(Q(state__status__isnull=True) | ~Q(state__status__in=CLOSED))
        .select_related("objective")
        .order_by("objective__order", "objective__id", "order", "id")
    )


def next_period(plan):
    """The year after the plan's period: from the day after it ends, for a year."""
    start = plan.period_end + timedelta(days=1)
    return start, add_years(start, 1) - timedelta(days=1)


@transaction.atomic
def roll_over(plan, *, user, title, period_start, period_end, objectives, actions, renumber, leads, sources):
    """Create the new plan from `plan` with these objectives and open actions (in the old plan's order) and
    return it. ValidationError (from the new plan's full_clean) when its details will not do."""
    new = Plan(
        board=plan.board,
        title=title,
        kind=plan.kind,
        layout=plan.layout,
        period_start=period_start,
        period_end=period_end,
        status=Plan.Status.DRAFT,
        read_with=plan.read_with,
        source_key=plan.source_key,
        column_headings=plan.column_headings,
    )
    new.full_clean()
    new._history_user = user
    new.save()
    sections = {}
    for section in plan.sections.order_by(
        F("parent_id").asc(nulls_first=True), "order", "id"
    ):  # top-level first, then their themes
        copy = Section(plan=new, parent=sections.get(section.parent_id), title=section.title, order=section.order)
        copy._history_user = user
        copy.save()
        sections[section.pk] = copy
    chosen = {action.pk for action in actions}
    by_objective = {}
    for action in open_actions(plan):
        if action.pk in chosen:
            by_objective.setdefault(action.objective_id, []).append(action)
    for index, old in enumerate(sorted(objectives, key=lambda o: (o.order, o.pk)), start=1):
        number = str(index) if renumber else old.number
        objective = Objective(
            plan=new,
            section=sections.get(old.section_id),
            number=number,
            title=old.title,
            order=index,
            timescale=old.timescale,
            lead=old.lead if leads else "",
        )
        objective._history_user = user
        objective.save()
        if sources:
            objective.sources.set(old.sources.all())
            objective.findings.set(old.findings.all())
        for order, previous in enumerate(by_objective.get(old.pk, []), start=1):
            action = Action(
                objective=objective,
                number=f"{number}.{order}" if renumber else previous.number,
                order=order,
                text=previous.text,
                method=previous.method,
                lead=previous.lead if leads else "",
                lead_user=previous.lead_user if leads else None,
                subgroup=previous.subgroup,
                timescale=previous.timescale,
                due_date=previous.due_date,
                resources=previous.resources,
                timescale_resources=previous.timescale_resources,
                budget=previous.budget,
                carried_from=previous,
            )
            action._history_user = user
            action.save()
    return new
