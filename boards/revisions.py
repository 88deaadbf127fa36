"""Each board's revision, and the page fragments cached by it.

A board's `revision` (`Board.revision`) is a random token, replaced whenever anything that a cached page shows of
the board changes: its plans, sections, objectives and their sources, findings and risks, actions,
progress updates, subgroups, its reviews and findings, and the names of people. The plan page's table and the
auditors' filter page are cached under a key made of the boards' revisions and what else they depend on (the
plan and the date; the query string and today), so a change is seen at once: the next request reads the new
revision and misses. Old entries are never read again and age out of the cache.

Why a random token and not a counter: a restored backup, or a test's rolled-back transaction, takes a board back
to an earlier revision together with the data it had then, so a cached page under that revision is still that
data's page. A counter would come back to numbers already used for other data.

Order matters, and both pages keep it: the revisions are read *before* the data. A change committed between the
two reads makes the page newer than its key, which is harmless (that key is already out of date); the other way
round would cache old data under the new key.

What replaces a revision:
- `post_save`, `post_delete` and `m2m_changed` of the models in `WATCHED` (connected in `BoardsConfig.ready`),
  whoever writes them: the forms, the seed loader, the import, a restore (`loaddata`), tests;
- `changed_with`, `changed_in_bulk` and `changed` where rows are written in bulk without signals: renumbering and
  moves (`plans.numbering`), the bulk_create of actions and updates (`actions.models`), the demo accounts' leads,
  the synthetic data (`demo.scale`). A restore needs nothing: it brings back each board's revision with its data.
`NOT_SHOWN` lists the models no cached page shows, and why; tests/test_page_cache.py fails when a model of ours is
in neither, so a new model cannot be forgotten.

The cache is Django's default cache (`CACHES`; per process in memory unless configured otherwise).
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.safestring import mark_safe

EVERY_BOARD = Q()  # a national review, a person's name: shown by every board's pages


def _review_boards(review_board_id):
    return EVERY_BOARD if review_board_id is None else Q(pk=review_board_id)


def _finding_boards(finding):
    from reviews.models import Review

    try:
        return _review_boards(finding.review.board_id)
    except Review.DoesNotExist:  # deleted with its review, whose own deletion replaced the revisions
        return Q(pk__in=[])


# model label -> the boards whose cached pages show an instance, as a filter on Board (one UPDATE, no read)
WATCHED = {
    "boards.Board": lambda o: Q(pk=o.pk),
    "boards.Subgroup": lambda o: Q(pk=o.board_id),
    "plans.Plan": lambda o: Q(pk=o.board_id),
    "plans.Section": lambda o: Q(plans=o.plan_id),
    "plans.Objective": lambda o: Q(plans=o.plan_id),
    "plans.Risk": lambda o: Q(plans=o.plan_id),
    "actions.Action": lambda o: Q(plans__objectives=o.objective_id),
    "actions.ProgressUpdate": lambda o: Q(plans__objectives__actions=o.action_id),
    "reviews.Review": lambda o: _review_boards(o.board_id),
    "reviews.Finding": lambda o: _finding_boards(o),
    # a lead's or an author's name; the login's own save (last_login) changes no name: see _user_saved
    settings.AUTH_USER_MODEL: lambda o: EVERY_BOARD,
}

NOT_SHOWN = {
    "boards.Agency": "the board page lists agencies; it is not cached",
    "boards.BoardAgency": "the board page lists agencies; it is not cached",
    "boards.Membership": "who sees what: the filter page's key holds the user's boards, so a new role is a new key",
    "plans.PlanImport": "an import in progress; the plan it creates is watched",
    "actions.Funding": "shown on the action page, which is not cached (the plan shows the resources as written)",
    "actions.ActionState": "derived from actions and updates, which are watched (and refreshed with them)",
    "reviews.BoardResponse": "shown on review pages only, which are not cached",
    "packs.ReportPack": "report packs are files of their own",
    "packs.ReportPackPart": "report packs are files of their own",
}

# only these of a person's fields are shown on cached pages
USER_NAME_FIELDS = {"username", "first_name", "last_name"}


def changed(where=EVERY_BOARD, using=None):
    """Give the boards matching `where` (a Q on Board; every board by default) a new revision: their cached pages
    are out of date. One UPDATE. The one place revisions are written."""
    from .models import Board

    Board.objects.db_manager(using).filter(where).update(revision=uuid.uuid4())


def changed_with(instance, using=None):
    """Give the boards whose pages show `instance` (of a WATCHED model) a new revision. One UPDATE."""
    changed(WATCHED[instance._meta.label](instance), using)


BULK_AT_MOST = 1000  # more rows written in bulk than this (a whole import, synthetic data): every board


def changed_in_bulk(lookup, ids, using=None):
    """After rows were written in bulk (no signals): the boards reached by `lookup` (a Board filter such as
    "plans__objectives__in") from these ids get a new revision; every board when there are many. One UPDATE."""
    ids = set(ids)
    if ids:
        changed(Q(**{lookup: ids}) if len(ids) <= BULK_AT_MOST else EVERY_BOARD, using)


def _saved_or_deleted(sender, instance, using, **kwargs):
    changed_with(instance, using)


def _user_saved(sender, instance, using, update_fields=None, **kwargs):
    if update_fields is not None and not USER_NAME_FIELDS & set(update_fields):
        return  # a sign-in (last_login) or a new password: no name changed
    changed_with(instance, using)


def _m2m_changed(sender, instance, action, using, **kwargs):
    # Objective.sources and .findings, Risk.objectives, from either side: the instance's own boards
    if action in ("post_add", "post_remove", "post_clear") and instance._meta.label in WATCHED:
        changed_with(instance, using)


def connect():
    """Connect the receivers (BoardsConfig.ready)."""
    from django.apps import apps

    for label in WATCHED:
        model = apps.get_model(label)
        on_save = _user_saved if label == settings.AUTH_USER_MODEL else _saved_or_deleted
        post_save.connect(on_save, sender=model, dispatch_uid=f"revisions.save.{label}")
        post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=f"revisions.delete.{label}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(_m2m_changed, sender=field.remote_field.through,
                                dispatch_uid=f"revisions.m2m.{label}.{field.name}")


# --------------------------------------------------------------------------------------------------
# Cached fragments
# --------------------------------------------------------------------------------------------------


def of(boards):
    """[(board id, revision as text)] of a queryset of boards: what `fragment` is keyed by. One query, run on every
    visit of a page cached for many boards: the revisions come as text (300 of them parsed as UUIDs cost a
    quarter of the query)."""
    return list(boards.order_by("pk").values_list("pk", Cast("revision", TextField())))


def key(name, revisions, *parts):
    """The cache key of fragment `name` for these [(board id, revision)] and `parts`."""
    boards = "\n".join(f"{pk}:{revision}" for pk, revision in sorted(revisions))
    digest = hashlib.sha256(f"{parts!r}\n{boards}".encode()).hexdigest()
    return f"fragment:{name}:{digest}"


def fragment(name, revisions, parts, render):
    """The HTML of fragment `name` for the boards' [(id, revision)] and `parts`: from the cache, else `render()`
    (then cached). Read the revisions before anything `render` reads (see the module's docstring)."""
    cache_key = key(name, revisions, *parts)
    html = cache.get(cache_key)
    if html is None:
        html = render()
        cache.set(cache_key, html, settings.FRAGMENT_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own template's output, escaped when it was rendered
