"""Every user-facing string, in one place, so a Russian interface can follow.

Look strings up with ``t("key", **fields)``. Framework labels (methods, strategies) have both
languages already and come from ``taxonomy``.
"""

from __future__ import annotations

LANG = "en"

EN: dict[str, str] = {
    # ---- quadrants ----------------------------------------------------------------------
    "quadrant.efficient": "Efficient",
    "quadrant.strategic": "Strategic",
    "quadrant.low priority": "Low priority",
    "quadrant.overinvested": "Overinvested",
    "quadrant.unrated": "Unrated",
    # ---- metrics ------------------------------------------------------------------------
    "metric.interactions": "Interactions",
    "metric.cost": "Cost",
    "metric.hours": "Manager hours",
    "metric.time_cost": "Time cost",
    "metric.total_cost": "Total cost",
    "metric.value": "Value (1-5)",
    "metric.value_per_1000": "Value per 1,000 of cost",
    "metric.share_of_client_spend": "Share of client's spend",
    "metric.quadrant": "Quadrant",
    "metric.clients": "Clients",
    # ---- app and navigation -------------------------------------------------------------------
    "app.title": "KAM Analytics",
    "nav.heatmap": "Portfolio heatmap",
    "nav.client": "Client",
    "nav.methods": "Methods",
    "nav.upload": "Upload & data",
    "ui.no_data": (
        "No data yet. Upload a quarter's spreadsheet to see the "
        "cost-versus-value matrix."),
    # ---- sidebar filters ---------------------------------------------------------------------
    "filters.quarter": "Quarter",
    "filters.manager": "Account manager",
    "filters.segment": "Segment",
    "filters.strategy": "Strategy",
    "filters.everyone": "All managers",
    "filters.every_segment": "All segments",
    "filters.every_strategy": "All strategies",
    "filters.thresholds": "Quadrant thresholds",
    "filters.use_medians": "Use the portfolio medians",
    "filters.cost_threshold": "High cost above ({currency})",
    "filters.value_threshold": "High value from (1-5)",
    "filters.rate_note": (
        "Manager time costed at {rate} {currency} per hour (Upload & data → "
        "Settings)."),
    "filters.all": "All clients",
    "filters.managers": "Managers: {names}",
    "filters.segments": "Segments: {names}",
    "filters.strategies": "Strategies: {names}",
    # ---- headline figures -------------------------------------------------------------------
    "kpi.clients": "Clients",
    "kpi.total_cost": "Total cost",
    "kpi.hours": "Manager hours",
    "kpi.mean_value": "Mean value (1-5)",
    "kpi.methods": "Methods used",
    "kpi.overinvested_spend": "Spend overinvested",
    "kpi.overinvested_help": (
        "Share of total cost (money plus managers' time) in client x method cells that cost more "
        "than the threshold and are valued below it."),
    "kpi.rows": "Interactions",
    "kpi.quarters": "Quarters",
    "kpi.valuations": "Valuations",
    # ---- table columns ----------------------------------------------------------------------
    "col.client": "Client",
    "col.clients": "Clients using it",
    "col.method": "Method",
    "col.strategy": "Strategy",
    "col.total_cost": "Total cost ({currency})",
    "col.cost": "Cost ({currency})",
    "col.hours": "Hours",
    "col.value": "Value (1-5)",
    "col.value_per_1000": "Value per 1,000",
    "col.share": "Share of client spend (%)",
    "col.quadrant": "Quadrant",
    "col.overinvested_clients": "Clients overinvested",
    "col.date": "Date",
    "col.manager": "Manager",
    "col.source": "From",
    "col.where": "Where",
    "col.problem": "What is wrong",
    "col.fix": "How to fix",
    "col.import": "Import",
    "col.imported_at": "Imported",
    "col.files": "Files",
    "col.rows": "Rows",
    "col.quarters": "Quarters",
    "col.status": "Status",
    "col.replaced_by": "Replaced by",
    "col.kind": "Kind",
    "col.source_label": "In your files",
    "col.target": "Read as",
    "status.active": "active",
    "status.replaced": "replaced",
    "status.partly replaced": "partly replaced",
    "column.__ignore__": "— not used —",
    "column.date": "Date",
    "column.client": "Client",
    "column.method": "Method",
    "column.cost": "Cost",
    "column.hours": "Hours",
    "column.hours_minutes": "Time in minutes",
    "column.value": "Value (1-5)",
    "column.manager": "Manager",
    "column.segment": "Segment",
    "column.annual_revenue": "Annual revenue",
    "column.quarter": "Quarter",
    # ---- heatmap page -----------------------------------------------------------------------
    "heatmap.title": "Portfolio heatmap",
    "heatmap.by": "Columns",
    "heatmap.by.method": "Methods",
    "heatmap.by.strategy": "Strategies",
    "heatmap.metric": "Colour by",
    "heatmap.search": "Find a client",
    "heatmap.search_hint": "part of a name",
    "heatmap.top_n": "Clients per page (by spend)",
    "heatmap.page": "Page (of {pages})",
    "heatmap.showing": "Showing {n} of {total} clients, largest spend first.",
    "heatmap.no_match": "No client matches these filters.",
    "heatmap.chart_title": "{what} by client and {by}, {quarter}",
    "heatmap.download": "Download the matrix (CSV)",
    "heatmap.download_help": (
        "Every client x method (or strategy) cell under the filters in force, with all its "
        "figures; the same columns as `python -m kam_analytics matrix`."),
    "heatmap.overinvested_title": "Where money is spent on what clients value little",
    "heatmap.none_overinvested": "No overinvested cells under these filters.",
    # ---- client page ------------------------------------------------------------------------
    "client.title": "Client",
    "client.pick": "Client",
    "client.pick_help": "Clients are listed by total cost, largest first.",
    "client.bubbles_title": "{client}: cost versus value per method, {quarter}",
    "client.strategy_title": "{client}: cost by strategy, {quarter}",
    "client.cells_title": "Methods",
    "client.interactions_title": "Interactions, {quarter}",
    # ---- methods page -----------------------------------------------------------------------
    "methods.title": "Methods",
    "methods.chart_title": "Spend and value per method across the portfolio, {quarter}",
    "methods.detail_title": "One method, client by client",
    "methods.pick": "Method",
    "methods.none_overinvested": "No client is overinvested in {method}.",
    "methods.overinvested": (
        "{n} clients are overinvested in {method}: {cost} spent where it is "
        "valued little."),
    # ---- upload page ------------------------------------------------------------------------
    "upload.title": "Upload & data",
    "upload.tab_upload": "Upload",
    "upload.tab_history": "Import history",
    "upload.tab_settings": "Settings",
    "upload.intro": (
        "Upload a quarter's interactions: a CSV or Excel file with a date, the client, the method "
        "and optionally cost, hours, the client's rating (1-5) and the manager. Several files "
        "uploaded together are one import."),
    "upload.template": "Download the Excel template",
    "upload.drop": "Drop CSV or Excel files here",
    "upload.help": (
        "CSV (UTF-8 or Windows-1251; comma, semicolon or tab), xlsx, xlsm, "
        "xls, xlsb, ods."),
    "upload.reading": "Reading and checking the files…",
    "upload.columns_of": "Columns of {where} (header in row {row})",
    "upload.missing": "Tell us which columns hold: {missing}.",
    "upload.unknown_title": "{n} method labels to map",
    "upload.unknown_help": (
        "These labels are not among the 26 methods. Choose the method each one means; the "
        "choice is saved and applied to later uploads."),
    "upload.unknown_label": "'{label}' ({rows} rows; closest: {suggestions})",
    "upload.choose_method": "Choose a method…",
    "upload.exclude": "Leave these rows out",
    "upload.rejected": "This upload cannot be imported yet: {n} problems. Nothing was stored.",
    "upload.warnings": "{n} notes on how the files were read",
    "upload.overlap": (
        "{quarters} already hold data from import {imports}. Is this another sheet for the same "
        "quarter, or a corrected version?"),
    "upload.mode": "What should happen to the data already stored?",
    "upload.mode.append": "Add this upload alongside it",
    "upload.mode.replace": "Replace it with this upload (it can be restored from the history)",
    "upload.import": "Import",
    "upload.decide_again": (
        "The stored data changed meanwhile: choose again whether to add or "
        "replace."),
    "upload.unchanged": "Nothing changed: these files were already imported as #{id}.",
    "upload.done": (
        "Imported #{id}: {rows} interactions, {clients} clients, {quarters}; "
        "{warnings} notes."),
    "upload.no_history": "No imports yet.",
    "upload.restore_pick": "Restore a replaced import",
    "upload.restore": "Restore",
    "upload.restored": "Import #{id} is active again; set aside: {displaced}.",
    # ---- settings ---------------------------------------------------------------------------
    "settings.rate": "Hourly rate of managers' time",
    "settings.rate_help": "Time cost = hours x this rate; total cost = money spent + time cost.",
    "settings.currency": "Currency label",
    "settings.save": "Save settings",
    "settings.saved": "Saved.",
    "settings.mappings": "Saved mappings",
    "settings.no_mappings": "No saved mappings yet.",
    "settings.kind_header": "Column",
    "settings.kind_method": "Method",
    # ---- import messages (ingest.py) ---------------------------------------------------------
    "where.sheet": "sheet '{sheet}'",
    "where.column": "column {column}",
    "where.row": "row {row}",
    "where.rows": "rows {rows}",
    "where.and_more": "and {n} more",
    "problem.fix": "How to fix: {fix}",
    "problem.more": "… and {n} more problems not listed. Fix the ones above and upload again.",
    "problem.needs_mapping": (
        "{where}: the header row (row {row}) has no column recognised as {missing}. The file's "
        "headers are: {headers}. Map them on the Upload page, or on the command line with "
        "--map 'HEADER=column'"),
    "problem.unknown_method": (
        "Unknown method '{label}' ({rows} rows: {where}). Closest methods: {suggestions}. "
        "Map it to one of the 26 methods on the Upload page, or with "
        "--map-method 'LABEL=METHOD'"),
    "problem.duplicate_column": "{columns} are both read as the {column} column",
    "problem.hours_and_minutes": "{a} holds hours and {b} holds minutes: keep only one of them",
    "problem.not_a_number": "not a number",
    "problem.not_a_date": "not a date",
    "problem.below_min": "below the minimum of {minimum}",
    "problem.above_max": "above the maximum of {maximum}",
    "problem.date_range": "date outside {earliest} … {latest}",
    "problem.missing": "the {column} is missing",
    "problem.no_rows": "there are no data rows under the header",
    "problem.no_table": (
        "no sheet has a table with Date, Client and Method columns (or a Clients or "
        "Valuations table)"),
    "problem.duplicate_client": "the same client is listed more than once",
    "problem.not_a_quarter": "not a quarter",
    "problem.valuation_no_quarter": (
        "the Valuations table has no Quarter column and the upload has no interactions to "
        "date it"),
    "problem.duplicate_valuation": "the same client and method are valued twice",
    "fix.duplicate_column": "rename or delete one of the columns, or map it to 'ignore'.",
    "fix.number": (
        "enter plain amounts such as 1234.50 or 1 234,50, without text or percent signs; "
        "leave the cell empty for 0."),
    "fix.range": "correct the value; costs and hours cannot be negative, ratings run from 1 to 5.",
    "fix.missing": "fill in the cell, or delete the row if it is not an interaction.",
    "fix.date": "write dates as 2026-07-03 or 03.07.2026, one format for the whole column.",
    "fix.date_range": "check the year; dates must lie between 1990 and a year from today.",
    "fix.no_rows": "put the interactions under the header row, one row per interaction.",
    "fix.no_table": (
        "make sure the header row names the columns (e.g. Date, Client, Method, Cost, Hours), "
        "or download the template from the Upload page."),
    "fix.duplicate_client": "keep one row per client in the Clients sheet.",
    "fix.quarter": "add a Quarter column with values such as 2026Q3.",
    "fix.duplicate_valuation": "keep one valuation per client and method for each quarter.",
    "warn.unused_columns": "columns not used: {columns}",
    "warn.totals_rows": "totals rows were not imported",
    "warn.repeated_header": "repeated header rows were not imported",
    "warn.footer_rows": "rows after the data look like a report footer and were not imported",
    "warn.format": "{column}: {note}",
    "warn.spaces": "extra spaces removed from {column}",
    "warn.minutes": "{column} holds minutes: converted to hours",
    "warn.excluded": "{n} rows with method '{label}' were left out, as mapped",
    "warn.hidden_sheet": "hidden sheet not read; unhide it and upload again if it holds data",
    "warn.sheet_skipped": "sheet not read: no recognised table in it",
    "warn.similar_clients": (
        "client names that differ only in case or punctuation are kept apart: {names}. "
        "Correct the file if they are the same client"),
    # ---- charts (owned by charts.py) -------------------------------------------------------
    "chart.no_data": "No data to show for this selection",
    "chart.client": "Client",
    "chart.method": "Method",
    "chart.strategy": "Strategy",
    "chart.amount": "{number} {currency}",
    "chart.with_unit": "{label} ({unit})",
    "chart.mean_value": "Mean value (1-5)",
    "chart.overinvested_clients": "Overinvested clients",
    "chart.bubble_note": (
        "Bubble size: manager hours. Open circles in the grey strip: methods the client has "
        "not rated."),
    "chart.threshold_note": "Dashed lines: cost threshold {cost}, value threshold {value}.",
    "chart.log_scale": "{label}, log scale",
}


def t(key: str, **fields: object) -> str:
    """Return the interface string for ``key`` in the current language, with fields filled."""
    text = EN[key]
    return text.format(**fields) if fields else text
