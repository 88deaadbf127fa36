"""The Leeds seed against its documents (../shared/seeds/000_, 001_, 002_...txt)."""

import pytest

from actions.models import Action
from reviews.models import Review

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


def test_challenges_for_2014_15_from_the_annual_report(leeds):
    plan = leeds.plans.get(title="Challenges for 2014/15")
    titles = list(plan.objectives.order_by("order").values_list("title", flat=True))
    assert titles[0] == "To strengthen the voice of the child / young person in:"
    assert "Think Family Protocol" in Action.objects.filter(objective__plan=plan).values_list("text", flat=True)
    assert plan.objectives.filter(sources__code="AR14").count() >= 4
