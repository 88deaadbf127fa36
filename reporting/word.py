"""Word (.docx) copies of the printed reports, for a business manager to add the cover report a board's template
needs: the plan in its board's own layout as at a date, and the chair's quarterly report.

Built from the very objects the HTML reports print (`reporting.reports.plan_report` and `quarterly_report`: the
rows of `reporting.tables`, the read model of `reporting.rollup`), so a Word copy says what the PDF says. Only the
presentation is Word's: real tables whose header row repeats on every page (w:tblHeader), A4 landscape, Heading
1-3 styles (Word's navigation pane lists them), the RAG letter printed as text on its colour (never the colour
alone), the document's title and language (en-GB) in its properties.
"""

from io import BytesIO

import docx
from django.utils import dateformat, timezone
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from actions import rag
from plans.models import Plan

from . import reports
from .charts import FILL, INK
from .reports import plan_report, quarterly_report

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LANGUAGE = "en-GB"
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(297), Mm(210), Mm(15)
RAG_KEY = (
    "Progress ratings: R = Red (off track), A = Amber (at risk), G = Green (on track), B = Blue (complete), "
    "– = not rated; “overdue” marks an action past its due date and not achieved."
)


def _day(d, fmt="j F Y"):
    return dateformat.format(d, fmt)


# --------------------------------------------------------------------------------------------------
# The document: properties, page, headings, tables
# --------------------------------------------------------------------------------------------------


# the end of a run's properties in the schema's order: w:shd (the RAG letter's colour) and w:lang go there
_RPR_TAIL = (
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


def _insert_in_rpr(rpr, element):
    """Put `element` in a run's properties where the schema wants it (Word rejects a misplaced one)."""
    names = [qn(name) for name in _RPR_TAIL]
    rpr.insert_element_before(element, *_RPR_TAIL[names.index(element.tag) + 1 :])


def _new_document(title, board, footer):
    """An empty A4 landscape document titled `title`, in British English, with `footer` and 'Page N of M' at the
    foot of every page."""
    document = docx.Document()
    properties = document.core_properties
    properties.title = title
    properties.language = LANGUAGE
    properties.author = board.name
    properties.last_modified_by = board.name
    properties.subject = board.name
    properties.comments = ""
    properties.keywords = ""
    properties.created = properties.modified = timezone.now()  # not the library template's 2013
    properties.revision = 1
    # the language of the text (spelling, screen readers' voice) as well as the property
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = defaults.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        _insert_in_rpr(defaults, lang)
    lang.set(qn("w:val"), LANGUAGE)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    paragraph = section.footer.paragraphs[0]
    paragraph.add_run(f"{footer} · Page ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES", "1")
    normal = document.styles["Normal"]
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    return document


def _styled(document, text, style):
    """`document.add_paragraph(text, style=style)`, without python-docx's look-up of the template's default style
    on every styled paragraph (a walk of every style it holds: about 2 ms a paragraph, once most of a Word copy's
    time); the style's id is looked up once per document and name."""
    ids = document.__dict__.setdefault("_lscb_style_ids", {})
    if style not in ids:
        ids[style] = document.styles[style].style_id
    paragraph = document.add_paragraph(text)
    paragraph._p.style = ids[style]
    return paragraph


def _heading(document, text, level):
    """`document.add_heading(text, level)` through `_styled`: Heading 1 to 3, which Word's navigation pane lists."""
    return _styled(document, text, f"Heading {level}")


def _field(paragraph, instruction, placeholder):
    """A field Word fills in (PAGE, NUMPAGES), showing `placeholder` until it does."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _bytes(document):
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _rag(paragraph, rating, flags=True):
    """The rating's letter as text, on its colour ('B' on blue, '–' for not rated), then with `flags` the word
    'overdue' or 'completed late' where it applies: the letter and the words say it without the colour."""
    run = paragraph.add_run(f" {rating.letter} ")
    run.bold = True
    run.font.color.rgb = RGBColor.from_string(INK[rating.colour].lstrip("#").upper())
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), FILL[rating.colour].lstrip("#").upper())
    _insert_in_rpr(run._r.get_or_add_rPr(), shading)
    if flags and rating.overdue:
        paragraph.add_run(" overdue")
    elif flags and rating.completed_late:
        paragraph.add_run(" completed late")


def _text(cell_or_paragraph, text, bold=False):
    """Text into a cell's first paragraph (or a paragraph); line breaks kept, as the document wrote them."""
    paragraph = cell_or_paragraph.paragraphs[0] if hasattr(cell_or_paragraph, "paragraphs") else cell_or_paragraph
    run = paragraph.add_run(str(text or ""))
    run.bold = bold
    return paragraph


def _table(document, caption, headings, widths):
    """A table with `caption` (printed above it, and its alternative-text title) and a header row of
    `headings` that Word repeats at the top of every page the table runs onto. `widths` in percent."""
    _styled(document, caption, "Caption")
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.autofit = False
    properties = table._tbl.tblPr
    alt = OxmlElement("w:tblCaption")
    alt.set(qn("w:val"), caption[:250])
    properties.append(alt)
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, heading in zip(header.cells, headings, strict=True):
        _text(cell, heading, bold=True)
    usable = PAGE_WIDTH - 2 * MARGIN
    table._widths = [int(usable * w / 100) for w in widths]
    for column, width in zip(table.columns, table._widths, strict=True):
        column.width = width
    _size(header, table._widths)
    return table


def _size(row, widths):
    for cell, width in zip(row.cells, widths, strict=False):
        cell.width = width


def _row(table, *texts):
    """A body row; each of `texts` a string (written as is) or a callable given the cell to fill."""
    row = table.add_row()
    _size(row, table._widths)
    for cell, content in zip(row.cells, texts, strict=True):
        if callable(content):
            content(cell)
        else:
            _text(cell, content)
    return row


def _heading_row(table, title):
    """A section or theme heading across the table (LLR's CORE WORK, Community Engagement)."""
    row = table.add_row()
    _size(row, table._widths)
    cell = row.cells[0].merge(row.cells[-1])
    _text(cell, title, bold=True)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), "E8E8E8")
    cell._tc.get_or_add_tcPr().append(shading)
    return row


def _bullets(document, items):
    for item in items:
        _styled(document, str(item), "List Bullet")


# --------------------------------------------------------------------------------------------------
# The plan's table, in its board's layout (as templates/reporting/report/_table_*.html lay it out)
# --------------------------------------------------------------------------------------------------


def _progress_cell(row, rated):
    """The Progress column: each statement after the outcomes it reports on with their RAG letters, as
    `reporting.tables` groups them."""

    def fill(cell):
        paragraph = cell.paragraphs[0]
        if not row.progress:
            _text(paragraph, "No progress recorded")
        for n, entry in enumerate(row.progress):
            if n:
                paragraph = cell.add_paragraph()
            for i, action in enumerate(entry.actions):
                paragraph.add_run(("" if i == 0 else ", ") + str(action.number))
                if rated:
                    _rag(paragraph, action.rating)
            paragraph.add_run(f" {reports.statement(entry.update)}")

    return fill


def _outcomes_cell(actions):
    def fill(cell):
        heading = ""
        for n, action in enumerate(actions):
            if action.heading and action.heading != heading:  # the heading it sits under, once (Leeds' slides)
                paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
                paragraph.add_run(action.heading).bold = True
            heading = action.heading
            paragraph = cell.paragraphs[0] if n == 0 and not action.heading else cell.add_paragraph()
            paragraph.add_run(f"{action.number} ").bold = True
            paragraph.add_run(action.text)

    return fill


def _objectives_table(document, report):
    """Kingston's layout: Objectives | Source | Time Scale | Outcomes | Lead Officer | Progress, headed as the
    plan's document heads it (`Plan.headings`)."""
    plan, as_at = report.plan, report.as_at
    table = _table(
        document,
        f"{plan.title}: objectives, sources, time scales, outcomes, leads and progress as at {_day(as_at)}",
        plan.headings(as_at),
        [16, 5.5, 7.5, 30, 13, 28],
    )
    for row in report.rows:
        for heading in row.headings:
            _heading_row(table, heading.title)
        objective = row.objective
        _row(
            table,
            lambda cell, o=objective: _text(cell, f"{o.number}. {o.display_title}", bold=True),
            "\n".join(source.code for source in objective.sources_cited),
            objective.timescale,
            _outcomes_cell(row.actions),
            objective.lead,
            _progress_cell(row, report.rated),
        )
    return table


def _outcome_progress(action, rated):
    def fill(cell):
        paragraph = cell.paragraphs[0]
        if rated:
            _rag(paragraph, action.rating)
        paragraph.add_run(f" {reports.statement(action.latest_update)}")

    return fill


def _outcomes_method_table(document, report):
    """LLR's layout: No. | Outcomes | Method | Lead | Timescale & Resources | Progress, under section and theme
    headings, headed as the plan's document heads it (`Plan.headings`)."""
    plan, as_at = report.plan, report.as_at
    table = _table(
        document,
        f"{plan.title}: outcomes, methods, leads, timescales and resources, with progress as at {_day(as_at)}",
        plan.headings(as_at),
        [5, 20, 25, 12, 14, 24],
    )
    for row in report.rows:
        for heading in row.headings:
            _heading_row(table, heading.title)
        objective = row.objective
        if objective.title and objective.title != (objective.section.title if objective.section else None):
            _heading_row(table, f"{objective.number}. {objective.title}")
        for action in row.actions:
            _row(
                table,
                str(action.number),
                action.text,
                action.method,
                action.lead,
                action.timescale_resources or "\n".join(part for part in (action.timescale, action.resources) if part),
                _outcome_progress(action, report.rated),
            )
    return table


def _plan_table(document, report):
    if report.plan.layout == Plan.Layout.OUTCOMES_METHOD:
        return _outcomes_method_table(document, report)
    return _objectives_table(document, report)


def _source_key(document, report):
    if report.source_key:
        _heading(document, "Source key", 3)
        _bullets(document, [f"{code} = {title}" for code, title in report.source_key])
    document.add_paragraph(RAG_KEY)


def _rules(document):
    _heading(document, "How the RAG ratings are decided", 2)
    document.add_paragraph(
        "R = Red (off track), A = Amber (at risk), G = Green (on track), B = Blue (complete), – = not rated."
    )
    for name, text in (*rag.RULES, ("Roll-ups", rag.ROLL_UP_RULE), ("Direction of travel", rag.DIRECTION_RULE)):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{name}: ").bold = True
        paragraph.add_run(str(text))


# --------------------------------------------------------------------------------------------------
# The plan as at a date
# --------------------------------------------------------------------------------------------------


def plan_docx(plan, as_at):
    """The plan report (`reports.plan_report`) as a Word document: its title page, introduction, member
    agencies, subgroups, the reviews that led to it, the source key, the plan's table, the key risks and the
    rules. As many queries as `plan_report`."""
    report = plan_report(plan, as_at)
    board = plan.board
    document = _new_document(
        f"{plan.title}, progress as at {_day(as_at)} – {board.name}", board, f"{board.name} · {report.as_at_label}"
    )
    document.add_paragraph(board.name)
    _heading(document, plan.title, 1)
    document.add_paragraph(f"{plan.get_kind_display()}: {plan.period_label}")
    document.add_paragraph(report.as_at_label)
    if plan.read_with:
        document.add_paragraph(f"This {plan.get_kind_display()} should be read in conjunction with {plan.read_with}.")

    if plan.introduction or report.seats or report.subgroups:
        _heading(document, "Introduction", 2)
        if plan.introduction:
            document.add_paragraph(plan.introduction)
        if report.seats:
            _heading(document, "Member agencies", 3)
            _bullets(document, [seat.agency.name for seat in report.seats])
        if report.subgroups:
            _heading(document, "Subgroups", 3)
            _bullets(document, [subgroup.name for subgroup in report.subgroups])

    if report.reviews:
        _heading(document, "Reviews that led to this plan", 2)
        for review in report.reviews:
            written = f" ({review.date_as_written})" if review.date_as_written else ""
            _heading(document, f"{review.code}: {review.title}{written}", 3)
            if review.summary:
                document.add_paragraph(review.summary)
            for response in review.responses:
                document.add_paragraph(response.text)
            findings = review.findings.all()
            if findings:
                document.add_paragraph("Findings").runs[0].bold = True
                for finding in findings:
                    _styled(document, f"{finding.number}. {finding.text}", "List Bullet")

    _heading(document, f"The plan: progress as at {_day(as_at)}", 2)
    _source_key(document, report)
    _plan_table(document, report)

    if report.risks:
        _heading(document, "Key risks", 2)
        for risk in report.risks:
            numbers = [o.number for o in risk.objectives.all()]
            linked = f" (objective{'s' if len(numbers) > 1 else ''} {', '.join(numbers)})" if numbers else ""
            _styled(document, f"{risk.text}{linked}", "List Bullet")

    _rules(document)
    return _bytes(document)


# --------------------------------------------------------------------------------------------------
# The chair's quarterly report
# --------------------------------------------------------------------------------------------------


def _action(line):
    return f"{line.action.number} {line.action.text}"


def _with_rating(rating, words, flags=True):
    def fill(cell):
        paragraph = cell.paragraphs[0]
        _rag(paragraph, rating, flags=flags)
        paragraph.add_run(f" {words}")

    return fill


def _latest(rating):
    update = rating.update
    return f"{_day(update.as_at, 'j M Y')}: {update.get_status_display()}" if update else "No update recorded"


def _summary(document, report):
    """The summary page's tables: the chart's numbers (the RAG mix at each quarter end), the counts by colour
    and by status, what to look at, and the directions of travel."""
    table = _table(
        document,
        "RAG mix at each quarter end: the numbers of the chart",
        ["Quarter end", "R", "A", "G", "B", "–", "Actions"],
        [40, 10, 10, 10, 10, 10, 10],
    )
    for point in report.trend:
        roll = point.roll_up
        _row(
            table,
            point.label,
            *(str(n) for n in (roll.red, roll.amber, roll.green, roll.blue, roll.not_rated)),
            str(roll.total),
        )

    summary = report.summary
    table = _table(document, "Actions by RAG rating", ["Rating", "Actions"], [60, 40])
    for colour, _letter, label, count in summary.segments:
        _row(table, _with_rating(rag.Rating(colour, ""), label, flags=False), str(count))
    _row(table, "All actions", str(summary.total))
    _row(table, "Worst rating", summary.worst_label)

    table = _table(document, "Actions by status", ["Status", "Actions"], [60, 40])
    for _key, label, count in summary.statuses:
        _row(table, label, str(count))

    quarter = report.quarter.label
    table = _table(document, "To look at", ["What", "Actions"], [60, 40])
    first_recorded = [(f"First recorded in {quarter}", len(report.first_recorded))] if report.first_recorded else []
    for what, count in (
        ("Exceptions (Red, Amber or overdue)", len(report.exceptions)),
        ("Overdue", summary.overdue),
        (f"Achieved in {quarter}", len(report.achieved_this_quarter)),
        *first_recorded,
        (f"Open, no update in {quarter}", len(report.missing_update)),
        ("Completed late", summary.completed_late),
    ):
        _row(table, what, str(count))

    table = _table(
        document,
        f"What changed since {_day(report.previous_quarter_end)}",
        ["Direction of travel", "Actions"],
        [60, 40],
    )
    for direction, count in report.directions:
        _row(table, str(direction), str(count))


def _signed_off(document, signoff):
    """A signed-off quarter's Word copy says so as its PDF does: "Signed off on <date> by <chair>" at the head of
    every page and as its first paragraph, with the manager's and the chair's commentaries."""
    label = signoff.signed_off_label[0].upper() + signoff.signed_off_label[1:]
    document.sections[0].header.paragraphs[0].add_run(label)
    paragraph = document.add_paragraph()
    paragraph.add_run(label).bold = True
    paragraph.add_run(
        f", agreed at the board meeting of {_day(signoff.meeting_date)}. This is the report as the board saw it."
    )
    for who, commentary in (
        ("The manager's commentary:", signoff.submit_commentary),
        ("The chair's commentary:", signoff.chair_commentary),
    ):
        if commentary:
            paragraph = document.add_paragraph()
            paragraph.add_run(who).bold = True
            paragraph.add_run(f" {commentary}")


def quarterly_docx(plan, quarter, *, signoff=None, report=None):
    """The chair's quarterly report (`reports.quarterly_report`) as a Word document: the summary with the chart's
    numbers as a table, what changed, the exceptions with their corrective action, what was achieved, the open
    actions with no update, then the plan as at the quarter end. As many queries as `quarterly_report`.
    `signoff` (a signed-off `actions.signoff.QuarterSignoff`) labels it as signed off, with its commentaries;
    `report` reuses a report already built (sign-off makes the PDF and the Word copy from the same one)."""
    report = report or quarterly_report(plan, quarter)
    board, as_at, label = plan.board, report.as_at, report.quarter.label
    footer = report.as_at_label + (f": {signoff.signed_off_label}" if signoff else "")
    document = _new_document(
        f"Chair's quarterly report {label}: {plan.title} – {board.name}", board, f"{board.name} · {footer}"
    )
    if signoff:
        _signed_off(document, signoff)
    document.add_paragraph(board.name)
    _heading(document, f"Chair's quarterly report: {label}", 1)
    document.add_paragraph(plan.title)
    document.add_paragraph(report.as_at_label)
    document.add_paragraph(
        f"The plan as at {_day(as_at)}, the last day of {label} ({report.months}). Progress dated after that day "
        "is not included, so this report reads the same whenever it is printed."
    )

    _heading(document, "Summary", 2)
    _summary(document, report)

    before = _day(report.previous_quarter_end)
    _heading(document, f"What changed since {before}", 2)
    document.add_paragraph(str(rag.DIRECTION_RULE))
    if report.changed:
        table = _table(
            document,
            f"Actions whose rating changed between {before} and {_day(as_at)}",
            ["Action", _day(report.previous_quarter_end, "j M Y"), _day(as_at, "j M Y"), "Direction of travel"],
            [38, 14, 14, 14],
        )
        for line in report.changed:
            _row(
                table,
                _action(line),
                _with_rating(line.before, line.before.label, flags=False),
                _with_rating(line.rating, line.rating.label),
                str(line.direction),
            )
    else:
        document.add_paragraph(f"No action's rating changed since {before}.")

    _heading(document, "Exceptions: Red, Amber and overdue actions", 2)
    if report.exceptions:
        table = _table(
            document,
            f"Red, Amber and overdue actions as at {_day(as_at)}, with the corrective action recorded on their "
            "latest update",
            ["Action", "Rating and why", "Latest update", "Corrective action"],
            [38, 22, 14, 26],
        )
        for line in report.exceptions:
            corrective = line.rating.update.corrective_action if line.rating.update else ""
            _row(
                table,
                _action(line),
                _with_rating(line.rating, line.rating.reason),
                _latest(line.rating),
                corrective or "none recorded",
            )
    else:
        document.add_paragraph(f"None: no action is Red, Amber or overdue as at {_day(as_at)}.")

    _heading(document, f"Achieved in {label}", 2)
    if report.achieved_this_quarter:
        table = _table(
            document,
            f"Actions that became achieved between {_day(report.quarter.start)} and {_day(as_at)}",
            ["Action", "Achieved on", "Progress"],
            [38, 14, 48],
        )
        for line in report.achieved_this_quarter:
            narrative = line.rating.update.narrative if line.rating.update else ""
            _row(
                table,
                _action(line),
                _with_rating(line.rating, _day(line.rating.achieved_on, "j M Y")),
                narrative or "none recorded",
            )
    else:
        document.add_paragraph(f"No action became achieved in {label}.")
    if report.first_recorded:
        count = len(report.first_recorded)
        document.add_paragraph(
            f"The progress of {count} action{'s' if count != 1 else ''} was first recorded in {label}, from the "
            "document: a baseline as the document states it (some of it dated earlier), not a change in the quarter."
        )

    _heading(document, f"No update in {label}", 2)
    if report.missing_update:
        table = _table(
            document,
            "Open actions (not achieved, not superseded) with no update dated between "
            f"{_day(report.quarter.start)} and {_day(as_at)}",
            ["Action", "Lead", "Latest update", "Rating"],
            [38, 24, 14, 14],
        )
        for line in report.missing_update:
            _row(
                table,
                _action(line),
                line.action.lead or line.action.objective.lead,
                _latest(line.rating),
                _with_rating(line.rating, line.rating.label),
            )
    else:
        document.add_paragraph(f"Every open action has an update dated in {label}.")
    if report.closed_without_update:
        n = report.closed_without_update
        document.add_paragraph(
            f"{n} achieved or superseded action{'s' if n != 1 else ''} had no update in {label} either; closed "
            "actions need none."
        )

    _heading(document, f"The plan as at {_day(as_at)}", 2)
    _source_key(document, report)
    _plan_table(document, report)
    _rules(document)
    return _bytes(document)


# --------------------------------------------------------------------------------------------------
# The year's story (reporting.year), for the annual report
# --------------------------------------------------------------------------------------------------


def year_docx(story):
    """The year's story (`reporting.year.year_story`) as a Word document, laid out as its page: the summary, the
    quarterly commentaries, by source review, by objective. Reads nothing more."""
    plan, board, as_at, period = story.plan, story.plan.board, story.as_at, story.period
    title = story.title[0].upper() + story.title[1:]
    document = _new_document(
        f"{title}: {plan.title} – {board.name}", board, f"{board.name} · {period.label} as at {_day(as_at)}"
    )
    document.add_paragraph(board.name)
    _heading(document, story.title, 1)
    document.add_paragraph(plan.title)
    document.add_paragraph(f"{_day(period.start)} to {_day(period.end)}: as at {_day(as_at)}")
    document.add_paragraph(
        f"What became of each outcome of the plan between {_day(period.start)} and {_day(as_at)}: achieved, "
        "carried forward with its status, or withdrawn (superseded); by objective and by the review that led to "
        f"it. Ratings are as at {_day(as_at)}."
    )

    _heading(document, "Summary", 2)
    table = _table(document, f"Outcomes in the {period.label}", ["What became of them", "Outcomes"], [60, 40])
    for what, count in story.counts:
        _row(table, what, str(count))

    _heading(document, "Quarterly commentaries", 2)
    for commentary in story.commentaries:
        document.add_paragraph(str(commentary))
    if not story.commentaries:
        document.add_paragraph(
            "The chair's and the business manager's quarterly commentaries are not recorded in the plan tracker "
            "yet: add them here for the annual report."
        )

    _heading(document, "By source review", 2)
    if story.reviews:
        table = _table(
            document,
            f"Outcomes of the objectives citing each review, as at {_day(as_at)}",
            [
                "Review",
                "Outcomes",
                f"Achieved by {_day(as_at, 'j M Y')}",
                "Achieved in the period",
                "Carried forward",
                "Withdrawn",
                "Findings still unanswered",
            ],
            [34, 9, 12, 12, 11, 10, 12],
        )
        for review in story.reviews:
            achieved = f"{review.achieved}" + (f" ({review.percent}%)" if review.percent is not None else "")
            _row(
                table,
                f"{review.review.code}: {review.review.title}",
                str(len(review.lines)),
                achieved,
                str(review.achieved_in_period),
                str(review.carried),
                str(review.withdrawn),
                f"{len(review.unanswered)} of {review.findings}",
            )
        for review in story.reviews:
            if review.unanswered:
                _heading(document, f"{review.review.code}: findings still unanswered", 3)
                for item in review.unanswered:
                    _styled(document, f"{item.finding.number}. {item.finding.text} {item.why}", "List Bullet")
    else:
        document.add_paragraph("The plan's objectives cite no review.")

    _heading(document, "By objective", 2)
    document.add_paragraph(RAG_KEY)
    table = _table(
        document,
        f"Each outcome, by objective: what became of it in the {period.label}, its status and rating as at "
        f"{_day(as_at)}",
        ["Outcome", "In the period", f"Status as at {_day(as_at, 'j M Y')}", "Latest progress"],
        [40, 16, 14, 30],
    )
    for item in story.objectives:
        for heading in item.headings:
            _heading_row(table, heading.title)
        _heading_row(table, f"{item.objective.number}. {item.objective.display_title}")
        for line in item.lines:
            narrative = line.rating.update.narrative if line.rating.update else ""
            _row(
                table,
                f"{line.action.number} {line.action.text}",
                line.fate_label,
                _with_rating(line.rating, line.rating.status_label),
                narrative or "none recorded",
            )
    return _bytes(document)
