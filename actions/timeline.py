"""One timeline per action: its progress updates and every edit to it (who, when, which fields, from what to what)."""

from dataclasses import dataclass, field

from django.utils import timezone

from .models import Action

# fields whose changes are not worth a line on the timeline
HIDDEN_FIELDS = {"order"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class TimelineEntry:
    at: object  # datetime
    kind: str  # "update" | "created" | "edited"
    who: str
    update: object = None
    changes: list = field(default_factory=list)


def _label(name):
    return Action._meta.get_field(name).verbose_name.capitalize()


def _display(record, name, users, subgroups):
    value = (
        getattr(record, f"{name}_id", None) if name in ("lead_user", "subgroup", "objective") else getattr(record, name)
    )
    if value in (None, ""):
        return "–"
    if name == "lead_user":
        return users.get(value, f"user {value}")
    if name == "subgroup":
        return subgroups.get(value, f"subgroup {value}")
    if name == "objective":
        return f"objective {value}"
    return str(value)


def timeline_for(action, updates):
    """Newest first. The action's history is read once, and the names it refers to are looked up once for all
    entries, not per entry."""
    from django.contrib.auth import get_user_model

    from boards.models import Subgroup

    records = list(action.history.select_related("history_user").order_by("history_date", "history_id"))
    users = dict(
        get_user_model()
        .objects.filter(pk__in={r.lead_user_id for r in records if r.lead_user_id})
        .values_list("pk", "username")
    )
    subgroups = dict(
        Subgroup.objects.filter(pk__in={r.subgroup_id for r in records if r.subgroup_id}).values_list("pk", "name")
    )
    entries = []
    previous = None
    for record in records:
        who = record.history_user.get_username() if record.history_user else "system"
        if previous is None:
            entries.append(TimelineEntry(at=record.history_date, kind="created", who=who))
        else:
            delta = record.diff_against(previous)
            changes = [
                Change(
                    _label(c.field),
                    _display(previous, c.field, users, subgroups),
                    _display(record, c.field, users, subgroups),
                )
                for c in delta.changes
                if c.field not in HIDDEN_FIELDS
            ]
            if changes:
                entries.append(TimelineEntry(at=record.history_date, kind="edited", who=who, changes=changes))
        previous = record
    for update in updates:
        entries.append(TimelineEntry(at=update.recorded_at, kind="update", who=update.author_label, update=update))
    entries.sort(key=lambda e: e.at or timezone.now(), reverse=True)
    return entries
