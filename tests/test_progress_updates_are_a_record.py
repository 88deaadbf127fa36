"""Progress updates are never edited or deleted: a correction is a new update that names the one it corrects."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from actions.models import Action, ProgressUpdate, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def update(kingston):
    return ProgressUpdate.objects.get(action__objective__plan__board=kingston, action__number="4.1")


def test_an_update_cannot_be_changed(update):
    update.narrative = "rewritten"
    with pytest.raises(ValidationError):
        update.save()
    update.refresh_from_db()
    assert update.narrative == "ACHIEVED : Independent Chair has been appointed"


def test_updates_cannot_be_deleted_one_by_one_or_in_bulk(update):
    with pytest.raises(ValidationError):
        update.delete()
    with pytest.raises(ValidationError):
        ProgressUpdate.objects.filter(pk=update.pk).delete()
    with pytest.raises(ValidationError):
        ProgressUpdate.objects.filter(pk=update.pk).update(narrative="x")
    assert ProgressUpdate.objects.filter(pk=update.pk, narrative__startswith="ACHIEVED").exists()


def test_an_action_with_updates_cannot_be_deleted(update):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        Action.objects.get(pk=update.action_id).delete()


def test_a_correction_names_the_update_it_corrects_and_both_stay(update, manager):
    correction = ProgressUpdate.objects.create(
        action=update.action,
        as_at=date(2010, 9, 30),
        status=Status.IN_PROGRESS,
        corrects=update,
        author=manager,
        narrative="The chair is appointed on an interim basis only",
    )
    assert list(update.corrections.all()) == [correction]
    assert update.action.updates.count() == 2
