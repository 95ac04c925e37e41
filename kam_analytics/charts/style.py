"""The look every chart shares: the toolbar config, quadrant colours, fonts, titles and
legends, names and colours from the taxonomy, hover text, and the empty-chart figure.

Builders live beside it (``heatmap``, ``plane``, ``bars``): each takes a frame produced by
``kam_analytics.analysis.matrix`` (or one shaped like it), never mutates it, and returns a
``plotly.graph_objects.Figure``. Labels come from ``i18n.t`` and ``taxonomy``; one colour per
strategy everywhere (``taxonomy.STRATEGY_COLOURS``).
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from kam_analytics import i18n, taxonomy
from kam_analytics.i18n import formats, t

PLOTLY_CONFIG: dict = {
    "displaylogo": False,
    "toImageButtonOptions": {
        "format": "png",
        "width": 1920,
        "height": 1080,
        "scale": 2,
        "filename": "kam-analytics-chart",
    },
}

QUADRANTS: tuple[str, ...] = ("efficient", "strategic", "low priority", "overinvested", "unrated")
# Not the strategy hues (a quadrant heatmap sits under the strategy band); checked to stay
# apart (CIELAB dE >= 15) under simulated deuteranopia, protanopia and tritanopia.
QUADRANT_COLOURS: dict[str, str] = {
    "efficient": "#7FBF7B",
    "strategic": "#67A9CF",
    "low priority": "#A0A0A0",
    "overinvested": "#B2182B",
    "unrated": "#E3E3E3",
}

FONT_SIZE = 13
ROW_PX = 28
TEXT_COLOUR = "#2b2b2b"
FAINT = "#6b6b6b"
UNRATED_FILL = "#E3E3E3"
_MONEY = ("cost", "time_cost", "total_cost", "previous_total_cost", "total_cost_change")
# Label sizes are estimated from characters: pixels per character and per line.
CHAR_PX, LINE_PX = 6.6, 16.0


def method_names(frame: pd.DataFrame) -> pd.Series:
    """Return the display name of each row's method (taxonomy label, else the frame's label)."""
    ids = frame["method"].astype("string")
    names = {m: taxonomy.method_label(m, i18n.LANG) for m in ids.dropna().unique()
             if m in taxonomy.METHOD_BY_ID}
    fallback = frame["method_label"] if "method_label" in frame else ids
    return ids.map(names).fillna(fallback).fillna(ids).astype("string")


def strategy_name(strategy_id: str) -> str:
    """Return a strategy's display name, or its id if the taxonomy does not know it."""
    if strategy_id in taxonomy.STRATEGY_BY_ID:
        return taxonomy.strategy_label(strategy_id, i18n.LANG)
    return strategy_id


def strategy_names(frame: pd.DataFrame) -> pd.Series:
    """Return the display name of each row's strategy (taxonomy label, else the frame's label)."""
    ids = frame["strategy"].astype("string")
    names = {s: strategy_name(s) for s in ids.dropna().unique() if s in taxonomy.STRATEGY_BY_ID}
    fallback = frame["strategy_label"] if "strategy_label" in frame else ids
    return ids.map(names).fillna(fallback).fillna(ids).astype("string")


def strategy_colour(strategy_id: str) -> str:
    """Return a strategy's colour, grey for an id the taxonomy does not know."""
    return taxonomy.STRATEGY_COLOURS.get(strategy_id, "#7f7f7f")


def order_key(ids: Sequence[str], declared: Sequence[str]) -> list[str]:
    """Return ``ids`` (distinct) in declaration order; unknown ids last, alphabetically."""
    rank = {v: i for i, v in enumerate(declared)}
    return sorted(set(ids), key=lambda v: (rank.get(v, len(rank)), v))


def wrapped(label: str, width: int) -> str:
    """Return ``label`` broken into lines of at most ``width`` characters with <br>."""
    return "<br>".join(textwrap.wrap(str(label), width)) or str(label)


def with_unit(metric: str, currency: str) -> str:
    """Return a metric's axis title, with the currency for money metrics."""
    label = t(f"metric.{metric}")
    return t("chart.with_unit", label=label, unit=currency) if metric in _MONEY else label


def money_axis_title(currency: str) -> str:
    """Return the total-cost axis title with its currency."""
    return with_unit("total_cost", currency)


def formatted(values: pd.Series, spec: str, missing: str) -> pd.Series:
    """Return ``values`` formatted with ``spec``, ``missing`` where a value is absent."""
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    text = numbers.map(lambda v: formats.formatted(v, spec))
    return text.where(numbers.notna(), missing).astype("string")


def _hover_line(frame: pd.DataFrame, column: str, currency: str, label: str | None) -> pd.Series:
    """Return one hover line ("Label: formatted value") per row of ``frame``."""
    if column == "client":
        text, key = frame["client"].astype("string").map(plain), "chart.client"
    elif column == "method":
        text, key = method_names(frame).map(plain), "chart.method"
    elif column == "strategy":
        text, key = strategy_names(frame).map(plain), "chart.strategy"
    elif column in ("quadrant", "previous_quadrant"):
        names = {q: t(f"quadrant.{q}") for q in QUADRANTS}
        quadrant = frame[column].astype("string")
        text, key = quadrant.map(names).fillna(quadrant).fillna("–"), f"metric.{column}"
    elif column == "status":
        text, key = frame["status"].map(lambda s: t(f"change.status.{s}")), "change.status"
    elif column in _MONEY:
        number = formatted(frame[column], "+,.0f" if column.endswith("_change") else ",.0f", "")
        text = number.map(lambda n: t("chart.amount", number=n, currency=currency) if n else "–")
        key = f"metric.{column}"
    elif column in ("value", "previous_value"):
        text, key = formatted(frame[column], ".1f", t("quadrant.unrated")), f"metric.{column}"
    elif column == "value_change":
        text, key = formatted(frame[column], "+.1f", "–"), "metric.value_change"
    elif column == "value_per_1000":
        text, key = formatted(frame[column], ",.2f", "–"), f"metric.{column}"
    elif column == "share_of_client_spend":
        text, key = formatted(frame[column], ".1%", "–"), f"metric.{column}"
    elif column == "hours":
        text, key = formatted(frame[column], ",.1f", "–"), "metric.hours"
    elif column == "overinvested_clients":
        text, key = formatted(frame[column], ",.0f", "–"), "chart.overinvested_clients"
    else:  # interactions, clients: counts
        text, key = formatted(frame[column], ",.0f", "–"), f"metric.{column}"
    return (label or t(key)) + ": " + text.astype("string")


def hover_text(
    frame: pd.DataFrame,
    columns: Sequence[str],
    currency: str,
    labels: dict[str, str] | None = None,
) -> pd.Series:
    """Return each row's hover text: the first column in bold, then one line per column."""
    labels = labels or {}
    lines = [_hover_line(frame, c, currency, labels.get(c)) for c in columns if c in frame]
    lines[0] = "<b>" + lines[0] + "</b>"
    return lines[0].str.cat(lines[1:], sep="<br>") if len(lines) > 1 else lines[0]


def plain(text: object) -> str:
    """Return text for plotly's pseudo-HTML: <, > and & shown, not read as tags (plotly knows
    no &quot; or &#x27;, so quotes stay as they are)."""
    return html.escape(str(text), quote=False)


def escaped(names: Sequence[str]) -> list[str]:
    """Return names as plotly must get them on an axis: tags shown as text, not applied."""
    return [plain(n) for n in names]


def _title_text(title: str, subtitle: str) -> str:
    """Return the layout title: the title, and the subtitle in small type beneath it."""
    # Titles are plain text (they carry client names): plotly would read tags in them.
    title, subtitle = plain(title), plain(subtitle)
    return f"{title}<br><sup>{subtitle}</sup>" if subtitle else title


def title_px(subtitle: str) -> int:
    """Return the pixels the title block takes at the top of a figure."""
    return 74 if subtitle else 50


def styled(fig: go.Figure, title: str, subtitle: str, height: int, margin: dict) -> go.Figure:
    """Return ``fig`` with the shared look: white template, readable font, title, margins."""
    fig.update_layout(
        template="plotly_white",
        font={"size": FONT_SIZE, "color": TEXT_COLOUR},
        # Plotly anchors a two-line title by its second line: shift it down by one line.
        title={"text": _title_text(title, subtitle), "x": 0.01, "xanchor": "left",
               "yref": "container", "y": 1 - (32 if subtitle else 12) / height,
               "yanchor": "top",
               "font": {"size": FONT_SIZE + 5}},
        height=height,
        margin=margin,
        hoverlabel={"font": {"size": FONT_SIZE}, "align": "left"},
        separators=formats.chart_separators(),
    )
    return fig


def legend_top(height: int, subtitle: str) -> dict:
    """Return a horizontal legend placed just under the title block."""
    return {"orientation": "h", "yref": "container", "y": 1 - (title_px(subtitle) + 6) / height,
            "yanchor": "top", "x": 0, "xanchor": "left", "title": {"text": ""},
            "font": {"size": FONT_SIZE}}


def no_data(title: str, subtitle: str) -> go.Figure:
    """Return an empty figure that says there is no data, keeping the title."""
    fig = go.Figure()
    fig.add_annotation(text=t("chart.no_data"), x=0.5, y=0.5, xref="paper", yref="paper",
                       showarrow=False, font={"size": FONT_SIZE + 3, "color": FAINT})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return styled(fig, title, subtitle, 360, {"l": 20, "r": 20, "t": title_px(subtitle) + 10,
                                                "b": 20})


def require_unique(frame: pd.DataFrame, keys: list[str], what: str) -> None:
    """Raise ValueError when ``frame`` holds more than one row per ``keys`` (several quarters)."""
    if frame.duplicated(keys).any():
        raise ValueError(f"{what} needs one row per {' x '.join(keys)}; filter to one quarter")


def client_order(frame: pd.DataFrame) -> list[str]:
    """Return the clients of ``frame`` by total spend, largest first (ties by name)."""
    totals = (frame.groupby("client", as_index=False, sort=False)["total_cost"].sum()
              .sort_values(["total_cost", "client"], ascending=[False, True], kind="stable"))
    return totals["client"].astype("string").tolist()


def legend_swatch(name: str, colour: str, symbol: str = "square", group: str = "") -> go.Scatter:
    """Return an invisible trace whose only job is a legend entry in ``colour``."""
    return go.Scatter(x=[None], y=[None], mode="markers", name=name, showlegend=True,
                      hoverinfo="skip", legendgroup=group or None,
                      marker={"symbol": symbol, "size": 13, "color": colour})
