"""The one ingest path for every format: read -> find tables and headers -> normalise values ->
validate -> a batch ready for the store, or every problem found in one pass.

Format-specific code stops at ``readers.read_file``; from there on every sheet is a frame of
cells with the row numbers the user's spreadsheet shows.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kam_analytics import settings
from kam_analytics.i18n import msg
from kam_analytics.ingest import distinct, raw_sheets, readers, sandbox, schema, suspicious
from kam_analytics.ingest.batch import ImportBatch, ImportRejected, SheetTable
from kam_analytics.ingest.content import read_by_content
from kam_analytics.ingest.problems import Problem, UnknownMethod, column_letter
from kam_analytics.ingest.quarters import parse_quarter
from kam_analytics.ingest.records import client_records, interaction_records, valuation_records
from kam_analytics.ingest.tables import blank_rows, find_table

if TYPE_CHECKING:  # the store room imports nothing of ingest at run time, nor ingest of it
    from kam_analytics.store import ImportOutcome, Store

# ---- the pipeline ----------------------------------------------------------------------------
INTERACTION_FIELDS = ["source_file", "source_sheet", "source_row", "date", "quarter", "client",
                      "method", "cost", "hours", "value", "manager", *schema.HEALTH_NAMES]
VALUATION_FIELDS = ["quarter", "client", "method", "value", "comment"]
# Yes/no columns as nullable booleans (not categories of True and False).
_YES_NO_FIELDS = [c.name for c in schema.HEALTH_COLUMNS if c.kind == "yesno"]


def empty_batch(files: list[tuple[str, bytes]]) -> ImportBatch:
    """Return a batch with nothing in it yet; its files' digests are filled in last."""
    return ImportBatch(
        files=[(name, "") for name, _ in files],
        interactions=pd.DataFrame(columns=INTERACTION_FIELDS),
        clients=pd.DataFrame(columns=["client", "manager", "segment", "annual_revenue",
                                      "margin"]),
        valuations=pd.DataFrame(columns=VALUATION_FIELDS))


def checked_quarter(quarter: str) -> str:
    """Return a quarter as stored (2026Q3); ValueError if the text names no quarter."""
    parsed = parse_quarter(quarter)
    if parsed is None:
        raise ValueError(f"{quarter!r} is not a quarter such as 2026Q3")
    return parsed


def read_sheets(name: str, data: bytes, *, isolate: bool = True) -> list[raw_sheets.RawSheet]:
    """Return a file's raw sheets; workbooks are parsed in the sandbox unless ``isolate`` is
    False. Raises raw_sheets.ReadError for a file that cannot be read."""
    if isolate and sandbox.is_workbook(data):
        return sandbox.read_file(name, data)
    # Text goes through pandas' C parser on bounded input (upload size, cell count): it
    # cannot crash the process, and a child would only add the cost of copying the cells.
    return readers.read_file(name, data)


_AMOUNTS = ("cost", "annual_revenue", "margin")  # the money columns a rate converts
_ENCODING_KEYS = {"cp1251": "encoding.cp1251", "cp1252": "encoding.cp1252",
                  "latin-1": "encoding.latin1", "utf-16": "encoding.utf16",
                  "utf-16-le": "encoding.utf16", "utf-16-be": "encoding.utf16",
                  "utf-32": "encoding.utf32"}


def _file_notes(batch: ImportBatch, name: str, sheets: list[raw_sheets.RawSheet]) -> None:
    """Warn once per file about how it was read: a legacy encoding (or lines in one), macros
    not run."""
    encoding = sheets[0].encoding if sheets else None
    if encoding in _ENCODING_KEYS:
        batch.warnings.append(Problem(name, msg("warn.encoding",
                                              encoding=msg(_ENCODING_KEYS[encoding]))))
    if sheets and sheets[0].other_lines:
        batch.warnings.append(Problem(name, msg(
            "warn.mixed_encoding", encoding=msg(_ENCODING_KEYS[sheets[0].other_encoding]),
            n=len(sheets[0].other_lines)), msg("fix.mixed_encoding"),
            rows=list(sheets[0].other_lines)))
    if any(s.macros for s in sheets):
        batch.warnings.append(Problem(name, msg("warn.macros")))


Progress = Callable[[str, float], None]  # (stage: "reading" | "checking" | "storing", 0..1)


def _no_progress(stage: str, fraction: float) -> None:
    return None


def prepare_import(files: list[tuple[str, bytes]], *, header_map: dict[str, str] | None = None,
                   method_map: dict[str, str] | None = None,
                   isolate: bool = True, progress: Progress | None = None,
                   digests: list[str] | None = None, quarter: str | None = None,
                   client_map: dict[str, str] | None = None) -> ImportBatch:
    """Return the batch the files make: normalised tables, or every problem in one pass.

    ``header_map`` maps normalised headers to canonical columns (or IGNORE); ``method_map``
    maps normalised method labels to method ids (or EXCLUDE); ``client_map`` maps the form
    spellings of one client share (``suspicious.client_key``) to the name chosen for them.
    All three are the user's mappings.
    Workbooks are parsed in a child process (``sandbox``) unless ``isolate`` is False.
    ``progress`` is told the stage and the share done as the work goes. ``digests`` are the
    files' SHA-256 (hex) when the caller has worked them out already. ``quarter`` (2026Q3)
    dates valuations without a quarter of their own when the upload has no interactions;
    raises ValueError if it names no quarter.
    """
    if digests is not None and len(digests) != len(files):
        raise ValueError("one digest per file")
    quarter = checked_quarter(quarter) if quarter is not None else None
    # hashlib works without holding the GIL: each file is hashed on another thread while this
    # one checks it (started after reading it: Arrow's parser has every core meanwhile).
    pool = None if digests is not None else ThreadPoolExecutor(
        max_workers=1, thread_name_prefix="kam-sha256")
    hashing: dict[int, Future] = {}

    def read(i: int, name: str, data: bytes) -> list[raw_sheets.RawSheet]:
        try:
            return read_sheets(name, data, isolate=isolate)
        finally:
            if pool is not None:
                hashing[i] = pool.submit(_sha256, data)

    try:
        with distinct.distinct_cells_remembered():  # each column's distinct cells worked out once
            batch = _prepared(files, header_map, method_map, read, progress, quarter,
                              client_map or {})
        batch.files = [(name, digests[i] if digests is not None
                        else hashing[i].result() if i in hashing else _sha256(data))
                       for i, (name, data) in enumerate(files)]
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
    return batch


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _prepared(files: list[tuple[str, bytes]], header_map: dict[str, str] | None,
              method_map: dict[str, str] | None,
              read: Callable[[int, str, bytes], list[raw_sheets.RawSheet]],
              progress: Progress | None, quarter: str | None = None,
              client_map: dict[str, str] | None = None) -> ImportBatch:
    header_map = header_map or {}
    method_map = method_map or {}
    progress = progress or _no_progress
    batch = empty_batch(files)
    unknown: dict[str, dict] = {}
    inter, clients, vals = [], [], []
    for i, (name, data) in enumerate(files):
        progress("reading", 0.5 * i / len(files))
        if len(data) > settings.MAX_UPLOAD_MB * 1_000_000:
            batch.errors.append(Problem(name, msg("problem.too_big", mb=len(data) / 1_000_000,
                                                limit=settings.MAX_UPLOAD_MB),
                                        msg("fix.too_big")))
            continue
        try:
            sheets = read(i, name, data)
        except raw_sheets.ReadError as exc:
            batch.errors.append(Problem(name, exc.problem, exc.fix))
            continue
        progress("checking", 0.5 * (i + 0.5) / len(files))
        _file_notes(batch, name, sheets)
        visible = [s for s in sheets if not s.hidden]
        for s in sheets:
            if s.hidden:
                batch.warnings.append(Problem(name, msg("warn.hidden_sheet"), sheet=s.sheet))
        found_any = False
        only_sheet = len(visible) == 1
        del sheets
        visible.reverse()
        while visible:
            # Each sheet is let go once read, with what was worked out about its columns: a
            # workbook of 1,000 sheets otherwise keeps them all, and every pass of Python's
            # cycle collector walks them again.
            s = visible.pop()
            with distinct.distinct_cells_remembered({}):
                tb = find_table(s, header_map, method_map, only_sheet=only_sheet)
                if tb is None:
                    if not blank_rows(s.cells).all():
                        batch.warnings.append(Problem(name, msg("warn.sheet_skipped"),
                                                      sheet=s.sheet))
                    continue
                found_any = True
                tb, notes = read_by_content(s, tb, header_map, method_map)
                batch.warnings += notes
                batch.tables.append(tb)
                if tb.missing:
                    continue
                if tb.kind == "interactions":
                    inter.append(interaction_records(batch, s, tb, method_map, unknown))
                elif tb.kind == "clients":
                    clients.append(client_records(batch, s, tb))
                else:
                    vals.append(valuation_records(batch, s, tb, method_map, unknown))
        if not found_any:
            batch.errors.append(Problem(name, msg("problem.no_table"), msg("fix.no_table")))
    batch.unknown_methods = [
        UnknownMethod(u["label"], u["rows"], u["first_rows"][:8], u["files"], u["suggestions"])
        for u in sorted(unknown.values(), key=lambda u: -u["rows"])]
    inter = [f for f in inter if len(f)]
    if not inter and not vals and not clients and not batch.errors and not batch.needs_mapping:
        batch.errors.append(Problem(", ".join(n for n, _ in files), msg("problem.no_rows"),
                                    msg("fix.no_rows")))
    batch.currency = _currency(batch)
    if not batch.ok:
        return batch
    if inter:
        # Dates are midnight timestamps (parse_date_column's), not Python date objects: the
        # store casts them to DATE in bulk.
        frame = pd.concat(inter, ignore_index=True)
        frame["source_row"] = frame["source_row"].astype("int64")
        for field in _YES_NO_FIELDS:
            frame[field] = _yes_no(frame[field])
        batch.interactions = _dictionary_encoded(frame[INTERACTION_FIELDS].reset_index(drop=True))
        suspicious.note_duplicate_rows(batch, batch.interactions)
        per_quarter = batch.interactions["quarter"].value_counts().sort_index()
        per_quarter = per_quarter[per_quarter > 0]
        if len(per_quarter) > 1:
            batch.warnings.append(Problem(", ".join(n for n, _ in files), msg(
                "warn.quarters", n=len(per_quarter), quarters=[
                    msg("where.quarter_rows", quarter=q, n=n) for q, n in per_quarter.items()])))
    if clients:
        cl = pd.concat([c for c in clients if len(c)], ignore_index=True) if any(
            len(c) for c in clients) else batch.clients
        batch.clients = cl.drop_duplicates("client", keep="last").reset_index(drop=True)
    if vals:
        batch.valuations = _dated_valuations(batch, pd.concat(vals, ignore_index=True), quarter)
    if client_map:
        _clients_mapped(batch, client_map)
    suspicious.note_client_variants(batch)
    progress("checking", 0.85)
    return batch


def _dictionary_encoded(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the frame with every text column categorical: each name is held once, and the
    store takes such columns several times faster than columns of Python strings."""
    for column in frame.columns:
        if column in _YES_NO_FIELDS:
            continue
        values = frame[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            # A column the files do not have holds only missing values: made so at once
            # (astype took 0.1 s for each such column of a million rows).
            frame[column] = (pd.Categorical.from_codes(np.full(len(values), -1, np.int8),
                                                       dtype=_NO_CATEGORIES)
                             if not values.notna().any() else values.astype("category"))
    return frame


_NO_CATEGORIES = pd.CategoricalDtype(pd.Index([], dtype=object))


def _yes_no(values: pd.Series) -> pd.Series:
    """Return a yes/no column as nullable booleans; a column the files do not have (only
    missing values) made so at once."""
    if values.notna().any():
        return values.astype("boolean")
    n = len(values)
    return pd.Series(pd.arrays.BooleanArray(np.zeros(n, bool), np.ones(n, bool)),
                     index=values.index)


def _currency(batch: ImportBatch) -> str | None:
    """Return the currency the money columns' headers name (None when none says); money
    columns naming different currencies are a problem."""
    named: dict[str, list[str]] = {}
    for tb in batch.tables:
        for j, header in enumerate(tb.headers):
            column = schema.COLUMN_BY_NAME.get(tb.mapping.get(header) or "")
            code = schema.header_currency(header) if column and column.kind == "money" else None
            if code:
                named.setdefault(code, []).append(_column_label(tb, j))
    if len(named) > 1:
        batch.errors.append(Problem(", ".join(n for n, _ in batch.files), msg(
            "problem.currencies", columns=[msg("where.currency", column=label, currency=code)
                                           for code, labels in sorted(named.items())
                                           for label in labels]), msg("fix.currencies")))
        return None
    return next(iter(named), None)


def _column_label(tb: SheetTable, j: int) -> str:
    return f"{tb.label()} '{tb.headers[j]}' ({column_letter(j)})"


def _dated_valuations(batch: ImportBatch, vals: pd.DataFrame, quarter: str | None = None
                      ) -> pd.DataFrame:
    """Return valuations with a quarter each: their own, else every quarter of the upload's
    interactions, else ``quarter`` (the one the user picked)."""
    if vals.empty:
        return batch.valuations
    upload_quarters = sorted(set(batch.interactions["quarter"].unique()))
    undated = vals["quarter"].isna()
    if undated.any() and not upload_quarters:
        if quarter is None:
            batch.errors.append(Problem(", ".join(n for n, _ in batch.files),
                                        msg("problem.valuation_no_quarter"),
                                        msg("fix.valuation_quarter")))
            return batch.valuations
        upload_quarters = [quarter]
        batch.choices["quarter"] = quarter  # part of the import's reading
    dated = vals[~undated]
    spread = [vals[undated].assign(quarter=q) for q in upload_quarters] if undated.any() else []
    out = pd.concat([dated, *spread], ignore_index=True)
    dup = out.duplicated(["quarter", "client", "method"], keep=False)
    if dup.any():
        batch.errors.append(Problem(
            ", ".join(n for n, _ in batch.files), msg("problem.duplicate_valuation"),
            msg("fix.duplicate_valuation"), rows=sorted(set(out.loc[dup, "_row"].astype(int)))))
    out = out.reindex(columns=VALUATION_FIELDS)
    # No comment is None, whichever table the rows came from (a grid has no comment column).
    return out.assign(comment=out["comment"].astype(object).where(out["comment"].notna(), None))


def _clients_mapped(batch: ImportBatch, client_map: dict[str, str]) -> None:
    """Read the client names the user merged as the spelling chosen for them (interactions,
    clients and valuations), with a note naming each spelling read another way."""
    names = {str(n) for frame in (batch.interactions, batch.clients, batch.valuations)
             for n in pd.unique(frame["client"].dropna())}
    read_as = {n: client_map[key] for n in names
               if (key := suspicious.client_key(n)) in client_map and client_map[key] != n}
    if not read_as:
        return
    for frame in (batch.interactions, batch.clients, batch.valuations):
        if isinstance(frame["client"].dtype, pd.CategoricalDtype):
            frame["client"] = frame["client"].astype(object).replace(read_as).astype("category")
        else:
            frame["client"] = frame["client"].replace(read_as)
    batch.clients = batch.clients.drop_duplicates("client", keep="last").reset_index(drop=True)
    batch.choices["clients"] = sorted(read_as.items())  # part of the import's reading
    batch.warnings.append(Problem(", ".join(n for n, _ in batch.files), msg(
        "warn.clients_merged", pairs=[msg("reading.pair", source=a, target=b)
                                      for a, b in sorted(read_as.items())])))


def run_import(store: Store, files: list[tuple[str, bytes]], *, mode: str | None = None,
               header_map: dict[str, str] | None = None,
               method_map: dict[str, str] | None = None, isolate: bool = True,
               progress: Progress | None = None, quarter: str | None = None,
               currency: str | None = None, rate: float | None = None,
               client_map: dict[str, str] | None = None) -> ImportOutcome:
    """Import files into the store as one import and return the store's outcome.

    Saved mappings (headers, methods, clients) apply, the given ones win and are saved once
    the import succeeds.
    ``quarter`` dates valuations that have none when the upload has no interactions;
    ``currency`` and ``rate`` as for ``store_batch``. Raises ImportRejected (nothing stored),
    store.NeedsDecision (quarters already hold data) or store.CurrencyMismatch.
    """
    headers = {**store.mappings("header"), **(header_map or {})}
    methods = {**store.mappings("method"), **(method_map or {})}
    clients = {**store.mappings("client"), **(client_map or {})}
    batch = prepare_import(files, header_map=headers, method_map=methods, isolate=isolate,
                           progress=progress, quarter=quarter, client_map=clients)
    return store_batch(store, batch, mode=mode, header_map=header_map, method_map=method_map,
                       progress=progress, currency=currency, rate=rate,
                       client_map=client_map)


def store_batch(store: Store, batch: ImportBatch, *, mode: str | None = None,
                header_map: dict[str, str] | None = None,
                method_map: dict[str, str] | None = None, progress: Progress | None = None,
                currency: str | None = None, rate: float | None = None,
                client_map: dict[str, str] | None = None) -> ImportOutcome:
    """Store a prepared batch as one import and return the store's outcome; the mappings the
    user chose for it are saved once it is stored, with the import they came from.

    ``currency`` is the amounts' currency as the user gives it (else the one the headers
    name, else the store's); ``rate`` converts it to the store's (1 unit = ``rate`` of the
    store's). Raises ImportRejected (nothing stored), store.NeedsDecision (quarters hold data)
    or store.CurrencyMismatch (amounts in another currency than the store's, no rate).
    """
    if not batch.ok:
        raise ImportRejected(batch)
    if mode is None and batch.interactions.empty and batch.clients.empty:
        # Valuations alone go beside the quarter's interactions (replacing would drop them);
        # the newest valuation of a client and method is the one that counts.
        mode = "append"
    batch, amounts_in = currency_applied(batch, store.currency(), currency, rate)
    progress = progress or _no_progress
    progress("storing", 0.9)
    outcome = store.save_import(
        file_names=[n for n, _ in batch.files], sha256=batch.sha256,
        interactions=batch.interactions, clients=batch.clients, valuations=batch.valuations,
        warnings=[w.to_data() for w in batch.warnings], mode=mode, reading=batch.reading(),
        currency=amounts_in)
    store.save_mappings("header", header_map or {}, import_id=outcome.import_id)
    store.save_mappings("method", method_map or {}, import_id=outcome.import_id)
    store.save_mappings("client", client_map or {}, import_id=outcome.import_id)
    progress("storing", 1.0)
    outcome.batch = batch
    return outcome


def has_amounts(batch: ImportBatch) -> bool:
    """Return whether the batch holds money columns (costs, revenues, margins)."""
    return any(c in _AMOUNTS for tb in batch.tables
               for c in tb.mapping.values())


def rate_needed(batch: ImportBatch, stored: str, holds_data: bool,
                currency: str | None = None) -> str | None:
    """Return the currency the batch's amounts are in when it differs from the store's
    (``stored``) and the store holds data: a rate is needed to import them. Else None."""
    source = _amounts_currency(batch, stored, currency)
    return source if holds_data and source != stored and has_amounts(batch) else None


def _amounts_currency(batch: ImportBatch, stored: str, currency: str | None) -> str:
    """Return the currency the amounts are in: the user's, else the headers', else the store's."""
    return (currency or batch.currency or stored).upper()


def currency_applied(batch: ImportBatch, stored: str, currency: str | None = None,
                     rate: float | None = None) -> tuple[ImportBatch, str]:
    """Return the batch with its amounts in the store's currency where ``rate`` converts
    them, and the currency its amounts are then in. The batch given is left as it was (the
    page keeps it). A currency nothing names is the store's (the page and the CLI say so)."""
    source = _amounts_currency(batch, stored, currency)
    choices = {**batch.choices, **({"currency": source} if currency else {})}
    warnings = list(batch.warnings)
    files = ", ".join(n for n, _ in batch.files)
    if not has_amounts(batch):
        return dataclasses.replace(batch, choices=choices), stored
    if source == stored or rate is None:
        return dataclasses.replace(batch, choices=choices, warnings=warnings), source
    if not (math.isfinite(rate) and rate > 0):
        raise ValueError(f"rate must be a positive number, not {rate!r}")
    choices["rate"] = [source, stored, rate]
    warnings.append(Problem(files, msg("warn.currency_converted", currency=source,
                                       stored=stored, rate=rate)))
    interactions = batch.interactions.assign(cost=batch.interactions["cost"] * rate)
    clients = batch.clients.assign(**{c: batch.clients[c] * rate for c in _AMOUNTS
                                      if c != "cost" and c in batch.clients})
    return dataclasses.replace(batch, interactions=interactions, clients=clients,
                               choices=choices, warnings=warnings), stored
