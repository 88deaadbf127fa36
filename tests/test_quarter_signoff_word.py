"""The Word copy of a signed-off quarter: stored at sign-off with the PDF and served byte for byte ever after,
labelled "Signed off on <date> by <chair>" with both commentaries, whatever is added or amended later; a quarter
signed off before Word copies were stored is built as before, but labelled. Who may download it: whoever may
download the frozen PDF."""

import logging
from datetime import date
from io import BytesIO

import docx
import pytest
from django.urls import reverse

from actions.models import Action, QuarterSignoff
from plans.models import Objective

from .test_quarter_signoff import Q2, stub_pdf, submit_and_sign  # noqa: F401 (stub_pdf is a fixture)

pytestmark = pytest.mark.django_db

MANAGER_SAYS = "Ready for the board."  # submit_and_sign's manager's commentary
CHAIR_SAYS = "The board agreed the plan; chase training."


def docx_url(plan, quarter=Q2):
    return reverse("reporting:quarterly_docx", args=[plan.pk]) + f"?quarter={quarter.code}"


def read(content):
    """The document's text as Word shows it: the page header, then the body's paragraphs, then its tables."""
    document = docx.Document(BytesIO(content))
    header = [p.text for p in document.sections[0].header.paragraphs]
    body = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return header, body, cells


def label_of(signoff):
    return f"Signed off on {signoff.signed_off_at:%-d %B %Y} by kingston-chair"


@pytest.fixture
def signed_q2(login, manager, chair, kingston_plan, stub_pdf):  # noqa: F811
    return submit_and_sign(login, manager, chair, kingston_plan, commentary=CHAIR_SAYS)


def test_the_word_copy_is_stored_at_sign_off_and_labelled(signed_q2):
    assert signed_q2.docx, "no Word copy stored at sign-off"
    header, body, _cells = read(bytes(signed_q2.docx))
    label = label_of(signed_q2)
    assert label in " ".join(header), "not at the head of every page"
    assert body[0].startswith(label) and "agreed at the board meeting of 12 October 2010" in body[0]
    assert f"The manager's commentary: {MANAGER_SAYS}" in body
    assert f"The chair's commentary: {CHAIR_SAYS}" in body


def test_the_word_copy_is_served_byte_for_byte_whatever_changes(login, manager, chair, signed_q2, kingston_plan):
    stored = bytes(signed_q2.docx)
    client = login(chair)
    assert client.get(docx_url(kingston_plan)).content == stored

    # (a) a new objective and outcome added today
    objective = Objective.objects.create(plan=kingston_plan, number="99", title="Added today", order=999)
    Action.objects.create(objective=objective, number="99.1", text="A new outcome", due_date=date(2010, 7, 1))
    assert client.get(docx_url(kingston_plan)).content == stored

    # (b) a late amendment dated in Q2 by a manager with a reason
    action = Action.objects.filter(objective__plan=kingston_plan).order_by("pk").first()
    response = login(manager).post(
        reverse("actions:progress", args=[action.pk]),
        {
            "as_at": "2010-09-15",
            "status": "in_progress",
            "rag": "red",
            "corrective_action": "Chased",
            "late_reason": "Reported after the meeting",
        },
    )
    assert response.status_code == 302
    assert action.updates.filter(amended_after_signoff=True).exists()

    served = client.get(docx_url(kingston_plan)).content
    assert served == stored
    assert bytes(QuarterSignoff.objects.get(pk=signed_q2.pk).docx) == stored
    _header, body, cells = read(served)
    assert "Added today" not in " ".join(body + cells) and "Reported after the meeting" not in " ".join(body + cells)


def test_a_quarter_signed_off_before_word_copies_were_stored_is_built_but_labelled(
    login, chair, signed_q2, kingston_plan
):
    QuarterSignoff.objects.filter(pk=signed_q2.pk).update(docx=None)
    content = login(chair).get(docx_url(kingston_plan)).content
    header, body, _cells = read(content)
    assert label_of(signed_q2) in " ".join(header) and body[0].startswith(label_of(signed_q2))
    assert f"The chair's commentary: {CHAIR_SAYS}" in body
    assert QuarterSignoff.objects.get(pk=signed_q2.pk).docx is None  # a download writes nothing


def test_a_quarter_not_signed_off_is_not_labelled(login, manager, chair, kingston_plan):
    login(manager).post(reverse("reporting:quarter_submit", args=[kingston_plan.pk]) + "?quarter=2010-Q2")
    header, body, _cells = read(login(chair).get(docx_url(kingston_plan)).content)
    assert "Signed off" not in " ".join(header + body)


def test_who_may_download_it_as_the_pdf(
    login, manager, lead, chair, auditor, llr_manager, outsider, signed_q2, kingston_plan
):
    stored = bytes(signed_q2.docx)
    for user in (manager, lead, chair, auditor):
        response = login(user).get(docx_url(kingston_plan))
        assert response.status_code == 200 and response.content == stored, user
        assert login(user).post(docx_url(kingston_plan)).status_code == 405
    pdf_url = reverse("reporting:quarterly_pdf", args=[kingston_plan.pk]) + "?quarter=2010-Q2"
    for user in (llr_manager, outsider):
        assert login(user).get(docx_url(kingston_plan)).status_code == 404
        assert login(user).get(pdf_url).status_code == 404


def test_the_download_is_on_the_audit_trail(login, chair, signed_q2, kingston_plan, caplog):
    with caplog.at_level(logging.INFO, logger="lscb.security"):
        login(chair).get(docx_url(kingston_plan))
    assert (
        f'download user=kingston-chair ip=127.0.0.1 what="quarterly Word copy" board=kingston plan={kingston_plan.pk} '
        f"quarter=2010-Q2 signed_off=True bytes={len(signed_q2.docx)} at="
    ) in caplog.text


def test_the_signed_off_report_page_links_its_word_copy(login, chair, signed_q2, kingston_plan):
    page = login(chair).get(reverse("reporting:quarterly", args=[kingston_plan.pk]) + "?quarter=2010-Q2")
    assert f'href="{docx_url(kingston_plan)}"' in page.content.decode()


def test_the_download_runs_a_constant_number_of_queries(
    login, chair, signed_q2, kingston_plan, django_assert_num_queries
):
    client = login(chair)
    # 1 session, 2 user, 3 plan with its board, 4 the signed-off quarter with its stored Word copy (and who
    # signed it off): nothing of the plan's objectives, outcomes or progress is read
    with django_assert_num_queries(4):
        assert client.get(docx_url(kingston_plan)).content == bytes(signed_q2.docx)
