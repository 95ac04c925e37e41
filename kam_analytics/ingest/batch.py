"""What one upload becomes: the tables found, the rows ready for the store, every problem."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import pandas as pd

from kam_analytics import settings, taxonomy
from kam_analytics.i18n import Message, msg, render
from kam_analytics.ingest.problems import Problem, UnknownMethod


@dataclass
class SheetTable:
    """A table found in a sheet: its kind, header row and how its headers map."""

    file: str
    sheet: str | None
    kind: str                    # "interactions" | "clients" | "valuations" | "valuation_grid"
    header_row: int              # as numbered in the spreadsheet
    headers: list[str]
    mapping: dict[str, str]      # header as in file -> canonical column (or "hours_minutes")
    missing: list[str]           # required canonical columns not found
    # Columns of numbers no header names while a measure (cost, hours, value) is missing: the
    # user says what each holds, or that it is not used, before the import goes on.
    unused_numbers: list[str] = field(default_factory=list)  # "'Attendees' (F)" labels
    unused_headers: list[str] = field(default_factory=list)  # the same columns' headers
    missing_measures: list[str] = field(default_factory=list)

    def label(self) -> str:
        return f"{self.file}" + (f" / {self.sheet}" if self.sheet else "")


@dataclass
class ClientVariants:
    """Spellings of what may be one client (differing only in case, spacing, punctuation or
    look-alike letters), each with its count of rows, most rows first: a question whose
    answer (one spelling for all) is saved as a 'client' mapping from ``key``."""

    key: str                            # the form the spellings share (suspicious.client_key)
    spellings: list[tuple[str, int]]    # (name as written, rows)

    def label(self) -> Message:
        """Return the spellings with their rows, 'Contoso GmbH (30 rows) / CONTOSO GMBH (2)'."""
        return msg("text.slashes", items=[msg("where.name_rows", name=name, n=n)
                                          for name, n in self.spellings])


@dataclass
class ImportBatch:
    files: list[tuple[str, str]]                 # (file name, sha256)
    interactions: pd.DataFrame
    clients: pd.DataFrame
    valuations: pd.DataFrame
    tables: list[SheetTable] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unknown_methods: list[UnknownMethod] = field(default_factory=list)
    # Unknown method labels beyond settings.UNKNOWN_METHODS_LISTED: (labels, rows), counted.
    unknown_methods_more: tuple[int, int] = (0, 0)
    # Client names that may be one client: a question that does not block (kept apart unless
    # merged by a 'client' mapping).
    client_variants: list[ClientVariants] = field(default_factory=list)
    # Labels read through the user's method mappings: normalised label -> method id (or EXCLUDE).
    method_reading: dict[str, str] = field(default_factory=dict)
    # Labels read by the word rule (taxonomy.MethodMatch.by_words), not a known label or a
    # mapping: normalised label -> its note among the warnings, its row count kept up to date.
    methods_by_words: dict[str, Problem] = field(default_factory=dict)
    currency: str | None = None  # ISO code the money columns' headers name (None: none says)
    # What the user chose for this import beyond mappings: the amounts' currency, the rate
    # converting them to the store's, the quarter of undated valuations.
    choices: dict[str, object] = field(default_factory=dict)

    def reading(self) -> str:
        """Return how the files were read, as canonical JSON: each table's sheet, kind,
        header row and header mapping, the labels read through mappings, the choices made.
        The same files read another way are another import (file names left out: a renamed
        copy is read the same way)."""
        return json.dumps({
            "tables": [[tb.sheet, tb.kind, tb.header_row, sorted(tb.mapping.items())]
                       for tb in self.tables],
            "methods": sorted(self.method_reading.items()),
            "choices": self.choices}, sort_keys=True, ensure_ascii=False, default=str)

    def note_method_by_words(self, label: str, method_id: str, where: str, rows: int) -> None:
        """Note among the warnings that ``rows`` rows of ``where`` had ``label`` read as
        ``method_id`` by the word rule: one note per label, its rows summed over the files."""
        norm = taxonomy.normalise_label(label)
        note = self.methods_by_words.get(norm)
        message = msg("warn.method_by_words", label=label,
                      method=taxonomy.method_label(method_id),
                      n=rows + (note.message.fields["n"] if note else 0))
        if note is None:
            self.methods_by_words[norm] = note = Problem(where, message)
            self.warnings.append(note)  # the same note, updated as more rows come
            return
        note.message = message
        if where not in note.file.split(", "):
            note.file = f"{note.file}, {where}"

    @property
    def sha256(self) -> str:
        if len(self.files) == 1:
            return self.files[0][1]
        joined = "\n".join(sorted(sha for _, sha in self.files))
        return hashlib.sha256(joined.encode()).hexdigest()

    @property
    def needs_mapping(self) -> list[SheetTable]:
        return [tb for tb in self.tables if tb.missing]

    @property
    def unused_measures(self) -> list[SheetTable]:
        """Return the tables with columns of numbers unused while a measure is missing."""
        return [tb for tb in self.tables if tb.unused_numbers]

    @property
    def ok(self) -> bool:
        return not (self.errors or self.unknown_methods or self.needs_mapping
                    or self.unused_measures)

    @property
    def quarters(self) -> list[str]:
        return sorted(set(self.interactions["quarter"].unique())
                      | set(self.valuations["quarter"].unique()))

    def problem_lines(self, limit: int = settings.MAX_PROBLEMS_LISTED,
                      lang: str | None = None) -> list[str]:
        """Return every problem as one line a manager can act on, capped with a count, in
        ``lang`` (the session's language by default)."""
        lines = [p.text(lang) for p in self.errors]
        for tb in self.needs_mapping:
            lines.append(render(msg("problem.needs_mapping", where=tb.label(), row=tb.header_row,
                                    missing=tb.missing,
                                    headers=[msg("text.quoted", text=h)
                                             for h in tb.headers if h]), lang))
        for tb in self.unused_measures:
            for label, header in zip(tb.unused_numbers, tb.unused_headers, strict=True):
                lines.append(render(msg(
                    "problem.unused_numbers", where=tb.label(), column=label,
                    missing=[msg(f"column.{m}") for m in tb.missing_measures],
                    maps=[msg("text.map_option", header=header, column=m)
                          for m in (*tb.missing_measures, "ignore")]), lang))
        if self.unknown_methods_more[0]:
            labels_more, rows_more = self.unknown_methods_more
            lines.append(render(msg("problem.unknown_methods_more", n=labels_more,
                                    rows=rows_more, listed=len(self.unknown_methods)), lang))
        lines += [u.text(lang) for u in self.unknown_methods]
        if len(lines) > limit:
            lines = lines[:limit] + [render(msg("problem.more", n=len(lines) - limit), lang)]
        return lines


def reading_lines(stored: str | None, lang: str | None = None) -> list[str]:
    """Return an import's stored reading (``ImportBatch.reading``) as lines of text in
    ``lang``: each table's header row and columns, the labels read through mappings, the
    choices made. An import from before readings were kept has none."""
    if not stored:
        return []
    reading = json.loads(stored)
    lines = [render(msg("reading.table", sheet=sheet or "—", kind=msg(f"reading.kind.{kind}"),
                        row=row, columns=[msg("reading.pair", source=h,
                                              target=msg(f"column.{c}"))
                                          for h, c in mapping]), lang)
             for sheet, kind, row, mapping in reading.get("tables", [])]
    if reading.get("methods"):
        lines.append(render(msg("reading.methods", pairs=[
            msg("reading.pair", source=label, target=taxonomy.method_label(target)
                if target in taxonomy.METHOD_BY_ID else msg("column.__exclude__"))
            for label, target in reading["methods"]]), lang))
    choices = reading.get("choices", {})
    if "rate" in choices:
        source, stored_in, rate = choices["rate"]
        lines.append(render(msg("warn.currency_converted", currency=source, stored=stored_in,
                                rate=rate), lang))
    elif "currency" in choices:
        lines.append(render(msg("reading.currency", currency=choices["currency"]), lang))
    if "quarter" in choices:
        lines.append(render(msg("reading.quarter", quarter=choices["quarter"]), lang))
    return lines


class ImportRejected(Exception):
    """The upload cannot be imported; ``batch`` says why, everything in one pass."""

    def __init__(self, batch: ImportBatch):
        super().__init__(batch)
        self.batch = batch

    def __str__(self) -> str:
        return "\n".join(self.batch.problem_lines())  # in the reader's language, when shown
