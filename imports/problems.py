"""What went wrong with an import, said so that the manager can find it: the file, the row and the column."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Where:
    """A place in a file: 'kingston.xlsx, row 14' (with the sheet or table when the file has several)."""

    file: str
    row: int | None = None
    sheet: str = ""  # a workbook's sheet name, when it has more than one sheet
    table: int | None = None  # a Word document's table number, when it has more than one table

    def describe(self, column=None):
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if column:
            parts.append(f"column {column}")
        return ", ".join(parts)

    def say(self, message, column=None):
        return f"{self.describe(column)}: {message}"


class ImportProblem(Exception):
    """The file cannot be imported. The message names the file (and the row and column where there is one)."""
