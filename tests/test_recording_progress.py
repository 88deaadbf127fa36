"""A manager or an action's lead records progress; updates are never edited; corrections name what they correct."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.models import Action, ProgressUpdate, Status
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(kingston):
    return Action.objects.get(objective__plan__board=kingston, number="4.2")


def record(client, action, **data):
    payload = {
        "as_at": "2010-12-31",
        "status": "in_progress",
        "rag": "red",
        "narrative": "Induction stalled",
        "corrective_action": "Trainer borrowed from the council",
        **data,
    }
    return client.post(reverse("actions:progress", args=[action.pk]), payload)


def test_manager_records_a_red_update_and_the_plan_page_shows_it(login, manager, action):
    client = login(manager)
    response = record(client, action)
    assert response.status_code == 302
    update = action.updates.order_by("-id").first()
    assert (update.as_at, update.status, update.rag, update.author) == (
        date(2010, 12, 31),
        "in_progress",
        "red",
        manager,
    )
    plan_url = reverse("reporting:plan", args=[action.objective.plan_id])
    plan_page = page_text(client.get(plan_url, {"as_at": "2010-12-31"}))
    assert "Induction stalled" in plan_page


def test_the_lead_records_on_their_own_action(login, lead, kingston):
    own = Action.objects.get(objective__plan__board=kingston, number="16.1")
    assert record(login(lead), own, status="ongoing", rag="green", narrative="Group meets monthly").status_code == 302
    assert own.updates.filter(author=lead, narrative="Group meets monthly").exists()


def test_an_update_for_a_past_quarter_is_allowed_and_shown_as_recorded_late(login, manager, action):
    client = login(manager)
    record(client, action, as_at="2010-06-30")
    update = action.updates.get(as_at=date(2010, 6, 30))
    assert update.recorded_late  # recorded in 2026 for a quarter ending June 2010
    assert "recorded late" in page_text(client.get(reverse("actions:detail", args=[action.pk])))
    # the seed's own September 2010 column was recorded as at its date: not late
    assert not action.updates.get(as_at=date(2010, 9, 30)).recorded_late


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"as_at": ""}, "Say what date this progress is as at."),
        ({"as_at": "31/31/2010"}, "Enter the as-at date as a date, for example 2010-09-30."),
        ({"as_at": "2999-01-01"}, "Progress cannot be reported as at a future date."),
        ({"as_at": "2001-01-01"}, "The plan's period starts on 01 April 2009"),
        ({"status": ""}, "Choose a status"),
        ({"rag": ""}, "Choose a RAG rating: Red, Amber, Green or Blue (complete)."),
        ({"corrective_action": ""}, "A Red rating needs a corrective action"),
        ({"rag": "amber", "corrective_action": ""}, "An Amber rating needs a corrective action"),
        ({"status": "ongoing", "rag": "blue"}, "Blue means complete"),
        ({"evidence_url": "javascript:alert(1)"}, "Enter the evidence link as a full web address starting https://."),
    ],
)
def test_bad_input_names_what_is_wrong_and_saves_nothing(login, manager, action, data, message):
    before = ProgressUpdate.objects.count()
    response = record(login(manager), action, **data)
    assert response.status_code == 200
    assert message in page_text(response)
    assert ProgressUpdate.objects.count() == before
    assert "Induction stalled" in response.content.decode()  # what they typed is kept


def test_the_corrective_action_is_on_the_action_page(login, manager, action):
    client = login(manager)
    record(client, action)
    text = page_text(client.get(reverse("actions:detail", args=[action.pk])))
    assert "Induction stalled Corrective action: Trainer borrowed from the council" in text


def test_achieved_is_recorded_blue_whatever_rating_was_chosen(login, manager, action):
    assert record(login(manager), action, status="achieved", rag="red", corrective_action="").status_code == 302
    assert action.updates.order_by("-id").first().rag == "blue"


def test_the_form_says_achieved_is_blue_and_asks_for_a_corrective_action(login, manager, action):
    text = page_text(login(manager).get(reverse("actions:progress", args=[action.pk])))
    assert "Achieved sets the RAG rating to Blue (complete)." in text
    assert "Corrective action" in text


def test_evidence_files_are_checked_for_size_and_real_type(login, manager, action, settings):
    client = login(manager)
    fake_pdf = SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = record(client, action, evidence_file=fake_pdf)
    assert "The file is named .pdf but its content is not a PDF file." in page_text(response)
    exe = SimpleUploadedFile("tool.exe", b"MZ", content_type="application/octet-stream")
    assert "Evidence must be a PDF, Word, Excel" in page_text(record(client, action, evidence_file=exe))
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1), content_type="application/pdf")
    assert "the limit is 10 MB" in page_text(record(client, action, evidence_file=big))
    assert not action.updates.filter(as_at=date(2010, 12, 31)).exists()
    good = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n%minutes", content_type="application/pdf")
    assert record(client, action, evidence_file=good).status_code == 302
    assert action.updates.get(as_at=date(2010, 12, 31)).evidence_file.name.endswith(".pdf")


def test_a_correction_names_the_update_it_corrects_and_both_stay_visible(login, manager, action):
    client = login(manager)
    original = action.updates.get()
    response = client.post(
        reverse("actions:correct", args=[action.pk, original.pk]),
        {
            "as_at": "2010-09-30",
            "status": "in_progress",
            "rag": "amber",
            "narrative": "Only two members inducted so far",
            "corrective_action": "Second induction day booked",
        },
    )
    assert response.status_code == 302
    correction = action.updates.get(corrects=original)
    original.refresh_from_db()
    assert original.narrative.startswith("ACHIEVED new members")  # untouched
    page = page_text(client.get(reverse("actions:detail", args=[action.pk])))
    assert "Only two members inducted so far" in page and "ACHIEVED new members" in page
    assert "Corrects the update as at 30 September 2010" in page
    # as at 30 September 2010 the plan now shows the correction (recorded later for the same date)
    plan_page = page_text(client.get(reverse("reporting:plan", args=[action.objective.plan_id])))
    assert "Only two members inducted so far" in plan_page
    assert correction.as_at == date(2010, 9, 30)


def test_there_is_no_way_to_edit_or_delete_an_update(login, manager, action):
    from django.urls import get_resolver

    names = [p.name for p in get_resolver().url_patterns[-2].url_patterns if getattr(p, "name", None)]
    assert not any("delete" in n or ("update" in n and "edit" in n) for n in names)
    update = action.updates.get()
    client = login(manager)
    assert client.post(f"/actions/{action.pk}/progress/{update.pk}/delete/").status_code == 404
    assert client.post(f"/admin/actions/progressupdate/{update.pk}/delete/").status_code in (302, 403)
    assert ProgressUpdate.objects.filter(pk=update.pk).exists()


def test_the_form_shows_the_outcome_and_its_last_update(login, manager, action):
    text = page_text(login(manager).get(reverse("actions:progress", args=[action.pk])))
    assert "Outcome 4.2 Develop an Induction programme for new members." in text
    last = action.updates.order_by("-as_at", "-recorded_at", "-id").first()
    assert f"Last update {last.get_status_display()}" in text
    assert f"as at {last.as_at:%-d %B %Y}, by {last.author_label}" in text


def test_save_and_next_goes_to_the_next_outcome_owing_this_quarters_update(login, manager, lead, kingston):
    from django.utils import timezone

    from tests.helpers import make_current_plan

    plan, outcomes = make_current_plan(kingston, outcomes=4)
    ProgressUpdate.objects.create(action=outcomes[1], as_at=timezone.localdate(), status="ongoing", rag="green")
    client = login(manager)
    today = timezone.localdate().isoformat()
    data = {"as_at": today, "status": "ongoing", "rag": "green", "narrative": "On track", "then": "next"}
    response = client.post(reverse("actions:progress", args=[outcomes[0].pk]), data)
    assert response["Location"] == reverse("actions:progress", args=[outcomes[2].pk])  # 1.2 has its update
    assert outcomes[0].updates.filter(narrative="On track", author=manager).exists()
    plain = {k: v for k, v in data.items() if k != "then"}
    response = client.post(reverse("actions:progress", args=[outcomes[3].pk]), plain, follow=True)
    assert response.redirect_chain[-1][0] == reverse("actions:detail", args=[outcomes[3].pk])  # plain save: as before
    response = client.post(reverse("actions:progress", args=[outcomes[2].pk]), data, follow=True)
    assert "Every outcome after 1.3 has an update this quarter." in page_text(response)
    assert response.redirect_chain[-1][0] == reverse("reporting:plan", args=[plan.pk])


def test_save_and_next_takes_a_lead_only_to_outcomes_they_lead(login, lead, kingston):
    from django.utils import timezone

    from tests.helpers import make_current_plan

    _, outcomes = make_current_plan(kingston, outcomes=4)
    Action.objects.filter(pk__in=[outcomes[0].pk, outcomes[3].pk]).update(lead_user=lead)
    today = timezone.localdate().isoformat()
    data = {"as_at": today, "status": "ongoing", "rag": "green", "narrative": "On track", "then": "next"}
    response = login(lead).post(reverse("actions:progress", args=[outcomes[0].pk]), data)
    assert response["Location"] == reverse("actions:progress", args=[outcomes[3].pk])


def test_recording_an_update_runs_a_constant_number_of_queries(login, manager, action, django_assert_num_queries):
    client = login(manager)
    # 1 session, 2 user, 3 the action with its plan, board and the user's role (scoped), 4 whether its quarter is
    # signed off (the form), 5 savepoint (a form sent twice is told apart), 6 INSERT, 7 its action's current state
    # (one conditional UPDATE), 8 its quarter snapshots to rewrite (it is dated in an ended quarter, so the rows
    # kept for quarter ends from its date on are looked up and locked: none here), 9 whether its quarter is signed
    # off (the model's own check, after the insert), 10 release the savepoint. The first makes the action (Achieved
    # till then) no longer achieved: 7 the conditional UPDATE for an action staying on the same side changes no row,
    # 8 the one for an action changing side does, 9 its objective's count of achieved actions (ObjectiveCount),
    # then 10 to 12 as 8 to 10 above
    assert action.state.status == Status.ACHIEVED
    with django_assert_num_queries(12):
        assert record(client, action).status_code == 302
    with django_assert_num_queries(10):  # in progress again: the same side
        assert record(client, action, narrative="Again").status_code == 302
    assert action.updates.filter(narrative="Again").exists()
