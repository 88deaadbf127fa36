"""The plan page's table and the auditors' filter page are cached by their boards' revisions (boards.revisions):
whatever changes what they show must show at once, whoever or whatever wrote it, and nothing else may be
cached across users."""

from datetime import date

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from actions.models import Action, ProgressUpdate, Status
from boards import revisions
from boards.models import Board, Membership, Subgroup
from plans.models import Objective, Risk, Section
from reviews.models import Finding, Review

from .helpers import page_text

OUR_APPS = ("boards", "plans", "actions", "reviews", "packs")


def test_every_model_is_either_watched_or_said_not_to_be_shown():
    """A new model must be placed: watched (its changes replace revisions) or listed as shown by no cached page."""
    ours = {m._meta.label for label in OUR_APPS for m in apps.get_app_config(label).get_models()
            if not m.__name__.startswith("Historical")}
    placed = (set(revisions.WATCHED) | set(revisions.NOT_SHOWN)) - {settings.AUTH_USER_MODEL}
    assert ours - placed == set(), "add these to boards.revisions.WATCHED or NOT_SHOWN"
    assert placed - ours == set(), "these no longer exist"
    assert not set(revisions.WATCHED) & set(revisions.NOT_SHOWN)


def _plan_page(client, plan, **params):
    return page_text(client.get(reverse("reporting:plan", args=[plan.pk]), params))


def _kingston_objective(kingston, number="4"):
    return Objective.objects.get(plan__board=kingston, number=number)


# each: (what is changed, the text the plan page must then show); run against a plan page already cached
def _objective_title(kingston, llr):
    objective = _kingston_objective(kingston)
    objective.title = "A retitled objective"
    objective.save()
    return kingston, "A retitled objective"


def _action_text(kingston, llr):
    action = Action.objects.get(objective__plan__board=kingston, number="4.2")
    action.text = "A reworded outcome"
    action.save()
    return kingston, "A reworded outcome"


def _progress_update(kingston, llr):
    action = Action.objects.get(objective__plan__board=kingston, number="4.2")
    ProgressUpdate.objects.create(action=action, as_at=date(2010, 9, 30), status=Status.IN_PROGRESS,
                                  narrative="A narrative recorded since the page was cached")
    return kingston, "A narrative recorded since the page was cached"


def _progress_in_bulk(kingston, llr):
    action = Action.objects.get(objective__plan__board=kingston, number="4.2")
    ProgressUpdate.objects.bulk_create([ProgressUpdate(
        action=action, as_at=date(2010, 9, 30), status=Status.IN_PROGRESS, narrative="Recorded in bulk")])
    return kingston, "Recorded in bulk"


def _source_added(kingston, llr):
    review = Review.objects.create(board=kingston, code="NEWSRC", title="A new review", kind=Review.Kind.OTHER)
    _kingston_objective(kingston).sources.add(review)
    return kingston, "NEWSRC"


def _review_recoded(kingston, llr):
    review = _kingston_objective(kingston).sources.order_by("pk").first()
    review.code = "RECODED"
    review.save()
    return kingston, "RECODED"


def _section_renamed(kingston, llr):
    section = Section.objects.filter(plan__board=llr).order_by("pk").first()
    section.title = "A renamed section"
    section.save()
    return llr, "A renamed section"


def _resources_reworded(kingston, llr):
    action = Action.objects.filter(objective__plan__board=llr).order_by("pk").first()
    action.resources = "£1.000 from a new funder"
    action.save()
    return llr, "£1.000 from a new funder"


CHANGES = [_objective_title, _action_text, _progress_update, _progress_in_bulk, _source_added, _review_recoded,
           _section_renamed, _resources_reworded]


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: c.__name__.strip("_"))
def test_a_change_shows_on_the_plan_page_at_once(change, login, auditor, kingston, llr):
    client = login(auditor)
    plans = {board.pk: board.plans.order_by("pk").first() for board in (kingston, llr)}
    before = {pk: _plan_page(client, plan) for pk, plan in plans.items()}  # cached now
    board, text = change(kingston, llr)
    assert text not in before[board.pk]
    assert text in _plan_page(client, plans[board.pk])


def test_a_persons_new_name_shows(login, auditor, kingston):
    """The rating's reason names the update's author: renaming the person shows at once."""
    action = Action.objects.get(objective__plan__board=kingston, number="4.2")
    author = get_user_model().objects.get(username="kingston-lead")
    ProgressUpdate.objects.create(action=action, as_at=date(2010, 9, 30), status=Status.IN_PROGRESS,
                                  rag="amber", author=author)
    client = login(auditor)
    plan = kingston.plans.get()
    assert "by kingston-lead" in client.get(reverse("reporting:plan", args=[plan.pk])).content.decode()
    author.username = "kingston-lead-officer"
    author.save()
    assert "by kingston-lead-officer" in client.get(reverse("reporting:plan", args=[plan.pk])).content.decode()


def test_a_sign_in_leaves_every_revision_alone(client, auditor):
    before = dict(Board.objects.values_list("pk", "revision"))
    client.force_login(auditor)  # saves last_login
    assert client.post(reverse("login"), {"username": "auditor", "password": "wrong"}).status_code == 200
    assert dict(Board.objects.values_list("pk", "revision")) == before


def test_a_change_replaces_only_its_own_boards_revision(kingston, llr, leeds):
    before = dict(Board.objects.values_list("pk", "revision"))
    Subgroup.objects.filter(board=llr).first().save()
    after = dict(Board.objects.values_list("pk", "revision"))
    assert after[llr.pk] != before[llr.pk]
    assert after[kingston.pk] == before[kingston.pk] and after[leeds.pk] == before[leeds.pk]


def test_a_national_review_changes_every_boards_revision(kingston, llr, leeds):
    before = dict(Board.objects.values_list("pk", "revision"))
    national = Review.objects.filter(board__isnull=True).first()
    Finding.objects.create(review=national, number="99", text="A new national finding", order=99)
    after = dict(Board.objects.values_list("pk", "revision"))
    assert all(after[pk] != before[pk] for pk in before)


def test_renumbering_in_bulk_shows_at_once(login, manager, kingston):
    client = login(manager)
    plan = kingston.plans.get()
    assert "9.4" not in _plan_page(client, plan)  # Kingston's document has 9.1, 9.2, 9.2, 9.3
    assert client.post(reverse("actions:renumber", args=[plan.pk])).status_code == 302
    assert "9.4" in _plan_page(client, plan)


def test_a_risk_reworded_shows(login, auditor, leeds):
    client = login(auditor)
    plan = leeds.plans.get(title="Leeds LSCB priorities 2010")
    _plan_page(client, plan)
    risk = Risk.objects.filter(plan=plan).first()
    risk.text = "A reworded risk"
    risk.save()
    assert "A reworded risk" in _plan_page(client, plan)


def test_the_table_is_shared_but_each_reader_keeps_their_own_page(login, manager, chair, kingston):
    """The chair's visit caches the table; the manager still gets their edit buttons and a CSRF token that works."""
    plan = kingston.plans.get()
    url = reverse("reporting:plan", args=[plan.pk])
    chair_page = login(chair).get(url).content.decode()
    assert "Renumber in order" not in chair_page
    manager_client = login(manager)
    manager_client.handler.enforce_csrf_checks = True
    manager_page = manager_client.get(url).content.decode()
    assert "Renumber in order" in manager_page
    token = manager_page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = manager_client.post(reverse("actions:renumber", args=[plan.pk]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_the_filter_page_shows_a_change_at_once(login, auditor, kingston):
    client = login(auditor)
    url = reverse("reporting:find")
    params = {"q": "A phrase nobody wrote"}
    assert "A phrase nobody wrote, until now" not in page_text(client.get(url, params))  # cached now
    action = Action.objects.get(objective__plan__board=kingston, number="4.2")
    action.text = "A phrase nobody wrote, until now"
    action.save()
    assert "A phrase nobody wrote, until now" in page_text(client.get(url, params))


def test_the_filter_page_is_not_shared_between_users_of_different_boards(login, auditor, llr_manager):
    url = reverse("reporting:find")
    everything = page_text(login(auditor).get(url))
    assert "Kingston" in everything
    llr_only = page_text(login(llr_manager).get(url))
    assert "Kingston" not in llr_only


def test_a_role_lost_or_gained_shows_on_the_filter_page_at_once(login, auditor, kingston):
    """Memberships are not watched (NOT_SHOWN): the page's key holds the user's boards, so a new set is a new key."""
    client = login(auditor)
    url = reverse("reporting:find")
    assert "Kingston" in page_text(client.get(url))
    role = Membership.objects.get(user=auditor, board=kingston)
    role.delete()
    assert "Kingston" not in page_text(client.get(url))
    Membership.objects.create(user=auditor, board=kingston, role=role.role)
    assert "Kingston" in page_text(client.get(url))


@pytest.mark.parametrize("in_bulk", [False, True], ids=["one update", "in bulk"])
def test_recording_progress_locks_the_board_before_the_state(in_bulk, kingston):
    """Every writer locks a board's row before an action state's row: in the other order two writers at once
    could deadlock (PostgreSQL)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    action = Action.objects.get(objective__plan__board=kingston, number="4.2")
    update = ProgressUpdate(action=action, as_at=date(2010, 9, 30), status=Status.IN_PROGRESS)
    with CaptureQueriesContext(connection) as captured:
        if in_bulk:
            ProgressUpdate.objects.bulk_create([update])
        else:
            update.save()
    writes = [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
              and ("boards_board" in q["sql"] or "actions_actionstate" in q["sql"])]
    tables = ["board" if '"boards_board"' in sql.split("SET")[0] else "state" for sql in writes]
    assert tables and tables[0] == "board", writes
