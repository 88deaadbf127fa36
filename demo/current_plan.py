"""A plan in force today for the demo, so that the quarter's work can be tried after `make run`: the seed plans are
transcribed from documents of 2008-2014 and all ended long ago. It is Kingston's 2009-2010 plan carried forward by
the product's own rollover (actions.rollover): its open outcomes with their numbers, leads, sources and findings,
for the current financial year, approved. Nothing in it is invented: its texts are the document's, and its title
says it is the demo's. Never made in production (only `make run` calls it)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from actions.rollover import open_actions, roll_over
from boards.models import Board
from plans.models import Plan

SOURCE_TITLE = "Kingston LSCB Improvement Plan 2009-2010"


def financial_year(today):
    """1 April to 31 March, the year `today` falls in."""
    start_year = today.year if today.month >= 4 else today.year - 1
    return date(start_year, 4, 1), date(start_year + 1, 3, 31)


def ensure_current_plan(today=None):
    """Kingston's demo plan for this financial year, made once: returns (plan, created)."""
    today = today or timezone.localdate()
    start, end = financial_year(today)
    board = Board.objects.get(slug="kingston")
    running = board.plans.filter(period_start__lte=today, period_end__gte=today).first()
    if running is not None:
        return running, False
    source = board.plans.get(title=SOURCE_TITLE)
    carried = open_actions(source)
    with_open = {action.objective_id for action in carried}
    plan = roll_over(
        source,
        user=get_user_model().objects.get(username="kingston-manager"),
        title=f"Kingston LSCB Improvement Plan {start.year}-{end.year} (demo: carried forward from 2009-2010)",
        period_start=start,
        period_end=end,
        objectives=[o for o in source.objectives.order_by("order", "id") if o.pk in with_open],
        actions=carried,
        renumber=False,
        leads=True,
        sources=True,
    )
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.APPROVED)
    return plan, True
