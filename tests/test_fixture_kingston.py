"""The Kingston seed against its document (../shared/seeds/004_...txt): counts and word-for-word samples."""

from collections import Counter
from datetime import date

import pytest

from actions.models import Action, ProgressUpdate, Status
from reviews.models import Review

pytestmark = pytest.mark.django_db

SEPT_2010 = date(2010, 9, 30)


@pytest.fixture
def plan(kingston):
    return kingston.plans.get()


def test_board_has_its_13_agencies_in_the_documents_order(kingston):
    names = list(kingston.seats.values_list("agency__name", flat=True))
    assert len(names) == 13
    assert names[0] == "Learning and Children’s Services"
    assert names[6] == "SW London and St Georges Mental Health Trust"
    assert names[-1] == "Faith Groups"
    assert kingston.meeting_cadence == "Four times a year"


def test_board_has_its_9_subgroups(kingston):
    assert list(kingston.subgroups.values_list("name", flat=True)) == [
        "Serious case Reviews",
        "Monitoring and Evaluation",
        "Domestic Violence",
        "Child Death review",
        "Communications and awareness",
        "Policy and Procedures",
        "Training",
        "E- Safety",
        "Quality Assurance",
    ]


def test_source_key_has_four_sources_two_of_them_national(kingston):
    sources = Review.objects.for_board(kingston)
    assert sorted(sources.values_list("code", flat=True)) == ["C&D", "LR", "NEW", "PR"]
    assert set(sources.filter(board__isnull=True).values_list("code", flat=True)) == {"LR", "NEW"}
    cd = sources.get(code="C&D")
    assert cd.date == date(2009, 2, 4)
    assert cd.findings.count() == 7
    assert cd.findings.get(number="6").text == (
        "Improve user engagement so that the voice of children and the views of families have greater impact "
        "on practice"
    )
    pr = sources.get(code="PR")
    assert pr.findings.count() == 8
    assert pr.findings.get(number="8").text == "Review arrangements and capacity to undertake serious case reviews"
    # the national review has none of its own findings in the document; Kingston's five points are its response
    lr = sources.get(code="LR")
    assert lr.findings.count() == 0
    response = lr.board_responses.get(board=kingston).text
    assert response.count("\n· ") == 5
    assert "The LSCB is going to review its chairing arrangements within the next 6 months." in response


def test_working_together_says_only_what_kingstons_document_says_of_it(kingston):
    new = Review.objects.get(code="NEW")
    assert (new.title, new.date_as_written, new.summary) == ("Working Together to Safeguard Children", "March 2010", "")
    assert "specific section referring to the LSCB role" not in new.summary  # Leeds' presentation's words


def test_the_source_key_is_the_documents(plan):
    from reporting.reports import plan_report

    key = plan_report(plan, SEPT_2010).source_key
    assert key == [("C&D", "Challenge and development day"), ("PR", "Peer review"), ("LR", "Laming review")]


def test_plan_has_17_objectives_and_52_outcomes(plan):
    assert plan.title == "Kingston LSCB Improvement Plan 2009-2010"
    assert list(plan.objectives.values_list("number", flat=True)) == [str(n) for n in range(1, 18)]
    assert Action.objects.filter(objective__plan=plan).count() == 52


def test_outcomes_keep_the_documents_numbering_including_the_two_9_2s(plan):
    numbers = list(Action.objects.filter(objective__plan=plan).in_document_order().values_list("number", flat=True))
    assert numbers[:3] == ["1.1", "1.2", "1.3"]
    nine = [n for n in numbers if n.startswith("9.")]
    assert nine == ["9.1", "9.2", "9.2", "9.3"]
    assert numbers[-1] == "17.3"


def test_objectives_word_for_word(plan):
    objective = plan.objectives.get(number="10")
    assert objective.title == (
        "Develop a more strategic audit programme so that there is improved understanding of the reality “on the "
        "ground” and more detailed risk assessment of the issues affecting the protection and safeguarding of children"
    )
    assert objective.lead == "Chair Monitoring & Evaluation"
    assert objective.timescale == "Dec 2010"
    assert plan.objectives.get(number="3").timescale == "Training Plan 2010-11"
    assert plan.objectives.get(number="13").timescale == "Annually"
    assert plan.objectives.get(number="6").lead == "Chair Communications and Awareness + Participation officer"


def test_outcomes_word_for_word(plan):
    action = Action.objects.get(objective__plan=plan, number="1.1")
    assert action.text == (
        "An LSCB Business plan which will be based on a more comprehensive and clear statement of desired outcomes "
        "for children and young people. Combine with 8.1 – 8.2 below"
    )
    assert Action.objects.get(objective__plan=plan, number="16.1").text == (
        "Group members are in place to share practice and procedures within their own organisation"
    )
    assert Action.objects.get(objective__plan=plan, number="4.3").text == (
        "Develop a “Job description” for members clarifying expectations."
    )


@pytest.mark.parametrize(
    ("number", "codes"),
    [("1", ["C&D"]), ("4", ["C&D", "LR", "PR"]), ("9", ["LR", "PR"]), ("16", ["LR"]), ("17", ["NEW"])],
)
def test_objectives_cite_their_sources(plan, number, codes):
    assert sorted(plan.objectives.get(number=number).sources.values_list("code", flat=True)) == codes


def test_peer_review_gave_rise_to_37_outcomes_and_laming_to_objectives_4_7_9_12_16(plan):
    assert Action.objects.filter(objective__plan=plan, objective__sources__code="PR").count() == 37
    laming = plan.objectives.filter(sources__code="LR").order_by("order").values_list("number", flat=True)
    assert list(laming) == ["4", "7", "9", "12", "16"]


def test_due_dates_are_read_from_the_time_scale_as_written(plan):
    def due(number):
        return Action.objects.get(objective__plan=plan, number=number).due_date

    assert due("1.1") == date(2010, 9, 30)  # Sept 2010
    assert due("6.2") == date(2011, 2, 28)  # Feb 2011
    assert due("17.3") == date(2010, 12, 31)  # Dec 2010
    assert due("13.1") is None  # Annually
    assert due("3.1") is None  # Training Plan 2010-11
    assert due("2.1") is None  # no time scale written


def test_progress_september_2010_column(plan):
    """Read by hand from the document: 18 outcomes ACHIEVED, 26 ONGOING, 3 In progress, 5 with no statement
    (5.3, 5.5, 12.3, 12.4, 13.4); every statement is dated 30 September 2010."""
    updates = ProgressUpdate.objects.filter(action__objective__plan=plan)
    assert set(updates.values_list("as_at", flat=True)) == {SEPT_2010}
    assert Counter(updates.values_list("status", flat=True)) == {
        Status.ACHIEVED: 18,
        Status.ONGOING: 26,
        Status.IN_PROGRESS: 3,
    }
    silent = Action.objects.filter(objective__plan=plan, updates__isnull=True).in_document_order()
    assert list(silent.values_list("number", flat=True)) == ["5.3", "5.5", "12.3", "12.4", "13.4"]


def test_progress_statements_word_for_word(plan):
    def narrative(number):
        return ProgressUpdate.objects.get(action__objective__plan=plan, action__number=number).narrative

    assert narrative("1.1") == (
        "ONGOING  Business Manager is now in post and this has been identified as a priority undertaking."
    )
    assert narrative("4.1") == "ACHIEVED : Independent Chair has been appointed"
    assert narrative("10.3") == "ACHIEVED\nQA subgroup established and ToR  and framework agreed."
    assert narrative("14.2") == "Achieved  Summary of health agencies and responsibilities presented to Mar 10 meeting"


def test_nothing_invented_on_the_board(kingston, llr, leeds):
    # the documents name no borough and list no member agencies for LLR or Leeds
    assert kingston.areas == "Kingston"
    assert not llr.seats.exists() and not leeds.seats.exists()
