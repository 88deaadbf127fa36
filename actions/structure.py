"""A plan's structure as it stood on a date (effective dating): which objectives and outcomes had joined it, and
the numbers, texts and due dates they had then.

An objective or outcome joins the plan on its `joined_on` (set to the day it is created in the app; empty for one
the plan's document wrote, which is part of the plan from its start). Edits are dated by the history already kept
(django-simple-history's historical tables): as at a date, an item edited since shows its fields from its newest
historical row on or before that date, or from its creation row (a seeded item's is dated the day it was loaded,
but stands for the document, so from the start). Reading it costs one query per kind of item, for any number of
items: the historical rows of those edited after the earliest date asked. Items read with `edited_after` (whether
each was edited since, from its history, in the query that read them) cost none when none was: the usual case for
a plan shown as at a past date.

A withdrawn item (`withdrawn_on`, `withdrawn_reason`) stays in the plan: as at a date before its withdrawal it
shows as it was; from then on it shows as withdrawn (its outcomes carry a Superseded update dated that day, so
the RAG rules close them).
"""

from datetime import datetime, time, timedelta

from django.db.models import BooleanField, Case, DateField, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.lookups import IsNull
from django.utils import timezone

ACTION_FIELDS = ("number", "text", "due_date", "timescale", "order", "method", "lead", "resources")
OBJECTIVE_FIELDS = ("number", "title", "timescale", "order", "lead")


def joined_by(as_at, prefix=""):
    """Q of the items (`prefix`: the path to them, e.g. "objective__") that had joined by `as_at`."""
    return Q(**{f"{prefix}joined_on__isnull": True}) | Q(**{f"{prefix}joined_on__lte": as_at})


def had_joined(item, as_at):
    return item.joined_on is None or item.joined_on <= as_at


def _after(day):
    """The first moment after `day`, in the site's time zone: history dated from then is news after `day`."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _edits_after(historical, day, **which):
    """The historical rows (of `historical`, a historical model; `which`: of which items) of the edits made after
    `day`: what makes an item stand differently on `day` from how it stands now."""
    return historical.objects.filter(history_type="~", history_date__gte=_after(day), **which)


def historical_model(model):
    """The model's historical model (django-simple-history's), read from the descriptor its class holds: reading
    `model.history` makes a manager class each time (inspecting its queryset's methods), which cost a plan page more
    than building the query that reads the history."""
    return vars(model)[model._meta.simple_history_manager_attribute].model


def as_it_stood(items, as_at, fields, model=None):
    """`items` (saved instances of one model with `history`, or, with that `model`, rows standing for them: anything
    with its `pk`, `withdrawn_on` and `fields` as attributes), each with `fields` as they were on `as_at` (a date,
    or a function of the item giving its date) and `withdrawn_then` (withdrawn on or before that date). One query;
    none when there are no items or every date is today or later. Returns the items as a list."""
    items = list(items)
    if not items:
        return items
    day_of = as_at if callable(as_at) else (lambda item: as_at)
    historical = historical_model(model or type(items[0]))
    first_day = min(day_of(item) for item in items)
    for item in items:
        item.withdrawn_then = item.withdrawn_on is not None and item.withdrawn_on <= day_of(item)
    if first_day >= timezone.localdate():  # nothing has been edited after today: as they are now, no query
        return items
    # of items read with `edited_after` (as at their earliest date, or before), only those it says were edited since
    ids = [item.pk for item in items if getattr(item, "edited_after", True)]
    if not ids:  # none edited since: as they are now, no query
        return items
    edited = _edits_after(historical, first_day, id__in_ids=ids).values("id")
    rows = {}
    for row in (
        historical.objects.filter(id__in=edited)
        .order_by("id", "history_id")  # as recorded: the creation row first
        .values("id", "history_type", "history_date", *fields)
    ):
        rows.setdefault(row["id"], []).append(row)
    for item in items:
        if item.pk not in rows:  # not edited since: as it is now (and no time zone arithmetic for it)
            continue
        cutoff = _after(day_of(item))
        then = None
        for row in rows[item.pk]:
            if row["history_type"] == "+" or row["history_date"] < cutoff:
                then = row
        if then is not None:
            for name in fields:
                setattr(item, name, then[name])
    return items


def edited_after(model, as_at, item="pk"):
    """Whether the item (of `model`, a model with `history`; `item`: the path to its pk) was edited after `as_at`,
    as an SQL expression to read with the items (annotate their query with it as `edited_after`): `as_it_stood`,
    given them as at that date or later ones, then reads the history of those edited alone, and none when none was.
    The same rule as `as_it_stood`'s (as at the earliest of its dates); False for today or later."""
    if as_at >= timezone.localdate():
        return Value(False, output_field=BooleanField())
    historical = historical_model(model)
    edits = _edits_after(historical, as_at, id=OuterRef(item))
    # its first edit since IS NOT NULL, not EXISTS: PostgreSQL may answer an EXISTS by scanning the whole history
    # into a hash (at the bench's 30 boards, all 9,121 rows of the outcomes' history for a plan of 100: 1.9 ms); a
    # subquery of one row it answers per item, from the history's index by item (100 look-ups: 0.1 ms)
    return IsNull(Subquery(edits.order_by().values("history_id")[:1]), False)


def due_date_then(as_at, action_field="pk"):
    """An action's due date as it stood on `as_at`, as an SQL expression (for actions.rag's SQL rules): where the
    action was edited after that day, the due date of its newest historical row on or before it (its creation row
    standing for the document); else, and for today or later, its due date now. The same rule as `as_it_stood`."""
    if as_at >= timezone.localdate():
        return F("due_date")
    from .models import Action

    historical = Action.history.model
    cutoff = _after(as_at)
    edited = _edits_after(historical, as_at, id=OuterRef(action_field))
    then = historical.objects.filter(id=OuterRef(action_field)).filter(Q(history_type="+") | Q(history_date__lt=cutoff))
    return Case(
        When(Exists(edited) & Exists(then), then=Subquery(then.order_by("-history_id").values("due_date")[:1])),
        default=F("due_date"),
        output_field=DateField(),
    )
