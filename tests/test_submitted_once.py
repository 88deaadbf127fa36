"""A form sent twice stores its progress once, and no door files progress as at a future date. The penetration
test found five identical progress posts at once storing five updates (a double click: two), the lead's sheet
sent three times storing three sets, and an import filing progress 'as at 2099-12-31' with a recorded time that
outranked every real update for ever."""

import re
import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ProgressUpdate
from plans.models import PlanImport
from tests.helpers import page_text, row_counts
from tests.test_import_fuzz import csv_of, manager_client, post_upload  # noqa: F401 (a fixture)
from tests.test_my_actions import LED, rows

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="(?:row-\d+-)?submission" value="([0-9a-f-]{36})"')


def form_token(client, url):
    """The one-time token of the form as rendered for the user."""
    return TOKEN.search(client.get(url).content.decode())[1]


def progress(token, narrative="Induction stalled"):
    return {
        "as_at": "2010-12-31",
        "status": "in_progress",
        "rag": "red",
        "narrative": narrative,
        "submission": token,
        "corrective_action": "Escalated to the chair",
    }


def test_a_double_click_stores_one_update(login, manager, kingston):
    action = Action.objects.get(objective__plan__board=kingston, number="4.2")
    client = login(manager)
    url = reverse("actions:progress", args=[action.pk])
    token = form_token(client, url)
    before = action.updates.count()
    first = client.post(url, progress(token))
    second = client.post(url, progress(token), follow=True)
    assert first.status_code == 302 and second.status_code == 200
    assert "This form was sent twice: its progress is recorded once." in page_text(second)
    assert action.updates.count() == before + 1
    # a new rendering of the form is a new token: the next update is recorded
    assert client.post(url, progress(form_token(client, url), "Next week")).status_code == 302
    assert action.updates.count() == before + 2


def test_a_correction_sent_twice_is_recorded_once(login, manager, kingston):
    action = Action.objects.get(objective__plan__board=kingston, number="4.2")
    original = action.updates.order_by("pk").first()
    client = login(manager)
    url = reverse("actions:correct", args=[action.pk, original.pk])
    token = form_token(client, url)
    # as at the date of the update it corrects (another date would need a reason)
    correction = {**progress(token, "Corrected"), "as_at": original.as_at.isoformat()}
    client.post(url, correction)
    client.post(url, correction)
    assert action.updates.filter(corrects=original, narrative="Corrected").count() == 1


@pytest.mark.django_db(transaction=True)
def test_five_identical_posts_at_once_store_one_update(seed, django_user_model):
    """Five requests carrying the same form, sent at the same moment (as tests/test_lost_updates.py races)."""
    manager = django_user_model.objects.get(username="kingston-manager")
    action = Action.objects.get(objective__plan__board__slug="kingston", number="7.2")
    url = reverse("actions:progress", args=[action.pk])
    opener = Client()
    opener.force_login(manager)
    token = form_token(opener, url)
    before = action.updates.count()
    barrier = threading.Barrier(5)
    results = [None] * 5

    def send(n):
        try:
            client = Client()
            client.force_login(manager)
            barrier.wait()
            results[n] = client.post(url, progress(token, "Sent five times")).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert results == [302] * 5  # each is told it is recorded (once)
    assert action.updates.count() == before + 1
    assert action.updates.filter(narrative="Sent five times").count() == 1


def test_the_leads_sheet_sent_three_times_stores_one_set(login, lead, kingston_in_force):
    client = login(lead)
    page = client.get(reverse("actions:my_actions")).content.decode()
    tokens = dict(re.findall(r'name="(row-\d+-submission)" value="([0-9a-f-]{36})"', page))
    assert len(tokens) == len(LED)
    before = ProgressUpdate.objects.count()
    for _ in range(3):
        response = client.post(reverse("actions:my_actions"), {**rows(), **tokens}, follow=True)
    assert ProgressUpdate.objects.count() == before + len(LED)
    assert "This sheet was sent more than once: its updates are recorded once." in page_text(response)


def test_no_form_records_progress_as_at_a_future_date(login, manager, lead, kingston, kingston_in_force):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    action = Action.objects.get(objective__plan__board=kingston, number="4.2")
    before = ProgressUpdate.objects.count()
    response = login(manager).post(reverse("actions:progress", args=[action.pk]), {**progress(""), "as_at": tomorrow})
    assert "Progress cannot be reported as at a future date." in page_text(response)
    response = login(lead).post(reverse("actions:my_actions"), rows(**{"row-0-as_at": tomorrow}))
    assert "Progress cannot be reported as at a future date." in page_text(response)
    assert ProgressUpdate.objects.count() == before


def test_the_model_refuses_a_future_as_at_date_whoever_saves_it(kingston):
    action = Action.objects.get(objective__plan__board=kingston, number="4.2")
    with pytest.raises(ValidationError, match="Progress cannot be reported as at a future date."):
        ProgressUpdate.objects.create(
            action=action, as_at=timezone.localdate() + timedelta(days=1), status="ongoing", rag="green"
        )


def test_an_import_cannot_file_progress_as_at_a_future_date(kingston, manager_client):  # noqa: F811
    before = row_counts()
    data = csv_of([["Outcomes", "Lead", "Progress 31/12/2099"], ["1.1 Train staff", "Chair", "ONGOING: on track"]])
    response = post_upload(manager_client, "plan.csv", data)
    assert response.status_code == 302
    plan_import = PlanImport.objects.get()
    assert (
        "plan.csv, row 1, column Progress 31/12/2099: the heading 'Progress 31/12/2099' reports progress as at "
        "31 December 2099, after today: progress cannot be reported as at a future date. Correct the heading's "
        "date and upload the file again."
    ) in plan_import.preview["errors"]
    confirmed = manager_client.post(reverse("imports:confirm", args=["kingston", plan_import.pk]))
    assert confirmed.status_code == 409
    assert {k: v for k, v in row_counts().items() if k != "plans.PlanImport"} == {
        k: v for k, v in before.items() if k != "plans.PlanImport"
    }


def test_the_import_form_refuses_a_future_progress_date(kingston, manager_client):  # noqa: F811
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    data = csv_of([["Outcomes", "Lead", "Progress"], ["1.1 Train staff", "Chair", "ONGOING"]])
    response = post_upload(manager_client, "plan.csv", data, progress_as_at=tomorrow)
    assert response.status_code == 200
    assert "Progress cannot be reported as at a future date." in page_text(response)
    assert not PlanImport.objects.exists()
