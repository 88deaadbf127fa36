"""A review's trace for an inspector's evidence file: one table of what the review page shows (each finding, each
objective of the user's boards answering it, each of its outcomes with status and RAG as at the date), as a
tagged PDF and as CSV. Both read `reporting.trace.trace_review`: no second copy of its rules."""

import csv
from dataclasses import dataclass

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from actions import rag

from .exports import csv_safe

PDF_TEMPLATE = "reporting/report/review_trace.html"
HEADERS = (
    "Board",
    "Plan",
    "Objective",
    "Objective text",
    "Finding",
    "Outcome",
    "Outcome text",
    "Status",
    "RAG",
    "As at",
)
NOT_TIED = "None: cites the review"
UNANSWERED = "No objective answers this finding"


@dataclass
class Line:
    """One finding, one objective answering it and one of its outcomes (action), as the review page shows them;
    `objective` None for a finding the board answers with none, `action` None for an objective with none."""

    board: object
    finding: object  # None: an objective citing the review without answering one of its findings
    objective: object = None
    line: object = None  # reporting.trace.ActionLine

    @property
    def finding_label(self):
        return f"{self.finding.number}. {self.finding.text}" if self.finding else NOT_TIED

    def values(self, trace):
        objective, line = self.objective, self.line
        if objective is None:
            day = trace.as_at.chosen
        elif line is None:
            day = trace.as_at.of(objective.plan_id)
        else:
            day = line.as_at
        return [
            self.board.name,
            objective.plan.title if objective else "",
            objective.number if objective else "",
            objective.display_title if objective else "",
            self.finding_label,
            line.action.number if line else "",
            line.action.text if line else ("" if objective else UNANSWERED),
            line.rating.status_label if line else ("No actions under this objective" if objective else ""),
            line.rating.letter if line else "",
            day,
        ]


def lines(trace):
    """Every Line of the trace, in the page's order: per finding, per board, per objective, per outcome; then
    each board's objectives citing the review without answering one of its findings."""
    result = []

    def add(board, finding, objective_traces):
        for o in objective_traces:
            result.extend(Line(board, finding, o.objective, line) for line in o.lines)
            if not o.lines:
                result.append(Line(board, finding, o.objective))

    for row in trace.rows:
        for cell in row.cells:
            if cell.objectives:
                add(cell.board, row.finding, cell.objectives)
            else:
                result.append(Line(cell.board, row.finding))
    for column in trace.columns:
        add(column.board, None, column.not_tied_to_a_finding)
    return result


def filename(review, ext):
    """'review-pr-trace.pdf'."""
    return f"review-{slugify(review.code) or review.pk}-trace.{ext}"


def _attachment(response, name):
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-cache"
    return response


def csv_response(trace):
    """The trace as CSV: a header row, then one row per Line (text that would be a formula behind a quote)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")  # a byte-order mark, so that Excel reads UTF-8 (’, £) as UTF-8
    writer = csv.writer(response)
    writer.writerow(HEADERS)
    for line in lines(trace):
        writer.writerow([csv_safe(value) for value in line.values(trace)])
    return _attachment(response, filename(trace.review, "csv"))


def trace_html(trace, responses):
    """The print document of the trace: what `reporting.pdf.html_to_pdf` renders (tagged PDF/UA-1)."""
    context = {
        "review": trace.review,
        "trace": trace,
        "lines": [(line, line.values(trace)) for line in lines(trace)],
        "headers": HEADERS,
        "responses": responses,
        "rules": rag.RULES,
        "roll_up_rule": rag.ROLL_UP_RULE,
        "direction_rule": rag.DIRECTION_RULE,
    }
    return render_to_string(PDF_TEMPLATE, context)


def pdf_response(content, review):
    return _attachment(HttpResponse(content, content_type="application/pdf"), filename(review, "pdf"))
