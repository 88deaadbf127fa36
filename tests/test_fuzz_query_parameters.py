"""Hypothesis fuzzing of every GET parameter of every page: no query string answers 500 (a page shown with its
form's errors, a 400, or the page as usual).

The parameters are found, not listed: each route of the URL matrix (tests/test_url_matrix.py, so a new page is
covered without editing this test) is requested once by each persona with a marker parameter, through a request
whose GET records every name the view reads (a bound form reads each of its fields; `as_at`, `quarter`, `page`,
`history`, `board`...). Then, for each route and persona that may read it (the plain GET answers 200), Hypothesis
sends a few query strings mixing those names with generated text, dates and quarters at and past the ends of the
calendar, huge numbers and repeated values. A few examples per route keep it under a minute."""

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.http import QueryDict
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_url_matrix import all_patterns, build_url, ids_for, packs  # noqa: F401 (packs: a fixture)

pytestmark = pytest.mark.django_db

PERSONAS = ["kingston-manager", "kingston-lead", "kingston-chair", "auditor"]
PROBE = "probe-marker"  # makes request.GET non-empty, so that views bind their forms to it and read every field
EXAMPLES = 2  # generated query strings per route and persona, after the sweep of AWKWARD values

AWKWARD = [
    "",
    "0001-01-01",
    "9999-12-31",
    "0000-Q1",
    "9999-Q4",
    "Q2 2010/11 (July to September 2010)",
    "-1",
    "99999999999999999999999",
    "\x00",
    "a" * 5000,
]
values = st.one_of(
    st.sampled_from(AWKWARD), st.text(max_size=40), st.integers(-(10**20), 10**20).map(str), st.dates().map(str)
)


class RecordingQueryDict(QueryDict):
    """A QueryDict that notes every name read from it (in READ)."""

    READ = set()

    def _note(self, key):
        if isinstance(key, str) and key != PROBE:
            self.READ.add(key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)


@pytest.fixture
def recording_get(monkeypatch):
    def recorded(request):
        if not hasattr(request, "_recorded_get"):
            request._recorded_get = RecordingQueryDict(request.environ.get("QUERY_STRING", ""))
        return request._recorded_get

    monkeypatch.setattr(WSGIRequest, "GET", property(recorded))
    return RecordingQueryDict.READ


@pytest.fixture(autouse=True)
def no_real_pdf_rendering(monkeypatch):
    """Who may have a PDF and what its parameters do, not its pages: WeasyPrint's seconds skipped."""
    monkeypatch.setattr("reporting.pdf.html_to_pdf", lambda html, **kwargs: b"%PDF-1.7 fuzz stub")


def readable_pages(client, seed, read, skip=frozenset()):
    """(url, the names its view reads) for each GET page the client's persona may read (200), other than `skip`."""
    pages = []
    board = seed["kingston"]
    objects = ids_for(board)  # a GET writes nothing: the same ids serve every route
    for route, _entry in all_patterns():
        url = build_url(route, board, objects)
        if url is None or url in skip:
            continue
        read.clear()
        if client.get(url, {PROBE: "1"}).status_code == 200 and read:
            pages.append((url, sorted(read)))
    return pages


def test_every_parameter_given_each_awkward_value_answers_no_500(
    seed,
    packs,  # noqa: F811
    django_user_model,
    recording_get,
):
    """Each page once (by the first persona who reads it), each AWKWARD value in every name its view reads. A later
    persona looks only for the pages no earlier one could read."""
    swept = set()
    for username in PERSONAS:
        client = Client()
        client.force_login(django_user_model.objects.get(username=username))
        for url, read in readable_pages(client, seed, recording_get, skip=swept):
            if url in swept:  # two routes, one url
                continue
            swept.add(url)
            for value in AWKWARD:
                response = client.get(url, dict.fromkeys(read, value))
                assert response.status_code < 500, (username, url, value, response.status_code)
    assert len(swept) >= 15


@pytest.mark.parametrize("username", PERSONAS)
def test_no_query_string_answers_500(seed, packs, username, django_user_model, recording_get):  # noqa: F811
    client = Client()
    client.force_login(django_user_model.objects.get(username=username))
    pages = readable_pages(client, seed, recording_get)
    names = {name for _url, read in pages for name in read}
    assert pages and {"as_at"} <= names, names  # the discovery works: the date pages read their as_at
    for url, read in pages:
        fuzz_page(client, username, url, read)


def fuzz_page(client, username, url, read):
    """A few generated query strings of the names `read` on `url`: none answers 500."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=st.lists(st.tuples(st.sampled_from(read), values), min_size=1, max_size=4))
    def fuzz(query):
        params = QueryDict(mutable=True)
        for name, value in query:
            params.appendlist(name, value)
        response = client.get(f"{url}?{params.urlencode()}")
        assert response.status_code < 500, (username, url, query, response.status_code)

    fuzz()
