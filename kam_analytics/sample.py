"""The seeded sample dataset: ~20 key accounts of a mid-size B2B industrial supplier, 2026Q1-Q3.

The roster and its stories (strategic accounts, overinvested methods, thin portfolios) are
declared below as data; the seed draws everything else. Regenerate the files with
``python -m kam_analytics.sample [out_dir] [--seed N]``.

2026Q2 and 2026Q3 are drawn from the seed's main stream; 2026Q1, added later for comparing
quarters, from a stream of its own, so that adding it left every figure of Q2 and Q3 as it was.
"""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kam_analytics import sample_health
from kam_analytics.sample_health import HEALTH_HEADERS
from kam_analytics.settings import SAMPLE_DIR
from kam_analytics.taxonomy import method_label

DEFAULT_SEED = 2026
QUARTERS: tuple[tuple[str, str, str], ...] = (
    # (quarter, first day, day after the last), drawn from the seed's main stream
    ("2026Q2", "2026-04-01", "2026-07-01"),
    ("2026Q3", "2026-07-01", "2026-10-01"),
)
# The quarter before, drawn from its own stream (the seed and this tag).
EARLIER_QUARTERS: tuple[tuple[str, str, str], ...] = (("2026Q1", "2026-01-01", "2026-04-01"),)
EARLIER_STREAM = 1
# Methods whose spend a story changed after 2026Q1 (activity multiplier in Q1): the supplier
# stepped up technical support and cut back free trials, so comparing quarters has news.
EARLIER_SHIFTS = {"technical.sale_service": 0.5, "risk.trials": 2.5}
VALUATION_QUARTER = "2026Q3"
RATED_SHARE = 0.4
# Q3 holds the summer holidays: a little less activity than Q2.
QUARTER_ACTIVITY = {"2026Q1": 0.85, "2026Q2": 1.0, "2026Q3": 0.9}
TIER_ACTIVITY = {"Tier 1": 1.8, "Tier 2": 1.0, "Tier 3": 0.6}

XLSX_NAME = "kam_sample.xlsx"
CSV_NAME = "kam_sample_{quarter}.csv"
INTERACTION_HEADERS = {
    "date": "Date", "client": "Client", "method": "Method", "cost": "Cost (EUR)",
    "hours": "Manager hours", "value": "Value (1-5)", "manager": "Manager",
}
CLIENT_HEADERS = {
    "client": "Client", "manager": "Manager", "segment": "Segment",
    "annual_revenue": "Annual revenue", "margin": "Gross margin",
}
VALUATION_HEADERS = {
    "client": "Client", "method": "Method", "value": "Value (1-5)", "quarter": "Quarter",
}
# A fixed workbook creation time keeps the .xlsx bytes stable across runs.
WORKBOOK_CREATED = dt.datetime(2026, 10, 1, 9, 0, 0)


@dataclass(frozen=True)
class MethodProfile:
    cost_lo: float      # EUR per interaction
    cost_hi: float
    hours_lo: float     # manager hours per interaction
    hours_hi: float
    per_quarter: float  # interactions per quarter at a Tier 2 account
    value: float        # typical client rating, 1-5
    uptake: float       # weight when drawing an account's methods


# Costs and rates for a mid-size industrial supplier; the cheap, valued service basics
# (quotes, delivery, responsiveness) sit next to costly, often-overrated extras.
METHOD_PROFILES: dict[str, MethodProfile] = {
    "trust.promises_kept": MethodProfile(0, 100, 0.25, 2, 3.0, 4.3, 0.7),
    "trust.fast_response": MethodProfile(0, 200, 0.25, 4, 5.0, 4.2, 1.0),
    "trust.contact_frequency": MethodProfile(20, 400, 0.5, 4, 6.0, 3.5, 1.0),
    "trust.site_visits": MethodProfile(500, 3000, 4, 16, 0.8, 3.6, 0.5),
    "trust.social_activities": MethodProfile(800, 6000, 3, 12, 0.8, 2.8, 0.45),
    "trust.problem_advice": MethodProfile(0, 300, 0.5, 4, 1.5, 3.9, 0.5),
    "technical.joint_rnd": MethodProfile(3000, 25000, 8, 40, 1.0, 3.8, 0.15),
    "technical.sale_service": MethodProfile(200, 2500, 2, 12, 2.0, 3.9, 0.6),
    "technical.staff_training": MethodProfile(1000, 8000, 4, 24, 0.8, 3.4, 0.4),
    "technical.dual_selling": MethodProfile(500, 5000, 4, 20, 0.8, 3.0, 0.1),
    "resource.credit": MethodProfile(2000, 20000, 0.5, 3, 0.7, 4.0, 0.35),
    "resource.loan_help": MethodProfile(300, 2500, 2, 10, 0.5, 3.0, 0.08),
    "resource.joint_promotion": MethodProfile(2000, 15000, 4, 20, 0.6, 2.9, 0.2),
    "resource.countertrade": MethodProfile(500, 6000, 4, 16, 0.5, 2.6, 0.05),
    "service.reliable_delivery": MethodProfile(50, 800, 0.25, 2, 6.0, 4.6, 1.0),
    "service.fast_delivery": MethodProfile(150, 1500, 0.25, 3, 3.0, 4.0, 0.5),
    "service.auto_reorder": MethodProfile(300, 3000, 1, 8, 1.0, 3.8, 0.3),
    "service.fast_quotes": MethodProfile(0, 50, 0.25, 2, 7.0, 4.4, 1.0),
    "service.zero_defects": MethodProfile(200, 2500, 1, 8, 1.5, 4.2, 0.45),
    "risk.free_demos": MethodProfile(500, 4000, 3, 12, 0.7, 3.0, 0.3),
    "risk.trials": MethodProfile(1500, 12000, 2, 10, 0.6, 3.1, 0.25),
    "risk.product_guarantee": MethodProfile(100, 4000, 0.5, 4, 1.0, 3.9, 0.4),
    "risk.delivery_guarantee": MethodProfile(100, 3000, 0.25, 3, 0.8, 3.7, 0.3),
    "risk.preventive_maintenance": MethodProfile(800, 6000, 4, 16, 1.0, 3.7, 0.3),
    "risk.active_followup": MethodProfile(0, 150, 0.25, 2, 2.5, 3.5, 0.5),
    "risk.reference_selling": MethodProfile(0, 1500, 1, 6, 0.5, 2.7, 0.15),
}
# Every account with room for them gets the basics, in this order.
CORE_METHODS: tuple[str, ...] = (
    "service.fast_quotes", "service.reliable_delivery", "trust.fast_response",
    "trust.contact_frequency",
)
# Share of interactions with no direct cost (only time) for methods whose cost can be 0.
ZERO_COST_SHARE = 0.35


@dataclass(frozen=True)
class ClientProfile:
    name: str
    manager: str
    segment: str
    revenue_m: float  # annual revenue, millions of EUR
    breadth: int      # how many methods the account receives
    # method id -> (the client's rating of it, activity multiplier): the account's story
    stories: dict[str, tuple[float, float]] = field(default_factory=dict)
    lift: float = 0.0  # added to every rating: strategic accounts value most of what they get


CLIENTS: tuple[ClientProfile, ...] = (
    # Tier 1: big spenders, most of them strategic (high cost, high value).
    ClientProfile("Baltic Steel Works", "Anna Petrova", "Tier 1", 138, 15, {
        "technical.joint_rnd": (4.8, 1.5), "technical.staff_training": (4.5, 1.0),
        "risk.preventive_maintenance": (4.6, 1.2), "resource.credit": (4.5, 1.0)}, 0.4),
    ClientProfile("ООО Сибирский Агрохолдинг", "Dmitry Volkov", "Tier 1", 118, 14, {
        "resource.credit": (4.8, 1.5), "service.fast_delivery": (4.7, 1.5),
        "resource.loan_help": (4.2, 1.0), "trust.site_visits": (4.1, 1.0)}, 0.4),
    ClientProfile("Northwind Foods", "James Carter", "Tier 1", 86, 13, {
        "trust.social_activities": (1.4, 3.0), "resource.joint_promotion": (4.3, 1.0)}),
    ClientProfile("АО УралТехМаш", "Olga Kuznetsova", "Tier 1", 97, 14, {
        "technical.sale_service": (4.7, 1.3), "risk.preventive_maintenance": (4.5, 1.0),
        "technical.staff_training": (4.4, 1.0), "risk.free_demos": (1.8, 2.0)}, 0.4),
    ClientProfile("Meridian Packaging Group", "Tom Bradley", "Tier 1", 64, 12, {
        "risk.trials": (1.5, 2.5), "service.auto_reorder": (4.7, 1.0)}),
    # Tier 2: mid-size accounts.
    ClientProfile("Volzhsky Polimer LLC", "Dmitry Volkov", "Tier 2", 38, 10),
    ClientProfile("Harbourside Chemicals", "James Carter", "Tier 2", 45, 11, {
        "trust.site_visits": (1.9, 2.0)}),
    ClientProfile("ООО Северная Логистика", "Olga Kuznetsova", "Tier 2", 27, 9, {
        "service.fast_delivery": (4.8, 1.2)}),
    ClientProfile("Kestrel Automotive Components", "Anna Petrova", "Tier 2", 52, 12, {
        "service.zero_defects": (4.9, 1.2), "risk.delivery_guarantee": (4.6, 1.0),
        "technical.joint_rnd": (2.0, 1.5)}),
    ClientProfile("Pinecrest Building Supplies", "Tom Bradley", "Tier 2", 19, 8),
    ClientProfile("Promtekh-Service JSC", "Dmitry Volkov", "Tier 2", 33, 9),
    ClientProfile("Silverline Beverages", "James Carter", "Tier 2", 24, 10, {
        "risk.trials": (1.8, 2.0), "trust.social_activities": (2.0, 1.5)}),
    ClientProfile("АО Камский Металлозавод", "Olga Kuznetsova", "Tier 2", 41, 11),
    # Tier 3: small accounts, two of them on a thin portfolio.
    ClientProfile("Redfern Tooling Ltd", "Tom Bradley", "Tier 3", 8.5, 4),
    ClientProfile("ООО ТоргСнаб Плюс", "Dmitry Volkov", "Tier 3", 4.2, 3),
    ClientProfile("Greenfield Agri Supply", "Anna Petrova", "Tier 3", 11, 7),
    ClientProfile("Tulskiy Instrument LLC", "Olga Kuznetsova", "Tier 3", 6.8, 6),
    ClientProfile("Brightwater Labs", "James Carter", "Tier 3", 2.4, 6, {
        "technical.staff_training": (1.7, 2.0)}),
    ClientProfile("Ashford Marine Services", "Tom Bradley", "Tier 3", 13, 8),
    ClientProfile("ООО Невские Насосы", "Anna Petrova", "Tier 3", 9.6, 7),
)


# The supplier's annual gross margin on each account, as a share of the account's revenue (what
# it buys from us times our margin on it), by segment; drawn from a stream of its own so that
# every other figure of the sample stays as it was.
MARGIN_SHARE = {"Tier 1": 0.012, "Tier 2": 0.012, "Tier 3": 0.010}
# Accounts whose margin is their story: thin or negative margins (price cuts to keep them, a
# tender won below cost) under relationship costs that take all of it, so the whale curve
# bends down at its end; and a new account whose margin finance has not given yet (None).
MARGIN_STORIES: dict[str, float | None] = {
    "Meridian Packaging Group": -0.003, "Ashford Marine Services": -0.005,
    "Silverline Beverages": 0.002, "Brightwater Labs": 0.004, "Northwind Foods": 0.003,
    "ООО ТоргСнаб Плюс": None,
}


def _margins(revenue: np.ndarray, seed: int) -> np.ndarray:
    """Return each account's annual gross margin (NaN: none given), rounded to thousands."""
    rng = np.random.default_rng([seed, 5])
    share = np.array([MARGIN_SHARE[c.segment] for c in CLIENTS]) * np.exp(
        rng.normal(0, 0.25, len(CLIENTS)))
    for i, c in enumerate(CLIENTS):
        if c.name in MARGIN_STORIES:
            story = MARGIN_STORIES[c.name]
            share[i] = np.nan if story is None else story
    return np.round(revenue * share, -3)


def _profile_table() -> pd.DataFrame:
    return pd.DataFrame(
        [vars(p) for p in METHOD_PROFILES.values()], index=pd.Index(METHOD_PROFILES, name="method")
    )


def _portfolio(client: ClientProfile, bias: float, rng: np.random.Generator,
               profiles: pd.DataFrame) -> pd.DataFrame:
    """Return one account's methods with their true value and quarterly activity rate."""
    forced = list(client.stories)
    forced += [m for m in CORE_METHODS if m not in forced][: max(client.breadth - len(forced), 0)]
    others = profiles.index.difference(forced, sort=False)
    # Gumbel top-k: a weighted draw without replacement.
    keys = np.log(profiles.loc[others, "uptake"].to_numpy()) + rng.gumbel(size=len(others))
    drawn = others[np.argsort(-keys, kind="stable")[: client.breadth - len(forced)]]
    methods = pd.Index(forced).append(drawn)
    chosen = profiles.loc[methods]
    noise = rng.normal(0, 0.45, len(methods))
    value = np.clip(chosen["value"].to_numpy() + client.lift + bias + noise, 1, 5)
    multiplier = np.ones(len(methods))
    for i, m in enumerate(methods[: len(client.stories)]):
        value[i], multiplier[i] = client.stories[m]
    return pd.DataFrame({
        "client": client.name,
        "method": methods.to_numpy(dtype=object),
        "true_value": value,
        "rate": chosen["per_quarter"].to_numpy() * TIER_ACTIVITY[client.segment] * multiplier,
        "story": np.arange(len(methods)) < len(client.stories),
    })


def _business_days(first: str, stop: str) -> np.ndarray:
    days = np.arange(np.datetime64(first), np.datetime64(stop), dtype="datetime64[D]")
    return days[np.is_busday(days)]


def _skewed(lo: np.ndarray, hi: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    # Beta(2, 3.5): most interactions cost well under the top of their range.
    return lo + (hi - lo) * rng.beta(2.0, 3.5, size=len(lo))


def _interactions(pairs: pd.DataFrame, managers: pd.Series, rng: np.random.Generator,
                  profiles: pd.DataFrame,
                  quarters: tuple[tuple[str, str, str], ...] = QUARTERS) -> pd.DataFrame:
    """Return the interaction log for every account x method pair over ``quarters``."""
    parts = []
    for quarter, first, stop in quarters:
        lam = pairs["rate"].to_numpy() * QUARTER_ACTIVITY[quarter]
        # Every method in use shows up at least once a quarter.
        counts = np.maximum(rng.poisson(lam), 1)
        rows = pairs.loc[pairs.index.repeat(counts)].reset_index(drop=True)
        days = _business_days(first, stop)
        rows["date"] = days[rng.integers(0, len(days), size=len(rows))]
        parts.append(rows)
    rows = pd.concat(parts, ignore_index=True)
    n = len(rows)
    p = profiles.loc[rows["method"]]
    cost = _skewed(p["cost_lo"].to_numpy(), p["cost_hi"].to_numpy(), rng)
    free = (p["cost_lo"].to_numpy() == 0) & (rng.random(n) < ZERO_COST_SHARE)
    cost = np.where(free, 0.0, np.round(cost, 2))
    hours = _skewed(p["hours_lo"].to_numpy(), p["hours_hi"].to_numpy(), rng)
    hours = np.maximum(np.round(hours * 4) / 4, 0.25)
    rating = np.clip(np.rint(rows["true_value"].to_numpy() + rng.normal(0, 0.55, n)), 1, 5)
    value = np.where(rng.random(n) < RATED_SHARE, rating, np.nan)
    frame = pd.DataFrame({
        "date": pd.to_datetime(rows["date"]).astype("datetime64[us]"),
        "client": rows["client"].astype("str"),
        "method": rows["method"].astype("str"),
        "cost": cost,
        "hours": hours,
        "value": value,
        "manager": rows["client"].map(managers).astype("str"),
    })
    return frame.sort_values(["date", "client", "method"], kind="stable", ignore_index=True)


def _valuations(pairs: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Return explicit valuations: every story pair and about a third of the others."""
    picked = pairs[pairs["story"].to_numpy() | (rng.random(len(pairs)) < 0.35)]
    value = np.clip(np.rint(picked["true_value"].to_numpy() + rng.normal(0, 0.3, len(picked))),
                    1, 5)
    return pd.DataFrame({
        "client": picked["client"].astype("str").to_numpy(),
        "method": picked["method"].astype("str").to_numpy(),
        "value": value.astype("int64"),
        "quarter": VALUATION_QUARTER,
    }).astype({"client": "str", "method": "str", "quarter": "str"})


def sample_frames(seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """Return the sample's interactions, clients and valuations frames, drawn from ``seed``."""
    rng = np.random.default_rng(seed)
    earlier_rng = np.random.default_rng([seed, EARLIER_STREAM])
    profiles = _profile_table()
    bias = rng.normal(0, 0.25, len(CLIENTS))
    pairs = pd.concat(
        [_portfolio(c, b, rng, profiles) for c, b in zip(CLIENTS, bias, strict=True)],
        ignore_index=True,
    )
    revenue = np.round(
        np.array([c.revenue_m for c in CLIENTS]) * 1e6 * np.exp(rng.normal(0, 0.04, len(CLIENTS))),
        -4,
    )
    clients = pd.DataFrame({
        "client": [c.name for c in CLIENTS],
        "manager": [c.manager for c in CLIENTS],
        "segment": [c.segment for c in CLIENTS],
        "annual_revenue": revenue,
        "margin": _margins(revenue, seed),
    }).astype({"client": "str", "manager": "str", "segment": "str"})
    managers = clients.set_index("client")["manager"]
    later = _interactions(pairs, managers, rng, profiles)
    shifted = pairs.assign(rate=pairs["rate"] * pairs["method"].map(EARLIER_SHIFTS).fillna(1.0))
    earlier = _interactions(shifted, managers, earlier_rng, profiles, EARLIER_QUARTERS)
    interactions = pd.concat([earlier, later], ignore_index=True)
    return {
        "interactions": _with_health(interactions, clients, seed),
        "clients": clients,
        "valuations": _valuations(pairs, rng),
    }


def _with_health(interactions: pd.DataFrame, clients: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Return the interactions with their relationship-health columns beside them (drawn from
    a stream of their own: every other figure stays as it was)."""
    segments = clients.set_index("client")["segment"]
    return pd.concat([interactions, sample_health.health_columns(interactions, segments, seed)],
                     axis=1)


def _labelled(frame: pd.DataFrame, headers: dict[str, str]) -> pd.DataFrame:
    """Return ``frame`` with English method labels and friendly headers, ready to write."""
    out = frame.copy()
    if "method" in out:
        out["method"] = out["method"].map(lambda m: method_label(m, "en"))
    if "value" in out:
        out["value"] = out["value"].astype("Int64")
    if "event_type" in out:
        out[list(HEALTH_HEADERS)] = sample_health.written(out[list(HEALTH_HEADERS)])
    return out[list(headers)].rename(columns=headers)


def _write_xlsx(path: Path, frames: dict[str, pd.DataFrame]) -> None:
    with pd.ExcelWriter(path, engine="xlsxwriter", datetime_format="yyyy-mm-dd",
                        engine_kwargs={"options": {"strings_to_formulas": False}}) as writer:
        book = writer.book
        book.set_properties({"title": "KAM Analytics sample data", "created": WORKBOOK_CREATED})
        bold = book.add_format({"bold": True})
        date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
        money = book.add_format({"num_format": "#,##0.00"})
        sheets = (
            ("Interactions", frames["interactions"], INTERACTION_HEADERS | HEALTH_HEADERS,
             [(12, date_fmt), (32, None), (44, None), (12, money), (14, None), (11, None),
              (18, None), (12, None), (14, date_fmt), (14, date_fmt), (13, None), (17, None),
              (17, None), (17, None), (11, None), (13, None)]),
            ("Clients", frames["clients"], CLIENT_HEADERS,
             [(32, None), (18, None), (10, None), (16, money), (16, money)]),
            ("Valuations", frames["valuations"], VALUATION_HEADERS,
             [(32, None), (44, None), (11, None), (10, None)]),
        )
        for name, frame, headers, widths in sheets:
            out = _labelled(frame, headers)
            out.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            sheet.freeze_panes(1, 0)
            for col, (width, fmt) in enumerate(widths):
                sheet.set_column(col, col, width, fmt)
            sheet.write_row(0, 0, list(headers.values()), bold)


def write_sample(out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Return the paths written: the sample workbook and one CSV per quarter in ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    frames = sample_frames(seed)
    xlsx = out_dir / XLSX_NAME
    _write_xlsx(xlsx, frames)
    written = [xlsx]
    interactions = frames["interactions"]
    quarter = interactions["date"].dt.to_period("Q").astype("str")
    for q, _, _ in EARLIER_QUARTERS + QUARTERS:
        path = out_dir / CSV_NAME.format(quarter=q)
        _labelled(interactions[quarter == q], INTERACTION_HEADERS | HEALTH_HEADERS).to_csv(
            path, index=False, encoding="utf-8", lineterminator="\n", date_format="%Y-%m-%d"
        )
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    """Regenerate the sample files from the command line."""
    parser = argparse.ArgumentParser(description="Write the seeded KAM sample dataset.")
    parser.add_argument("out_dir", nargs="?", type=Path, default=SAMPLE_DIR)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    for path in write_sample(args.out_dir, args.seed):
        print(path)


if __name__ == "__main__":
    main()


def is_sample_only(history: pd.DataFrame) -> bool:
    """Return whether the data in force comes from the bundled sample workbook alone: every
    import not replaced (in ``history``, as the store lists it) is that very file."""
    active = history[history["status"] != "replaced"]
    return not active.empty and bool((active["sha256"] == sample_sha256()).all())


def sample_sha256() -> str:
    """Return the SHA-256 of the bundled sample workbook (an import of it carries the same)."""
    import hashlib

    return hashlib.sha256((SAMPLE_DIR / XLSX_NAME).read_bytes()).hexdigest()


def seeded_store(path: Path) -> Path:
    """Return ``path`` after importing the bundled sample workbook into a new store there,
    through the real import path."""
    from kam_analytics import ingest
    from kam_analytics.store import open_store

    workbook = SAMPLE_DIR / "kam_sample.xlsx"
    store = open_store(path)
    try:
        ingest.run_import(store, [(workbook.name, workbook.read_bytes())])
    finally:
        store.close()
    return path
