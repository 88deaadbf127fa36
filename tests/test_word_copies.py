"""Word copies of the plan and of the chair's quarterly report, read back with python-docx as a business manager
opens them in Word: Kingston's plan table holds every objective and outcome in order with its sources, time
scale, lead and September 2010 progress; its header row repeats on every page; the pages are landscape; the
headings are Word headings (the navigation pane); the quarterly report has the chart's numbers and its
exceptions as tables; LLR's copy has LLR's columns. Who may download: whoever may download the PDFs."""

import re
from datetime import date
from io import BytesIO

import docx
import pytest
from django.urls import reverse
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from actions import rag
from actions.models import Action, ProgressUpdate, Status
from reporting import pdf, word

from .helpers import KINGSTON_HEADINGS, KINGSTON_PRINT_ACCESS, record_q2_exceptions
from .pdf_helpers import norm
from .test_pdf_plan import expected_rows, tidy

pytestmark = pytest.mark.django_db

SEPTEMBER_2010 = date(2010, 9, 30)
Q2 = rag.Quarter(2010, 2)


@pytest.fixture
def llr_plan(llr):
    return llr.plans.select_related("board").get()


def read(content):
    return docx.Document(BytesIO(content))


def table_after(document, first_heading):
    """The first table whose header row starts with `first_heading`."""
    return next(t for t in document.tables if t.rows[0].cells[0].text == first_heading)


def table_headed(document, *headings):
    """The table whose header row is `headings`."""
    return next(t for t in document.tables if header_cells(t) == list(headings))


def header_cells(table):
    return [cell.text for cell in table.rows[0].cells]


def is_heading_row(row):
    return len({id(cell._tc) for cell in row.cells}) == 1  # one cell merged across the table


def repeats(row):
    tr_pr = row._tr.trPr
    return tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None


def headings(document):
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]


# ---- Kingston's plan


def test_kingstons_plan_has_every_objective_and_outcome_in_order_with_its_columns(kingston_plan):
    document = read(word.plan_docx(kingston_plan, SEPTEMBER_2010))
    table = table_after(document, "Objectives")
    assert header_cells(table) == KINGSTON_HEADINGS
    body = [row for row in table.rows[1:] if not is_heading_row(row)]
    expected = expected_rows(kingston_plan, SEPTEMBER_2010)
    assert len(body) == len(expected) == 17
    outcomes = []
    for row, want in zip(body, expected, strict=True):
        objective = want["objective"]
        cells = row.cells
        assert cells[0].text == f"{objective.number}. {objective.title}"
        assert cells[1].text.split("\n") == [s.code for s in objective.sources.all()], objective.number
        assert cells[2].text == objective.timescale
        lines = [p.text for p in cells[3].paragraphs]
        assert lines == [f"{a.number} {a.text}" for a in want["actions"]], objective.number
        outcomes += lines
        assert cells[4].text == objective.lead
        # the progress column: each statement after its outcomes and their RAG letters, in order, as the PDF
        progress = tidy(cells[5].text)
        front = 1 + objective.sources.count() + bool(objective.timescale) + len(want["actions"]) + 1
        position = 0
        for fragment in want["fragments"][front:]:
            found = progress.find(fragment, position)
            assert found >= 0, f"objective {objective.number}: {fragment!r} missing or out of order"
            position = found + len(fragment)
    assert len(outcomes) == 52
    assert outcomes == [
        f"{a.number} {a.text}" for a in Action.objects.filter(objective__plan=kingston_plan).in_document_order()
    ]
    text = tidy(" ".join(cell.text for row in body for cell in row.cells))
    assert "4.1 B ACHIEVED : Independent Chair has been appointed" in text  # the status word once, as printed
    assert "3.1 –, 3.2 –, 3.3 – ONGOING Annual plan produced and outcomes monitored." in text


def test_the_rag_letter_is_text_on_its_colour(kingston_plan):
    document = read(word.plan_docx(kingston_plan, SEPTEMBER_2010))
    table = table_after(document, "Objectives")
    runs = [run for row in table.rows[1:] for p in row.cells[5].paragraphs for run in p.runs]
    blue = [run for run in runs if run.text.strip() == "B"]
    assert len(blue) == 18  # the 18 achieved outcomes of September 2010
    for run in blue:
        shading = run._r.rPr.find(qn("w:shd"))
        assert shading.get(qn("w:fill")) == "1D70B8" and run.bold


def test_the_header_row_repeats_the_pages_are_landscape_and_headings_are_word_headings(kingston_plan):
    document = read(word.plan_docx(kingston_plan, SEPTEMBER_2010))
    for table in document.tables:
        assert repeats(table.rows[0]) and not any(repeats(row) for row in table.rows[1:])
    for section in document.sections:
        assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    found = headings(document)
    assert found[0] == ("Heading 1", "Kingston LSCB Improvement Plan 2009-2010")
    assert [text for style, text in found if style == "Heading 1"] == ["Kingston LSCB Improvement Plan 2009-2010"]
    level_two = [text for style, text in found if style == "Heading 2"]
    assert level_two == [
        "Introduction",
        "Reviews that led to this plan",
        "The plan: progress as at 30 September 2010",
        "How the RAG ratings are decided",
    ]
    assert ("Heading 3", "Source key") in found and ("Heading 3", "Member agencies") in found


def test_the_document_says_its_title_and_language(kingston_plan):
    document = read(word.plan_docx(kingston_plan, SEPTEMBER_2010))
    properties = document.core_properties
    assert properties.title == (
        "Kingston LSCB Improvement Plan 2009-2010, progress as at 30 September 2010 – "
        "Kingston Local Safeguarding Children Board"
    )
    assert properties.language == "en-GB"
    assert properties.author == "Kingston Local Safeguarding Children Board"  # not the library's name
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == "en-GB"
    footer = document.sections[0].footer.paragraphs[0]
    assert "Kingston Local Safeguarding Children Board · Progress as at 30 September 2010 · Page" in footer.text
    assert [f.get(qn("w:instr")) for f in footer._p.findall(qn("w:fldSimple"))] == ["PAGE", "NUMPAGES"]


# ---- LLR's plan: its own columns, sections and themes


def test_llrs_plan_uses_llrs_columns_under_its_headings(llr_plan):
    document = read(word.plan_docx(llr_plan, date(2011, 3, 31)))
    table = table_after(document, "No.")
    assert header_cells(table) == ["No.", "Outcomes", "Method", "Lead", "Timescale & Resources", "Progress March 2011"]
    assert not any(t.rows[0].cells[0].text == "Objectives" for t in document.tables)
    rows = table.rows[1:]
    heading_texts = [row.cells[0].text for row in rows if is_heading_row(row)]
    assert heading_texts[:2] == ["CORE WORK", heading_texts[1]] and "DEVELOPMENT WORKSTREAMS" in heading_texts
    assert "Community Engagement" in heading_texts and "Early Intervention / CAF" in heading_texts
    numbers = [row.cells[0].text for row in rows if not is_heading_row(row)]
    actions = list(Action.objects.filter(objective__plan=llr_plan).in_document_order())
    assert numbers == [str(a.number) for a in actions]
    first = next(row for row in rows if not is_heading_row(row))
    assert [first.cells[i].text for i in (1, 2, 3)] == [actions[0].text, actions[0].method, actions[0].lead]


# ---- the chair's quarterly report


def test_the_quarterly_copy_has_the_charts_numbers_and_the_exceptions_as_tables(kingston_plan, kingston, manager):
    actions = record_q2_exceptions(kingston_plan, manager)
    document = read(word.quarterly_docx(kingston_plan, Q2))
    assert document.core_properties.title.startswith("Chair's quarterly report Q2 2010/11: Kingston LSCB")
    found = headings(document)
    assert found[0] == ("Heading 1", "Chair's quarterly report: Q2 2010/11")
    assert [text for style, text in found if style == "Heading 2"] == [
        "Summary",
        "What changed since 30 June 2010",
        "Exceptions: Red, Amber and overdue actions",
        "Achieved in Q2 2010/11",
        "No update in Q2 2010/11",
        "The plan as at 30 September 2010",
        "How the RAG ratings are decided",
    ]
    # the chart's numbers: the mix at each quarter end up to Q2 2010/11
    chart = table_after(document, "Quarter end")
    assert header_cells(chart) == ["Quarter end", "R", "A", "G", "B", "–", "Actions"]
    rows = [[cell.text for cell in row.cells] for row in chart.rows[1:]]
    assert rows[0] == ["Q1 2009/10 (30 Jun 2009)", "0", "0", "0", "0", "52", "52"]
    assert rows[-1] == ["Q2 2010/11 (30 Sep 2010)", "1", "1", "0", "18", "32", "52"]
    assert len(rows) == 6
    # the exceptions, with the corrective action column
    exceptions = table_headed(document, "Action", "Rating and why", "Latest update", "Corrective action")
    lines = [[norm(cell.text) for cell in row.cells] for row in exceptions.rows[1:]]
    assert [line[0] for line in lines] == [norm(f"5.3 {actions['5.3'].text}"), norm(f"6.1 {actions['6.1'].text}")]
    assert lines[0][1:] == [
        "R Red: update of 31 Aug 2010 by kingston-manager",
        "31 Aug 2010: In progress",
        "none recorded",
    ]
    assert lines[1][1:] == [
        "A Amber: update of 30 Sep 2010 by kingston-manager",
        "30 Sep 2010: In progress",
        "Draft to the December board meeting",  # the corrective action, not the narrative
    ]
    # achieved in the quarter: none, for Kingston's September progress is the document's baseline, said as in the
    # PDF; then the open actions with no update, then the plan as at the quarter end
    text = norm("\n".join(p.text for p in document.paragraphs))
    assert "No action became achieved in Q2 2010/11." in text
    assert re.search(r"The progress of 4\d actions was first recorded in Q2 2010/11, from the document", text)
    tables = document.tables
    position = [t._tbl for t in tables].index(exceptions._tbl)
    missing = tables[position + 1]
    assert header_cells(missing) == ["Action", "Lead", "Latest update", "Rating"]
    plan_table = table_after(document, "Objectives")
    assert header_cells(plan_table) == KINGSTON_HEADINGS
    assert tables[-1]._tbl is plan_table._tbl
    for table in tables:
        assert repeats(table.rows[0])


def test_a_quarter_with_no_exceptions_says_so(kingston_plan):
    document = read(word.quarterly_docx(kingston_plan, Q2))
    texts = [p.text for p in document.paragraphs]
    assert "None: no action is Red, Amber or overdue as at 30 September 2010." in texts


# ---- the views: links, access, bad input, queries


def test_the_plan_page_links_to_both_word_copies(login, chair, kingston_plan):
    page = login(chair).get(reverse("reporting:plan", args=[kingston_plan.pk])).content.decode()
    pk = kingston_plan.pk
    assert f'<a href="/plans/{pk}/print.docx?as_at=2010-09-30">Word copy of the plan</a>' in page
    assert f'formaction="/plans/{pk}/quarterly.docx">Word copy of the quarterly report</button>' in page


def test_the_downloads_are_word_documents_named_like_the_pdfs(login, chair, kingston_plan):
    client = login(chair)
    response = client.get(reverse("reporting:print_docx", args=[kingston_plan.pk]), {"as_at": "2010-09-30"})
    assert response.status_code == 200
    assert response["Content-Type"] == word.CONTENT_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="kingston-lscb-improvement-plan-2009-2010-2010-09-30.docx"'
    )
    assert len(table_after(read(response.content), "Objectives").rows) > 17
    response = client.get(reverse("reporting:quarterly_docx", args=[kingston_plan.pk]), {"quarter": "2010-Q2"})
    assert response.status_code == 200 and response["Content-Type"] == word.CONTENT_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="kingston-lscb-improvement-plan-2009-2010-quarterly-report-2010-Q2.docx"'
    )
    assert "Chair's quarterly report: Q2 2010/11" in [p.text for p in read(response.content).paragraphs]


def test_bad_input_is_a_400_naming_what_is_wrong(login, chair, kingston_plan):
    client = login(chair)
    response = client.get(reverse("reporting:print_docx", args=[kingston_plan.pk]), {"as_at": "31/13/2010"})
    assert response.status_code == 400 and "Enter the as-at date as a date" in response.content.decode()
    response = client.get(reverse("reporting:quarterly_docx", args=[kingston_plan.pk]), {"quarter": "2030-Q1"})
    assert response.status_code == 400 and "is not a quarter of this plan's period" in response.content.decode()


@pytest.fixture
def no_rendering(monkeypatch):
    """Only access is under test here: the documents are stubs (the real ones are tested above)."""
    monkeypatch.setattr(word, "plan_docx", lambda plan, as_at: b"docx stub")
    monkeypatch.setattr(word, "quarterly_docx", lambda plan, quarter, **kwargs: b"docx stub")
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html, **kwargs: b"%PDF-1.7 stub")


PAIRS = (
    ("reporting:print_pdf", "reporting:print_docx", {"as_at": "2010-09-30"}),
    ("reporting:quarterly_pdf", "reporting:quarterly_docx", {"quarter": "2010-Q2"}),
)


@pytest.mark.parametrize(
    ("persona", "status"),
    KINGSTON_PRINT_ACCESS,
)
def test_whoever_may_download_the_pdf_may_download_the_word_copy(
    request, login, kingston_plan, no_rendering, persona, status
):
    client = login(request.getfixturevalue(persona))
    for pdf_name, docx_name, query in PAIRS:
        pdf_status = client.get(reverse(pdf_name, args=[kingston_plan.pk]), query).status_code
        response = client.get(reverse(docx_name, args=[kingston_plan.pk]), query)
        assert response.status_code == pdf_status == status, docx_name
        if status == 200:
            assert response.content == b"docx stub"


def test_a_role_without_the_print_permission_is_refused(login, chair, kingston_plan, no_rendering, monkeypatch):
    from boards import access

    monkeypatch.setitem(access.GRANTS, access.Role.CHAIR, set())
    client = login(chair)
    for _pdf_name, docx_name, query in PAIRS:
        response = client.get(reverse(docx_name, args=[kingston_plan.pk]), query)
        assert response.status_code == 403, docx_name


def test_only_get_and_head_after_access_is_decided(login, chair, outsider, kingston_plan, no_rendering, client):
    for _pdf_name, docx_name, _query in PAIRS:
        url = reverse(docx_name, args=[kingston_plan.pk])
        assert login(outsider).post(url).status_code == 404, docx_name
        assert login(chair).post(url).status_code == 405, docx_name
        assert login(chair).head(url).status_code == 200, docx_name
    client.logout()
    response = client.get(reverse("reporting:print_docx", args=[kingston_plan.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_word_copies_run_a_constant_number_of_queries(
    login, auditor, kingston_plan, manager, django_assert_num_queries
):
    client = login(auditor)
    plan_url = reverse("reporting:print_docx", args=[kingston_plan.pk])
    quarterly_url = reverse("reporting:quarterly_docx", args=[kingston_plan.pk])

    def measure():
        # the plan: 1 session, 2 user, 3 plan with its board (scoped to the user's boards), 4 member agencies,
        # 5 subgroups, 6 the reviews the objectives cite, 7 their findings, 8 what this board wrote of them,
        # 9 objectives with sections, 10 their sources, 11 their actions (each of the two with whether it was
        # edited since the date), 12 the history of the objectives edited since (their sources, recorded when the
        # seed was loaded; no outcome was: actions.structure), 13 the quarter's snapshot rows (a quarter end; none
        # kept in the seed), 14 every update of the plan's actions up to the date (the columns the RAG rules read),
        # 15 the latest of each in full, with authors, 16 key risks
        with django_assert_num_queries(16):
            plan_doc = client.get(plan_url, {"as_at": "2010-09-30"}).content
        # the quarterly report: 1 session, 2 user, 3 plan with its board, 4 the quarter's sign-off (none: it is
        # built), 5 objectives with sections, 6 their sources, 7 their actions (each of the two with whether it was
        # edited since the quarter end), 8 the history of the objectives edited since (their sources, recorded when
        # the seed was loaded; no outcome was: actions.structure), 9 the quarter's snapshot rows (none kept in the
        # seed), 10 every update up to the quarter end (the columns the RAG rules read) and 11 the latest of each in
        # full (the plan table), 12 every update in full for the summary (this and the previous quarter end, the
        # trend), 13 the cited reviews (source key)
        with django_assert_num_queries(13):
            quarterly_doc = client.get(quarterly_url, {"quarter": "2010-Q2"}).content
        return read(plan_doc), read(quarterly_doc)

    measure()
    objective = kingston_plan.objectives.get(number="5")
    for n in range(6, 26):
        action = Action.objects.create(objective=objective, number=f"5.{n}", order=n, text=f"Extra outcome {n}")
        ProgressUpdate.objects.create(
            action=action, as_at=SEPTEMBER_2010, status=Status.ONGOING, narrative=f"Extra progress {n}", author=manager
        )
    plan_doc, quarterly_doc = measure()
    assert "Extra outcome 25" in table_after(plan_doc, "Objectives").rows[5].cells[3].text
    assert "Extra outcome 25" in table_after(quarterly_doc, "Objectives").rows[5].cells[3].text
    # without a date, the default is read from the plan's last progress date: one query more; and at that date the
    # plan table's ratings read the actions' current states (each its action's latest update then) in place of 14
    # and 15: one less
    with django_assert_num_queries(16):
        client.get(plan_url)
