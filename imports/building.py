"""Preview -> plan: everything the preview lists is created in one transaction, or nothing is."""

from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from actions.models import Action, Funding, ProgressUpdate
from boards.models import Subgroup
from plans.models import Objective, Plan, PlanImport, Section
from reviews.models import Review


class NotConfirmable(Exception):
    """The import cannot be confirmed (already imported, or its preview lists errors)."""


def _saved(instance, user=None):
    instance.full_clean()
    if user is not None and hasattr(instance, "history"):
        instance._history_user = user
    instance.save()
    return instance


@transaction.atomic
def create_plan(*, plan_import, user, create_sources=None):
    """Create the plan that `plan_import.preview` describes, for its board; return it.

    `create_sources`: {code: title} of the unknown source codes the manager ticked; they become reviews of the
    board. Unticked unknown codes are left out. Raises NotConfirmable, or a ValidationError/DatabaseError from
    any object (and then nothing at all is saved: the transaction is rolled back, the preview kept)."""
    preview = plan_import.preview or {}
    if preview.get("errors"):
        raise NotConfirmable("The preview lists problems that stop the import: correct the file and upload it again.")
    # claim the import first: of two confirmations sent at once, exactly one creates the plan
    won = PlanImport.objects.filter(pk=plan_import.pk, status=PlanImport.Status.READY).update(
        status=PlanImport.Status.IMPORTED, updated_at=timezone.now()
    )
    if not won:
        raise NotConfirmable("This import has already been confirmed.")
    board = plan_import.board
    options = plan_import.options
    plan = _saved(
        Plan(
            board=board,
            title=options["title"],
            kind=options["kind"],
            status=options.get("status", Plan.Status.DRAFT),
            period_start=date.fromisoformat(options["period_start"]),
            period_end=date.fromisoformat(options["period_end"]),
            layout=preview["layout"],
            source_key=preview.get("source_key", ""),  # a preview read before the key was kept has none
        ),
        user,
    )
    sections, order = {}, 0
    for item in preview["sections"]:
        section = _saved(Section(plan=plan, title=item["title"], order=order), user)
        sections[section.title] = section
        order += 1
        for theme in item["themes"]:
            sections[theme] = _saved(Section(plan=plan, parent=section, title=theme, order=order), user)
            order += 1
    reviews = _source_key(board, create_sources or {})
    subgroups = {s.name: s for s in Subgroup.objects.filter(board=board)}
    for order, item in enumerate(preview["objectives"]):
        objective = _saved(
            Objective(
                plan=plan,
                section=sections.get(item["section"]),
                number=item["number"],
                title=item["title"],
                order=order,
                timescale=item["timescale"],
                lead=item["lead"],
            ),
            user,
        )
        objective.sources.set([reviews[code.lower()] for code in item["sources"] if code.lower() in reviews])
        for action_order, action_item in enumerate(item["actions"]):
            _create_action(objective, action_item, action_order, subgroups, user)
    plan_import.status = PlanImport.Status.IMPORTED
    plan_import.plan = plan
    plan_import.save(update_fields=["status", "plan", "updated_at"])
    return plan


def _source_key(board, create_sources):
    """{code.lower(): Review}: the board's own reviews, the national ones, and the ones to create now."""
    reviews = {}
    for review in Review.objects.filter(Q(board=board) | Q(board__isnull=True)).order_by("board_id"):
        reviews.setdefault(review.code.lower(), review)
    for code, title in create_sources.items():
        if code.lower() not in reviews:  # created meanwhile by someone else: use theirs
            reviews[code.lower()] = _saved(
                Review(board=board, code=code, title=(title or code).strip()[:300], kind=Review.Kind.OTHER)
            )
    return reviews


def _create_action(objective, item, order, subgroups, user):
    action = _saved(
        Action(
            objective=objective,
            number=item["number"],
            order=order,
            text=item["text"],
            method=item["method"],
            lead=item["lead"],
            subgroup=subgroups.get(item["subgroup"]),
            timescale=item["timescale"],
            due_date=date.fromisoformat(item["due_date"]) if item["due_date"] else None,
            resources=item["resources"],
            timescale_resources=item.get("timescale_resources", ""),
            budget=Decimal(item["budget"]) if item["budget"] is not None else None,
        ),
        user,
    )
    for fund in item["funding"]:
        _saved(Funding(action=action, funder=fund["funder"], amount=Decimal(fund["amount"])))
    for update in item["progress"]:
        as_at = date.fromisoformat(update["as_at"])
        # a document's progress column was written as at its date, not when it was imported (as the
        # seed loader); never later than now (the import refuses a future as-at date: table.py)
        recorded_at = min(datetime.combine(as_at, time(12), timezone.get_current_timezone()), timezone.now())
        _saved(
            ProgressUpdate(
                action=action,
                as_at=as_at,
                status=update["status"],
                rag=update.get("rag", ""),
                narrative=update["narrative"],
                author_name=update["label"][:200],
                from_document=True,
                recorded_at=recorded_at,
            )
        )
    return action
