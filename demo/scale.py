"""Synthetic boards at national scale, for benchmarks (`manage.py generate_scale_data --boards N --seed S`).

Deterministic: board number i is built from `random.Random(f"{seed}:{i}")` alone, so the same seed gives the same
boards, plans, objectives, actions and updates (the same rows; only database ids differ), whatever the number of
boards asked for and whatever was generated before. Boards are numbered `synthetic-001`, `synthetic-002`...:
asking for N boards adds the ones missing up to N, so a benchmark grows 3 -> 30 -> 300 without starting again.

Each board is shaped like the seed boards: member agencies (from a shared pool), six subgroups, two local
reviews with findings (a challenge day `C&D` and a peer review `PR`) and the national `LR` (Laming) and `NEW`
(Working Together) that every board cites, a manager, a chair and a lead officer, `bench-auditor` (an auditor on
every synthetic board), and three three-year plans (alternately in Kingston's and LLR's layout, with sections and
themes), each of 20 objectives of 5 actions, every action with 12 progress updates: one per quarter end, some
recorded late, some corrected (a correction for the same date recorded later, naming what it corrects), some
achieved, some achieved then reopened, some superseded, some gone quiet; a few given no rating or a Blue on a
status that is not achieved, as real documents do. 300 boards: 900 plans, 18,000 objectives, 90,000 actions,
1,080,000 updates. The plans run from April 2021 to March 2026 (fixed dates: the same rows whenever it runs).
Two boards of one plan each are made on request: `synthetic-large` (a plan of 1,700 actions, for the PDF) and
`synthetic-current` (a plan in force today of 100 open actions with their last twelve quarters' updates, for the
manager's update sheet; its dates follow today's).

Written in bulk, with history: boards, agencies, reviews and memberships with bulk_create (they have no history
table), plans, sections, objectives and actions with simple_history's `bulk_create_with_history` (one '+' record
each, and the objectives' sources and findings in their m2m history), progress updates (immutable, no history)
with PostgreSQL's COPY (bulk_create elsewhere), then each action's current state through
`ActionState.objects.refresh`, the same function every other write path uses.
"""

import csv
import io
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from actions.models import RAG, Action, ActionState, BoardContents, ProgressUpdate, ReviewLink, Status
from actions.quarters import Quarter, quarter_of
from boards.models import Agency, Board, BoardAgency, Membership, Subgroup
from plans.models import Objective, Plan, Section
from reviews.models import Finding, Review

AUDITOR = "bench-auditor"
SLUG = "synthetic-{:03d}"
CHANGE_REASON = "generate_scale_data"
PLANS_PER_BOARD = 3
OBJECTIVES_PER_PLAN = 20
ACTIONS_PER_OBJECTIVE = 5
UPDATES_PER_ACTION = 12
FIRST_FY = 2021  # plan k runs from April FIRST_FY + k for three years
BOARDS_PER_TRANSACTION = 10

AGENCIES = [
    (f"{place} {what}", kind)
    for place in ("Northshire", "Southvale", "Eastmoor", "Westford", "Midbury", "Lakeland", "Hillcaster", "Riverton")
    for what, kind in (
        ("Police", Agency.Kind.POLICE),
        ("Community Health NHS Trust", Agency.Kind.HEALTH),
        ("Probation Service", Agency.Kind.PROBATION),
        ("Schools Forum", Agency.Kind.EDUCATION),
        ("Council for Voluntary Service", Agency.Kind.VOLUNTARY),
    )
] + [("CAFCASS", Agency.Kind.CAFCASS), ("Faith Groups Forum", Agency.Kind.FAITH)]
AREAS = [
    "Northshire",
    "Southvale",
    "Eastmoor",
    "Westford",
    "Midbury",
    "Lakeland",
    "Hillcaster",
    "Riverton",
    "Greyport",
    "Oakham Vale",
    "Ashdown",
    "Bramley",
]
SUBGROUPS = [
    "Serious Case Review",
    "Monitoring and Evaluation",
    "Training",
    "Policy and Procedures",
    "Communications and Awareness",
    "Child Death Review",
]
AIMS = [
    "Ensure there is a clearer focus on outcomes for children in the Board's business",
    "Strengthen multi-agency quality assurance of child protection work",
    "Improve the participation of children and young people in the work of the Board",
    "Embed learning from serious case reviews in front-line practice",
    "Develop a safer workforce across partner agencies",
    "Raise awareness of e-safety among children, parents and professionals",
    "Strengthen links with adult services and the Safeguarding Adults Board",
    "Improve early intervention through the Common Assessment Framework",
    "Tackle child sexual exploitation with partner agencies",
    "Improve the Board's communication with the community",
]
OUTCOMES = [
    "A multi-agency audit programme agreed and reported to the Board",
    "Training delivered to designated staff in every partner agency",
    "Procedures revised and published on the Board's website",
    "A performance dataset reported to the Board each quarter",
    "Lessons from case reviews disseminated through briefings",
    "Section 11 self-evaluations returned by all partner agencies",
    "A communication strategy agreed and implemented",
    "Young people's views gathered and reported to the Board",
]
METHODS = [
    "Task and finish group reporting to the subgroup",
    "Multi-agency workshop and follow-up audit",
    "Annual programme agreed by the Board",
    "Briefings to agency leads",
]
LEADS = [
    "Business Manager",
    "Chair of the Training subgroup",
    "Head of Safeguarding, Health",
    "Detective Inspector, Public Protection",
    "Independent Chair working with the Business Manager",
]
PROGRESS = {
    Status.NOT_STARTED: ["Scoping has not yet begun.", "Awaiting agreement of the terms of reference."],
    Status.IN_PROGRESS: [
        "Work has started; a draft is with the subgroup.",
        "Audit tool agreed, fieldwork under way.",
        "Task group met twice; report due next quarter.",
    ],
    Status.ONGOING: [
        "Continues as planned; figures reported to the Board.",
        "Rolling programme continues.",
        "Quarterly report received by the subgroup.",
    ],
    Status.ACHIEVED: [
        "Completed and reported to the Board.",
        "ACHIEVED: signed off by the Board.",
        "Completed; evidence held by the Business Manager.",
    ],
    Status.NOT_ACHIEVED: ["Not achieved: capacity was not available.", "Not achieved; carried into the next plan."],
    Status.SUPERSEDED: ["Superseded by the national guidance.", "Superseded: merged into another action."],
}
NATIONAL = {
    "LR": (
        "The Laming Review: The Protection of Children in England: A Progress Report",
        Review.Kind.NATIONAL_REVIEW,
        date(2009, 3, 12),
        "March 2009",
        [
            "Collate more multi-agency needs assessment.",
            "Receive performance information on assessments.",
            "Develop a lead child protection training group.",
        ],
    ),
    "NEW": ("Working Together to Safeguard Children", Review.Kind.GUIDANCE, date(2010, 3, 31), "March 2010", []),
}


# --------------------------------------------------------------------------------------------------
# What a board holds, built from the seed alone (no database)
# --------------------------------------------------------------------------------------------------


@dataclass
class UpdateSpec:
    as_at: date
    status: str
    rag: str
    narrative: str
    recorded_at: datetime
    by_lead: bool
    corrects: int | None = None  # index of the corrected update among the action's updates


@dataclass
class ActionSpec:
    number: str
    text: str
    method: str
    lead: str
    led_by_lead_user: bool
    subgroup: int  # index into the board's subgroups
    timescale: str
    due_date: date | None
    resources: str
    budget: Decimal | None
    updates: list = field(default_factory=list)


@dataclass
class ObjectiveSpec:
    number: str
    title: str
    section: int  # index into the plan's sections
    timescale: str
    lead: str
    sources: list  # review codes
    findings: list  # (review code, finding number)
    actions: list = field(default_factory=list)


@dataclass
class PlanSpec:
    title: str
    kind: str
    layout: str
    period_start: date
    period_end: date
    introduction: str
    sections: list  # (title, parent index or None)
    objectives: list = field(default_factory=list)


@dataclass
class BoardSpec:
    number: int
    name: str
    short_name: str
    slug: str
    areas: str
    agencies: list  # names from AGENCIES
    subgroups: list
    reviews: list  # (code, title, kind, date, as written, [finding texts])
    plans: list = field(default_factory=list)

    @property
    def actions(self):
        return [a for p in self.plans for o in p.objectives for a in o.actions]


def _london(day, hour=12):
    return datetime.combine(day, time(hour), ZoneInfo(settings.TIME_ZONE))


def _month_label(day):
    return f"{day:%B %Y}"


def build_board(seed, number):
    """The BoardSpec of synthetic board `number` for `seed`: the same every time."""
    rng = random.Random(f"{seed}:{number}")  # noqa: S311 - synthetic data, not security
    name = f"Synthetic {number:03d} Local Safeguarding Children Board"
    areas = rng.sample(AREAS, rng.choice((1, 1, 2, 3)))
    board = BoardSpec(
        number=number,
        name=name,
        short_name=f"Synthetic {number:03d} LSCB",
        slug=SLUG.format(number),
        areas=", ".join(areas),
        agencies=[a for a, _ in rng.sample(AGENCIES, 9)],
        subgroups=list(SUBGROUPS),
        reviews=[
            (
                "C&D",
                f"Challenge and Development day {FIRST_FY}",
                Review.Kind.CHALLENGE_DAY,
                date(FIRST_FY, 2, rng.randint(1, 28)),
                f"February {FIRST_FY}",
                [f"Finding {n} of the challenge day: " + rng.choice(AIMS).lower() for n in range(1, 4)],
            ),
            (
                "PR",
                f"Peer Review {FIRST_FY}",
                Review.Kind.PEER_REVIEW,
                date(FIRST_FY, 3, rng.randint(1, 28)),
                f"March {FIRST_FY}",
                [f"Area for improvement {n}: " + rng.choice(AIMS).lower() for n in range(1, 4)],
            ),
        ],
    )
    codes = ["C&D", "PR", "LR", "NEW"]
    for k in range(PLANS_PER_BOARD):
        start = date(FIRST_FY + k, 4, 1)
        end = date(FIRST_FY + k + 3, 3, 31)
        layout = Plan.Layout.OUTCOMES_METHOD if k % 2 else Plan.Layout.OBJECTIVES
        plan = PlanSpec(
            title=f"{board.short_name} {'Business' if k % 2 else 'Improvement'} Plan {start.year}-{end.year}",
            kind=Plan.Kind.BUSINESS if k % 2 else Plan.Kind.IMPROVEMENT,
            layout=layout,
            period_start=start,
            period_end=end,
            introduction=f"The Board's plan for {start.year} to {end.year}, agreed by the Board.",
            sections=[
                ("Core work", None),
                ("Development workstreams", None),
                ("Community Engagement", 1),
                ("Safer Workforce", 1),
            ],
        )
        quarter_ends = [q.end for q in _quarters(start, UPDATES_PER_ACTION)]
        for o in range(OBJECTIVES_PER_PLAN):
            sources = rng.sample(codes, rng.choice((1, 1, 2)))
            finding_of = [c for c in sources if c in ("C&D", "PR", "LR")]
            objective = ObjectiveSpec(
                number=str(o + 1),
                title=f"{rng.choice(AIMS)} ({o + 1})",
                section=0 if o < 6 else (2 if o < 13 else 3),
                timescale=_month_label(rng.choice(quarter_ends[3:])),
                lead=rng.choice(LEADS),
                sources=sources,
                findings=[(finding_of[0], str(rng.randint(1, 3)))] if finding_of and rng.random() < 0.5 else [],
            )
            for a in range(ACTIONS_PER_OBJECTIVE):
                objective.actions.append(_build_action(rng, objective, a, quarter_ends, layout))
            plan.objectives.append(objective)
        board.plans.append(plan)
    return board


LARGE_SLUG = "synthetic-large"


def _objectives(rng, actions, timescale, build_action):
    """The objectives of a one-plan board of `actions` actions, ACTIONS_PER_OBJECTIVE each (the last may have
    fewer): each titled, led and sourced at random, its timescale from `timescale()` and each action from
    `build_action(objective, index)`, drawn from `rng` in that order."""
    objectives = []
    for o in range((actions + ACTIONS_PER_OBJECTIVE - 1) // ACTIONS_PER_OBJECTIVE):
        objective = ObjectiveSpec(
            number=str(o + 1),
            title=f"{rng.choice(AIMS)} ({o + 1})",
            section=0,
            timescale=timescale(),
            lead=rng.choice(LEADS),
            sources=rng.sample(["C&D", "PR", "LR", "NEW"], 1),
            findings=[],
        )
        for a in range(min(ACTIONS_PER_OBJECTIVE, actions - o * ACTIONS_PER_OBJECTIVE)):
            objective.actions.append(build_action(objective, a))
        objectives.append(objective)
    return objectives


def build_large_board(seed, actions):
    """A board with ONE plan of `actions` actions (5 per objective), in Kingston's layout: the largest plan a
    PDF is measured on (the DESIGN's 1,700 rows)."""
    rng = random.Random(f"{seed}:large:{actions}")  # noqa: S311 - synthetic data, not security
    board = build_board(seed, 0)
    board.name, board.short_name, board.slug = (
        "Synthetic Large Plan Local Safeguarding Children Board",
        "Synthetic Large LSCB",
        LARGE_SLUG,
    )
    plan = board.plans[0]
    plan.title = f"Synthetic Large LSCB Improvement Plan ({actions} actions)"
    quarter_ends = [q.end for q in _quarters(plan.period_start, UPDATES_PER_ACTION)]
    plan.objectives = _objectives(
        rng,
        actions,
        timescale=lambda: _month_label(rng.choice(quarter_ends[3:])),
        build_action=lambda objective, a: _build_action(rng, objective, a, quarter_ends, plan.layout),
    )
    board.plans = [plan]
    return board


def generate_large_plan(seed, actions):
    """Create the large plan's board unless it exists; return its plan."""
    if not Board.objects.filter(slug=LARGE_SLUG).exists():
        write_boards([build_large_board(seed, actions)], _shared())
        settle()
    return Plan.objects.get(board__slug=LARGE_SLUG)


CURRENT_SLUG = "synthetic-current"
CURRENT_NUMBER = 999  # its users: bench-999-manager, bench-999-chair, bench-999-lead
OPEN_FATES = ("ongoing", "ongoing", "slipping", "quiet")  # an outcome still in force: none achieved or superseded


def build_current_board(seed, actions, today):
    """A board with ONE plan in force on `today` (the other synthetic plans ended in March 2026, and progress after
    a plan's end needs a reason), in Kingston's layout, of `actions` open actions (5 per objective), each with an
    update at each of the UPDATES_PER_ACTION quarter ends before `today`'s quarter (some late, some corrected):
    the manager's update sheet, and recording progress, are measured on it."""
    rng = random.Random(f"{seed}:current:{actions}")  # noqa: S311 - synthetic data, not security
    board = build_board(seed, CURRENT_NUMBER)
    board.name, board.short_name, board.slug = (
        "Synthetic Current Plan Local Safeguarding Children Board",
        "Synthetic Current LSCB",
        CURRENT_SLUG,
    )
    past = [quarter_of(today)]  # this quarter, then the ones before it
    for _ in range(UPDATES_PER_ACTION):
        past.append(past[-1].previous())
    quarter_ends = [q.end for q in reversed(past[1:])]
    last = past[0]
    for _ in range(4):
        last = last.next()
    plan = board.plans[0]
    plan.title = f"Synthetic Current LSCB Improvement Plan {past[-1].start.year}-{last.end.year} ({actions} actions)"
    plan.period_start, plan.period_end = past[-1].start, last.end
    now = _london(today, 0)

    def open_action(objective, a):
        action = _build_action(rng, objective, a, quarter_ends, plan.layout, fate=rng.choice(OPEN_FATES))
        for update in action.updates:  # recorded late, but not after today
            update.recorded_at = min(update.recorded_at, now)
        return action

    plan.objectives = _objectives(rng, actions, timescale=lambda: _month_label(last.end), build_action=open_action)
    board.plans = [plan]
    return board


def generate_current_plan(seed, actions=100, today=None):
    """Create the board of a plan in force today unless it exists (build_current_board); return its plan."""
    if not Board.objects.filter(slug=CURRENT_SLUG).exists():
        write_boards([build_current_board(seed, actions, today or timezone.localdate())], _shared())
    return Plan.objects.get(board__slug=CURRENT_SLUG)


def _quarters(start, count):
    q = Quarter(start.year if start.month >= 4 else start.year - 1, 1 if start.month >= 4 else 4)
    quarters = []
    for _ in range(count):
        quarters.append(q)
        q = q.next()
    return quarters


def _build_action(rng, objective, index, quarter_ends, layout, fate=None):
    if rng.random() < 0.2:
        timescale, due = rng.choice(("Ongoing", "Annually", "Within 6 months of completion of major projects")), None
    else:
        due = rng.choice(quarter_ends[2:])
        timescale = _month_label(due)
    costed = rng.random() < 0.1
    budget = Decimal(rng.randrange(1000, 40000, 500)) if costed else None
    action = ActionSpec(
        number=f"{objective.number}.{index + 1}",
        text=rng.choice(OUTCOMES),
        method=rng.choice(METHODS) if layout == Plan.Layout.OUTCOMES_METHOD else "",
        lead=rng.choice(LEADS),
        led_by_lead_user=rng.random() < 0.2,
        subgroup=rng.randrange(len(SUBGROUPS)),
        timescale=timescale,
        due_date=due,
        resources=f"Costs £{budget:,.0f} from partner agencies" if costed else "",
        budget=budget,
    )
    action.updates = _build_updates(rng, quarter_ends, fate)
    return action


def _build_updates(rng, quarter_ends, fate=None):
    """UPDATES_PER_ACTION updates: one per quarter end, except where some are corrections of earlier ones. `fate`:
    what becomes of the action (drawn at random unless given)."""
    fate = (
        fate
        or rng.choices(
            ["achieved", "ongoing", "slipping", "reopened", "superseded", "not_achieved", "quiet"],
            weights=[35, 33, 10, 4, 4, 4, 10],
        )[0]
    )
    quarters = len(quarter_ends)
    quiet_from = quarters - 3 if fate == "quiet" else quarters  # no update in the last three quarters
    corrections = quarters - quiet_from
    if corrections == 0 and rng.random() < 0.05:
        corrections, quiet_from = 1, quarters - 1  # one correction takes the last quarter's place
    done_at = rng.randint(4, quarters - 1)
    rating = rng.choice((RAG.GREEN, RAG.GREEN, RAG.AMBER))
    updates = []
    for q in range(quiet_from):
        if fate in ("achieved", "reopened") and q >= done_at and not (fate == "reopened" and q >= done_at + 2):
            status, given = Status.ACHIEVED, rng.choice((RAG.BLUE, RAG.BLUE, ""))
        elif fate == "superseded" and q >= done_at:
            status, given = Status.SUPERSEDED, ""
        elif fate == "not_achieved" and q == quarters - 1:
            status, given = Status.NOT_ACHIEVED, RAG.RED
        else:
            status = (
                Status.NOT_STARTED
                if q == 0 and rng.random() < 0.5
                else (Status.IN_PROGRESS if q < 3 or fate == "slipping" else Status.ONGOING)
            )
            rating = _drift(rng, rating, worse=fate == "slipping")
            given = "" if rng.random() < 0.1 else (RAG.BLUE if rng.random() < 0.005 else rating)
        late = rng.random() < 0.07
        recorded = _london(quarter_ends[q]) + (timedelta(days=rng.randint(15, 100)) if late else timedelta())
        updates.append(
            UpdateSpec(
                as_at=quarter_ends[q],
                status=status,
                rag=given,
                narrative=rng.choice(PROGRESS[status]),
                recorded_at=recorded,
                by_lead=rng.random() < 0.3,
            )
        )
    for _ in range(corrections):
        corrected = rng.randrange(quiet_from)  # a quarter's own update, never a correction
        original = updates[corrected]
        status = original.status
        given = original.rag if original.rag in ("", RAG.BLUE) else _drift(rng, original.rag, worse=True)
        updates.append(
            UpdateSpec(
                as_at=original.as_at,
                status=status,
                rag=given,
                narrative=f"Correction: {rng.choice(PROGRESS[status])}",
                recorded_at=original.recorded_at + timedelta(days=rng.randint(3, 30)),
                by_lead=False,
                corrects=corrected,
            )
        )
    return updates


def _drift(rng, rating, worse=False):
    order = [RAG.RED, RAG.AMBER, RAG.GREEN]
    if rating not in order:
        rating = RAG.AMBER
    step = rng.choices((-1, 0, 1), weights=(3, 5, 1) if worse else (1, 6, 2))[0]
    return order[max(0, min(2, order.index(rating) + step))]


# --------------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------------


def generate(boards, seed, *, progress=None):
    """Create synthetic boards 1..`boards` that do not exist yet; return the numbers created."""
    existing = set(Board.objects.filter(slug__startswith="synthetic-").values_list("slug", flat=True))
    missing = [n for n in range(1, boards + 1) if SLUG.format(n) not in existing]
    shared = _shared()
    done = 0
    for start in range(0, len(missing), BOARDS_PER_TRANSACTION):
        numbers = missing[start : start + BOARDS_PER_TRANSACTION]
        write_boards([build_board(seed, n) for n in numbers], shared)
        done += len(numbers)
        if progress:
            progress(done, len(missing))
    if missing:
        settle()
    return missing


def settle():
    """On PostgreSQL, outside a transaction: fresh statistics for the planner, and the visibility map set (index-only
    scans), of every table of the project, now rather than by autovacuum a minute later, competing with whatever is
    timed next and leaving it planned on tables as they were before they were filled (the bench writes the quarter
    snapshots, then times the pages that read them)."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {', '.join(connection.ops.quote_name(t) for t in sorted(tables))}")


def _shared():
    """The agency pool, the national reviews (and their findings), and bench-auditor, made once."""
    Agency.objects.bulk_create([Agency(name=n, kind=k) for n, k in AGENCIES], ignore_conflicts=True)
    national = {}
    for code, (title, kind, day, written, findings) in NATIONAL.items():
        review, created = Review.objects.get_or_create(
            board=None, code=code, defaults={"title": title, "kind": kind, "date": day, "date_as_written": written}
        )
        if created:
            Finding.objects.bulk_create(
                Finding(review=review, number=str(n + 1), text=t, order=n) for n, t in enumerate(findings)
            )
        national[code] = review
    national_findings = {
        (f.review.code, f.number): f
        for f in Finding.objects.filter(review__in=national.values()).select_related("review")
    }
    auditor, created = get_user_model().objects.get_or_create(username=AUDITOR, defaults={"email": "bench@example.org"})
    if created:
        auditor.set_unusable_password()
        auditor.save()
    return {
        "agencies": dict(Agency.objects.filter(name__in=[n for n, _ in AGENCIES]).values_list("name", "pk")),
        "national": national,
        "national_findings": national_findings,
        "auditor": auditor,
    }


@transaction.atomic
def write_boards(specs, shared):
    """Write these BoardSpecs (boards that do not exist yet) in one transaction."""
    User = get_user_model()
    boards = Board.objects.bulk_create(
        Board(
            name=s.name,
            short_name=s.short_name,
            slug=s.slug,
            areas=s.areas,
            meeting_cadence="Four times a year",
            chair=f"Independent Chair {s.number:03d}",
            business_manager=f"Business Manager {s.number:03d}",
            established="April 2006",
        )
        for s in specs
    )
    BoardAgency.objects.bulk_create(
        BoardAgency(board=b, agency_id=shared["agencies"][name], order=n)
        for b, s in zip(boards, specs, strict=True)
        for n, name in enumerate(s.agencies)
    )
    subgroups = Subgroup.objects.bulk_create(
        Subgroup(board=b, name=name, order=n)
        for b, s in zip(boards, specs, strict=True)
        for n, name in enumerate(s.subgroups)
    )
    subgroups_of = {b.pk: [g for g in subgroups if g.board_id == b.pk] for b in boards}
    users = User.objects.bulk_create(
        User(
            username=f"bench-{s.number:03d}-{role}",
            email=f"bench-{s.number:03d}-{role}@example.org",
            password=make_password(None),
        )  # unusable: benchmarks sign in with force_login
        for s in specs
        for role in ("manager", "chair", "lead")
    )
    lead_of = {}
    memberships = [Membership(user=shared["auditor"], board=b, role=Membership.Role.AUDITOR) for b in boards]
    for n, board in enumerate(boards):
        manager, chair, lead = users[3 * n : 3 * n + 3]
        lead_of[board.pk] = lead
        memberships += [
            Membership(user=manager, board=board, role=Membership.Role.MANAGER),
            Membership(user=chair, board=board, role=Membership.Role.CHAIR),
            Membership(user=lead, board=board, role=Membership.Role.LEAD),
        ]
    Membership.objects.bulk_create(memberships)
    local = Review.objects.bulk_create(
        Review(board=b, code=code, title=title, kind=kind, date=day, date_as_written=written)
        for b, s in zip(boards, specs, strict=True)
        for code, title, kind, day, written, _ in s.reviews
    )
    findings = Finding.objects.bulk_create(
        Finding(review=r, number=str(n + 1), text=text, order=n)
        for r, (_, _, _, _, _, texts) in zip(local, [x for s in specs for x in s.reviews], strict=True)
        for n, text in enumerate(texts)
    )
    reviews_of = {b.pk: {**shared["national"], **{r.code: r for r in local if r.board_id == b.pk}} for b in boards}
    findings_of = {b.pk: dict(shared["national_findings"]) for b in boards}
    review_board = {r.pk: r.board_id for r in local}
    for f in findings:
        findings_of[review_board[f.review_id]][(f.review.code, f.number)] = f

    def history(objs, model):
        return bulk_create_with_history(objs, model, batch_size=2000, default_change_reason=CHANGE_REASON)

    plan_pairs = [(b, ps) for b, s in zip(boards, specs, strict=True) for ps in s.plans]
    plans = history(
        [
            Plan(
                board=b,
                title=p.title,
                kind=p.kind,
                layout=p.layout,
                period_start=p.period_start,
                period_end=p.period_end,
                status=Plan.Status.APPROVED,
                introduction=p.introduction,
            )
            for b, p in plan_pairs
        ],
        Plan,
    )
    tops = history(
        [
            Section(plan=plan, title=title, order=n)
            for plan, (_, p) in zip(plans, plan_pairs, strict=True)
            for n, (title, parent) in enumerate(p.sections)
            if parent is None
        ],
        Section,
    )
    top_of = {(s.plan_id, s.order): s for s in tops}
    themes = history(
        [
            Section(plan=plan, title=title, order=n, parent=top_of[(plan.pk, parent)])
            for plan, (_, p) in zip(plans, plan_pairs, strict=True)
            for n, (title, parent) in enumerate(p.sections)
            if parent is not None
        ],
        Section,
    )
    section_of = {(s.plan_id, s.order): s for s in [*tops, *themes]}

    objective_pairs = [
        (plan, board, o, n)
        for plan, (board, p) in zip(plans, plan_pairs, strict=True)
        for n, o in enumerate(p.objectives)
    ]
    objectives = history(
        [
            Objective(
                plan=plan,
                section=section_of[(plan.pk, o.section)],
                number=o.number,
                title=o.title,
                order=n,
                timescale=o.timescale,
                lead=o.lead,
            )
            for plan, _, o, n in objective_pairs
        ],
        Objective,
    )
    _objective_links(objectives, objective_pairs, reviews_of, findings_of)

    action_pairs = [
        (objective, board, a, n)
        for objective, (_, board, o, _) in zip(objectives, objective_pairs, strict=True)
        for n, a in enumerate(o.actions)
    ]
    actions = history(
        [
            Action(
                objective=objective,
                number=a.number,
                order=n,
                text=a.text,
                method=a.method,
                lead=a.lead,
                lead_user=lead_of[board.pk] if a.led_by_lead_user else None,
                subgroup=subgroups_of[board.pk][a.subgroup],
                timescale=a.timescale,
                due_date=a.due_date,
                resources=a.resources,
                budget=a.budget,
            )
            for objective, board, a, n in action_pairs
        ],
        Action,
    )
    _write_updates(
        [(action, lead_of[board.pk], spec) for action, (_, board, spec, _) in zip(actions, action_pairs, strict=True)]
    )
    ActionState.objects.refresh([a.pk for a in actions])
    BoardContents.objects.recount(board.pk for board in boards)  # their plans, reviews and subgroups written in bulk
    return boards


def _objective_links(objectives, pairs, reviews_of, findings_of):
    """The objectives' sources and findings, and the same rows in their m2m history (as `.set()` would)."""
    Sources, Findings = Objective.sources.through, Objective.findings.through
    sources = Sources.objects.bulk_create(
        Sources(objective=objective, review=reviews_of[board.pk][code])
        for objective, (_, board, o, _) in zip(objectives, pairs, strict=True)
        for code in o.sources
    )
    found = Findings.objects.bulk_create(
        Findings(objective=objective, finding=findings_of[board.pk][key])
        for objective, (_, board, o, _) in zip(objectives, pairs, strict=True)
        for key in o.findings
        if key in findings_of[board.pk]
    )
    ReviewLink.objects.relink(o.pk for o in objectives)  # what the signal of `.set()` would write
    History = Objective.history.model
    record_of = dict(History.objects.filter(id__in=[o.pk for o in objectives]).values_list("id", "history_id"))
    History.sources.model.objects.bulk_create(
        History.sources.model(
            id=s.pk, objective_id=s.objective_id, review_id=s.review_id, history_id=record_of[s.objective_id]
        )
        for s in sources
    )
    History.findings.model.objects.bulk_create(
        History.findings.model(
            id=f.pk, objective_id=f.objective_id, finding_id=f.finding_id, history_id=record_of[f.objective_id]
        )
        for f in found
    )


def _copy_columns():
    """Every column of the updates table, and those of them COPY must read an empty field of as '' (not NULL):
    taken from the model, so that a field added later is written with its default, not forgotten."""
    fields = ProgressUpdate._meta.concrete_fields
    text = {"CharField", "TextField", "FileField"}
    return fields, [f.column for f in fields if not f.null and f.get_internal_type() in text]


def _copy_value(value):
    if isinstance(value, bool):
        return "t" if value else "f"
    return value.isoformat() if hasattr(value, "isoformat") else value


def _write_updates(items):
    """Every update of these (action, lead user, ActionSpec): COPY on PostgreSQL (ids taken from the table's
    sequence first, so that corrections can name what they correct), bulk_create elsewhere. None as at a future
    date, as at every door (`ProgressUpdate.refuse_a_future_date`; bulk_create checks it, COPY is checked here):
    actions.rag's SQL rates as at today from each action's current state alone. The synthetic plans' dates are
    fixed (they end in March 2026): before then this refuses to write them."""
    latest = max((u.as_at for _, _, spec in items for u in spec.updates), default=None)
    if latest is not None and latest > timezone.localdate():
        raise ValueError(f"Synthetic progress dated {latest}, after today: progress is never dated in the future.")
    if connection.vendor == "postgresql":
        count = sum(len(spec.updates) for _, _, spec in items)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [ProgressUpdate._meta.db_table, count],
            )
            ids = iter([row[0] for row in cursor.fetchall()])
            buffer = io.StringIO()
            out = csv.writer(buffer)
            fields, not_null_text = _copy_columns()
            for action, lead, spec in items:
                mine = [next(ids) for _ in spec.updates]
                for n, u in enumerate(spec.updates):
                    given = {
                        "id": mine[n],
                        "action_id": action.pk,
                        "as_at": u.as_at,
                        "status": u.status,
                        "rag": u.rag,
                        "narrative": u.narrative,
                        "author_id": lead.pk if u.by_lead else None,
                        "author_name": "" if u.by_lead else "Business Manager",
                        "recorded_at": u.recorded_at,
                        "corrects_id": None if u.corrects is None else mine[u.corrects],
                        "from_document": False,  # recorded in the app, not read from a document
                    }
                    out.writerow(
                        [_copy_value(given[f.attname] if f.attname in given else f.get_default()) for f in fields]
                    )
            buffer.seek(0)
            cursor.cursor.copy_expert(
                f"COPY {ProgressUpdate._meta.db_table} ({', '.join(f.column for f in fields)}) FROM STDIN "  # noqa: S608 - the model's own columns
                f"WITH (FORMAT csv, FORCE_NOT_NULL ({', '.join(not_null_text)}))",
                buffer,
            )
        return
    firsts, corrections = [], []
    for action, lead, spec in items:
        for u in spec.updates:
            update = ProgressUpdate(
                action=action,
                as_at=u.as_at,
                status=u.status,
                rag=u.rag,
                narrative=u.narrative,
                author=lead if u.by_lead else None,
                author_name="" if u.by_lead else "Business Manager",
                recorded_at=u.recorded_at,
            )
            (firsts if u.corrects is None else corrections).append((update, spec, u))
    ProgressUpdate.objects.bulk_create([update for update, _, _ in firsts], batch_size=2000)
    saved = {id(u): update for update, _, u in firsts}
    for update, spec, u in corrections:
        update.corrects = saved[id(spec.updates[u.corrects])]
    ProgressUpdate.objects.bulk_create([update for update, _, _ in corrections], batch_size=2000)
