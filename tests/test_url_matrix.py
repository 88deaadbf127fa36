"""The permission matrix, walked from the URL resolver: every URL pattern of the project (a new one is covered
without editing this test), each persona, with ids of the persona's own board and of another board.

Rules checked, for every GET and POST:
- nobody without a role on a board learns anything of it: its objects answer 404 and its name is not on the page;
- a read-only role (chair, auditor) writes nothing, whatever it posts;
- nothing answers 500.
"""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from actions.models import Action, ProgressUpdate
from boards.models import Board, BoardAgency, Membership
from packs.models import ReportPack, ReportPackPart
from plans.models import Objective, Plan, Section
from reviews.models import Review
from tests.helpers import row_counts

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("admin/", "accounts/")  # Django's own admin (staff only) and sign-in pages
PERSONAS = [
    "kingston-manager",
    "kingston-lead",
    "kingston-chair",
    "auditor",
    "llr-manager",
    "leeds-manager",
    "two-board-chair",
    "outsider",
]
READ_ONLY_ROLES = {"chair", "auditor"}


def all_patterns(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            yield from all_patterns(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and not route.startswith(SKIP_PREFIXES):
            yield route, entry


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def params(route):
    return [m.group(2) or m.group(3) for m in PARAM.finditer(route)]


def model_for(route, name):
    """The model an id in the route refers to: the path segment before it names it."""
    before = PARAM.split(route)[0] if name == "pk" else route.split(f"<{name}>")[0].split(f"(?P<{name}>")[0]
    segments = [s for s in before.strip("/").split("/") if s]
    segment = segments[-1] if segments else ""
    if name == "update_pk":
        return ProgressUpdate
    table = {
        "plans": Plan,
        "objectives": Objective,
        "objective": Objective,
        "actions": Action,
        "reviews": Review,
        "sections": Section,
        "seats": BoardAgency,
        "members": Membership,
    }
    if segment in table:
        return table[segment]
    from django.apps import apps

    for model in apps.get_models():  # e.g. "import" -> PlanImport
        name = model._meta.model_name
        if not name.startswith("historical") and (name == segment.rstrip("s") or name.endswith(segment.rstrip("s"))):
            return model
    raise AssertionError(f"Teach the URL matrix which model '{segment}' ids in {route!r} refer to")


def ids_for(board):
    """An object of each kind belonging to the board (an achieved action with an update where one exists)."""
    plan = Plan.objects.filter(board=board).order_by("pk").first()
    action = (
        Action.objects.filter(objective__plan=plan, updates__isnull=False).order_by("pk").first()
        or Action.objects.filter(objective__plan=plan).order_by("pk").first()
    )
    objects = {
        Board: board,
        Plan: plan,
        Objective: action.objective,
        Action: action,
        Review: Review.objects.filter(board=board).order_by("pk").first(),
        Section: Section.objects.filter(plan__board=board).order_by("pk").first(),
        ProgressUpdate: action.updates.order_by("pk").first(),
    }
    return objects


def build_url(route, board, objects):
    url = route
    for m in PARAM.finditer(route):
        name = m.group(2) or m.group(3)
        if name == "slug":
            value = board.slug
        elif name == "direction":
            value = "up"
        else:
            model = model_for(route, name)
            obj = objects.get(model)
            if obj is None:  # e.g. a model of a newer feature: its first object of the board
                obj = _first_of(model, board)
            if obj is None:
                return None
            value = obj.pk
        url = url.replace(m.group(0), str(value), 1)
    return "/" + url.replace("\\", "")


def _first_of(model, board):
    for lookup in (
        "board",
        "review__board",
        "plan__board",
        "objective__plan__board",
        "action__objective__plan__board",
        "parts__board",
    ):
        try:
            return model._default_manager.filter(**{lookup: board}).order_by("pk").first()
        except Exception:  # noqa: S112 - not this lookup
            continue
    return None


@pytest.fixture(autouse=True)
def no_real_pdf_rendering(monkeypatch):
    """The matrix checks who may have a PDF, not its pages (tests/test_pdf_*.py do): skip WeasyPrint's seconds."""
    monkeypatch.setattr("reporting.pdf.html_to_pdf", lambda html, **kwargs: b"%PDF-1.7 matrix stub")


@pytest.fixture
def packs(seed):
    """A report pack of each board, made by its manager: the pack pages' ids (a pack is its maker's alone)."""
    for slug, board in seed.items():
        pack = ReportPack.objects.create(
            created_by=User.objects.get(username=f"{slug}-manager"), quarter="2010-Q2", total=1
        )
        ReportPackPart.objects.create(pack=pack, board=board)


@pytest.mark.parametrize("username", PERSONAS)
def test_every_url_for_every_persona(seed, packs, username, django_user_model):
    user = django_user_model.objects.get(username=username)
    roles = dict(user.memberships.values_list("board__slug", "role"))
    client = Client()
    client.force_login(user)
    requests = 0
    # what removes (a funding line, a seat), then what deletes (an objective or outcome without progress) last:
    # what it takes with it (an objective's outcomes and their funding) is still there for the routes before it
    last = {"remove": 1, "delete": 2}
    patterns = sorted(all_patterns(), key=lambda p: last.get(p[0].rstrip("/").rsplit("/", 1)[-1], 0))
    assert len(patterns) >= 20
    requested = set()
    ids = {}  # per board, read again after any request that wrote something (it may have deleted them)
    for route, entry in patterns:
        for slug, board in seed.items():
            if not params(route) and slug != "kingston":
                continue  # a page without ids is requested once
            objects = ids[slug] if slug in ids else ids.setdefault(slug, ids_for(board))
            url = build_url(route, board, objects)
            if url is None:
                continue
            requested.add(route)
            role = roles.get(slug)
            has_ids = bool(params(route))
            for method in ("get", "post"):
                before = row_counts()
                outbox = len(mail.outbox)
                response = getattr(client, method)(url)
                requests += 1
                after = row_counts()
                if after != before:
                    ids.clear()
                where = f"{username} {method.upper()} {url} ({entry.name})"
                assert response.status_code < 500, where
                if has_ids and role is None:
                    assert response.status_code == 404, where
                if role in READ_ONLY_ROLES or role is None:
                    assert after == before, f"{where} wrote something"
                    assert len(mail.outbox) == outbox, f"{where} sent mail"
                if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                    body = response.content.decode()
                    for other_slug, other in seed.items():
                        if other_slug not in roles:
                            assert other.name not in body, f"{where} shows {other.name}"
    # every route was requested (a route whose ids the matrix cannot find for any board would go untested), and
    # the persona made a GET and a POST of each for every board it could be built for
    assert {route for route, _ in patterns} - requested == set()
    assert requests >= 2 * len(patterns) and requests * len(PERSONAS) >= 400


def test_anonymous_requests_are_sent_to_sign_in(seed):
    client = Client()
    for route, _entry in all_patterns():
        url = build_url(route, seed["kingston"], ids_for(seed["kingston"]))
        if url is None:
            continue
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
