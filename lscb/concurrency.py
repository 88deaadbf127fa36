"""Optimistic locking: an edit names the version it started from, and the UPDATE checks it.

Two people open the same objective; the first to save wins; the second is told who changed it and when, and keeps
what they typed. Nothing is silently overwritten. Models using this have a `version` field and simple-history.
"""

from django import forms
from django.db import transaction
from django.db.models import F
from django.utils import timezone


class StaleEdit(Exception):
    """The record changed since the form was opened."""

    def __init__(self, instance, current_version, by, at):
        self.instance = instance
        self.current_version = current_version
        self.by = by
        self.at = at
        when = timezone.localtime(at).strftime("%H:%M on %d %b %Y") if at else "an unknown time"
        super().__init__(
            f"This was changed by {by} at {when} since you opened it. Your changes have not been saved; "
            f"they are kept below. Check the current version, then save again to replace it with yours."
        )


def last_change(instance):
    """(who, when) of the latest recorded change to the instance, from its history."""
    record = instance.history.select_related("history_user").order_by("-history_date", "-history_id").first()
    if record is None:
        return "someone", None
    return (record.history_user.get_username() if record.history_user else "someone"), record.history_date


@transaction.atomic
def save_if_unchanged(instance, started_from_version, user, m2m_form=None):
    """Save the instance only if its stored version is still `started_from_version`; raise StaleEdit otherwise.

    The version check and bump is one conditional UPDATE, so of any number of concurrent saves from the same
    version exactly one wins (the database serialises the row update)."""
    model = type(instance)
    won = model.objects.filter(pk=instance.pk, version=started_from_version).update(version=F("version") + 1)
    if not won:
        current = model.objects.filter(pk=instance.pk).values_list("version", flat=True).first()
        by, at = last_change(instance)
        raise StaleEdit(instance, current, by, at)
    instance.version = started_from_version + 1
    instance._history_user = user
    instance.save()
    if m2m_form is not None:
        m2m_form.save_m2m()
    return instance


class VersionedFormMixin:
    """A ModelForm mixin carrying the version the user opened, as a hidden field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def save_versioned(self, user):
        """Create (no version to check) or save-if-unchanged. Raises StaleEdit for a lost update."""
        instance = self.save(commit=False)
        if instance.pk is None:
            instance._history_user = user
            instance.save()
            self.save_m2m()
            return instance
        started_from = self.cleaned_data.get("version") or 0
        return save_if_unchanged(instance, started_from, user, m2m_form=self)

    def refresh_version_after_conflict(self, error):
        """Keep the user's input, but let their next save replace the change they were told about."""
        data = self.data.copy()
        data[self.add_prefix("version")] = error.current_version
        self.data = data


def save_or_report_conflict(form, user):
    """Save a valid versioned form; on a lost update, put the message on the form (input kept) and return None."""
    try:
        return form.save_versioned(user)
    except StaleEdit as error:
        form.add_error(None, str(error))
        form.refresh_version_after_conflict(error)
        return None
