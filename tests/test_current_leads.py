"""Reminders, "My actions", the chase list and recording go to lead users who lead on that board now: the
penetration test found reminder emails, with the outcome text, going to a lead removed from the board or whose
account was disabled, and a chair or auditor named lead user recording progress."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from actions.models import Action
from boards.models import Membership
from tests.helpers import page_text
from tests.test_chase_list import running_plan  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_the_lead_gets_the_reminder_while_they_lead(running_plan):  # noqa: F811
    call_command("send_update_reminders")
    assert [m.to for m in mail.outbox] == [["lead@kingston.example.org"]]


@pytest.mark.parametrize(
    "change",
    ["removed from the board", "made chair", "account disabled"],
)
def test_a_lead_who_no_longer_leads_gets_no_email_and_is_chased_another_way(
    login,
    manager,
    lead,
    running_plan,  # noqa: F811
    change,
):
    membership = Membership.objects.get(user=lead, board__slug="kingston")
    if change == "removed from the board":
        membership.delete()
    elif change == "made chair":
        membership.role = Membership.Role.CHAIR
        membership.save()
    else:
        lead.is_active = False
        lead.save()
    call_command("send_update_reminders")
    assert mail.outbox == []
    response = login(manager).post(reverse("actions:chase_send", args=["kingston"]), follow=True)
    assert mail.outbox == []
    text = page_text(response)
    assert "Sent 0 reminders." in text
    # their actions are listed under the lead as written, for the manager to chase another way
    assert "Chair Training Group has no account with an email address" in text
    assert "kingston-lead" not in page_text(login(manager).get(reverse("actions:chase_list", args=["kingston"])))


def test_my_actions_lists_only_boards_where_the_user_leads_now(login, lead, kingston, kingston_in_force):
    client = login(lead)
    assert "16.1" in page_text(client.get(reverse("actions:my_actions")))
    Membership.objects.filter(user=lead, board=kingston).update(role=Membership.Role.AUDITOR)
    text = page_text(client.get(reverse("actions:my_actions")))
    assert "16.1" not in text


def test_a_chair_named_lead_user_cannot_record_progress(login, chair, kingston):
    action = Action.objects.get(objective__plan__board=kingston, number="4.2")
    Action.objects.filter(pk=action.pk).update(lead_user=chair)  # named before this rule, or by the admin
    before = action.updates.count()
    response = login(chair).post(
        reverse("actions:progress", args=[action.pk]),
        {"as_at": "2010-12-31", "status": "in_progress", "rag": "red", "narrative": "A chair writes"},
    )
    assert response.status_code == 403
    assert action.updates.count() == before
    assert "16.1" not in page_text(login(chair).get(reverse("actions:my_actions")))


def test_the_action_form_offers_only_active_managers_and_leads_as_lead_user(login, manager, lead, chair, kingston):
    action = Action.objects.get(objective__plan__board=kingston, number="4.2")
    client = login(manager)
    offered = {
        u.username
        for u in client.get(reverse("actions:edit", args=[action.pk])).context["form"].fields["lead_user"].queryset
    }
    assert offered == {"kingston-manager", "kingston-lead"}
    edit = client.get(reverse("actions:edit", args=[action.pk])).context["form"]
    data = {k: v for k, v in edit.initial.items() if v is not None}
    data.update(lead_user=chair.pk, version=action.version)
    response = client.post(reverse("actions:edit", args=[action.pk]), data)
    assert response.status_code == 200
    assert "Select a valid choice" in page_text(response)
    action.refresh_from_db()
    assert action.lead_user_id != chair.pk
    lead.is_active = False
    lead.save()
    offered = client.get(reverse("actions:edit", args=[action.pk])).context["form"].fields["lead_user"].queryset
    assert {u.username for u in offered} == {"kingston-manager"}
