"""Checks over the whole upload for data that looks wrong: flagged, never changed.

Rows exported twice and client names that differ only in case, spacing, punctuation or
look-alike letters; each is a warning naming the rows, the variants also a question on the
batch (merge them into one spelling, saved as a 'client' mapping).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kam_analytics.i18n import Message, msg
from kam_analytics.ingest.batch import ClientVariants, ImportBatch
from kam_analytics.ingest.problems import Problem
from kam_analytics.taxonomy import normalise_label

PAIRS_SHOWN = 8  # duplicate row pairs named in the warning; the rest are counted
# The fields that make two interactions the same (where they came from left out).
SAME_FIELDS = ["date", "client", "method", "cost", "hours", "value", "manager"]

# Cyrillic letters drawn like Latin ones: 'СОNTOSO' typed with a Cyrillic С and О looks like
# 'CONTOSO' on screen. Folded to the Latin letter to find such names (names are kept as given).
HOMOGLYPHS = str.maketrans("АВЕКМНОРСТХаеорсухіјѕ", "ABEKMHOPCTXaeopcyxijs")


def client_key(name: str) -> str:
    """Return the form two spellings of one client share: case, spacing, punctuation and
    Cyrillic look-alikes of Latin letters folded ('CONTOSO  GmbH.' -> 'contoso gmbh')."""
    return normalise_label(str(name).translate(HOMOGLYPHS))


def _row_place(files: int, file: str, row: int) -> Message:
    return msg("where.row", row=row) if files == 1 else msg("where.file_row", file=file, row=row)


def maybe_repeated(frame: pd.DataFrame, fields: list[str]) -> np.ndarray:
    """Return a mask of the rows whose ``fields`` hash like another row's: every row equal to
    another in those fields (as ``DataFrame.duplicated`` compares: missing values alike, 0.0
    and -0.0 alike) is in it, and a few others may be."""
    key = np.zeros(len(frame), dtype=np.uint64)
    for field in fields:
        values = frame[field]
        if isinstance(values.dtype, pd.CategoricalDtype):
            bits = values.cat.codes.to_numpy().astype(np.uint64)
        elif pd.api.types.is_float_dtype(values.dtype):
            # every missing value made the one NaN, whatever its bits; -0.0 made 0.0
            bits = (values.to_numpy(dtype="float64", na_value=np.nan) + 0.0).view(np.uint64)
        elif pd.api.types.is_datetime64_dtype(values.dtype):
            bits = values.to_numpy(dtype="datetime64[ns]").view(np.uint64)  # NaT: one value
        else:
            bits = pd.util.hash_array(values.to_numpy())
        # mixed as splitmix64 does: equal rows always meet, unequal ones rarely do
        key = (key ^ bits) * np.uint64(0x9E3779B97F4A7C15)
        key ^= key >> np.uint64(31)
    return pd.Series(key).duplicated(keep=False).to_numpy()


def note_duplicate_rows(batch: ImportBatch, interactions: pd.DataFrame) -> None:
    """Warn about interactions identical in every field to an earlier one (the same rows
    exported twice?), naming the pairs of rows. They are kept: two equal visits can be real."""
    fields = [f for f in SAME_FIELDS if f in interactions]
    files, total = interactions["source_file"].nunique(), len(interactions)
    # Only rows sharing a hash of their fields can be equal: the exact comparison is made
    # among those alone (over every row it took 0.14 s of a million-row import, the hash 0.05).
    interactions = interactions[maybe_repeated(interactions, fields)]
    again = interactions.duplicated(fields, keep="first")
    if not again.any():
        return
    repeated = interactions.duplicated(fields, keep=False)
    both = interactions.loc[repeated, fields]
    group = both.groupby(fields, sort=False, dropna=False, observed=True).ngroup()
    first = pd.Series(both.index, index=both.index).groupby(group.to_numpy()).transform("first")
    later = first[again[repeated].to_numpy()]
    file_of, row_of = interactions["source_file"], interactions["source_row"]
    pairs = [msg("where.row_pair", a=_row_place(files, file_of[i], int(row_of[i])),
                 b=_row_place(files, file_of[j], int(row_of[j])))
             for j, i in later.iloc[:PAIRS_SHOWN].items()]
    listed = msg("text.semicolons", items=pairs)
    if len(later) > PAIRS_SHOWN:
        listed = msg("text.and_then", first=listed,
                     then=msg("where.and_more", n=len(later) - PAIRS_SHOWN))
    batch.warnings.append(Problem(", ".join(n for n, _ in batch.files), msg(
        "warn.duplicate_rows", n=len(later), total=total, pairs=listed),
        msg("fix.duplicate_rows")))


def client_variants(names: pd.Series, rows: pd.Series) -> list[ClientVariants]:
    """Return the groups of client names that differ only in case, spacing, punctuation or
    look-alike letters, each spelling with its count of rows (most rows first)."""
    counts = pd.Series(rows.to_numpy(), index=names.to_numpy()).groupby(level=0).sum()
    counts = counts[counts.index != ""]
    keys = pd.Series(counts.index.map(client_key), index=counts.index)
    shared = keys.duplicated(keep=False)
    groups = []
    for key, spellings in counts[shared.to_numpy()].groupby(keys[shared].to_numpy()):
        ordered = sorted(spellings.items(), key=lambda item: (-item[1], item[0]))
        groups.append(ClientVariants(key, [(str(n), int(c)) for n, c in ordered]))
    return sorted(groups, key=lambda g: -sum(c for _, c in g.spellings))


def note_client_variants(batch: ImportBatch) -> None:
    """Ask about client names of the upload that differ only in case, spacing, punctuation or
    look-alike letters: kept apart unless the user merges them (``--map-client``)."""
    column = batch.interactions["client"]
    if column.empty:
        return
    counts = column.value_counts(sort=False)
    counts = counts[counts > 0]
    batch.client_variants = client_variants(pd.Series(counts.index.astype(str)), counts)
    if batch.client_variants:
        batch.warnings.append(Problem(", ".join(n for n, _ in batch.files), msg(
            "warn.similar_clients", names=[g.label() for g in batch.client_variants]),
            msg("fix.similar_clients")))
