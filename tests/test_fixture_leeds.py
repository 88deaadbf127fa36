"""The Leeds seed against its documents (../shared/seeds/000_, 001_, 002_...txt)."""

import re
from datetime import date
from io import BytesIO

import docx
import pytest
from django.urls import reverse

from actions.models import Action, ProgressUpdate
from reporting import pdf, word
from reviews.models import Review

from .helpers import page_text
from .pdf_helpers import pdf_text

pytestmark = pytest.mark.django_db


def test_leeds_priorities_2010(leeds):
    plan = leeds.plans.get(title="Leeds LSCB priorities 2010")
    assert list(plan.objectives.order_by("order").values_list("title", flat=True)) == [
        "Revise & re-launch LSCB",
        "Development of integrated safeguarding unit",
        "Improve quality & access to safeguarding training",
        "Strengthen LSCB's ability to challenge & monitor safeguarding across the partnership",
    ]
    assert Action.objects.get(objective__plan=plan, number="1.1").text == (
        "A revised Board of 21 members with the option to co-opt others as appropriate."
    )
    training = Action.objects.filter(objective__plan=plan, objective__number="3").order_by("order")
    assert training.first().text == "Quality assurance of child protection training"
    assert "Incorporating lessons from serious case reviews" in training.values_list("text", flat=True)


def test_leeds_key_risks(leeds):
    plan = leeds.plans.get(title="Leeds LSCB priorities 2010")
    risks = list(plan.risks.order_by("order"))
    assert len(risks) == 3
    assert risks[0].text == "Inadequate use of performance management information to drive improvement at required pace"
    assert risks[2].text.startswith("LSCB not effective in:")
    assert risks[0].objectives.exists()


def test_the_reviews_behind_leeds_priorities(leeds):
    reviews = Review.objects.for_board(leeds)
    kinds = dict(reviews.values_list("code", "kind"))
    assert kinds["OFSTED"] == "inspection"
    assert kinds["IR"] == "independent_review"
    assert kinds["SCR"] == "serious_case_review"
    lessons = reviews.get(code="SCR").findings.order_by("order").values_list("text", flat=True)
    assert list(lessons) == [
        "Compliance with procedures",
        "Interagency communication & co-ordination",
        "Quality of assessments",
        "Application of thresholds",
        "Joint working between adult & children's services",
        "Managerial oversight of cases",
    ]
    assert reviews.get(code="S11").findings.count() == 4


def test_working_together_is_one_national_review_shared_with_kingston(leeds, kingston):
    shared = Review.objects.get(code="NEW", board__isnull=True)
    assert Review.objects.filter(code="NEW").count() == 1
    assert shared in Review.objects.for_board(leeds)
    assert shared in Review.objects.for_board(kingston)


HEADINGS = [
    "Evaluation of effectiveness of multi agency safeguarding arrangements",
    "Duty on agencies to safeguard",
    "Learning & implementing lessons from serious case reviews",
    "LSCB performance management framework",
]
APPENDIX = "Appendix 2: Update on key safeguarding activity in Leeds"


def priorities_2010(leeds):
    return leeds.plans.select_related("board").get(title="Leeds LSCB priorities 2010")


def test_the_annual_reports_main_issues_are_its_findings_numbered_as_the_report_numbers_them(leeds):
    report = Review.objects.get(board=leeds, code="AR14")
    findings = {f.number: f.text for f in report.findings.order_by("order")}
    assert list(findings) == [f"3.{n}" for n in range(2, 13)] + ["Recommendation 1"]
    assert findings["3.2"].startswith("How well are we engaging C&YP?\nPartners clearly understand")
    assert "- Who are in the Secure Estate" in findings["3.4"]
    assert "multi-agency CS Front Door" in findings["3.5"]
    assert findings["3.6"] == "What insights can we gain from Performance and Quality Assurance monitoring?"
    assert "Section 11 of the Children Act" in findings["3.7"] and findings["3.8"].startswith("Early Help activity")
    assert "CP Core Groups" in findings["3.9"] and "The overall number of CLA" in findings["3.10"]
    assert "sexual exploitation" in findings["3.11"]
    assert findings["3.12"].endswith("- Go missing\n- Are trafficked\n- Are subject to forced marriage.")


def test_the_recommendations_to_three_other_bodies_are_the_reports_not_an_objective_of_the_board(leeds):
    recommendation = Review.objects.get(board=leeds, code="AR14").findings.get(number="Recommendation 1")
    assert recommendation.text.splitlines() == [
        "To the Health & Well Being Board, the Safer Leeds Partnership and Adult Safeguarding Board.",
        "Two of the challenges to the Children and Families Trust Board, where cooperation and co-ordination between "
        "adult and children's services is essential, require the engagement of these three strategic bodies:",
        "- To implement the 'Think Family Work Family' protocol (which promotes more 'joined up working' in "
        "responding to vulnerable children, young people and adults).",
        "- To improve the availability and accessibility of bereavement services.",
    ]
    assert not recommendation.objectives.exists()  # addressed to other bodies: no objective of the board's own
    challenges = leeds.plans.get(title="Challenges for 2014/15")
    assert list(challenges.objectives.values_list("number", flat=True)) == ["1", "2", "3", "4"]
    assert not Action.objects.filter(objective__plan__board=leeds, text__contains="Think Family Work Family").exists()


def test_the_four_challenges_answer_the_main_issues_that_name_them(leeds):
    challenges = leeds.plans.get(title="Challenges for 2014/15")
    answered = {
        o.number: [f.number for f in o.findings.order_by("order")] for o in challenges.objectives.order_by("order")
    }
    assert answered == {
        "1": ["3.2"],
        "2": ["3.3", "3.4", "3.8", "3.9", "3.11", "3.12"],
        "3": ["3.3"],
        "4": [],
    }
    assert "Think Family Protocol" in Action.objects.filter(objective__plan=challenges).values_list("text", flat=True)


def test_objective_4_keeps_the_four_slide_headings_its_outcomes_sit_under(leeds):
    actions = Action.objects.filter(objective__plan=priorities_2010(leeds), objective__number="4").order_by("order")
    per_heading = {}
    for action in actions:
        per_heading.setdefault(action.heading, []).append(action.number)
    assert list(per_heading) == HEADINGS
    assert [len(numbers) for numbers in per_heading.values()] == [3, 2, 4, 6]
    assert per_heading["Duty on agencies to safeguard"] == ["4.4", "4.5"]
    assert not actions.filter(text="Re-evaluation ongoing").exists()


def test_re_evaluation_ongoing_is_progress_on_the_actions_for_improvement(leeds):
    action = Action.objects.get(objective__plan=priorities_2010(leeds), number="4.4")
    assert action.text == "Actions for improvement"
    (update,) = action.updates.all()
    assert (update.narrative, update.status, update.as_at) == ("Re-evaluation ongoing", "ongoing", date(2010, 4, 1))
    assert update.from_document and update.author_name == "CS Improvement Plan - Implications for LSCB"


def test_the_plan_page_pdf_and_word_copy_print_each_heading_once_above_its_outcomes(login, auditor, leeds):
    plan = priorities_2010(leeds)
    as_at = date(2010, 9, 30)
    page = page_text(login(auditor).get(reverse("reporting:plan", args=[plan.pk]), {"as_at": as_at.isoformat()}))
    printed = pdf_text(pdf.render_plan_pdf(plan, as_at))
    document = docx.Document(BytesIO(word.plan_docx(plan, as_at)))
    in_word = " ".join(p.text for t in document.tables for c in t._cells for p in c.paragraphs)
    for text in (page, printed, in_word):
        text = text[text.find(HEADINGS[0]) :]  # objective 4's outcomes (the source key also names S11's title)
        assert all(text.count(heading) == 1 for heading in HEADINGS), text
        places = [text.find(heading) for heading in HEADINGS]
        assert places == sorted(places)
        # each heading stands right above its first outcome
        assert text.find("4.1 Annual Review") > places[0] and text.find("4.4 Actions for improvement") > places[1]
        assert text.find("4.10 Data set") > places[3]


def test_the_2009_appendix_dates_its_progress_on_the_four_apa_actions(leeds):
    plan = leeds.plans.get(title="Update on key safeguarding activity in Leeds")
    updates = ProgressUpdate.objects.filter(action__objective__plan=plan).order_by("action__order")
    assert [(u.action.number, u.as_at, u.status) for u in updates] == [
        ("1.1", date(2009, 3, 31), "in_progress"),
        ("1.2", date(2009, 3, 31), "in_progress"),
        ("1.3", date(2009, 2, 28), "achieved"),
        ("1.4", date(2009, 2, 28), "achieved"),
    ]
    assert "advertised during March 2009" in updates[0].narrative
    assert "agreed as part of the 2009/10 budget" in updates[1].narrative
    assert updates[2].narrative.startswith("The audit of child protection cases was completed on time for the end")
    assert updates[3].narrative.startswith("An initial evaluation of safeguarding practice was also completed")
    assert all(u.from_document and u.author_name == APPENDIX and u.rag == "" for u in updates)
    apa = Action.objects.filter(objective__plan=plan, objective__number="1").order_by("order")
    assert apa[2].text == "An audit of child protection cases on all children aged 0-4 years."
    assert [f.number for f in apa[0].objective.findings.order_by("order")] == ["1", "2", "3", "4"]


def test_the_transformation_strands_are_a_plan_with_their_deadlines_seven_as_listed(leeds):
    plan = leeds.plans.get(title="Update on key safeguarding activity in Leeds")
    strands = Action.objects.filter(objective__plan=plan, objective__number="2").order_by("order")
    assert [a.text.split(":")[0] for a in strands] == [
        "Service Delivery",
        "Service Transformation",
        "Human Resources",
        "Information Management",
        "Financial Management",
        "Performance Management",
        "Preparing for inspection",
    ]  # "eight distinct areas", the appendix says, and lists these seven
    deadlines = {a.text.split(":")[0]: (a.timescale, a.due_date) for a in strands if a.timescale}
    assert deadlines == {
        "Human Resources": ("July 2009", date(2009, 7, 31)),
        "Information Management": ("June 2009", date(2009, 6, 30)),
        "Financial Management": ("Over the coming financial year", None),
        "Performance Management": ("September 2009", date(2009, 9, 30)),
    }
    assert strands[0].objective.lead == "a senior officer within children's services"
    assert "eight distinct areas of practice" in plan.introduction


def test_leeds_counts(leeds):
    plans = {p.title: p for p in leeds.plans.all()}
    assert sorted(plans) == ["Challenges for 2014/15", "Leeds LSCB priorities 2010", APPENDIX.split(": ")[1]]
    actions = Action.objects.filter(objective__plan__board=leeds)
    assert {t: p.objectives.count() for t, p in plans.items()} == {
        "Leeds LSCB priorities 2010": 4,
        "Challenges for 2014/15": 4,
        "Update on key safeguarding activity in Leeds": 2,
    }
    assert {t: actions.filter(objective__plan=p).count() for t, p in plans.items()} == {
        "Leeds LSCB priorities 2010": 4 + 7 + 4 + 15,
        "Challenges for 2014/15": 2 + 5 + 3,
        "Update on key safeguarding activity in Leeds": 4 + 7,
    }
    assert ProgressUpdate.objects.filter(action__in=actions).count() == 5  # four from the appendix, one slide
    assert Review.objects.get(board=leeds, code="AR14").findings.count() == 12  # 3.2-3.12 and the recommendation


def test_the_review_page_lists_the_main_issues_with_their_sub_points_on_their_own_lines(login, leeds_manager, leeds):
    report = Review.objects.get(board=leeds, code="AR14")
    html = login(leeds_manager).get(reverse("reporting:review", args=[report.pk])).content.decode()
    assert '<strong>3.12.</strong> <span class="prewrap">We need to develop better responses to related issues' in html
    assert "C&amp;YP who:\n- Go missing\n- Are trafficked\n- Are subject to forced marriage.</span>" in html
    assert "<strong>Recommendation 1.</strong>" in html


def test_the_appendixs_progress_is_a_baseline_in_its_quarter_not_news(leeds):
    """Dated February and March 2009 by the appendix: first recorded in Q4 2008/09, never achieved that quarter."""
    from actions import rag
    from reporting.reports import quarterly_html

    plan = leeds.plans.select_related("board").get(title="Update on key safeguarding activity in Leeds")
    text = " ".join(re.sub(r"<[^>]+>", " ", quarterly_html(plan, rag.Quarter(2008, 4))).split())
    assert "The progress of 4 actions was first recorded in Q4 2008/09, from the document" in text
    assert "No action became achieved in Q4 2008/09." in text


def test_a_manager_puts_an_outcome_under_a_heading_and_an_auditor_may_not(login, leeds_manager, auditor, leeds):
    action = Action.objects.get(objective__plan=priorities_2010(leeds), number="4.5")
    data = {"number": "4.5", "text": action.text, "heading": "Audit", "version": action.version}
    assert login(auditor).post(reverse("actions:edit", args=[action.pk]), data).status_code == 403
    action.refresh_from_db()
    assert action.heading == "Duty on agencies to safeguard"
    client = login(leeds_manager)
    assert client.post(reverse("actions:edit", args=[action.pk]), data).status_code == 302
    assert "Under the heading Audit" in page_text(client.get(reverse("actions:detail", args=[action.pk])))
    plan_page = page_text(client.get(reverse("reporting:plan", args=[action.objective.plan_id])))
    assert "4.4 Actions for improvement" in plan_page and "Audit 4.5 Audit of implementation" in plan_page
