"""make backup / make restore round-trip: what the chair prints is identical after restoring into an empty database."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from actions.models import Action, EvidenceFile, ProgressUpdate, QuarterSignoff
from boards.models import Board
from lscb.backup import backup, restore
from tests.helpers import assert_board_contents_kept, assert_review_links_kept, page_text
from tests.pdf_helpers import pdf_text


def kingston_prints(client, plan_pk):
    """The Kingston plan PDF's text (as at 31 Dec 2010, to include the update made before the backup), and the
    action page of 4.2 with its timeline."""
    pdf = client.get(reverse("reporting:print_pdf", args=[plan_pk]), {"as_at": "2010-12-31"})
    assert pdf["Content-Type"] == "application/pdf"
    action = Action.objects.get(objective__plan_id=plan_pk, number="4.2")
    return pdf_text(pdf.content), page_text(client.get(reverse("actions:detail", args=[action.pk])))


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_gives_the_same_plan(seed, tmp_path, django_user_model):
    plan = seed["kingston"].plans.get()
    action = Action.objects.get(objective__plan=plan, number="4.2")
    manager = django_user_model.objects.get(username="kingston-manager")
    ProgressUpdate.objects.create(
        action=action,
        as_at="2010-12-31",
        status="in_progress",
        rag="red",
        narrative="Recorded before the backup",
        author=manager,
    )
    evidence = b"%PDF-1.4\n%minutes kept in the database"
    EvidenceFile.objects.create(
        name="evidence/2010/12/minutes.pdf", content=evidence, size=len(evidence), content_type="application/pdf"
    )
    # a signed-off quarter: its stored PDF and Word copy (every byte value, to show binary survives) are served
    frozen = bytes(range(256)) * 8
    frozen_docx = bytes(reversed(range(256))) * 8
    QuarterSignoff.objects.create(
        plan=plan,
        quarter_end="2010-09-30",
        submitted_by=manager,
        signed_off_by=django_user_model.objects.get(username="kingston-chair"),
        signed_off_at="2010-10-12T18:00:00Z",
        meeting_date="2010-10-12",
        pdf=frozen,
        docx=frozen_docx,
    )
    client = Client()
    client.force_login(django_user_model.objects.get(username="kingston-chair"))
    before = kingston_prints(client, plan.pk)
    q2_pdf = reverse("reporting:quarterly_pdf", args=[plan.pk]) + "?quarter=2010-Q2"
    assert client.get(q2_pdf).content == frozen
    q2_docx = reverse("reporting:quarterly_docx", args=[plan.pk]) + "?quarter=2010-Q2"
    assert client.get(q2_docx).content == frozen_docx
    path = backup(tmp_path)
    assert path.exists() and path.stat().st_size > 10_000

    call_command("flush", "--noinput", verbosity=0)
    assert not Board.objects.exists()

    restore(path)
    client = Client()
    client.force_login(django_user_model.objects.get(username="kingston-chair"))
    after = kingston_prints(client, plan.pk)
    assert after == before
    assert bytes(EvidenceFile.objects.get(name="evidence/2010/12/minutes.pdf").content) == evidence  # files too
    assert client.get(q2_pdf).content == frozen
    assert client.get(q2_docx).content == frozen_docx
    assert "Recorded before the backup" in after[0] and "Recorded before the backup" in after[1]
    assert Action.objects.get(pk=action.pk).history.count() == action.history.count()
    assert_review_links_kept()  # written again as each objective's links were restored
    assert_board_contents_kept()  # restored as they were kept
