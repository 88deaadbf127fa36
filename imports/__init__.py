"""Bring an existing plan in from an Excel workbook, a CSV file or the board's own Word document.

safety.py   checks a file before anything parses it (size, real type, zip limits, safe XML, UTF-8)
readers.py  XLSX / CSV / DOCX -> rows of cells
parsing.py  finds the plan table and reads it into a preview: `parse` (its docstring states every reading rule),
            with columns.py (the header row), cells.py (numbers, outcomes, statuses), resources.py (time scale,
            budget, funding), subgroups.py (the subgroups a lead names) and table.py (the rows -> the preview)
jobs.py     the task that reads a stored large upload into its preview (a worker runs it), with progress
building.py preview -> plan, sections, objectives, actions, sources and progress updates, in one transaction
template.py the downloadable XLSX template
cleanup.py  deletes the imports never confirmed once untouched for IMPORT_KEEP_DAYS (clean_imports, a new import)
"""
