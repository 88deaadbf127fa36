"""Two people editing the same action or objective: the second save is refused, told who changed it and when,
and keeps what they typed. Never a silent overwrite."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from actions.models import Action
from boards.models import Membership
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def edit_payload(action, text, version):
    return {"number": action.number, "text": text, "version": version}


def test_the_second_save_from_a_stale_form_is_refused_and_keeps_its_input(login, manager, kingston, django_user_model):
    action = Action.objects.get(objective__plan__board=kingston, number="5.3")
    colleague = django_user_model.objects.create_user("deputy-manager")
    Membership.objects.create(user=colleague, board=kingston, role=Membership.Role.MANAGER)
    opened_at = action.version
    first = login(colleague).post(
        reverse("actions:edit", args=[action.pk]),
        edit_payload(action, "First wording", opened_at),
    )
    assert first.status_code == 302
    second = login(manager).post(
        reverse("actions:edit", args=[action.pk]),
        edit_payload(action, "Second wording", opened_at),
    )
    assert second.status_code == 200
    text = page_text(second)
    assert "This was changed by deputy-manager at " in text and "since you opened it" in text
    assert "Second wording" in second.content.decode()  # kept on the page
    action.refresh_from_db()
    assert action.text == "First wording"
    # having seen the message, saving again replaces the colleague's wording deliberately
    again = login(manager).post(
        reverse("actions:edit", args=[action.pk]),
        edit_payload(action, "Second wording", action.version),
    )
    assert again.status_code == 302
    action.refresh_from_db()
    assert action.text == "Second wording"


def test_objectives_are_protected_the_same_way(login, manager, kingston):
    objective = kingston.plans.get().objectives.get(number="6")
    url = reverse("plans:objective_edit", args=[objective.pk])
    client = login(manager)
    assert client.post(url, {"number": "6", "title": "One", "version": objective.version}).status_code == 302
    stale = client.post(url, {"number": "6", "title": "Two", "version": objective.version})
    assert "since you opened it" in page_text(stale)
    objective.refresh_from_db()
    assert objective.title == "One"


@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_saves_from_one_stale_version_exactly_one_wins(seed):
    """Eight managers open the same action at the same version and press save at once."""
    from django.contrib.auth import get_user_model

    kingston = seed["kingston"]
    action = Action.objects.get(objective__plan__board=kingston, number="7.2")
    version = action.version
    users = []
    for n in range(8):
        user = get_user_model().objects.create_user(f"racer-{n}")
        Membership.objects.create(user=user, board=kingston, role=Membership.Role.MANAGER)
        users.append(user)
    barrier = threading.Barrier(8)
    results = [None] * 8

    def save(n):
        try:
            client = Client()
            client.force_login(users[n])
            barrier.wait()
            response = client.post(
                reverse("actions:edit", args=[action.pk]),
                edit_payload(action, f"Wording {n}", version),
            )
            results[n] = response.status_code
        finally:
            connection.close()  # each thread has its own connection: give it back

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(results) == [200] * 7 + [302], results
    action.refresh_from_db()
    winner = results.index(302)
    assert action.text == f"Wording {winner}"
    assert action.version == version + 1
    assert action.history.filter(text__startswith="Wording").count() == 1
