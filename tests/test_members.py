"""A board's members page, kept by its managers: who holds which role, invitations by email (allauth's password-reset
key for someone new), role changes and removals; the board keeps a manager; other roles and boards are refused."""

import logging
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from actions.models import Action, ProgressUpdate
from boards.models import Membership
from tests.account_helpers import sign_in_with_password
from tests.helpers import page_text, row_counts

pytestmark = pytest.mark.django_db
User = get_user_model()


def members_url(slug="kingston"):
    return reverse("boards:members", args=[slug])


def membership(username, slug="kingston"):
    return Membership.objects.get(user__username=username, board__slug=slug)


def invite(client, email, role="lead", name="Pat Officer", slug="kingston"):
    """The manager's invitation; its email goes once the database has the new member (on commit)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(members_url(slug), {"email": email, "name": name, "role": role})


def test_the_board_page_links_the_members_page_for_managers_only(login, manager, chair, lead):
    board_url = reverse("reporting:board", args=["kingston"])
    assert f'href="{members_url()}"' in login(manager).get(board_url).content.decode()
    for user in (chair, lead):
        assert f'href="{members_url()}"' not in login(user).get(board_url).content.decode()


def test_the_members_page_lists_name_email_role_and_since(login, manager):
    text = page_text(login(manager).get(members_url()))
    assert "kingston-lead@example.org" in text and "Lead officer" in text
    assert "kingston-chair@example.org" in text and "Chair" in text
    assert "auditor@example.org" in text and "llr-manager" not in text  # another board's manager


def test_other_roles_are_refused_and_other_boards_are_not_found(login, chair, lead, auditor, llr_manager, manager):
    chair_membership = membership("kingston-chair")
    for user in (chair, lead, auditor):
        client = login(user)
        before = row_counts()
        assert client.get(members_url()).status_code == 403
        assert invite(client, "new@example.org").status_code == 403
        assert (
            client.post(
                reverse("boards:member_role", args=["kingston", chair_membership.pk]), {"role": "manager"}
            ).status_code
            == 403
        )
        assert client.post(reverse("boards:member_remove", args=["kingston", chair_membership.pk])).status_code == 403
        assert row_counts() == before and not mail.outbox
    other = login(llr_manager)
    assert other.get(members_url()).status_code == 404
    assert other.post(reverse("boards:member_remove", args=["kingston", chair_membership.pk])).status_code == 404
    # a Kingston membership through LLR's members pages: not found either
    assert other.post(reverse("boards:member_remove", args=["llr", chair_membership.pk])).status_code == 404
    assert Membership.objects.filter(pk=chair_membership.pk).exists()


def test_inviting_someone_new_makes_an_account_without_a_password_and_emails_a_link(login, manager, caplog):
    caplog.set_level(logging.INFO, logger="lscb.security")
    response = invite(login(manager), "pat.officer@police.example.org", role="lead")
    assert response.status_code == 302
    pat = User.objects.get(email="pat.officer@police.example.org")
    assert not pat.has_usable_password() and pat.get_full_name() == "Pat Officer"
    assert pat.emailaddress_set.filter(email="pat.officer@police.example.org", verified=True).exists()
    assert membership(pat.username).role == "lead"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["pat.officer@police.example.org"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert any(
        r.getMessage().startswith("member invited user=kingston-manager")
        and "member=pat.officer" in r.getMessage()
        and "role=lead" in r.getMessage()
        for r in caplog.records
    )


def test_inviting_an_existing_account_gives_the_role_and_tells_them(login, manager, llr_manager):
    assert invite(login(manager), "LLR-Manager@example.org", role="auditor").status_code == 302
    assert membership("llr-manager").role == "auditor"
    assert User.objects.filter(email__iexact="llr-manager@example.org").count() == 1
    assert len(mail.outbox) == 1 and "reset/key" not in mail.outbox[0].body
    assert "Auditor / inspector" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-address", "role": "lead"}, "Enter a valid email address."),
        ({"email": "x@example.org", "role": "owner"}, "Select a valid choice."),
        ({"email": "kingston-chair@example.org", "role": "lead"}, "already a member of this board (Chair)"),
    ],
)
def test_bad_invitations_name_what_is_wrong_and_change_nothing(login, manager, data, message):
    before = row_counts()
    response = login(manager).post(members_url(), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert row_counts() == before and not mail.outbox


def test_a_manager_changes_a_role(login, manager, caplog):
    caplog.set_level(logging.INFO, logger="lscb.security")
    chair = membership("kingston-chair")
    response = login(manager).post(reverse("boards:member_role", args=["kingston", chair.pk]), {"role": "auditor"})
    assert response.status_code == 302
    chair.refresh_from_db()
    assert chair.role == "auditor"
    assert any(
        "member role changed" in r.getMessage() and "before=chair after=auditor" in r.getMessage()
        for r in caplog.records
    )


def test_the_last_manager_can_be_neither_demoted_nor_removed(login, manager):
    own = membership("kingston-manager")
    client = login(manager)
    before = row_counts()
    demoted = client.post(reverse("boards:member_role", args=["kingston", own.pk]), {"role": "lead"}, follow=True)
    assert "A board needs at least one manager" in page_text(demoted)
    removed = client.post(reverse("boards:member_remove", args=["kingston", own.pk]), follow=True)
    assert "A board needs at least one manager" in page_text(removed)
    assert row_counts() == before
    # with a second manager, the first may step down
    Membership.objects.filter(pk=membership("kingston-chair").pk).update(role="manager")
    assert client.post(reverse("boards:member_role", args=["kingston", own.pk]), {"role": "lead"}).status_code == 302
    own.refresh_from_db()
    assert own.role == "lead"


def test_removing_a_lead_keeps_their_account_and_their_recorded_progress(login, manager, lead, kingston, caplog):
    caplog.set_level(logging.INFO, logger="lscb.security")
    own = Action.objects.get(objective__plan__board=kingston, number="16.1")
    login(lead).post(
        reverse("actions:progress", args=[own.pk]),
        {"as_at": "2010-12-31", "status": "ongoing", "rag": "green", "narrative": "Group meets monthly"},
    )
    recorded = list(ProgressUpdate.objects.filter(author=lead).values_list("pk", flat=True))
    assert recorded
    removal = reverse("boards:member_remove", args=["kingston", membership("kingston-lead").pk])
    client = login(manager)
    assert "Remove from the board" in client.get(removal).content.decode()
    assert client.post(removal).status_code == 302
    assert not Membership.objects.filter(user=lead, board__slug="kingston").exists()
    assert User.objects.filter(pk=lead.pk, is_active=True).exists()
    assert list(ProgressUpdate.objects.filter(author=lead).values_list("pk", flat=True)) == recorded
    assert "kingston-lead" in page_text(client.get(reverse("actions:detail", args=[own.pk])))
    assert login(lead).get(reverse("reporting:board", args=["kingston"])).status_code == 404
    assert any("member removed" in r.getMessage() and "member=kingston-lead" in r.getMessage() for r in caplog.records)


def test_the_members_page_costs_the_same_queries_however_many_members(login, manager, django_assert_num_queries):
    client = login(manager)
    client.get(members_url())  # the session's first request renews it; count a steady one

    def count():
        # 1 session, 2 user, 3 the board with the manager's role, 4 the members with their accounts
        with django_assert_num_queries(4):
            assert client.get(members_url()).status_code == 200

    count()
    board = membership("kingston-manager").board
    for n in range(15):
        Membership.objects.create(
            user=User.objects.create(username=f"extra{n}", email=f"extra{n}@example.org"), board=board, role="chair"
        )
    count()


def test_an_invited_lead_sets_a_password_signs_in_and_records_progress(login, manager, kingston):
    invite(login(manager), "new.lead@example.org", role="lead", name="Nia Lead")
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    nia = User.objects.get(email="new.lead@example.org")
    action = Action.objects.get(objective__plan__board=kingston, number="4.2")
    action.lead_user = nia
    action.save()

    browser = Client()
    form_page = browser.get(link, follow=True)
    set_password = form_page.redirect_chain[-1][0]
    assert (
        browser.post(set_password, {"password1": "Harbour-lights-62", "password2": "Harbour-lights-62"}).status_code
        == 302
    )
    assert Client().get(link, follow=True).content.decode().count("password1") == 0  # the link works once

    assert sign_in_with_password(browser, nia.username, "Harbour-lights-62").status_code == 302
    progress = {
        "as_at": "2010-12-31",
        "status": "in_progress",
        "rag": "amber",
        "narrative": "First induction held",
        "corrective_action": "More dates",
    }
    assert browser.post(reverse("actions:progress", args=[action.pk]), progress).status_code == 302
    assert action.updates.filter(author=nia, narrative="First induction held").exists()
