"""The RAG rules in SQL (`actions.rag.annotate_ratings`, `roll_ups`) agree with the Python rules (`rag.rate`) on
crafted histories, at every date that matters: before any update, between updates (the updates are probed),
after the latest (the action's current state is read), at quarter ends, and per plan date. Completed late too:
achieved on time, late, reopened and achieved again, with no due date, and as at a date before it was achieved."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from actions import rag
from actions.models import RAG, Action, ActionState, ProgressUpdate, Status

pytestmark = pytest.mark.django_db

DUE = date(2010, 12, 31)


@pytest.fixture
def objective(kingston):
    return kingston.plans.get().objectives.get(number="5")


@pytest.fixture
def history(objective, lead):
    """history(due_date, [(as_at, status, rag, recorded_at or None), ...]) -> a new action with those updates."""
    count = {"n": 0}

    def _history(due_date, updates):
        count["n"] += 1
        action = Action.objects.create(
            objective=objective, number=f"5.{80 + count['n']}", order=80 + count["n"], text="Crafted", due_date=due_date
        )
        for as_at, status, given, *recorded in updates:
            more = {"recorded_at": recorded[0]} if recorded and recorded[0] else {}
            ProgressUpdate.objects.create(action=action, as_at=as_at, status=status, rag=given, author=lead, **more)
        return action

    return _history


def at(day, hour=12):
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


HISTORIES = {
    "no update, no due date": (None, []),
    "no update, overdue": (DUE, []),
    "green then amber": (
        DUE,
        [(date(2010, 6, 30), Status.IN_PROGRESS, RAG.GREEN), (date(2010, 9, 30), Status.ONGOING, RAG.AMBER)],
    ),
    "no rating given": (None, [(date(2010, 9, 30), Status.ONGOING, "")]),
    "Blue on a status that is not achieved": (None, [(date(2010, 9, 30), Status.ONGOING, RAG.BLUE)]),
    "achieved, then reopened": (
        DUE,
        [(date(2010, 6, 30), Status.ACHIEVED, RAG.BLUE), (date(2010, 9, 30), Status.IN_PROGRESS, RAG.AMBER)],
    ),
    "achieved late": (
        date(2010, 6, 30),
        [(date(2010, 6, 30), Status.ONGOING, RAG.RED), (date(2010, 9, 30), Status.ACHIEVED, "")],
    ),
    "superseded past its due date": (date(2010, 6, 30), [(date(2010, 9, 30), Status.SUPERSEDED, RAG.RED)]),
    "not achieved": (DUE, [(date(2010, 9, 30), Status.NOT_ACHIEVED, RAG.RED)]),
    # a correction for the same date recorded later wins, whatever order the ids come in
    "corrected": (
        DUE,
        [
            (date(2010, 9, 30), Status.ONGOING, RAG.GREEN, at(date(2010, 10, 20))),
            (date(2010, 9, 30), Status.ONGOING, RAG.RED, at(date(2010, 10, 5))),
        ],
    ),
    # a late update for a past quarter, recorded after a newer one
    "late update for a past quarter": (
        DUE,
        [
            (date(2010, 9, 30), Status.ONGOING, RAG.GREEN),
            (date(2010, 6, 30), Status.IN_PROGRESS, RAG.RED, at(date(2010, 11, 1))),
        ],
    ),
    "overdue with a green rating": (date(2010, 8, 1), [(date(2010, 6, 30), Status.ONGOING, RAG.GREEN)]),
    "due on the day itself": (date(2010, 9, 30), [(date(2010, 9, 30), Status.ONGOING, RAG.GREEN)]),
    # completed late: the as-at date of the first Achieved update after the last of another status, after the due date
    "achieved on its due date": (
        date(2010, 9, 30),
        [(date(2010, 6, 30), Status.IN_PROGRESS, RAG.GREEN), (date(2010, 9, 30), Status.ACHIEVED, RAG.BLUE)],
    ),
    "achieved late, no update before": (date(2010, 6, 30), [(date(2010, 8, 15), Status.ACHIEVED, RAG.BLUE)]),
    "achieved on time, achieved again late": (
        date(2010, 6, 30),
        [
            (date(2010, 3, 31), Status.ONGOING, RAG.GREEN),
            (date(2010, 6, 30), Status.ACHIEVED, RAG.BLUE),
            (date(2010, 9, 30), Status.ACHIEVED, RAG.BLUE),
        ],
    ),
    "achieved, reopened, achieved again late": (
        date(2010, 8, 15),
        [
            (date(2010, 6, 30), Status.ACHIEVED, RAG.BLUE),
            (date(2010, 7, 1), Status.IN_PROGRESS, RAG.AMBER),
            (date(2010, 9, 30), Status.ACHIEVED, ""),
        ],
    ),
    "achieved, reopened after its due date, achieved again": (
        date(2010, 7, 1),
        [
            (date(2010, 6, 30), Status.ACHIEVED, RAG.BLUE),
            (date(2010, 8, 15), Status.ONGOING, RAG.GREEN),
            (date(2010, 10, 1), Status.ACHIEVED, RAG.BLUE),
        ],
    ),
    "achieved, reopened, achieved again on time": (
        DUE,
        [
            (date(2010, 3, 31), Status.ACHIEVED, RAG.BLUE),
            (date(2010, 6, 30), Status.IN_PROGRESS, RAG.GREEN),
            (date(2010, 9, 30), Status.ACHIEVED, RAG.BLUE),
        ],
    ),
    "achieved on time, reopened later": (
        date(2010, 7, 1),
        [
            (date(2010, 6, 30), Status.ACHIEVED, RAG.BLUE),
            (date(2010, 8, 15), Status.ACHIEVED, RAG.BLUE),
            (date(2010, 10, 1), Status.IN_PROGRESS, RAG.AMBER),
        ],
    ),
    "achieved, no due date": (None, [(date(2010, 6, 30), Status.ACHIEVED, RAG.BLUE)]),
    "achieved late, then superseded": (
        date(2010, 6, 30),
        [(date(2010, 8, 15), Status.ACHIEVED, RAG.BLUE), (date(2010, 10, 1), Status.SUPERSEDED, "")],
    ),
    # on the due date itself, reopened by a correction recorded after the achievement: achieved again late
    "achieved then reopened on its due date": (
        date(2010, 9, 30),
        [
            (date(2010, 9, 30), Status.ACHIEVED, RAG.BLUE, at(date(2010, 10, 5))),
            (date(2010, 9, 30), Status.IN_PROGRESS, RAG.AMBER, at(date(2010, 10, 20))),
            (date(2010, 10, 1), Status.ACHIEVED, RAG.BLUE),
        ],
    ),
    # ... and the other way round: the achievement recorded last on the due date, so on time
    "reopened then achieved on its due date": (
        date(2010, 9, 30),
        [
            (date(2010, 9, 30), Status.ACHIEVED, RAG.BLUE, at(date(2010, 10, 20))),
            (date(2010, 9, 30), Status.IN_PROGRESS, RAG.AMBER, at(date(2010, 10, 5))),
            (date(2010, 10, 1), Status.ACHIEVED, RAG.BLUE),
        ],
    ),
    # a late update for a past quarter that reopened it before its due date: achieved again, late
    "achieved, a late update reopening it": (
        date(2010, 8, 15),
        [
            (date(2010, 6, 30), Status.ACHIEVED, RAG.BLUE),
            (date(2010, 9, 30), Status.ACHIEVED, RAG.BLUE),
            (date(2010, 7, 1), Status.IN_PROGRESS, RAG.AMBER, at(date(2010, 11, 1))),
        ],
    ),
}
DATES = [
    date(2010, 3, 31),
    date(2010, 6, 30),
    date(2010, 7, 1),
    date(2010, 8, 15),
    date(2010, 9, 30),
    date(2010, 10, 1),
    date(2011, 1, 1),
    date(2026, 11, 22),
]


def python_answer(action, day):
    r = rag.rate(action, list(action.updates.all()), day)
    return {
        "colour": r.colour,
        "status": r.status,
        "overdue": r.overdue,
        "completed_late": r.completed_late,
        "no_update": r.no_update_this_quarter,
        "missing_update": r.missing_update,
        "rank": len(rag.RANK) if r.rank is None else r.rank,
    }


def sql_answer(action, as_at):
    """The SQL form's answer, the same from the actions (joined to their state) and from their states alone."""
    answers = []
    for queryset in (Action.objects.filter(pk=action.pk), ActionState.objects.filter(action=action)):
        row = (
            rag.annotate_ratings(queryset, as_at)
            .values(
                "rag_colour",
                "rag_status",
                "rag_overdue",
                "rag_completed_late",
                "rag_no_update",
                "rag_missing_update",
                "rag_rank",
            )
            .get()
        )
        answers.append(
            {
                "colour": row["rag_colour"],
                "status": row["rag_status"],
                "overdue": bool(row["rag_overdue"]),
                "completed_late": bool(row["rag_completed_late"]),
                "no_update": bool(row["rag_no_update"]),
                "missing_update": bool(row["rag_missing_update"]),
                "rank": row["rag_rank"],
            }
        )
    assert answers[0] == answers[1]
    return answers[0]


@pytest.mark.parametrize("name", list(HISTORIES))
def test_the_sql_rules_agree_with_rate_at_every_date(history, name):
    due, updates = HISTORIES[name]
    action = history(due, updates)
    for day in DATES:
        assert sql_answer(action, day) == python_answer(action, day), (name, day)


def test_the_sql_rules_agree_per_plan_date(history, objective, llr):
    action = history(*HISTORIES["green then amber"])
    other = Action.objects.filter(objective__plan__board=llr).first()
    plan_dates = {objective.plan_id: date(2010, 7, 1), other.objective.plan_id: date(2011, 1, 1)}
    assert sql_answer(action, plan_dates) == python_answer(action, date(2010, 7, 1))
    assert sql_answer(other, plan_dates) == python_answer(other, date(2011, 1, 1))
    late = history(*HISTORIES["achieved, reopened, achieved again late"])
    for day, expected in ((date(2010, 9, 30), True), (date(2010, 8, 15), False)):
        plan_dates[objective.plan_id] = day
        assert sql_answer(late, plan_dates) == python_answer(late, day)
        assert sql_answer(late, plan_dates)["completed_late"] is expected, day


def test_completed_late_as_at_dates_before_and_after_the_achievement(history):
    action = history(*HISTORIES["achieved, reopened after its due date, achieved again"])  # due 1 July 2010
    expected = {
        date(2010, 6, 30): (RAG.BLUE, False),  # achieved before its due date, not yet reopened
        date(2010, 7, 1): (RAG.BLUE, False),  # the due date itself (probed: the state is 1 October)
        date(2010, 8, 15): (RAG.RED, False),  # reopened after its due date: overdue
        date(2010, 10, 1): (RAG.BLUE, True),  # achieved again, after its due date (the state)
        date(2026, 11, 22): (RAG.BLUE, True),
    }
    for day, (colour, late) in expected.items():
        answer = sql_answer(action, day)
        assert (answer["colour"], answer["completed_late"]) == (colour, late), day
        assert answer == python_answer(action, day), day


def test_a_date_before_the_current_state_is_read_from_the_updates(history):
    action = history(*HISTORIES["green then amber"])
    assert action.state.as_at == date(2010, 9, 30)
    assert sql_answer(action, date(2010, 8, 1))["colour"] == RAG.GREEN  # the June update, not the state
    assert sql_answer(action, date(2010, 10, 1))["colour"] == RAG.AMBER  # the state


def test_roll_ups_count_what_roll_up_counts(kingston):
    actions = Action.objects.filter(objective__plan__board=kingston)
    for day in (date(2010, 6, 30), date(2010, 9, 30), date(2011, 1, 1)):
        expected = rag.roll_up(rag.ratings_for(actions, day))
        assert rag.roll_ups(actions, "objective__plan__board", day)[kingston.pk] == expected, day
        assert rag.roll_ups(ActionState.objects.filter(board=kingston), "board", day)[kingston.pk] == expected
        without = rag.roll_ups(ActionState.objects.filter(board=kingston), "board", day, statuses=False)
        assert without[kingston.pk] == rag.RollUp(**{**expected.__dict__, "statuses": ()})


def test_roll_ups_count_completed_late_as_roll_up_does(history, objective, django_assert_num_queries):
    """Every crafted history at once, grouped by objective, from the actions and from their states: the same counts
    as `roll_up` of their Ratings, completed late included, in one query per date whatever the number of actions."""
    ids = [history(*HISTORIES[name]).pk for name in HISTORIES]
    actions, states = Action.objects.filter(pk__in=ids), ActionState.objects.filter(action__in=ids)
    late_counts = []
    for day in DATES:
        expected = rag.roll_up(rag.ratings_for(actions, day))
        with django_assert_num_queries(1):  # the actions' ratings grouped and counted by the database
            by_actions = rag.roll_ups(actions, "objective", day)
        assert by_actions == {objective.pk: expected}, day
        assert rag.roll_ups(states, "action__objective", day) == {objective.pk: expected}, day
        without = rag.roll_ups(states, "action__objective", day, statuses=False)[objective.pk]
        assert without == rag.RollUp(**{**expected.__dict__, "statuses": ()}), day
        not_late = rag.roll_ups(states, "action__objective", day, statuses=False, completed_late=False)[objective.pk]
        assert not_late == rag.RollUp(**{**expected.__dict__, "statuses": (), "completed_late": None}), day
        late_counts.append(expected.completed_late)
    assert late_counts[0] == 0 and max(late_counts) >= 5, late_counts  # none before, several late later


def test_the_seed_boards_agree_action_by_action(seed):
    actions = Action.objects.all()
    for day in (date(2009, 12, 31), date(2010, 9, 30), date(2011, 4, 1), date(2026, 11, 22)):
        ratings = rag.ratings_for(actions, day)
        rows = rag.annotate_ratings(actions, day).values_list(
            "pk", "rag_colour", "rag_overdue", "rag_completed_late", "rag_missing_update"
        )
        for pk, colour, overdue, late, missing in rows:
            r = ratings[pk]
            assert (colour, bool(overdue), bool(late), bool(missing)) == (
                r.colour,
                r.overdue,
                r.completed_late,
                r.missing_update,
            ), (pk, day)


def _probes_the_updates(queryset):
    """Whether the query reads the progress updates table (a probe for the latest update on or before the date)."""
    return ProgressUpdate._meta.db_table in str(queryset.query)


ALL_BUT_COMPLETED_LATE = [name for name in rag.RATING_FIELDS if name != "rag_completed_late"]  # that one probes


def test_as_at_today_or_later_the_current_state_alone_rates_every_seed_action(seed):
    """No update is dated in the future, so as at today or later each action's current state is its latest update:
    the rules read it alone, with no probe of the updates (`rag.on_or_after_every_update`), and agree with `rate`
    on every seed action, field by field. As at yesterday they still probe."""
    actions = Action.objects.all()
    today = timezone.localdate()
    for day in (today, today + timedelta(days=400)):
        assert not _probes_the_updates(rag.annotate_ratings(actions, day, ALL_BUT_COMPLETED_LATE)), day
        assert not _probes_the_updates(rag.annotate_ratings(actions, {0: day}, ALL_BUT_COMPLETED_LATE)), day
        ratings = rag.ratings_for(actions, day)
        rows = rag.annotate_ratings(actions, day).values_list(
            "pk", "rag_colour", "rag_status", "rag_rank", "rag_overdue", "rag_completed_late", "rag_no_update",
            "rag_missing_update",
        )  # fmt: skip
        assert len(rows) == len(ratings) > 100
        for pk, colour, status, rank, overdue, late, no_update, missing in rows:
            r = ratings[pk]
            assert (colour, status, rank, bool(overdue), bool(late), bool(no_update), bool(missing)) == (
                r.colour,
                r.status,
                rag.sort_rank(r.colour),
                r.overdue,
                r.completed_late,
                r.no_update_this_quarter,
                r.missing_update,
            ), (pk, day)
    yesterday = today - timedelta(days=1)
    assert _probes_the_updates(rag.annotate_ratings(actions, yesterday, ALL_BUT_COMPLETED_LATE))
    # plans of different dates, one of them before today: probed (and a plan missing from them rated as at none)
    assert _probes_the_updates(rag.annotate_ratings(actions, {0: today, 1: yesterday}, ["rag_status"]))


@pytest.mark.parametrize("name", list(HISTORIES))
def test_the_crafted_histories_agree_with_rate_as_at_today_and_later(history, name):
    action = history(*HISTORIES[name])
    today = timezone.localdate()
    for day in (today, today + timedelta(days=1), date(2100, 3, 31)):
        assert sql_answer(action, day) == python_answer(action, day), (name, day)


def test_no_update_is_recorded_as_at_a_future_date_in_bulk_either(objective):
    """The rules as at today read the current state alone because no door lets an update be dated after today:
    bulk_create (demo.scale's synthetic data) refuses it as `save` does, and writes nothing."""
    action = Action.objects.create(objective=objective, number="5.90", order=90, text="Bulk", due_date=DUE)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="future date"):
        ProgressUpdate.objects.bulk_create(
            [ProgressUpdate(action=action, as_at=tomorrow, status=Status.ONGOING, rag=RAG.GREEN, author_name="x")]
        )
    assert not action.updates.exists()


# ---- the current state


def test_every_action_has_a_state_with_its_board_and_due_date(history, objective, kingston):
    action = history(DUE, [])
    state = ActionState.objects.get(action=action)
    assert (state.board, state.due_date, state.update, state.status, state.as_at) == (kingston, DUE, None, None, None)
    action.due_date = date(2011, 3, 31)
    action.save()
    assert ActionState.objects.get(action=action).due_date == date(2011, 3, 31)
    bulk = Action.objects.bulk_create([Action(objective=objective, number="5.70", order=70, text="Bulk")])
    assert ActionState.objects.get(action=bulk[0]).board == kingston
    assert ActionState.objects.count() == Action.objects.count()


def test_recording_an_update_sets_the_state(history):
    action = history(DUE, [(date(2010, 6, 30), Status.IN_PROGRESS, RAG.GREEN)])
    state = ActionState.objects.get(action=action)
    assert (state.as_at, state.status, state.rag) == (date(2010, 6, 30), Status.IN_PROGRESS, RAG.GREEN)
    assert state.update == action.updates.get()


def test_a_late_update_for_a_past_quarter_recomputes_the_state(history, lead):
    action = history(DUE, [(date(2010, 9, 30), Status.ONGOING, RAG.GREEN)])
    september = action.updates.get()
    # recorded later, dated earlier: the September update is still the latest
    ProgressUpdate.objects.create(
        action=action, as_at=date(2010, 6, 30), status=Status.IN_PROGRESS, rag=RAG.RED, author=lead
    )
    assert ActionState.objects.get(action=action).update == september
    # a late update for the past quarter that is the latest one by date: it becomes the state
    late = ProgressUpdate.objects.create(
        action=action, as_at=date(2010, 12, 31), status=Status.ACHIEVED, rag=RAG.BLUE, author=lead
    )
    assert ActionState.objects.get(action=action).update == late


def test_a_correction_becomes_the_state(history, lead):
    action = history(DUE, [(date(2010, 9, 30), Status.ONGOING, RAG.GREEN)])
    original = action.updates.get()
    correction = ProgressUpdate.objects.create(
        action=action,
        as_at=date(2010, 9, 30),
        status=Status.ONGOING,
        rag=RAG.AMBER,
        author=lead,
        corrects=original,
        recorded_at=original.recorded_at + timedelta(days=3),
    )
    state = ActionState.objects.get(action=action)
    assert (state.update, state.rag) == (correction, RAG.AMBER)


def test_updates_recorded_in_bulk_refresh_their_actions_state(history):
    one, two = history(DUE, []), history(None, [(date(2010, 6, 30), Status.ONGOING, RAG.RED)])
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(action=one, as_at=date(2010, 9, 30), status=Status.ACHIEVED, rag=RAG.BLUE),
            ProgressUpdate(action=two, as_at=date(2010, 9, 30), status=Status.ONGOING, rag=RAG.GREEN),
            ProgressUpdate(action=two, as_at=date(2010, 3, 31), status=Status.NOT_STARTED),
        ]
    )
    assert ActionState.objects.get(action=one).status == Status.ACHIEVED
    assert ActionState.objects.get(action=two).rag == RAG.GREEN


def test_every_state_is_the_latest_update_and_rate_agrees_as_at_today(seed, history):
    history(*HISTORIES["late update for a past quarter"])
    history(*HISTORIES["corrected"])
    today = date.today()
    actions = Action.objects.select_related("state", "objective__plan")
    ratings = rag.ratings_for(actions, today)
    with_updates = 0
    for action in actions:
        r = ratings[action.pk]
        state = action.state
        assert (state.board_id, state.due_date) == (action.objective.plan.board_id, action.due_date)
        if r.update is None:
            assert (state.update, state.status, state.as_at, state.rag) == (None, None, None, "")
            continue
        with_updates += 1
        assert state.update_id == r.update.pk
        assert (state.status, state.rag, state.as_at) == (r.status, r.update.rag, r.update.as_at)
    assert with_updates == ActionState.objects.filter(update__isnull=False).count() > 40


def test_the_state_is_never_edited_with_the_action(history):
    action = history(DUE, [(date(2010, 9, 30), Status.ONGOING, RAG.GREEN)])
    before = action.history.count()
    action.text = "Edited"
    action.save()
    assert ActionState.objects.get(action=action).rag == RAG.GREEN
    assert action.history.count() == before + 1  # the edit; recording updates adds no history to the action


def test_a_missing_state_is_rebuilt_when_the_action_or_an_update_is_saved(history, lead):
    action = history(DUE, [(date(2010, 6, 30), Status.ONGOING, RAG.GREEN)])
    ActionState.objects.filter(action=action).delete()
    ProgressUpdate.objects.create(action=action, as_at=date(2010, 3, 31), status=Status.NOT_STARTED, author=lead)
    state = ActionState.objects.get(action=action)  # rebuilt from every update: June is still the latest
    assert (state.as_at, state.rag) == (date(2010, 6, 30), RAG.GREEN)
    ActionState.objects.filter(action=action).delete()
    action.save()
    assert ActionState.objects.get(action=action).as_at == date(2010, 6, 30)
