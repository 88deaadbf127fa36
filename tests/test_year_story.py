"""The year's story for the annual report: for a financial year or the plan's whole period, what became of each
outcome (achieved, carried forward with its status, withdrawn), by objective and by source review (the share
achieved, the findings still unanswered); a page, its PDF and a Word copy from one read model; reached from the
plan page and the board dashboard; the printed reports' access; a constant number of queries."""

import html
from datetime import date
from io import BytesIO

import docx
import pytest
from django.urls import reverse
from docx.oxml.ns import qn

from actions.models import Action, ProgressUpdate, Status
from reporting import pdf, word, year
from tests.helpers import KINGSTON_PRINT_ACCESS

from .helpers import page_text
from .pdf_helpers import norm, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def actions(kingston_plan):
    return {a.number: a for a in Action.objects.filter(objective__plan=kingston_plan).order_by("id")}


@pytest.fixture
def story_changes(actions, manager):
    """5.5 achieved in February 2010 (financial year 2009/10), 5.3 withdrawn in November 2010 (2010/11): two
    outcomes the document's progress column says nothing of."""
    ProgressUpdate.objects.create(
        action=actions["5.5"], as_at=date(2010, 2, 15), status=Status.ACHIEVED, narrative="Done early", author=manager
    )
    ProgressUpdate.objects.create(
        action=actions["5.3"], as_at=date(2010, 11, 15), status=Status.SUPERSEDED, narrative="Dropped", author=manager
    )


def achieved_by(plan, day, since=None):
    """From the database: the outcomes whose latest update on or before `day` says Achieved (dated `since` or
    later)."""
    achieved = []
    for action in Action.objects.filter(objective__plan=plan).in_document_order():
        latest = action.updates.filter(as_at__lte=day).order_by("as_at", "id").last()
        if latest and latest.status == Status.ACHIEVED:
            first = action.updates.filter(status=Status.ACHIEVED, as_at__lte=day).order_by("as_at").first()
            if since is None or first.as_at >= since:
                achieved.append(action)
    return achieved


def test_the_financial_year_tells_what_was_achieved_carried_forward_and_withdrawn(
    login, chair, kingston_plan, actions, story_changes
):
    url = reverse("reporting:year", args=[kingston_plan.pk])
    text = norm(page_text(login(chair).get(url, {"year": "2010-11"})))
    achieved = achieved_by(kingston_plan, date(2011, 3, 31), since=date(2010, 4, 1))
    assert len(achieved) == 18  # the document's September 2010 achievements
    assert "The year's story: financial year 2010/11" in text
    assert "1 April 2010 to 31 March 2011: as at 31 March 2011" in text
    assert "Achieved in financial year 2010/11 18" in text
    assert "Carried forward (open on 31 March 2011) 32" in text  # 52 less 18 achieved, 5.5 before, 5.3 withdrawn
    assert "Withdrawn (superseded) in financial year 2010/11 1" in text
    assert "Achieved or withdrawn before the period 1" in text and "All outcomes 52" in text
    by_objective = text[text.index("By objective") :]
    assert norm(f"5.3 {actions['5.3'].text}") in by_objective
    assert "Withdrawn 15 Nov 2010" in by_objective and "Dropped" in by_objective
    assert "Closed before the period: achieved 15 Feb 2010" in by_objective
    assert by_objective.count("Achieved 30 Sep 2010") == 18
    # the year before: 1.1 achieved in it, everything else carried forward
    before = norm(page_text(login(chair).get(url, {"year": "2009-10"})))
    assert "Achieved in financial year 2009/10 1" in before and "Carried forward (open on 31 March 2010) 51" in before
    assert "Achieved 15 Feb 2010" in before


def test_by_source_review_the_share_achieved_and_the_findings_still_unanswered(login, chair, kingston_plan):
    page = login(chair).get(reverse("reporting:year", args=[kingston_plan.pk]), {"year": "plan"})
    text = norm(page_text(page))
    assert "The year's story: the whole plan (April 2009 to March 2011)" in text
    reviews = text[text.index("By source review") : text.index("By objective")]
    achieved = {a.pk for a in achieved_by(kingston_plan, date(2011, 3, 31))}
    for code in ("C&D", "PR", "LR"):
        citing = Action.objects.filter(objective__plan=kingston_plan, objective__sources__code=code)
        total = citing.count()
        done = sum(a.pk in achieved for a in citing)
        assert f"{total} {done} ({round(100 * done / total)}%)" in reviews, code
    assert "LR: The Laming Review" in reviews
    # a finding is answered once an objective answering it has every outcome closed: Kingston's are all open
    assert "C&D: findings still unanswered" in reviews
    assert "Objective 1 answers it; still open: 1.1." in reviews
    assert "Objective 2 answers it; still open: 2.1, 2.2." in reviews


def test_the_commentaries_have_a_place_until_they_are_recorded(login, chair, kingston_plan):
    text = norm(page_text(login(chair).get(reverse("reporting:year", args=[kingston_plan.pk]))))
    assert "Quarterly commentaries" in text
    assert "quarterly commentaries are not recorded in the plan tracker yet" in text


def test_a_year_outside_the_plan_is_named_on_the_page_and_refused_for_downloads(login, chair, kingston_plan):
    client = login(chair)
    page = client.get(reverse("reporting:year", args=[kingston_plan.pk]), {"year": "2030-31"})
    assert page.status_code == 200
    body = html.unescape(page.content.decode())
    assert "“2030-31” is not a financial year of this plan" in body
    assert "Showing the financial year 2010/11 instead." in body
    for name in ("reporting:year_pdf", "reporting:year_docx"):
        response = client.get(reverse(name, args=[kingston_plan.pk]), {"year": "2030-31"})
        assert response.status_code == 400 and "is not a financial year of this plan" in response.content.decode()


def test_the_pdf_is_the_pages_html(login, chair, kingston_plan):
    response = login(chair).get(reverse("reporting:year_pdf", args=[kingston_plan.pk]), {"year": "2010-11"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="kingston-lscb-improvement-plan-2009-2010-year-2010-11.pdf"'
    )
    text = norm(pdf_text(response.content))
    assert "The year's story: financial year 2010/11" in text
    assert "Achieved in financial year 2010/11 18" in text
    assert "17.1 Produce template detailing key changes" in text


def test_the_word_copy_has_the_same_tables(login, chair, kingston_plan):
    response = login(chair).get(reverse("reporting:year_docx", args=[kingston_plan.pk]), {"year": "2010-11"})
    assert response.status_code == 200 and response["Content-Type"] == word.CONTENT_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="kingston-lscb-improvement-plan-2009-2010-year-2010-11.docx"'
    )
    document = docx.Document(BytesIO(response.content))
    assert document.core_properties.language == "en-GB"
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:5] == [
        ("Heading 1", "The year's story: financial year 2010/11"),
        ("Heading 2", "Summary"),
        ("Heading 2", "Quarterly commentaries"),
        ("Heading 2", "By source review"),
        ("Heading 3", "C&D: findings still unanswered"),
    ]
    summary, reviews, objectives = document.tables
    assert [[c.text for c in row.cells] for row in summary.rows][1] == ["Achieved in financial year 2010/11", "18"]
    assert [c.text for c in reviews.rows[0].cells][0] == "Review" and len(reviews.rows) == 5
    outcomes = [row.cells[0].text for row in objectives.rows[1:] if row.cells[0]._tc is not row.cells[-1]._tc]
    assert outcomes == [
        f"{a.number} {a.text}" for a in Action.objects.filter(objective__plan=kingston_plan).in_document_order()
    ]
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_the_plan_page_and_the_board_dashboard_link_to_it(login, chair, kingston_plan, kingston):
    client = login(chair)
    pk = kingston_plan.pk
    page = client.get(reverse("reporting:plan", args=[pk])).content.decode()
    for code, label in (
        ("2009-10", "financial year 2009/10"),
        ("2010-11", "financial year 2010/11"),
        ("plan", "the whole plan (April 2009 to March 2011)"),
    ):
        assert f'<a href="/plans/{pk}/year/?year={code}">{label}</a>' in page
    dashboard = client.get(reverse("reporting:board_dashboard", args=[kingston.slug])).content.decode()
    assert f'<a href="/plans/{pk}/year/?year=2010-11">The year\'s story for the annual report</a>' in dashboard
    earlier = client.get(reverse("reporting:board_dashboard", args=[kingston.slug]), {"quarter": "2009-Q3"})
    assert f'href="/plans/{pk}/year/?year=2009-10"' in earlier.content.decode()


def test_the_default_year_is_the_one_holding_today_within_the_plans_period(kingston_plan):
    assert year.default_period(kingston_plan, today=date(2026, 1, 1)).code == "2010-11"
    assert year.default_period(kingston_plan, today=date(2009, 6, 1)).code == "2009-10"
    assert year.default_period(kingston_plan, today=date(2001, 6, 1)).code == "2009-10"
    assert [p.code for p in year.plan_periods(kingston_plan)] == ["2009-10", "2010-11", "plan"]


@pytest.fixture
def no_rendering(monkeypatch):
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html, **kwargs: b"%PDF-1.7 stub")
    monkeypatch.setattr(word, "year_docx", lambda story: b"docx stub")


NAMES = ("reporting:year", "reporting:year_pdf", "reporting:year_docx")


@pytest.mark.parametrize(
    ("persona", "status"),
    KINGSTON_PRINT_ACCESS,
)
def test_whoever_may_print_the_plan_may_read_its_year(request, login, kingston_plan, no_rendering, persona, status):
    client = login(request.getfixturevalue(persona))
    for name in NAMES:
        response = client.get(reverse(name, args=[kingston_plan.pk]), {"year": "2010-11"})
        assert response.status_code == status, name
        if status == 404:
            assert b"Kingston" not in response.content


def test_a_role_without_print_is_refused_and_only_get_and_head(
    login, chair, outsider, kingston_plan, no_rendering, monkeypatch
):
    for name in NAMES:
        url = reverse(name, args=[kingston_plan.pk])
        assert login(outsider).post(url).status_code == 404, name
        assert login(chair).post(url).status_code == 405, name
        assert login(chair).head(url).status_code == 200, name
    from boards import access

    monkeypatch.setitem(access.GRANTS, access.Role.CHAIR, set())
    for name in NAMES:
        assert login(chair).get(reverse(name, args=[kingston_plan.pk])).status_code == 403, name


def test_the_story_runs_a_constant_number_of_queries(
    login, auditor, kingston_plan, manager, no_rendering, django_assert_num_queries
):
    client = login(auditor)

    def measure():
        # 1 session, 2 user, 3 plan with its board (scoped to the user's boards), 4 objectives with sections,
        # 5 their sources, 6 their actions (each of the two with whether it was edited since the period's end), 7
        # the history of the objectives edited since (their sources, recorded when the seed was loaded; no outcome
        # was: actions.structure), 8 the snapshot rows of that quarter end (none kept in the seed), 9 every update
        # of the actions up to then (the columns the RAG rules read), 10 the latest of each in full, with authors,
        # 11 the cited reviews, 12 their findings, 13 which finding each objective answers
        for name in NAMES:
            with django_assert_num_queries(13):
                response = client.get(reverse(name, args=[kingston_plan.pk]), {"year": "2010-11"})
        return response

    measure()
    objective = kingston_plan.objectives.get(number="5")
    for n in range(6, 26):
        action = Action.objects.create(objective=objective, number=f"5.{n}", order=n, text=f"Extra outcome {n}")
        ProgressUpdate.objects.create(
            action=action, as_at=date(2010, 9, 30), status=Status.ACHIEVED, narrative=f"Extra {n}", author=manager
        )
    measure()
    page = client.get(reverse("reporting:year", args=[kingston_plan.pk]), {"year": "2010-11"})
    assert "Extra outcome 25" in page.content.decode()
    assert "Achieved in financial year 2010/11 38" in norm(page_text(page))
