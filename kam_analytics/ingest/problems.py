"""What is wrong (or worth knowing) in a file, with where it is and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field

from kam_analytics import taxonomy
from kam_analytics.i18n import t


# ---- results -------------------------------------------------------------------------------
@dataclass
class Problem:
    """One thing wrong (or worth knowing) in a file, with where and how to fix it."""

    file: str
    message: str
    fix: str = ""
    sheet: str | None = None
    column: str | None = None
    rows: list[int] = field(default_factory=list)

    def where(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(t("where.sheet", sheet=self.sheet))
        if self.rows:
            parts.append(_rows_text(self.rows))
        if self.column:
            parts.append(t("where.column", column=self.column))
        return ", ".join(parts)

    def text(self) -> str:
        fix = f" {t('problem.fix', fix=self.fix)}" if self.fix else ""
        return f"{self.where()}: {self.message}.{fix}"


@dataclass
class UnknownMethod:
    label: str
    rows: int
    first_rows: list[int]
    files: list[str]
    suggestions: tuple[str, ...]

    def where(self) -> str:
        """Return the files and first rows where the label stands."""
        return f"{', '.join(self.files)}, {_rows_text(self.first_rows, self.rows)}"

    def text(self) -> str:
        sugg = ", ".join(taxonomy.method_label(s) for s in self.suggestions) or "—"
        return t("problem.unknown_method", label=self.label, n=self.rows,
                 rows=f"{self.rows:,}", where=self.where(), suggestions=sugg)


# ---- helpers -------------------------------------------------------------------------------
def _rows_text(rows: list[int], total: int | None = None) -> str:
    total = len(rows) if total is None else total
    shown = rows[:8]
    text = (t("where.row", row=shown[0]) if total == 1
            else t("where.rows", rows=", ".join(str(r) for r in shown)))
    if total > len(shown):
        text += " " + t("where.and_more", n=total - len(shown))
    return text


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a 0-based column index (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
