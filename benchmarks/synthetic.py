"""Seeded synthetic quarters for the benchmarks: N interactions over 2,000 clients."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from kam_analytics import taxonomy

MANAGERS = [f"Manager {i:02d}" for i in range(40)]


def synthetic_quarter(rows: int, clients: int = 2000, seed: int = 7) -> pd.DataFrame:
    """Return ``rows`` interactions of 2026Q3 as a manager's export would hold them."""
    rng = np.random.default_rng(seed)
    names = np.array([f"Client {i:04d} Ltd" for i in range(clients)], dtype=object)
    labels = np.array([m.label_en for m in taxonomy.METHODS], dtype=object)
    start = dt.date(2026, 7, 1).toordinal()
    days = rng.integers(0, 92, rows)
    client_idx = rng.integers(0, clients, rows)
    value = rng.integers(1, 6, rows).astype(float)
    value[rng.random(rows) < 0.6] = np.nan
    return pd.DataFrame({
        "Date": np.array([dt.date.fromordinal(start + d).isoformat() for d in range(92)],
                         dtype=object)[days],
        "Client": names[client_idx],
        "Method": labels[rng.integers(0, len(labels), rows)],
        "Cost (EUR)": np.round(rng.gamma(2.0, 400.0, rows), 2),
        "Manager hours": np.round(rng.gamma(1.5, 2.0, rows), 2),
        "Value (1-5)": value,
        "Manager": np.array(MANAGERS, dtype=object)[client_idx % len(MANAGERS)],
    })


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False)
    return path


def write_xlsx(frame: pd.DataFrame, path: Path) -> Path:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Interactions")
    ws.write_row(0, 0, list(frame.columns))
    for i, row in enumerate(frame.itertuples(index=False), start=1):
        for j, v in enumerate(row):
            if isinstance(v, float) and v != v:
                continue
            ws.write(i, j, v)
    wb.close()
    return path
