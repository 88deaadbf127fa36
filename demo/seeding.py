"""Load a board, its reviews and plans from a YAML transcription of its documents (fixtures/README.md)."""

from datetime import datetime, time
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone

from actions.models import Action, Funding, ProgressUpdate
from actions.timescales import due_date_from
from boards.models import Agency, Board, BoardAgency, Subgroup
from plans.models import Objective, Plan, Risk, Section
from reviews.models import BoardResponse, Finding, Review

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
SEED_FILES = ("kingston.yaml", "llr.yaml", "leeds.yaml")


def load_seed_boards(directory=FIXTURES_DIR, names=SEED_FILES):
    """Load every seed board not loaded yet; return the boards created."""
    created = []
    for name in names:
        data = yaml.safe_load((Path(directory) / name).read_text(encoding="utf-8"))
        if not Board.objects.filter(slug=data["board"]["slug"]).exists():
            created.append(load_board(data))
    return created


@transaction.atomic
def load_board(data):
    board = Board.objects.create(**data["board"])
    for order, item in enumerate(data.get("agencies", [])):
        agency, _ = Agency.objects.get_or_create(name=item["name"], defaults={"kind": item.get("kind", "other")})
        BoardAgency.objects.create(board=board, agency=agency, order=order)
    subgroups = {}
    for order, item in enumerate(data.get("subgroups", [])):
        subgroups[item["name"]] = Subgroup.objects.create(board=board, order=order, **item)
    reviews = {review.code: review for review in Review.objects.filter(board__isnull=True)}
    findings = {}
    for item in data.get("reviews", []):
        review = _load_review(board, dict(item), reviews)
        reviews[review.code] = review
        findings.update({f"{review.code} {f.number}": f for f in review.findings.all()})
    for item in data.get("plans", []):
        _load_plan(board, dict(item), reviews, findings, subgroups)
    return board


def _load_review(board, item, reviews):
    national = item.pop("national", False)
    texts = item.pop("findings", [])
    response = item.pop("board_response", "")
    if national and item["code"] in reviews:
        review = reviews[item["code"]]  # a national review is loaded once and shared
    else:
        review = Review.objects.create(board=None if national else board, **item)
        for order, text in enumerate(texts):
            number, text = (text["number"], text["text"]) if isinstance(text, dict) else (str(order + 1), text)
            Finding.objects.create(review=review, number=str(number), text=text, order=order)
    if response:
        BoardResponse.objects.create(review=review, board=board, text=response)
    return review


def _load_plan(board, item, reviews, findings, subgroups):
    sections_data = item.pop("sections", [])
    objectives_data = item.pop("objectives", [])
    risks_data = item.pop("risks", [])
    plan = Plan.objects.create(board=board, **item)
    sections = {}
    order = 0
    for section_item in sections_data:
        section = Section.objects.create(plan=plan, title=section_item["title"], order=order)
        sections[section.title] = section
        order += 1
        for theme in section_item.get("themes", []):
            sections[theme] = Section.objects.create(plan=plan, parent=section, title=theme, order=order)
            order += 1
    objectives = {}
    for order, obj in enumerate(objectives_data):
        obj = dict(obj)
        actions_data = obj.pop("actions", [])
        source_codes = obj.pop("sources", [])
        finding_keys = obj.pop("findings", [])
        section = sections[obj.pop("section")] if obj.get("section") else None
        objective = Objective.objects.create(plan=plan, section=section, order=order, **obj)
        objective.sources.set([reviews[code] for code in source_codes])
        objective.findings.set([findings[key] for key in finding_keys])
        objectives[objective.number] = objective
        for action_order, action_item in enumerate(actions_data):
            _load_action(objective, dict(action_item), action_order, subgroups)
    for order, risk_item in enumerate(risks_data):
        risk = Risk.objects.create(plan=plan, text=risk_item["text"], number=risk_item.get("number", ""), order=order)
        risk.objectives.set([objectives[n] for n in risk_item.get("objectives", [])])
    return plan


def _load_action(objective, item, order, subgroups):
    progress = item.pop("progress", [])
    funding = item.pop("funding", [])
    subgroup = subgroups[item.pop("subgroup")] if item.get("subgroup") else None
    if "budget" in item:
        item["budget"] = Decimal(str(item["budget"]))
    item.setdefault("due_date", due_date_from(item.get("timescale") or objective.timescale))
    action = Action.objects.create(objective=objective, order=order, subgroup=subgroup, **item)
    for fund in funding:
        Funding.objects.create(action=action, funder=fund["funder"], amount=Decimal(str(fund["amount"])))
    for update in progress:
        # a document's progress column was written as at its date, not when it was typed in here
        recorded_at = update.get("recorded_at") or datetime.combine(
            update["as_at"], time(12), timezone.get_current_timezone()
        )
        ProgressUpdate.objects.create(action=action, **{"from_document": True, **update, "recorded_at": recorded_at})
    return action
