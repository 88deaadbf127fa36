"""A plan's history: every edit to the plan, its sections, objectives and key risks, and every objective or
outcome deleted from it (who, when, what changed), newest first, as the action page's timeline shows an
outcome's. Outcome edits stay on each outcome's own page (actions.timeline).

Queries, whatever the number of records: the plan's history, its sections', its objectives' with their sources
and findings as they stood at each record, its key risks' with their objectives, the deleted outcomes, the codes
of the reviews and the numbers of the findings those name.
"""

from dataclasses import dataclass, field

from django.apps import apps

from actions.models import Action
from plans.models import Objective, Plan, Risk, Section
from reviews.models import Finding, Review

HIDDEN_FIELDS = {"id", "order", "version", "plan"}
KINDS = {"+": "created", "~": "edited", "-": "deleted"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: object
    who: str
    kind: str  # "created" | "edited" | "deleted"
    what: str
    changes: list = field(default_factory=list)


def _who(record):
    return record.history_user.get_username() if record.history_user else "system"


class _Names:
    """What ids in history refer to, by the latest name each had in the records read (no query per value)."""

    def __init__(self):
        self.section, self.objective, self.review, self.finding = {}, {}, {}, {}

    def show(self, model, name, value):
        if value in (None, "", [], ()):
            return "–"
        if isinstance(value, (set, frozenset)):
            table = {"sources": self.review, "findings": self.finding, "objectives": self.objective}[name]
            return ", ".join(sorted(table.get(v, str(v)) for v in value)) or "–"
        if name in ("section", "parent"):
            return self.section.get(value, f"section {value}")
        return str(value)


def _value(record, f, m2m):
    if f in m2m:
        return m2m[f]
    concrete = record._meta.get_field(f)
    return getattr(record, concrete.attname)


def _entries(records, what, model, names, m2m_of):
    """Entries of one object kind: its records in order, each compared with the one before of the same id."""
    labels = {f.name: f.verbose_name.capitalize() for f in model._meta.get_fields() if hasattr(f, "verbose_name")}
    fields = [f.name for f in model.history.model.tracked_fields if f.name not in HIDDEN_FIELDS]
    fields += list(m2m_of(records[0]).keys()) if records else []
    previous = {}
    entries = []
    for record in records:
        m2m = m2m_of(record)
        kind = KINDS[record.history_type]
        before = previous.get(record.id)
        changes = []
        if before is not None and kind == "edited":
            before_m2m = m2m_of(before)
            for f in fields:
                old, new = _value(before, f, before_m2m), _value(record, f, m2m)
                if old != new:
                    changes.append(Change(labels.get(f, f), names.show(model, f, old), names.show(model, f, new)))
        previous[record.id] = record
        if kind == "edited" and not changes and before is not None:
            continue  # a save that changed only the order or nothing shown (the first record seen is shown)
        entries.append(HistoryEntry(record.history_date, _who(record), kind, what(record), changes))
    return entries


def _as_they_stood(records, m2m_model, column):
    """{history_id: frozenset of ids} of one many-to-many field as each record saw it: one query."""
    rows = apps.get_model("plans", m2m_model).objects.filter(history_id__in=[r.history_id for r in records])
    stood = {r.history_id: set() for r in records}
    for history_id, value in rows.values_list("history_id", column):
        stood[history_id].add(value)
    return {key: frozenset(values) for key, values in stood.items()}


def plan_history(plan):
    """Newest first: [HistoryEntry] of the plan, its sections, objectives, key risks and deleted outcomes."""
    order = ("history_date", "history_id")
    plans = list(Plan.history.filter(id=plan.pk).select_related("history_user").order_by(*order))
    sections = list(Section.history.filter(plan_id=plan.pk).select_related("history_user").order_by(*order))
    objectives = list(Objective.history.filter(plan_id=plan.pk).select_related("history_user").order_by(*order))
    risks = list(Risk.history.filter(plan_id=plan.pk).select_related("history_user").order_by(*order))
    deleted_outcomes = list(
        Action.history.filter(objective_id__in={o.id for o in objectives}, history_type="-")
        .select_related("history_user")
        .order_by(*order)
    )
    sources = _as_they_stood(objectives, "HistoricalObjective_sources", "review_id")
    findings = _as_they_stood(objectives, "HistoricalObjective_findings", "finding_id")
    risk_objectives = _as_they_stood(risks, "HistoricalRisk_objectives", "objective_id")
    names = _Names()
    names.section.update({s.id: s.title for s in sections})
    names.objective.update({o.id: f"{o.number}" for o in objectives})
    review_ids = set().union(*sources.values())
    finding_ids = set().union(*findings.values())
    names.review.update(dict(Review.objects.filter(pk__in=review_ids).values_list("pk", "code")))
    names.finding.update(
        {
            f.pk: f"{f.review.code} {f.number}"
            for f in Finding.objects.filter(pk__in=finding_ids).select_related("review")
        }
    )

    def objective_m2m(record):
        return {"sources": sources[record.history_id], "findings": findings[record.history_id]}

    def risk_m2m(record):
        return {"objectives": risk_objectives[record.history_id]}

    entries = [
        *_entries(plans, lambda r: "The plan", Plan, names, lambda r: {}),
        *_entries(sections, lambda r: f"Section {r.title}", Section, names, lambda r: {}),
        *_entries(objectives, lambda r: f"Objective {r.number}", Objective, names, objective_m2m),
        *_entries(risks, lambda r: f"Key risk {r.number or r.text[:40]}", Risk, names, risk_m2m),
        *(
            HistoryEntry(
                r.history_date,
                _who(r),
                "deleted",
                f"Outcome {r.number} of objective {names.objective.get(r.objective_id, '')}",
            )
            for r in deleted_outcomes
        ),
    ]
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries
