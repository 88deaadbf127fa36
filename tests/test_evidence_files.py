"""An uploaded evidence file opens for whoever may read the action, from a link on the action's timeline, served
by a view that checks access first, as an attachment the browser does not sniff. Files are kept in the database
(every web server reaches them, the backup includes them), never under a public media URL."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.models import Action, EvidenceFile, ProgressUpdate

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%minutes of the board, 3 December 2010"


@pytest.fixture
def action(kingston):
    return Action.objects.get(objective__plan__board=kingston, number="4.2")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def update(login, manager, action, media):
    upload = SimpleUploadedFile("board minutes.pdf", PDF, content_type="application/pdf")
    data = {
        "as_at": "2010-12-31",
        "status": "in_progress",
        "rag": "amber",
        "corrective_action": "Chased",
        "evidence_file": upload,
    }
    response = login(manager).post(reverse("actions:progress", args=[action.pk]), data)
    assert response.status_code == 302
    return action.updates.get(as_at=date(2010, 12, 31))


def test_the_upload_is_kept_in_the_database_not_on_disk(update, media):
    stored = EvidenceFile.objects.get(name=update.evidence_file.name)
    assert (bytes(stored.content), stored.size, stored.content_type) == (PDF, len(PDF), "application/pdf")
    assert list(media.rglob("*")) == []


@pytest.mark.parametrize("persona", ["manager", "lead", "chair", "auditor", "two_board_chair"])
def test_everyone_who_reads_the_action_opens_the_file_from_its_timeline(request, login, persona, action, update):
    client = login(request.getfixturevalue(persona))
    url = reverse("actions:evidence", args=[action.pk, update.pk])
    page = client.get(reverse("actions:detail", args=[action.pk])).content.decode()
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Disposition"] == 'attachment; filename="board_minutes.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("persona", ["outsider", "llr_manager", "leeds_manager"])
def test_nobody_without_a_role_on_the_board_gets_it(request, login, persona, action, update):
    response = login(request.getfixturevalue(persona)).get(reverse("actions:evidence", args=[action.pk, update.pk]))
    assert response.status_code == 404 and PDF not in response.content


def test_signed_out_visitors_are_sent_to_sign_in(client, action, update):
    response = client.get(reverse("actions:evidence", args=[action.pk, update.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_update_of_another_action_or_without_a_file_is_404(login, chair, action, update, kingston):
    client = login(chair)
    other = Action.objects.filter(objective__plan__board=kingston).exclude(pk=action.pk).first()
    assert client.get(reverse("actions:evidence", args=[other.pk, update.pk])).status_code == 404
    plain = action.updates.exclude(pk=update.pk).first()
    assert client.get(reverse("actions:evidence", args=[action.pk, plain.pk])).status_code == 404


def test_the_migration_moves_files_already_on_disk_into_the_database(action, manager, media, capsys):
    migration = importlib.import_module("actions.migrations.0010_funding_history_evidence_in_database")
    (media / "evidence/2010/09").mkdir(parents=True)
    (media / "evidence/2010/09/audit.pdf").write_bytes(PDF)
    ProgressUpdate.objects.create(
        action=action,
        as_at="2010-09-30",
        status="in_progress",
        author=manager,
        evidence_file="evidence/2010/09/audit.pdf",
    )
    ProgressUpdate.objects.create(
        action=action,
        as_at="2010-09-29",
        status="in_progress",
        author=manager,
        evidence_file="evidence/2010/09/gone.pdf",
    )
    migration.move_files_into_the_database(apps, None)
    moved = EvidenceFile.objects.get(name="evidence/2010/09/audit.pdf")
    assert bytes(moved.content) == PDF and moved.content_type == "application/pdf"
    assert "evidence/2010/09/gone.pdf is not on this server's disk" in capsys.readouterr().out
    migration.move_files_into_the_database(apps, None)  # again: nothing twice
    assert EvidenceFile.objects.filter(name="evidence/2010/09/audit.pdf").count() == 1
