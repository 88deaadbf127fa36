"""Quarter sign-off: the manager submits an ended quarter, the chair signs it off, and from then on the quarter's
report is frozen (its PDF served byte for byte from the database, its page as signed off) and progress dated in it
is refused, or, from a manager with a reason, recorded as a late amendment shown on the next quarter's report."""

import logging
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ProgressUpdate, QuarterSignoff, QuarterSnapshot
from actions.quarters import Quarter, quarter_of
from plans.models import Objective
from tests.helpers import page_text, row_counts

from .pdf_helpers import norm, pdf_text

pytestmark = pytest.mark.django_db

Q2 = Quarter(2010, 2)
Q3 = Quarter(2010, 3)
SUBMIT = "reporting:quarter_submit"
SIGN_OFF = "reporting:quarter_sign_off"


def url(name, plan, quarter=Q2):
    return reverse(name, args=[plan.pk]) + f"?quarter={quarter.code}"


@pytest.fixture
def stub_pdf(monkeypatch):
    """Who may take which step is not about the PDF's pages (the frozen-bytes tests render for real)."""
    monkeypatch.setattr("reporting.pdf.html_to_pdf", lambda html, **kwargs: b"%PDF-1.7 stub " + html[-40:].encode())


def submit_and_sign(login, manager, chair, plan, quarter=Q2, commentary="Agreed; chase training."):
    response = login(manager).post(url(SUBMIT, plan, quarter), {"commentary": "Ready for the board."})
    assert response.status_code == 302, page_text(response)
    response = login(chair).post(url(SIGN_OFF, plan, quarter), {"meeting_date": "2010-10-12", "commentary": commentary})
    assert response.status_code == 302, page_text(response)
    return QuarterSignoff.objects.get(plan=plan, quarter_end=quarter.end)


# --- who may do what ---------------------------------------------------------------------------------------------


def test_report_page_offers_the_manager_submit_and_then_the_chair_sign_off(login, manager, chair, kingston_plan):
    report = reverse("reporting:quarterly", args=[kingston_plan.pk]) + "?quarter=2010-Q2"
    text = page_text(login(manager).get(report))
    assert "Not submitted for sign-off." in text and "Submit Q2 2010/11 for sign-off" in text
    assert "Sign off Q2 2010/11" not in page_text(login(chair).get(report))

    login(manager).post(url(SUBMIT, kingston_plan), {"commentary": "Ready."})
    text = page_text(login(chair).get(report))
    assert "Submitted by kingston-manager on" in text and "awaiting the chair's sign-off" in text
    assert "Sign off Q2 2010/11" in text
    assert "Submit Q2 2010/11 for sign-off" not in page_text(login(manager).get(report))


def test_only_the_manager_submits(login, lead, chair, auditor, kingston_plan):
    for user in (lead, chair, auditor):
        before = row_counts()
        assert login(user).post(url(SUBMIT, kingston_plan), {"commentary": "x"}).status_code == 403
        assert login(user).get(url(SUBMIT, kingston_plan)).status_code == 403
        assert row_counts() == before
    assert not QuarterSignoff.objects.exists()


def test_only_the_chair_signs_off(login, manager, lead, auditor, chair, kingston_plan, stub_pdf):
    login(manager).post(url(SUBMIT, kingston_plan))
    for user in (manager, lead, auditor):
        before = row_counts()
        response = login(user).post(url(SIGN_OFF, kingston_plan), {"meeting_date": "2010-10-12"})
        assert response.status_code == 403
        assert row_counts() == before
    assert not QuarterSignoff.objects.get().is_signed_off


def test_another_boards_plan_is_a_404(login, llr_manager, outsider, two_board_chair, llr, kingston_plan):
    for user in (llr_manager, outsider):
        assert login(user).post(url(SUBMIT, kingston_plan)).status_code == 404
        assert login(user).post(url(SIGN_OFF, kingston_plan), {"meeting_date": "2010-10-12"}).status_code == 404
    assert not QuarterSignoff.objects.exists()


def test_a_quarter_not_ended_cannot_be_submitted(login, manager, kingston_plan, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: date(2010, 9, 30))
    response = login(manager).post(url(SUBMIT, kingston_plan), {"commentary": "early"}, follow=True)
    assert "Q2 2010/11 has not ended yet (it ends on 30 September 2010)" in page_text(response)
    assert "Submit Q2 2010/11 for sign-off" not in page_text(response)
    assert not QuarterSignoff.objects.exists()


def test_sign_off_needs_a_submission_and_a_meeting_after_the_quarter(login, manager, chair, kingston_plan, stub_pdf):
    response = login(chair).post(url(SIGN_OFF, kingston_plan), {"meeting_date": "2010-10-12"}, follow=True)
    assert "Q2 2010/11 has not been submitted for sign-off" in page_text(response)
    login(manager).post(url(SUBMIT, kingston_plan))
    response = login(chair).post(url(SIGN_OFF, kingston_plan), {"meeting_date": "2010-09-01"})
    assert "The board meeting must come after Q2 2010/11 ended (30 September 2010)" in page_text(response)
    response = login(chair).post(url(SIGN_OFF, kingston_plan), {"meeting_date": ""})
    assert "Give the date of the board meeting" in page_text(response)
    assert not QuarterSignoff.objects.get().is_signed_off
    assert not QuarterSnapshot.objects.exists()


def test_each_step_is_on_the_audit_trail(login, manager, chair, kingston_plan, stub_pdf, caplog):
    with caplog.at_level(logging.INFO, logger="lscb.security"):
        signoff = submit_and_sign(login, manager, chair, kingston_plan)
    logged = caplog.text
    assert "quarter submitted user=kingston-manager" in logged and "quarter=2010-Q2" in logged
    assert "quarter signed off user=kingston-chair" in logged
    history = list(signoff.history.order_by("history_date").values_list("signed_off_by__username", flat=True))
    assert history == [None, "kingston-chair"]
    assert signoff.submit_commentary == "Ready for the board." and signoff.chair_commentary == "Agreed; chase training."
    assert signoff.meeting_date == date(2010, 10, 12)


# --- frozen quarter --------------------------------------------------------------------------------------------------


def test_signed_off_report_is_served_byte_for_byte_whatever_changes(login, manager, chair, kingston_plan):
    signoff = submit_and_sign(login, manager, chair, kingston_plan, commentary="The board agreed the plan.")
    stored = bytes(signoff.pdf)
    text = norm(pdf_text(stored))
    assert f"Signed off on {signoff.signed_off_at:%-d %B %Y} by kingston-chair" in text
    assert "The board agreed the plan." in text
    assert signoff.numbers["total"] == 52 and signoff.numbers["rag"]["Blue"] == 18
    pdf_url = reverse("reporting:quarterly_pdf", args=[kingston_plan.pk]) + "?quarter=2010-Q2"
    page_url = reverse("reporting:quarterly", args=[kingston_plan.pk]) + "?quarter=2010-Q2"
    client = login(chair)
    assert client.get(pdf_url).content == stored
    page_before = page_text(client.get(page_url))
    assert "signed off on" in page_before and "52" in page_before

    # (a) a new objective and outcome added today, (b) a due date revised today, (c) a late update dated in Q2
    objective = Objective.objects.create(plan=kingston_plan, number="99", title="Added today", order=999)
    Action.objects.create(objective=objective, number="99.1", text="A new outcome", due_date=date(2010, 7, 1))
    revised = Action.objects.filter(objective__plan=kingston_plan, due_date__isnull=False).first()
    revised.due_date = date(2010, 8, 1)
    revised.save()
    response = login(manager).post(
        reverse("actions:progress", args=[revised.pk]),
        {
            "as_at": "2010-09-15",
            "status": "in_progress",
            "rag": "red",
            "corrective_action": "Chased",
            "late_reason": "Missed at the meeting",
        },
    )
    assert response.status_code == 302

    assert client.get(pdf_url).content == stored
    assert bytes(QuarterSignoff.objects.get(pk=signoff.pk).pdf) == stored
    assert page_text(client.get(page_url)) == page_before
    assert "Added today" not in page_text(client.get(page_url))


def test_snapshots_are_written_at_sign_off(login, manager, chair, kingston_plan, stub_pdf):
    submit_and_sign(login, manager, chair, kingston_plan)
    snapshots = QuarterSnapshot.objects.filter(quarter_end=Q2.end, action__objective__plan=kingston_plan)
    assert snapshots.count() == 52
    assert snapshots.filter(rag="blue", status="achieved").count() == 18
    first = snapshots.get(action=Action.objects.filter(objective__plan=kingston_plan).order_by("pk").first())
    assert first.number == first.action.number and first.due_date == first.action.due_date


# --- progress dated in a signed-off quarter -------------------------------------------------------------------------


@pytest.fixture
def signed_q2(login, manager, chair, kingston_plan, stub_pdf):
    return submit_and_sign(login, manager, chair, kingston_plan)


def test_an_update_in_a_signed_off_quarter_is_refused_without_a_reason(login, manager, signed_q2, kingston_plan):
    action = Action.objects.filter(objective__plan=kingston_plan).first()
    before = ProgressUpdate.objects.count()
    response = login(manager).post(
        reverse("actions:progress", args=[action.pk]), {"as_at": "2010-09-15", "status": "ongoing", "rag": "green"}
    )
    assert response.status_code == 200
    assert "Q2 2010/11 has been signed off: give a reason to record this as a late amendment" in page_text(response)
    assert ProgressUpdate.objects.count() == before


def test_a_lead_cannot_amend_a_signed_off_quarter(login, lead, signed_q2, kingston_plan):
    action = Action.objects.filter(objective__plan=kingston_plan).first()
    action.lead_user = lead
    action.save()
    before = ProgressUpdate.objects.count()
    data = {"as_at": "2010-09-15", "status": "ongoing", "rag": "green", "late_reason": "please"}
    response = login(lead).post(reverse("actions:progress", args=[action.pk]), data)
    assert "Q2 2010/11 has been signed off by the chair: progress dated in it cannot be recorded" in page_text(response)
    update = action.updates.order_by("pk").first()
    response = login(lead).post(reverse("actions:correct", args=[action.pk, update.pk]), data)
    assert update.as_at > Q2.end or "has been signed off by the chair" in page_text(response)
    assert ProgressUpdate.objects.count() == before


def test_the_leads_sheet_refuses_a_row_dated_in_a_signed_off_quarter(login, lead, manager, chair, kingston_in_force):
    # the lead's sheet lists plans in force: last quarter of a plan running today, signed off
    last = quarter_of(timezone.localdate()).previous()
    QuarterSignoff.objects.create(
        plan=kingston_in_force,
        quarter_end=last.end,
        submitted_by=manager,
        signed_off_by=chair,
        signed_off_at=timezone.now(),
        meeting_date=timezone.localdate(),
    )
    led = list(Action.objects.filter(lead_user=lead).order_by("objective__order", "order", "id"))
    data = {"row-TOTAL_FORMS": str(len(led)), "row-INITIAL_FORMS": "0"}
    for i in range(len(led)):
        data.update({f"row-{i}-as_at": last.end.isoformat(), f"row-{i}-status": "", f"row-{i}-rag": ""})
    data.update({"row-0-status": "ongoing", "row-0-rag": "green", "row-0-narrative": "late"})
    before = ProgressUpdate.objects.count()
    response = login(lead).post(reverse("actions:my_actions"), data)
    assert f"{last.label} has been signed off by the chair" in page_text(response)
    assert ProgressUpdate.objects.count() == before


def test_every_other_door_is_refused_by_the_model(signed_q2, kingston_plan):
    from django.core.exceptions import ValidationError

    action = Action.objects.filter(objective__plan=kingston_plan).first()
    with pytest.raises(ValidationError, match="Q2 2010/11 has been signed off"):
        ProgressUpdate(action=action, as_at=date(2010, 8, 1), status="ongoing", rag="green").save()


def test_a_managers_late_amendment_is_shown_on_the_next_quarters_report(login, manager, signed_q2, kingston_plan):
    action = Action.objects.filter(objective__plan=kingston_plan).order_by("pk").first()
    response = login(manager).post(
        reverse("actions:progress", args=[action.pk]),
        {
            "as_at": "2010-09-15",
            "status": "in_progress",
            "rag": "amber",
            "corrective_action": "Chased",
            "late_reason": "Reported after the meeting",
        },
    )
    assert response.status_code == 302
    update = action.updates.get(amended_after_signoff=True)
    assert update.late_reason == "Reported after the meeting"
    q3 = page_text(login(manager).get(reverse("reporting:quarterly", args=[kingston_plan.pk]) + "?quarter=2010-Q3"))
    assert "Amended after sign-off" in q3 and "Reported after the meeting" in q3
    q2 = page_text(login(manager).get(reverse("reporting:quarterly", args=[kingston_plan.pk]) + "?quarter=2010-Q2"))
    assert "Reported after the meeting" not in q2


# --- a quarter not yet ended ----------------------------------------------------------------------------------------


def test_a_quarter_not_ended_is_provisional_on_every_page(login, manager, kingston_plan, monkeypatch):
    from reporting import pdf

    from .pdf_helpers import pdf_pages

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: date(2010, 9, 15))
    page = page_text(login(manager).get(reverse("reporting:quarterly", args=[kingston_plan.pk]) + "?quarter=2010-Q2"))
    assert "Q2 2010/11: as at 30 September 2010 (provisional: the quarter has not ended)" in page
    assert "it cannot be submitted or signed off yet" in page and "Submit Q2 2010/11 for sign-off" not in page
    pages = pdf_pages(pdf.render_quarterly_pdf(kingston_plan, Q2))
    assert len(pages) > 1
    for number, text in enumerate(pages, 1):
        assert "(provisional: the quarter has not ended)" in norm(text), f"page {number}"


def test_a_managers_correction_in_a_signed_off_quarter_is_a_late_amendment(login, manager, signed_q2, kingston_plan):
    original = ProgressUpdate.objects.filter(
        action__objective__plan=kingston_plan, as_at__gte=Q2.start, as_at__lte=Q2.end
    ).first()
    action = original.action
    correct = reverse("actions:correct", args=[action.pk, original.pk])
    data = {"as_at": original.as_at.isoformat(), "status": "in_progress", "rag": "amber", "corrective_action": "Chased"}
    assert "give a reason to record this as a late amendment" in page_text(login(manager).post(correct, data))
    response = login(manager).post(correct, {**data, "late_reason": "The September figure was wrong"}, follow=True)
    assert "Recorded a correction" in page_text(response)
    correction = original.corrections.get()
    assert correction.amended_after_signoff and correction.late_reason == "The September figure was wrong"
    q3 = page_text(login(manager).get(reverse("reporting:quarterly", args=[kingston_plan.pk]) + "?quarter=2010-Q3"))
    assert "Amended after sign-off" in q3 and "The September figure was wrong" in q3


def test_the_recording_message_says_it_is_a_late_amendment(login, manager, signed_q2, kingston_plan):
    action = Action.objects.filter(objective__plan=kingston_plan).first()
    response = login(manager).post(
        reverse("actions:progress", args=[action.pk]),
        {"as_at": "2010-09-15", "status": "ongoing", "rag": "green", "late_reason": "Late"},
        follow=True,
    )
    assert "recorded as a late amendment" in page_text(response)
    assert "Q2 2010/11's report" not in page_text(response) and "Q3 2010/11's report lists it" in page_text(response)


def test_the_signed_off_page_runs_a_constant_number_of_queries(
    login, chair, signed_q2, kingston_plan, django_assert_num_queries
):
    client = login(chair)
    url = reverse("reporting:quarterly", args=[kingston_plan.pk]) + "?quarter=2010-Q2"
    # 1 session, 2 user, 3 plan with its board (scoped to the user's boards), 4 the quarter's sign-off with who
    # submitted and signed it off: the page (its lists of exceptions, achieved, no update...) is the stored one
    with django_assert_num_queries(4):
        text = page_text(client.get(url))
    assert "This page and its PDF are the report as signed off." in text
    pdf_url = reverse("reporting:quarterly_pdf", args=[kingston_plan.pk]) + "?quarter=2010-Q2"
    # 1 session, 2 user, 3 plan with its board, 4 the signed-off quarter's stored PDF
    with django_assert_num_queries(4):
        assert client.get(pdf_url).content == bytes(signed_q2.pdf)


def test_a_pack_of_a_signed_off_quarter_holds_the_report_as_the_board_saw_it(
    login, manager, chair, kingston, kingston_plan, monkeypatch
):
    from packs.rendering import board_quarterly_pdf
    from reporting import pdf

    real = pdf.html_to_pdf
    monkeypatch.setattr("reporting.pdf.html_to_pdf", lambda html, **kwargs: b"%PDF-1.7 stub")  # the sign-off's own
    signoff = submit_and_sign(login, manager, chair, kingston_plan)
    monkeypatch.setattr("reporting.pdf.html_to_pdf", real)
    Objective.objects.create(plan=kingston_plan, number="99", title="Objective added after sign-off", order=999)
    text = norm(pdf_text(board_quarterly_pdf(kingston, Q2)))
    assert f"Signed off on {signoff.signed_off_at:%-d %B %Y} by kingston-chair" in text
    assert "Objective added after sign-off" not in text
