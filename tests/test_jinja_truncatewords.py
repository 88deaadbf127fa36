"""The Jinja2 environment's `truncatewords` filter (lscb/jinja.py): what Django's writes, for plain text cut here
and for anything else handed to Django's."""

from django.template import engines
from django.template.defaultfilters import truncatewords as django_truncatewords
from django.utils.safestring import mark_safe

TEXTS = [
    "",
    "   ",
    "One",
    "Two words",
    "  Spaces\tand\nnew lines   between  words  ",
    "Ensure that every multi-agency partner completes the training course on safeguarding children within the year",
    "Already cut short after these four words …",
    "Ends with an ellipsis … and goes on for more words than are kept here at all",
    "<b>Markup</b> & ampersands, \"quotes\" and 'apostrophes' in a title that runs on for longer than is kept",
]


def rendered(source, **context):
    return engines["jinja2"].from_string(source).render(context)


def test_plain_text_is_cut_as_djangos_filter_cuts_it():
    for text in TEXTS:
        for length in (-1, 0, 1, 3, 4, 5, 14, 20, "7", "x"):
            expected = rendered("{{ t }}", t=django_truncatewords(text, length))
            assert rendered("{{ t|truncatewords(n) }}", t=text, n=length) == expected, (text, length)


def test_safe_text_and_numbers_go_to_djangos_filter():
    safe = mark_safe("<em>Kept</em> as markup, for it was marked safe before it was cut short")  # noqa: S308
    assert rendered("{{ t|truncatewords(3) }}", t=safe) == "<em>Kept</em> as markup, …"
    assert rendered("{{ t|truncatewords(1) }}", t=12345) == "12345"
