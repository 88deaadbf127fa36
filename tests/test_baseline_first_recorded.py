"""A document's progress column is a baseline, not news: Kingston's Progress September 2010 column dates some of
its work to 2009 ("approved Sept 09", "presented to Mar 10 meeting"), so its first updates show as first recorded
in the Q2 2010/11 report, never as achieved that quarter, and their author reads as the document."""

from datetime import date

import pytest
from django.urls import reverse

from actions import rag
from actions.models import Action, ProgressUpdate, Status
from reporting.reports import quarterly_html
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

Q2 = rag.Quarter(2010, 2)
Q3 = rag.Quarter(2010, 3)
DOCUMENT = "Kingston LSCB Improvement Plan 2009-2010"


@pytest.fixture
def plan(kingston):
    return kingston.plans.get()


def text_of(html):
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_q2_report_shows_the_documents_column_as_first_recorded_not_achieved(plan):
    text = text_of(quarterly_html(plan, Q2))
    assert "Achieved in Q2 2010/11 0" in text
    assert "First recorded in Q2 2010/11 47" in text
    assert "· First recorded 47" in text and "+ New 0" in text
    assert "No action became achieved in Q2 2010/11." in text
    assert "Actions that became achieved between" not in text
    # "ACHIEVED Governance arrangements approved Sept 09": in the plan's table, not as news of Q2
    achieved_part = text[text.index("No action became achieved") : text.index("No update in Q2 2010/11")]
    assert "12.1" not in achieved_part and "14.2" not in achieved_part


def test_its_author_reads_as_the_document(plan, login, chair):
    update = ProgressUpdate.objects.get(action__objective__plan=plan, action__number="12.1")
    assert update.from_document and update.author_label == DOCUMENT
    assert "Progress September 2010" not in update.author_label
    rating = rag.ratings_for(Action.objects.filter(pk=update.action_id), Q2.end)[update.action_id]
    assert rating.reason == f"Blue: achieved (update of 30 Sep 2010 by {DOCUMENT})"
    text = page_text(login(chair).get(reverse("actions:detail", args=[update.action_id])))
    assert f"by {DOCUMENT}" in text and "by Progress September 2010" not in text


def test_progress_recorded_after_the_baseline_is_news(plan, manager):
    action = Action.objects.get(objective__plan=plan, number="4.3")  # In progress in the document
    ProgressUpdate.objects.create(action=action, as_at=date(2010, 11, 30), status=Status.ACHIEVED, author=manager)
    text = text_of(quarterly_html(plan, Q3))
    assert "Achieved in Q3 2010/11 1" in text
    achieved_part = text[text.index("Actions that became achieved between") : text.index("No update in Q3 2010/11")]
    assert "4.3 Develop a “Job description”" in achieved_part
    assert "First recorded in Q3 2010/11" not in text  # the baseline belongs to Q2
