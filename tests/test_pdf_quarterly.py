"""The chair's quarterly report: Kingston's Q2 2010/11 as the dashboard counts it, its exceptions, what was
achieved, what had no update, then the plan as at the quarter's last day; the same report whenever it is
printed (updates dated after the quarter are never read); a constant number of queries."""

import html
import re
from collections import Counter
from datetime import date

import pytest
from django.urls import reverse

from actions import rag
from actions.models import RAG, Action, ProgressUpdate, Status
from plans.models import Plan
from reporting import pdf, reports
from reporting.dashboards import board_dashboard
from tests.helpers import record_q2_exceptions

from .pdf_helpers import norm, pdf_pages

pytestmark = pytest.mark.django_db

Q2 = rag.Quarter(2010, 2)  # July to September 2010
KINGSTON = "Kingston Local Safeguarding Children Board"
KINGSTON_HEADER = (
    "Objectives Source Time Scale Outcomes Lead Officer working with Business Manager Progress September 2010"
)
NO_UPDATE = ["5.3", "5.5", "12.3", "12.4", "13.4"]  # the document's progress column says nothing of these


@pytest.fixture(scope="module")
def q2_pages(django_db_setup, django_db_blocker):
    """Kingston's Q2 2010/11 report from the seed alone, rendered once for the module."""
    with django_db_blocker.unblock():
        plan = Plan.objects.select_related("board").get(board__slug="kingston")
        return pdf_pages(pdf.render_quarterly_pdf(plan, Q2))


@pytest.fixture
def actions(kingston):
    return {a.number: a for a in Action.objects.filter(objective__plan__board=kingston).order_by("id")}


def between(text, start, end):
    return text[text.index(start) : text.index(end, text.index(start))]


def test_the_summary_counts_are_the_dashboards(q2_pages, kingston, kingston_plan):
    summary_page = q2_pages[0]
    assert "Chair's quarterly report: Q2 2010/11" in summary_page
    assert "Kingston LSCB Improvement Plan 2009-2010" in summary_page
    assert "The plan as at 30 September 2010, the last day of Q2 2010/11 (July to September 2010)" in summary_page
    dashboard = board_dashboard(kingston, as_at=Q2.end, quarter=Q2, plan_id=kingston_plan.pk).sections[0]
    counts = dashboard.summary
    # the document's September 2010 column: 18 achieved (Blue), nothing else rated, nothing overdue
    assert (counts.blue, counts.not_rated, counts.total, counts.overdue) == (18, 34, 52, 0)
    for letter, label, count in (
        ("R", "Red", counts.red),
        ("A", "Amber", counts.amber),
        ("G", "Green", counts.green),
        ("B", "Blue", counts.blue),
        ("–", "Not rated", counts.not_rated),
    ):
        assert f"{letter} {label} {count}" in summary_page
    assert f"All actions {counts.total}" in summary_page and "Worst rating Blue" in summary_page
    for _, label, count in counts.statuses:
        assert f"{label} {count}" in summary_page
    assert "Achieved 18" in summary_page and "Ongoing 26" in summary_page and "No update 5" in summary_page
    assert f"Overdue {counts.overdue}" in summary_page
    assert f"Achieved in Q2 2010/11 {len(dashboard.achieved_this_quarter)}" in summary_page
    assert f"Open, no update in Q2 2010/11 {len(dashboard.missing_update)}" in summary_page
    # what changed since 30 June 2010: arrows AND words, counted as the dashboard's direction of travel does
    directions = Counter(line.direction.key for line in dashboard.lines)
    assert "What changed since 30 June 2010" in summary_page
    # the document's column is a baseline: first recorded, not new in Q2 (it dates some of it to 2009)
    assert f"+ New {directions['new']}" in summary_page and directions["new"] == 0
    assert f"· First recorded {directions['first']}" in summary_page and directions["first"] == 47
    assert "Achieved in Q2 2010/11 0" in summary_page and "First recorded in Q2 2010/11 47" in summary_page
    assert f"→ Same {directions['same']}" in summary_page
    for words in ("↑ Improved 0", "↓ Worse 0", "○ No rating now 0"):
        assert words in summary_page
    # the chart's numbers: the mix at each quarter end up to this one
    assert "Q2 2010/11 (30 Sep 2010) 0 0 0 18 34 52" in summary_page
    assert "Q1 2009/10 (30 Jun 2009) 0 0 0 0 52 52" in summary_page


def test_exceptions_achieved_and_no_update_are_listed(q2_pages, kingston):
    text = " ".join(q2_pages)
    assert "None: no action is Red, Amber or overdue as at 30 September 2010." in text
    # the 18 outcomes the document's column calls ACHIEVED are its baseline, not achieved in Q2 2010/11
    achieved_section = between(text, "Achieved in Q2 2010/11 No action", "No update in Q2 2010/11")
    assert "Actions that became achieved between" not in text
    assert "became achieved in Q2 2010/11. The progress of 47 actions was first recorded in Q2 2010/11, from the " in (
        achieved_section
    )
    assert "1.2 Ensure there is good preparation" not in achieved_section
    no_update = between(
        text,
        "Open actions (not achieved, not superseded) with no update dated between",
        "The plan as at 30 September 2010",
    )
    numbers = re.findall(r"\b(\d+\.\d+) [A-Z]", no_update)
    assert [n for n in numbers if n in NO_UPDATE] == NO_UPDATE
    assert no_update.count("No update recorded") == 5


def test_then_the_plan_as_at_the_quarter_end(q2_pages):
    text = " ".join(q2_pages)
    plan_part = text[text.index("The plan as at 30 September 2010") :]
    assert KINGSTON_HEADER in plan_part
    assert "C&D = Challenge and development day" in plan_part
    assert "4.1 B ACHIEVED : Independent Chair has been appointed" in plan_part
    assert "17.1 Produce template detailing key changes" in plan_part
    for n, page in enumerate(q2_pages, start=1):
        assert re.findall(r"Page \d+ of \d+", page) == [f"Page {n} of {len(q2_pages)}"]
        assert KINGSTON in page and "Q2 2010/11: as at 30 September 2010" in page
    table_pages = [page for page in q2_pages if re.search(r"\b1[0-7]\.[1-4] [A-Z]", page) and "Lead Officer" in page]
    assert len(table_pages) >= 3


def test_q2_prints_the_same_after_later_updates_are_recorded(kingston_plan, actions, manager):
    record_q2_exceptions(kingston_plan, manager)  # an Amber with its corrective action, a Red with none
    before = pdf_pages(pdf.render_quarterly_pdf(kingston_plan, Q2))
    text = " ".join(before)
    exceptions = between(text, "Exceptions: Red, Amber and overdue actions", "Achieved in Q2 2010/11")
    assert norm(f"6.1 {actions['6.1'].text}") in exceptions
    assert "A Amber: update of 30 Sep 2010 by kingston-manager" in exceptions
    # the corrective action column prints the update's corrective action, not its narrative
    assert "30 Sep 2010: In progress Draft to the December board meeting" in exceptions
    assert "Engagement plan late" not in exceptions
    assert "R Red: update of 31 Aug 2010 by kingston-manager 31 Aug 2010: In progress none recorded" in exceptions
    assert "Exceptions (Red, Amber or overdue) 2" in before[0]

    # recorded later, dated in Q3 (and Q4): they belong to later reports
    ProgressUpdate.objects.create(
        action=actions["6.1"],
        as_at=date(2010, 11, 15),
        status=Status.ACHIEVED,
        author=manager,
        narrative="Engagement plan approved",
    )
    ProgressUpdate.objects.create(
        action=actions["1.1"],
        as_at=date(2010, 11, 15),
        status=Status.ONGOING,
        rag=RAG.RED,
        author=manager,
        narrative="Slipped",
    )
    ProgressUpdate.objects.create(
        action=actions["5.3"], as_at=date(2010, 11, 15), status=Status.SUPERSEDED, author=manager
    )
    ProgressUpdate.objects.create(
        action=actions["4.3"],
        as_at=date(2011, 1, 10),
        status=Status.ACHIEVED,
        author=manager,
        narrative="Job description agreed",
    )
    after = pdf_pages(pdf.render_quarterly_pdf(kingston_plan, Q2))
    assert after == before  # identical text, page for page: nothing printed varies with the time of printing

    q3 = reports.quarterly_html(kingston_plan, rag.Quarter(2010, 3))  # the later quarter does show them
    assert "Engagement plan approved" in q3 and "Slipped" in q3
    assert "Q3 2010/11: as at 31 December 2010" in q3


def test_the_quarter_is_chosen_from_the_plans_period(login, chair, kingston_plan):
    client = login(chair)
    url = reverse("reporting:quarterly", args=[kingston_plan.pk])
    page = client.get(url).content.decode()  # default: the last complete quarter as at 30 September 2010
    assert "Chair's quarterly report: Q2 2010/11" in page
    assert re.findall(r'<option value="([^"]+)" selected>', page) == ["2010-Q2"]
    assert len(re.findall(r"<option ", page)) == 8
    q1 = client.get(url, {"quarter": "2009-Q1"}).content.decode()
    assert "Chair's quarterly report: Q1 2009/10" in q1 and "as at 30 June 2009" in q1
    assert "Chair's quarterly report: Q4 2010/11" in client.get(url, {"quarter": "2010q4"}).content.decode()
    # a quarter outside the plan's period, or not a quarter: said on the page, the default shown
    for given in ("2030-Q1", "2010-Q5", "<script>"):
        response = client.get(url, {"quarter": given})
        assert response.status_code == 200
        body = response.content.decode()
        assert "is not a quarter of this plan's period" in html.unescape(body)
        assert "Showing Q2 2010/11 instead." in body
        assert "<script>" not in body
        pdf_response = client.get(reverse("reporting:quarterly_pdf", args=[kingston_plan.pk]), {"quarter": given})
        assert pdf_response.status_code == 400
        assert "is not a quarter of this plan's period" in pdf_response.content.decode()


def test_the_quarterly_pdf_view(login, auditor, kingston_plan, monkeypatch):
    made = []
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html, **kwargs: made.append(html) or b"%PDF-1.7 stub")
    url = reverse("reporting:quarterly_pdf", args=[kingston_plan.pk])
    response = login(auditor).get(url, {"quarter": "2010-Q2"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="kingston-lscb-improvement-plan-2009-2010-quarterly-report-2010-Q2.pdf"'
    )
    assert made == [reports.quarterly_html(kingston_plan, Q2)]  # the page's HTML, less its toolbar


def test_the_quarterly_page_runs_a_constant_number_of_queries(
    login, auditor, kingston_plan, manager, django_assert_num_queries
):
    client = login(auditor)
    url = reverse("reporting:quarterly", args=[kingston_plan.pk])
    # 1 session, 2 user, 3 plan with its board (scoped to the user's boards), 4 objectives with sections, 5 their
    # sources, 6 their actions (each of the two with whether it was edited since the quarter end), 7 the history of
    # the objectives edited since (their sources, recorded when the seed was loaded; no outcome was:
    # actions.structure), 8 the quarter's snapshot rows (none kept in the seed), 9 every update of the plan's
    # actions up to the quarter end (the columns the RAG rules read) and 10 the latest of each in full, with
    # authors (the plan table), 11 every update again in full for the summary (one read rates every action at this
    # and the previous quarter end and at each quarter end of the trend), 12 the cited reviews (source key), 13 the
    # quarter's sign-off, if any (a signed-off quarter's page is the one frozen at sign-off)
    with django_assert_num_queries(13):
        client.get(url, {"quarter": "2010-Q2"})
    objective = kingston_plan.objectives.get(number="5")
    for n in range(6, 26):
        action = Action.objects.create(objective=objective, number=f"5.{n}", order=n, text=f"Extra outcome {n}")
        ProgressUpdate.objects.create(
            action=action,
            as_at=date(2010, 8, 1),
            status=Status.ONGOING,
            rag=RAG.AMBER,
            narrative=f"Extra progress {n}",
            corrective_action=f"Extra corrective action {n}",
            author=manager,
        )
    with django_assert_num_queries(13):
        page = client.get(url, {"quarter": "2010-Q2"}).content.decode()
    assert page.count("Extra corrective action 25") == 1  # an exception's corrective action
    assert page.count("Extra progress 25") == 1  # the narrative, in the plan table
    # without a quarter, the default is read from the plan's last progress date: one query more; and the plan
    # table's ratings read the actions' current states (each its action's latest update at that date) in place of
    # 9 and 10: one less
    with django_assert_num_queries(13):
        client.get(url)
