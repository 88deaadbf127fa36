"""The RAG rules: the one place an action's colour is decided.

Every page and report that shows a colour (the plan page, the dashboards, the PDF reports, the exports)
asks this module, so the rules below are written once and read the same everywhere. The pages show them
too (`RULES`, `ROLL_UP_RULE`, `DIRECTION_RULE`), worded for the people who read the plans.

Quarters are UK financial-year quarters: Q1 April-June, Q2 July-September, Q3 October-December,
Q4 January-March. Q4 belongs to the financial year that started the April before: January 2011 is in
Q4 2010/11.

An action's rating as at a date (`rate`):

1. **Latest update.** Only updates dated (as at) on or before the date count, and not one a manager retired as
   recorded in error (nor the retirement itself). The latest of them has the
   greatest as-at date; for the same date, it is the one recorded last (a correction recorded later wins);
   then the highest id (`actions.models.LATEST_FIRST`). Updates dated after the date are ignored, so
   the same date always gives the same answer, whatever was recorded since.
2. **Superseded** (latest status): closed. Not rated, never overdue.
3. **Achieved** (latest status): **Blue**, whatever rating the update gave. An achieved action reopened by
   a later update (in progress, ongoing...) is rated by that later update: it is not Blue any more.
   *Completed late*: it became achieved after its due date. It became achieved on the as-at date of the
   first Achieved update after its last update of any other status.
4. **Overdue**: a due date before the as-at date (due_date < as_at), not achieved, not superseded:
   **Red**, whatever the last update rated it, also with no update at all. No due date: never overdue.
5. Otherwise the rating the latest update gave (Red, Amber, Green). An update that gave none: **not
   rated**. Blue given on an update whose status is not Achieved is not taken (Blue means achieved): not
   rated, and the reason says so.
6. No update at all (and not overdue): **not rated**.
7. **No update this quarter**: no update dated within the quarter containing the as-at date (and on or
   before it). A *missing update* is that on an open action (neither achieved nor superseded): the ones
   to chase.

Roll-ups (`roll_up`) count actions per colour. The worst colour is Red, then Amber, then Green, then Blue;
actions not rated neither raise nor lower it; when none is rated there is no worst colour.

Direction of travel (`direction_of_travel`) compares a rating with the one at the previous quarter end, in
the order Red < Amber < Green < Blue.

Everything above is computed in Python from the updates read together (`updates_on_or_before`,
`history_by_action`): one read serves any number of actions and any number of dates up to the one asked, so a
page never reads per action (tests/test_query_counts.py counts it).

The same rules in SQL (`annotate_ratings`, `roll_ups`), for pages that count, filter or sort more actions than
they show (the dashboard across boards, the auditors' filter): the database rates, counts and orders, and only
the rows shown are read. Rule 1 reads each action's current state (`actions.ActionState`, its latest update) when
that is dated on or before the date asked, which it always is for today or a later date (then nothing else is
built: no update is ever dated in the future); for an earlier date it probes the updates for the latest one on
or before it (an index on action, as-at date, recorded time, id).
Rules 2 to 7 are `Case`/`When` expressions written next to `rate` below and tested to agree with it
(tests/test_rag_sql.py); 'completed late' probes the updates (the same index) of each achieved action whose
latest update is dated after its due date, whatever the date.
"""

import weakref
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache, partial
from operator import attrgetter
from typing import NamedTuple

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Expression,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.base import ModelState
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, In, IsNull, LessThan
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import get_language

from .models import OLDEST_FIRST, RAG, ActionState, ProgressUpdate, QuarterSnapshot, Status, recency
from .quarters import Quarter, parse_quarter, previous_quarter_end, quarter_ends, quarter_of, quarters_between
from .structure import due_date_then

__all__ = ["Quarter", "parse_quarter", "previous_quarter_end", "quarter_ends", "quarter_of", "quarters_between"]

# --------------------------------------------------------------------------------------------------
# One action's rating
# --------------------------------------------------------------------------------------------------

LETTERS = {RAG.RED: "R", RAG.AMBER: "A", RAG.GREEN: "G", RAG.BLUE: "B", None: "–"}
LABELS = {RAG.RED: "Red", RAG.AMBER: "Amber", RAG.GREEN: "Green", RAG.BLUE: "Blue", None: "Not rated"}
# the order of colours, worst first: how roll-ups pick the worst and direction of travel compares
RANK = {RAG.RED: 0, RAG.AMBER: 1, RAG.GREEN: 2, RAG.BLUE: 3}
COLOURS = (RAG.RED, RAG.AMBER, RAG.GREEN, RAG.BLUE, None)  # display order, not rated last
NOT_RATED_RANK = len(RANK)  # sorting by RAG puts the actions not rated last

NO_UPDATE_LABEL = "No update"
CLOSED = (Status.ACHIEVED, Status.SUPERSEDED)


def sort_rank(colour):
    """A colour's place when sorting by RAG: RANK, not rated (None or '') last. What `annotate_ratings`'s rag_rank
    and `QuarterSnapshot.rag_rank` hold."""
    return RANK.get(colour or None, NOT_RATED_RANK)


RULES = (
    (
        "Latest update",
        "An action is rated by its latest progress update dated on or before the date shown: the latest "
        "as-at date, and for the same date the one recorded last (a correction wins). Updates dated later "
        "are ignored, so the same date always shows the same ratings.",
    ),
    (
        "Blue",
        "Achieved is Blue (complete), whatever rating the update gave. An achieved action reopened by a "
        "later update is rated by that update.",
    ),
    (
        "Overdue",
        "Past its due date (due before the date shown), not achieved and not superseded: Red, whatever its "
        "last rating, also with no update at all. An action with no due date is never overdue.",
    ),
    ("Superseded", "Superseded is closed: never overdue, not rated."),
    (
        "Red, Amber, Green",
        "Otherwise the rating the latest update gave. An update that gave none leaves the action not rated "
        "(–); so does Blue given to an action that is not achieved.",
    ),
    (
        "Completed late",
        "Achieved after its due date. It became achieved on the as-at date of the first Achieved update "
        "after its last update of another status.",
    ),
    (
        "No update this quarter",
        "No update dated within the financial-year quarter of the date shown (Q1 April–June, Q2 "
        "July–September, Q3 October–December, Q4 January–March). Open actions (not achieved, not "
        "superseded) without one are missing their update.",
    ),
)
ROLL_UP_RULE = (
    "Counts are actions per rating. The worst rating is Red, then Amber, then Green, then Blue; actions "
    "not rated neither raise nor lower it, and when no action is rated there is none."
)
DIRECTION_RULE = (
    "Direction of travel compares each action's rating with its rating at the end of the previous "
    "quarter, in the order Red, Amber, Green, Blue: up is improved, down is worse. New: not rated then, "
    "rated now. Same: the same rating, or not rated either time. No rating now: rated then, not now. "
    "First recorded: the action's first progress, transcribed from a document; a baseline, not a change."
)


def short_day(d, months=None):
    """The date as Django's `date:"j M Y"` writes it ('30 Sep 2010'), in the active language: every reason has
    one or two, so this skips the general formatter (its parsing and a formatter object per call) and translates
    the month names once per language. `months`: the active language's (`_months`), where the caller looked them
    up once for many dates (asking which language is active costs more than the rest of this)."""
    return f"{d.day} {(months or _months(get_language()))[d.month]} {d.year}"


@cache
def _months(language):
    """{month number: its abbreviated name in `language`}, as `date:"M"` writes it."""
    return {number: str(name).title() for number, name in MONTHS_3.items()}


def month_names():
    """The active language's month names as a reason writes them: `rating_of_latest`'s `months`, for a caller that
    rates many actions and asks which language is active once."""
    return _months(get_language())


def _author(update):
    if update.author_id:
        return update.author.get_username()
    return update.author_name or "unknown"


def _update_phrase(update, months=None):
    """'update of 30 Sep 2010 by kingston-lead'."""
    return f"update of {short_day(update.as_at, months)} by {_author(update)}"


# each status's label by its value: what Status(value).label gives, without the enum's lookup (a page rates hundreds)
_STATUS_LABELS = {status.value: status.label for status in Status}


def _status_label(status):
    return _STATUS_LABELS[status] if status else NO_UPDATE_LABEL


@dataclass(frozen=True)
class Rating:
    """An action's RAG as at a date, with the reason in words. colour None = not rated (letter '–')."""

    colour: str | None
    reason: str
    status: str | None = None  # the latest update's status; None = no update
    update: ProgressUpdate | None = field(default=None, compare=False)
    overdue: bool = False
    completed_late: bool = False
    no_update_this_quarter: bool = False
    achieved_on: date | None = None  # the date it became achieved, when its latest status is Achieved
    # its only update so far was transcribed from a document: a baseline ("first recorded"), not a change
    first_recorded: bool = field(default=False, compare=False)
    letter: str = field(init=False)
    label: str = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "letter", LETTERS[self.colour])
        object.__setattr__(self, "label", LABELS[self.colour])

    @property
    def rated(self):
        return self.colour is not None

    @property
    def rank(self):
        return RANK.get(self.colour)

    @property
    def css_class(self):
        return f"rag-{self.colour or 'none'}"

    @property
    def status_label(self):
        return _status_label(self.status)

    @property
    def closed(self):
        """Achieved or superseded: nothing left to do."""
        return self.status in CLOSED

    @property
    def missing_update(self):
        """Open and with no update this quarter: the ones to chase."""
        return self.no_update_this_quarter and not self.closed


def rate(action, updates, as_at):
    """The action's Rating as at `as_at`, from its updates (any order; those dated after `as_at` are ignored).

    Needs only `action.due_date`; reads nothing from the database (give updates with their authors selected).
    """
    latest, achieved_on, first_recorded = _standing(updates, as_at)
    return rating_of_latest(action.due_date, latest, as_at, achieved_on=achieved_on, first_recorded=first_recorded)


def _standing(updates, as_at):
    """What the rules read of an action's updates (any order; any object with the RULE_FIELDS): (its latest update
    on or before `as_at` that counts, or None; the day it became achieved, when that update says Achieved; whether
    it is the only one that counts, transcribed from a document)."""
    updates = list(updates)
    retracted = {u.corrects_id for u in updates if u.in_error}  # recorded in error: neither counts
    history = sorted((u for u in updates if u.as_at <= as_at and not u.in_error and u.id not in retracted), key=recency)
    if not history:
        return None, None, False
    latest = history[-1]
    achieved_on = _became_achieved_on(history) if latest.status == Status.ACHIEVED else None
    return latest, achieved_on, len(history) == 1 and latest.from_document


def rating_of_latest(due, latest, as_at, *, achieved_on=None, first_recorded=False, months=None):
    """The Rating as at `as_at` of an action due on `due` whose latest update then is `latest` (None: none), given
    what `rate` reads from the rest of its history: the day it became achieved (where `latest` is Achieved) and
    whether `latest` is its only update, transcribed from a document. For readers that kept those (the quarter
    snapshots); `rate` decides through it. `months`: the active language's month names (`_months`), for a caller
    that rates many (`ratings_at`)."""
    months = months or _months(get_language())
    quiet = latest is None or latest.as_at < quarter_of(as_at).start
    past_due = due is not None and due < as_at

    if latest is None:
        if past_due:
            return Rating(
                RAG.RED,
                f"Red: due {short_day(due, months)}, no update recorded",
                overdue=True,
                no_update_this_quarter=quiet,
            )
        return Rating(None, "Not rated: no update recorded", no_update_this_quarter=quiet)

    common = {
        "status": latest.status,
        "update": latest,
        "no_update_this_quarter": quiet,
        "first_recorded": bool(first_recorded),
    }
    label = _status_label(latest.status)
    if latest.status == Status.SUPERSEDED:
        return Rating(None, f"Not rated: superseded ({_update_phrase(latest, months)})", **common)
    if latest.status == Status.ACHIEVED:
        late = due is not None and achieved_on > due
        reason = f"Blue: achieved ({_update_phrase(latest, months)})"
        if late:
            reason += f"; completed late: achieved {short_day(achieved_on, months)}, due {short_day(due, months)}"
        return Rating(RAG.BLUE, reason, completed_late=late, achieved_on=achieved_on, **common)
    if past_due:
        reason = f"Red: due {short_day(due, months)}, still {label}"
        if latest.rag and latest.rag != RAG.RED:
            reason += f" (the {_update_phrase(latest, months)} rated it {LABELS[latest.rag]})"
        return Rating(RAG.RED, reason, overdue=True, **common)
    if latest.rag == RAG.BLUE:
        return Rating(
            None,
            f"Not rated: the update of {short_day(latest.as_at, months)} rated it Blue but its status is "
            f"{label}; Blue means achieved",
            **common,
        )
    if latest.rag:
        return Rating(latest.rag, f"{LABELS[latest.rag]}: {_update_phrase(latest, months)}", **common)
    return Rating(None, f"Not rated: the update of {short_day(latest.as_at, months)} gave no rating", **common)


def colour_of_latest(due, status, given, as_at):
    """The colour `rating_of_latest` gives (rules 2 to 6) an action due on `due` whose latest update as at `as_at`
    has this status and rating (status None: no update), without the reason in words: for counting many ratings
    (a plan's trend, `ratings_at`). Tested to agree with `rate` (tests/test_rag_rules.py)."""
    if status == Status.SUPERSEDED:
        return None
    if status == Status.ACHIEVED:
        return RAG.BLUE
    if due is not None and due < as_at:
        return RAG.RED
    return given if given in OPEN_RATINGS else None


def _became_achieved_on(history):
    """The as-at date of the first Achieved update after the last update of another status
    (`history` oldest first, its latest Achieved)."""
    since = None
    for update in history:
        if update.status == Status.ACHIEVED:
            since = since or update.as_at
        else:
            since = None
    return since


# --------------------------------------------------------------------------------------------------
# Many actions at once: one read
# --------------------------------------------------------------------------------------------------


def updates_on_or_before(actions, as_at):
    """Every update of these actions dated on or before `as_at`, with its author, oldest first per action.

    `actions` is a queryset of Action (used as a subquery: no query of its own) or an iterable of
    actions or ids.
    """
    if isinstance(actions, QuerySet):
        scope = actions.values("pk")
    else:
        scope = [getattr(a, "pk", a) for a in actions]
    return (
        ProgressUpdate.objects.filter(action__in=scope, as_at__lte=as_at)
        .select_related("author")
        .order_by("action_id", *OLDEST_FIRST)
    )


def history_by_action(actions, as_at):
    """{action id: [its updates dated on or before `as_at`, oldest first]}, read at once. Feed it to `rate` for
    `as_at` or any earlier date (previous quarter ends, a trend) without reading again.

    The rows of `updates_on_or_before`, read as values and made into ProgressUpdates with every field loaded (see
    `loaded`), each with its author's username (the one field of the author any page shows: `_author`,
    `ProgressUpdate.author_label`; the others are deferred, read if ever asked). A plan page reads a thousand
    updates or more, and Django's own way (a model and a user built through their constructors per row, by
    `select_related`) cost about twice the query that read them."""
    history = defaultdict(list)
    for update in with_authors(updates_on_or_before(actions, as_at)):
        history[update.action_id].append(update)
    return history


def with_authors(queryset):
    """The updates of `queryset` as `history_by_action` makes them: every field loaded, and each author with their
    username only (the one field of the author any page shows: `_author`, `ProgressUpdate.author_label`)."""
    fields, username = _update_columns()
    return _updates_made(queryset.values_list(*fields, username), queryset.db)


def _update_columns(path=""):
    """The columns `_updates_made` reads of an update at `path` (e.g. "update__"): its fields, and its author's
    username."""
    user = ProgressUpdate._meta.get_field("author").related_model
    fields = [f"{path}{f.attname}" for f in ProgressUpdate._meta.concrete_fields]
    return fields, f"{path}author__{user.USERNAME_FIELD}"


def _updates_made(rows, db):
    """The updates of `rows` (each an update's fields, then its author's username: `_update_columns`) as
    `with_authors` makes them."""
    fields = [f.attname for f in ProgressUpdate._meta.concrete_fields]
    user = ProgressUpdate._meta.get_field("author").related_model
    authors = {}
    for *values, username in rows:
        update = loaded(ProgressUpdate, db, zip(fields, values, strict=True))
        if update.author_id is not None:
            author = authors.get(update.author_id)
            if author is None:
                author = authors[update.author_id] = loaded(
                    user, db, ((user._meta.pk.attname, update.author_id), (user.USERNAME_FIELD, username))
                )
            update._state.fields_cache["author"] = author
        yield update


def loaded(model, db, values):
    """An instance of `model` as loaded from `db` with these (field attname, value) pairs: what `Model.from_db` makes,
    without running the constructor (its per-field work and its signals, which nothing here listens to). Fields not
    given are deferred, as with `only()`."""
    instance = model.__new__(model)
    instance.__dict__.update(values)
    instance._state = ModelState()
    instance._state.adding = False
    instance._state.db = db
    return instance


def user_names(model):
    """The fields of a user (of `model`) a page shows of them (`get_username()`, `get_full_name()`): their username
    and their first and last names."""
    return (model.USERNAME_FIELD, "first_name", "last_name")


def named_user(model, db, pk, names):
    """The user `pk` of `model` (None: None) made as `loaded` makes one from `names`, the values of `user_names` in
    order, the user's other fields deferred."""
    if pk is None:
        return None
    return loaded(model, db, zip((model._meta.pk.attname, *user_names(model)), (pk, *names), strict=True))


class RowLayout:
    """Objects read from one `values_list` row, each made as `loaded` makes one (its other fields deferred), each
    related one cached on its parent as `select_related` caches it. `parts`: (path from the first object, "" for
    it; model; the field names read of it, a relation's giving its id), a path's parent before it. `columns` are
    the paths to read, in order; `made(row, db)` gives the first object and the row's values after them."""

    def __init__(self, *parts):
        self.parts = []
        for path, model, names in parts:
            parent, _, name = path.rpartition("__")  # "objective__plan": "objective", "plan"; "objective": "", ...
            self.parts.append((path, parent, name, model, tuple(model._meta.get_field(n).attname for n in names)))
        self.columns = [f"{path}__{name}" if path else name for path, model, names in parts for name in names]

    def made(self, row, db):
        made, place = {}, 0
        for path, parent, name, model, attnames in self.parts:
            made[path] = loaded(model, db, zip(attnames, row[place : place + len(attnames)], strict=True))
            if path:
                made[parent]._state.fields_cache[name] = made[path]
            place += len(attnames)
        return made[""], row[place:]


# the fields of an update the rules read (`_standing`), besides the latest update's own
RULE_FIELDS = ("id", "action_id", "as_at", "recorded_at", "status", "in_error", "corrects_id", "from_document")


def ratings_from_latest(actions, as_at, *, current=False):
    """{action id: Rating} of these actions (loaded: their due dates are read) as at `as_at` (a date, or {plan id:
    date}: each action as at its plan's, the actions loaded with their objective), the same as `rate` gives from
    their whole history, then each action's latest update in full, with its author's username. For pages that show
    each action's latest update, not its history (the plan page, the auditors' filter): a plan of a hundred outcomes
    has a thousand updates or more, and making each a ProgressUpdate cost more than the query that read it.

    What the rules read of the history besides the latest update (the day it became achieved, whether it was the
    only one, transcribed) is read from what is kept of it, where it applies, in the same query as the latest update:
    - as at a quarter end (one date), the quarter's snapshot rows where they were written (the cron job writes them
      for every plan running then: `manage.py snapshot_quarter`), what the board saw then;
    - `current`, for the others: their current states (ActionState), for each action whose state is dated on or
      before its date (today, a plan's last progress date: no update is ever dated in the future);
    - otherwise from the history read as the RULE_FIELDS of each update.
    Queries, whatever the number of actions: the snapshot rows (at a quarter end only), the states (`current` only,
    none when every action has a snapshot row), the history of the actions with neither (none when none is left),
    and the latest updates of those (none when none of them has one)."""
    actions = list(actions)
    days = _days_of(actions, as_at)
    # {action id: (latest update id, achieved on, first recorded)}, and the updates the kept rows name
    standing, updates = _standing_from_snapshots(actions, as_at)
    unread = [action.pk for action in actions if action.pk not in standing]
    if current and unread:
        more, named = _standing_from_states(unread, days)
        standing.update(more)
        updates.update(named)
        unread = [pk for pk in unread if pk not in standing]
    if unread:
        history = defaultdict(list)
        for row in (
            ProgressUpdate.objects.filter(action__in_ids=unread, as_at__lte=max(days[pk] for pk in unread))
            .order_by()
            .values_list(*RULE_FIELDS, named=True)
        ):
            history[row.action_id].append(row)
        for pk in unread:
            row, achieved_on, first_recorded = _standing(history.get(pk, ()), days[pk])
            standing[pk] = (None if row is None else row.id, achieved_on, first_recorded)
    latest = [update_id for update_id, _, _ in standing.values() if update_id is not None and update_id not in updates]
    if latest:
        updates.update((u.pk, u) for u in with_authors(ProgressUpdate.objects.filter(pk__in_ids=latest).order_by()))
    ratings, months = {}, _months(get_language())
    for action in actions:
        update_id, achieved_on, first_recorded = standing[action.pk]
        ratings[action.pk] = rating_of_latest(
            action.due_date,
            updates.get(update_id),
            days[action.pk],
            achieved_on=achieved_on,
            first_recorded=first_recorded,
            months=months,
        )
    return ratings


def _days_of(actions, as_at):
    """{action id: the date it is rated as at}: `as_at` (a date), or its plan's in {plan id: date} (None for a plan
    not in it; the actions loaded with their objective)."""
    if isinstance(as_at, dict):
        return {action.pk: as_at.get(action.objective.plan_id) for action in actions}
    return dict.fromkeys((action.pk for action in actions), as_at)


def _standing_from_snapshots(actions, as_at):
    """({action id: (its latest update's id or None, the day it became achieved, first recorded)}, {update id: that
    update, as `with_authors` makes it}) as the quarter snapshots kept them, for the actions that have a row of the
    quarter ending on `as_at`; ({}, {}) (and no query) for any other date. A snapshot row is what `_standing` gave
    then: rewritten while its quarter is open to a late update or a correction, and never after the quarter is signed
    off, when nothing dated in it may be recorded. The updates come in the same query (joined to the rows naming
    them): a query less than reading them by their ids, whose building alone cost Django a millisecond."""
    if not actions or isinstance(as_at, dict) or as_at != quarter_of(as_at).end:
        return {}, {}
    ids = [a.pk for a in actions]
    rows = QuarterSnapshot.objects.filter(quarter_end=as_at, action__in_ids=ids)
    # each row's update joined as one of these actions' updates (which it is), so that the database finds it among
    # theirs at worst, never among all: at 3 boards PostgreSQL hashed the whole updates table for a plan's 100 rows
    # (3.6 ms; 0.7 so), where at 30 and 300 it looks each up by its id either way
    return _standing_kept(rows, lambda row: True, ids=ids)


def _standing_from_states(action_ids, days):
    """The same as `_standing_from_snapshots`, from the actions' current states (ActionState), for each action
    whose state is dated on or before its day (`days`: {action id: date}). A state is its action's latest update
    on or before any day from its own date on, and keeps what the rules read of the history up to it."""
    rows = ActionState.objects.filter(action__in_ids=action_ids)
    return _standing_kept(rows, lambda row: row.as_at is None or row.as_at <= days[row.action_id], "as_at")


def _standing_kept(rows, applies, *columns, ids=None):
    """({action id: (latest update id, achieved on, first recorded)}, {update id: update}) of the kept rows (of
    QuarterSnapshot or ActionState) that `applies` to (each read with `columns` too, by name), their updates read
    in full with them, as `with_authors` makes them (`ids`: the rows' actions, to join each update as one of
    theirs)."""
    rows, path = (rows, "update__") if ids is None else kept_rows_updates(rows, ids)
    fields, username = _update_columns(path)
    standing, named = {}, []
    kept = ("action_id", "update_id", "achieved_on", "first_recorded", *columns)
    for row in rows.order_by().values_list(*kept, *fields, username):
        head = _Kept(*row[: len(kept)])
        if not applies(head):
            continue
        standing[head.action_id] = (head.update_id, head.achieved_on, head.first_recorded)
        if head.update_id is not None:
            named.append(row[len(kept) :])
    return standing, {update.pk: update for update in _updates_made(named, rows.db)}


def kept_rows_updates(rows, ids):
    """(`rows` of QuarterSnapshot or ActionState, the path to their updates' columns): each row's update joined as
    one of its actions' (`ids`: the rows' actions; a condition that always holds). Joined on the update's id alone,
    PostgreSQL hash-joined a hundred rows to the whole updates table when it is small (3.6 ms at 3 boards, where
    looking each up by id takes 0.7); at national scale it looks each up by id either way."""
    return rows.alias(latest=FilteredRelation("update", condition=Q(update__action__in_ids=ids))), "latest__"


class _Kept(NamedTuple):
    """What `_standing_kept` reads of a kept row besides its update."""

    action_id: int
    update_id: int | None
    achieved_on: date | None
    first_recorded: bool
    as_at: date | None = None


class Step(NamedTuple):
    """An update as `ratings_at` reads it: the columns a Rating's reason names (`named_update_columns`, in their
    order: `named_update` makes the update of the first nine), then the two the rules retract by. A tuple made
    from the row as the database returned it (`tuple.__new__`, no constructor run): a board dashboard reads
    thousands of them."""

    id: int
    action_id: int
    as_at: date
    status: str
    rag: str
    from_document: bool
    author_id: int | None
    author_name: str
    username: str | None
    in_error: bool
    corrects_id: int | None


def ratings_at(actions, days_of, colour_days_of):
    """({(action id, day): Rating} at each of `days_of(action)`, {(action id, day): colour} at each of
    `colour_days_of(action)`), as `rate` decides them (each action's `due_date` as given; an action is anything
    with a `pk` and a `due_date`). One read of the narrow columns of every update of these actions up to the latest
    day, with its author's name: one query whatever the number of actions and days (none when there are no days),
    and no update object built for the history. For a page that rates many actions at a few dates and counts their
    colours at many more (the board dashboard's trend). A Rating's update has the columns its reason names (its
    date, status, rating and author); the others are deferred (read if ever asked, as with `only()`)."""
    actions = list(actions)
    days = {action.pk: (sorted(days_of(action)), sorted(colour_days_of(action))) for action in actions}
    last = max((day for rated, counted in days.values() for day in (*rated, *counted)), default=None)
    if last is None:  # nothing to rate live (e.g. every day from quarter snapshots): no update read
        return {}, {}
    rows = ProgressUpdate.objects.filter(action__in=list(days), as_at__lte=last).order_by("action_id", *OLDEST_FIRST)
    history = defaultdict(list)
    for step in map(partial(tuple.__new__, Step), rows.values_list(*named_update_columns(), "in_error", "corrects_id")):
        history[step.action_id].append(step)
    found, colours = {}, {}
    for action in actions:
        steps = history.get(action.pk, ())
        if any(step.in_error for step in steps):  # as `rate`: an update recorded in error and the one it retracts
            retracted = {step.corrects_id for step in steps if step.in_error}
            steps = [step for step in steps if not step.in_error and step.id not in retracted]
        rated, counted = days[action.pk]
        due = action.due_date
        seen = 0  # the steps dated on or before the day: the days come oldest first, as the steps
        for day in counted:
            while seen < len(steps) and steps[seen].as_at <= day:
                seen += 1
            if seen:
                latest = steps[seen - 1]
                colours[action.pk, day] = colour_of_latest(due, latest.status, latest.rag, day)
            else:
                colours[action.pk, day] = colour_of_latest(due, None, None, day)
        for day in rated:
            found[action.pk, day] = (due, _steps_on_or_before(steps, day))
    updates, ratings, authors = {}, {}, {}
    months = _months(get_language())
    db = rows.db
    for (action_id, day), (due, upto) in found.items():
        latest = upto[-1] if upto else None
        if latest is not None and latest.id not in updates:
            updates[latest.id] = named_update(db, latest[: len(NAMED_UPDATE_COLUMNS) + 1], authors)
        ratings[action_id, day] = rating_of_latest(
            due,
            updates[latest.id] if latest else None,
            day,
            achieved_on=_became_achieved_on(upto) if latest and latest.status == Status.ACHIEVED else None,
            first_recorded=len(upto) == 1 and latest.from_document,
            months=months,
        )
    return ratings, colours


# what a Rating's reason names of its update (`_update_phrase`) and the rules decide by: the columns of a named update
NAMED_UPDATE_COLUMNS = ("id", "action_id", "as_at", "status", "rag", "from_document", "author_id", "author_name")


def named_update_columns(prefix=""):
    """The columns `named_update` makes an update of (NAMED_UPDATE_COLUMNS, then its author's username), reached
    through `prefix` (e.g. "update__" from a quarter snapshot row)."""
    user = ProgressUpdate._meta.get_field("author").related_model
    return (*(prefix + name for name in NAMED_UPDATE_COLUMNS), f"{prefix}author__{user.USERNAME_FIELD}")


def named_update(db, values, authors=None):
    """A ProgressUpdate read from `db` with only `values` loaded (of `named_update_columns`, in order) and its
    author with only the username (`loaded`): for pages that show a Rating's reason, not the update's text. The
    other columns are deferred (read if ever asked, as with `only()`). `authors`: {user id: author} of one read's
    updates, each author made once and shared (a board dashboard names hundreds of updates by a few people)."""
    *values, username = values
    update = loaded(ProgressUpdate, db, zip(NAMED_UPDATE_COLUMNS, values, strict=True))
    if update.author_id is not None:
        authors = {} if authors is None else authors
        if update.author_id not in authors:
            user = ProgressUpdate._meta.get_field("author").related_model
            authors[update.author_id] = loaded(
                user, db, ((user._meta.pk.attname, update.author_id), (user.USERNAME_FIELD, username))
            )
        update._state.fields_cache["author"] = authors[update.author_id]
    return update


def _steps_on_or_before(steps, day):
    """The steps (oldest first) dated on or before `day`."""
    n = len(steps)
    while n and steps[n - 1].as_at > day:
        n -= 1
    return steps[:n]


# the current state's (ActionState's) column copying each of NAMED_UPDATE_COLUMNS of its latest update: of the same
# name, but for the update's own id
STATE_COPY_OF = {name: name for name in NAMED_UPDATE_COLUMNS} | {"id": "update_id"}


def with_latest_update(actions):
    """A queryset of Action with, in the same query, what `ratings_from_latest_update` reads of each action's current
    state (ActionState): whether it has one, what it keeps of the history (`latest_achieved_on`,
    `latest_first_recorded`), and its copy of its latest update's NAMED_UPDATE_COLUMNS and the author's username, as
    `latest_<column>` annotations (None where it has no update)."""
    return actions.annotate(**{name: F(path) for name, path in latest_update_paths().items()})


def latest_update_paths(prefix=""):
    """{annotation: path} of what `with_latest_update` annotates an action with, from the action reached through
    `prefix` (e.g. "actions__" from an objective): `latest_state`, `latest_achieved_on` and `latest_first_recorded`
    (its current state's), then `latest_<column>` of NAMED_UPDATE_COLUMNS and `latest_username`, from the state's
    copy of its latest update (`STATE_COPY_OF`) and the author it names: no join to the updates."""
    state = f"{prefix}state__"
    user = ActionState._meta.get_field("author").related_model
    return {
        "latest_state": f"{state}pk",
        "latest_achieved_on": f"{state}achieved_on",
        "latest_first_recorded": f"{state}first_recorded",
        **{f"latest_{name}": state + STATE_COPY_OF[name] for name in NAMED_UPDATE_COLUMNS},
        "latest_username": f"{state}author__{user.USERNAME_FIELD}",
    }


def ratings_from_latest_update(actions, days):
    """{action id: Rating} of each action (from `with_latest_update`, its `due_date` loaded) as at its day (`days`:
    {action id: date}), as `rate` decides it. Where the action's current state is dated on or before the day (the
    day is today, or a plan's last progress date), its latest update is the state's, and what the rules read of the
    rest of its history (the day it became achieved, whether the update is its only one, transcribed) the state
    keeps: nothing more is read. Only the actions rated as at a day before their latest update have their histories
    read, by `ratings_at` (one query; none when there are none)."""
    actions = list(actions)
    months = _months(get_language())
    ratings, with_history = {}, []
    for action in actions:
        day = days[action.pk]
        if action.latest_state is None or (action.latest_id is not None and action.latest_as_at > day):
            with_history.append(action)
        elif action.latest_id is None:  # no update at all
            ratings[action.pk] = rating_of_latest(action.due_date, None, day, months=months)
        else:
            values = [getattr(action, f"latest_{name}") for name in NAMED_UPDATE_COLUMNS]
            update = named_update(action._state.db, [*values, action.latest_username])
            ratings[action.pk] = rating_of_latest(
                action.due_date,
                update,
                day,
                achieved_on=action.latest_achieved_on,
                first_recorded=action.latest_first_recorded,
                months=months,
            )
    if with_history:
        found, _ = ratings_at(with_history, lambda action: [days[action.pk]], lambda action: ())
        ratings.update({pk: rating for (pk, _), rating in found.items()})
    return ratings


def ratings_for(actions, as_at):
    """{action id: Rating} as at `as_at`, in a constant number of queries whatever the number of actions:
    a queryset costs two (the actions, then all their updates), a list of actions one (the updates)."""
    if isinstance(actions, QuerySet):
        scope, actions = actions, list(actions)
    else:
        actions = list(actions)
        scope = actions
    history = history_by_action(scope, as_at)
    return {action.pk: rate(action, history.get(action.pk, ()), as_at) for action in actions}


def latest_ratings(actions, as_at):
    """{action id: Rating} as at `as_at` (a date, or {plan id: date}: each action as at its plan's), the same as
    `rate` gives, for pages that show ratings without the history (the auditors' filter as at a date it chose, not
    a quarter end it has snapshot rows of: `ratings_from_latest` reads those, and the current states). One query
    whatever the number of actions: every update of the actions (the rules decide which count, `_standing`, each as
    at its own date), each made as `with_authors` makes them, not through the ORM's constructor. A page's fifty
    actions have a few hundred updates: reading them costs less than building the query that would pick each one's
    latest in SQL. `actions`: loaded with their objective when `as_at` is by plan."""
    actions = list(actions)
    if not actions:
        return {}
    fields, username = _update_columns()
    rows = ProgressUpdate.objects.filter(action__in_ids=[a.pk for a in actions]).order_by()
    updates = defaultdict(list)
    for update in _updates_made(rows.values_list(*fields, username), rows.db):
        updates[update.action_id].append(update)
    ratings, months, days = {}, _months(get_language()), _days_of(actions, as_at)
    for action in actions:
        day = days[action.pk]
        latest, achieved_on, first_recorded = (None, None, False) if day is None else _standing(updates[action.pk], day)
        ratings[action.pk] = rating_of_latest(
            action.due_date, latest, day, achieved_on=achieved_on, first_recorded=first_recorded, months=months
        )
    return ratings


# --------------------------------------------------------------------------------------------------
# Roll-ups
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RollUp:
    """How many actions are of each colour, and of each status, and the worst colour (see ROLL_UP_RULE)."""

    red: int = 0
    amber: int = 0
    green: int = 0
    blue: int = 0
    not_rated: int = 0
    total: int = 0
    worst: str | None = None
    overdue: int = 0
    completed_late: int = 0
    missing_update: int = 0
    # ((status or "" for no update, label, count), ...) for every status, in Status order, "No update" last
    statuses: tuple = ()

    rule = ROLL_UP_RULE

    def count(self, colour):
        return getattr(self, colour) if colour else self.not_rated

    @property
    def segments(self):
        """[(colour or None, letter, label, count)] in display order (Red, Amber, Green, Blue, not rated)."""
        return [(c, LETTERS[c], LABELS[c], self.count(c)) for c in COLOURS]

    @property
    def worst_letter(self):
        return LETTERS[self.worst]

    @property
    def worst_label(self):
        return LABELS[self.worst] if self.worst else "None rated"

    @property
    def worst_css_class(self):
        return f"rag-{self.worst or 'none'}"

    def status_count(self, status):
        return next((count for key, _, count in self.statuses if key == (status or "")), 0)


def roll_up(ratings):
    """A RollUp of Ratings (an iterable, or the values of `ratings_for`'s dict)."""
    ratings = list(ratings.values()) if isinstance(ratings, dict) else list(ratings)
    return _roll_up_of(
        *_by_colour(Counter(r.colour for r in ratings)),
        statuses=Counter(r.status or "" for r in ratings),
        overdue=sum(r.overdue for r in ratings),
        completed_late=sum(r.completed_late for r in ratings),
        missing_update=sum(r.missing_update for r in ratings),
    )


def roll_up_of_colours(colours):
    """A RollUp of colours alone ({colour: count}): no status, overdue or missing update counted; for a mix that
    shows only its colours (a plan's trend)."""
    return _roll_up_of(*_by_colour(Counter(colours)), overdue=0, completed_late=0, missing_update=0)


def _by_colour(colours):
    """The counts of a Counter of colours (None for not rated), in COLOURS order: `_roll_up_of`'s first five."""
    return [colours[colour] for colour in COLOURS]


def _roll_up_of(red, amber, green, blue, not_rated, *, overdue, completed_late, missing_update, statuses=None):
    """A RollUp of these counts: the colours' in COLOURS order, then the flags'; `statuses` {status, or "" for no
    update: count}, or None when they are not counted (the roll-up's statuses then empty). A page across 300 boards
    makes 300 of these from rows of counts: no Counter, no sort, no lookup by colour, for each."""
    return RollUp(
        red,
        amber,
        green,
        blue,
        not_rated,
        red + amber + green + blue + not_rated,
        # the worst colour counted, by RANK (Red, Amber, Green, Blue), as ROLL_UP_RULE says
        RAG.RED if red else RAG.AMBER if amber else RAG.GREEN if green else RAG.BLUE if blue else None,
        overdue,
        completed_late,
        missing_update,
        () if statuses is None else _status_counts(statuses),
    )


def _status_counts(statuses):
    """RollUp.statuses of {status, or "" for no update: count}: every status in Status order, "No update" last."""
    return (*((s.value, s.label, statuses.get(s.value, 0)) for s in Status), ("", NO_UPDATE_LABEL, statuses.get("", 0)))


# --------------------------------------------------------------------------------------------------
# The same rules in SQL
# --------------------------------------------------------------------------------------------------

OPEN_RATINGS = (RAG.RED, RAG.AMBER, RAG.GREEN)


def _dates(as_at, plan_field):
    """(as-at date, first day of its quarter) as SQL values. `as_at` is a date, or {plan id: date} to rate each
    plan's actions as at the plan's own date (a plan missing from it is rated as at no date: no update, never
    overdue)."""
    if not isinstance(as_at, dict):
        return Value(as_at, output_field=DateField()), Value(quarter_of(as_at).start, output_field=DateField())
    plans_on = defaultdict(list)
    for plan_id, day in as_at.items():
        plans_on[day].append(plan_id)
    if len(plans_on) == 1:  # one date for every plan: a constant
        return _dates(next(iter(plans_on)), plan_field)
    days = sorted(plans_on)

    def case(value_of):
        return Case(
            *(When(**{f"{plan_field}__in_ids": plans_on[day]}, then=Value(value_of(day))) for day in days),
            default=Value(None),
            output_field=DateField(),
        )

    return case(lambda day: day), case(lambda day: quarter_of(day).start)


RATING_FIELDS = {
    "rag_status": CharField(),
    "rag_given": CharField(),
    "rag_colour": CharField(),
    "rag_rank": IntegerField(),
    "rag_overdue": BooleanField(),
    "rag_completed_late": BooleanField(),
    "rag_no_update": BooleanField(),
    "rag_missing_update": BooleanField(),
}
ROLL_UP_FIELDS = ("rag_colour", "rag_status", "rag_overdue", "rag_completed_late", "rag_missing_update")


def _probe(field):
    """One field of the newest update on or before `rag_as_at` (an index probe), None with none."""
    return ProgressUpdate.objects.latest_on_or_before(OuterRef("rag_as_at"), field)


def _achieved_late():
    """Rule 3's 'completed late' of an action whose latest update on or before `rag_as_at` is Achieved, as a
    condition over its updates on or before that date: one index probe, the same whichever update is the latest.

    Take the latest update (by LATEST_FIRST) on or before `rag_as_at` that is either of another status than
    Achieved or dated on or before the due date: X. When X is Achieved, it is dated on or before the due date and
    no update of another status comes after it, so it is in the last run of Achieved updates and the action became
    achieved on or before its due date: on time. When X is of another status, every Achieved update dated on or
    before the due date comes before it, so the run began after the due date: late; and with no X, every update
    is Achieved and dated after the due date: late. Rated as at its due date or before, X is the latest update
    itself: on time, as in `rate`. The caller checks the due date is before the latest update (`_rules`)."""
    x = ProgressUpdate.objects.filter(
        ~Q(status=Status.ACHIEVED) | Q(as_at__lte=OuterRef("rag_due_date"))
    ).latest_on_or_before(OuterRef("rag_as_at"), "status")
    return ~_equal(Coalesce(x, Value("")), Status.ACHIEVED)


def _rules(status, given, latest_as_at, wanted):
    """Rules 2 to 7 as SQL expressions of the latest update's status, rating and date (None: no update): only the
    `wanted` fields, each built only when asked (building and compiling them is most of a page's time, not running
    them). Each field names the latest update's columns as few times as it can: on a date before today each is a
    subquery (aliased by `annotate_ratings`: resolved once, compiled once per copy)."""

    def past_due():
        return Q(rag_due_date__lt=F("rag_as_at"))  # no due date: never overdue (NULL is not less)

    def is_open():
        return ~_in(Coalesce(status, Value(""), output_field=CharField()), CLOSED)  # no update (NULL): open

    def no_update():
        return _is_null(latest_as_at) | _less(latest_as_at, F("rag_quarter_start"))

    def colour_cases():
        """Rules 2 to 6 in order, the first that holds decides: (condition, colour), colour None: not rated, or
        `given`: the rating the update gave. rag_colour and rag_rank are both built from this list."""
        return (
            (_equal(status, Status.ACHIEVED), RAG.BLUE),  # rule 3: achieved is Blue
            (_equal(status, Status.SUPERSEDED), None),  # rule 2: closed, not rated
            (past_due(), RAG.RED),  # rule 4: overdue, with or without an update
            (_in(given, OPEN_RATINGS), given),  # rule 5 (Blue on an open status: not rated)
        )  # otherwise not rated: rules 5 and 6, no rating given, or no update

    def colour():
        return Case(
            *(When(condition, then=given if c is given else Value(c)) for condition, c in colour_cases()),
            default=Value(None),
            output_field=CharField(),
        )

    def rank():
        """RANK of the colour, not rated last: from the same cases as the colour, the rating given spelt out
        colour by colour (not a copy of the colour's expression in each branch, compiled once a branch)."""
        whens = []
        for condition, c in colour_cases():
            if c is given:
                whens += [When(_equal(given, rated), then=Value(RANK[rated])) for rated in OPEN_RATINGS]
            else:
                whens.append(When(condition, then=Value(sort_rank(c))))
        return Case(*whens, default=Value(NOT_RATED_RANK), output_field=IntegerField())

    build = {
        "rag_status": lambda: status,
        "rag_given": lambda: given,
        "rag_colour": colour,
        "rag_rank": rank,
        "rag_overdue": lambda: _flag(past_due() & is_open()),
        # achieved, its latest update dated after its due date (else it was achieved by then; no due date: never
        # late, NULL is not less), and only then probed
        "rag_completed_late": lambda: _flag(
            _equal(status, Status.ACHIEVED) & _less(F("rag_due_date"), latest_as_at) & _achieved_late()
        ),
        "rag_no_update": lambda: _flag(no_update()),
        "rag_missing_update": lambda: _flag(no_update() & is_open()),
    }
    return {name: build[name]() for name in wanted}


class _CompiledOnce(Expression):
    """`expression`, resolved once and compiled once per compiler however often the query names it: the latest
    update's columns as at a past date (a CASE around a subquery) are named by several rules, each the same SQL.
    Django's lookups resolve their left-hand side again as they compile (`Lookup.process_lhs`), which would copy and
    resolve the subquery again at each; a resolved one is returned as it is."""

    def __init__(self, expression, output_field):
        super().__init__(output_field=output_field)
        self.expression = expression
        self._resolved = False
        self._compiled = None  # (a weak reference to the compiler, sql, params)

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        if self._resolved:
            return self
        resolved = super().resolve_expression(query, allow_joins, reuse, summarize, for_save)
        resolved._resolved = True
        return resolved

    def get_source_expressions(self):
        return [self.expression]

    def set_source_expressions(self, expressions):
        (self.expression,) = expressions

    def copy(self):
        copy = super().copy()
        copy._compiled = None  # a copy is resolved or relabelled anew: nothing compiled carries over
        return copy

    def as_sql(self, compiler, connection):
        if self._compiled is None or self._compiled[0]() is not compiler:
            sql, params = compiler.compile(self.expression)
            self._compiled = (weakref.ref(compiler), sql, tuple(params))
        return self._compiled[1], self._compiled[2]


def _is_null(expression):
    return Q(IsNull(expression, True))


def _equal(expression, value):
    return Q(Exact(expression, Value(value)))


def _in(expression, values):
    return Q(In(expression, list(values)))


def _less(expression, other):
    return Q(LessThan(expression, other))


def _flag(condition):
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def annotate_ratings(actions, as_at, fields=None, *, due_dates_then=False):
    """The actions with their rating as at `as_at` (a date, or {plan id: date}) as annotations the database can
    filter, count and sort by, following the rules of `rate`. `actions` is a queryset of Action, or of
    ActionState (one row per action, no join: what the dashboard across boards counts). Annotations:

    - rag_status: the latest update's status (None: no update), rag_given: the rating it gave ('' none);
    - rag_colour: 'red', 'amber', 'green', 'blue' or None (not rated); rag_rank: RANK of it, not rated last;
    - rag_overdue, rag_completed_late (achieved after its due date: `_achieved_late`, probing the updates),
      rag_no_update (no update this quarter), rag_missing_update (that, on an open action).

    Rule 1 (which update): as at today or a later date, the rules over the action's current state (its latest
    update), with no branch and no probe (`on_or_after_every_update`: no update is dated in the future). As at an
    earlier date, each expression branches once, on whether the current state is dated on or before the date (or
    it has no update at all), to the rules over the state's own columns, else to the rules over the newest update
    on or before the date, probed. The reasons in words come from `rate` on the rows
    shown. `fields`: only these annotations (building them costs milliseconds). `due_dates_then`: each action's
    due date as it stood on `as_at` (a date), read back from its history where it was edited since
    (actions.structure.due_date_then: index probes per action, only for a date before today); else today's."""
    state = "" if actions.model is ActionState else "state__"
    day, quarter_start = _dates(as_at, "action__objective__plan" if state == "" else "objective__plan")
    wanted = list(fields or RATING_FIELDS)
    due = F("due_date")
    if due_dates_then and not isinstance(as_at, dict):
        due = due_date_then(as_at, "action_id" if state == "" else "pk")
    actions = actions.alias(rag_due_date=due).annotate(rag_as_at=day, rag_quarter_start=quarter_start)
    if on_or_after_every_update(as_at):
        return actions.annotate(**_rules(F(f"{state}status"), F(f"{state}rag"), F(f"{state}as_at"), wanted))
    # the latest update's status, rating and date as at the date, each resolved once (the rules name them several
    # times): the current state's where it is dated on or before the date (or there is no update), else probed
    current = Q(**{f"{state}as_at__isnull": True}) | Q(**{f"{state}as_at__lte": F("rag_as_at")})
    latest = {
        f"rag_latest_{column}": _CompiledOnce(
            Case(When(current, then=F(f"{state}{column}")), default=_probe(column), output_field=kind), kind
        )
        for column, kind in (("status", CharField()), ("rag", CharField()), ("as_at", DateField()))
    }
    rules = _rules(F("rag_latest_status"), F("rag_latest_rag"), F("rag_latest_as_at"), wanted)
    return actions.alias(**latest).annotate(**rules)


def on_or_after_every_update(as_at):
    """Whether `as_at` (a date, or {plan id: date}) is on or after the date of every progress update there is, so
    that each action's current state (its latest update) is its latest on or before it, and the rules need not
    probe the updates: true of today or a later date, because no update is ever dated after the day it is
    recorded. Every door refuses a future as-at date: `ProgressUpdate.save` and the forms and the import through
    it, `ProgressUpdateQuerySet.record` and `bulk_create` (demo.scale's synthetic data on SQLite), and
    demo.scale's COPY on PostgreSQL. A {plan id: date} counts only when every plan has the same date (`_dates`
    then rates the actions of plans missing from it as at that date too, not as at no date)."""
    days = set(as_at.values()) if isinstance(as_at, dict) else {as_at}
    return len(days) == 1 and None not in days and min(days) >= timezone.localdate()


class _Counted(Count):
    """COUNT(), read as the database returns it (an int, on PostgreSQL and SQLite alike), not passed through Django's
    int() once a row: a roll-up of 300 boards counts seven things each."""

    def get_db_converters(self, connection):
        return []


def roll_ups(actions, key, as_at, *, statuses=True, completed_late=True, due_dates_then=False):
    """{value of `key`: RollUp} of the actions (a queryset of Action or ActionState) grouped by `key` (e.g.
    "board" of ActionState), as at `as_at`, counted by the database, not in Python. The same numbers as `roll_up`
    of their Ratings, except what a page that does not show it may leave out: with statuses=False the counts by
    status (then empty: the database groups fewer rows), with completed_late=False the count of actions completed
    late (then None, not counted here: it probes the updates of each achieved action whose latest update is dated
    after its due date, which at national scale, 90,000 actions, about trebles the time of the count as at
    today). `due_dates_then`: see `annotate_ratings`."""
    fields = tuple(
        f for f in ROLL_UP_FIELDS if (statuses or f != "rag_status") and (completed_late or f != "rag_completed_late")
    )
    rows = (
        annotate_ratings(actions, as_at, fields, due_dates_then=due_dates_then)
        .order_by()
        .values_list(key, *fields)
        .annotate(actions=_Counted("pk"))
    )
    counts = defaultdict(lambda: _empty_counts(completed_late))
    for value, *annotations, n in rows:
        row = dict(zip(fields, annotations, strict=True))
        group = counts[value]
        group["colours"][row["rag_colour"]] += n
        if statuses:
            group["statuses"][row["rag_status"] or ""] += n
        if row["rag_overdue"]:
            group["overdue"] += n
        if row.get("rag_completed_late"):
            group["completed_late"] += n
        if row["rag_missing_update"]:
            group["missing_update"] += n
    return {
        value: _roll_up_of(
            *_by_colour(group["colours"]),
            statuses=group["statuses"] if statuses else None,
            overdue=group["overdue"],
            completed_late=group["completed_late"],
            missing_update=group["missing_update"],
        )
        for value, group in counts.items()
    }


def _empty_counts(completed_late):
    """A group's counts before its first row: what `roll_ups` adds up into."""
    return {
        "colours": Counter(),
        "statuses": Counter(),
        "overdue": 0,
        "completed_late": 0 if completed_late else None,
        "missing_update": 0,
    }


def sum_roll_ups(roll_ups):
    """One RollUp counting the actions of all these (of the same kind: with or without statuses, completed late
    counted or None)."""
    roll_ups = list(roll_ups)
    if len(roll_ups) == 1:
        return roll_ups[0]
    # colour by colour, not roll-up by roll-up: the dashboard across boards sums 300 of them
    colours = [sum(map(attrgetter(colour or "not_rated"), roll_ups)) for colour in COLOURS]
    statuses = None  # counted only where every roll-up counts them
    if all(r.statuses for r in roll_ups):
        statuses = Counter()
        for r in roll_ups:
            for key, _, count in r.statuses:
                if count:
                    statuses[key] += count
    late = [r.completed_late for r in roll_ups]
    return _roll_up_of(
        *colours,
        statuses=statuses,
        overdue=sum(map(attrgetter("overdue"), roll_ups)),
        completed_late=None if None in late else sum(late),
        missing_update=sum(map(attrgetter("missing_update"), roll_ups)),
    )


STATUS_KEYS = (*Status.values, "")  # a status, or none (no update)


def snapshot_roll_ups(snapshots, key, *, statuses=True, completed_late=True):
    """{value of `key`: RollUp} of quarter snapshot rows (a queryset of QuarterSnapshot), grouped by `key` (e.g.
    "board"; or ("plan", "quarter_end"), then keyed by tuples), counted by the database: the colours, overdue,
    missing update and completed late the rows keep, as `roll_ups` counts them live (the same options). One row a
    group, each number a count of the rows with that colour, status or flag: grouped by every combination of them
    instead, 300 boards were 2,800 rows to sum in Python, and the count itself took half as long again."""
    # the colours' counts first, in COLOURS order: each row's `colours` slice below
    counted = {f"n_{colour or 'none'}": _Counted("pk", filter=Q(rag=colour or "")) for colour in COLOURS}
    counted.update(
        n_overdue=_Counted("pk", filter=Q(overdue=True)), n_missing=_Counted("pk", filter=Q(missing_update=True))
    )
    if statuses:
        counted.update({f"s_{status or 'none'}": _Counted("pk", filter=Q(status=status)) for status in STATUS_KEYS})
    if completed_late:
        counted["n_late"] = _Counted("pk", filter=Q(completed_late=True))
    keys = (key,) if isinstance(key, str) else tuple(key)
    width = len(keys)
    at = {name: place for place, name in enumerate(counted, start=width)}  # each count's place in a row
    colours = slice(width, width + len(COLOURS))  # the colours' counts, side by side in COLOURS order
    statuses_at = [(status, at[f"s_{status or 'none'}"]) for status in STATUS_KEYS] if statuses else None
    overdue_at, missing_at, late_at = at["n_overdue"], at["n_missing"], at.get("n_late")
    roll_ups = {}
    for row in snapshots.order_by().values_list(*keys).annotate(**counted):
        roll_ups[row[0] if width == 1 else row[:width]] = _roll_up_of(
            *row[colours],
            statuses=None if statuses_at is None else {status: row[place] for status, place in statuses_at},
            overdue=row[overdue_at],
            completed_late=None if late_at is None else row[late_at],
            missing_update=row[missing_at],
        )
    return roll_ups


# --------------------------------------------------------------------------------------------------
# Direction of travel
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Direction:
    """Which way an action moved: an arrow always shown with its words (never the arrow alone)."""

    key: str
    arrow: str
    label: str

    def __str__(self):
        return f"{self.arrow} {self.label}"


IMPROVED = Direction("improved", "↑", "Improved")
SAME = Direction("same", "→", "Same")
WORSE = Direction("worse", "↓", "Worse")
NEW = Direction("new", "+", "New")
UNRATED = Direction("unrated", "○", "No rating now")
FIRST_RECORDED = Direction("first", "·", "First recorded")


def direction_of_travel(before, now):
    """Compare two Ratings of one action (before: at the previous quarter end), see DIRECTION_RULE:
    both rated -> Improved / Same / Worse by Red < Amber < Green < Blue; neither rated -> Same;
    not rated before, rated now -> New; rated before, not rated now -> No rating now. An action whose first and
    only update was transcribed from a document, with none before: First recorded (a baseline, not a change)."""
    if now.first_recorded and before.update is None:
        return FIRST_RECORDED
    if before.rank is None:
        return SAME if now.rank is None else NEW
    if now.rank is None:
        return UNRATED
    if now.rank > before.rank:
        return IMPROVED
    if now.rank < before.rank:
        return WORSE
    return SAME
