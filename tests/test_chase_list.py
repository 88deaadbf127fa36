"""The manager's chase list, the reminder emails and the cron command."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actions.chasing import impact_reviews_due, missing_updates
from actions.models import Action, ProgressUpdate
from actions.quarters import quarter_of
from plans.models import Objective, Plan
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def running_plan(kingston, lead, django_user_model):
    """A Kingston plan in force today, with four actions: two owed by kingston-lead, one by a lead with no account,
    one already updated this quarter, one achieved."""
    today = timezone.localdate()
    lead.email = "lead@kingston.example.org"
    lead.save()
    plan = Plan.objects.create(
        board=kingston,
        title="Business Plan (current)",
        kind="business",
        period_start=date(today.year - 1, 4, 1),
        period_end=date(today.year + 1, 3, 31),
        status="approved",
    )
    objective = Objective.objects.create(plan=plan, number="1", title="Keep children safe", lead="Chair Training Group")
    make = lambda n, **kw: Action.objects.create(  # noqa: E731
        objective=objective, number=f"1.{n}", order=n, text=f"Outcome {n}", **kw
    )
    owed = [make(1, lead_user=lead), make(2, lead_user=lead), make(3, lead="Chair Domestic Violence group")]
    done = make(4, lead_user=lead)
    ProgressUpdate.objects.create(action=done, as_at=today, status="ongoing", rag="green")
    closed = make(5, lead_user=lead)
    ProgressUpdate.objects.create(action=closed, as_at=date(today.year - 1, 6, 30), status="achieved", rag="blue")
    return plan, owed


def test_quarter_start_follows_uk_financial_quarters():
    assert quarter_of(date(2010, 9, 30)).start == date(2010, 7, 1)
    assert quarter_of(date(2011, 2, 14)).start == date(2011, 1, 1)
    assert quarter_of(date(2010, 4, 1)).start == date(2010, 4, 1)


def test_chase_list_groups_actions_missing_this_quarters_update_by_lead(login, manager, running_plan):
    text = page_text(login(manager).get(reverse("actions:chase_list", args=["kingston"])))
    assert "kingston-lead (2 actions)" in text
    assert "Chair Domestic Violence group (1 action; no account with an email address)" in text
    assert "1.4" not in text  # updated this quarter
    assert "1.5" not in text  # achieved
    assert "Kingston LSCB Improvement Plan 2009-2010" not in text  # a plan that ended in 2011 is not chased


def test_the_button_emails_each_lead_their_actions(login, manager, running_plan):
    response = login(manager).post(reverse("actions:chase_send", args=["kingston"]), follow=True)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lead@kingston.example.org"]
    assert "Business Plan (current), 1.1: Outcome 1" in message.body and "1.2: Outcome 2" in message.body
    assert "/actions/mine/" in message.body
    text = page_text(response)
    assert "Sent 1 reminder." in text
    assert "Chair Domestic Violence group has no account with an email address" in text


def test_the_cron_command_sends_the_same_reminders(running_plan):
    call_command("send_update_reminders", "--base-url", "https://plans.example.gov.uk")
    assert len(mail.outbox) == 1
    assert "https://plans.example.gov.uk/actions/" in mail.outbox[0].body


def test_chase_list_runs_a_constant_number_of_queries(login, manager, running_plan, django_assert_num_queries):
    plan, owed = running_plan
    client = login(manager)
    url = reverse("actions:chase_list", args=["kingston"])
    # 1 session, 2 user, 3 board with the user's role on it (scoped), 4 open actions of plans in force with no
    # update this quarter (with latest status, plan, board, lead user), 5 achieved actions due an impact review
    with django_assert_num_queries(5):
        client.get(url)
    for n in range(6, 30):
        Action.objects.create(
            objective=owed[0].objective,
            number=f"1.{n}",
            order=n,
            text=f"Outcome {n}",
            lead_user=owed[0].lead_user if n % 2 else None,
            lead=f"Lead {n}",
        )
    with django_assert_num_queries(5):
        assert "Outcome 29" in page_text(client.get(url))


def test_only_the_manager_sees_the_chase_list(login, chair, auditor, lead, running_plan):
    for user in (chair, auditor, lead):
        assert login(user).get(reverse("actions:chase_list", args=["kingston"])).status_code == 403


def test_impact_reviews_due_lists_achieved_actions_only(running_plan):
    plan, owed = running_plan
    today = timezone.localdate()
    achieved, reopened = owed[0], owed[1]
    for action in (achieved, reopened):
        action.follow_up_review_on = date(today.year - 1, 9, 30)
        action.save()
        ProgressUpdate.objects.create(action=action, as_at=date(today.year - 1, 6, 30), status="achieved", rag="blue")
    ProgressUpdate.objects.create(action=reopened, as_at=date(today.year - 1, 8, 31), status="in_progress")
    assert [a.number for a in impact_reviews_due([plan.board], today)] == [achieved.number]
    assert achieved not in missing_updates([plan.board], today) and reopened in missing_updates([plan.board], today)
