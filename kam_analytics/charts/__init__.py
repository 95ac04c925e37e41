"""Pure plotly figure builders: frame in, figure out; colours and labels from the taxonomy."""

from kam_analytics.charts.figures import (
    FAINT,
    FONT_SIZE,
    HEATMAP_METRICS,
    PLOTLY_CONFIG,
    QUADRANT_COLOURS,
    QUADRANTS,
    ROW_PX,
    TEXT_COLOUR,
    UNRATED_FILL,
    client_bubbles,
    heatmap,
    label_positions,
    method_overview,
    quadrant_scatter,
    strategy_breakdown,
    strategy_mix,
)

__all__ = [
    "FAINT", "FONT_SIZE", "HEATMAP_METRICS", "PLOTLY_CONFIG", "QUADRANT_COLOURS", "QUADRANTS",
    "ROW_PX", "TEXT_COLOUR", "UNRATED_FILL", "client_bubbles", "heatmap", "label_positions",
    "method_overview", "quadrant_scatter", "strategy_breakdown", "strategy_mix",
]
