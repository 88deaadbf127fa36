"""The board dashboard and the dashboard across boards: the same date gives the same page, Kingston's
numbers are the document's, personas see only their boards, and queries do not grow with boards or actions."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import RAG, Action, ProgressUpdate, Status
from actions.rag import RollUp
from boards.models import Board, Membership
from plans.models import Objective, Plan
from reporting import charts

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def board_dashboard(slug="kingston"):
    return reverse("reporting:board_dashboard", args=[slug])


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def html_of(response):
    assert response.status_code == 200
    return CSRF.sub("", response.content.decode())


def board_rows(response):
    """The boards listed on the dashboard across boards: the slug of each row's board link."""
    return re.findall(r'<th scope="row"><a href="/boards/([\w-]+)/">', response.content.decode())


# ---- (a) as at a date


def test_the_same_date_gives_the_same_page_whatever_is_recorded_later(login, chair, manager, kingston):
    client = login(chair)
    by_date = html_of(client.get(board_dashboard(), {"as_at": "2010-09-30"}))
    by_quarter = html_of(client.get(board_dashboard(), {"quarter": "2010-Q2"}))
    by_default = html_of(client.get(board_dashboard()))

    actions = {a.number: a for a in Action.objects.filter(objective__plan__board=kingston)}
    ProgressUpdate.objects.create(
        action=actions["4.3"], as_at=date(2010, 10, 1), status=Status.ACHIEVED, author=manager
    )
    ProgressUpdate.objects.create(
        action=actions["1.1"],
        as_at=date(2010, 12, 31),
        status=Status.ONGOING,
        rag=RAG.RED,
        author=manager,
        narrative="Slipped",
    )
    ProgressUpdate.objects.create(
        action=actions["5.3"], as_at=date(2011, 1, 15), status=Status.SUPERSEDED, author=manager
    )

    assert html_of(client.get(board_dashboard(), {"as_at": "2010-09-30"})) == by_date
    assert html_of(client.get(board_dashboard(), {"quarter": "2010-Q2"})) == by_quarter
    # the default moved on to the newest progress date: the later updates are there
    later = client.get(board_dashboard())
    assert html_of(later) != by_default
    assert "Shown as at 15 January 2011" in text_of(later)


def test_a_quarter_means_its_last_day(login, chair):
    text = text_of(login(chair).get(board_dashboard(), {"quarter": "2010-Q2"}))
    assert "Shown as at 30 September 2010 (Q2 2010/11), the end of Q2 2010/11, the quarter you chose" in text
    q4 = text_of(login(chair).get(board_dashboard(), {"quarter": "2010-Q4"}))
    assert "Shown as at 31 March 2011 (Q4 2010/11)" in q4


def test_by_default_a_finished_plan_shows_itself_as_at_its_last_progress(login, chair):
    text = text_of(login(chair).get(board_dashboard()))
    assert "Shown as at 30 September 2010 (Q2 2010/11), its last progress date" in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"as_at": "2010-13-45"}, "The as-at date “2010-13-45” was not understood: Enter the as-at date as a date"),
        ({"quarter": "2010-Q5"}, "“2010-Q5” is not a quarter: write it as the list offers, for example Q2 2010/11"),
        ({"as_at": "2010-09-30", "quarter": "2010-Q2"}, "Give an as-at date or a quarter, not both."),
        ({"plan": "999999"}, "This board has no plan 999999: showing its plans in force."),
        ({"plans": "some"}, "The plan “some” was not understood: Choose a plan from the list."),
    ],
)
def test_bad_input_is_named_and_the_default_is_shown(login, chair, params, message):
    response = login(chair).get(board_dashboard(), params)
    assert response.status_code == 200
    text = text_of(response)
    assert message in text
    assert "Shown as at 30 September 2010 (Q2 2010/11), its last progress date" in text


def test_bad_input_on_the_dashboard_across_boards_falls_back_to_today(login, auditor):
    text = text_of(login(auditor).get(reverse("reporting:dashboard"), {"quarter": "Q2"}))
    assert "“Q2” is not a quarter" in text and "Showing today instead." in text
    assert "): today." in text


@pytest.mark.parametrize(
    ("params", "field", "error"),
    [
        ({"as_at": "2010-13-45"}, "as_at", "Enter the as-at date as a date"),
        ({"quarter": "2010-Q5"}, "quarter", "“2010-Q5” is not a quarter"),
    ],
)
@pytest.mark.parametrize("page", ["board", "across"])
def test_a_field_not_understood_is_marked_with_its_error_beside_it(login, chair, page, params, field, error):
    url = board_dashboard() if page == "board" else reverse("reporting:dashboard")
    html = html_of(login(chair).get(url, params))
    marked = re.search(rf'<input [^>]*name="{field}"[^>]*>', html).group(0)
    assert "is-invalid" in marked and 'aria-invalid="true"' in marked and f"{field}_error" in marked
    assert re.search(rf'<div id="{field}_error" class="invalid-feedback">{error}', html)
    other = "quarter" if field == "as_at" else "as_at"  # the other field is not marked
    assert "aria-invalid" not in re.search(rf'<input [^>]*name="{other}"[^>]*>', html).group(0)
    assert f'id="{other}_error"' not in html
    good = html_of(login(chair).get(url, {"quarter": "2010-Q2"}))
    assert "aria-invalid" not in good and 'value="Q2 2010/11 (July to September 2010)"' in good


# ---- (b) the document


def test_kingston_as_at_september_2010_matches_the_document(login, chair):
    text = text_of(login(chair).get(board_dashboard(), {"as_at": "2010-09-30"}))
    # status counts: the document's Progress September 2010 column
    assert "Actions by status Status Actions" in text
    for status, count in [("In progress", 3), ("Ongoing", 26), ("Achieved", 18), ("No update", 5)]:
        assert f" {status} {count} " in text, status
    # RAG: achieved is Blue, the document gives no other rating, nothing is overdue yet
    assert "Actions by RAG rating Rating Actions R Red 0 A Amber 0 G Green 0 B Blue 18 – Not rated 34" in text
    assert "All actions 52" in text and "Overdue 0" in text
    assert "Open, no update in Q2 2010/11 5" in text
    # the document's column is the baseline: first recorded, not achieved in the quarter it is dated in
    assert "Achieved in Q2 2010/11 0" in text


def test_kingston_a_quarter_later_shows_what_is_overdue_and_why(login, chair):
    text = text_of(login(chair).get(board_dashboard(), {"as_at": "2011-01-01"}))
    assert "Red: due 31 Dec 2010, still Ongoing" in text
    assert "Red: due 31 Dec 2010, no update recorded" in text  # 5.3 and 5.5 had none
    assert "+ New" in text  # not rated at 30 September, overdue (Red) now
    assert "→ Same" in text  # Blue then and now
    assert "Open, no update in Q4 2010/11 34" in text  # 1 January is in Q4 of 2010/11


def test_the_board_dashboard_shows_charts_with_text_equivalents(login, chair, kingston):
    page = login(chair).get(board_dashboard(), {"as_at": "2010-09-30"}).content.decode()
    plan = kingston.plans.get()
    for chart in ("objectives", "trend"):
        chart_id = f"plan{plan.pk}-{chart}"
        assert 'role="img" width=' in page
        assert f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc"' in page
        assert f'<title id="{chart_id}-title">' in page and f'<desc id="{chart_id}-desc">' in page
    assert "<caption>RAG mix per objective: the numbers of the chart</caption>" in page
    assert "<caption>RAG mix at each quarter end: the numbers of the chart</caption>" in page
    # the trend runs from the plan's first quarter end to the date shown, no further
    text = text_of(login(chair).get(board_dashboard(), {"as_at": "2010-09-30"}))
    assert "Q1 2009/10 (30 Jun 2009) 0 0 0 0 52 52 None rated" in text
    assert "Q2 2010/11 (30 Sep 2010) 0 0 0 18 34 52 Blue" in text
    assert "Q3 2010/11 (31 Dec 2010)" not in text
    assert "How the RAG ratings are decided" in text and "Worst" in text


def test_one_plan_of_a_board_can_be_chosen(login, auditor, leeds):
    plans = list(leeds.plans.order_by("title"))
    response = login(auditor).get(board_dashboard("leeds"), {"plan": plans[0].pk})
    headings = re.findall(r'<h2 class="h4" id="plan-\d+-heading">(.*?)</h2>', response.content.decode())
    assert headings == [plans[0].title]
    everything = login(auditor).get(board_dashboard("leeds"), {"plans": "all"})
    assert len(re.findall(r'<h2 class="h4" id="plan-', everything.content.decode())) == 3  # Leeds' three plans


def _sections(response):
    return re.findall(r'<h2 class="h4" id="plan-\d+-heading">(.*?)</h2>', html_of(response))


def _picker(response):
    """The plan picker's links: (words, href, whether it is the current one)."""
    picker = re.search(r'<nav aria-label="Plans of the board".*?</nav>', html_of(response), re.S).group(0)
    links = re.findall(r'<a class="nav-link( active)?"(?: aria-current="page")? href="([^"]*)">([^<]+)</a>', picker)
    return [(re.sub(r"\s+", " ", words), href.replace("&amp;", "&"), bool(active)) for active, href, words in links]


def test_by_default_a_board_shows_its_plans_in_force_and_every_plan_is_a_click_away(login, auditor, leeds):
    """The plan the board works to now, not every plan it has kept (Leeds has three; a board keeps years of them):
    in force is the chase list's rule (approved, running in today's quarter). The others are in the picker, one
    at a time or all at once."""
    plans = list(leeds.plans.order_by("period_start"))
    today = timezone.localdate()
    current = plans[0]
    current.period_start, current.period_end = date(today.year - 1, 4, 1), date(today.year + 2, 3, 31)
    current.status = Plan.Status.APPROVED
    current.save()
    client = login(auditor)
    response = client.get(board_dashboard("leeds"))
    assert _sections(response) == [current.title]
    assert "The plans in force today (1 of the board's 3)." in text_of(response)
    picker = _picker(response)
    assert picker[0] == ("Plans in force", board_dashboard("leeds"), True)
    assert picker[-1] == ("Every plan", board_dashboard("leeds") + "?plans=all", False)
    every = client.get(picker[-1][1])
    assert sorted(_sections(every)) == sorted(plan.title for plan in plans)
    assert _picker(every)[-1][2] and not _picker(every)[0][2]
    # a draft is not in force, whatever its period: shown as the most recent, and said so
    current.status = Plan.Status.DRAFT
    current.save()
    assert "None of the board's plans is in force today" in text_of(client.get(board_dashboard("leeds")))


def test_with_no_plan_in_force_a_board_shows_the_most_recent(login, auditor, leeds):
    last = leeds.plans.order_by("-period_end").first()
    response = login(auditor).get(board_dashboard("leeds"))
    assert _sections(response) == [last.title]
    words = "None of the board's plans is in force today (approved, and running this quarter): this is the most recent."
    assert words in text_of(response)


def test_as_at_a_date_every_plan_running_then_is_shown_and_every_plan_is_not_offered(login, auditor, leeds):
    plans = list(leeds.plans.order_by("period_start"))
    day = max(plan.period_start for plan in plans)  # the last plan's first day: any plan running then
    running = [plan.title for plan in plans if plan.period_start <= day <= plan.period_end]
    response = login(auditor).get(board_dashboard("leeds"), {"as_at": day.isoformat(), "plans": "all"})
    assert sorted(_sections(response)) == sorted(running)
    picker = _picker(response)
    assert picker[0][0] == "Plans in force" and picker[0][2]  # what it shows: the plans running on the date
    assert "Every plan" not in [words for words, _, _ in picker]


def test_a_sections_texts_are_escaped_as_djangos_templates_escape_them(login, chair, kingston):
    """The sections are drawn by Jinja2 (reporting/dashboards.py says why), but the plan's title, why its date and the
    rules read as Django's templates always wrote them (&#x27; and &quot;, where Jinja2 writes &#39; and &#34;)."""
    plan = kingston.plans.get()
    plan.title = 'Kingston\'s "plan" <2010>'
    plan.save()
    page = login(chair).get(board_dashboard()).content.decode()
    assert '-heading">Kingston&#x27;s &quot;plan&quot; &lt;2010&gt;</h2>' in page
    assert "its last progress date: the plan&#x27;s period ended on" in page
    assert '<p class="small text-body-secondary">Direction of travel compares each action&#x27;s rating' in page


# ---- (c) personas


@pytest.mark.parametrize("persona", ["chair", "auditor", "manager", "lead", "two_board_chair"])
def test_people_of_the_board_see_its_dashboard(request, login, persona):
    assert login(request.getfixturevalue(persona)).get(board_dashboard()).status_code == 200


@pytest.mark.parametrize("persona", ["outsider", "llr_manager", "leeds_manager"])
def test_anyone_else_gets_404_on_the_boards_dashboard(request, login, persona):
    assert login(request.getfixturevalue(persona)).get(board_dashboard()).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "slugs"),
    [
        ("two_board_chair", ["kingston", "llr"]),
        ("auditor", ["kingston", "leeds", "llr"]),
        ("chair", ["kingston"]),
        ("llr_manager", ["llr"]),
        ("outsider", []),
    ],
)
def test_the_dashboard_across_boards_lists_only_the_users_boards(request, login, persona, slugs, seed):
    client = login(request.getfixturevalue(persona))
    response = client.get(reverse("reporting:dashboard"), {"as_at": "2010-09-30"})
    assert board_rows(response) == slugs
    page = response.content.decode()
    for slug, board in seed.items():
        if slug not in slugs:
            assert board.name not in page
            assert f"/boards/{slug}/" not in page and f"board{board.pk}-mix" not in page


def test_an_outsider_sees_an_empty_state(login, outsider):
    text = text_of(login(outsider).get(reverse("reporting:dashboard")))
    assert "You hold no role on any board, so there is nothing to show." in text


def test_each_row_has_the_boards_mix_and_counts(login, two_board_chair):
    response = login(two_board_chair).get(reverse("reporting:dashboard"), {"as_at": "2011-01-01"})
    text = text_of(response)
    # Kingston on 1 January 2011: 18 achieved; 23 open and due by 31 Dec 2010 are overdue; 8 open with no due
    # date and 3 due in February 2011 are not rated; the 34 open ones have no update in Q4 2010/11
    kingston_row = r"Kingston Local Safeguarding Children Board .*? 23 0 0 18 11 52 R Red 23 34 Dashboard"
    assert re.search(kingston_row, text)
    assert 'href="/boards/kingston/dashboard/?as_at=2011-01-01"' in response.content.decode()


def test_a_rows_cells_are_the_roll_ups_numbers_and_its_strip(login, two_board_chair):
    """The row as a user (and a screen reader) meets it: counts in their cells, the strip drawn with the page
    legend's patterns, the links; worked out once per row in Python, placed by the template."""
    response = login(two_board_chair).get(reverse("reporting:dashboard"), {"as_at": "2011-01-01"})
    kingston = Board.objects.get(slug="kingston")
    strip = charts.rag_strip(
        RollUp(red=23, blue=18, not_rated=11, total=52),
        chart_id=f"board{kingston.pk}-mix",
        title="RAG mix of Kingston LSCB",
        patterns="boards-legend",
    )
    row = (
        '<tr>\n      <th scope="row"><a href="/boards/kingston/">Kingston Local Safeguarding Children Board</a></th>\n'
        f"      <td>{strip}</td>\n"
        '      <td class="text-end">23</td><td class="text-end">0</td>\n'
        '      <td class="text-end">0</td><td class="text-end">18</td>\n'
        '      <td class="text-end">11</td><td class="text-end">52</td>\n'
        '      <td><span class="rag rag-red" aria-hidden="true">R</span> Red</td>\n'
        '      <td class="text-end">23</td>\n'
        '      <td class="text-end">34</td>\n'
        '      <td><a href="/boards/kingston/dashboard/?as_at=2011-01-01">Dashboard'
        '<span class="visually-hidden"> of Kingston LSCB</span></a></td>\n    </tr>'
    )
    assert row in response.content.decode()


def test_a_strip_is_drawn_as_it_always_was():
    strip = str(
        charts.rag_strip(
            RollUp(red=30, amber=1, blue=9, not_rated=2, total=42),
            chart_id="board7-mix",
            title="RAG mix of K & S",
            patterns="boards-legend",
        )
    )
    assert strip == (
        '<svg xmlns="http://www.w3.org/2000/svg" class="rag-chart rag-strip" role="img" width="180" height="20" '
        'viewBox="0 0 180 20" aria-labelledby="board7-mix-title" aria-describedby="board7-mix-desc">'
        '<title id="board7-mix-title">RAG mix of K &amp; S</title>'
        '<desc id="board7-mix-desc">Red 30, Amber 1, Green 0, Blue 9, Not rated 2; 42 actions</desc>'
        '<rect x="0" width="128.6" height="20" fill="#b10e1e"/>'
        '<rect x="0" width="128.6" height="20" fill="url(#boards-legend-red)" class="pattern"/>'
        '<text x="64.3" y="10" fill="#ffffff">R 30</text>'
        '<rect x="128.6" width="4.3" height="20" fill="#ffbf47"/>'
        '<rect x="128.6" width="4.3" height="20" fill="url(#boards-legend-amber)" class="pattern"/>'
        '<rect x="132.9" width="38.6" height="20" fill="#1d70b8"/>'
        '<rect x="132.9" width="38.6" height="20" fill="url(#boards-legend-blue)" class="pattern"/>'
        '<text x="152.1" y="10" fill="#ffffff">B 9</text>'
        '<rect x="171.4" width="8.6" height="20" fill="#f3f2f1"/>'
        '<rect x="171.4" width="8.6" height="20" fill="url(#boards-legend-none)" class="pattern"/></svg>'
    )


def test_links_to_the_dashboards(login, chair, two_board_chair):
    board_page = login(chair).get(reverse("reporting:board", args=["kingston"])).content.decode()
    assert f'href="{board_dashboard()}"' in board_page
    # one board: no link to the dashboard across boards (the navigation links the board's own)
    assert f'href="{reverse("reporting:dashboard")}"' not in login(chair).get(reverse("home")).content.decode()
    home = login(two_board_chair).get(reverse("home")).content.decode()
    assert f'href="{reverse("reporting:dashboard")}">Dashboard across my boards</a>' in home


# ---- (d) queries


def add_boards(count, auditor):
    """`count` more boards, each with a plan, 3 objectives of 4 actions, 2 updates per action, and the
    auditor on each."""
    boards = Board.objects.bulk_create(
        Board(name=f"Extra Board {n:02}", short_name=f"Extra {n:02}", slug=f"extra-{n:02}", areas=f"Area {n}")
        for n in range(count)
    )
    plans = Plan.objects.bulk_create(
        Plan(
            board=board,
            title=f"{board.short_name} plan",
            kind=Plan.Kind.BUSINESS,
            period_start=date(2009, 4, 1),
            period_end=date(2011, 3, 31),
        )
        for board in boards
    )
    objectives = Objective.objects.bulk_create(
        Objective(plan=plan, number=str(n), title=f"Objective {n} <of> {plan.title}", order=n)
        for plan in plans
        for n in range(1, 4)
    )
    actions = Action.objects.bulk_create(
        Action(
            objective=objective,
            number=f"{objective.number}.{n}",
            order=n,
            text=f"Action {n}",
            due_date=date(2010, 12, 31) if n % 2 else None,
        )
        for objective in objectives
        for n in range(1, 5)
    )
    colours = [RAG.RED, RAG.AMBER, RAG.GREEN, ""]
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(action=action, as_at=as_at, status=status, rag=colours[i % 4], author_name="Bulk")
        for i, action in enumerate(actions)
        for as_at, status in [
            (date(2010, 6, 30), Status.IN_PROGRESS),
            (date(2010, 9, 30), Status.ACHIEVED if i % 5 == 0 else Status.ONGOING),
        ]
    )
    Membership.objects.bulk_create(
        Membership(user=auditor, board=board, role=Membership.Role.AUDITOR) for board in boards
    )
    return boards


def test_dashboards_run_the_same_queries_with_3_boards_and_with_30(login, auditor, django_assert_num_queries):
    client = login(auditor)
    # board dashboard: 1 session, 2 user, 3 the board (scoped to the user's boards), 4 its plans with their
    # last progress dates, 5 the quarter snapshots' mixes by plan and quarter end of the quarter ends the sections
    # read and 6 their rows at each plan's date and the quarter end before (none here: rated live), 7 their
    # objectives with their sections' titles, joined to their actions, each with whether it was edited since the
    # plans' earliest date, 8 the history of the objectives edited since (their sources, recorded when the seed
    # was loaded; no action was: actions.structure), 9 the narrow columns of every update of those actions on or
    # before the latest date shown, with their authors' names (the ratings at each plan's date and the quarter end
    # before, the trend's colours)
    with django_assert_num_queries(9):
        client.get(board_dashboard(), {"as_at": "2010-09-30"})
    with django_assert_num_queries(9):  # Leeds' plans' default dates are quarter ends
        client.get(board_dashboard("leeds"))  # two plans, each at its own default date: still one read
    # across boards: 1 session, 2 user, 3 the user's boards, each with its plans' first start and last end (the
    # quarters the date form lists), 4 (a quarter end) the plans running then and whether each has quarter snapshot
    # rows (none here), 5 their actions' RAG mix, overdue and missing updates, counted by the database from each
    # action's current state (actions.rag.roll_ups)
    with django_assert_num_queries(5):
        three = client.get(reverse("reporting:dashboard"), {"as_at": "2010-09-30"})
    assert len(board_rows(three)) == 3

    extra = add_boards(27, auditor)

    with django_assert_num_queries(9):
        client.get(board_dashboard(), {"as_at": "2010-09-30"})
    # the new boards' objectives were never edited (made in bulk: no history): no history read, 8
    with django_assert_num_queries(8):
        page = client.get(board_dashboard(extra[0].slug), {"quarter": "2010-Q3"}).content.decode()
    assert "Objective 1 &lt;of&gt; Extra 00 plan" in page  # user text is escaped, in the SVG too
    with django_assert_num_queries(5):
        thirty = client.get(reverse("reporting:dashboard"), {"as_at": "2010-09-30"})
    assert len(board_rows(thirty)) == 25  # a page of boards, after the row of all 30
    with django_assert_num_queries(5):  # the second page: the same queries, every board counted again
        second = client.get(reverse("reporting:dashboard"), {"as_at": "2010-09-30", "page": "2"})
    assert len(board_rows(second)) == 5
    with django_assert_num_queries(4):
        client.get(reverse("reporting:dashboard"))  # today


def table_rows(response):
    """{a row's header text: its cells' texts} of the dashboard across boards' table."""
    body = response.content.decode().split("</thead>", 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [
            re.sub(r"\s+", " ", re.sub(r"<svg.*?</svg>|<[^>]+>", " ", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        rows[cells[0]] = cells[1:]
    return rows


COUNTED = slice(1, 7)  # Red, Amber, Green, Blue, Not rated, Actions: after the strip's empty cell
LATE = slice(8, 10)  # Overdue, Missing update


def test_many_boards_are_shown_a_page_at_a_time_after_all_of_them_together(login, auditor):
    add_boards(27, auditor)  # 30 boards: Extra Board 00 to 26, then the three seed boards, by name
    client = login(auditor)
    url = reverse("reporting:dashboard")
    first = client.get(url, {"as_at": "2010-09-30"})
    second = client.get(url, {"as_at": "2010-09-30", "page": "2"})
    assert board_rows(first) == [f"extra-{n:02}" for n in range(25)]
    assert board_rows(second) == ["extra-25", "extra-26", "kingston", "leeds", "llr"]
    # the row of all 30 boards heads both pages, and counts every board's actions, on either page
    one, two = table_rows(first), table_rows(second)
    total = one.pop("All 30 boards (every page)")
    assert two.pop("All 30 boards (every page)") == total
    boards = {**one, **two}
    assert len(boards) == 30
    for cells in (COUNTED, LATE):
        sums = [sum(int(row[cells][i]) for row in boards.values()) for i in range(cells.stop - cells.start)]
        assert [int(n) for n in total[cells]] == sums
    caption = "RAG mix of each board's actions as at 30 September 2010: all 30 boards together, then boards 26 to 30"
    assert caption in text_of(second)
    # the pages' links keep the date, and so do the boards' dashboard links
    page = second.content.decode()
    assert '<nav aria-label="Pages of boards">' in page
    assert 'href="?as_at=2010-09-30&amp;page=1">Previous</a>' in page
    assert 'href="?as_at=2010-09-30&amp;page=1">1</a>' in first.content.decode().replace(' aria-current="page"', "")
    assert 'href="/boards/kingston/dashboard/?as_at=2010-09-30"' in page
    assert "Next</a>" not in page


def boards_in_order(client, **params):
    """{board name: its cells} of every page of the dashboard across boards, in the order shown."""
    url = reverse("reporting:dashboard")
    first = client.get(url, params)
    second = client.get(url, {**params, "page": "2"})
    rows = {}
    for response in (first, second):
        rows.update({name: cells for name, cells in table_rows(response).items() if not name.startswith("All ")})
    return rows, first


@pytest.mark.parametrize(
    "sort, column, heading, words",
    [
        ("red", 1, "Red (R)", "the most Red first"),
        ("overdue", 8, "Overdue", "the most overdue first"),
        ("missing_update", 9, "Missing update in Q2 2010/11", "the most missing updates first"),
    ],
)
def test_the_boards_can_be_shown_the_most_red_overdue_or_missing_updates_first(
    login, auditor, sort, column, heading, words
):
    add_boards(27, auditor)
    client = login(auditor)
    by_name, _ = boards_in_order(client, as_at="2010-09-30")
    ordered, first = boards_in_order(client, as_at="2010-09-30", sort=sort)
    expected = sorted(by_name, key=lambda name: -int(by_name[name][column]))  # ties stay by name
    assert list(ordered) == expected != list(by_name)
    assert ordered == by_name  # the same numbers, in another order
    page = first.content.decode()
    assert f'aria-sort="descending"><a href="?as_at=2010-09-30&amp;sort={sort}">{heading}</a>' in page
    assert f'href="?as_at=2010-09-30&amp;sort={sort}&amp;page=2">2</a>' in page  # the pages keep the order
    assert 'aria-sort="ascending"' not in page
    assert f"all 30 boards together, then boards 1 to 25, {words}" in text_of(first)


def test_by_name_is_the_default_and_a_bad_order_is_named(login, auditor):
    add_boards(27, auditor)
    client = login(auditor)
    default = client.get(reverse("reporting:dashboard"), {"as_at": "2010-09-30"})
    assert 'aria-sort="ascending"><a href="?as_at=2010-09-30">Board</a>' in default.content.decode()
    bad = client.get(reverse("reporting:dashboard"), {"as_at": "2010-09-30", "sort": "<worst>"})
    assert bad.status_code == 200
    assert "The order “&lt;worst&gt;” was not understood: the boards are shown by name." in bad.content.decode()
    assert board_rows(bad) == board_rows(default)
    assert "30 September 2010" in text_of(bad)  # the date given still holds


@pytest.mark.parametrize("given, shown", [("abc", 1), ("0", 2), ("99", 2), ("2", 2)])
def test_a_page_that_is_not_there_shows_the_nearest(login, auditor, given, shown):
    add_boards(27, auditor)
    response = login(auditor).get(reverse("reporting:dashboard"), {"page": given})
    assert response.status_code == 200
    assert len(board_rows(response)) == (25 if shown == 1 else 5)


def test_one_board_has_no_row_of_all_boards_and_two_do(login, chair, two_board_chair):
    one = table_rows(login(chair).get(reverse("reporting:dashboard"), {"as_at": "2011-01-01"}))
    assert list(one) == ["Kingston Local Safeguarding Children Board"]
    two = login(two_board_chair).get(reverse("reporting:dashboard"), {"as_at": "2011-01-01"})
    rows = table_rows(two)
    assert list(rows)[0] == "All 2 boards"  # one page: no "(every page)"
    assert '<nav aria-label="Pages of boards">' not in two.content.decode()
    kingston = rows["Kingston Local Safeguarding Children Board"]
    llr = next(cells for name, cells in rows.items() if name.startswith("Leicester"))
    # Kingston's 52 (23 Red, 18 Blue, 11 not rated, 23 overdue, 34 with no update) and LLR's, added up
    assert rows["All 2 boards"][COUNTED] == [
        str(int(ours) + int(theirs)) for ours, theirs in zip(kingston[COUNTED], llr[COUNTED], strict=True)
    ]
    assert rows["All 2 boards"][7] == "R Red"  # the worst of them
    assert "RAG mix of all 2 boards" in two.content.decode()  # its strip's title


def test_an_extra_boards_numbers_as_at_september(login, auditor):
    board = add_boards(1, auditor)[0]
    text = text_of(login(auditor).get(board_dashboard(board.slug), {"as_at": "2010-09-30"}))
    # 12 actions: every 5th achieved in September (0, 5, 10: 3 Blue), the rest as rated: R A G none in turn
    assert "R Red 2 A Amber 2 G Green 2 B Blue 3 – Not rated 3 All actions 12" in text


# ---- charts


def test_charts_escape_every_text_and_never_rely_on_colour_alone():

    rows = [
        ("<script>alert('x')</script> & co", RollUp(red=2, amber=1, blue=3, not_rated=1, total=7)),
        ("Second", RollUp(green=1, total=1)),
    ]
    svg = str(charts.rag_bars(rows, chart_id="t1", title="Title <b>", desc='Desc "quoted"'))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&amp; co" in svg
    assert '<title id="t1-title">Title &lt;b&gt;</title>' in svg
    assert '<desc id="t1-desc">Desc &quot;quoted&quot;</desc>' in svg
    assert svg.startswith("<svg") and 'role="img"' in svg
    for letter in ("R 2", "B 3", ">R<", ">A<", ">G<", ">B<", ">–<"):
        assert letter in svg, letter  # segments carry letters and counts, the legend its letters
    for key in ("red", "amber", "green", "blue", "none"):
        assert f'<pattern id="t1-{key}"' in svg and f'fill="url(#t1-{key})"' in svg
    columns = str(charts.rag_columns([(("Q1", "2010/11"), RollUp(red=1, total=1))], chart_id="t2", title="T", desc="D"))
    assert ">Q1<" in columns and ">2010/11<" in columns and 'aria-labelledby="t2-title"' in columns
    strip = str(charts.rag_strip(RollUp(total=0), chart_id="t3", title="Empty & board"))
    assert "Empty &amp; board" in strip and "0 actions" in strip
    # a dashboard row's strip: the page's legend's patterns, letters with counts where there is room
    strip = str(charts.rag_strip(RollUp(red=30, amber=1, blue=9, total=40), chart_id="t4", title="T", patterns="key"))
    assert "<pattern" not in strip and 'fill="url(#key-red)"' in strip and 'fill="url(#key-amber)"' in strip
    assert ">R 30<" in strip and ">B 9<" in strip and ">A" not in strip  # 1 of 40 is 4.5 px: no room for a letter
    assert "Red 30, Amber 1, Green 0, Blue 9, Not rated 0; 40 actions" in strip


@pytest.mark.parametrize(
    "text",
    [
        "",
        "One",
        "  Spaced\n out\twords  ",
        " ".join(f"w{n}" for n in range(14)),
        " ".join(f"w{n}" for n in range(15)),
        " ".join(f"w{n}" for n in range(19)),
    ],
)
@pytest.mark.parametrize("length", [14, 18])
def test_a_lines_words_are_truncatewords(text, length):
    """A line's text cut as the truncatewords filter cuts it, with or without something to cut."""
    from django.template.defaultfilters import truncatewords

    from reporting.dashboards import _truncated

    assert _truncated(text, text.split(), length) == truncatewords(text, length)


def test_the_direction_tables_badges_are_the_sites_rag_badge():
    """The direction of travel rows draw each rating's badge inline (templates/jinja2/reporting/
    dashboard_directions.html, for speed): the markup of the site's macro (rag_badge.html, with its reason, no flags),
    whatever the rating, its reason escaped."""
    from types import SimpleNamespace

    from django.template import engines

    from actions.rag import Rating, direction_of_travel

    env = engines["jinja2"].env
    badge = env.from_string('{% from "rag_badge.html" import rag_badge %}{{ rag_badge(r, flags=false) }}')
    ratings = [
        Rating(RAG.RED, 'Red: due 31 Mar 2024, still "In progress" <b>&</b>', overdue=True),
        Rating(RAG.AMBER, "Amber: update of 30 Sep 2010 by O'Neill"),
        Rating(RAG.GREEN, "Green: update of 30 Sep 2010 by kingston-lead"),
        Rating(RAG.BLUE, "Blue: achieved; completed late", completed_late=True),
        Rating(None, "Not rated: no update recorded"),
    ]
    for before in ratings:
        for now in ratings:
            line = SimpleNamespace(
                url="/actions/1/",
                action=SimpleNamespace(number="1.1"),
                text="An outcome",
                before=before,
                rating=now,
                flag=", overdue" if now.overdue else "",
                direction=direction_of_travel(before, now),
            )
            row = env.get_template("reporting/dashboard_directions.html").render(lines=[line])
            cells = re.findall(r"<td>(.*?)</td>", row)
            assert cells[0] == f"{badge.render(r=before)} {before.label}"
            assert cells[1] == f"{badge.render(r=now)} {now.label}{line.flag}"


def test_the_lists_badges_are_the_sites_rag_badge():
    """The lists of a section (overdue, missing updates, achieved) draw each rating's badge inline (templates/jinja2/
    reporting/dashboard_action_list.html, for speed): the markup of the site's macro (rag_badge.html, no flags, no
    reason: the reason follows it in words), whatever the rating, its reason escaped."""
    from types import SimpleNamespace

    from django.template import engines

    from actions.rag import Rating

    env = engines["jinja2"].env
    badge = env.from_string('{% from "rag_badge.html" import rag_badge %}{{ rag_badge(r, flags=false, reason=false) }}')
    escaped = env.from_string("{{ r.reason }}")
    ratings = [
        Rating(RAG.RED, 'Red: due 31 Mar 2024, still "In progress" <b>&</b>', overdue=True),
        Rating(RAG.AMBER, "Amber: update of 30 Sep 2010 by O'Neill"),
        Rating(RAG.BLUE, "Blue: achieved; completed late", completed_late=True),
        Rating(None, "Not rated: no update recorded"),
    ]
    for rating in ratings:
        line = SimpleNamespace(
            url="/actions/1/", action=SimpleNamespace(number="1.1"), list_text="An outcome", rating=rating
        )
        html = env.get_template("reporting/dashboard_action_list.html").render(lines=[line], empty="None.")
        (item,) = re.findall(r"<br>\n    (.*?)</li>", html)
        assert item == f'{badge.render(r=rating)} <span class="small">{escaped.render(r=rating)}</span>'


def test_a_trends_links_and_labels_are_what_urlencode_and_the_date_filter_write():
    """A trend point's link and labels, written directly (a trend has a dozen): as urlencode and the `date` filter
    write them, at each quarter end and at the date itself."""
    from types import SimpleNamespace
    from urllib.parse import urlencode

    from django.utils import dateformat

    from actions.rag import quarter_of
    from reporting.rollup import trend_points

    plan = SimpleNamespace(pk=12, period_start=date(2009, 1, 1), period_end=date(2011, 3, 31))
    points = trend_points(plan, date(2011, 2, 14), lambda day, joined_only: None)
    assert len(points) == 9  # the ends of Q4 2008/09 to Q3 2010/11, then the date itself
    for point in points[:-1]:
        quarter = quarter_of(point.day)
        assert point.query == "?" + urlencode({"quarter": quarter.code, "plan": plan.pk})
        assert point.label == f"{quarter.label} ({dateformat.format(point.day, 'j M Y')})"
    assert points[-1].lines == (dateformat.format(date(2011, 2, 14), "j M"), "2011")
    assert points[-1].label == f"As at {dateformat.format(date(2011, 2, 14), 'j M Y')}"


def test_the_plan_picker_lists_the_plans_newest_first_then_by_title(login, auditor, leeds):
    # Two plans adopted on the same day, the later-made one first by title: the picker must not follow the order
    # the database happens to group them in (PostgreSQL's hash aggregate put them either way round).
    start = leeds.plans.order_by("-period_start").first().period_start
    for title in ("Zebra crossings plan", "Adoption plan"):
        Plan.objects.create(board=leeds, title=title, period_start=start, period_end=date(start.year + 3, 3, 31))
    response = login(auditor).get(board_dashboard("leeds"))
    picker = re.search(r'<nav aria-label="Plans of the board".*?</nav>', response.content.decode(), re.S).group(0)
    shown = [re.sub(r"\s+", " ", title) for title in re.findall(r'class="nav-link[^"]*"[^>]*>([^<]+)</a>', picker)]
    expected = [plan.title for plan in leeds.plans.order_by("-period_start", "title")]
    assert shown == ["Plans in force", *expected, "Every plan"]
    assert shown.index("Adoption plan") < shown.index("Zebra crossings plan")


def _direction_counts(text):
    """{direction words: number of actions} from a section's "Actions by direction of travel" table."""
    table = text.split("Actions by direction of travel Direction Actions ", 1)[1].split(" Actions whose rating")[0]
    table = table.split(" No action's rating changed")[0]
    return {words: int(n) for words, n in re.findall(r"[↑→↓+○·] ([A-Za-z ]+?) (\d+)", table)}


def test_direction_of_travel_counts_every_action_and_lists_those_that_moved(login, chair, kingston):
    """As the quarterly report does: how many actions went each way, then only the actions whose rating changed;
    an action Blue then and now is counted as Same, not listed. Every action is one link away, in Find actions."""
    response = login(chair).get(board_dashboard(), {"as_at": "2011-01-01"})
    text = text_of(response)
    counts = _direction_counts(text)
    assert list(counts) == ["Improved", "Same", "Worse", "New", "No rating now", "First recorded"]
    assert sum(counts.values()) == 52  # every action of the plan, once
    assert counts["Same"] > 0 and counts["New"] > 0
    changed = text.split("Actions whose rating changed between 31 December 2010 and 1 January 2011 ", 1)[1]
    changed = changed.split("Every action with its rating")[0]
    listed = re.findall(r"[↑→↓+○·] (Improved|Same|Worse|New|No rating now|First recorded)", changed)
    moved = sum(n for words, n in counts.items() if words not in ("Same", "First recorded"))
    assert len(listed) == moved and "Same" not in listed
    blue_both = Action.objects.filter(  # achieved by 31 December 2010: Blue then and now
        objective__plan__board=kingston, updates__status=Status.ACHIEVED, updates__as_at__lte=date(2010, 12, 31)
    ).first()
    assert f"/actions/{blue_both.pk}/" not in changed
    # the link to every action: the plan, as at the section's date, Red first
    plan = kingston.plans.get()
    link = re.compile(r'<a href="(/actions/find/\?[^"]+)">this plan\'s actions as at 1 January 2011, Red first</a>')
    (href,) = link.findall(html_of(response))
    assert href.replace("&amp;", "&") == f"/actions/find/?plan={plan.pk}&as_at=2011-01-01&sort=rag"
    found = text_of(login(chair).get(href.replace("&amp;", "&")))
    assert "52 actions" in found


def test_a_quarter_where_nothing_moved_says_so(login, chair):
    text = text_of(login(chair).get(board_dashboard(), {"as_at": "2010-09-30"}))
    assert "No action's rating changed since 30 June 2010." in text
    assert "Actions whose rating changed" not in text
