"""The home page says what needs doing this quarter, by role: a lead's outcomes owing an update with the deadline,
a manager's plans in force with how many outcomes are updated and owing, a chair's quarters awaiting sign-off; the
top navigation offers each role the pages it uses."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import ProgressUpdate
from actions.quarters import quarter_of
from actions.signoff import QuarterSignoff
from boards.models import Membership
from tests.helpers import make_current_plan, page_text

pytestmark = pytest.mark.django_db


def make_plan(board, title, n_outcomes, lead_user=None):
    """An approved plan in force today with `n_outcomes` open outcomes led by `lead_user`, none updated yet."""
    return make_current_plan(board, lead_user=lead_user, outcomes=n_outcomes, title=title, last_quarter=False)


@pytest.fixture
def current_plan(kingston, lead):
    """Kingston's plan in force: four outcomes led by kingston-lead, one updated this quarter, one achieved last
    year; so two owing."""
    today = timezone.localdate()
    plan, actions = make_plan(kingston, "Business Plan (current)", 4, lead_user=lead)
    ProgressUpdate.objects.create(action=actions[2], as_at=today, status="ongoing", rag="green")
    ProgressUpdate.objects.create(action=actions[3], as_at=date(today.year - 1, 6, 30), status="achieved", rag="blue")
    return plan


def test_a_lead_sees_their_outcomes_owing_an_update_with_the_deadline(login, lead, current_plan):
    text = page_text(login(lead).get(reverse("home")))
    quarter = quarter_of(timezone.localdate())
    assert f"This quarter: {quarter.label}" in text
    assert "Your outcomes owing an update" in text
    assert f"by {quarter.end:%-d %B %Y}, the end of {quarter.label}" in text
    assert "Business Plan (current) 1.1 Outcome 1" in text
    assert "Business Plan (current) 1.2" in text
    assert "Business Plan (current) 1.3" not in text  # updated this quarter
    assert "Business Plan (current) 1.4" not in text  # achieved
    assert "Plans in force on the boards you manage" not in text  # a lead manages nothing
    page = login(lead).get(reverse("home")).content.decode()
    assert reverse("actions:progress", args=[current_plan.objectives.get().actions.get(number="1.1").pk]) in page


def test_a_lead_with_nothing_owing_is_told_so(login, lead, kingston):
    assert "You owe no update this quarter." in page_text(login(lead).get(reverse("home")))


def test_a_manager_sees_each_plan_in_force_updated_and_owing_with_links(login, manager, current_plan):
    response = login(manager).get(reverse("home"))
    text = page_text(response)
    assert "Plans in force on the boards you manage" in text
    assert (
        "Business Plan (current) Kingston LSCB 1 2 Update sheet of Business Plan (current) Chase list for Kingston LSCB"
        in text
    )
    page = response.content.decode()
    assert f'href="{reverse("reporting:plan", args=[current_plan.pk])}"' in page
    assert f'href="{reverse("actions:chase_list", args=["kingston"])}"' in page
    assert f'href="{reverse("actions:update_sheet", args=[current_plan.pk])}"' in page
    # the seed's plans ended years ago: not in force, not counted
    assert "Kingston LSCB Improvement Plan 2009-2010" not in todo(text)


def test_a_manager_of_another_board_sees_nothing_of_kingston(login, llr_manager, current_plan):
    text = page_text(login(llr_manager).get(reverse("home")))
    assert "Business Plan (current)" not in text
    assert "Kingston" not in text
    assert "No plan is in force this quarter on" in text


def test_chair_and_auditor_get_neither_list(login, chair, auditor, current_plan):
    for user in (chair, auditor):
        text = page_text(login(user).get(reverse("home")))
        assert "Your outcomes owing an update" not in text
        assert "Plans in force on the boards you manage" not in text
        assert "Business Plan (current)" not in todo(text)


def test_a_chair_sees_the_quarters_awaiting_their_sign_off(
    login, manager, chair, auditor, llr_manager, kingston_plan, two_board_chair, django_assert_num_queries
):
    text = page_text(login(chair).get(reverse("home")))
    assert "Quarters awaiting your sign-off" in text and "No quarter is awaiting your sign-off." in text
    QuarterSignoff.objects.create(plan=kingston_plan, quarter_end=date(2010, 9, 30), submitted_by=manager)
    client = login(chair)
    client.get(reverse("home"))  # the session's first request renews it: not counted
    # 1 session, 2 user, 3 the user's memberships with boards and plan counts, 4 the quarters submitted and not yet
    # signed off on the boards they chair, with plan, board and who submitted
    with django_assert_num_queries(4):
        response = client.get(reverse("home"))
    text = page_text(response)
    assert "Q2 2010/11: Kingston LSCB Improvement Plan 2009-2010 (Kingston LSCB; submitted by kingston-manager" in text
    report = reverse("reporting:quarterly", args=[kingston_plan.pk]) + "?quarter=2010-Q2"
    assert f'href="{report}"' in response.content.decode()
    assert "Q2 2010/11: Kingston" in page_text(login(two_board_chair).get(reverse("home")))
    # managers, auditors and chairs of other boards are not asked to sign off
    for user in (manager, auditor, llr_manager):
        assert "Quarters awaiting your sign-off" not in page_text(login(user).get(reverse("home")))
    # signed off: no longer awaiting
    QuarterSignoff.objects.filter(plan=kingston_plan).update(signed_off_by=chair, signed_off_at=timezone.now())
    assert "No quarter is awaiting your sign-off." in page_text(login(chair).get(reverse("home")))


def test_an_outsider_sees_no_board_and_no_work(login, outsider, current_plan):
    text = page_text(login(outsider).get(reverse("home")))
    assert "You hold no role on any board yet." in text
    assert "Business Plan (current)" not in text


def todo(text):
    """The page's "this quarter" part, above its list of boards."""
    return text.split("This quarter:")[1].split("Your boards")[0]


def nav_links(client):
    page = client.get(reverse("home")).content.decode()
    return page.split('aria-label="Main"')[1].split("</nav>")[0]


def test_the_navigation_offers_each_role_the_pages_it_uses(
    login, manager, lead, chair, auditor, two_board_chair, outsider
):
    my_actions, across = reverse("actions:my_actions"), reverse("reporting:dashboard")
    kingston_dashboard = reverse("reporting:board_dashboard", args=["kingston"])
    chase = reverse("actions:chase_list", args=["kingston"])
    nav = nav_links(login(manager))
    assert my_actions in nav and kingston_dashboard in nav and chase in nav
    nav = nav_links(login(lead))
    assert my_actions in nav and kingston_dashboard in nav and chase not in nav
    nav = nav_links(login(chair))
    assert kingston_dashboard in nav and my_actions not in nav and "/actions/chase/" not in nav
    for user in (auditor, two_board_chair):  # several boards: the dashboard across them
        nav = nav_links(login(user))
        assert across in nav and my_actions not in nav and "/actions/chase/" not in nav
    nav = nav_links(login(outsider))
    assert "dashboard" not in nav and my_actions not in nav


def test_the_navigation_follows_a_role_changed_after_sign_in_once_home_is_visited(login, lead, kingston):
    client = login(lead)
    Membership.objects.filter(user=lead, board=kingston).update(role="chair")
    client.get(reverse("home"))  # the home page refreshes what the session remembers
    assert reverse("actions:my_actions") not in nav_links(client)


def test_the_home_page_runs_a_constant_number_of_queries(
    login, manager, llr, leeds, current_plan, django_assert_num_queries
):
    client = login(manager)
    url = reverse("home")
    # 1 session, 2 user, 3 the user's memberships with boards and plan counts, 4 outcomes updated and owing per plan
    # in force (one aggregate), 5 the plans in force on the boards they manage, 6 the outcomes they lead owing an
    # update (with plan and board)
    with django_assert_num_queries(6):
        client.get(url)
    for board in (llr, leeds):
        Membership.objects.create(user=manager, board=board, role="manager")
        make_plan(board, f"{board.short_name} plan in force", 12, lead_user=manager)
    make_plan(current_plan.board, "Another plan in force", 20, lead_user=manager)
    client.get(url)  # the home page remembers the new roles for the navigation (a session write) once
    with django_assert_num_queries(6):
        text = page_text(client.get(url))
    assert "Another plan in force Kingston LSCB 0 20" in text
    assert "Another plan in force 1.20" in text  # the manager leads these
    assert "Leeds" in todo(text)
