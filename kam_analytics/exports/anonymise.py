"""Anonymised exports: stable aliases for client and manager names, applied to the frames before
any chart, slide, note or sheet is built, so no path can carry a real name through.

Aliases are a pure function of the frame being exported: clients ordered by total cost (largest
first, name breaks ties) get Client A, Client B, … Client Z, Client AA, …; managers likewise,
ordered by the total cost of their clients.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from kam_analytics.exports import formula_safe
from kam_analytics.i18n import t


def alias_letters(index: int) -> str:
    """Return the letters of the ``index``-th alias (0 → A, 25 → Z, 26 → AA, 27 → AB, …)."""
    if index < 0:
        raise ValueError(f"alias index must be 0 or more, not {index}")
    letters = ""
    n = index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Aliases:
    """Real name → alias, for clients and managers, of one export."""

    clients: dict[str, str] = field(default_factory=dict)
    managers: dict[str, str] = field(default_factory=dict)

    def key_frame(self) -> pd.DataFrame:
        """Return the alias key: one row per alias with its kind and real name."""
        rows = [(t("anon.kind_client"), a, n) for n, a in self.clients.items()]
        rows += [(t("anon.kind_manager"), a, n) for n, a in self.managers.items()]
        return pd.DataFrame(rows, columns=[t("anon.col_kind"), t("anon.col_alias"),
                                           t("anon.col_name")])

    def key_csv(self) -> bytes:
        """Return the alias key as a formula-safe UTF-8 CSV."""
        return formula_safe.csv_bytes(self.key_frame())


def _ranked(spend: pd.Series) -> list[str]:
    """Return the index of ``spend`` ordered by value (largest first), name breaking ties."""
    frame = pd.DataFrame({"name": spend.index.astype(str), "spend": spend.to_numpy()})
    return frame.sort_values(["spend", "name"], ascending=[False, True],
                             kind="stable")["name"].tolist()


def aliases(matrix: pd.DataFrame) -> Aliases:
    """Return the aliases for every client and manager in ``matrix``, ordered by spend."""
    cost = pd.to_numeric(matrix["total_cost"], errors="coerce").fillna(0.0)
    names = matrix.assign(_cost=cost)
    clients = _ranked(names.groupby(names["client"].astype(str))["_cost"].sum())
    client_map = {c: t("anon.client", letters=alias_letters(i)) for i, c in enumerate(clients)}
    manager_map: dict[str, str] = {}
    if "manager" in names:
        managed = names[names["manager"].notna()]
        managers = _ranked(managed.groupby(managed["manager"].astype(str))["_cost"].sum())
        manager_map = {m: t("anon.manager", letters=alias_letters(i))
                       for i, m in enumerate(managers)}
    return Aliases(client_map, manager_map)


def portfolio_aliases(every_quarter: pd.DataFrame, clients: pd.DataFrame) -> Aliases:
    """Return the aliases an anonymised viewer sees everywhere: every client and manager of the
    matrix of every quarter (``every_quarter``) by total cost over all of them, then those
    listed in the client dimension (``clients``) without any interaction."""
    spend = every_quarter[["client", "manager", "total_cost"]]
    listed = clients.assign(total_cost=0.0)[["client", "manager", "total_cost"]]
    return aliases(pd.concat([spend, listed], ignore_index=True))


def aliased(frame: pd.DataFrame, names: Aliases) -> pd.DataFrame:
    """Return a copy of ``frame`` whose client and manager columns hold aliases.

    A name the aliases do not know raises KeyError: an export must never pass one through.
    """
    out = frame.copy()
    for column, mapping in (("client", names.clients), ("manager", names.managers)):
        if column not in out:
            continue
        values = out[column].astype(object)
        known = values.isna() | values.isin(list(mapping))
        if not known.all():
            raise KeyError(f"{column} names without an alias: {values[~known].nunique()}")
        out[column] = values.map(lambda v, m=mapping: v if pd.isna(v) else m[v]).astype(object)
    return out


def scrubbed(text: str, replacements: dict[str, str]) -> str:
    """Return ``text`` with every name of ``replacements`` (any case) replaced, longest first."""
    names = sorted((n for n in replacements if n), key=len, reverse=True)
    if not names:
        return text
    pattern = re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE)
    lookup = {n.casefold(): replacements[n] for n in names}
    return pattern.sub(lambda m: lookup.get(m.group(0).casefold(), t("anon.other")), text)
