"""`manage.py generate_scale_data`: the same seed gives the same boards, rows and counts; every write leaves its
history; each action's current state is the one the RAG rules read; bench-auditor is on every synthetic board."""

from datetime import date

import pytest
from django.core.management import call_command

from actions import rag
from actions.models import Action, ActionState, ProgressUpdate
from boards.models import Board, Membership
from demo import scale
from plans.models import Objective, Plan, Section
from reviews.models import Review
from tests.helpers import assert_board_contents_kept, assert_review_links_kept

pytestmark = pytest.mark.django_db


def first_rows(slug):
    """What a board holds, as comparable values (no ids): its first plan, objective, action and its updates."""
    plan = Plan.objects.filter(board__slug=slug).order_by("period_start").first()
    objective = plan.objectives.order_by("order").first()
    action = objective.actions.order_by("order").first()
    updates = sorted(action.updates.values_list("as_at", "status", "rag", "narrative", "recorded_at", "author_name"))
    return (
        plan.title,
        plan.period_start,
        objective.number,
        objective.title,
        sorted(objective.sources.values_list("code", flat=True)),
        action.number,
        action.text,
        action.due_date,
        updates,
    )


def counts():
    return (
        Board.objects.filter(slug__startswith="synthetic-").count(),
        Plan.objects.filter(board__slug__startswith="synthetic-").count(),
        Objective.objects.filter(plan__board__slug__startswith="synthetic-").count(),
        Action.objects.filter(objective__plan__board__slug__startswith="synthetic-").count(),
        ProgressUpdate.objects.filter(action__objective__plan__board__slug__startswith="synthetic-").count(),
    )


def test_the_same_seed_builds_the_same_boards_and_another_seed_others():
    assert scale.build_board(7, 1) == scale.build_board(7, 1)
    assert scale.build_board(7, 2) != scale.build_board(7, 1)
    assert scale.build_board(8, 1) != scale.build_board(7, 1)


def test_generate_writes_the_boards_the_seed_builds_with_the_counts_asked(seed):
    call_command("generate_scale_data", boards=2, seed=7, verbosity=0)
    assert counts() == (2, 6, 120, 600, 7200)
    spec = scale.build_board(7, 1)
    plan, objective = spec.plans[0], spec.plans[0].objectives[0]
    action = objective.actions[0]
    written = first_rows("synthetic-001")
    assert written[:8] == (
        plan.title,
        plan.period_start,
        objective.number,
        objective.title,
        sorted(objective.sources),
        action.number,
        action.text,
        action.due_date,
    )
    assert written[8] == sorted(
        (u.as_at, u.status, u.rag, u.narrative, u.recorded_at, "" if u.by_lead else "Business Manager")
        for u in action.updates
    )
    # asking again adds nothing; asking for one more adds board 3 only, the same as built on its own
    call_command("generate_scale_data", boards=2, seed=7, verbosity=0)
    assert counts() == (2, 6, 120, 600, 7200)
    call_command("generate_scale_data", boards=3, seed=7, verbosity=0)
    assert counts() == (3, 9, 180, 900, 10800)
    assert first_rows("synthetic-003")[0] == scale.build_board(7, 3).plans[0].title


def test_every_write_leaves_history_and_links_reviews_national_and_local(seed):
    call_command("generate_scale_data", boards=1, seed=3, verbosity=0)
    board = Board.objects.get(slug="synthetic-001")
    actions = Action.objects.filter(objective__plan__board=board)
    for model, rows in (
        (Plan, Plan.objects.filter(board=board)),
        (Section, Section.objects.filter(plan__board=board)),
        (Objective, Objective.objects.filter(plan__board=board)),
        (Action, actions),
    ):
        records = model.history.filter(id__in=rows.values("pk"))
        assert records.count() == rows.count() > 0
        assert set(records.values_list("history_type", "history_change_reason")) == {("+", "generate_scale_data")}
    objectives = Objective.objects.filter(plan__board=board)
    through = Objective.sources.through.objects.filter(objective__in=objectives)
    assert Objective.history.model.sources.model.objects.filter(objective__in=objectives).count() == through.count()
    codes = set(through.values_list("review__code", flat=True))
    assert {"LR", "NEW"} & codes and {"C&D", "PR"} & codes
    assert_review_links_kept()  # the links written in bulk, with no signal
    assert_board_contents_kept()  # the plans, reviews and subgroups written in bulk, counted again
    assert Review.objects.filter(board__isnull=True, code="LR").count() == 1  # the seed's national review, shared
    assert Membership.objects.filter(user__username="bench-auditor", board=board, role="auditor").exists()
    assert ProgressUpdate.objects.filter(action__in=actions, corrects__isnull=False).exists()


def test_each_actions_state_is_what_the_rules_read_as_at_today(seed):
    call_command("generate_scale_data", boards=1, seed=5, verbosity=0)
    actions = Action.objects.filter(objective__plan__board__slug="synthetic-001").select_related("state")
    today = date.today()
    ratings = rag.ratings_for(actions, today)
    assert ActionState.objects.filter(action__in=actions).count() == 300
    for action in actions:
        assert action.state.update_id == ratings[action.pk].update.pk
    by_sql = rag.roll_ups(ActionState.objects.filter(board__slug="synthetic-001"), "board", today)
    by_python = rag.roll_up(ratings)
    assert next(iter(by_sql.values())) == by_python
