"""Who may import: the board's manager. Chair, auditor and lead officer get 403; another board's manager and
an outsider get 404; an import is only ever found through its own board (another board's import id is a 404).
No refused request writes anything."""

import pytest
from django.urls import reverse

from plans.models import PlanImport
from tests.helpers import page_text, row_counts
from tests.import_files import PLAN_FIELDS, imported, kingston_docx, llr_xlsx, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def kingston_import(kingston, manager, login):
    client = login(manager)
    return imported(client, upload(client, "kingston", "kingston.docx", kingston_docx()))


@pytest.fixture
def llr_import(llr, llr_manager, login):
    client = login(llr_manager)
    return imported(client, upload(client, "llr", "llr.xlsx", llr_xlsx()))


def urls(plan_import):
    slug, pk = plan_import.board.slug, plan_import.pk
    return [
        ("GET", reverse("imports:start", args=[slug])),
        ("POST", reverse("imports:start", args=[slug])),
        ("GET", reverse("imports:detail", args=[slug, pk])),
        ("GET", reverse("imports:progress", args=[slug, pk])),
        ("POST", reverse("imports:confirm", args=[slug, pk])),
    ]


def request(client, method, url):
    if method == "GET":
        return client.get(url)
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(url, {**PLAN_FIELDS, "file": SimpleUploadedFile("kingston.docx", kingston_docx())})


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("chair", 403), ("auditor", 403), ("lead", 403), ("llr_manager", 404), ("outsider", 404)],
)
def test_only_the_boards_manager_may_import(kingston_import, request_persona, login, persona, expected):
    client = login(request_persona(persona))
    before = row_counts()
    for method, url in urls(kingston_import):
        assert request(client, method, url).status_code == expected, (persona, method, url)
    assert row_counts() == before
    kingston_import.refresh_from_db()
    assert kingston_import.status == PlanImport.Status.READY


@pytest.fixture
def request_persona(request):
    return lambda name: request.getfixturevalue(name)


def test_another_boards_import_is_not_found_through_this_board(kingston_import, llr_import, manager, login):
    client = login(manager)
    before = row_counts()
    for url in (
        reverse("imports:detail", args=["kingston", llr_import.pk]),
        reverse("imports:progress", args=["kingston", llr_import.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("imports:confirm", args=["kingston", llr_import.pk])).status_code == 404
    assert client.post(reverse("imports:confirm", args=["llr", llr_import.pk])).status_code == 404
    assert row_counts() == before
    llr_import.refresh_from_db()
    assert llr_import.status == PlanImport.Status.READY


def test_signed_out_visitors_are_sent_to_sign_in(kingston_import, client):
    response = client.get(reverse("imports:start", args=["kingston"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_board_page_offers_the_import_to_its_manager_only(kingston, manager, chair, login):
    assert "Import a plan" in page_text(login(manager).get(reverse("reporting:board", args=["kingston"])))
    assert "Import a plan" not in page_text(login(chair).get(reverse("reporting:board", args=["kingston"])))


def test_the_import_page_lists_imports_not_yet_confirmed(kingston_import, manager, login):
    text = page_text(login(manager).get(reverse("imports:start", args=["kingston"])))
    assert "Imports not yet confirmed" in text and "kingston.docx – preview ready" in text
    assert "Download the Excel template" in text
