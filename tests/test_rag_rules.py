"""Every RAG rule of actions/rag.py on crafted histories, the quarters, roll-ups and direction of travel."""

import dataclasses
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import dateformat

from actions import rag
from actions.models import RAG, Action, ProgressUpdate, Status
from actions.rag import Quarter, Rating
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

# ---- quarters


@pytest.mark.parametrize(
    ("day", "fy_start", "number"),
    [
        (date(2010, 4, 1), 2010, 1),
        (date(2010, 6, 30), 2010, 1),
        (date(2010, 7, 1), 2010, 2),
        (date(2010, 9, 30), 2010, 2),
        (date(2010, 10, 1), 2010, 3),
        (date(2010, 12, 31), 2010, 3),
        (date(2011, 1, 1), 2010, 4),  # January to March: in the financial year that started the April before
        (date(2011, 3, 31), 2010, 4),
        (date(2011, 4, 1), 2011, 1),
    ],
)
def test_quarter_of_a_date_is_its_uk_financial_year_quarter(day, fy_start, number):
    assert rag.quarter_of(day) == Quarter(fy_start, number)


def test_a_quarter_knows_its_days_and_label():
    q4 = Quarter(2010, 4)
    assert (q4.start, q4.end) == (date(2011, 1, 1), date(2011, 3, 31))
    assert (q4.label, q4.code) == ("Q4 2010/11", "2010-Q4")
    q2 = Quarter(2010, 2)
    assert (q2.start, q2.end, q2.label) == (date(2010, 7, 1), date(2010, 9, 30), "Q2 2010/11")
    assert Quarter(2010, 3).end == date(2010, 12, 31)
    assert Quarter(1999, 1).label == "Q1 1999/00"
    assert Quarter(2011, 4).end == date(2012, 3, 31)  # a leap year's March still ends on the 31st
    assert q2.contains(date(2010, 8, 15)) and not q2.contains(date(2010, 10, 1))
    with pytest.raises(ValueError):
        Quarter(2010, 5)


def test_previous_and_next_quarter_cross_financial_years():
    assert Quarter(2010, 1).previous() == Quarter(2009, 4)
    assert Quarter(2009, 4).previous().end == date(2009, 12, 31)
    assert Quarter(2010, 2).previous() == Quarter(2010, 1)
    assert Quarter(2009, 4).next() == Quarter(2010, 1)
    assert rag.previous_quarter_end(date(2010, 9, 30)) == date(2010, 6, 30)
    assert rag.previous_quarter_end(date(2011, 2, 14)) == date(2010, 12, 31)
    assert rag.previous_quarter_end(date(2010, 4, 1)) == date(2010, 3, 31)


def test_parsing_a_quarter_from_the_address():
    assert rag.parse_quarter("2010-Q2") == Quarter(2010, 2)
    assert rag.parse_quarter("2010-Q2").end == date(2010, 9, 30)
    assert rag.parse_quarter(" 2010q4 ").end == date(2011, 3, 31)
    for bad in ["2010-Q5", "Q2", "", "2010/11 Q2", "2010-Q2x"]:
        with pytest.raises(ValueError) as error:
            rag.parse_quarter(bad)
        assert f"“{bad}” is not a quarter" in str(error.value)


def test_quarter_ends_across_a_plans_period():
    assert rag.quarter_ends(date(2009, 4, 1), date(2011, 3, 31)) == [
        date(2009, 6, 30),
        date(2009, 9, 30),
        date(2009, 12, 31),
        date(2010, 3, 31),
        date(2010, 6, 30),
        date(2010, 9, 30),
        date(2010, 12, 31),
        date(2011, 3, 31),
    ]
    # a period starting and ending mid-quarter still counts those quarters
    assert rag.quarter_ends(date(2008, 5, 15), date(2008, 7, 2)) == [date(2008, 6, 30), date(2008, 9, 30)]
    assert [q.label for q in rag.quarters_between(date(2011, 1, 5), date(2011, 4, 5))] == ["Q4 2010/11", "Q1 2011/12"]


# ---- crafted histories


@pytest.fixture
def objective(kingston):
    return kingston.plans.get().objectives.get(number="5")


@pytest.fixture
def make_action(objective):
    def _make(due_date=None, number="5.99"):
        return Action.objects.create(
            objective=objective, number=number, order=99, text="Crafted outcome", due_date=due_date
        )

    return _make


def rating(action, as_at):
    """One action's rating through the set-based reader, as every page gets it."""
    return rag.ratings_for(Action.objects.filter(pk=action.pk), as_at)[action.pk]


def test_no_update_and_no_due_date_is_not_rated(make_action):
    r = rating(make_action(), date(2010, 9, 30))
    assert (r.colour, r.letter, r.label) == (None, "–", "Not rated")
    assert r.reason == "Not rated: no update recorded"
    assert r.update is None and r.status is None and not r.overdue


def test_the_latest_updates_rating_with_who_gave_it(make_action, record):
    action = make_action(due_date=date(2010, 12, 31))
    update = record(action, date(2010, 9, 30), Status.IN_PROGRESS, RAG.AMBER)
    r = rating(action, date(2010, 9, 30))
    assert (r.colour, r.letter, r.label, r.status) == (RAG.AMBER, "A", "Amber", Status.IN_PROGRESS)
    assert r.reason == "Amber: update of 30 Sep 2010 by kingston-lead"
    assert r.update == update


def test_an_update_with_no_rating_leaves_the_action_not_rated(make_action, record):
    action = make_action()
    record(action, date(2010, 9, 30), Status.ONGOING, author=None, author_name="Progress September 2010")
    r = rating(action, date(2010, 9, 30))
    assert r.colour is None and r.reason == "Not rated: the update of 30 Sep 2010 gave no rating"


def test_only_updates_on_or_before_the_date_count(make_action, record):
    action = make_action()
    record(action, date(2010, 6, 30), Status.IN_PROGRESS, RAG.GREEN)
    record(action, date(2010, 9, 30), Status.IN_PROGRESS, RAG.RED)
    assert rating(action, date(2010, 6, 29)).colour is None
    assert rating(action, date(2010, 6, 30)).colour == RAG.GREEN
    assert rating(action, date(2010, 9, 29)).colour == RAG.GREEN
    assert rating(action, date(2010, 9, 30)).colour == RAG.RED


def test_a_late_update_for_a_past_quarter_counts_for_that_quarter_not_after(make_action, record):
    action = make_action()
    record(action, date(2010, 9, 30), Status.IN_PROGRESS, RAG.AMBER)
    assert rating(action, date(2010, 6, 30)).colour is None
    # recorded after the September one, but as at June: the latest *as at* September is still September's
    record(action, date(2010, 6, 30), Status.IN_PROGRESS, RAG.RED, narrative="Reported late for Q1")
    assert rating(action, date(2010, 9, 30)).colour == RAG.AMBER
    assert rating(action, date(2010, 6, 30)).colour == RAG.RED


def test_a_correction_recorded_later_for_the_same_date_wins(make_action, record):
    action = make_action()
    first = record(action, date(2010, 9, 30), Status.IN_PROGRESS, RAG.GREEN)
    record(action, date(2010, 9, 30), Status.IN_PROGRESS, RAG.RED, corrects=first, narrative="Correction")
    assert rating(action, date(2010, 9, 30)).colour == RAG.RED


def test_recorded_at_decides_before_the_id(make_action, record):
    action = make_action()
    later = datetime(2010, 10, 5, 9, tzinfo=UTC)
    earlier = datetime(2010, 10, 1, 9, tzinfo=UTC)
    amber = record(action, date(2010, 9, 30), Status.IN_PROGRESS, RAG.AMBER, recorded_at=later)
    green = record(action, date(2010, 9, 30), Status.IN_PROGRESS, RAG.GREEN, recorded_at=earlier)
    assert green.pk > amber.pk
    assert rating(action, date(2010, 9, 30)).update == amber


def test_achieved_is_blue_whatever_rating_the_update_gave(make_action, record):
    action = make_action(due_date=date(2010, 12, 31))
    record(action, date(2010, 9, 30), Status.ACHIEVED, RAG.RED, author=None, author_name="Progress September 2010")
    r = rating(action, date(2010, 9, 30))
    assert (r.colour, r.letter) == (RAG.BLUE, "B")
    assert r.reason == "Blue: achieved (update of 30 Sep 2010 by Progress September 2010)"
    assert r.achieved_on == date(2010, 9, 30) and not r.completed_late and not r.overdue
    # long after its due date an achieved action is still Blue, never overdue
    assert rating(action, date(2026, 1, 1)).colour == RAG.BLUE


def test_achieved_then_reopened_is_not_blue_any_more(make_action, record):
    action = make_action(due_date=date(2011, 3, 31))
    record(action, date(2010, 6, 30), Status.ACHIEVED)
    record(action, date(2010, 9, 30), Status.IN_PROGRESS, RAG.AMBER, narrative="Reopened: protocol lapsed")
    assert rating(action, date(2010, 6, 30)).colour == RAG.BLUE
    reopened = rating(action, date(2010, 9, 30))
    assert reopened.colour == RAG.AMBER and reopened.achieved_on is None
    # reopened and past its due date: overdue
    assert rating(action, date(2011, 4, 1)).overdue


def test_blue_on_an_action_not_achieved_is_not_taken(make_action, record):
    action = make_action()
    record(action, date(2010, 9, 30), Status.ONGOING, RAG.BLUE)
    r = rating(action, date(2010, 9, 30))
    assert r.colour is None
    assert "rated it Blue but its status is Ongoing" in r.reason


def test_overdue_overrides_green_with_the_reason(make_action, record):
    action = make_action(due_date=date(2010, 12, 31))
    record(action, date(2010, 9, 30), Status.ONGOING, RAG.GREEN)
    on_the_day = rating(action, date(2010, 12, 31))
    assert on_the_day.colour == RAG.GREEN and not on_the_day.overdue  # due today is not yet past due
    after = rating(action, date(2011, 1, 1))
    assert (after.colour, after.letter, after.overdue) == (RAG.RED, "R", True)
    assert after.reason.startswith("Red: due 31 Dec 2010, still Ongoing")
    assert "rated it Green" in after.reason


def test_overdue_with_no_update_at_all(make_action):
    r = rating(make_action(due_date=date(2010, 12, 31)), date(2011, 1, 1))
    assert (r.colour, r.overdue, r.reason) == (RAG.RED, True, "Red: due 31 Dec 2010, no update recorded")


def test_no_due_date_is_never_overdue(make_action, record):
    action = make_action(due_date=None)
    record(action, date(2010, 9, 30), Status.ONGOING, RAG.GREEN)
    r = rating(action, date(2030, 1, 1))
    assert r.colour == RAG.GREEN and not r.overdue


def test_superseded_is_closed_never_overdue_not_rated(make_action, record):
    action = make_action(due_date=date(2010, 12, 31))
    record(action, date(2010, 9, 30), Status.SUPERSEDED, RAG.GREEN, narrative="Replaced by Working Together")
    r = rating(action, date(2011, 6, 30))
    assert (r.colour, r.overdue, r.closed, r.missing_update) == (None, False, True, False)
    assert r.reason == "Not rated: superseded (update of 30 Sep 2010 by kingston-lead)"


def test_completed_late_dates_from_the_first_achieved_after_the_last_other_status(make_action, record):
    action = make_action(due_date=date(2010, 9, 30))
    record(action, date(2010, 6, 30), Status.ACHIEVED)  # achieved early...
    record(action, date(2010, 9, 30), Status.IN_PROGRESS, RAG.AMBER)  # ...reopened on its due date...
    record(action, date(2010, 11, 15), Status.ACHIEVED)  # ...achieved again, late...
    record(action, date(2010, 12, 31), Status.ACHIEVED)  # ...and still achieved at the next quarter end
    r = rating(action, date(2010, 12, 31))
    assert r.colour == RAG.BLUE and r.achieved_on == date(2010, 11, 15) and r.completed_late
    assert "completed late: achieved 15 Nov 2010, due 30 Sep 2010" in r.reason
    on_time = rating(action, date(2010, 7, 1))
    assert on_time.achieved_on == date(2010, 6, 30) and not on_time.completed_late


def test_achieved_on_its_due_date_is_on_time(make_action, record):
    action = make_action(due_date=date(2010, 9, 30))
    record(action, date(2010, 9, 30), Status.ACHIEVED)
    assert not rating(action, date(2011, 1, 1)).completed_late


def test_no_update_this_quarter(make_action, record):
    action = make_action()
    record(action, date(2010, 6, 30), Status.ONGOING, RAG.GREEN)
    in_q1 = rating(action, date(2010, 6, 30))
    assert not in_q1.no_update_this_quarter
    in_q2 = rating(action, date(2010, 8, 15))
    assert in_q2.no_update_this_quarter and in_q2.missing_update and in_q2.colour == RAG.GREEN
    record(action, date(2010, 7, 1), Status.ONGOING, RAG.GREEN)
    assert not rating(action, date(2010, 8, 15)).no_update_this_quarter
    # an update dated later in the quarter does not count before its date
    assert rating(action, date(2010, 6, 30)).update.as_at == date(2010, 6, 30)
    assert not rating(action, date(2010, 6, 30)).no_update_this_quarter


def test_a_closed_action_is_not_missing_its_update(make_action, record):
    action = make_action()
    record(action, date(2010, 6, 30), Status.ACHIEVED)
    r = rating(action, date(2010, 9, 30))
    assert r.no_update_this_quarter and not r.missing_update


def test_a_rating_is_a_frozen_value(make_action):
    r = rating(make_action(), date(2010, 9, 30))
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.colour = RAG.GREEN


def test_rate_one_action_from_its_updates_in_any_order(make_action, record):
    action = make_action()
    june = record(action, date(2010, 6, 30), Status.ONGOING, RAG.AMBER)
    sept = record(action, date(2010, 9, 30), Status.ONGOING, RAG.GREEN)
    assert rag.rate(action, [sept, june], date(2010, 9, 30)).update == sept
    assert rag.rate(action, [sept, june], date(2010, 7, 1)).update == june
    assert rag.rate(action, [], date(2010, 7, 1)).reason == "Not rated: no update recorded"


# ---- many at once


def test_ratings_for_runs_two_queries_whatever_the_number_of_actions(
    kingston, objective, record, django_assert_num_queries
):
    def actions():
        return Action.objects.filter(objective__plan__board=kingston)

    # 1 the actions, 2 all their updates on or before the date, with authors
    with django_assert_num_queries(2):
        ratings = rag.ratings_for(actions(), date(2010, 9, 30))
    assert len(ratings) == 52
    for n in range(30):
        extra = Action.objects.create(objective=objective, number=f"5.{n + 10}", order=n + 10, text="More")
        record(extra, date(2010, 9, 30), Status.ONGOING, RAG.GREEN)
    with django_assert_num_queries(2):
        ratings = rag.ratings_for(actions(), date(2010, 9, 30))
        reasons = [r.reason for r in ratings.values()]  # authors come with the updates: no query per reason
    assert len(ratings) == 82 and len(reasons) == 82
    # a list of actions already read: one query
    action_list = list(actions())
    with django_assert_num_queries(1):
        rag.ratings_for(action_list, date(2010, 9, 30))


def test_kingston_as_at_september_2010_is_the_documents_progress_column(kingston):
    ratings = rag.ratings_for(Action.objects.filter(objective__plan__board=kingston), date(2010, 9, 30))
    summary = rag.roll_up(ratings)
    assert (summary.blue, summary.not_rated, summary.red, summary.total) == (18, 34, 0, 52)
    assert summary.status_count(Status.ACHIEVED) == 18
    assert summary.status_count(Status.ONGOING) == 26
    assert summary.status_count(Status.IN_PROGRESS) == 3
    assert summary.status_count(None) == 5
    assert summary.overdue == 0 and summary.worst == RAG.BLUE


def test_updates_dated_after_the_date_are_never_read(kingston, record):
    action = Action.objects.get(objective__plan__board=kingston, number="4.3")
    record(action, date(2010, 10, 10), Status.ACHIEVED)
    assert rag.updates_on_or_before(Action.objects.filter(pk=action.pk), date(2010, 9, 30)).count() == 1
    assert rating(action, date(2010, 9, 30)).status == Status.IN_PROGRESS


# ---- roll-ups


def r(colour, **flags):
    return Rating(colour, f"crafted {colour}", status=flags.pop("status", Status.ONGOING), **flags)


def test_roll_up_counts_each_colour_and_the_worst():
    summary = rag.roll_up(
        [
            r(RAG.GREEN),
            r(RAG.RED, overdue=True),
            r(None),
            r(RAG.BLUE, status=Status.ACHIEVED),
            r(RAG.AMBER),
            r(RAG.GREEN),
        ]
    )
    assert (summary.red, summary.amber, summary.green, summary.blue, summary.not_rated) == (1, 1, 2, 1, 1)
    assert summary.total == 6 and summary.worst == RAG.RED and summary.worst_letter == "R"
    assert summary.overdue == 1
    assert [s[1] for s in summary.segments] == ["R", "A", "G", "B", "–"]


@pytest.mark.parametrize(
    ("colours", "worst"),
    [
        ([RAG.GREEN, RAG.AMBER, RAG.BLUE], RAG.AMBER),
        ([RAG.BLUE, RAG.GREEN], RAG.GREEN),
        ([RAG.BLUE], RAG.BLUE),
        ([RAG.BLUE, None, None], RAG.BLUE),  # not rated does not make it worse...
        ([RAG.RED, None], RAG.RED),  # ...nor better
        ([None, None], None),  # nothing rated: no worst colour
        ([], None),
    ],
)
def test_the_worst_colour_ignores_actions_not_rated(colours, worst):
    summary = rag.roll_up([r(c) for c in colours])
    assert summary.worst == worst
    if worst is None:
        assert summary.worst_label == "None rated" and summary.worst_letter == "–"


def test_roll_ups_summed_count_what_one_roll_up_of_all_their_ratings_counts():
    """Two boards' roll-ups added together (the dashboard across boards' row of all of them) are the roll-up of
    every rating at once, statuses and all; where one of them counts no statuses, the sum counts none."""
    first = [r(RAG.GREEN), r(RAG.RED, overdue=True), r(None, status=None)]
    second = [r(RAG.BLUE, status=Status.ACHIEVED, completed_late=True), r(RAG.AMBER), r(RAG.RED)]
    summed = rag.sum_roll_ups([rag.roll_up(first), rag.roll_up(second)])
    assert summed == rag.roll_up(first + second)
    assert summed.worst == RAG.RED and summed.status_count(Status.ONGOING) == 4 and summed.status_count(None) == 1
    without = rag.sum_roll_ups([rag.roll_up(first), rag.roll_up_of_colours([RAG.GREEN])])
    assert without.statuses == () and (without.green, without.total) == (2, 4)


def test_roll_up_takes_the_dict_ratings_for_returns():
    assert rag.roll_up({1: r(RAG.RED), 2: r(RAG.GREEN)}).total == 2


def test_the_roll_up_rule_is_printed_beside_every_roll_up(login, chair, kingston):
    """A chair reading a summary's worst colour finds the rule that made it on the same page."""
    client = login(chair)
    plan = kingston.plans.get()
    for url, query in (
        (reverse("reporting:board_dashboard", args=[kingston.slug]), {}),
        (reverse("reporting:dashboard"), {}),
        (reverse("reporting:quarterly", args=[plan.pk]), {"quarter": "2010-Q2"}),
    ):
        assert rag.ROLL_UP_RULE in page_text(client.get(url, query)), url


# ---- direction of travel


@pytest.mark.parametrize(
    ("before", "now", "expected"),
    [
        (RAG.RED, RAG.AMBER, "↑ Improved"),
        (RAG.AMBER, RAG.GREEN, "↑ Improved"),
        (RAG.GREEN, RAG.BLUE, "↑ Improved"),
        (RAG.GREEN, RAG.AMBER, "↓ Worse"),
        (RAG.BLUE, RAG.RED, "↓ Worse"),  # achieved, then reopened and overdue
        (RAG.AMBER, RAG.AMBER, "→ Same"),
        (None, None, "→ Same"),
        (None, RAG.GREEN, "+ New"),
        (RAG.GREEN, None, "○ No rating now"),
    ],
)
def test_direction_of_travel(before, now, expected):
    direction = rag.direction_of_travel(r(before), r(now))
    assert str(direction) == expected
    assert direction.label in expected and direction.arrow in expected


def test_the_rules_are_written_down_for_the_pages():
    names = [name for name, _ in rag.RULES]
    assert names == [
        "Latest update",
        "Blue",
        "Overdue",
        "Superseded",
        "Red, Amber, Green",
        "Completed late",
        "No update this quarter",
    ]
    for rule in ["Latest update", "Overdue", "Superseded", "Completed late", "No update this quarter"]:
        assert rule.lower() in rag.__doc__.lower()


@pytest.mark.parametrize("day", [date(2010, m, d) for m in range(1, 13) for d in (1, 9, 30 if m != 2 else 28)])
def test_reasons_write_dates_as_the_pages_do(day):
    """The dates in a rating's reason read as the templates' `date:"j M Y"` writes them, whatever the month."""
    action = Action(due_date=day)
    rating = rag.rate(action, [], date(2011, 1, 1))
    assert rating.reason == f"Red: due {dateformat.format(day, 'j M Y')}, no update recorded"


def test_ratings_at_and_colours_at_agree_with_rate(kingston_plan, manager):
    """`rag.ratings_at` (one narrow read of the updates) gives `rate`'s Rating at each day and its colour at each
    counted day, also past an update recorded in error and its retraction."""
    actions = list(Action.objects.filter(objective__plan=kingston_plan).order_by("pk"))
    wrong = ProgressUpdate.objects.create(
        action=actions[0], as_at=date(2010, 9, 1), status=Status.IN_PROGRESS, rag=RAG.RED, author=manager
    )
    ProgressUpdate.objects.create(
        action=actions[0], as_at=date(2010, 9, 1), status=Status.IN_PROGRESS, corrects=wrong, in_error=True,
        author=manager,
    )  # fmt: skip
    days = [date(2009, 6, 30), date(2010, 6, 30), date(2010, 9, 30), date(2011, 1, 1)]
    ratings, colours = rag.ratings_at(actions, lambda action: days[2:], lambda action: days)
    history = rag.history_by_action(actions, days[-1])
    for action in actions:
        for day in days:
            expected = rag.rate(action, history.get(action.pk, ()), day)
            assert colours[action.pk, day] == expected.colour, (action.number, day)
            if day in days[2:]:
                got = ratings[action.pk, day]
                assert (got, got.reason, got.first_recorded) == (expected, expected.reason, expected.first_recorded)


def test_ratings_from_the_latest_update_agree_with_rate(kingston_plan, manager, make_action, record):
    """`rag.ratings_from_latest_update` (each action's current state, and the history only where the rules read
    more of it) gives `rate`'s Rating as at each action's day: today and dates after every update, and dates before
    an action's latest update; past an update recorded in error and its retraction, an action achieved late, one
    whose only update was transcribed from a document, one transcribed then updated, one achieved then reopened,
    one whose late update moved the day it became achieved, and one with none. The ratings as at a day on or after
    each action's latest update come from what its current state keeps (ActionState.achieved_on, first_recorded)."""
    actions = list(Action.objects.filter(objective__plan=kingston_plan).order_by("pk"))
    wrong = ProgressUpdate.objects.create(
        action=actions[0], as_at=date(2011, 2, 1), status=Status.ACHIEVED, rag=RAG.BLUE, author=manager
    )
    ProgressUpdate.objects.create(
        action=actions[0], as_at=date(2011, 2, 1), status=Status.ACHIEVED, corrects=wrong, in_error=True,
        author=manager,
    )  # fmt: skip
    late = make_action(due_date=date(2010, 6, 30), number="5.97")
    record(late, date(2010, 5, 1), Status.IN_PROGRESS, RAG.GREEN)
    record(late, date(2010, 9, 1), Status.ACHIEVED, RAG.BLUE)
    transcribed = make_action(number="5.98")
    record(transcribed, date(2010, 4, 1), Status.ONGOING, RAG.AMBER, from_document=True)
    second = make_action(number="5.95")
    record(second, date(2010, 4, 1), Status.ONGOING, RAG.AMBER, from_document=True)
    record(second, date(2010, 7, 1), Status.ONGOING, RAG.GREEN)
    reopened = make_action(number="5.94")
    record(reopened, date(2010, 5, 1), Status.ACHIEVED, RAG.BLUE, from_document=True)
    record(reopened, date(2010, 8, 1), Status.IN_PROGRESS, RAG.AMBER)
    moved = make_action(due_date=date(2010, 7, 31), number="5.93")
    record(moved, date(2010, 5, 1), Status.IN_PROGRESS, RAG.GREEN)
    record(moved, date(2010, 9, 1), Status.ACHIEVED, RAG.BLUE)
    record(moved, date(2010, 6, 1), Status.ACHIEVED, RAG.BLUE)  # late: achieved in June, not late any more
    make_action(number="5.99")  # no update
    actions = Action.objects.filter(objective__plan=kingston_plan).order_by("pk")
    history = rag.history_by_action(actions, date.today())
    for day in (date(2009, 6, 30), date(2010, 6, 30), date(2010, 9, 30), date(2011, 1, 1), date.today()):
        ratings = rag.ratings_from_latest_update(rag.with_latest_update(actions), {a.pk: day for a in actions})
        for action in actions:
            expected = rag.rate(action, history.get(action.pk, ()), day)
            got = ratings[action.pk]
            assert (got, got.reason, got.first_recorded) == (expected, expected.reason, expected.first_recorded), (
                action.number,
                day,
            )
