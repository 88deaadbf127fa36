"""Each objective's answers to reviews (actions.ReviewLink: a row per objective and review it cites or answers a
finding of, with its board), kept from its two links, are what those links say after every way they change: either
side's add, remove, set and clear, a finding deleted, a review deleted, an objective and a plan deleted. (A plan
rolled over, a document imported, rows written in bulk and a backup restored are checked in their own tests.) A
national review's summary and trace read them: tests/test_review_summary.py compares the two."""

import pytest
from django.db import connection

from actions.models import ReviewLink
from plans.models import Objective, Plan
from reviews.models import Finding, Review
from tests.helpers import assert_review_links_kept
from tests.test_action_state_race import race

pytestmark = pytest.mark.django_db


def test_the_seed_is_linked_citing_answering_and_both(seed):
    assert_review_links_kept()
    flags = set(ReviewLink.objects.values_list("cites", "answers"))
    assert (True, True) in flags and (True, False) in flags


def test_an_objectives_links_changed_from_either_side(seed, kingston):
    pr, laming = Review.objects.get(code="PR"), Review.objects.get(code="LR", board__isnull=True)
    objective = Objective.objects.filter(plan__board=kingston, findings__review=pr).first()
    finding = pr.findings.exclude(objectives=objective).first()
    changes = [
        lambda: objective.sources.add(laming),
        lambda: objective.sources.remove(pr),  # still answers a finding of PR: still linked, no longer citing
        lambda: objective.findings.set([finding]),
        lambda: laming.objectives.remove(objective),
        lambda: laming.objectives.add(objective),
        lambda: finding.objectives.clear(),  # PR neither cited nor answered: unlinked
        lambda: pr.objectives.add(objective),
        lambda: laming.objectives.clear(),  # every objective citing Laming
        lambda: objective.sources.clear(),
        lambda: objective.findings.add(*pr.findings.all()[:2]),
    ]
    for change in changes:
        change()
        assert_review_links_kept()
    assert not ReviewLink.objects.filter(review=laming).exists()
    assert ReviewLink.objects.filter(objective=objective, review=pr, cites=False, answers=True).exists()


def test_a_finding_a_review_an_objective_and_a_plan_deleted(seed, kingston, llr):
    pr = Review.objects.get(code="PR")
    answering_only = Objective.objects.filter(plan__board=kingston, findings__review=pr).first()
    answering_only.sources.remove(pr)
    answering_only.findings.set([answering_only.findings.filter(review=pr).first()])
    (finding,) = answering_only.findings.all()
    finding.delete()  # its links go by cascade, with no m2m signal
    assert not ReviewLink.objects.filter(objective=answering_only, review=pr).exists()
    assert_review_links_kept()
    Finding.objects.filter(review=pr, objectives__isnull=False).first().delete()  # others still answered
    assert_review_links_kept()
    pr.delete()
    assert not ReviewLink.objects.filter(review_id=pr.pk).exists()
    assert_review_links_kept()
    Objective.objects.filter(plan__board=llr).first().delete()
    assert_review_links_kept()
    Plan.objects.filter(board=llr).delete()
    assert not ReviewLink.objects.filter(board=llr).exists()
    assert_review_links_kept()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer at a time: no race to run")
def test_two_editors_linking_one_objective_at_once_leave_its_rows_as_its_links(seed):
    """The second rewrite of an objective's rows waits for the first to commit, then reads its links afresh: not
    writing again the rows the first wrote beside them (on PostgreSQL: a duplicate row refused, the edit lost)."""
    objective = seed["kingston"].plans.get().objectives.get(number="5")
    laming = Review.objects.get(code="LR", board__isnull=True)
    other = Review.objects.filter(board__isnull=True).exclude(objectives=objective).exclude(pk=laming.pk).first()
    assert other is not None

    def link(review):
        return lambda: Objective.objects.get(pk=objective.pk).sources.add(review)

    assert race(link(laming), link(other)) == ["first", "second"]
    assert {laming, other} <= set(objective.sources.all())
    assert_review_links_kept()
