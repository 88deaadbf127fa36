"""`manage.py rebuild_kept` (actions.rebuild): after the tables kept from others were changed behind the app's back,
each is what it is kept from again: the actions' current states, the boards' and objectives' numbers of actions, the
boards' numbers of plans, objectives and reviews, the objectives' answers to reviews. The quarter snapshots (what a
board saw at a quarter end) are left as they are."""

from io import StringIO

import pytest
from django.core.management import call_command

from actions.models import (
    Action,
    ActionCount,
    ActionState,
    BoardContents,
    ObjectiveCount,
    ProgressUpdate,
    QuarterSnapshot,
    ReviewLink,
)
from reviews.models import Review
from tests.helpers import assert_board_contents_kept, assert_review_links_kept
from tests.test_action_count import assert_counted as assert_actions_counted
from tests.test_objective_count import assert_counted as assert_objectives_counted

pytestmark = pytest.mark.django_db


def test_every_kept_table_is_written_again_from_what_it_is_kept_from(kingston, llr):
    call_command("snapshot_quarter", "--quarter", "2010-Q2", stdout=StringIO())
    snapshots = list(QuarterSnapshot.objects.order_by("pk").values())
    # changed behind the app's back: numbers wrong, rows gone, a row saying what is not so
    ActionCount.objects.filter(board=kingston).update(actions=1)
    ObjectiveCount.objects.filter(objective__plan__board=llr).delete()
    BoardContents.objects.filter(board=kingston).update(objectives=0, findings=99)
    gone = list(ActionState.objects.filter(board=llr).values_list("action_id", flat=True)[:5])
    ActionState.objects.filter(action_id__in=gone).delete()
    wrong = ActionState.objects.filter(board=kingston).exclude(update=None).order_by("pk").first()
    ActionState.objects.filter(pk=wrong.pk).update(rag="blue" if wrong.rag != "blue" else "red")
    ReviewLink.objects.filter(board=kingston).delete()
    ReviewLink.objects.create(
        objective=llr.plans.get().objectives.order_by("pk").first(),
        review=Review.objects.get(board=kingston, code="PR"),
        board=llr,
        cites=True,
    )

    out = StringIO()
    call_command("rebuild_kept", stdout=out)

    assert f"ActionState: {Action.objects.count()} rows" in out.getvalue()
    assert set(ActionState.objects.filter(action_id__in=gone).values_list("action_id", flat=True)) == set(gone)
    latest = ProgressUpdate.objects.filter(action_id=wrong.action_id).order_by("-as_at", "-recorded_at", "-id")[0]
    assert ActionState.objects.get(pk=wrong.pk).rag == latest.rag
    assert_actions_counted()
    assert_objectives_counted()
    assert_board_contents_kept()
    assert_review_links_kept()
    assert list(QuarterSnapshot.objects.order_by("pk").values()) == snapshots  # what the board saw stays
