"""The plan page's table, rendered by Jinja2 (templates/jinja2/reporting/plan_table.html); every other page,
and the printed plan, are Django templates.

Why Jinja2 here: the table is the page's cost. A plan of 100 outcomes is some 1,500 cells and, for its manager,
750 links and 240 forms; Django's engine resolves each variable through its lookup chain and each include, inclusion
tag and `{% url %}` per row on top. Measured side by side on the synthetic plan of 100 outcomes and 1,200 updates
(PostgreSQL at 300 boards, bench settings, the median of 31 interleaved runs, as multiples of the hello-world
page timed in the same runs): the table as the Django partials drew it 18.7x for a manager and 6.1x for an
auditor; the same Django table made lean (no includes or inclusion tags, URLs and row fields precomputed in
Python) 5.9x and 3.4x; this Jinja2 template, on the same rows, 1.9x and 0.8x. Jinja2 compiles a template to Python,
so its lookups cost what Python's do; autoescaping is on (Django's Jinja2 backend). The environment and `Route` are
lscb/jinja.py's, shared with the update sheet's rows.

The markup is the site's own (the RAG badge of reporting/_rag_badge.html, a manager's controls); the template
reverses each URL once (`Route`) and fills it per row, and reverses a manager's only for a page that draws them. A
macro is called only where it draws something (a withdrawn note, a carried-forward note, a manager's controls): a
Jinja2 macro call costs more than its test, and an auditor's table made 500 calls of them that drew nothing.
"""

from actions.models import ProgressUpdate
from lscb.jinja import render

TEMPLATE = "reporting/plan_table.html"
# each update's status as get_status_display() says it (the field's labels, looked up in a dict): Django's method
# flattens and hashes the choices again on each of a hundred rows
STATUS_LABELS = dict(ProgressUpdate._meta.get_field("status").flatchoices)


def render_plan_table(request, *, plan, rows, can, as_at):
    """The table's HTML (autoescaped by Jinja2) for `rows` of `reporting.tables.plan_rows`."""
    context = {"plan": plan, "rows": rows, "can": can, "as_at": as_at, "status_labels": STATUS_LABELS}
    return render(request, TEMPLATE, context)
