"""Actions (what a plan calls its outcomes or methods) and the progress recorded on them."""

import operator
import posixpath
from collections import Counter
from datetime import date
from functools import reduce

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import connections, models, router, transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from simple_history.models import HistoricalRecords

from boards.models import Board, Subgroup
from lscb.dates import in_range_q, validate_in_range
from lscb.saving import SavedWithReceivers
from plans.models import Objective

from .evidence import evidence_storage
from .quarters import quarter_of


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ONGOING = "ongoing", "Ongoing"
    ACHIEVED = "achieved", "Achieved"
    NOT_ACHIEVED = "not_achieved", "Not achieved"
    SUPERSEDED = "superseded", "Superseded"


class RAG(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue"


# "Latest" is by as-at date, then by when it was recorded (a correction recorded later for the same date
# wins), then by id. The one ordering every reader of progress uses (actions.rag sorts by `recency`).
LATEST_FIRST = ("-as_at", "-recorded_at", "-id")
OLDEST_FIRST = ("as_at", "recorded_at", "id")


def recency(update):
    """Sort key of an update in the LATEST_FIRST / OLDEST_FIRST order."""
    return (update.as_at, update.recorded_at, update.id)


class ActionQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Created in bulk, actions get their ActionState in the same transaction (as one saved does)."""
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            ActionState.objects.db_manager(self.db).refresh([action.pk for action in created])
        return created

    def for_boards(self, boards):
        return self.filter(objective__plan__board__in=boards)

    def in_document_order(self):
        return self.order_by("objective__plan", "objective__order", "objective_id", "order", "id")


class Action(SavedWithReceivers, models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actions")
    number = models.CharField(max_length=20, help_text="As written, e.g. '9.2' (a plan may repeat a number).")
    order = models.PositiveIntegerField(default=0)
    text = models.TextField(help_text="The outcome as written.")
    heading = models.CharField(
        max_length=300,
        blank=True,
        help_text="The heading it sits under within its objective, as written (a slide's title in Leeds' "
        "presentation); printed once above the first outcome under it.",
    )
    method = models.TextField(blank=True, help_text="How it will be done, as written (LLR's Method column).")
    lead = models.TextField(blank=True, help_text="The lead as written, e.g. 'Chair Training Group'.")
    lead_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_actions",
        help_text="The person who records progress on this action.",
    )
    subgroup = models.ForeignKey(
        Subgroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        help_text="The subgroup the work reports to.",
    )
    timescale = models.CharField(max_length=200, blank=True, help_text="As written, e.g. 'Sept 2010', 'Annually'.")
    due_date = models.DateField(
        null=True, blank=True, validators=[validate_in_range], help_text="Where one can be read from the timescale."
    )
    resources = models.TextField(blank=True, help_text="As written, e.g. 'Costs £40,000: ...'.")
    timescale_resources = models.TextField(
        "Timescale & Resources cell as written",
        blank=True,
        editable=False,
        help_text="A document's one Timescale & Resources cell, in its own order (LLR writes resources first in "
        "some rows); printed instead of the time scale then the resources. Cleared when either is edited.",
    )
    budget = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        editable=False,
        help_text="The outcome of an earlier plan this one was carried forward from (plan rollover); its history "
        "stays there.",
    )
    # "Impact evidenced": after an action is achieved, its impact is checked again at a follow-up review
    impact_evidenced_on = models.DateField(null=True, blank=True, validators=[validate_in_range])
    impact_evidence = models.TextField(blank=True)
    follow_up_review_on = models.DateField(null=True, blank=True, validators=[validate_in_range])
    # effective dating (actions.structure): a plan as at a date shows the outcomes that had joined it by then
    joined_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="When it joined the plan; empty: part of the plan as its document wrote it (from the start).",
    )
    # set by withdrawing it (actions.withdrawal); editable so the timeline's diff of its history lists them
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_reason = models.TextField("why withdrawn", blank=True)
    # optimistic locking: every edit must name the version it started from (see plans.editing)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["objective", "order", "id"]
        indexes = [
            # the plan page lists an objective's actions in document order
            models.Index(fields=["objective", "order"], name="action_objective_order_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=in_range_q("due_date", nullable=True)
                & in_range_q("impact_evidenced_on", nullable=True)
                & in_range_q("follow_up_review_on", nullable=True),
                name="action_dates_within_1990_2100",
                violation_error_message="An action's dates lie between 1990 and 2100.",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.text[:60]}"

    @property
    def board(self):
        return self.objective.plan.board


class Funding(models.Model):
    """Who pays for an action: LLR's '£35,000 from Leicester City Council and £5,000 from the Police'."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="funding")
    funder = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "id"]

    def __str__(self):
        return f"£{self.amount:,.0f} from {self.funder}"


class ImmutableQuerySet(models.QuerySet):
    """Progress updates are a record: no bulk update or delete. Recorded in bulk, none as at a future date, they
    refresh their actions' current state (`ActionState`) and quarter snapshots (`actions.snapshots`) in the same
    transaction, as one recorded through `save` does."""

    def bulk_create(self, objs, *args, **kwargs):
        objs, today = list(objs), timezone.localdate()
        for update in objs:  # as `save` (actions.rag's SQL rates as at today from the current state alone)
            update.refuse_a_future_date(today)
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            ActionState.objects.db_manager(self.db).refresh({update.action_id for update in created})
            if created:  # and the snapshots of ended quarters not signed off that they change
                from .snapshots import rewrite_after  # it rates by actions.rag, which reads this module

                rewrite_after({u.action_id for u in created}, min(u.as_at for u in created))
        return created

    def record(self, updates):
        """Record these new updates at once (a sheet's rows), by the rules `ProgressUpdate.save` keeps for one:
        none as at a future date, none dated in a signed-off quarter unless a late amendment (checked after the
        insert, in its transaction, as `save` does); one INSERT, then their actions' current state (`bulk_create`).
        """
        updates = list(updates)
        with transaction.atomic(using=self.db, savepoint=False):
            created = self.bulk_create(updates)
            if quarter := signed_off_among([u for u in created if not u.amended_after_signoff], using=self.db):
                raise ValidationError(ProgressUpdate.signed_off_refusal(quarter))
        return created

    def rated(self):
        """The updates the RAG rules read: not a retraction, and not retracted as recorded in error."""
        return self.exclude(in_error=True).exclude(corrections__in_error=True)

    def latest_on_or_before(self, as_at, field="pk"):
        """For a query of actions: `field` of each action's latest update (LATEST_FIRST) among these, dated on or
        before `as_at` (a date, or an expression such as OuterRef("rag_as_at"); None: whatever its date). A
        subquery; None where there is no such update."""
        updates = self.rated().filter(action=models.OuterRef("pk"))
        if as_at is not None:
            updates = updates.filter(as_at__lte=as_at)
        return models.Subquery(updates.order_by(*LATEST_FIRST).values(field)[:1])

    def update(self, **kwargs):
        raise ValidationError("Progress updates are never changed; record a correction instead.")

    def delete(self):
        raise ValidationError("Progress updates are never deleted; record a correction instead.")


class EvidenceFile(models.Model):
    """An uploaded evidence file, kept in the database so that every web server reaches it and the backup
    includes it. Written and read through actions.evidence.DatabaseStorage (ProgressUpdate.evidence_file)."""

    name = models.CharField(max_length=255, unique=True, help_text="The name ProgressUpdate.evidence_file holds.")
    content = models.BinaryField()
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProgressUpdate(models.Model):
    """A dated entry on an action. Never edited or deleted: a correction is a new entry naming the one it corrects."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    as_at = models.DateField(
        "as at", validators=[validate_in_range], help_text="The date the progress is reported as at."
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    rag = models.CharField(
        "RAG", max_length=5, choices=RAG.choices, blank=True, help_text="Empty where the source gives no rating."
    )
    narrative = models.TextField(blank=True)
    corrective_action = models.TextField(
        blank=True,
        help_text="What is being done to bring a Red or Amber action back on track (the forms require it then; an "
        "import may leave it empty). The exception report prints it.",
    )
    evidence = models.TextField(blank=True, help_text="What shows the progress, in words.")
    evidence_url = models.URLField("evidence link", max_length=500, blank=True)
    evidence_file = models.FileField(
        upload_to="evidence/%Y/%m/",
        storage=evidence_storage,  # the database (actions.EvidenceFile), served only by actions:evidence
        blank=True,
        validators=[FileExtensionValidator(["pdf", "docx", "xlsx", "odt", "ods", "png", "jpg", "jpeg", "txt", "csv"])],
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="progress_updates"
    )
    author_name = models.CharField(max_length=200, blank=True, help_text="Where there is no account, e.g. a document.")
    from_document = models.BooleanField(
        default=False,
        editable=False,
        help_text="Transcribed from a document's progress column: what stood when the plan was taken on, "
        "not news of the quarter it is dated in (reports show an action's first such update as first recorded).",
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    corrects = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections")
    # a correction dated otherwise than the update it corrects says why (actions.forms.ProgressUpdateForm)
    date_reason = models.TextField("why dated otherwise", blank=True)
    # a manager's retraction of the update it `corrects`: that update was recorded in error. Both stay on the
    # timeline; neither is rated (`ImmutableQuerySet.rated`, actions.rag.rate)
    in_error = models.BooleanField("recorded in error", default=False, editable=False)
    # the one-time token of the form it came from (actions.forms.ProgressUpdateForm): a form sent twice (a double
    # click, a resubmitted sheet) stores its update once
    submission = models.UUIDField(null=True, blank=True, editable=False)
    # dated in a quarter already signed off: recorded only by a manager who gave a reason (`late_reason`); shown
    # on the next quarter's report as amended after sign-off, never in the frozen one
    amended_after_signoff = models.BooleanField(default=False, editable=False)
    late_reason = models.TextField(
        "reason",
        blank=True,
        editable=False,
        help_text="Why it was recorded after its quarter was signed off.",
    )
    # as at a date after the plan's period ended: recorded only with a reason (actions.forms.ProgressUpdateForm)
    after_end_reason = models.TextField(
        "why recorded after the plan ended",
        blank=True,
        editable=False,
        help_text="Why progress is recorded as at a date after the plan's period ended.",
    )

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["action", "as_at", "recorded_at", "id"]
        indexes = [
            # "the latest update of each action on or before a date", in the order every reader uses
            # (LATEST_FIRST): the one-row probe of actions.rag's SQL form for a date before
            # an action's current state, ActionState.objects.refresh, and the history reads of actions.rag
            models.Index(fields=["action", "-as_at", "-recorded_at", "-id"], name="update_action_latest_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "submission"],
                name="update_submitted_once",
                violation_error_message="This form was already sent: its progress is recorded once.",
            ),
            models.CheckConstraint(
                condition=in_range_q("as_at"),
                name="update_as_at_within_1990_2100",
                violation_error_message="Progress is reported as at a date between 1990 and 2100.",
            ),
        ]

    def __str__(self):
        return f"{self.action.number} as at {self.as_at}: {self.get_status_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError("Progress updates are never changed; record a correction instead.")
        self.refuse_a_future_date()
        # one transaction with what post_save does (actions.signals refreshes the action's current state)
        using = kwargs.get("using") or router.db_for_write(ProgressUpdate, instance=self)
        with transaction.atomic(using=using, savepoint=False):
            super().save(*args, **kwargs)
            # every door: the forms say so first. Checked after the insert, in its transaction (undone if refused):
            # a read before the first write would make SQLite refuse concurrent writers outright
            if not self.amended_after_signoff and self.in_signed_off_quarter():
                raise ValidationError(self.signed_off_refusal(quarter_of(self.as_at)))

    def refuse_a_future_date(self, today=None):
        """No update is dated after the day it is recorded (`today`: the local date, given once for many), at
        every door: actions.rag's SQL rates as at today from each action's current state alone, unprobed."""
        self.as_at = self._meta.get_field("as_at").to_python(self.as_at)  # a date, also when given as text
        if self.as_at > (today or timezone.localdate()):  # the forms say so first, the import refuses it too
            raise ValidationError("Progress cannot be reported as at a future date.")

    @staticmethod
    def signed_off_refusal(quarter):
        return (
            f"{quarter.label} has been signed off: progress dated in it cannot be recorded now. "
            "Date it in the current quarter, or ask the board manager to record it as a late amendment."
        )

    def delete(self, *args, **kwargs):
        raise ValidationError("Progress updates are never deleted; record a correction instead.")

    def validate_constraints(self, exclude=None):
        """The as-at date's range is its field's validator's (validate_in_range, which full_clean runs first and
        which excludes the field from these checks when it fails): not asked of the database again. A form leaves
        out the action too, and then no constraint is left to check (each names the action or the as-at date):
        none is prepared, on each of a sheet's hundred rows, to be skipped."""
        exclude = {*(exclude or ()), "as_at"}
        if "action" not in exclude:
            super().validate_constraints(exclude=exclude)

    def in_signed_off_quarter(self):
        """Whether the quarter this update is dated in has been signed off for its action's plan (one query)."""
        return signed_off_among([self]) is not None

    @property
    def recorded_late(self):
        """Recorded after the quarter it reports on had ended."""
        return timezone.localdate(self.recorded_at) > quarter_of(self.as_at).end

    @property
    def evidence_file_name(self):
        """The file's own name, without the folders it is kept under."""
        return posixpath.basename(self.evidence_file.name) if self.evidence_file else ""

    @property
    def author_label(self):
        return self.author.get_username() if self.author else (self.author_name or "unknown")


def signed_off_among(updates, using=None):
    """The first signed-off quarter any of these updates is dated in, for its action's plan, or None (one query)."""
    actions_by_end = {}
    for update in updates:
        actions_by_end.setdefault(quarter_of(update.as_at).end, set()).add(update.action_id)
    if not actions_by_end:
        return None
    dated_in = reduce(
        operator.or_,
        (Q(quarter_end=end, plan__objectives__actions__in=ids) for end, ids in sorted(actions_by_end.items())),
    )
    signed_off = QuarterSignoff.objects.db_manager(using).signed_off().filter(dated_in)
    end = signed_off.order_by("quarter_end").values_list("quarter_end", flat=True).first()
    return None if end is None else quarter_of(end)


# what an action's current state (ActionState) copies of its latest update, each column under its own name: set by
# `ActionStateManager.recorded` and `refresh`, read by `standing_of` for them
STATE_COPIES = ("as_at", "recorded_at", "status", "rag", "from_document", "author_id", "author_name")


def standing_of(action_ids, db):
    """{action id: (its latest update that counts, the day it became achieved, whether that is its only update
    counting, transcribed from a document)} of these actions that have one, as actions.rag's `_standing` decides from
    their whole histories, read in one query as the columns the rules and ActionState read (RULE_FIELDS and
    STATE_COPIES), not as ProgressUpdates."""
    from .rag import RULE_FIELDS, _standing  # the rules, which read this module

    history = {}
    for row in (
        ProgressUpdate.objects.using(db)
        .filter(action__in=list(action_ids))
        .order_by()
        .values_list(*dict.fromkeys((*RULE_FIELDS, *STATE_COPIES)), named=True)
    ):
        history.setdefault(row.action_id, []).append(row)
    return {pk: _standing(updates, date.max) for pk, updates in history.items()}


class ActionStateManager(models.Manager):
    def recorded(self, update):
        """After `update` was recorded: it becomes its action's state if it is the newest (by as-at date, then
        recorded time, then id). One conditional UPDATE: the database re-checks the condition on the row it
        locks, so of two updates recorded at once the newer is left, whichever commits last. Where it makes the
        action achieved or no longer achieved, the first (the action staying on the same side) changes nothing, a
        second changes the row, and a third its objective's count (ObjectiveCount). The newest keeps what the rules
        read of the history (`achieved_on`, `first_recorded`) from the row it replaces, in the same UPDATE.

        An update that is not the newest (a late one for a past quarter, a correction dated back) leaves the latest
        as it was, but not the history: the action has two updates now (not first recorded), and where it is
        achieved, the day it became so may move. Both UPDATEs change no row, then a third clears `first_recorded`
        of an action not achieved (the day it became achieved stays None): as many queries as before it was kept.
        An achieved one (rare: a late update of an action achieved since), or one with no row yet: a refresh."""
        newer = (
            Q(as_at__isnull=True)
            | Q(as_at__lt=update.as_at)
            | Q(as_at=update.as_at, recorded_at__lt=update.recorded_at)
            | Q(as_at=update.as_at, recorded_at=update.recorded_at, update_id__lt=update.pk)
        )
        mine = self.filter(action_id=update.action_id).filter(newer)
        # its only update counting, where the row had none (an UPDATE's right-hand side reads the row as it was)
        only = Case(When(as_at__isnull=True, then=Value(True)), default=Value(False)) if update.from_document else False
        fields = {"update": update, **{name: getattr(update, name) for name in STATE_COPIES}, "first_recorded": only}
        # its objective's count of achieved actions (ObjectiveCount) changes only where the update makes the action
        # achieved or no longer achieved: as good as always one UPDATE, the action staying on the same side. Achieved
        # after achieved: it became achieved when it was already (`achieved_on` stays); else on this update's day
        achieved = Q(status=Status.ACHIEVED)
        now_achieved = update.status == Status.ACHIEVED
        if mine.filter(achieved if now_achieved else ~achieved).update(
            **fields, **({} if now_achieved else {"achieved_on": None})
        ):
            return
        became = {"achieved_on": update.as_at if now_achieved else None}
        if mine.filter(~achieved if now_achieved else achieved).update(**fields, **became):
            ObjectiveCount.objects.db_manager(self.db).achieved(update.action_id, 1 if now_achieved else -1)
        elif not self.filter(action_id=update.action_id).exclude(achieved).update(first_recorded=False):
            # achieved (the day it became so may move), or no row yet: a refresh, which locks the action before it
            # reads the updates (two late updates committing at once cannot leave the day of the first)
            self.refresh([update.action_id])

    def saved(self, action):
        """After `action` was saved: its board, objective and due date. One UPDATE; a new action's row: a refresh."""
        board = models.Subquery(Objective.objects.filter(pk=action.objective_id).values("plan__board")[:1])
        # under the same objective (as good as always): one UPDATE; moved to another objective or board (or no row
        # yet), a refresh, which moves the action in the boards' and objectives' counts (ActionCount,
        # ObjectiveCount) too
        if not self.filter(action_id=action.pk, board=board, objective=action.objective_id).update(
            due_date=action.due_date, joined_on=action.joined_on
        ):
            self.refresh([action.pk])

    def refresh(self, action_ids):
        """Recompute the state of these actions from scratch: their board and due date, and their latest update
        by as-at date, then recorded time, then id (also after a late update for a past quarter or a correction:
        the latest is whichever it is), and what the rules read of their histories (`standing_of`, which reads their
        updates in place of the latest's). Five queries for any number of actions; call it inside the transaction
        that wrote the actions or updates (the bulk_create of Action and ProgressUpdate do)."""
        ids = sorted({pk for pk in action_ids if pk is not None})
        if not ids:
            return
        db = self.db
        with transaction.atomic(using=db, savepoint=False):
            # one recompute at a time per action (NO KEY UPDATE: recording an update takes only KEY SHARE on its
            # action, so the two never wait for each other here, nor deadlock)
            list(
                Action.objects.using(db)
                .select_for_update(no_key=True)
                .filter(pk__in=ids)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            # and wait for an update being recorded meanwhile (`recorded` holds its action's state row until it
            # commits), so that the read below sees it: else the upsert, once the row is free, would overwrite the
            # newer update it left with the older latest read before (tests/test_action_state_race.py)
            was = {
                pk: (board_id, objective_id, status)
                for pk, board_id, objective_id, status in self.using(db)
                .select_for_update(no_key=True)
                .filter(action_id__in=ids)
                .order_by("action_id")
                .values_list("action_id", "board_id", "objective_id", "status")
            }
            actions = list(
                Action.objects.using(db)
                .filter(pk__in=ids)
                .values_list("pk", "objective__plan__board", "objective", "due_date", "joined_on")
            )
            standing = standing_of(ids, db)  # their latest updates, and what the rules read of their histories
            no_update = {name: self.model._meta.get_field(name).get_default() for name in STATE_COPIES}
            states = []
            for pk, board_id, objective_id, due_date, joined_on in actions:
                u, achieved_on, first_recorded = standing.get(pk, (None, None, False))
                states.append(
                    ActionState(
                        action_id=pk,
                        board_id=board_id,
                        objective_id=objective_id,
                        due_date=due_date,
                        joined_on=joined_on,
                        update_id=u and u.id,
                        **({name: getattr(u, name) for name in STATE_COPIES} if u else no_update),
                        achieved_on=achieved_on,
                        first_recorded=first_recorded,
                    )
                )
            self.bulk_create(
                states,
                update_conflicts=True,
                unique_fields=["action"],
                update_fields=[
                    "board",
                    "objective",
                    "due_date",
                    "joined_on",
                    "update",
                    *STATE_COPIES,
                    "achieved_on",
                    "first_recorded",
                ],
            )
            # the boards' counts: a new row counts on its board, a row moved off one board onto another
            was_on = {pk: board for pk, (board, _, _) in was.items()}
            moved_to = {state.action_id: state.board_id for state in states}
            moved = Counter(state.board_id for state in states if was_on.get(state.action_id) != state.board_id)
            moved.subtract(board for pk, board in was_on.items() if board != moved_to.get(pk))
            ActionCount.objects.db_manager(db).add(moved)
            # the objectives' counts: each row as it was taken away, each as it is now added (the net change)
            counted = Counter()
            for _, objective, status in was.values():
                counted[objective, status == Status.ACHIEVED] -= 1
            for state in states:
                counted[state.objective_id, state.status == Status.ACHIEVED] += 1
            changes = {}
            for (objective, achieved), n in counted.items():
                actions, achieved_n = changes.get(objective, (0, 0))
                changes[objective] = (actions + n, achieved_n + (n if achieved else 0))
            ObjectiveCount.objects.db_manager(db).add(changes)


class ActionState(models.Model):
    """What an action is now, one row per action, for reading many actions at once: the board and objective it
    belongs to, its due date, and a copy of its latest progress update (the greatest as-at date, then the one
    recorded last, then the highest id: LATEST_FIRST), empty while it has none.

    Derived, never edited by hand: kept whenever the action is saved or an update is recorded (actions.signals,
    through `saved` and `recorded`), and rewritten from scratch by `refresh` for rows written in
    bulk (the bulk_create of Action and ProgressUpdate, so generate_scale_data too) and wherever in doubt. The
    national dashboard counts this one narrow table, with no join.

    Updates are immutable, so the copy is also the latest update on or before any date from its `as_at` on:
    actions.rag's SQL form reads it for such dates (today, and any quarter end since) and probes the updates
    only for an earlier date."""

    action = models.OneToOneField(Action, on_delete=models.CASCADE, primary_key=True, related_name="state")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    # the action's objective, so that what answers a review (its objectives citing it or answering one of its
    # findings: reporting.trace's summary, a third of the national actions for Laming) is counted from this table
    # alone, with no join to the actions; indexed with the as-at date (Meta) for the plans' last progress dates
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="+", db_index=False)
    due_date = models.DateField(null=True, blank=True)
    joined_on = models.DateField(null=True, blank=True)  # the action's: counted only as at dates from then
    update = models.OneToOneField(ProgressUpdate, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # the latest update's: None while there is none
    as_at = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, null=True, blank=True)  # noqa: DJ001
    rag = models.CharField(max_length=5, choices=RAG.choices, blank=True)
    # and the rest of what a Rating's reason names of it (STATE_COPIES), so that a page naming many
    # actions' latest updates reads them from this table, never joins the updates: a review trace of a few boards
    # hashed every update ever recorded to find the few hundred it shows (5 ms of its query's 7, with 33,000)
    from_document = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(max_length=200, blank=True)
    # what the rules read of the history besides the latest update (actions.rag._standing), kept as the quarter
    # snapshots keep them (QuarterSnapshot), so that a page rating actions as at a day from their latest update on
    # reads no history (actions.rag.ratings_from_latest_update): the day the action became achieved, where its
    # latest update says Achieved (else None); and whether its latest update is its only one counting, transcribed
    # from a document (a baseline: first recorded)
    achieved_on = models.DateField(null=True, blank=True)
    first_recorded = models.BooleanField(default=False)

    objects = ActionStateManager()

    class Meta:
        verbose_name = "action's current state"
        verbose_name_plural = "actions' current states"
        # the board_id index (a foreign key's) serves the dashboard across boards: its actions, by board
        indexes = [
            # a plan's last progress date (actions.as_at.with_last_progress): the newest as-at date of each of its
            # objectives, read from this index alone, not from a row of the actions and of this table per action
            models.Index(fields=["objective", "as_at"], name="state_objective_as_at_idx"),
        ]

    def __str__(self):
        return f"{self.action_id}: {self.status or 'no update'} {self.rag or '-'} as at {self.as_at}"


class KeptCountManager(models.Manager):
    """Numbers kept per row of another table (ActionCount: a board's actions; ObjectiveCount: an objective's actions
    and achieved ones), changed as the rows they count are written, never counted again."""

    def add(self, changes):
        """Add each {key: number, or numbers in the order of the model's COUNTED} to its row, each change to the row
        as it is when locked (two transactions counting on one row never lose one's change): a change adding nothing
        by an UPDATE (never a new row: what it counts for may be being deleted), the others by one INSERT that adds
        to a row already there."""
        counted = self.model.COUNTED
        changes = sorted((key, n if isinstance(n, tuple) else (n,)) for key, n in changes.items())
        changes = [(key, numbers) for key, numbers in changes if any(numbers)]  # in key order: no deadlock
        for key, numbers in changes:
            if max(numbers) <= 0:
                self.filter(pk=key).update(
                    **{name: models.F(name) + n for name, n in zip(counted, numbers, strict=True)}
                )
        added = [(key, *numbers) for key, numbers in changes if max(numbers) > 0]
        if not added:
            return
        table, key = self.model._meta.db_table, self.model._meta.pk.column
        rows = ", ".join([f"({', '.join(['%s'] * (1 + len(counted)))})"] * len(added))
        sums = ", ".join(f"{name} = {table}.{name} + EXCLUDED.{name}" for name in counted)
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({key}, {', '.join(counted)}) VALUES {rows} "  # noqa: S608 - the model's own
                f"ON CONFLICT ({key}) DO UPDATE SET {sums}",
                [value for change in added for value in change],
            )


class ActionCountManager(KeptCountManager):
    def of_boards(self, boards):
        """{board id: its number of actions} of these boards (ids), those with none left out."""
        return dict(self.filter(board__in=boards, actions__gt=0).values_list("board", "actions"))


class ActionCount(models.Model):
    """How many actions each board has: its rows of ActionState, counted as they are written (a new row, a row
    moved to another board: `ActionStateManager.refresh`; a row deleted: actions.signals), so that a page of every
    board's actions (the auditors' filter) knows how many there are from 300 rows, not by counting 90,000.
    Derived, never edited by hand (migration 0019 counted the rows there were)."""

    board = models.OneToOneField(Board, on_delete=models.CASCADE, primary_key=True, related_name="action_count")
    actions = models.IntegerField(default=0)

    COUNTED = ("actions",)
    objects = ActionCountManager()

    class Meta:
        verbose_name = "board's number of actions"
        verbose_name_plural = "boards' numbers of actions"

    def __str__(self):
        return f"{self.board_id}: {self.actions} actions"


class ObjectiveCountManager(KeptCountManager):
    def achieved(self, action_id, n):
        """Add `n` to the achieved actions of the objective of this action's current state: one UPDATE (its
        objective's row is there: the action is counted under it)."""
        objective = ActionState.objects.filter(action_id=action_id).values("objective")[:1]
        self.filter(objective=models.Subquery(objective)).update(achieved=models.F("achieved") + n)


class ObjectiveCount(models.Model):
    """How many actions each objective has, and how many of them are achieved now (their current status, as
    `ActionState` holds it): its rows of ActionState, counted as they are written (a new row, a row moved to another
    objective, a row's status becoming or ceasing to be Achieved: `ActionStateManager`; a row deleted:
    actions.signals), so that a national review's summary (reporting.trace) sums a row per objective answering it,
    not its 30,000 actions. Derived, never edited by hand (migration 0020 counted the rows there were)."""

    objective = models.OneToOneField(Objective, on_delete=models.CASCADE, primary_key=True, related_name="action_count")
    actions = models.IntegerField(default=0)
    achieved = models.IntegerField(default=0)

    COUNTED = ("actions", "achieved")
    objects = ObjectiveCountManager()

    class Meta:
        verbose_name = "objective's number of actions"
        verbose_name_plural = "objectives' numbers of actions"

    def __str__(self):
        return f"{self.objective_id}: {self.achieved} of {self.actions} actions achieved"


# the quarter sign-off and its snapshots, which objectives answer each review, and each board's numbers of plans,
# objectives and reviews: models of this app, kept in their own modules
from .board_contents import BoardContents  # noqa: E402, F401
from .review_links import ReviewLink  # noqa: E402, F401
from .signoff import QuarterSignoff, QuarterSnapshot  # noqa: E402, F401
