import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.as_at import default_as_at, with_last_progress
from actions.models import Action, ProgressUpdate, Status
from actions.progress import last_progress_date
from actions.quarters import Quarter
from plans.models import Plan
from reporting.signoff import snapshot_quarter
from tests.helpers import KINGSTON_HEADINGS

pytestmark = pytest.mark.django_db


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_kingston_plan_page_is_the_documents_table(login, chair, kingston_plan):
    response = login(chair).get(reverse("reporting:plan", args=[kingston_plan.pk]))
    page = response.content.decode()
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', page)
    assert headers == KINGSTON_HEADINGS
    text = text_of(response)
    # every outcome, in the document's order, numbered as written
    positions = []
    for action in Action.objects.filter(objective__plan=kingston_plan).in_document_order():
        position = text.find(f"{action.number} {' '.join(action.text.split())}", positions[-1] if positions else 0)
        assert position >= 0, action.number
        positions.append(position)
    assert "ACHIEVED : Independent Chair has been appointed" in text
    assert "Progress is shown as at 30 September 2010" in text


def test_llr_plan_page_has_its_own_columns_and_headings(login, two_board_chair, llr):
    response = login(two_board_chair).get(reverse("reporting:plan", args=[llr.plans.get().pk]))
    page = response.content.decode()
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', page)
    assert headers[1:5] == ["Outcomes", "Method", "Lead", "Timescale &amp; Resources"]
    text = text_of(response)
    assert text.index("CORE WORK") < text.index("DEVELOPMENT WORKSTREAMS") < text.index("Community Engagement")
    assert text.index("Sexual Exploitation of Children") < text.index("4.1") < text.index("4.2")


def test_a_plan_whose_period_has_ended_shows_itself_as_at_its_last_progress(kingston_plan):
    assert default_as_at(kingston_plan, today=date(2026, 11, 21)) == date(2010, 9, 30)
    assert default_as_at(kingston_plan, today=date(2010, 6, 1)) == date(2010, 6, 1)


def test_each_plans_last_progress_is_the_newest_update_of_its_actions(kingston_plan, manager):
    """Read for many plans at once (the dashboards, the filter, the review pages) as for one (the plan page): the
    newest as-at date among its actions' updates, None for a plan with none, each plan its own whatever the order."""
    action = Action.objects.filter(objective__plan=kingston_plan).last()
    ProgressUpdate.objects.create(action=action, as_at=date(2011, 1, 31), status=Status.IN_PROGRESS, author=manager)
    empty = Plan.objects.create(
        board=kingston_plan.board, title="Next year", period_start=date(2011, 4, 1), period_end=date(2012, 3, 31)
    )
    read = {plan.pk: plan.last_progress for plan in with_last_progress(Plan.objects.order_by("-title"))}
    assert read[kingston_plan.pk] == date(2011, 1, 31)
    assert read[empty.pk] is None
    for plan in Plan.objects.all():
        assert read[plan.pk] == last_progress_date(plan), plan
    assert list(read) == list(Plan.objects.order_by("-title").values_list("pk", flat=True))


def test_a_plans_last_progress_follows_an_outcome_moved_to_another_plan(kingston_plan, manager):
    """Read by each action's objective as its current state keeps it: an outcome moved to another plan's objective
    takes its updates' dates with it, for one plan and for many."""
    action = Action.objects.filter(objective__plan=kingston_plan).last()
    before = last_progress_date(kingston_plan)
    ProgressUpdate.objects.create(action=action, as_at=date(2011, 1, 31), status=Status.IN_PROGRESS, author=manager)
    assert last_progress_date(kingston_plan) == date(2011, 1, 31)
    later = Plan.objects.create(
        board=kingston_plan.board, title="Next year", period_start=date(2011, 4, 1), period_end=date(2012, 3, 31)
    )
    action.objective = later.objectives.create(number="1", title="Carried on", order=1)
    action.save()
    assert last_progress_date(later) == date(2011, 1, 31)
    assert last_progress_date(kingston_plan) == before
    both = Plan.objects.filter(pk__in=[kingston_plan.pk, later.pk])
    read = {plan.pk: plan.last_progress for plan in with_last_progress(both)}
    assert read == {kingston_plan.pk: before, later.pk: date(2011, 1, 31)}


def test_picking_an_earlier_date_shows_the_progress_known_then(login, manager, kingston_plan):
    action = Action.objects.get(objective__plan=kingston_plan, number="6.1")
    ProgressUpdate.objects.create(
        action=action,
        as_at=date(2010, 6, 30),
        status=Status.NOT_STARTED,
        narrative="Engagement plan not yet drafted",
        author=manager,
    )
    url = reverse("reporting:plan", args=[kingston_plan.pk])
    june = text_of(login(manager).get(url, {"as_at": "2010-06-30"}))
    assert "Engagement plan not yet drafted" in june
    assert "ACHIEVED : Independent Chair" not in june  # recorded as at September
    september = text_of(login(manager).get(url))
    assert "Engagement plan not yet drafted" not in september


def test_a_bad_as_at_date_is_named_and_the_default_is_shown(login, chair, kingston_plan):
    response = login(chair).get(reverse("reporting:plan", args=[kingston_plan.pk]), {"as_at": "31/13/2010"})
    assert response.status_code == 200
    text = text_of(response)
    assert "Enter the as-at date as a date, for example 2010-09-30" in text
    assert "Progress is shown as at 30 September 2010" in text


def without_tokens(page):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_plan_page_runs_a_constant_number_of_queries(login, auditor, seed, django_assert_num_queries):
    client = login(auditor)
    kingston_plan = seed["kingston"].plans.get()
    url = reverse("reporting:plan", args=[kingston_plan.pk])
    # 1 session, 2 user, 3 plan with its board and the user's role on it (scoped: none, 404),
    # 4 last progress date (the plan has ended: 30 September 2010, a quarter end), 5 objectives with sections,
    # each with whether it was edited since that date, 6 their sources, 7 their actions with the plan each was
    # carried forward from, each with whether it was edited since, 8 the history of the objectives edited since
    # (their sources, recorded when the seed was loaded; actions.structure: the plan as it stood then; no outcome
    # was edited since, so their history is not read), 9 the quarter's snapshot rows (none kept in the seed), 10
    # the actions' current states, each joined to its latest update in full with its author's username (at the
    # last progress date, each state is its action's latest update; actions.rag rates them in Python:
    # ratings_from_latest), 11 key risks (Kingston names none)
    with django_assert_num_queries(11) as captured:
        before = client.get(url).content.decode()
    # no update read but those the states name: not the plan's whole history
    assert not any('FROM "actions_progressupdate"' in query["sql"] for query in captured.captured_queries)
    # the cron job's snapshots of that quarter (manage.py snapshot_quarter): the rows stand for the states, and the
    # page is the same (but for the sign-out form's token, masked afresh on each page): 10 the snapshot rows, each
    # joined to its latest update in full with its author's username, in place of 9 and 10
    snapshot_quarter(Quarter(2010, 2), Plan.objects.filter(pk=kingston_plan.pk))
    with django_assert_num_queries(10):
        after = client.get(url).content.decode()
    assert without_tokens(after) == without_tokens(before)
    objective = kingston_plan.objectives.get(number="5")
    for n in range(6, 26):
        action = Action.objects.create(objective=objective, number=f"5.{n}", order=n, text=f"Extra outcome {n}")
        ProgressUpdate.objects.create(action=action, as_at=date(2010, 9, 30), status=Status.ONGOING)
    # twenty more outcomes with updates (no snapshot row yet): the same queries, the new ones' states read
    with django_assert_num_queries(11):
        assert "Extra outcome 25" in client.get(url).content.decode()
    # as at an earlier date, before every state: no last progress date read, and the history up to that date in
    # place of 10 (no update is dated by then: no latest update to read in full)
    with django_assert_num_queries(10):
        assert "Progress is shown as at 30 June 2010" in text_of(client.get(url, {"as_at": "2010-06-30"}))


def test_outcomes_edited_since_the_pages_date_show_as_they_stood_then(
    login, manager, kingston_plan, django_assert_num_queries
):
    """Whether each objective and outcome was edited since the page's date is read with it, from its history: what
    was, whether through its form or moved in one bulk update (plans.numbering), shows as it stood then."""
    client = login(manager)
    url = reverse("reporting:plan", args=[kingston_plan.pk])
    first, second = Action.objects.filter(objective__plan=kingston_plan, objective__number="1").order_by("order")[:2]

    def written(action):
        return f"{action.number} {' '.join(action.text.split())}"

    before = text_of(client.get(url))
    assert before.index(written(first)) < before.index(written(second))
    # moved today in one bulk update, then its text rewritten today through the form
    assert client.post(reverse("actions:move", args=[second.pk, "up"])).status_code == 302
    first.refresh_from_db()
    response = client.post(
        reverse("actions:edit", args=[first.pk]),
        {
            "number": first.number,
            "text": "Rewritten today",
            "timescale": first.timescale,
            "due_date": first.due_date or "",
            "subgroup": first.subgroup_id or "",
            "version": first.version,
        },
    )
    assert response.status_code == 302
    client.get(reverse("home"))  # the edits' messages are shown (and spent) on the next page
    # as at its date (30 September 2010): as it stood, the outcomes' history read too (12 queries: the manager's
    # 11 and the history of the outcomes edited since; test_plan_controls names the others)
    with django_assert_num_queries(12):
        then = text_of(client.get(url))
    assert "Rewritten today" not in then
    assert then.index(written(first)) < then.index(written(second))
    assert then == before
    # as at today, as it is
    now = text_of(client.get(url, {"as_at": timezone.localdate().isoformat()}))
    assert now.index(written(second)) < now.index(f"{first.number} Rewritten today")


def test_plan_page_with_key_risks_adds_one_query_for_their_objectives(login, auditor, seed, django_assert_num_queries):
    client = login(auditor)
    leeds_plan = seed["leeds"].plans.get(title="Leeds LSCB priorities 2010")
    # 1 session, 2 user, 3 plan with board and role, 4 last progress date, 5 objectives, 6 sources, 7 actions (each
    # of the two with whether it was edited since that date), 8 the history of the objectives edited since (their
    # sources, recorded when the seed was loaded: actions.structure; no outcome was), 9 the actions' current
    # states, each with its latest update in full (one: 4.4's "Re-evaluation ongoing"), 10 key risks, 11 the
    # objectives each risk links to
    with django_assert_num_queries(11):
        page = client.get(reverse("reporting:plan", args=[leeds_plan.pk])).content.decode()
    assert "Inadequate use of performance management information" in page
