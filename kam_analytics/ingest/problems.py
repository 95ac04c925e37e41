"""What is wrong (or worth knowing) in a file, with where it is and how to fix it.

Each problem carries its text as a ``Message`` (a key and fields) and is rendered only when
shown, in the reader's language; it is stored the same way (``to_data``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from kam_analytics import taxonomy
from kam_analytics.i18n import Message, language, msg, render


# ---- results -------------------------------------------------------------------------------
@dataclass
class Problem:
    """One thing wrong (or worth knowing) in a file, with where and how to fix it."""

    file: str
    message: Message
    fix: Message | None = None
    sheet: str | None = None
    column: str | None = None
    rows: list[int] = field(default_factory=list)

    def place(self) -> Message:
        """Return where the problem is: file, sheet, rows as numbered in the spreadsheet,
        column."""
        parts: list[object] = [self.file]
        if self.sheet:
            parts.append(msg("where.sheet", sheet=self.sheet))
        if self.rows:
            parts.append(rows_message(self.rows))
        if self.column:
            parts.append(msg("where.column", column=self.column))
        return msg("text.list", items=parts)

    def where(self, lang: str | None = None) -> str:
        """Return where the problem is, as text in ``lang``."""
        return render(self.place(), lang)

    def line(self) -> Message:
        """Return the whole problem as one message: where, what is wrong, how to fix it."""
        if self.fix is None:
            return msg("problem.line", where=self.place(), what=self.message)
        return msg("problem.line_with_fix", where=self.place(), what=self.message,
                   fix=msg("problem.fix", fix=self.fix))

    def text(self, lang: str | None = None) -> str:
        """Return the whole problem as one line of text in ``lang``."""
        return render(self.line(), lang)

    def to_data(self) -> dict:
        """Return the problem as plain JSON data (messages as key and fields)."""
        return {"file": self.file, "message": self.message.to_data(),
                "fix": None if self.fix is None else self.fix.to_data(),
                "sheet": self.sheet, "column": self.column, "rows": list(self.rows)}

    @classmethod
    def from_data(cls, data: dict) -> Problem:
        """Return the problem ``to_data`` turned into ``data``."""
        fix = data.get("fix")
        return cls(data["file"], Message.from_data(data["message"]),
                   None if fix is None else Message.from_data(fix), data.get("sheet"),
                   data.get("column"), [int(r) for r in data.get("rows") or []])


def stored_lines(stored: str | None, lang: str | None = None) -> list[str]:
    """Return the stored problems (the JSON an import keeps) as lines of text in ``lang``.

    A store written before problems had keys holds a list of English lines: they are shown as
    they are."""
    if not stored:
        return []
    return [item if isinstance(item, str) else _stored_line(item, lang)
            for item in json.loads(stored)]


def _stored_line(item: dict, lang: str | None) -> str:
    """Return one stored problem as text; one whose key this version no longer has is shown
    with its key and fields, never a crash (stored notes outlive renamed strings)."""
    try:
        return Problem.from_data(item).text(lang)
    except (KeyError, ValueError, TypeError, IndexError):
        return f"{item.get('file', '')}: {json.dumps(item.get('message'), ensure_ascii=False)}"


@dataclass
class UnknownMethod:
    label: str
    rows: int
    first_rows: list[int]
    files: list[Message]
    # Method ids best first (taxonomy.match_method's order, the word rule's scores): the first
    # is the one to offer, a page pre-fills it; empty when no method's labels come near.
    suggestions: tuple[str, ...]

    def place(self) -> Message:
        """Return the files and first rows where the label stands."""
        return msg("text.list", items=[*self.files, rows_message(self.first_rows, self.rows)])

    def where(self, lang: str | None = None) -> str:
        """Return the files and first rows where the label stands, as text in ``lang``."""
        return render(self.place(), lang)

    def text(self, lang: str | None = None) -> str:
        """Return what the label is, where it stands and the nearest methods, in ``lang``."""
        lang = lang or language()
        sugg = [taxonomy.method_label(s, lang) for s in self.suggestions]
        return render(msg("problem.unknown_method", label=self.label, n=self.rows,
                          rows=self.rows, where=self.place(), suggestions=sugg or ["—"]), lang)


# ---- helpers -------------------------------------------------------------------------------
def rows_message(rows: list[int], total: int | None = None) -> Message:
    """Return the rows (as numbered in the spreadsheet) as a message: the first eight, then how
    many more."""
    total = len(rows) if total is None else total
    shown = rows[:8]
    text = (msg("where.row", row=shown[0]) if total == 1
            else msg("where.rows", rows=shown))
    if total > len(shown):
        return msg("text.and_then", first=text, then=msg("where.and_more", n=total - len(shown)))
    return text


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a 0-based column index (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
