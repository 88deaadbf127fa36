"""The plan table, row by row, into a preview (rules 1-8 of parsing.py, which drives it): the header row found,
headings read as sections and themes, the rows of either layout (Objectives, as Kingston's; Outcomes | Method,
as LLR's) read into objectives and outcomes with their progress, and the result checked and counted."""

import re
from collections import Counter, defaultdict

from django.utils import timezone

from actions.models import RAG, Status

from .cells import (
    NUMBER_ONLY,
    OBJECTIVE_NUMBER,
    OUTCOME_NUMBER,
    SOURCE_KEY_LINE,
    compact_number,
    split_outcomes,
    status_of,
)
from .columns import COLUMN_LABELS, Columns, date_in_header, header_kinds
from .dates import due_date, rating
from .problems import ImportProblem
from .readers import EMPTY
from .resources import MAX_AMOUNT, amount_fits, budget_and_funding, split_timescale_and_resources
from .subgroups import SubgroupMatcher

HEADER_SCAN_ROWS = 30


def _day(day):
    """A date as the preview shows what it read, unmistakably day first: '3 February 2011'."""
    return f"{day.day} {day:%B %Y}"


MAX_HEADING_LENGTH = 150
LIMITS = {"number": 20, "timescale": 200, "title": 200}


class PlanReader:
    """Reads rows into a preview. `parsing.parse()` drives it."""

    def __init__(self, *, file_name, board_sources, subgroups, progress_as_at=None, notes=()):
        self.file_name = file_name
        self.sources = board_sources  # code.lower() / title.lower() -> code as the board writes it
        self.matcher = SubgroupMatcher(subgroups)
        self.progress_as_at = progress_as_at
        self.columns = None
        self.header_group = None
        self.header_where = None
        self.skipped_groups = set()
        self.sections = []  # [{"title", "themes": []}]
        self.section = None  # the current heading: (title, is_theme)
        self.pending_theme = None
        self.objectives = []
        self.objective = None
        self.last_row_actions = []
        self.warnings = []
        self.errors = []
        self.unknown_sources = {}  # code -> where first seen
        self.source_titles = {}
        self.source_key_lines = {}  # code, lower-cased -> "CODE = meaning" as the file's key writes it
        self.progress_columns = []  # [{"index", "label", "as_at"}]
        self.candidates = []  # header-like rows without an Outcomes column: for the error message
        self.pre_header = []
        self.group_rows = defaultdict(int)
        for line in notes:
            self._source_key_line(line)

    # -- driving ---------------------------------------------------------------------------------------------

    def feed(self, row):
        if self.columns is None:
            self._seek_header(row)
        elif row.group != self.header_group and not self._continues_table(row):
            return
        else:
            self._body_row(row)

    def _continues_table(self, row):
        """A later Word table continues the plan when it has as many columns; a later sheet never does."""
        if row.group in self.skipped_groups:
            return False
        if isinstance(row.group, int) and len(row.cells) == self.columns.width:
            return True
        self.skipped_groups.add(row.group)
        if isinstance(row.group, int):  # a later sheet (the template's notes) is simply not the plan
            self.warnings.append(
                row.where.say("not read: this table has a different number of columns from the plan's table.")
            )
        return False

    def _seek_header(self, row):
        self.group_rows[row.group] += 1
        if self.group_rows[row.group] > HEADER_SCAN_ROWS:
            return
        kinds = [k for k in header_kinds(row) if k]
        if "outcome" in kinds and len(set(kinds)) >= 2:
            self.columns = Columns(row)
            self.header_group = row.group
            self.header_where = row.where
            self._progress_columns(row)
            # headings directly above the header row (CORE WORK) belong to the table
            above = []
            for earlier in reversed(self.pre_header):
                if earlier.group != row.group or not self._heading_text(earlier):
                    break
                above.append(earlier)
            for earlier in reversed(above):
                self._heading(self._heading_text(earlier))
            return
        if len(set(kinds)) >= 2:
            self.candidates.append((row.where, [c.text for c in row.cells if c.text]))
        texts = [c.text for c in row.cells if c.text]
        if not texts:
            self.pre_header = []
            return
        for text in texts:
            for line in text.split("\n"):
                self._source_key_line(line)
        self.pre_header.append(row)

    def _progress_columns(self, header_row):
        for index in self.columns.progress:
            label = self.columns.label(index)
            as_at = date_in_header(label) or self.progress_as_at
            if as_at is None:
                self.warnings.append(
                    header_row.where.say(
                        f"no date in the heading '{label}' (write it as 'Progress September 2010'), and none "
                        "given on the upload form: its progress is not imported.",
                        column=label,
                    )
                )
                continue
            if as_at > timezone.localdate():
                self.errors.append(
                    header_row.where.say(
                        f"the heading '{label}' reports progress as at {as_at:%d %B %Y}, after today: progress "
                        "cannot be reported as at a future date. Correct the heading's date and upload the file again.",
                        column=label,
                    )
                )
                continue
            self.progress_columns.append({"index": index, "label": label, "as_at": as_at})

    def _source_key_line(self, line):
        m = SOURCE_KEY_LINE.match(line)
        if m:
            self.source_titles.setdefault(m[1].lower(), m[2].strip())
            self.source_key_lines.setdefault(m[1].lower(), f"{m[1]} = {m[2].strip()}")

    # -- body rows -------------------------------------------------------------------------------------------

    def _heading_text(self, row):
        filled = [(i, c.text) for i, c in enumerate(row.cells) if c.text]
        if len({text for _, text in filled}) != 1:
            return None
        index, text = filled[0]
        allowed = {0}
        if self.columns is not None:
            allowed |= {
                self.columns.kinds.get("outcome"),
                self.columns.kinds.get("objective"),
                self.columns.kinds.get("number"),
            }
        if index not in allowed or len(text) > MAX_HEADING_LENGTH or "\n" in text.strip():
            return None
        if OBJECTIVE_NUMBER.fullmatch(text) or OUTCOME_NUMBER.fullmatch(text):
            return None
        return text

    def _heading(self, text):
        is_section = text.upper() == text or not self.sections
        current = self.section[0] if self.section else None
        if text == current or (self.sections and text == self.sections[-1]["title"]):
            return  # the heading repeated at the top of each page
        self._close_objective()
        if is_section:
            self.sections.append({"title": text, "themes": []})
            self.section = (text, False)
            self.pending_theme = None
        else:
            self.sections[-1]["themes"].append(text)
            self.section = (text, True)
            self.pending_theme = text
        if len(text) > LIMITS["title"]:
            self.errors.append(f"{self.file_name}: the heading '{text[:40]}...' is longer than 200 characters.")

    def _body_row(self, row):
        if not any(c.text for c in row.cells):
            return
        if self.columns.is_repeat(row):
            return
        heading = self._heading_text(row)
        if heading:
            self._heading(heading)
            return
        if "objective" in self.columns.kinds:
            self._objectives_row(row)
        else:
            self._outcomes_method_row(row)

    def _cell(self, row, kind):
        return self.columns.get(row, kind) or EMPTY

    def _col(self, kind):
        return self.columns.label(self.columns.kinds[kind]) if kind in self.columns.kinds else COLUMN_LABELS[kind]

    # Kingston: Objectives | Source | Time Scale | Outcomes | Lead | Progress

    def _objectives_row(self, row):
        objective_cell = self._cell(row, "objective")
        if objective_cell.text:
            self._close_objective()
            first, _, rest = objective_cell.text.partition("\n")
            m = OBJECTIVE_NUMBER.fullmatch(first)
            if m:
                number, title = m[1], "\n".join(filter(None, [(m[2] or "").strip(), rest.strip()]))
            else:
                number, title = str(len(self.objectives) + 1), objective_cell.text
                self.warnings.append(
                    row.where.say(f"the objective has no number: numbered {number}.", column=self._col("objective"))
                )
            self._open_objective(row, number, title)
            self.objective["lead"] = self._cell(row, "lead").text
            self.objective["timescale"] = self._cell(row, "timescale").text
            self.objective["rows"] = [{"lead": self.objective["lead"], "own_lead": False}]
        elif self.objective is None:
            # an objective needs a number: its outcomes' (1.1 -> 1), else the next one
            numbered = [number for number, _ in self._outcomes(row) if number]
            number = numbered[0].split(".")[0] if numbered else str(len(self.objectives) + 1)
            self.warnings.append(
                row.where.say(
                    f"outcomes before any objective: put under an objective numbered {number}, with no title.",
                    column=self._col("objective"),
                )
            )
            self._open_objective(row, number, "")
            self.objective["rows"] = [{"lead": self._cell(row, "lead").text, "own_lead": False}]
        else:
            lead = self._cell(row, "lead").text
            self.objective["rows"].append({"lead": lead, "own_lead": bool(lead)})
            if timescale := self._cell(row, "timescale").text:
                self.objective["timescale"] = "\n".join(filter(None, [self.objective["timescale"], timescale]))
        self._read_sources(row)
        outcomes = self._outcomes(row)
        row_index = len(self.objective["rows"]) - 1
        actions = []
        for number, text in outcomes:
            action = self._new_action(row, number, text)
            action["_row"] = row_index
            actions.append(action)
        self.objective["actions"].extend(actions)
        self.last_row_actions = actions
        self._read_progress(row, actions)

    def _read_sources(self, row):
        cell = self._cell(row, "source")
        if not cell.text:
            return
        for code in self._codes(cell.text, row):
            if code not in self.objective["sources"]:
                self.objective["sources"].append(code)

    def _codes(self, text, row):
        codes = []
        for token in re.split(r"[\n,;+]+", text):
            token = token.strip(" .")
            if not token:
                continue
            known = self.sources.get(token.lower())
            if known:
                codes.append(known)
                continue
            parts = token.split()
            if len(parts) > 1 and all(p.lower() in self.sources for p in parts):
                codes.extend(self.sources[p.lower()] for p in parts)
                continue
            if len(token) > LIMITS["number"]:
                self.warnings.append(
                    row.where.say(
                        f"'{token}' is not a source code in the board's source key "
                        "(codes are short, like PR): left out.",
                        column=self._col("source"),
                    )
                )
                continue
            codes.append(token)
            if token not in self.unknown_sources:
                self.unknown_sources[token] = row.where.describe(self._col("source"))
        return codes

    # LLR: (number) | Outcomes | Method | Lead | Timescale & Resources

    def _outcomes_method_row(self, row):
        number_cell = self.columns.get(row, "number")
        outcome_cell = self._cell(row, "outcome")
        numbers = []
        if number_cell is not None and number_cell.text:
            for block in number_cell.blocks:
                for line in block.split("\n"):
                    if NUMBER_ONLY.fullmatch(line.strip()):
                        numbers.append(compact_number(line))
                    elif line.strip():
                        self.warnings.append(
                            row.where.say(
                                f"'{line}' is not an outcome number: left out.",
                                column=self.columns.label(self.columns.kinds["number"]),
                            )
                        )
        if not numbers and not outcome_cell.text:
            self._continue_row(row)
            return
        if numbers:
            texts = list(outcome_cell.blocks) if len(numbers) > 1 else [outcome_cell.text]
            if len(numbers) > 1 and len(texts) != len(numbers):
                self.warnings.append(
                    row.where.say(
                        f"{len(numbers)} numbers ({', '.join(numbers)}) but {len(texts)} paragraphs of "
                        "outcomes: the outcomes' text is given to the first number.",
                        column=self._col("outcome"),
                    )
                )
                texts = [outcome_cell.text] + [""] * (len(numbers) - 1)
            outcomes = list(zip(numbers, texts, strict=True))
        else:
            outcomes = split_outcomes(outcome_cell.text)
        actions = []
        for number, text in outcomes:
            prefix = number.split(".")[0] if number else (self.objective["number"] if self.objective else "1")
            if self.objective is None or prefix != self.objective["number"]:
                self._close_objective()
                title = self.pending_theme or ""
                self._open_objective(row, prefix, title)
                self.objective["rows"] = [{"lead": "", "own_lead": False}]
                self.pending_theme = None
            action = self._new_action(row, number, text)
            action["_row"] = 0
            action["method"] = self._cell(row, "method").text
            action["lead"] = self._cell(row, "lead").text
            self._read_timescale_and_resources(row, action)
            self.objective["actions"].append(action)
            actions.append(action)
        self.last_row_actions = actions
        self._read_progress(row, actions)

    def _read_timescale_and_resources(self, row, action, append=False):
        timescale = self._cell(row, "timescale").text
        resources = self._cell(row, "resources").text
        combined = self.columns.get(row, "timescale_resources")
        if combined is not None and combined.text:
            more_timescale, more_resources = split_timescale_and_resources(combined)
            timescale = "\n\n".join(filter(None, [timescale, more_timescale]))
            resources = "\n\n".join(filter(None, [resources, more_resources]))
        if append:
            timescale = "\n\n".join(filter(None, [action["timescale"], timescale]))
            resources = "\n\n".join(filter(None, [action["resources"], resources]))
        action["timescale"], action["resources"] = timescale, resources
        if combined is not None and combined.text:
            # the one cell as written, printed in its own order (LLR writes resources first in some rows)
            action["timescale_resources"] = "\n\n".join(
                filter(None, [action["timescale_resources"] if append else "", combined.text])
            )
        if subgroup := self._cell(row, "subgroup").text:
            action["subgroup_as_written"] = subgroup

    def _continue_row(self, row):
        if not self.last_row_actions:
            self.warnings.append(
                row.where.say("a row with no number and no outcome, and no outcome above it to continue: left out.")
            )
            return
        for action in self.last_row_actions:
            for kind in ("method", "lead"):
                if text := self._cell(row, kind).text:
                    action[kind] = "\n\n".join(filter(None, [action[kind], text]))
            self._read_timescale_and_resources(row, action, append=True)
        self._read_progress(row, self.last_row_actions)

    # -- shared ----------------------------------------------------------------------------------------------

    def _open_objective(self, row, number, title):
        self.objective = {
            "number": number,
            "title": title,
            "section": self.section[0] if self.section else "",
            "sources": [],
            "timescale": "",
            "lead": "",
            "row": row.where.describe(),
            "actions": [],
            "_where": row.where,
            "_status": {},
        }
        if len(number) > LIMITS["number"]:
            self.errors.append(
                row.where.say(
                    f"the objective number '{number[:30]}' is longer than 20 characters.",
                    column=self._col("objective") if "objective" in self.columns.kinds else None,
                )
            )

    def _outcomes(self, row):
        cell = self._cell(row, "outcome")
        number_cell = self.columns.get(row, "number")
        outcomes = split_outcomes(cell.text)
        if number_cell is not None and number_cell.text and len(outcomes) == 1 and outcomes[0][0] is None:
            outcomes = [(compact_number(number_cell.text), outcomes[0][1])]
        return outcomes

    def _new_action(self, row, number, text):
        objective = self.objective
        if not number:
            number = (
                f"{objective['number']}.{len(objective['actions']) + 1}"
                if objective["number"]
                else str(len(objective["actions"]) + 1)
            )
            self.warnings.append(
                row.where.say(f"an outcome with no number: numbered {number}.", column=self._col("outcome"))
            )
        elif objective["number"] and number.split(".")[0] != objective["number"]:
            self.warnings.append(
                row.where.say(
                    f"outcome {number} is under objective {objective['number']}: "
                    "kept where it is, with its number as written.",
                    column=self._col("outcome"),
                )
            )
        if len(number) > LIMITS["number"]:
            self.errors.append(
                row.where.say(
                    f"the outcome number '{number[:30]}' is longer than 20 characters.",
                    column=self._col("outcome"),
                )
            )
        if not text:
            self.errors.append(
                row.where.say(
                    f"outcome {number} has no text: write it, or remove the number.",
                    column=self._col("outcome"),
                )
            )
        return {
            "number": number,
            "text": text,
            "method": "",
            "lead": "",
            "subgroup": "",
            "timescale": "",
            "due_date": None,
            "resources": "",
            "timescale_resources": "",
            "budget": None,
            "funding": [],
            "progress": [],
            "row": row.where.describe(),
            "_where": row.where,
        }

    def _read_progress(self, row, actions):
        before = {id(a): len(a["progress"]) for a in actions}
        self._read_statements(row, actions)
        self._read_rating(row, actions, before)

    def _read_rating(self, row, actions, before):
        """The row's RAG cell rates the updates its latest Progress column gave its outcomes."""
        cell = self.columns.get(row, "rag")
        if cell is None or not cell.text:
            return
        label = self.columns.label(self.columns.kinds["rag"])
        rag = rating(cell.text)
        if rag is None:
            self.warnings.append(
                row.where.say(
                    f"'{cell.text[:40]}' is not a rating (write Red, Amber, Green or Blue, or R, A, G, B): "
                    "the update is imported with no rating.",
                    column=label,
                )
            )
            return
        new = [(a, u) for a in actions for u in a["progress"][before[id(a)] :]]
        if not new:
            self.warnings.append(
                row.where.say(f"the rating '{cell.text}' has no progress statement on its row: left out.", column=label)
            )
            return
        latest = max(u["as_at"] for _, u in new)
        for _, update in new:
            if update["as_at"] == latest:
                update["rag"], update["rag_label"] = rag, RAG(rag).label

    def _read_statements(self, row, actions):
        for column in self.progress_columns:
            index = column["index"]
            cell = row.cells[index] if index < len(row.cells) else EMPTY
            statements = list(cell.blocks)
            if not statements:
                continue
            label = column["label"]
            if not actions:
                self.warnings.append(row.where.say("progress with no outcome on its row: left out.", column=label))
                continue
            pairs = self._attach(statements, actions, row, label)
            statuses = self.objective["_status"]
            for action, statement in pairs:
                status, how = status_of(statement)
                if status is None:
                    status = statuses.get(index)
                    if status is None:
                        status = "in_progress"
                        self.warnings.append(
                            row.where.say(
                                f"'{statement[:60]}' names no status (ACHIEVED, ONGOING, In progress...): "
                                "recorded as in progress.",
                                column=label,
                            )
                        )
                statuses[index] = status
                action["progress"].append(
                    {
                        "as_at": column["as_at"],
                        "status": status,
                        "narrative": statement,
                        "label": label,
                        "status_label": Status(status).label,
                        "rag": "",
                        "rag_label": "",
                    }
                )

    def _attach(self, statements, actions, row, label):
        n, k = len(actions), len(statements)
        if k == 1:
            return [(action, statements[0]) for action in actions]
        numbers = [a["number"] for a in actions]
        if k < n:
            self.warnings.append(
                row.where.say(
                    f"{k} progress statements for {n} outcomes: attached in order to "
                    f"{', '.join(numbers[:k])}; {', '.join(numbers[k:])} {'has' if n - k == 1 else 'have'} "
                    "none. To say otherwise, put each statement on a row of its own with the outcomes it "
                    "reports on.",
                    column=label,
                )
            )
        elif k > n:
            self.warnings.append(
                row.where.say(
                    f"{k} progress statements for {n} outcome{'s' if n > 1 else ''}: the last "
                    f"{k - n + 1} are attached together to {numbers[-1]}.",
                    column=label,
                )
            )
            statements = statements[: n - 1] + ["\n".join(statements[n - 1 :])]
        return list(zip(actions, statements, strict=False))

    def _close_objective(self):
        objective = self.objective
        if objective is None:
            return
        self.objective = None
        self.last_row_actions = []  # finished: a row with no number below cannot continue them
        rows = objective.pop("rows", [])
        # an empty (or merged) Lead cell on a continuation row is the lead of the row above
        leads = []
        for row in rows:
            leads.append(row["lead"] or (leads[-1] if leads else ""))
        per_row = any(r["own_lead"] and r["lead"] != rows[0]["lead"] for r in rows[1:])
        if per_row:
            objective["lead"] = "\n".join(dict.fromkeys(lead for lead in leads if lead))
        for action in objective["actions"]:
            if per_row:
                action["lead"] = leads[action["_row"]]
            written = action.pop("subgroup_as_written", "")
            action["subgroup"] = (self.matcher.match(written) if written else "") or self.matcher.match(
                action["lead"] or objective["lead"], action["text"]
            )
            budget, funding = budget_and_funding(action["resources"]) if action["resources"] else (None, [])
            long_names = [f for f in funding if len(f["funder"]) > LIMITS["title"]]
            if long_names:
                self.warnings.append(
                    f"{action['row']}: outcome {action['number']}: a funder's name longer than 200 "
                    "characters was not read as funding (the resources are kept as written)."
                )
            funding = [f for f in funding if f not in long_names]
            too_big = [amount for amount in [budget, *(f["amount"] for f in funding)] if not amount_fits(amount)]
            if too_big:
                self.warnings.append(
                    f"{action['row']}: outcome {action['number']}: £{', £'.join(too_big)} is not an amount in "
                    f"pounds and pence of at most £{MAX_AMOUNT:,}: not read as budget or funding (the resources "
                    "are kept as written)."
                )
            budget = budget if amount_fits(budget) else None
            action["budget"], action["funding"] = budget, [f for f in funding if amount_fits(f["amount"])]
            timescale = action["timescale"] or objective["timescale"]
            due = due_date(timescale)
            action["due_date"] = due
            where = action.pop("_where")
            action.pop("_row", None)
            if action["timescale"]:
                self._check_timescale(action["timescale"], due, where, "timescale")
        if objective["timescale"]:
            self._check_timescale(
                objective["timescale"],
                due_date(objective["timescale"]),
                objective["_where"],
                "timescale",
            )
        objective.pop("_where")
        objective.pop("_status")
        self.objectives.append(objective)

    def _check_timescale(self, timescale, due, where, kind):
        label = (
            self.columns.label(self.columns.kinds[kind])
            if kind in self.columns.kinds
            else (
                self.columns.label(self.columns.kinds["timescale_resources"])
                if "timescale_resources" in self.columns.kinds
                else "Time scale"
            )
        )
        flat = " ".join(timescale.split())
        if len(timescale) > LIMITS["timescale"]:
            self.errors.append(
                where.say(f"the time scale '{flat[:40]}...' is longer than 200 characters.", column=label)
            )
        elif due is None:
            self.warnings.append(
                where.say(f"'{flat}' names no month and year: kept as written, with no due date.", column=label)
            )

    # -- the result ------------------------------------------------------------------------------------------

    def finish(self):
        if self.columns is None:
            if self.candidates:
                where, texts = self.candidates[0]
                raise ImportProblem(
                    where.say(
                        f"the columns {', '.join(texts)} are not a plan table: it needs an Outcomes column "
                        "(for example Objectives | Source | Time Scale | Outcomes | Lead Officer | Progress, "
                        "or Outcomes | Method | Lead | Timescale & Resources). Download the template to see "
                        "the columns."
                    )
                )
            raise ImportProblem(
                f"{self.file_name}: no plan table found. None of its rows is a header naming an Outcomes "
                "column and another known column (Objectives, Source, Time Scale, Method, Lead, "
                "Progress...). Download the template to see the columns."
            )
        self._close_objective()
        actions = [a for o in self.objectives for a in o["actions"]]
        if not actions:
            raise ImportProblem(self.header_where.say("the header row was found, but no outcomes under it."))
        self._duplicate_numbers()
        for code, where in self.unknown_sources.items():
            self.warnings.append(
                f"{where}: '{code}' is not in the board's source key: it is created as a source of the "
                "board unless you untick it below (then it is left out)."
            )
        layout = "objectives" if "objective" in self.columns.kinds else "outcomes_method"
        for objective in self.objectives:
            for action in objective["actions"]:
                due = action["due_date"]
                action["due_date"], action["due_label"] = (due.isoformat(), _day(due)) if due else (None, "")
                for update in action["progress"]:
                    update["as_at_label"] = _day(update["as_at"])
                    update["as_at"] = update["as_at"].isoformat()
        found = [(i, COLUMN_LABELS[k]) for k, i in self.columns.kinds.items()]
        found += [(i, "Progress") for i in self.columns.progress]
        columns = [
            {"header": self.columns.labels.get(i) or "(no heading)", "reads_as": reads_as}
            for i, reads_as in sorted(found)
        ]
        return {
            "file": self.file_name,
            "layout": layout,
            "source_key": self._source_key(),
            "header": self.header_where.describe(),
            "columns": columns,
            "ignored_columns": self.columns.ignored,
            "sections": self.sections,
            "objectives": self.objectives,
            "unknown_sources": [
                {"code": code, "title": self.source_titles.get(code.lower(), ""), "where": where}
                for code, where in self.unknown_sources.items()
            ],
            "progress_columns": [
                {"label": c["label"], "as_at": c["as_at"].isoformat(), "as_at_label": _day(c["as_at"])}
                for c in self.progress_columns
            ],
            "counts": {
                "objectives": len(self.objectives),
                "actions": len(actions),
                "updates": sum(len(a["progress"]) for a in actions),
                "sections": len(self.sections) + sum(len(s["themes"]) for s in self.sections),
            },
            "warnings": self.warnings,
            "errors": self.errors,
        }

    def _source_key(self):
        """The file's own source key, one 'CODE = meaning' a line as written: the key lines above the table whose
        code the Source column cites (a line such as 'Board: Kingston LSCB' above the table is not a key)."""
        cited = {code.lower() for objective in self.objectives for code in objective["sources"]}
        return "\n".join(line for code, line in self.source_key_lines.items() if code in cited)

    def _duplicate_numbers(self):
        seen = Counter(a["number"] for o in self.objectives for a in o["actions"])
        for number, count in seen.items():
            if count > 1:
                rows = [a["row"] for o in self.objectives for a in o["actions"] if a["number"] == number]
                others = [row.removeprefix(f"{self.file_name}, ") for row in rows[1:]]
                self.warnings.append(
                    f"{rows[0]}: outcome {number} appears {count} times (also {'; '.join(others)}): "
                    "each is kept, with its number as written."
                )
        objective_numbers = Counter(o["number"] for o in self.objectives if o["number"])
        for number, count in objective_numbers.items():
            if count > 1:
                self.warnings.append(f"{self.file_name}: objective {number} appears {count} times: each is kept.")
