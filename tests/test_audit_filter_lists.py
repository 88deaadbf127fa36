"""The auditors' filter's lists at national scale: whether each capped list (plans, sections, objectives, reviews,
findings, lead users, subgroups) is too long is read with the user's boards, in the same query, so a list too long
reads nothing more; the page then says to narrow first. The lists are made 'too long' here by a cap of none."""

import pytest
from django.urls import reverse

from reporting.filters import ActionFilter, CappedModelChoiceField
from tests.test_audit_filter import count_of, row_ids

pytestmark = pytest.mark.django_db

CAPPED = ("plan", "section", "objective", "review", "finding", "lead_user", "subgroup")


@pytest.fixture
def no_list_fits(monkeypatch):
    for name in CAPPED:
        monkeypatch.setattr(ActionFilter.base_filters[name], "list_at_most", 0)


@pytest.mark.parametrize("who", ["llr_manager", "auditor"])  # one board, three boards
def test_lists_too_long_read_nothing_more(login, who, request, no_list_fits, django_assert_num_queries):
    client = login(request.getfixturevalue(who))
    # 1 session, 2 user, 3 the codes and kinds of the visible reviews, 4 the span of the user's plans (the quarters
    # offered), 5 the user's boards with whether each capped list is too long (the Board list, the order of the
    # pages), 6 the number of actions of each board, 7 the page's actions, 8 the own dates of their plans, 9 their
    # latest updates; no query for the other lists, except (LLR alone) 10 the lead users list: no action of LLR has
    # a lead user, and an empty list fits, so it is read
    with django_assert_num_queries({"llr_manager": 10, "auditor": 9}[who]):
        response = client.get(reverse("reporting:find"))
    assert len(row_ids(response)) == min(50, count_of(response))
    page = response.content.decode()
    assert '<option value="" selected>Any plan (too many to list: choose a board first)</option>' in page
    assert '<option value="" selected>Any objective (too many to list: choose a board or plan first)</option>' in page


def test_a_list_that_fits_is_listed(login, auditor):
    response = login(auditor).get(reverse("reporting:find"))
    form = response.context["form"]
    for name in CAPPED:
        assert isinstance(form.fields[name], CappedModelChoiceField)
        assert not form.fields[name].too_long, name
    assert "too many to list" not in response.content.decode()
