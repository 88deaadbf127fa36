"""The Jinja2 environment's `date` filter (lscb/jinja.py): Django's, in the language active when a template is
rendered, though it asks for that language once per rendering."""

from datetime import date, datetime

from django.template import engines
from django.template.defaultfilters import date as django_date
from django.utils import timezone, translation


def rendered(source, **context):
    return engines["jinja2"].from_string(source).render(context)


def test_a_day_is_written_as_djangos_filter_writes_it_in_the_language_of_each_rendering():
    template = '{{ a|date("j F Y") }}, {{ b|date("D j M") }}'
    days = {"a": date(2024, 3, 31), "b": date(2025, 12, 1)}
    for language in ("en-gb", "fr", "en-gb", "de"):
        with translation.override(language):
            expected = f"{django_date(days['a'], 'j F Y')}, {django_date(days['b'], 'D j M')}"
            assert rendered(template, **days) == expected, language
    with translation.override("fr"):
        assert "mars" in rendered(template, **days)


def test_a_moment_is_written_as_djangos_filter_writes_it():
    moment = timezone.make_aware(datetime(2024, 3, 31, 23, 30))
    assert rendered('{{ m|date("j F Y H:i") }}', m=moment) == django_date(moment, "j F Y H:i")
