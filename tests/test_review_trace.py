"""Review pages: every finding with the objectives and actions that answer it, status and RAG as at a date,
the share achieved; findings nobody answers are flagged; a national review side by side for every board the
user may see and no other; a constant number of queries. And the list of reviews."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import rag
from actions.models import Action, ProgressUpdate, Status
from plans.models import Objective, Plan
from reporting.trace import _citing_or_answering
from reviews.models import Finding, Review
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

KINGSTON_DATE = date(2010, 9, 30)


def review_page(client, code, **params):
    response = client.get(reverse("reporting:review", args=[Review.objects.get(code=code).pk]), params)
    assert response.status_code == 200
    return response


def finding_row(response, finding):
    html = response.content.decode()
    match = re.search(rf'<tr id="finding-{finding.pk}">(.*?)</tr>', html, re.S)
    assert match, finding
    return match.group(1)


def board_headings(html):
    """The boards shown, by the headings of the objectives citing the review."""
    return re.findall(r'<h3 class="h5">([^<]+)</h3>', html)


def cells_by_board(row_html):
    return dict(re.findall(r'<td data-board="([\w-]+)">(.*?)</td>', row_html, re.S))


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def share(achieved, total):
    return f"{achieved} of {total} action{'s' if total != 1 else ''} achieved ({round(100 * achieved / total)}%)"


def test_the_peer_review_page_traces_each_of_its_8_findings(login, chair, kingston):
    response = review_page(login(chair), "PR")
    pr = Review.objects.get(code="PR")
    findings = list(pr.findings.all())
    assert len(findings) == 8
    kingston_actions = Action.objects.filter(objective__plan__board=kingston)
    ratings = rag.ratings_for(kingston_actions, KINGSTON_DATE)
    for finding in findings:
        cells = cells_by_board(finding_row(response, finding))
        assert list(cells) == ["kingston"]  # a local review: its own board only
        cell = cells["kingston"]
        objectives = Objective.objects.filter(findings=finding)
        assert objectives.exists()
        actions = kingston_actions.filter(objective__in=objectives)
        for objective in objectives:
            assert f"Kingston LSCB objective {objective.number}</a>" in cell
        for action in actions:
            assert f'href="/actions/{action.pk}/"' in cell
            assert f">{ratings[action.pk].status_label}</span>" in cell.split(f'href="/actions/{action.pk}/"')[1]
        achieved = sum(ratings[a.pk].status == Status.ACHIEVED for a in actions)
        assert share(achieved, actions.count()) in text(cell)
        assert "No objective answers this finding" not in cell
    # overall: the actions of every objective citing the peer review
    pr_actions = kingston_actions.filter(objective__sources=pr)
    achieved = sum(ratings[a.pk].status == Status.ACHIEVED for a in pr_actions)
    assert pr_actions.count() == 37
    assert share(achieved, 37) in page_text(response)
    assert "15 of 37 actions achieved (41%)" in page_text(response)
    # the RAG badge with its letter
    assert '<span class="rag rag-blue" title="Blue: achieved' in finding_row(response, findings[3])


def test_a_finding_no_objective_answers_is_flagged(login, auditor):
    pr = Review.objects.get(code="PR")
    lonely = Finding.objects.create(review=pr, number="9", text="Publish the board's minutes", order=9)
    response = review_page(login(auditor), "PR")
    assert "No objective answers this finding" in finding_row(response, lonely)
    assert "1 of 9 findings is answered by no objective" in page_text(response)
    for finding in pr.findings.exclude(pk=lonely.pk):
        assert "No objective answers this finding" not in finding_row(response, finding)


def test_status_and_share_as_at_a_date(login, auditor, manager, kingston):
    client = login(auditor)
    # before the September 2010 progress nothing had been recorded: nothing achieved
    before = review_page(client, "PR", as_at="2010-06-30")
    assert "0 of 37 actions achieved (0%)" in page_text(before)
    assert "Shown as at 30 June 2010" in page_text(before)
    # a later update changes today's share but not the share as at 30 September 2010
    action = Action.objects.get(objective__plan__board=kingston, number="8.1")
    ProgressUpdate.objects.create(action=action, as_at=date(2010, 12, 31), status=Status.ACHIEVED, author=manager)
    assert "15 of 37 actions achieved (41%)" in page_text(review_page(client, "PR", as_at="2010-09-30"))
    assert "16 of 37 actions achieved (43%)" in page_text(review_page(client, "PR"))  # its plan's newest date
    bad = review_page(client, "PR", as_at="2010-02-30")
    assert "As at: “2010-02-30” is not a date" in page_text(bad)


def test_each_rating_names_who_gave_the_latest_update(login, auditor, manager, kingston):
    """The reason beside each action's badge names its latest update's author, read from the action's current
    state (no join to the updates): a manager's update by username, the progress transcribed from Kingston's plan by
    the plan's name."""
    action = Action.objects.get(objective__plan__board=kingston, number="8.1")
    ProgressUpdate.objects.create(
        action=action, as_at=date(2010, 12, 31), status=Status.ONGOING, rag="green", author=manager
    )
    html = review_page(login(auditor), "PR").content.decode()
    assert f"Green: update of 31 Dec 2010 by {manager.username}" in html
    transcribed = ProgressUpdate.objects.filter(action__objective__sources__code="PR", from_document=True)
    assert transcribed.exists()
    assert "update of 30 Sep 2010 by Kingston LSCB Improvement Plan 2009-2010" in html


def test_laming_as_auditor_shows_every_board_side_by_side(login, auditor, kingston):
    response = review_page(login(auditor), "LR")
    html = response.content.decode()
    assert board_headings(html) == ["Kingston LSCB", "Leeds LSCB", "LLR LSCB"]
    lr = Review.objects.get(code="LR")
    assert not lr.findings.exists()  # the documents state none of the review's own findings
    text_ = page_text(response)
    assert "No findings recorded." in text_ and "answered by no objective" not in text_
    for number in ["4", "7", "9", "12", "16"]:  # citing it, tied to no finding of it
        assert f"Kingston LSCB objective {number}</a>" in html
    assert re.search(r'<h3 class="h5">Leeds LSCB</h3>\s*<p>None.</p>', html)
    assert re.search(r'<h3 class="h5">LLR LSCB</h3>\s*<p>None.</p>', html)
    lr_actions = Action.objects.filter(objective__sources=lr)
    assert {a.objective.number for a in lr_actions} == {"4", "7", "9", "12", "16"}
    ratings = rag.ratings_for(lr_actions, KINGSTON_DATE)
    achieved = sum(r.status == Status.ACHIEVED for r in ratings.values())
    assert f"{share(achieved, lr_actions.count())} across your 3 boards" in text_


def test_laming_as_the_llr_manager_shows_only_llrs_view(login, llr_manager, kingston):
    response = review_page(login(llr_manager), "LR")
    html = response.content.decode()
    assert board_headings(html) == ["LLR LSCB"]
    assert "answered by no objective" not in page_text(response)
    # no Kingston name, objective, action or plan, and not Kingston's own response to the review
    assert "Kingston" not in text(html)
    assert "section 32 of the Annual Report" not in html
    for action in Action.objects.filter(objective__plan__board=kingston):
        assert f'href="/actions/{action.pk}/"' not in html
        assert action.text[:50] not in html
    for objective in Objective.objects.filter(plan__board=kingston):
        assert objective.title[:40] not in html
    assert "No objective of your board cites this review" in page_text(response)


def test_a_two_board_chair_sees_both_of_their_boards_and_not_leeds(login, two_board_chair):
    html = review_page(login(two_board_chair), "LR").content.decode()
    assert board_headings(html) == ["Kingston LSCB", "LLR LSCB"]
    assert "Leeds" not in text(html)


def test_a_local_review_of_another_board_is_404(login, llr_manager, outsider):
    pr = Review.objects.get(code="PR")
    assert login(llr_manager).get(reverse("reporting:review", args=[pr.pk])).status_code == 404
    lr = Review.objects.get(code="LR")
    assert login(outsider).get(reverse("reporting:review", args=[lr.pk])).status_code == 404


def test_the_review_page_runs_a_constant_number_of_queries(login, auditor, kingston, django_assert_num_queries):
    client = login(auditor)
    # 1 session, 2 user, 3 the review (own boards' or national), 4 the boards shown, 5 findings,
    # 6 objectives citing it or answering a finding, with which finding each answers, joined to their actions
    # with each one's latest update and what its current state keeps of its history (no history read: each is
    # rated as at a day on or after its latest update), 7 the plans' own dates, 8 what the user's boards wrote of it
    # (BoardResponse), 9 the boards the user keeps (none for an auditor: no editing links offered)
    urls = {
        code: reverse("reporting:review", args=[Review.objects.get(code=code).pk])
        for code in ["PR", "LR", "SCR", "C&D"]
    }
    for url in urls.values():
        with django_assert_num_queries(9):
            assert client.get(url).status_code == 200
    # with a date: no "plans' dates"; as at today, no history either (every current state is dated on or before it)
    with django_assert_num_queries(8):
        client.get(urls["PR"], {"as_at": timezone.localdate().isoformat()})
    # as at a date before some actions' latest updates: 7 the histories of those actions
    with django_assert_num_queries(9):
        client.get(urls["PR"], {"as_at": "2010-06-30"})
    # 300 more actions (and updates) answering a peer review finding, 3 more findings: the same
    pr = Review.objects.get(code="PR")
    objective = Objective.objects.create(plan=Plan.objects.get(board=kingston), number="99", title="More", order=99)
    objective.sources.add(pr)
    for i in range(3):
        objective.findings.add(Finding.objects.create(review=pr, number=f"x{i}", text=f"Extra {i}", order=10 + i))
    actions = Action.objects.bulk_create(
        Action(objective=objective, number=f"99.{i}", order=i, text=f"Bulk {i}") for i in range(300)
    )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(action=a, as_at=KINGSTON_DATE, status=Status.ACHIEVED) for a in actions
    )
    with django_assert_num_queries(9):
        response = client.get(urls["PR"])
    assert "315 of 337 actions achieved (93%)" in page_text(response)


def test_the_list_of_reviews(login, auditor, llr_manager, outsider, django_assert_num_queries):
    client = login(auditor)
    # 1 session, 2 user, 3 the reviews with their finding counts,
    # 4 how many objectives of the user's boards cite each, 5 the boards the user keeps (for "New review of ...")
    with django_assert_num_queries(5):
        response = client.get(reverse("reporting:reviews"))
    text_ = page_text(response)
    for review in Review.objects.all():
        assert review.title in text_
    llr_text = page_text(login(llr_manager).get(reverse("reporting:reviews")))
    assert "IDeA Peer Review" not in llr_text and "Kingston" not in llr_text and "Leeds" not in llr_text
    assert "The Laming Review" in llr_text  # national: shared by every board
    outsider_text = page_text(login(outsider).get(reverse("reporting:reviews")))
    assert "Laming" not in outsider_text and "Peer Review" not in outsider_text


def test_a_boards_own_response_to_a_national_review_is_shown_to_its_members(login, chair):
    text_ = page_text(review_page(login(chair), "LR"))
    assert "Kingston LSCB’s response Kingston’s response is detailed in section 32 of the Annual Report." in text_


def test_the_traces_badges_are_the_sites_rag_badge():
    """Each action line of a trace draws its rating's badge inline (templates/jinja2/reporting/objective_traces.html,
    for speed): the markup of the site's macro (rag_badge.html, with its reason and flags), whatever the rating, its
    reason escaped."""
    from types import SimpleNamespace

    from django.template import engines

    from actions.rag import RAG, Rating

    env = engines["jinja2"].env
    badge = env.from_string('{% from "rag_badge.html" import rag_badge %}{{ rag_badge(r) }}')
    ratings = [
        Rating(RAG.RED, 'Red: due 31 Mar 2024, still "In progress" <b>&</b>', overdue=True, status=Status.IN_PROGRESS),
        Rating(RAG.AMBER, "Amber: update of 30 Sep 2010 by O'Neill", status=Status.IN_PROGRESS),
        Rating(RAG.GREEN, "Green: update of 30 Sep 2010 by kingston-lead", status=Status.ONGOING),
        Rating(RAG.BLUE, "Blue: achieved; completed late", completed_late=True, status=Status.ACHIEVED),
        Rating(None, "Not rated: no update recorded"),
    ]
    objective = SimpleNamespace(pk=1, plan_id=1, number="3", display_title="An objective")
    for rating in ratings:
        line = SimpleNamespace(action=SimpleNamespace(pk=2, number="3.1", text="An outcome"), rating=rating)
        html = env.get_template("reporting/objective_traces.html").render(
            traces=[SimpleNamespace(objective=objective, lines=[line])], board=SimpleNamespace(short_name="K")
        )
        status = f'<span class="status status-{rating.status or "none"}">{rating.status_label}</span>'
        assert f"{status} {badge.render(r=rating)}</li>" in html, html


def test_a_few_boards_objectives_are_picked_as_all_boards_are(seed):
    """A trace of a few boards tests each of their objectives against the review (two EXISTS); a summary of many
    reads the review's two lists of objective ids: the same objectives either way, among them some that only cite
    the review and some that only answer one of its findings."""
    answering_pr = Objective.objects.filter(findings__review__code="PR").first()
    answering_pr.sources.remove(*answering_pr.sources.filter(code="PR"))  # it answers a finding, citing none
    only_citing = only_answering = 0
    for review in Review.objects.all():
        picked = {
            few: set(Objective.objects.filter(_citing_or_answering(review, few=few)).values_list("pk", flat=True))
            for few in (True, False)
        }
        assert picked[True] == picked[False], review
        citing = set(Objective.objects.filter(sources=review).values_list("pk", flat=True))
        answering = set(Objective.objects.filter(findings__review=review).values_list("pk", flat=True))
        assert picked[True] == citing | answering, review
        only_citing += len(citing - answering)
        only_answering += len(answering - citing)
    assert only_citing and only_answering
