"""Hypothesis fuzzing of every form and upload: 1,000 examples in all, 0 server errors, nothing saved from invalid
input (a form shown again with its errors means no row changed)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.models import Action, ProgressUpdate
from plans.models import Objective, Plan, Section

pytestmark = pytest.mark.django_db

# 9 tests x 112 examples = 1,008 examples in all (some post each example to two forms)
FUZZ = settings(
    max_examples=112,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

dates = st.one_of(st.dates().map(str), st.sampled_from(["2010-09-30", "31/12/2010", "2010-02-30", "", "yesterday"]))
texts = st.one_of(st.text(max_size=300), st.sampled_from(["", " ", "<script>alert(1)</script>", "=1+1", "\x00", "9.2"]))
numbers = st.one_of(st.integers(-(10**12), 10**12).map(str), st.sampled_from(["", "1e9", "£40,000", "NaN"]))
choice = lambda *values: st.one_of(st.sampled_from(values), texts)  # noqa: E731


def counts():
    return [m.objects.count() for m in (Plan, Section, Objective, Action, ProgressUpdate)]


def post_and_check(client, url, data, files=None):
    before = counts()
    response = client.post(url, {**data, **(files or {})})
    assert response.status_code in (200, 302), (url, data, response.status_code)
    if response.status_code == 200:
        assert counts() == before, f"invalid input changed something: {data}"
    else:
        assert sum(counts()) - sum(before) <= 1, "one valid form adds at most one row"


@pytest.fixture
def manager_client(manager):
    client = Client()
    client.force_login(manager)
    return client


@pytest.fixture
def target(kingston):
    plan = kingston.plans.get()
    action = Action.objects.get(objective__plan=plan, number="4.2")
    return {
        "plan": plan,
        "objective": plan.objectives.get(number="4"),
        "action": action,
        "update": action.updates.get(),
    }


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {
            "title": texts,
            "kind": choice("business", "improvement"),
            "period_start": dates,
            "period_end": dates,
            "status": choice("draft", "approved", "closed"),
            "layout": choice("objectives", "outcomes_method"),
            "read_with": texts,
            "introduction": texts,
        }
    )
)
def test_fuzz_plan_form(manager_client, target, data):
    post_and_check(manager_client, reverse("plans:create", args=["kingston"]), data)
    post_and_check(
        manager_client,
        reverse("plans:edit", args=[target["plan"].pk]),
        {**data, "version": Plan.objects.get(pk=target["plan"].pk).version},
    )


@FUZZ
@given(data=st.fixed_dictionaries({"title": texts, "parent": numbers}))
def test_fuzz_section_form(manager_client, target, data):
    post_and_check(manager_client, reverse("plans:section_create", args=[target["plan"].pk]), data)


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {
            "number": texts,
            "title": texts,
            "section": numbers,
            "sources": numbers,
            "findings": numbers,
            "timescale": texts,
            "lead": texts,
            "version": numbers,
        }
    )
)
def test_fuzz_objective_form(manager_client, target, data):
    post_and_check(manager_client, reverse("plans:objective_create", args=[target["plan"].pk]), data)
    post_and_check(manager_client, reverse("plans:objective_edit", args=[target["objective"].pk]), data)


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {
            "number": texts,
            "text": texts,
            "method": texts,
            "lead": texts,
            "lead_user": numbers,
            "subgroup": numbers,
            "timescale": texts,
            "due_date": dates,
            "resources": texts,
            "budget": numbers,
            "version": numbers,
        }
    )
)
def test_fuzz_action_form(manager_client, target, data):
    post_and_check(manager_client, reverse("actions:create", args=[target["objective"].pk]), data)
    post_and_check(manager_client, reverse("actions:edit", args=[target["action"].pk]), data)


updates = st.fixed_dictionaries(
    {
        "as_at": dates,
        "status": choice("not_started", "in_progress", "ongoing", "achieved", "not_achieved", "superseded"),
        "rag": choice("red", "amber", "green", "blue"),
        "narrative": texts,
        "evidence": texts,
        "evidence_url": st.one_of(texts, st.sampled_from(["https://example.org/x", "javascript:alert(1)", "ftp://x"])),
    }
)
uploads = st.one_of(
    st.none(),
    st.tuples(
        st.sampled_from(["minutes.pdf", "x.exe", "noext", "a.docx", "b.png", "../../etc/passwd", "c.csv"]),
        st.binary(max_size=2048),
    ),
)


@FUZZ
@given(data=updates, upload=uploads)
def test_fuzz_progress_form_and_evidence_upload(manager_client, target, data, upload):
    files = {"evidence_file": SimpleUploadedFile(upload[0], upload[1])} if upload else None
    post_and_check(manager_client, reverse("actions:progress", args=[target["action"].pk]), data, files)


@FUZZ
@given(data=updates)
def test_fuzz_correction_form(manager_client, target, data):
    post_and_check(manager_client, reverse("actions:correct", args=[target["action"].pk, target["update"].pk]), data)


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {"impact_evidenced_on": dates, "impact_evidence": texts, "follow_up_review_on": dates, "version": numbers}
    )
)
def test_fuzz_impact_form(manager_client, kingston, data):
    achieved = Action.objects.get(objective__plan__board=kingston, number="16.1")
    post_and_check(manager_client, reverse("actions:impact", args=[achieved.pk]), data)


@FUZZ
@given(rows=st.lists(updates, min_size=0, max_size=7), total=st.one_of(st.integers(-1, 60).map(str), texts))
def test_fuzz_quarterly_sheet(lead, rows, total):
    client = Client()
    client.force_login(lead)
    data = {"row-TOTAL_FORMS": total, "row-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update(
            {f"row-{i}-{k}": v for k, v in row.items() if k in ("as_at", "status", "rag", "narrative", "evidence_url")}
        )
    before = counts()
    response = client.post(reverse("actions:my_actions"), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert counts() == before


@FUZZ
@given(username=texts, password=texts)
def test_fuzz_login_form(seed, username, password):
    response = Client().post("/accounts/login/", {"login": username, "password": password})
    assert response.status_code in (200, 429)
