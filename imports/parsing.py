"""Find the plan table in a file's rows and read it into a preview: what would be created, and the warnings.

`parse` is the one entry point (views.py, jobs.py). The work is split: columns.py reads the header row, cells.py
and resources.py what a cell says, subgroups.py the subgroups named in a lead, and table.py (PlanReader) turns
the rows into the preview.

The rules, in the order a table is read (the import page explains them to the manager in short):

1. The header row is the first row, within the first HEADER_SCAN_ROWS (table.py) rows of a sheet or table,
   that names an Outcomes column and at least one other known column. Headers match case- and
   space-insensitively and by synonym (columns.COLUMN_SYNONYMS): Kingston's Objectives | Source | Time Scale |
   Outcomes | Lead Officer working with Business Manager | Progress September 2010, LLR's Outcomes | Method |
   Lead | Timescale & Resources. An unheaded column just left of Outcomes holds the outcome numbers (LLR). A
   Word document's later tables with the same number of columns continue the table; a header row repeated on
   each page is skipped.
2. A row with one short, unnumbered text in its first (or Outcomes) column is a heading: in capitals a section
   (CORE WORK), otherwise a theme of the section above (Community Engagement). Headings directly above the
   header row count too.
3. With an Objectives column (Kingston): a row whose Objectives cell is filled starts an objective
   ("1. Ensure..." gives number 1 and its title); a row whose Objectives cell is empty, or merged with the one
   above, continues it. Source, Time Scale and Lead are the objective's, as written. The Outcomes cell is
   split into outcomes at each line starting with a number ("1.1  text"); numbers are kept as written ("15. 1"
   is read as 15.1), duplicates too. When a continuation row has its own Lead cell, every row's lead goes to
   that row's outcomes, and the objective's lead is all of them, one per line (Kingston's objective 13).
   Outcomes above the first objective go under an objective with no title, numbered as their numbers say
   (3.1: objective 3), with a warning.
4. Without one (LLR): outcomes are grouped into objectives by the number before the first dot (1.1-1.8:
   objective 1), titled by the theme heading above them (none under a section heading alone). Several numbers
   in one row's number cell (4.1, 4.2) share its method and lead, one outcome per paragraph of the Outcomes
   cell. A row with no number and no outcome continues the row above: its cells are added to that row's, after
   a blank line. A Timescale & Resources cell is split by paragraph: a paragraph naming money or effort (£,
   cost, budget, funding, or ending in 'time', as 'Officer Time') is a resource, the rest is the time scale.
   '£35.000 from X' is funding from X; 'Costs £40.000' (or a single amount) is the budget. An amount the plan
   cannot hold (over £9,999,999,999.99, or in fractions of a penny) is not read, with a warning.
5. Sources are read as codes separated by lines, commas or semicolons, against the board's source key (its own
   reviews and the national ones), by code or title. Unknown codes are offered for creation in the preview.
6. Due dates are read from the outcome's time scale, or its objective's: the latest UK (day-first) date written
   (31/03/2027, 31.03.27, '31st March 2027'; never month-first), else the end of the latest month named, with
   actions.timescales.due_date_from (imports.dates.due_date); the time scale is kept as written either way,
   and a time scale with no month and year is listed as a warning.
7. Progress: each Progress column is a set of updates as at the date in its header ("Progress September 2010":
   30 Sep 2010; or the date given on the upload form). Each block of a Progress cell is one statement; its
   status is its leading word (ACHIEVED, ONGOING, In progress, Not started...), else a status word in it
   ("Review of workforce is ongoing"), else the status of the statement before it in the same objective.
   Statements attach to the outcomes of their own row: one statement to each outcome; as many statements as
   outcomes, in order; fewer, in order from the first outcome (the rest get none, with a warning); more, the
   extra ones join the last. To say exactly which outcomes a statement reports on, put it on its own row with
   those outcomes (objective cells merged or left empty), as Kingston's objectives 5, 8, 9 and 10 are laid
   out. A RAG column (headed RAG, Rating, Status RAG...: Red, Amber, Green, Blue or R, A, G, B, any case) rates
   the updates its row's latest Progress column gives; anything else is a warning and no rating.
8. Subgroups (the subgroup an outcome reports to) are read from its lead, or its objective's: the board's
   subgroup named there ('Chair Training Group': Training; 'QA Subcommittee': Quality Assurance Subcommittee);
   where several are named, the one the outcome's own text names, else the first named."""

from datetime import date

from .readers import check_cell_lengths, read
from .table import PlanReader


def board_source_key(board):
    """{code or title, lower-cased: code} for the board's own reviews and every national one."""
    from django.db.models import Q

    from reviews.models import Review

    key = {}
    for code, title in Review.objects.filter(Q(board=board) | Q(board__isnull=True)).values_list("code", "title"):
        key.setdefault(code.lower(), code)
        key.setdefault(title.lower(), code)
    return key


def board_facts(board):
    """What reading a file needs from the database about its board, read first: the reading itself runs in a
    child process that does not query (lscb.time_limit)."""
    return {"sources": board_source_key(board), "subgroups": list(board.subgroups.all())}


def parse(upload, board, options=None, on_progress=None, *, facts=None):
    """The preview of a checked upload for a board. Raises ImportProblem when no plan can be read from it.

    `on_progress(rows_read, rows_total)` is called after each row; `facts` is board_facts(board), read here if
    not given."""
    options = options or {}
    as_at = options.get("progress_as_at")
    facts = facts or board_facts(board)
    table = read(upload)
    reader = PlanReader(
        file_name=upload.name,
        board_sources=facts["sources"],
        subgroups=facts["subgroups"],
        progress_as_at=date.fromisoformat(as_at) if as_at else None,
        notes=table.notes,
    )
    total = max(table.total, 1)
    done = 0
    for row in table.rows:
        check_cell_lengths(row)
        reader.feed(row)
        done += 1
        if on_progress:
            on_progress(done, max(total, done))
    preview = reader.finish()
    if on_progress:
        on_progress(max(total, done), max(total, done))
    return preview
