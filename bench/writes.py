"""The manager's writes `make bench` times (measure 3) and the plans in force they go to.

The synthetic plans ended in March 2026, and recording progress after a plan's end needs a reason: the manager's
sheet and posts go to plans of WRITER_BOARD in force today, made here once, in bulk."""

import itertools
import uuid
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from actions.models import RAG, Action, ActionState, BoardContents, ProgressUpdate, Status
from actions.quarters import Quarter, quarter_of
from bench.config import WRITER_BOARD
from boards.models import Board
from plans.models import Objective, Plan


def plans_in_force(title, count, outcomes):
    """`count` plans of WRITER_BOARD in force today, titled `title` and numbered, of `outcomes` outcomes each (5 an
    objective, as the synthetic plans), each outcome with last quarter's update (Green, or Amber or Red with a
    corrective action); made once, in bulk with their history, states refreshed as every bulk write does. The
    synthetic plans ended in March 2026, and recording progress after a plan's end needs a reason."""
    board = Board.objects.get(slug=WRITER_BOARD)
    made = list(board.plans.filter(title__startswith=title).order_by("id"))
    if len(made) >= count:
        return made[:count]
    today = timezone.localdate()
    last_quarter_end = quarter_of(today).start - timedelta(days=1)
    start = Quarter(quarter_of(last_quarter_end).fy_start, 1).start  # three years from last quarter's year
    end = date(start.year + 3, 3, 31)
    subgroups = list(board.subgroups.order_by("order", "id"))
    ratings = [RAG.GREEN, RAG.GREEN, RAG.GREEN, RAG.AMBER, RAG.RED]

    def history(objs, model):
        return bulk_create_with_history(objs, model, batch_size=2000, default_change_reason="make bench")

    with transaction.atomic():
        plans = history(
            [
                Plan(
                    board=board,
                    title=f"{title} {n + 1}",
                    kind=Plan.Kind.BUSINESS,
                    period_start=start,
                    period_end=end,
                    status=Plan.Status.APPROVED,
                )
                for n in range(len(made), count)
            ],
            Plan,
        )
        objectives = history(
            [
                Objective(plan=plan, number=str(o + 1), title=f"Objective {o + 1} of a plan in force", order=o)
                for plan in plans
                for o in range(outcomes // 5)
            ],
            Objective,
        )
        actions = history(
            [
                Action(
                    objective=objective,
                    number=f"{objective.number}.{a + 1}",
                    order=a,
                    text=f"Outcome {objective.number}.{a + 1} of a plan in force",
                    lead="Business Manager",
                    subgroup=subgroups[(objective.order + a) % len(subgroups)],
                    timescale=f"{end:%B %Y}",
                    due_date=end,
                )
                for objective in objectives
                for a in range(5)
            ],
            Action,
        )
        ProgressUpdate.objects.bulk_create(
            ProgressUpdate(
                action=action,
                as_at=last_quarter_end,
                status=Status.IN_PROGRESS,
                rag=ratings[n % len(ratings)],
                narrative=f"Last quarter's progress on {action.number}",
                corrective_action="" if ratings[n % len(ratings)] == RAG.GREEN else "Escalated to the subgroup chair",
                author_name="Business Manager",
            )
            for n, action in enumerate(actions)
        )
        ActionState.objects.refresh([action.pk for action in actions])
        BoardContents.objects.recount([board.pk])  # the plans and objectives written in bulk
    return made + plans


def post(client, url, data):
    """A form sent and recorded: redirected (a form in error answers 200 with its errors)."""
    response = client.post(url, data)
    if response.status_code != 302:
        raise RuntimeError(f"POST {url} answered {response.status_code}, not a redirect: the form was refused")
    return response


class Writes:
    """The manager's writes: the update between repetitions (ORM), one update recorded through its form, and the
    update sheet of a plan of SHEET_FILLED outcomes, all filled in. Each a new update (a fresh form token, a new
    note) as at today (in force, in no signed-off quarter); a Red or Amber rating with its corrective action.

    Each sheet goes to the next of the plans made for the posts, one a repetition, so that none piles up this
    quarter's updates from the repetitions before it (the sheet reads them: at 300 boards each plan has had one
    sheet at each size before, as a sheet sent again to correct it); the other writes go round their outcomes."""

    RATINGS = [RAG.GREEN, RAG.AMBER, RAG.GREEN, RAG.RED]
    numbers = itertools.count(1)  # across sizes: a note is never the one already recorded, so no row is skipped

    def __init__(self, plans, client):
        self.plans, self.client = plans, client
        self.outcomes = {plan.pk: [] for plan in plans}
        for action in (
            Action.objects.filter(objective__plan__in=plans)
            .select_related("objective")
            .order_by("objective__order", "order", "id")
        ):
            self.outcomes[action.objective.plan_id].append(action)
        self.pool = [action for plan in plans for action in self.outcomes[plan.pk]]
        self.sheets = 0

    def _next(self):
        return next(self.numbers)

    def _rating(self, n):
        rag = self.RATINGS[n % len(self.RATINGS)]
        return {"rag": rag, "corrective_action": "" if rag == RAG.GREEN else f"Escalated to the chair ({n})"}

    def between(self):
        """One update recorded through the ORM (its action's state kept by the app's signal)."""
        n = self._next()
        ProgressUpdate.objects.create(
            action=self.pool[(7 * n) % len(self.pool)],
            as_at=timezone.localdate(),
            status=Status.ONGOING,
            narrative=f"Written between repetitions ({n})",
            author_name="Business Manager",
            **self._rating(n),
        )

    def record(self):
        n = self._next()
        data = {
            "as_at": timezone.localdate().isoformat(),
            "status": Status.IN_PROGRESS,
            "narrative": f"Progress recorded through the form ({n})",
            "evidence": "",
            "evidence_url": "",
            "submission": str(uuid.uuid4()),
            **self._rating(n),
        }
        return post(self.client, f"/actions/{self.pool[(7 * n) % len(self.pool)].pk}/progress/", data)

    def send_sheet(self):
        n = self._next()
        plan = self.plans[self.sheets % len(self.plans)]
        self.sheets += 1
        actions = self.outcomes[plan.pk]
        data = {"row-TOTAL_FORMS": str(len(actions)), "row-INITIAL_FORMS": "0", "row-MIN_NUM_FORMS": "0"}
        data["row-MAX_NUM_FORMS"] = "1000"
        for k, action in enumerate(actions):
            rating = self._rating(n + k)
            p = f"row-{action.pk}"
            data.update(
                {
                    f"{p}-submission": str(uuid.uuid4()),
                    f"{p}-status": Status.ONGOING,
                    f"{p}-rag": rating["rag"],
                    f"{p}-narrative": f"This quarter on {action.number} ({n})",
                    f"{p}-corrective_action": rating["corrective_action"],
                }
            )
        return post(self.client, sheet_url(plan), data)


def sheet_url(plan):
    return f"/plans/{plan.pk}/update-sheet/"
