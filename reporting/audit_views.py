"""The auditors' filter across boards, and its CSV and XLSX exports. Thin: `reporting.audit.Search` scopes to
the user's boards, filters, rates and orders; `reporting.exports` writes. Read-only for every role."""

from django import forms
from django.http import HttpResponseBadRequest
from django.shortcuts import render

from lscb.jinja import render as render_fragment
from lscb.paging import page_links
from lscb.security import audit
from reporting import exports

from .audit import Search

FIELD_GROUPS = (
    ("Where", ("board", "plan", "section", "objective")),
    ("Why: the source", ("source", "review", "review_kind", "finding")),
    ("How it stands", ("as_at", "quarter", "status", "rag", "overdue", "no_update")),
    ("Who and when", ("lead", "lead_user", "subgroup", "due_from", "due_to")),
    ("Words and order", ("q", "sort")),
)
SORTABLE = ("board", "number", "due", "rag")
TRUE = ("1", "true", "yes", "on")


def _query(params, **changes):
    """The query string with `changes` (None removes a parameter)."""
    query = params.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value is not None:
            query[name] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else ""


def _mark_errors(form):
    for name in form.errors:
        if name in form.fields:
            attrs = form.fields[name].widget.attrs
            attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            attrs["aria-invalid"] = "true"
            field = form[name]
            helptext = f" {field.auto_id}_helptext" if field.help_text else ""
            attrs["aria-describedby"] = f"{name}_error{helptext}"


def _select(field):
    """What the page's template needs to write a select as Django's widget would (its attributes, and each option
    with whether it is selected), without a template per option: the Board list alone has 300. None for other
    fields (Django renders them)."""
    widget = field.field.widget
    if not isinstance(widget, forms.Select):
        return None
    attrs = field.build_widget_attrs(widget.attrs)
    chosen = widget.format_value(field.value())
    options, selected = [], False
    for value, label in widget.choices:
        value = "" if value is None else str(value)
        is_chosen = not selected and value in chosen
        selected = selected or is_chosen
        options.append((value, label, is_chosen))
    return {"attrs": [(name, value) for name, value in attrs.items() if value not in (None, False)], "options": options}


def find(request):
    """Actions of every board the user may read, filtered by the query string (bookmark it, share it)."""
    return render(request, "reporting/audit_find.html", {"breadcrumbs": True, **_find_context(request)})


def _find_context(request):
    search = Search(request.user, request.GET)
    page, rows = search.page(request.GET.get("page"))
    form = search.filterset.form
    _mark_errors(form)
    params = request.GET
    export_query = _query(params, page=None)
    history_query = _query(params, page=None, history="1")
    sort_links = {}
    for key in SORTABLE:
        next_sort = f"-{key}" if search.sort == key else key
        sort_links[key] = {
            "url": _query(params, page=None, sort=next_sort),
            "aria": ("ascending" if search.sort == key else "descending" if search.sort == f"-{key}" else ""),
        }
    groups = [(legend, [(form[name], _select(form[name])) for name in names]) for legend, names in FIELD_GROUPS]
    return {
        "search": search,
        "form": form,
        # the fields' options (300 boards) and the page's rows: Jinja2, whose lookups cost what Python's do
        # (lscb/jinja.py); in Django's engine they were half the page's time
        "fields_html": render_fragment(request, "reporting/audit_fields.html", {"groups": groups}),
        **page_links(page, _query(params, page=None)),
        "rows_html": render_fragment(request, "reporting/audit_rows.html", {"rows": rows}),
        "count": page.paginator.count,
        "as_at": search.as_at if search.valid else None,
        "sort_links": sort_links,
        "export": {
            "query": export_query,
            "history_query": history_query,
        },
    }


def _export(request, respond):
    search = Search(request.user, request.GET)
    if not search.valid:
        message = "The filter was not understood, so nothing was exported.\n" + "\n".join(search.problems)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    history = request.GET.get("history", "").lower() in TRUE
    rows = search.all_rows(prefetch=("objective__sources",))
    filename = "actions"
    if search.chosen_as_at:
        filename += f"-as-at-{search.chosen_as_at.isoformat()}"
    if history:
        filename += "-history"
    response = respond(rows, filename, history=history)
    audit(
        request,
        "export",
        format=filename_format(response),
        filter=request.GET.urlencode() or "(none)",
        actions=len(rows),
        history="yes" if history else "no",
    )
    return response


def filename_format(response):
    return "xlsx" if response["Content-Disposition"].endswith('.xlsx"') else "csv"


def export_csv(request):
    """Exactly the filtered rows, in the page's order, as CSV (`history=1`: one row per progress update)."""
    return _export(request, exports.csv_response)


def export_xlsx(request):
    """Exactly the filtered rows, in the page's order, as an Excel workbook (`history=1`: one row per
    update)."""
    return _export(request, exports.xlsx_response)
