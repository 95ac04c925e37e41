"""Pure plotly figure builders: frame in, figure out; colours and labels from the taxonomy.

``style`` holds the shared look, ``heatmap`` the portfolio heatmap, ``plane`` the
cost-versus-value plane and ``bars`` the bar charts.
"""

from kam_analytics.charts.bars import method_overview, strategy_breakdown, strategy_mix
from kam_analytics.charts.heatmap import (
    CHANGE_METRICS,
    HEATMAP_METRICS,
    HeatmapGrid,
    heatmap,
    heatmap_grid,
)
from kam_analytics.charts.plane import client_bubbles, label_positions, quadrant_scatter
from kam_analytics.charts.style import (
    FAINT,
    FONT_SIZE,
    PLOTLY_CONFIG,
    QUADRANT_COLOURS,
    QUADRANTS,
    ROW_PX,
    TEXT_COLOUR,
    UNRATED_FILL,
)

__all__ = [
    "CHANGE_METRICS", "FAINT", "FONT_SIZE", "HEATMAP_METRICS", "PLOTLY_CONFIG",
    "QUADRANT_COLOURS", "QUADRANTS",
    "ROW_PX", "TEXT_COLOUR", "UNRATED_FILL", "HeatmapGrid", "client_bubbles", "heatmap",
    "heatmap_grid",
    "label_positions", "method_overview", "quadrant_scatter", "strategy_breakdown", "strategy_mix",
]
