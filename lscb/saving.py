"""Saving a row and what its post_save receivers write for it in one transaction."""

from django.db import router, transaction


class SavedWithReceivers:
    """A model mixin: `save` opens a transaction (or joins the caller's) around the row's save and its post_save
    receivers, so that what they keep from it (an action's current state, a board's kept numbers: actions.signals)
    commits with the row or not at all. Deleting needs none: Django's deletion is one transaction with its
    signals."""

    def save(self, *args, **kwargs):
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            super().save(*args, **kwargs)
