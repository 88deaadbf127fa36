"""The year's story for the annual report: a print-friendly page, its PDF (the same HTML) and a Word copy, for a
financial year (`?year=2010-11`) or the plan's whole period (`?year=plan`). The printed reports' access: another
board's plan is a 404, the print permission a 403; only GET and HEAD."""

from reporting import pdf

from . import word
from .report_views import _bad_request, _filename, _html_response, _pdf_response, _readable_plan
from .word_views import _docx_response
from .year import period_from_query, year_html, year_story


def _story(request, pk, *, strict):
    """(story, form, None) or (None, None, response): access first, then the period (with `strict`, a bad one is
    a 400: a download has no place to say so)."""
    plan, refused = _readable_plan(request, pk)
    if refused:
        return None, None, refused
    period, form = period_from_query(request.GET, plan)
    if strict and form.is_bound and form.errors:
        return None, None, _bad_request(form.errors)
    return year_story(plan, period), form, None


def year(request, pk):
    """The story on screen, ready for the browser's Print."""
    story, form, refused = _story(request, pk, strict=False)
    if refused:
        return refused
    return _html_response(year_html(story, request=request, screen={"period_form": form}))


def year_pdf(request, pk):
    story, _form, refused = _story(request, pk, strict=True)
    if refused:
        return refused
    filename = _filename(story.plan, "year", story.period.code)
    return _pdf_response(pdf.html_to_pdf(year_html(story)), filename)


def year_docx(request, pk):
    story, _form, refused = _story(request, pk, strict=True)
    if refused:
        return refused
    return _docx_response(word.year_docx(story), _filename(story.plan, "year", story.period.code, ext="docx"))
