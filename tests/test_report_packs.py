"""Quarterly report packs: started from the browser, made by background tasks (the immediate backend here: one
task per board, run as it is queued), their progress as JSON, and a zip of one PDF per board. Who may start one
(managers, chairs, auditors of the boards; not lead officers: 403; another board: 404), and who may see it (the
person who asked, while they read all its boards). WeasyPrint is stubbed except in one test."""

import io
import re
import zipfile
from datetime import date

import pytest
from django.urls import reverse
from django_tasks import task_backends

from actions.quarters import Quarter
from boards.models import Membership
from packs import rendering, tasks
from packs.models import ReportPack, ReportPackPart
from packs.services import start_pack
from plans.models import Plan
from tests.helpers import page_text
from tests.pdf_helpers import pdf_text

pytestmark = pytest.mark.django_db

PACKS = reverse("packs:list")
STUB = b"%PDF-1.7 stub"


@pytest.fixture
def stub_pdf(monkeypatch):
    """Every board's PDF made without WeasyPrint: its HTML is built as for real, then a stub is returned."""
    made = []

    def fake(html, **kwargs):
        made.append(html)
        return STUB + f" {len(made)}".encode()

    monkeypatch.setattr("reporting.pdf.html_to_pdf", fake)
    monkeypatch.setattr(rendering, "pdf_of", lambda htmls, **kwargs: fake("".join(htmls)))
    return made


def start(client, *slugs, quarter="2010-Q2"):
    return client.post(PACKS, {"board": list(slugs), "quarter": quarter})


def progress(client, pack):
    return client.get(reverse("packs:progress", args=[pack.pk])).json()


def zipped(client, pack):
    response = client.get(reverse("packs:download", args=[pack.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert 'attachment; filename="quarterly-reports-2010-Q2.zip"' == response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name) for name in archive.namelist()}


# ---- the flow


def test_a_manager_starts_a_pack_the_tasks_make_it_and_it_downloads(login, manager, stub_pdf):
    client = login(manager)
    page = client.get(PACKS)
    assert page.status_code == 200 and 'value="kingston"' in page.content.decode()
    response = start(client, "kingston")
    pack = ReportPack.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("packs:detail", args=[pack.pk])
    assert (pack.created_by, pack.quarter, pack.total, pack.status) == (manager, "2010-Q2", 1, "done")
    assert progress(client, pack) == {
        "state": "done",
        "label": "Ready to download",
        "done": 1,
        "total": 1,
        "percent": 100,
        "message": "1 of 1 boards done (100%): ready to download.",
        "next_url": reverse("packs:detail", args=[pack.pk]),
    }
    assert zipped(client, pack) == {"kingston-quarterly-report-2010-Q2.pdf": STUB + b" 1"}
    assert "Chair's quarterly report" in stub_pdf[0] and "Q2 2010/11" in stub_pdf[0]
    detail = page_text(client.get(reverse("packs:detail", args=[pack.pk])))
    assert "The pack is ready." in detail and "Download quarterly-reports-2010-Q2.zip" in detail
    assert "Kingston Local Safeguarding Children Board: made" in detail
    assert "Q2 2010/11 1 of 1 Ready to download" in page_text(client.get(PACKS))  # the list of my packs


def test_an_auditors_pack_holds_one_pdf_per_board(login, auditor, stub_pdf):
    client = login(auditor)
    start(client, "kingston", "llr", "leeds")
    pack = ReportPack.objects.get()
    assert sorted(zipped(client, pack)) == [
        "kingston-quarterly-report-2010-Q2.pdf",
        "leeds-quarterly-report-2010-Q2.pdf",
        "llr-quarterly-report-2010-Q2.pdf",
    ]
    assert progress(client, pack)["percent"] == 100
    assert ReportPackPart.objects.filter(pack=pack, pdf__isnull=False).count() == 0  # in the zip, not kept twice


def test_progress_moves_one_board_at_a_time_and_the_last_zips(login, auditor, stub_pdf, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # queued, not run
    client = login(auditor)
    start(client, "kingston", "llr", "leeds")
    pack = ReportPack.objects.get()
    detail = reverse("packs:detail", args=[pack.pk])
    assert progress(client, pack) == {
        "state": "running",
        "label": "Waiting for a worker",
        "done": 0,
        "total": 3,
        "percent": 0,
        "message": "0 of 3 boards done (0%): waiting for a worker.",
        "next_url": detail,
    }
    # what the script writes in the live region is what the page says there without JavaScript
    assert (
        '<p role="status" aria-live="polite" data-progress-text>0 of 3 boards done (0%): waiting for a worker.</p>'
        in client.get(detail).content.decode()
    )
    assert client.get(reverse("packs:download", args=[pack.pk])).status_code == 404
    assert "Reload this page" in page_text(client.get(reverse("packs:detail", args=[pack.pk])))
    parts = list(pack.parts.order_by("board__name"))
    tasks.render_part.call(parts[0].pk)  # what a worker runs
    assert (progress(client, pack)["state"], progress(client, pack)["label"]) == ("running", "Being made")
    assert (progress(client, pack)["done"], progress(client, pack)["percent"]) == (1, 33)
    tasks.render_part.call(parts[0].pk)  # the same task again (a retry): nothing more
    assert progress(client, pack)["done"] == 1
    tasks.render_part.call(parts[1].pk)
    tasks.render_part.call(parts[2].pk)
    assert progress(client, pack)["percent"] == 100 and progress(client, pack)["state"] == "done"
    assert len(zipped(client, pack)) == 3


def test_the_boards_with_most_to_print_are_queued_first(auditor, kingston, llr, leeds, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # queued, not run
    start_pack(user=auditor, boards=[kingston, leeds, llr], quarter=Quarter(2009, 4))
    queued = [ReportPackPart.objects.get(pk=result.args[0]).board.slug for result in task_backends["default"].results]
    # workers take them in this order: the longest first, so that none is left to one worker at the end
    assert queued == ["kingston", "llr", "leeds"]  # 52, 18 and 11 outcomes in their plans running then


def test_each_board_is_made_once_however_many_workers_run_its_task(login, auditor, stub_pdf, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # queued, not run
    client = login(auditor)
    start(client, "kingston", "llr", "leeds")
    pack = ReportPack.objects.get()
    for part in pack.parts.all():
        tasks.render_part.call(part.pk)  # one worker
        tasks.render_part.call(part.pk)  # another, given the same task again
    pack.refresh_from_db()
    assert (pack.done, pack.total, pack.status, len(stub_pdf)) == (3, 3, "done", 3)
    assert sorted(zipped(client, pack)) == [
        "kingston-quarterly-report-2010-Q2.pdf",
        "leeds-quarterly-report-2010-Q2.pdf",
        "llr-quarterly-report-2010-Q2.pdf",
    ]


def test_a_board_whose_report_fails_is_named_and_the_others_are_zipped(login, auditor, stub_pdf, monkeypatch, llr):
    made = rendering.board_quarterly_pdf

    def fails_for_llr(board, quarter):
        if board == llr:
            raise RuntimeError("out of paper")
        return made(board, quarter)

    monkeypatch.setattr(tasks, "board_quarterly_pdf", fails_for_llr)
    client = login(auditor)
    start(client, "kingston", "llr")
    pack = ReportPack.objects.get()
    assert (pack.status, pack.done, pack.failed) == ("failed", 2, 1)
    assert (progress(client, pack)["state"], progress(client, pack)["label"]) == ("failed", "Failed")
    files = zipped(client, pack)
    assert sorted(files) == ["NOT-INCLUDED.txt", "kingston-quarterly-report-2010-Q2.pdf"]
    assert b"RuntimeError: out of paper" in files["NOT-INCLUDED.txt"]
    detail = page_text(client.get(reverse("packs:detail", args=[pack.pk])))
    assert "1 of the 2 board reports could not be made" in detail


def test_a_board_with_no_plan_in_the_quarter_gets_a_page_saying_so(login, auditor, stub_pdf):
    start(login(auditor), "kingston", quarter="2020-Q1")
    assert "No plan of Kingston Local Safeguarding Children Board runs in Q1 2020/21" in stub_pdf[0]


def test_a_bad_quarter_or_no_board_is_named_and_nothing_starts(login, manager, stub_pdf):
    client = login(manager)
    response = start(client, "kingston", quarter="2010-Q5")
    assert response.status_code == 400 and "“2010-Q5” is not a quarter" in page_text(response)
    response = start(client, quarter="2010-Q2")
    assert response.status_code == 400 and "Choose at least one board." in page_text(response)
    assert not ReportPack.objects.exists()


def test_the_service_itself_refuses_a_pack_of_no_board(manager):
    from actions.quarters import Quarter
    from packs.services import start_pack

    with pytest.raises(ValueError, match="at least one board"):  # it would wait for ever, never finished
        start_pack(user=manager, boards=[], quarter=Quarter(2010, 2))
    assert not ReportPack.objects.exists()


# ---- who may


@pytest.mark.parametrize("persona", ["manager", "chair", "auditor", "two_board_chair"])
def test_managers_chairs_and_auditors_of_a_board_may_start_its_pack(request, login, persona, stub_pdf):
    assert start(login(request.getfixturevalue(persona)), "kingston").status_code == 302
    assert ReportPack.objects.count() == 1


def test_a_lead_officer_may_not_403(login, lead, stub_pdf):
    client = login(lead)
    assert "you hold none of those roles" in page_text(client.get(PACKS))
    assert start(client, "kingston").status_code == 403
    assert not ReportPack.objects.exists()


@pytest.mark.parametrize(
    ("persona", "slugs"),
    [
        ("outsider", ["kingston"]),
        ("llr_manager", ["kingston"]),
        ("manager", ["kingston", "llr"]),  # one of the boards is not theirs: nothing starts
        ("lead", ["leeds"]),
        ("manager", ["no-such-board"]),
    ],
)
def test_another_boards_pack_is_404(request, login, persona, slugs, stub_pdf):
    assert start(login(request.getfixturevalue(persona)), *slugs).status_code == 404
    assert not ReportPack.objects.exists()


def test_only_the_person_who_asked_sees_a_pack(login, manager, chair, auditor, stub_pdf):
    start(login(manager), "kingston")
    pack = ReportPack.objects.get()
    for someone in (chair, auditor):
        client = login(someone)
        for name in ("packs:detail", "packs:progress", "packs:download"):
            assert client.get(reverse(name, args=[pack.pk])).status_code == 404, (someone, name)
        assert reverse("packs:detail", args=[pack.pk]) not in client.get(PACKS).content.decode()


def test_a_pack_is_404_once_its_owner_no_longer_reads_one_of_its_boards(login, two_board_chair, stub_pdf):
    client = login(two_board_chair)
    start(client, "kingston", "llr")
    pack = ReportPack.objects.get()
    assert client.get(reverse("packs:detail", args=[pack.pk])).status_code == 200
    Membership.objects.filter(user=two_board_chair, board__slug="llr").delete()
    assert client.get(reverse("packs:download", args=[pack.pk])).status_code == 404


def test_the_dashboards_link_to_the_packs_and_a_board_comes_chosen(login, chair):
    client = login(chair)
    assert f'href="{PACKS}"' in client.get(reverse("reporting:dashboard")).content.decode()
    assert (
        f'href="{PACKS}?board=kingston"'
        in client.get(reverse("reporting:board_dashboard", args=["kingston"])).content.decode()
    )
    form = client.get(PACKS, {"board": "kingston"}).content.decode()
    assert re.search(r'<input type="checkbox" name="board" value="kingston"[^>]* checked', form)


def test_the_progress_page_loads_its_script_from_our_static_files(login, manager, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = login(manager)
    start(client, "kingston")
    page = client.get(reverse("packs:detail", args=[ReportPack.objects.get().pk])).content.decode()
    assert re.search(r'<script src="/static/js/progress\.js" defer></script>', page)
    assert "<script>" not in page and "onclick" not in page  # the CSP allows no inline script
    assert '<div data-progress-url="' + reverse("packs:progress", args=[ReportPack.objects.get().pk]) + '"' in page


# ---- one real PDF


def test_a_boards_pdf_holds_the_quarterly_report_of_each_of_its_plans_in_the_quarter(login, manager, kingston):
    Plan.objects.create(
        board=kingston,
        title="Kingston Safer Recruitment Plan 2010",
        kind=Plan.Kind.BUSINESS,
        period_start=date(2010, 4, 1),
        period_end=date(2011, 3, 31),
    )
    client = login(manager)
    start(client, "kingston")
    files = zipped(client, ReportPack.objects.get())
    text = pdf_text(files["kingston-quarterly-report-2010-Q2.pdf"])
    assert "Kingston LSCB Improvement Plan 2009-2010" in text
    assert "Kingston Safer Recruitment Plan 2010" in text
    assert text.count("Chair's quarterly report: Q2 2010/11") >= 2
