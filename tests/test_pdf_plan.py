"""The plan as a PDF (and as a print-friendly page, from the same HTML), in the board's own layout.

Kingston's PDF is read back with pdftotext and compared with the database: every objective and every outcome,
in order, with its sources, time scale, lead and the progress as at September 2010, as written. Each page has
the table's header row (where the table runs), "Page N of M", the board's name and the as-at date. LLR's has
its sections, themes and columns. Who may print: anyone who can read the board; another board's plan is a 404.
"""

import re
from datetime import date

import pytest
from django.urls import reverse

from actions import quarters, rag
from actions.as_at import default_as_at
from actions.models import Action, ProgressUpdate, Status
from actions.progress import latest_updates
from plans.models import Plan
from reporting import pdf, reports

from .pdf_helpers import norm, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db

SEPTEMBER_2010 = date(2010, 9, 30)
KINGSTON = "Kingston Local Safeguarding Children Board"
KINGSTON_HEADER = (
    "Objectives Source Time Scale Outcomes Lead Officer working with Business Manager Progress September 2010"
)


def tidy(text):
    """Folded whitespace, and no space before a comma (a RAG badge ends just before one: '2.1 –, 2.2 –')."""
    return re.sub(r" ,", ",", norm(text))


@pytest.fixture(scope="module")
def kingston_pages(django_db_setup, django_db_blocker):
    """Kingston's plan as at 30 September 2010, rendered once for the module: the text of each page."""
    with django_db_blocker.unblock():
        plan = Plan.objects.select_related("board").get(board__slug="kingston")
        return [tidy(page) for page in pdf_pages(pdf.render_plan_pdf(plan, SEPTEMBER_2010))]


@pytest.fixture(scope="module")
def llr_pages(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        plan = Plan.objects.select_related("board").get(board__slug="llr")
        return pdf_pages(pdf.render_plan_pdf(plan, default_as_at(plan)))


def body_of(page):
    """A page's text without what the page margins print (the board, the as-at date, 'Page N of M') and
    without list bullets (pdftotext gives a page's bullets after its text)."""
    page = page.replace(f"{KINGSTON} Progress as at 30 September 2010", " ").replace("•", " ")
    return norm(re.sub(r"Page \d+ of \d+", " ", page))


def expected_rows(plan, as_at):
    """From the database: per objective, the fragments its row prints, in the order they print."""
    actions = list(
        Action.objects.filter(objective__plan=plan)
        .in_document_order()
        .select_related("objective")
        .prefetch_related("objective__sources")
    )
    latest = latest_updates(Action.objects.filter(objective__plan=plan), as_at)
    ratings = rag.ratings_for(Action.objects.filter(objective__plan=plan), as_at)
    rows = []
    for action in actions:
        objective = action.objective
        if not rows or rows[-1]["objective"].pk != objective.pk:
            rows.append({"objective": objective, "actions": []})
        rows[-1]["actions"].append(action)
    for row in rows:
        objective = row["objective"]
        fragments = [f"{objective.number}. {objective.title}"]
        fragments += [source.code for source in objective.sources.all()]
        if objective.timescale:
            fragments.append(objective.timescale)
        fragments += [f"{a.number} {a.text}" for a in row["actions"]]
        fragments.append(objective.lead)
        # the progress column: outcomes sharing one statement are listed together before it, as written
        entries = []
        for a in row["actions"]:
            update, rating = latest.get(a.pk), ratings[a.pk]
            if update is None:
                continue
            badge = f"{a.number} {rating.letter}" + (" overdue" if rating.overdue else "")
            if entries and entries[-1][0] == (update.status, update.narrative):
                entries[-1][1].append(badge)
            else:
                entries.append(((update.status, update.narrative), [badge]))
        for (status, narrative), badges in entries:
            label = Status(status).label
            # a narrative opening with its status's word prints alone: no 'Ongoing: ONGOING'
            opening = narrative.casefold().replace(":", " ").replace("–", " ").split()[: len(label.split())]
            statement = (
                narrative if opening == label.casefold().split() else label + (f": {narrative}" if narrative else "")
            )
            fragments.append(f"{', '.join(badges)} {statement}")
        row["fragments"] = [tidy(f) for f in fragments]
    return rows


# ---- Kingston: the document's table, as at September 2010


def test_every_objective_and_outcome_prints_in_order_with_sources_time_scale_lead_and_progress(
    kingston_pages, kingston_plan
):
    text = " ".join(body_of(page) for page in kingston_pages)
    start = text.index(KINGSTON_HEADER)
    position = start
    rows = expected_rows(kingston_plan, SEPTEMBER_2010)
    assert len(rows) == 17 and sum(len(row["actions"]) for row in rows) == 52
    for row in rows:
        for fragment in row["fragments"]:
            found = text.find(fragment, position)
            assert found >= 0, f"objective {row['objective'].number}: {fragment!r} missing or out of order"
            position = found + len(fragment)
    # Kingston's two outcomes numbered 9.2, as written, one after the other
    nine = text[text.index("9. Take steps") : text.index("10. Develop a more strategic")]
    assert nine.count("9.2 ") >= 2
    assert nine.index("9.2 The Business Plan will set out") < nine.index("9.2 Demonstrate that Domestic")
    # narratives as written, slips included, with the status and the RAG letter
    assert "4.1 B ACHIEVED : Independent Chair has been appointed" in text
    assert "anticiapted announced inspection late in 2010" in text
    assert "3.1 –, 3.2 –, 3.3 – ONGOING Annual plan produced and outcomes monitored." in text
    # the status's word once, as the document writes it: never 'Ongoing: ONGOING' nor 'Achieved: ACHIEVED'
    assert "Ongoing: ONGOING" not in text and "Achieved: ACHIEVED" not in text
    assert "Ongoing: ONGOING" not in " ".join(kingston_pages)


def test_the_title_page_introduction_and_reviews_come_first(kingston_pages, kingston_plan):
    title = kingston_pages[0]
    for words in (
        KINGSTON,
        "Kingston LSCB Improvement Plan 2009-2010",
        "April 2009 to March 2011",
        "Progress as at 30 September 2010",
        "This Improvement plan should be read in conjunction with the Annual Report on "
        "Arrangements for Safeguarding Children and Young People, September 2010.",
    ):
        assert words in title
    text = " ".join(body_of(page) for page in kingston_pages)
    table = text.index(KINGSTON_HEADER)
    board = kingston_plan.board
    positions = [text.index("Introduction"), text.index(norm(kingston_plan.introduction.splitlines()[1]))]
    positions.append(text.index("Member agencies"))
    for seat in board.seats.select_related("agency"):
        positions.append(text.index(seat.agency.name, positions[-1]))
    positions.append(text.index("Subgroups", positions[-1]))
    for subgroup in board.subgroups.all():
        positions.append(text.index(subgroup.name, positions[-1]))
    positions.append(text.index("Reviews that led to this plan", positions[-1]))
    for review in reports.plan_report(kingston_plan, SEPTEMBER_2010).reviews:
        positions.append(text.index(f"{review.code}: {review.title}", positions[-1]))
        positions.append(text.index(norm(review.summary), positions[-1]))
        for finding in review.findings.all():
            positions.append(text.index(norm(f"{finding.number}. {finding.text}"), positions[-1]))
    positions.append(text.index("Source key", positions[-1]))
    # the key as the document prints it (Section 3): C&D, PR, LR, and no NEW though objective 17 cites it
    for key in ("C&D = Challenge and development day", "PR = Peer review", "LR = Laming review"):
        positions.append(text.index(key, positions[-1]))
    assert "NEW =" not in text
    assert "PR = IDeA Peer Review" not in text
    assert positions == sorted(positions) and positions[-1] < table


def test_the_header_row_repeats_on_every_page_of_the_table(kingston_pages):
    outcome_starts = [
        f"{a.number} {norm(a.text)[:30]}"
        for a in Action.objects.filter(objective__plan__board__slug="kingston").in_document_order()
    ]
    table_pages = [n for n, page in enumerate(kingston_pages) if any(o in page for o in outcome_starts)]
    assert len(table_pages) >= 3  # the table runs over several pages
    assert table_pages == list(range(table_pages[0], table_pages[-1] + 1))
    for n in table_pages:
        assert KINGSTON_HEADER in kingston_pages[n], f"page {n + 1} has no header row"
    # and no outcome is split over two pages: each starts and ends on the same page
    for action in Action.objects.filter(objective__plan__board__slug="kingston"):
        words = norm(f"{action.number} {action.text}")
        assert sum(words in page for page in kingston_pages) == 1, action.number


def test_every_page_says_page_n_of_m_the_board_and_the_date(kingston_pages):
    total = len(kingston_pages)
    assert total > 5
    for n, page in enumerate(kingston_pages, start=1):
        assert re.findall(r"Page \d+ of \d+", page) == [f"Page {n} of {total}"]
        assert KINGSTON in page and "Progress as at 30 September 2010" in page


def test_another_date_prints_the_progress_known_then(kingston_plan):
    html = reports.plan_html(kingston_plan, date(2010, 6, 30))  # the PDF's HTML: what WeasyPrint is given
    assert '<th scope="col">Progress June 2010</th>' in html
    assert "Progress as at 30 June 2010" in html
    assert "Independent Chair has been appointed" not in html  # recorded as at September


def test_llr_has_its_sections_themes_and_columns(llr_pages, llr):
    text = " ".join(llr_pages)
    plan = llr.plans.get()
    header = "No. Outcomes Method Lead Timescale & Resources Progress"
    table = text.index(header)
    headings = ["CORE WORK", "DEVELOPMENT WORKSTREAMS"] + [
        theme.title for theme in plan.sections.filter(parent__isnull=False).order_by("order", "id")
    ]
    assert headings[2:] == [
        "Community Engagement",
        "Strengthening Links with Adult Services",
        "Sexual Exploitation of Children",
        "Participation",
        "Safer Workforce",
        "E Safety",
        "Learning Lessons from Case Work",
        "Early Intervention / CAF",
    ]
    positions = [text.index(heading, table) for heading in headings]
    assert positions == sorted(positions)
    # every outcome in order, each after its theme
    position = table
    for action in Action.objects.filter(objective__plan=plan).in_document_order():
        position = text.index(norm(f"{action.number} {action.text}"), position)
    outcome_starts = [norm(f"{a.number} {a.text}")[:30] for a in Action.objects.filter(objective__plan=plan)]
    table_pages = [page for page in llr_pages if any(o in page for o in outcome_starts)]
    assert len(table_pages) >= 3 and all(header in page for page in table_pages)
    for n, page in enumerate(llr_pages, start=1):
        assert "Leicester City, Leicestershire and Rutland Local Safeguarding Children Board" in page
        assert f"Page {n} of {len(llr_pages)}" in page


# ---- the print-friendly page: the same HTML, accessible


def test_the_print_page_is_the_pdfs_html_with_a_screen_toolbar(login, chair, kingston_plan):
    url = reverse("reporting:print", args=[kingston_plan.pk])
    response = login(chair).get(url, {"as_at": "2010-09-30"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.startswith("<!doctype html>") and '<html lang="en-GB">' in page
    assert '<link rel="stylesheet" href="/static/css/print.css">' in page
    assert re.findall(r"<h1[ >]", page) == ["<h1 "]
    assert '<th scope="col">Lead Officer working with Business Manager</th>' in page
    assert "<caption>Kingston LSCB Improvement Plan 2009-2010: objectives" in page
    assert f'href="{reverse("reporting:print_pdf", args=[kingston_plan.pk])}?as_at=2010-09-30"' in page
    # the PDF's HTML is the page without the screen-only toolbar
    document = reports.plan_html(kingston_plan, SEPTEMBER_2010)
    assert 'class="screen-only toolbar"' in page and "screen-only" not in document
    assert re.sub(r'\n<nav class="screen-only toolbar".*?</nav>\n', "", page, flags=re.S) == document


def test_headings_are_in_order(login, chair, kingston_plan):
    page = login(chair).get(reverse("reporting:print", args=[kingston_plan.pk])).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", page)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_an_unreadable_date_is_named_on_the_page_and_refused_for_the_pdf(login, chair, kingston_plan):
    client = login(chair)
    page = client.get(reverse("reporting:print", args=[kingston_plan.pk]), {"as_at": "31/13/2010"})
    assert page.status_code == 200
    assert "Enter the as-at date as a date" in page.content.decode()
    assert "Progress as at 30 September 2010" in page.content.decode()  # the default, said so
    response = client.get(reverse("reporting:print_pdf", args=[kingston_plan.pk]), {"as_at": "31/13/2010"})
    assert response.status_code == 400
    assert "Enter the as-at date as a date" in response.content.decode()


def test_the_print_page_runs_a_constant_number_of_queries(
    login, auditor, kingston_plan, manager, django_assert_num_queries
):
    client = login(auditor)
    url = reverse("reporting:print", args=[kingston_plan.pk])
    # 1 session, 2 user, 3 plan with its board (scoped to the user's boards), 4 last progress date (the
    # default date: the plan has ended), 5 member agencies, 6 subgroups, 7 the reviews the objectives cite,
    # 8 their findings, 9 what this board wrote of them (Kingston on Laming), 10 objectives with sections, 11 their
    # sources, 12 their actions with subgroups and lead users (each objective and action with whether it was edited
    # since the date), 13 the history of the objectives edited since (their sources, recorded when the seed was
    # loaded; no outcome was: actions.structure, the plan as it stood then), 14 the quarter's snapshot rows (the
    # date is a quarter end; none kept in the seed), 15 the actions' current states, each with its latest update in
    # full and its author (at the last progress date, each state is its action's latest update), 16 key risks (none)
    with django_assert_num_queries(16):
        client.get(url)
    objective = kingston_plan.objectives.get(number="5")
    for n in range(6, 26):
        action = Action.objects.create(objective=objective, number=f"5.{n}", order=n, text=f"Extra outcome {n}")
        ProgressUpdate.objects.create(
            action=action, as_at=SEPTEMBER_2010, status=Status.ONGOING, narrative=f"Extra progress {n}", author=manager
        )
    with django_assert_num_queries(16):
        page = client.get(url).content.decode()
    assert "Extra outcome 25" in page and "Extra progress 25" in page
    # with a date given, the default date is not read, and the actions' updates are, up to the date (the columns the
    # RAG rules read), then the latest of each in full, in place of 15
    with django_assert_num_queries(16):
        client.get(url, {"as_at": "2010-09-30"})


# ---- links from the plan page


def test_the_plan_page_links_to_both_reports_and_picks_the_last_complete_quarter(login, chair, kingston_plan):
    page = login(chair).get(reverse("reporting:plan", args=[kingston_plan.pk])).content.decode()
    pk = kingston_plan.pk
    assert f'href="/plans/{pk}/print/?as_at=2010-09-30"' in page
    assert f'href="/plans/{pk}/print.pdf?as_at=2010-09-30"' in page
    assert f'action="/plans/{pk}/quarterly/"' in page and f'formaction="/plans/{pk}/quarterly.pdf"' in page
    options = re.findall(r'<option value="([^"]+)"( selected)?>', page)
    assert [code for code, _ in options] == [
        "2009-Q1",
        "2009-Q2",
        "2009-Q3",
        "2009-Q4",
        "2010-Q1",
        "2010-Q2",
        "2010-Q3",
        "2010-Q4",
    ]
    # 30 September 2010 is the last day of Q2 2010/11: that quarter is complete
    assert [code for code, selected in options if selected] == ["2010-Q2"]
    earlier = login(chair).get(reverse("reporting:plan", args=[pk]), {"as_at": "2010-09-29"}).content.decode()
    assert re.findall(r'<option value="([^"]+)" selected>', earlier) == ["2010-Q1"]


def test_the_default_quarter_is_the_last_complete_one_within_the_plans_period(kingston_plan):
    assert reports.default_quarter(kingston_plan, today=date(2026, 1, 1)) == rag.Quarter(2010, 2)
    assert quarters.last_complete_quarter(date(2010, 9, 30)) == rag.Quarter(2010, 2)
    assert quarters.last_complete_quarter(date(2010, 10, 1)) == rag.Quarter(2010, 2)
    assert quarters.last_complete_quarter(date(2010, 9, 29)) == rag.Quarter(2010, 1)
    assert reports.default_quarter_for(kingston_plan, date(2009, 5, 1)) == rag.Quarter(2009, 1)  # first
    assert reports.default_quarter_for(kingston_plan, date(2030, 5, 1)) == rag.Quarter(2010, 4)  # last


# ---- who may print


@pytest.fixture
def fake_pdf(monkeypatch):
    """Rendering replaced by a stub where only access is under test (the real rendering is tested above)."""
    made = []

    def html_to_pdf(html, **kwargs):
        made.append(html)
        return b"%PDF-1.7 stub"

    monkeypatch.setattr(pdf, "html_to_pdf", html_to_pdf)
    return made


@pytest.mark.parametrize("persona", ["chair", "auditor", "manager", "lead", "two_board_chair"])
def test_anyone_who_reads_the_board_may_print(request, login, kingston_plan, fake_pdf, persona):
    client = login(request.getfixturevalue(persona))
    pk = kingston_plan.pk
    for name in ("reporting:print", "reporting:quarterly"):
        response = client.get(reverse(name, args=[pk]))
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith("text/html")
    for name, query in (
        ("reporting:print_pdf", {"as_at": "2010-09-30"}),
        ("reporting:quarterly_pdf", {"quarter": "2010-Q2"}),
    ):
        response = client.get(reverse(name, args=[pk]), query)
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/pdf"
        assert response.content == b"%PDF-1.7 stub"
    assert len(fake_pdf) == 2


def test_the_pdf_view_renders_a_real_pdf(login, chair, kingston_plan):
    response = login(chair).get(reverse("reporting:print_pdf", args=[kingston_plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="kingston-lscb-improvement-plan-2009-2010-2010-09-30.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    assert "Page 1 of" in pdf_pages(response.content)[0]


@pytest.mark.parametrize("persona", ["outsider", "llr_manager"])
def test_another_boards_plan_is_a_404_for_every_report(request, login, kingston_plan, fake_pdf, persona):
    client = login(request.getfixturevalue(persona))
    for name in ("reporting:print", "reporting:print_pdf", "reporting:quarterly", "reporting:quarterly_pdf"):
        response = client.get(reverse(name, args=[kingston_plan.pk]), {"quarter": "2010-Q2"})
        assert response.status_code == 404, name
    assert fake_pdf == []


def test_only_get_and_head_after_access_is_decided(login, chair, outsider, kingston_plan, fake_pdf):
    for name in ("reporting:print", "reporting:print_pdf", "reporting:quarterly", "reporting:quarterly_pdf"):
        url = reverse(name, args=[kingston_plan.pk])
        assert login(outsider).post(url).status_code == 404, name  # not even the method is told
        assert login(chair).post(url).status_code == 405, name
        assert login(chair).head(url).status_code == 200, name


def test_signed_out_visitors_are_sent_to_sign_in(client, kingston_plan):
    response = client.get(reverse("reporting:print_pdf", args=[kingston_plan.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_two_board_chair_prints_llr_in_its_own_layout(login, two_board_chair, llr):
    page = login(two_board_chair).get(reverse("reporting:print", args=[llr.plans.get().pk])).content.decode()
    headers = re.findall(r'<th scope="col">(.*?)</th>', page)
    assert headers[:5] == ["No.", "Outcomes", "Method", "Lead", "Timescale &amp; Resources"]
    assert headers[5].startswith("Progress ")


def test_kingstons_words_on_the_laming_review_are_in_its_printed_plan(login, chair, kingston_plan):
    pdf = login(chair).get(reverse("reporting:print_pdf", args=[kingston_plan.pk]))
    assert "Kingston’s response is detailed in section 32 of the Annual Report." in norm(pdf_text(pdf.content))
