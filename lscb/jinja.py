"""Jinja2 for the few pieces of a page whose rows are its cost (settings TEMPLATES, backend "jinja2"): the plan page's
table (reporting/plan_table.py says why and what it measured), the update sheet's rows (actions/sheet.py) and the
board dashboard's lines and tables of numbers (reporting/dashboards.py). Every other page is a Django template.

Django's engine resolves each variable through its lookup chain and each include, inclusion tag and `{% url %}` per
row; Jinja2 compiles a template to Python, so its lookups cost what Python's do. Autoescaping is always on, as Django's
Jinja2 backend sets it. A template reverses each URL once (`route`) and fills it per row, and draws once what each
row draws alike but for a name (`stencil`), filling in each row's.
"""

import datetime
from functools import lru_cache

from django.template import defaultfilters
from django.template.defaultfilters import floatformat
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from jinja2 import Environment, pass_eval_context
from markupsafe import Markup, escape


class Route:
    """A named URL whose first argument is a row's id or slug: reversed once, then filled per row (`route(pk)`)."""

    MARK = 2147483647  # an id no row has, that every int converter accepts (and the slug converter: digits)

    def __init__(self, name, *rest):
        self.prefix, self.suffix = reverse(name, args=[self.MARK, *rest]).split(str(self.MARK))

    def __call__(self, pk):
        return f"{self.prefix}{pk}{self.suffix}"


class Stencil:
    """Markup drawn once with a mark where each row's own text goes, then filled per row (`stencil(text)`): for what
    a template draws the same in each row but for one name (a new row's empty fields on the update sheet)."""

    MARK = "\x00"  # in no text a page shows

    def __init__(self, drawn):
        self.parts = str(drawn).split(self.MARK)

    def __call__(self, text):
        # the parts are drawn markup (escaped by the template), the text escaped here
        return Markup(str(escape(text)).join(self.parts))  # noqa: S704


def fill(text, stencil):
    """`text` filled into `stencil` (a Stencil) where its marks are, as `stencil(text)`: a filter, which Jinja calls
    directly, where a call in a template goes through its context (`Context.call`), which cost more than the filling
    (a board dashboard fills 600 badges)."""
    return stencil(text)


@pass_eval_context
def date(eval_ctx, value, arg=None):
    """Django's `date` filter. A day (a `datetime.date`, not a datetime, whose text depends on the time zone) is
    formatted once per format and language: a sheet or table of a hundred outcomes writes the same few dates (last
    quarter's end, the plan's due dates) hundreds of times, and Django's formatter parses the format each time. The
    active language is asked once per rendering (kept on its evaluation context, which lives as long as it): asking
    Django, through asgiref's Local, cost more than the formatted day's lookup."""
    if type(value) is datetime.date:
        language = getattr(eval_ctx, "lscb_language", None)
        if language is None:
            language = eval_ctx.lscb_language = get_language()
        return _formatted_day(value, arg, language)
    return defaultfilters.date(value, arg)


@lru_cache(maxsize=4096)
def _formatted_day(value, arg, language):  # `language`: the active one, part of the key (month names)
    return defaultfilters.date(value, arg)


def truncatewords(value, arg):
    """Django's `truncatewords` (the first `arg` words, joined by single spaces, then " …" where some were cut). A
    plain string is cut here, as Django's `Truncator.words` cuts it, without building that lazy object per call (a
    review's trace cuts hundreds of titles); anything else (safe text, a number) goes to Django's filter."""
    if type(value) is not str:
        return defaultfilters.truncatewords(value, arg)
    try:
        length = int(arg)
    except ValueError:
        return value
    if length <= 0:
        return ""
    words = value.split()
    if len(words) <= length:
        return " ".join(words)
    text = " ".join(words[:length])
    return text if text.endswith(" …") else f"{text} …"


def environment(**options):
    """The Jinja2 environment (settings TEMPLATES): autoescaping always on, Django's `date`, `floatformat` and
    `truncatewords` filters (`date` and `truncatewords` as above), `route`, `stencil` and `fill`, and the `do` statement
    (jinja2.ext.do: a template fills a dict of what it draws once)."""
    options.pop("autoescape", None)
    extensions = ["jinja2.ext.do", *options.pop("extensions", [])]
    env = Environment(autoescape=True, extensions=extensions, **options)
    env.globals["route"] = Route
    env.globals["stencil"] = Stencil
    env.filters["fill"] = fill
    env.filters["date"] = date
    env.filters["floatformat"] = floatformat
    env.filters["truncatewords"] = truncatewords
    return env


def render(request, template, context):
    """`template` (under templates/jinja2/) rendered with `context`, as HTML a Django template includes as it is
    (Jinja2 escaped what it had to)."""
    return mark_safe(get_template(template, using="jinja2").render(context, request))  # noqa: S308
