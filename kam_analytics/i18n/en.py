"""The English string table: every user-facing string, by key.

Look strings up with ``kam_analytics.i18n.t("key", **fields)``. Framework labels (methods,
strategies) have both languages already and come from ``taxonomy``.
"""

from __future__ import annotations

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
    "metric.previous_quadrant": "Quadrant before",
    "metric.previous_total_cost": "Total cost before",
    "metric.total_cost_change": "Change in total cost",
    "metric.previous_value": "Value before",
    "metric.value_change": "Change in value",
    "change.status": "Cell",
    "change.status.kept": "in both quarters",
    "change.status.new": "new this quarter",
    "change.status.gone": "gone this quarter",
    "metric.clients": "Clients",
    # ---- relationship health (analysis/health.py, exports/health_table.py) --------------------
    "health.title": "Relationship health",
    "health.intro": (
        "How each key account's relationship keeps the framework's do's and don'ts (Table 6.4), "
        "measured from the interaction log: promises kept, response and resolution times, "
        "open problems and late deliveries, agreements in writing, contact frequency and the "
        "decision-makers reached. A measure the data cannot support says which columns it "
        "needs. Times are local times as written (no time zone is converted); a date without "
        "a time counts from midnight. A quarter is judged as at its end, or today while it "
        "runs."),
    "health.count_help.red": "Clients with at least one measure in the red",
    "health.count_help.amber": "Clients whose worst measure is amber",
    "health.count_help.green": "Clients whose every measure judged is green",
    "health.count_help.not_measured": "Clients with no measure the data can judge",
    "health.portfolio_title": "Clients by measure, {quarter}",
    "health.legend": (
        "✖ red · ▲ amber · ✔ green · – nothing to judge · ? not measured (hover for the "
        "columns it needs). Hover a cell for its value and rule; click a client for its "
        "scorecard. The worst clients first."),
    "health.download": "Download health (CSV)",
    "health.download_help": "Every quarter, client and measure with its value, status and rule",
    "health.pick": "Client",
    "health.scorecard_title": "{client}: scorecard, {quarter}",
    "health.trend_title": "Trend over the quarters",
    "health.open_title": "Open problems and late deliveries at the end of {quarter}",
    "health.open_none": "Nothing open.",
    "health.open_caption": "{n} items open, the oldest first, each with the row it came from.",
    "health.open_caption.one": "1 item open, with the row it came from.",
    "health.measure.promises_kept": "Promises kept",
    "health.measure.response_median": "Response time (median)",
    "health.measure.response_p90": "Response time (slowest tenth)",
    "health.measure.resolution_median": "Resolution time (median)",
    "health.measure.open_problems": "Open problems",
    "health.measure.late_deliveries": "Late deliveries open",
    "health.measure.in_writing": "Agreements in writing",
    "health.measure.contact_frequency": "Contacts per month",
    "health.measure.dmu_roles": "Decision-makers reached",
    "health.rule.do_1": (
        "Do 1: agree an interaction plan covering the roles of the people in the account's "
        "decision-making unit"),
    "health.rule.do_2": "Do 2: agree only to what can really be delivered",
    "health.rule.do_3": "Do 3: resolve issues promptly",
    "health.rule.do_4": "Do 4: confirm agreements in writing",
    "health.rule.do_5": (
        "Do 5: keep internal communication that surfaces unresolved problems (late "
        "deliveries, say)"),
    "health.rule.dont_1": "Don't 1: let small problems spoil the relationship",
    "health.status.red": "Red",
    "health.status.amber": "Amber",
    "health.status.green": "Green",
    "health.status.none": "Nothing to judge",
    "health.status.not_measured": "Not measured",
    "health.value.promises_kept": "{value:.0f}% of {n} promises",
    "health.value.promises_kept.one": "{value:.0f}% of 1 promise",
    "health.value.response_median": "{value:.1f} h ({n} requests and complaints)",
    "health.value.response_median.one": "{value:.1f} h (1 request or complaint)",
    "health.value.response_p90": "{value:.1f} h ({n} requests and complaints)",
    "health.value.response_p90.one": "{value:.1f} h (1 request or complaint)",
    "health.value.resolution_median": "{value:.1f} days ({n} problems and complaints)",
    "health.value.resolution_median.one": "{value:.1f} days (1 problem or complaint)",
    "health.value.open_problems": "{n} open, the oldest for {value:.1f} days",
    "health.value.open_problems.one": "1 open for {value:.1f} days",
    "health.value.late_deliveries": "{n} past their date",
    "health.value.late_deliveries.one": "1 past its date",
    "health.value.in_writing": "{value:.0f}% of {n} agreements",
    "health.value.in_writing.one": "{value:.0f}% of 1 agreement",
    "health.value.contact_frequency": (
        "{value:.1f} a month, {verdict} (band {low:g}-{high:g}; {n} contacts)"),
    "health.value.contact_frequency.one": (
        "{value:.1f} a month, {verdict} (band {low:g}-{high:g}; 1 contact)"),
    "health.band.too_few": "too few",
    "health.band.in_band": "in the band",
    "health.band.too_many": "too many",
    "health.value.dmu_roles": "{value:.0f} of 6 roles",
    "health.nothing.promises_kept": "no promises due",
    "health.nothing.response_median": "no requests or complaints",
    "health.nothing.response_p90": "no requests or complaints",
    "health.nothing.resolution_median": "no problems or complaints",
    "health.nothing.open_problems": "none open",
    "health.nothing.late_deliveries": "none",
    "health.nothing.in_writing": "no agreements recorded",
    "health.nothing.contact_frequency": "no contacts",
    "health.nothing.dmu_roles": "no roles named",
    "health.needs": "not measured: needs {columns}",
    "health.short.open_problems": "{n} · {value:.0f} d",
    "health.short.percent": "{value:.0f}%",
    "health.short.hours": "{value:.0f} h",
    "health.short.days": "{value:.0f} d",
    "health.short.count": "{value:.0f}",
    "health.short.per_month": "{value:.1f}/mo",
    "health.short.roles": "{value:.0f}/6",
    "health.overall": "Overall",
    "health.overall_tip": "The worst of its measures: {red} red, {amber} amber",
    "health.trend_corner": "Measure",
    "health.col.rule": "Rule (Table 6.4)",
    "health.col.measure": "Measure",
    "health.col.value": "Value",
    "health.col.status": "Status",
    "health.col.rules": "Rules broken",
    "health.more_measures": "; and {n} more",
    "health.col.red": "Measures in the red",
    "health.rule_short.do_1": "Do 1",
    "health.rule_short.do_2": "Do 2",
    "health.rule_short.do_3": "Do 3",
    "health.rule_short.do_4": "Do 4",
    "health.rule_short.do_5": "Do 5",
    "health.rule_short.dont_1": "Don't 1",
    "health.times_note": (
        "times are local times as written (no time zone is converted) and a date without a "
        "time counts from midnight; a quarter is judged as at its end, or today while it runs: "
        "items still unanswered or unresolved then count at the age they have reached."),
    "health.kind.problem": "Problem",
    "health.kind.complaint": "Complaint",
    "health.kind.late_delivery": "Late delivery",
    "health.open.client": "Client",
    "health.open.kind": "What",
    "health.open.since": "Since",
    "health.open.age": "Days open",
    "health.open.source": "From",
    "health.open.where": "{file}, row {row}",
    # ---- app and navigation -------------------------------------------------------------------
    "app.title": "KAM Analytics",
    "language.choose": "Language",
    "app.skip_to_content": "Skip to main content",
    "nav.heatmap": "Portfolio heatmap",
    "nav.client": "Client",
    "nav.methods": "Methods",
    "nav.valuations": "Client valuations",
    "nav.changes": "What changed",
    "nav.whatif": "Budget what-if",
    "nav.economics": "Client economics",
    "nav.health": "Relationship health",
    "nav.upload": "Upload & data",
    "ui.no_data": (
        "No data yet. Upload a quarter's spreadsheet to see the "
        "cost-versus-value matrix."),
    "sample.banner": (
        "Sample data: these are the bundled example's 20 made-up key accounts, not yours. "
        "Upload your own spreadsheet to see your portfolio."),
    "sample.upload": "Upload your data",
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
    "kpi.total_cost_in": "Total cost, {currency}",
    "number.millions": "{number}M",
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
    "col.method_id": "Method id",
    "col.total_cost": "Total cost ({currency})",
    "col.previous_total_cost": "Total cost before ({currency})",
    "col.value_change": "Change in value",
    "col.cost": "Cost ({currency})",
    "col.hours": "Hours",
    "col.value": "Value (1-5)",
    "col.value_per_1000": "Value per 1,000",
    "col.share": "% of client spend",
    "col.quadrant": "Quadrant",
    "col.overinvested_clients": "Clients overinvested",
    "col.date": "Date",
    "col.manager": "Manager",
    "col.source": "From",
    "col.fix": "How to fix",
    "col.import": "Import",
    "col.imported_at": "Imported",
    "col.files": "Files",
    "col.rows": "Rows",
    "col.quarters": "Quarters",
    "col.status": "Status",
    "col.replaced_by": "Replaced by",
    "col.notes": "Notes",
    "col.kind": "Kind",
    "col.source_label": "In your files",
    "col.target": "Read as",
    "col.origin": "Saved from",
    "col.currency": "Currency",
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
    "column.event_type": "Event type",
    "column.promised_date": "Promised date",
    "column.delivered_date": "Delivered date",
    "column.kept": "Promise kept (yes/no)",
    "column.received_at": "Received at",
    "column.responded_at": "Responded at",
    "column.resolved_at": "Resolved at",
    "column.in_writing": "Confirmed in writing (yes/no)",
    "column.contact_role": "Contact's role",
    "column.status": "Status (only completed activities kept)",
    "column.segment": "Segment",
    "column.annual_revenue": "Annual revenue",
    "column.margin": "Annual gross margin",
    "column.quarter": "Quarter",
    "column.comment": "Comment",
    "column.__exclude__": "left out",
    "reading.table": "{sheet}: {kind}, headers in row {row}: {columns}",
    "reading.kind.interactions": "interactions",
    "reading.kind.clients": "clients",
    "reading.kind.valuations": "valuations",
    "reading.kind.valuation_grid": "valuations (grid)",
    "reading.pair": "'{source}' as {target}",
    "reading.methods": "method labels read through saved or chosen mappings: {pairs}",
    "reading.currency": "amounts in {currency}, as chosen",
    "reading.quarter": "undated valuations given to {quarter}, as chosen",
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
    "heatmap.click_hint": "Click a client's row to open that client's page; point at a cell "
                          "for its figures.",
    "heatmap.cell_unused": "no interactions",
    "heatmap.chart_title": "{what} by client and {by}, {quarter}",
    "heatmap.download": "Download the matrix (CSV)",
    "heatmap.download_help": (
        "Every client x method (or strategy) cell under the filters in force, with all its "
        "figures; the same columns as `python -m kam_analytics matrix`."),
    "heatmap.download_people": "Download for reading (CSV)",
    "heatmap.download_people_help": (
        "The same table with headers, quarters, strategies and quadrants in words of this "
        "language: for reading, not for other programs."),
    "heatmap.overinvested_title": "Where money is spent on what clients value little",
    "heatmap.none_overinvested": "No overinvested cells under these filters.",
    "heatmap.row_hint": "Click a row to open that client's page.",
    "changes.title": "What changed",
    "changes.nothing_before": (
        "{quarter} is the first quarter stored: there is nothing before it to compare with. "
        "Upload an earlier quarter, or choose a later one in the sidebar."),
    "changes.compare_to": "Compare with",
    "changes.thresholds": "Quadrants of both quarters by",
    "changes.pin.current": "{quarter}'s thresholds (a move is a change in the cell)",
    "changes.pin.each": "each quarter's own",
    "changes.colour_by": "Colour by",
    "changes.thresholds_were": (
        "{quarter}: high cost above {cost} {currency}, high value from {value}"),
    "changes.cost_help": "{before} in {quarter}.",
    "changes.moved": "Cells that moved",
    "changes.moved_help": "Cells in both quarters whose quadrant is not the same.",
    "changes.into_overinvested": "Moved into overinvested",
    "changes.clients_new_gone": "Clients new / gone",
    "changes.chart_title": "{what} by client and methods, {quarter} against {previous}",
    "changes.showing": "Showing the {n} clients whose cells changed most, of {total}.",
    "changes.download": "Download the comparison (CSV)",
    "changes.download_help": (
        "Every cell of both quarters: the matrix's columns, then the previous quarter's "
        "figures, the changes and the quadrant before."),
    "changes.moves_title": "Cells that moved between quadrants",
    "changes.no_moves": "No cell moved between quadrants.",
    "changes.more_moves": "{n} more moved: the download lists every one.",
    "changes.new_gone_title": "New and gone",
    "changes.new_clients": "**New clients ({n}):**",
    "changes.gone_clients": "**Gone clients ({n}):**",
    "changes.new_methods": "**Methods new to the portfolio ({n}):**",
    "changes.gone_methods": "**Methods no longer used ({n}):**",
    "changes.trend_title": "Over every stored quarter",
    "changes.trend_by": "Lines per",
    "changes.trend_chart_title": "Total cost per {by}, every quarter",
    "trend.by.strategy": "Strategy",
    "trend.by.method": "Method",
    "trend.by.client": "Client",
    "trend.others": "{n} others",
    "whatif.title": "Budget what-if",
    "whatif.cut": "Take money from",
    "whatif.grow": "Give it to",
    "whatif.share": "Share of their cost to move",
    "whatif.elasticity": "How value answers spend (elasticity)",
    "whatif.elasticity_help": (
        "0: value does not move with spend; 1: value moves in proportion to spend. Below 1, "
        "each extra 1 % of spend buys less than 1 % of value."),
    "whatif.model": (
        "An estimate, not a forecast. Money comes off each cell to cut in proportion to its "
        "total cost and goes to each cell to grow in proportion to its total cost; a rated "
        "cell's value becomes value × (cost after ÷ cost before)^{elasticity}, kept within "
        "1-5; an unrated cell's value stays unknown. Nothing else changes: not the client's "
        "other methods, not its relationship, not the market."),
    "whatif.fitted": (
        "{value} is fitted on the {pairs} cells whose spend changed by 10 % or more from one "
        "stored quarter to the next."),
    "whatif.assumed": (
        "{value} is an assumption: only {pairs} cells changed spend by 10 % or more from one "
        "stored quarter to the next, and a fit needs {needed}."),
    "whatif.chosen": "{value} is the figure you chose.",
    "whatif.nothing_to_move": (
        "No cell to take money from, or none to give it to, under these filters: choose other "
        "quadrants."),
    "whatif.moved": "Money moved, {currency}",
    "whatif.moved_help": "From {cells} cells to {to} cells.",
    "whatif.same_total": "Money is moved, not added: the total stays the same.",
    "whatif.weighted_value": "Value, spend-weighted",
    "whatif.weighted_value_help": (
        "The mean value of the rated cells, each weighed by its total cost: after the move, "
        "by its cost after."),
    "whatif.clients_title": "Per client",
    "whatif.more_clients": "{n} more clients are touched: the download lists every cell.",
    "whatif.recommendations_title": "Cells to change, ranked",
    "whatif.download_csv": "Download the ranking (CSV)",
    "whatif.download_xlsx": "Download the ranking (Excel)",
    "whatif.to_pack": "Add to the board pack",
    "whatif.to_pack_help": (
        "Opens the board pack with a Budget what-if slide and sheet showing this move, on the "
        "pack's clients."),
    "whatif.estimate_note": (
        "Ranked: cells to grow first, the most value gained per 1,000 moved first; then cells "
        "to cut, the least value lost per 1,000 first."),
    "whatif.col_cost_after": "Total cost after ({currency})",
    "whatif.col_cost_change": "Change in cost ({currency})",
    "whatif.col_cost_after_short": "After",
    "whatif.col_value_after": "Value after",
    "whatif.col_rank": "#",
    "whatif.col_action": "Action",
    "whatif.col_per_1000": "Value change per 1,000 moved",
    "whatif.action.cut": "Cut",
    "whatif.action.grow": "Grow",
    # ---- sign-in and access ------------------------------------------------------------------
    "signin.intro": (
        "Sign in to see the key accounts your role allows: a director sees every account, a "
        "manager their own, an analyst every account with names replaced by aliases."),
    "signin.button": "Sign in",
    "signin.sign_out": "Sign out",
    "signin.local": (
        "No sign-in is configured: one local user sees every account. A team signs in once "
        "[auth] is set in .streamlit/secrets.toml (see the README)."),
    "signin.as_director": "Signed in as {email}: director, every account.",
    "signin.as_manager": "Signed in as {email}: manager, the accounts of {managers}.",
    "signin.as_analyst": "Signed in as {email}: analyst, every account under aliases.",
    "signin.imports_by_director": "Data is imported by a director.",
    "audit.local_user": "local user (no sign-in)",
    "audit.command_line": "command line ({user})",
    "audit.import": "import #{id} ({mode}): {files}; quarters {quarters}; {rows} rows",
    "audit.restore": "import #{id} made active again",
    "audit.restore_point": "restore point #{id} put back",
    "audit.settings": "hourly rate {rate}, currency {currency}",
    "audit.contact_band": ", contacts a month in band {low}-{high}",
    "audit.mapping_saved": "{kind} mapping '{source}' -> '{target}' saved",
    "audit.mapping_removed": "{kind} mapping '{source}' removed",
    "audit.valuations": "{n} valuations of {quarter} entered as {who}",
    "audit.survey": "valuation survey of {quarter}, {n} clients",
    "audit.download": "downloaded {file}",
    "audit.deck": "{what}: {about}",
    "audit.what_deck": "board deck",
    "audit.what_report": "Excel report",
    "audit.what_pdf": "PDF of the deck",
    "audit.what_key": "alias key",
    "audit.pack": "{quarter}, {scope}, sections {sections}{anonymised}",
    "audit.anonymised": ", anonymised",
    "audit.title": "Audit log",
    "audit.help": (
        "Who imported, restored, changed settings or mappings, entered valuations or made an "
        "export, and when: the latest 1,000 entries, newest first."),
    "audit.empty": "Nothing recorded yet.",
    "audit.col_recorded_at": "When",
    "audit.col_who": "Who",
    "audit.col_action": "What",
    "audit.col_detail": "Detail",
    "cli.as_not_allowed": (
        "{email} has the role {role}: this command is for directors (import history names "
        "files) or, for a survey, not for analysts (a survey names its client)."),
    "signin.no_access": (
        "{email} has no access to KAM Analytics: the access file {path} lists neither this "
        "e-mail nor a group it belongs to. Ask a director to add it, then sign in again."),
    "access.bad_entry": (
        "The access file {path} cannot be used: its [[{kind}]] entry number {n} {problem} "
        "Nobody is let in until it is fixed."),
    "access.not_a_table": "is not a table of keys.",
    "access.no_key": "has no {field}.",
    "access.bad_role": "has the role '{role}': the role must be one of {roles}.",
    "access.bad_managers": "has managers that are not a list of names, e.g. [\"Anna Petrova\"].",
    "access.no_managers": (
        "gives {who} the role manager without managers: list the manager names whose accounts "
        "they see, as in the data, e.g. managers = [\"Anna Petrova\"]."),
    "access.unknown_keys": (
        "has keys it does not know: {keys} (known: email or name, role, managers)."),
    "access.unreadable": "The access file {path} cannot be read ({error}). Nobody is let in.",
    "access.not_toml": (
        "The access file {path} is not valid TOML ({error}). Nobody is let in until it is "
        "fixed."),
    "access.unknown_sections": (
        "The access file {path} has sections it does not know: {sections} (known: [[user]] and "
        "[[group]]). Nobody is let in until it is fixed."),
    "access.not_a_list": (
        "The access file {path} has {kind} written once: write each as [[{kind}]]. Nobody is let "
        "in until it is fixed."),
    "access.listed_twice": (
        "The access file {path} lists the {kind} {who} twice: keep one entry. Nobody is let in "
        "until it is fixed."),
    "economics.title": "Client economics",
    "economics.period_note": (
        "Margins are annual, relationship costs a quarter's: each client's {quarter} "
        "relationship cost (cost + managers' hours × {rate} {currency}) is set against a "
        "quarter of its annual gross margin (annual margin ÷ 4). Profit after relationship "
        "cost = that quarter's margin − that cost."),
    "economics.empty": (
        "No client here has a margin stored. Add a **Gross margin** column to the **Clients** "
        "sheet of your workbook (beside Client, Manager, Segment and Annual revenue; the header "
        "may also read Margin, Gross profit, Маржа, Валовая прибыль or Маржинальная прибыль) "
        "with each client's annual gross margin in money — revenue less the cost of the goods "
        "sold to it — and import the workbook again on Upload & data."),
    "economics.revenue_only": (
        "{n} clients have an annual revenue but no margin: they are listed below as revenue "
        "only, and left out of the curve."),
    "economics.revenue_only.one": (
        "1 client has an annual revenue but no margin: it is listed below as revenue only, "
        "and left out of the curve."),
    "economics.revenue_only_all": (
        "{n} clients have an annual revenue but no margin: to see their economics before the "
        "margins are in, you may assume a margin rate."),
    "economics.revenue_only_all.one": (
        "1 client has an annual revenue but no margin: to see its economics before its margin "
        "is in, you may assume a margin rate."),
    "economics.assume": "Assume a margin for clients with revenue only",
    "economics.assume_help": (
        "Off by default: no margin is made up. On, the rate you enter times a client's annual "
        "revenue is used as its margin, marked as assumed everywhere it shows."),
    "economics.margin_rate": "Gross margin, % of annual revenue (your assumption)",
    "economics.assumed_note": (
        "Assumption: the margins of {n} clients are {rate} % of their annual revenue, as you "
        "set; marked 'assumed' in the table and the download."),
    "economics.assumed_note.one": (
        "Assumption: the margin of 1 client is {rate} % of its annual revenue, as you set; "
        "marked 'assumed' in the table and the download."),
    "economics.tile_margin": "Margin, {currency}",
    "economics.tile_cost": "Cost, {currency}",
    "economics.tile_share": "Cost ÷ margin",
    "economics.tile_profit": "Profit after cost, {currency}",
    "economics.tile_losing": "Clients losing money",
    "economics.margin_help": (
        "The quarter's gross margin (annual ÷ 4) of the {n} clients with a margin."),
    "economics.cost_help": (
        "The relationship cost (money plus managers' time) of the {n} clients with a margin; "
        "that of clients without one is in their own list below."),
    "economics.share_help": "Relationship cost as a share of the quarter's margin.",
    "economics.profit_help": "The quarter's margin less the relationship cost.",
    "economics.losing_help": "Clients whose relationship cost is larger than their margin.",
    "economics.curve_title": "Whale curve",
    "economics.chart_title": (
        "Cumulative profit after relationship cost, most profitable client first, {quarter}"),
    "economics.chart_curve": "Profit after relationship cost, cumulative",
    "economics.chart_margin": "Margin before relationship cost, cumulative",
    "economics.chart_band": "{strategy} (cost)",
    "economics.chart_cumulative": "Cumulative",
    "economics.chart_peak": "Peak: {amount}",
    "economics.chart_total": "All clients: {amount}",
    "economics.chart_x": "Clients, most profitable after relationship cost first",
    "economics.chart_x_rank": "Clients by rank, most profitable after relationship cost first",
    "economics.chart_y": "Cumulative, {currency}",
    "economics.curve_note": (
        "The curve peaks at {peak} after the {rank} most profitable of {n} clients ({share} "
        "of the total, {total}); the {losing} clients whose relationship cost exceeds their "
        "margin pull it down by {lost}: {names}."),
    "economics.curve_note_no_total": (
        "The curve peaks at {peak} after the {rank} most profitable of {n} clients and ends at "
        "{total}; the {losing} clients whose relationship cost exceeds their margin pull it "
        "down by {lost}: {names}."),
    "economics.more_names": " and {n} more",
    "economics.curve_rises": (
        "Every client on the curve earns more margin than its relationship cost: the curve "
        "only rises, to {total}."),
    "economics.table_title": "Clients, most profitable after relationship cost first",
    "economics.more_clients": (
        "Showing the {shown} most and the {shown} least profitable of {n} clients: the "
        "download lists every one."),
    "economics.no_margin_title": "Without a margin ({n})",
    "economics.no_margin_note": (
        "Left out of the curve and the figures above, never guessed: enter their annual gross "
        "margins in the Clients sheet's Gross margin column to include them."),
    "economics.download": "Download the client economics (CSV)",
    "economics.download_help": (
        "Every client under the filters, with and without a margin: margin, where it comes "
        "from, relationship cost in total and per strategy, its share of the margin and the "
        "profit after it."),
    "economics.col_rank": "#",
    "economics.col_margin": "Margin this quarter ({currency})",
    "economics.col_cost": "Relationship cost ({currency})",
    "economics.col_share": "Cost, % of margin",
    "economics.col_profit": "Profit after cost ({currency})",
    "economics.col_source": "Margin",
    "economics.col_revenue": "Annual revenue ({currency})",
    "economics.col_why": "Why",
    "economics.source.given": "given",
    "economics.source.assumed": "assumed",
    "economics.source.revenue_only": "revenue only, no margin",
    "economics.source.none": "no margin, no revenue",
    # ---- client page ------------------------------------------------------------------------
    "client.health_title": "Relationship health",
    "client.health_breaking": "Its relationship is breaking: {rules:; }.",
    "client.health_keeping": "No measure in the red: its relationship keeps the rules measured.",
    "client.health_link": "The scorecard, its trend and the open problems",
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
    # ---- valuations page -------------------------------------------------------------------
    "valuations.title": "Client valuations",
    "valuations.intro": (
        "The value (1-5) each client attaches to each method it received in {quarter}. Enter "
        "or correct a value, or empty it to fall back on the ratings of the interactions, then "
        "save: every page's matrix uses it at once. Each entry keeps who made it and when."),
    "valuations.grid_title": "Valuations, {quarter}",
    "valuations.grid_help": (
        "Rows are clients, columns methods. A number is the client's valuation; empty means "
        "none (the matrix then uses the mean of the ratings, shown in the next table)."),
    "valuations.in_use_title": "What the matrix uses",
    "valuations.legend": (
        "4: the client's valuation (on blue). ≈3.5: the mean of the ratings on the "
        "interactions (grey). ?: activity but no value yet (on yellow). Empty: no activity in "
        "{quarter}."),
    "valuations.entered_by": "Entered by",
    "valuations.entered_by_help": "Your name, kept with each value you save.",
    "valuations.comment": "Comment (kept with every value of this save)",
    "valuations.save": "Save valuations",
    "valuations.no_changes": "No value changed: nothing to save.",
    "valuations.need_name": "Say who is entering the values (Entered by) before saving.",
    "valuations.saved": "Saved {n:,} valuations for {quarter}; every page now uses them.",
    "valuations.saved.one": "Saved 1 valuation for {quarter}; every page now uses it.",
    "valuations.no_activity": (
        "Not saved: {cells}. These clients had no interaction of these methods in {quarter}, "
        "so a valuation there would count for nothing."),
    "valuations.cell": "{client} × {method}",
    "valuations.history_title": "History",
    "valuations.history_pick": "Client",
    "valuations.history_empty": "No valuation of {client} in {quarter} yet.",
    "valuations.in_force": "In force",
    "valuations.source": "From",
    "valuations.entered": "entered in the app",
    "valuations.when": "When",
    "valuations.cleared": "cleared",
    "valuations.survey_title": "Valuation survey",
    "valuations.survey_intro": (
        "Send each client a workbook listing the methods it received in {quarter}, with a 1-5 "
        "list and a comment column; each file names only its own client. Upload the returned "
        "files on Upload & data: they are imported as valuations."),
    "valuations.survey_zip": "One workbook per client (.zip)",
    "valuations.survey_all": "One workbook, a sheet per client (for the team)",
    "valuations.survey_all_help": "It names every client: keep it in the team, do not send it.",
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
    "template.doc_title": "KAM Analytics input template",
    "template.sheet.interactions": "Interactions",
    "template.sheet.clients": "Clients",
    "template.sheet.valuations": "Valuations",
    "template.sheet.methods": "Methods",
    "template.sheet.read_me": "Read me",
    "template.col_sheet": "Sheet",
    "template.col_column": "Column",
    "template.col_meaning": "Meaning / Значение",
    "template.method_id": "Method id",
    "template.required": "required",
    "template.optional": "optional",
    "template.intro": (
        "One row per interaction or expense on the {interactions} sheet; {clients} and "
        "{valuations} are optional. Delete the example row before uploading."),
    "template.methods_note": (
        "The 26 relationship methods in English and Russian, with their strategy and id."),
    "template.method_title": "Method",
    "template.method_prompt": "Pick one of the 26 methods ({methods} sheet).",
    "template.method_error_title": "Unknown method",
    "template.method_error": (
        "Not a label from the {methods} sheet. Labels in the other language and ids are "
        "accepted; unknown names are flagged on import."),
    "template.value_prompt": (
        "The client's rating of this method: a whole number from 1 (worthless) to 5 "
        "(essential). Leave blank if unknown."),
    "template.value_error_title": "Value out of range",
    "template.value_error": "Enter a whole number 1-5.",
    "template.cost_prompt": "Money spent: 0 or more.",
    "template.hours_prompt": "Managers' time in hours: 0 or more.",
    "template.negative_title": "Negative number",
    "template.negative_error": "Enter a number, 0 or more.",
    "template.words_error": (
        "Use one of the listed words (English or Russian); other words are flagged on import."),
    "upload.drop": "Drop CSV or Excel files here",
    "upload.browse": "Upload",
    "upload.limit": "{mb}MB per file • {types}",
    "upload.help": (
        "CSV (UTF-8 or Windows-1251; comma, semicolon or tab), xlsx, xlsm, "
        "xls, xlsb, ods."),
    "upload.columns_of": "Columns of {where} (header in row {row})",
    "upload.columns_of_alike": (
        "Columns of {where} and {n:,} more tables read alike (header in row {row})"),
    "upload.columns_of_alike.one": (
        "Columns of {where} and 1 more table read alike (header in row {row})"),
    "upload.tables_more": (
        "The columns of {n:,} more tables are not shown. A choice made above applies to every "
        "table with that header; to read another differently, rename its header in the file."),
    "upload.tables_more.one": (
        "The columns of 1 more table are not shown. A choice made above applies to every "
        "table with that header; to read another differently, rename its header in the file."),
    "upload.missing": (
        "Tell us which columns hold: {missing}. If the file has no such column, add one and "
        "upload it again."),
    "upload.columns_more": (
        "{n} more columns are not shown: none of them is read. Pick a column above, or rename "
        "its header in the file."),
    "upload.unknown_title": "{n} method labels to map",
    "upload.unknown_title.one": "1 method label to map",
    "upload.unknown_help": (
        "These labels are not among the 26 methods. Choose the method each one means; the "
        "choice is saved and applied to later uploads."),
    "upload.unknown_label": "'{label}' ({rows} rows in {where}; closest: {suggestions})",
    "upload.unknown_label.one": "'{label}' (1 row in {where}; closest: {suggestions})",
    "upload.choose_method": "Choose a method…",
    "upload.variants_title": "{n} client names that may be one client",
    "upload.variants_title.one": "1 client name that may be one client",
    "upload.variants_help": (
        "These names differ only in case, spacing, punctuation or look-alike letters (Cyrillic "
        "С and Latin C look the same). Merge each group into one name, or keep them apart; the "
        "choice is saved and applied to later uploads."),
    "upload.variants_apart": "Keep them apart (as in the file)",
    "upload.variants_as": "One client: {name}",
    "upload.unknown_rest": "{n:,} more labels ({rows} rows), answered together",
    "upload.unknown_unlisted": (
        "{n:,} further labels ({rows} rows) are too many to list; the choice below applies to "
        "the listed ones. So many unknown labels usually mean the method column is another "
        "column: check the columns above."),
    "upload.unknown_bulk": "Read all the labels in this table as",
    "upload.unknown_bulk_apply": "Apply to every label in the table",
    "upload.col_label": "Label",
    "upload.col_closest": "Closest method",
    "upload.quarter": "Quarter of these valuations",
    "upload.quarter_help": (
        "The valuations carry no quarter and the upload has no interactions to date them: they "
        "are stored for the quarter chosen here (the latest stored one unless you change it)."),
    "upload.unused_numbers": (
        "{column} in {where} holds numbers, and no column gives what is missing. What does it "
        "hold?"),
    "upload.unused_pick": "Choose what it holds, or 'not used'…",
    "upload.valuations_alone": (
        "Valuations only: they are added to {quarters} beside the data stored there; where a "
        "client's method was valued before, the newest valuation counts."),
    "upload.prefilled": (
        "Each label is pre-filled with the closest method. Check every choice before you "
        "import: Import confirms them, and they are saved for later uploads."),
    "upload.exclude": "Leave these rows out",
    "upload.rejected": "This upload cannot be imported yet: {n} problems. Nothing was stored.",
    "upload.rejected.one": "This upload cannot be imported yet: 1 problem. Nothing was stored.",
    "upload.warnings": "{n} notes on how the files were read",
    "upload.warnings.one": "1 note on how the files were read",
    "upload.overlap": (
        "Data for {quarters} is already stored (import {imports}). Is this another sheet for the "
        "same quarter, or a corrected version?"),
    "upload.mode": "What should happen to the data already stored?",
    "upload.currency": "Amounts are in",
    "upload.currency_help": (
        "The currency of the money columns. Named in a header ('Cost, руб.', 'Spend (€)') it "
        "is chosen for you; else it is the store's."),
    "upload.currency_from_header": "Named in the headers.",
    "upload.currency_from_store": "No header names a currency: the store's is taken.",
    "upload.currency_first": "This is the first import: the store will hold amounts in {currency}.",
    "upload.rate": "1 {currency} = how many {stored}?",
    "upload.rate_help": (
        "The store's figures are in {stored}; figures in two currencies are never added up. "
        "The amounts are converted at this rate, and the rate is kept with the import."),
    "upload.rate_needed": (
        "Enter the rate to import amounts in {currency} into a store in {stored}."),
    "upload.mode.append": "Add this upload alongside it",
    "upload.mode.replace": "Replace it with this upload (it can be restored from the history)",
    "upload.import": "Import",
    "progress.reading": "Reading the files…",
    "progress.checking": "Checking every row…",
    "progress.storing": "Storing the import…",
    "upload.decide_again": (
        "The stored data changed meanwhile: choose again whether to add or "
        "replace."),
    "upload.unchanged": "Nothing changed: these files were already imported as #{id}.",
    "upload.done": "Imported #{id}: {rows} interactions, {clients} clients, {quarters}.",
    "upload.done_replaced": (
        " It replaces #{ids} for these quarters (Import history can restore it)."),
    "upload.done_valuations": " {n:,} client valuations.",
    "upload.done_valuations.one": " 1 client valuation.",
    "upload.done_notes": " {n} notes on how the files were read.",
    "upload.done_notes.one": " 1 note on how the files were read.",
    "upload.no_history": "No imports yet.",
    "upload.history_notes": "How each import was read, and its notes",
    "upload.history_notes_pick": "Import",
    "upload.restore_pick": "Restore a replaced import",
    "upload.restore": "Restore",
    "upload.restored": "Import #{id} is active again; set aside: {displaced}.",
    # ---- settings ---------------------------------------------------------------------------
    "settings.rate": "Hourly rate of managers' time",
    "settings.rate_help": "Time cost = hours x this rate; total cost = money spent + time cost.",
    "settings.currency": "Currency of the amounts",
    "settings.band_low": "Contacts a month a key account should have: at least",
    "settings.band_high": "… and at most",
    "settings.band_help": (
        "Relationship health: meetings, calls and visits a month outside this band are too few "
        "or too many (amber; red beyond half the lower or twice the upper bound)."),
    "settings.band_order": (
        "The band's upper bound ({high}) is below its lower one ({low}): nothing was saved."),
    "settings.save": "Save settings",
    "settings.saved": "Saved.",
    "settings.mappings": "Saved mappings",
    "settings.no_mappings": "No saved mappings yet.",
    "settings.kind_header": "Column",
    "settings.kind_method": "Method",
    "settings.kind_client": "Client name",
    "settings.origin_import": "import #{id} ({files}), {when}",
    "settings.origin_settings": "set here, {when}",
    "settings.edit_mapping": "Change or remove a saved mapping",
    "settings.pick_mapping": "Saved mapping",
    "settings.new_target": "Read it as",
    "settings.mapping_saved": (
        "Saved: '{source}' is now read as {target}. It applies from the next import."),
    "settings.remove_mapping": "Remove",
    "settings.mapping_removed": "Removed: '{source}' is no longer read through a saved mapping.",
    "settings.currency_fixed": (
        "Amounts are stored in {currency}. The currency is set by the first import and cannot "
        "be relabelled while data is stored: an upload in another currency asks for a rate."),
    # ---- import messages (ingest.py) ---------------------------------------------------------
    # ---- pieces that messages are made of -------------------------------------------------
    "text.list": "{items}",
    "text.semicolons": "{items:; }",
    "text.and_list": "{items: and }",
    "text.or_list": "{items:, or }",
    "text.slashes": "{items: / }",
    "text.and_then": "{first} {then}",
    "text.quoted": "'{text}'",
    "text.quoted_because": "'{text}' ({why})",
    "text.blank": "(empty)",
    "text.map_option": "--map '{header}={column}'",
    "where.sheet": "sheet '{sheet}'",
    "where.column": "column {column}",
    "where.row": "row {row}",
    "where.file_row": "{file} row {row}",
    "where.row_pair": "{a} = {b}",
    "where.name_rows": "'{name}' ({n:,} rows)",
    "where.name_rows.one": "'{name}' (1 row)",
    "where.rows": "rows {rows}",
    "where.and_more": "and {n} more",
    "problem.fix": "How to fix: {fix}",
    "problem.line": "{where}: {what}.",
    "problem.line_with_fix": "{where}: {what}. {fix}",
    "problem.more": "… and {n} more problems not listed. Fix the ones above and upload again.",
    "problem.needs_mapping": (
        "{where}: the header row (row {row}) has no column recognised as {missing}. The file's "
        "headers are: {headers}. Map them on the Upload page, or on the command line with "
        "--map 'HEADER=column'"),
    "problem.unknown_method": (
        "Unknown method '{label}' ({rows:,} rows: {where}). Closest methods: {suggestions}. "
        "Map it to one of the 26 methods on the Upload page, or with "
        "--map-method 'LABEL=METHOD'"),
    "problem.unknown_method.one": (
        "Unknown method '{label}' (1 row: {where}). Closest methods: {suggestions}. "
        "Map it to one of the 26 methods on the Upload page, or with "
        "--map-method 'LABEL=METHOD'"),
    "problem.duplicate_column": "{columns: and } are both read as the {column} column",
    "problem.too_many_labels": (
        "{column} holds {n:,} different labels, more than the {limit:,} a column of "
        "relationship methods can hold (it names a few dozen methods)"),
    "fix.too_many_labels": (
        "check that the right column is read as the method: map it on the Upload page, or with "
        "--map 'HEADER=method' (and the wrong one to 'ignore'); or correct the file."),
    "problem.unknown_methods_more": (
        "{n:,} more unknown method labels ({rows:,} rows) are not listed, beyond the {listed:,} "
        "with the most rows. Check that the method column is the right one, or correct the file"),
    "problem.unknown_methods_more.one": (
        "1 more unknown method label ({rows:,} rows) is not listed, beyond the {listed:,} "
        "with the most rows. Map the ones listed, or correct the file"),
    "problem.unused_numbers": (
        "{where}: {column} holds numbers that are not used, and the table has no {missing: or } "
        "column. Say what it holds on the Upload page ({missing: or }, or not used), or on the "
        "command line with {maps: or }"),
    "problem.currencies": (
        "the money columns name different currencies: {columns}; one import holds amounts in "
        "one currency"),
    "where.currency": "{column} {currency}",
    "problem.hours_and_minutes": "{a} holds hours and {b} holds minutes: keep only one of them",
    "problem.not_a_number": "not a number",
    "problem.not_a_date": "not a date",
    "problem.not_yes_no": "neither yes nor no",
    "problem.below_min": "below the minimum of {minimum}",
    "problem.above_max": "above the maximum of {maximum}",
    "problem.date_range": "date outside {earliest} … {latest}",
    "problem.missing": "the {column} is missing",
    "problem.no_rows": "there are no data rows under the header",
    "problem.no_table": (
        "no sheet has a table with Date, Client and Method columns (or a Clients or "
        "Valuations table)"),
    "problem.duplicate_client": "the same client is listed more than once",
    "problem.margin_above_revenue": (
        "a margin larger than the client's annual revenue: a gross margin is revenue less the "
        "cost of the goods sold, so it cannot be larger"),
    "problem.net_margin": (
        "'{header}' is a net figure: costs beyond the goods sold (the relationship's among "
        "them) are already taken off, so they would be counted twice"),
    "problem.margin_as_share": (
        "every margin lies between -1 and 1: these look like margin rates (0.25 for 25 %), "
        "not amounts of money"),
    "problem.not_a_quarter": "not a quarter",
    "problem.valuation_no_quarter": (
        "the Valuations table has no Quarter column and the upload has no interactions to "
        "date it"),
    "problem.bad_quarter": "'{quarter}' is not a quarter",
    "problem.duplicate_valuation": "the same client and method are valued twice",
    "fix.duplicate_column": "rename or delete one of the columns, or map it to 'ignore'.",
    "fix.number": (
        "enter plain amounts such as 1234.50 or 1 234,50, without text or percent signs; "
        "leave the cell empty for 0."),
    "fix.amount_max": (
        "amounts must stay below 100 trillion; check that the column holds amounts, not account "
        "numbers or IDs."),
    "fix.range": "correct the value; costs and hours cannot be negative, ratings run from 1 to 5.",
    "fix.missing": "fill in the cell, or delete the row if it is not an interaction.",
    "fix.date": "write dates as 2026-07-03 or 03.07.2026, one format for the whole column.",
    "fix.yes_no": "write yes or no (да or нет), or leave the cell empty when not known.",
    "fix.unknown_words": (
        "use one of the words {words} (English or Russian), or leave the cell empty; until "
        "then these rows count in no health measure that needs the word."),
    "fix.date_range": "check the year; dates must lie between 1990 and a year from today.",
    "fix.no_rows": "put the interactions under the header row, one row per interaction.",
    "fix.no_table": (
        "make sure the header row names the columns (e.g. Date, Client, Method, Cost, Hours), "
        "or download the template from the Upload page."),
    "fix.duplicate_client": "keep one row per client in the Clients sheet.",
    "fix.margin_above_revenue": (
        "check that the column holds the annual gross margin and that margin and revenue are "
        "in the same unit (a header such as 'Margin, EUR k' scales its amounts)."),
    "fix.net_margin": (
        "give each client's gross margin (revenue less the cost of the goods sold) under a "
        "header such as 'Gross margin', or leave the column out."),
    "fix.margin_as_share": (
        "enter each client's annual gross margin in money (revenue × margin rate), or write "
        "the unit in the header ('Margin, EUR m') if the amounts are in millions."),
    "fix.quarter": "add a Quarter column with values such as 2026Q3.",
    "fix.valuation_quarter": (
        "pick the quarter these valuations are for on the Upload page (on the command line: "
        "--quarter 2026Q3), or add a Quarter column with values such as 2026Q3."),
    "fix.currencies": "convert the amounts to one currency, or import the files separately.",
    "fix.duplicate_valuation": "keep one valuation per client and method for each quarter.",
    "warn.unused_columns": "columns not used: {columns}",
    "warn.read_by_content": (
        "{column} read as the {target} column: {pct}% of its values are {what}"),
    "warn.read_instead": (
        "{column} read as the {target} column, not {other}: {pct}% of its values are {what}, "
        "{other_pct}% of {other}'s"),
    "warn.valuations_table": (
        "no column holds dates: read as a Valuations table (client, method and value)"),
    "warn.unanswered": (
        "{n:,} rows have no value (not answered): they were left out, the others imported"),
    "warn.unanswered.one": (
        "1 row has no value (not answered): it was left out, the others imported"),
    "content.methods": "methods",
    "content.dates": "dates",
    "content.amounts": "amounts of 0 or more",
    "content.hours": "hours of 0 or more",
    "content.ratings": "ratings from 1 to 5",
    "warn.not_completed": (
        "{n:,} activities not completed were left out: {column} says {statuses}; only "
        "completed activities are imported"),
    "warn.not_completed.one": (
        "1 activity not completed was left out: {column} says {statuses}; only completed "
        "activities are imported"),
    "where.status_rows": "{status} ({n:,})",
    "warn.status_unknown": (
        "{column} holds no activity status (such as Completed or Open): no row was left out "
        "for its status"),
    "problem.extra_cells": (
        "{n:,} rows have more cells than the header's {width} columns, so their values would "
        "move into the next column (an amount with a decimal comma, 1200,50, splits in two): "
        "{examples:; }"),
    "problem.extra_cells.one": (
        "1 row has more cells than the header's {width} columns, so its values would move "
        "into the next column (an amount with a decimal comma, 1200,50, splits in two): "
        "{examples:; }"),
    "fix.extra_cells": (
        "put amounts with a decimal comma in quotes (\"1200,50\"), save the file with ';' "
        "between columns, or write amounts with a decimal point (1200.50)"),
    "warn.totals_rows": "totals rows were not imported",
    "warn.repeated_header": "repeated header rows were not imported",
    "warn.footer_rows": "rows after the data look like a report footer and were not imported",
    "warn.format": "{column}: {note}",
    "warn.spaces": "extra spaces removed from {column}",
    "warn.invisible": (
        "{column}: {n:,} cells held characters that show as nothing (zero-width space, soft "
        "hyphen, BOM); they were removed, so the names match their visible spelling"),
    "warn.invisible.one": (
        "{column}: 1 cell held characters that show as nothing (zero-width space, soft hyphen, "
        "BOM); they were removed, so the name matches its visible spelling"),
    "warn.minutes": "{column} holds minutes: converted to hours",
    "warn.unknown_words": "{column}: {n:,} cells hold words not known here ({words}): left blank",
    "warn.excluded": "{n} rows with method '{label}' were left out, as mapped",
    "warn.method_by_words": (
        "read '{label}' as {method} ({n:,} rows): its words name that method alone; map the "
        "label to read it otherwise"),
    "warn.method_by_words.one": (
        "read '{label}' as {method} (1 row): its words name that method alone; map the label "
        "to read it otherwise"),
    "warn.hidden_sheet": "hidden sheet not read; unhide it and upload again if it holds data",
    "warn.sheet_skipped": "sheet not read: no recognised table in it",
    "warn.similar_clients": (
        "client names that differ only in case, spacing, punctuation or look-alike letters "
        "(Cyrillic С and Latin C) are kept apart: {names:; }"),
    "fix.similar_clients": (
        "if they are one client, choose its spelling (on the CLI: --map-client "
        "'VARIANT=NAME' for each variant); the choice is kept for later imports"),
    "warn.clients_merged": "client names read as one spelling, as mapped: {pairs:; }",
    "warn.duplicate_rows": (
        "{n:,} of {total:,} interactions are identical in every field to an earlier one "
        "(exported twice?): {pairs}. They were kept, as two equal visits can be real"),
    "warn.duplicate_rows.one": (
        "1 of {total:,} interactions is identical in every field to an earlier one "
        "(exported twice?): {pairs}. It was kept, as two equal visits can be real"),
    "fix.duplicate_rows": "if the rows were exported twice, delete the copies and import again",
    # ---- backups ----------------------------------------------------------------------------
    "store.is_folder": (
        "{path} is a folder, not a store: give the store's file, for example {path}/kam.duckdb."),
    "store.damaged": (
        "The store {path} is damaged and was not read ({error}). {advice}"),
    "store.restore_advice": (
        "The newest backup that reads correctly is #{id}, taken {taken}: put it back with "
        "`python -m kam_analytics restore-backup {id} --db {path}` (the damaged file is kept as "
        "a backup too; imports made after {taken} need importing again)."),
    "store.no_good_backup": (
        "No backup in {folder} reads correctly. Move the damaged file aside and import the "
        "quarters' files again into a new store."),
    "store.cannot_write": (
        "The store {path} could not be written ({error}). Nothing was changed. {fix}"),
    "store.backup_failed": (
        "Nothing was imported: the copy of the store kept before each import could not be "
        "written to {folder} ({error}). {fix}"),
    "store.fix_full": (
        "The disk is full: free space on it (old backups in the backups folder can go), then "
        "try again."),
    "store.fix_permission": (
        "This user may not write there: give it write permission on the store's file and its "
        "folder (the log file is written beside the store), or use another --db."),
    "store.cannot_open": (
        "The store {path} cannot be opened ({error}): check that the path names the store's "
        "file and that this user may read and write it and its folder."),
    "store.cannot_connect": (
        "The PostgreSQL store {url} cannot be reached ({error}): check that the server runs, "
        "that the host, port, user and database in the address are right, and that this user "
        "may connect."),
    "store.cannot_write_server": (
        "The PostgreSQL store {url} refused the write ({error}); nothing was changed: free "
        "space on the server or give this user write permission, then try again."),
    "store.no_store_server": (
        "{url} holds no KAM Analytics store yet, and it was opened only to read: import a file "
        "into it first (or copy a store into it with copy-store)."),
    "store.older_read_only": (
        "{url} is at store version {found}, and this version of KAM Analytics reads version "
        "{known}: opened only to read, it was left unchanged. Open it once for writing (an "
        "import, or: python -m kam_analytics mappings --db ...) to bring it up to date."),
    "store.read_only_server": (
        "The PostgreSQL store {url} was opened only to read: nothing was changed. Open it for "
        "writing to change it."),
    "store.schema_too_new": (
        "{path} was written by a newer version of KAM Analytics (store version {found}; this "
        "one knows up to {known}): open it with that version, or restore an older backup."),
    "store.amounts_too_large": (
        "This store holds an amount of {amount}, more than the {maximum} this version keeps "
        "exactly: it was left unchanged. Open it with the version that wrote it and correct or "
        "replace the import holding that amount."),
    "store.engine_unknown": (
        "No store engine opens {scheme}:// locations: give a DuckDB file path or a "
        "postgresql:// address."),
    "cli.no_store": "There is no store at {db}.",
    "cli.no_store_yet": "There is no store at {db}: import a file first.",
    "copy.target_not_empty": (
        "{target} already holds data ({tables}): copy-store only fills an empty store, so "
        "nothing was copied. Give a new database or file as --to, or empty that one first."),
    "copy.other_version": (
        "{source} is at another store version than this one (its table {table} lacks: "
        "{missing}; has besides: {extra}), so nothing was copied. Open it once with this "
        "version for writing (for example: python -m kam_analytics mappings --db ...) to "
        "bring it up to date, then copy again."),
    "copy.same_store": "--from and --to name the same store ({store}): nothing was copied.",
    "copy.held": (
        "The dashboard (process {pid}) holds a store of this copy: copy-store reads or writes "
        "the whole store at once, so it is not run through the dashboard and nothing was "
        "copied. Stop the dashboard, then run copy-store again."),
    "copy.done": "Copied {source} into {target}, in one transaction:",
    "copy.table": "  {table}: {n:,} rows",
    "copy.table.one": "  {table}: 1 row",
    "import.merge_clients": (
        "  question: {names} may be one client; to read them all as '{name}', import again "
        "with {options}"),
    "import.currency_assumed": (
        "No column header names a currency: amounts read as {currency}, the store's currency. "
        "If they are in another one, import again with --currency CODE (and --rate)."),
    "currency.mismatch": (
        "The amounts in this upload are in {currency}, and the store's figures are in {stored}. "
        "Figures in different currencies are never added up: give the rate (1 {currency} = "
        "how many {stored}) on the Upload page, or with --rate on the command line. Nothing "
        "was imported."),
    "busy.in_use": (
        "The store {path} is in use by another program (the dashboard or another import). "
        "Nothing was changed. Close it or use another --db, then try again."),
    "busy.in_use_by": (
        "The store {path} is in use by another program: process {pid} ({program}). Nothing was "
        "changed. Wait for it to finish, or stop it, then try again."),
    "busy.holder_gone": (
        "The dashboard holding {path} (process {pid}) stopped while it ran this command. A "
        "write is kept whole or not at all: check the import history before running it again."),
    "busy.holder_silent": (
        "The dashboard holding {path} (process {pid}) did not finish this command within "
        "{seconds} s. See the dashboard's Import history before running it again."),
    "busy.handed_over": (
        "The dashboard (process {pid}) holds {path}: this command runs through it."),
    "busy.writing": (
        "The store is busy saving other changes (another upload or a backup). Nothing was "
        "changed: try again in a minute."),
    "busy.conflict": (
        "The store was changed by another writer at the same moment, several times over. "
        "Nothing was changed: try again in a minute."),
    "restore_point.none": "No restore points in {db} yet: one is taken before each import.",
    "restore_point.listing": (
        "Restore points of {db} (newest first; the last {keep} are kept): each is the imports "
        "in force before a change. Put one back with: python -m kam_analytics restore-point ID "
        "(it works while the dashboard runs)"),
    "restore_point.col_id": "Restore point",
    "restore_point.col_taken": "Taken",
    "restore_point.col_before": "Before",
    "restore_point.before_import": "import #{id}",
    "restore_point.before_restore_import": "import #{id} made active again",
    "restore_point.before_restore_point": "restore point #{id} put back",
    "restore_point.unknown": (
        "There is no restore point #{id} in {db}. List them with: "
        "python -m kam_analytics backups"),
    "restore_point.restored": (
        "Put back restore point #{id}: the imports in force are those before it. Imports made "
        "since stay in the history, set aside (make one active again with: python -m "
        "kam_analytics restore IMPORT). The state it replaced is restore point #{previous}."),
    "backup.none": (
        "No copies of the whole file {db} yet: one is taken before an import at most once a "
        "day."),
    "backup.server_store": (
        "{db} is a PostgreSQL store: its backups are the server's (pg_dump, point-in-time "
        "recovery), not files kept by KAM Analytics. Back it up and restore it with the "
        "server's tools."),
    "backup.listing": (
        "Copies of the whole file {db} (in {folder}, newest first; one before an import at "
        "most once a day, the last {keep} kept). Put one in place of the store, with the "
        "dashboard stopped: python -m kam_analytics restore-backup ID"),
    "backup.col_id": "Backup",
    "backup.col_taken": "Taken",
    "backup.col_size": "Size",
    "backup.size_b": "{size:.0f} B",
    "backup.size_kb": "{size:.1f} KB",
    "backup.size_mb": "{size:.1f} MB",
    "backup.size_gb": "{size:.1f} GB",
    "backup.col_imports": "Imports",
    "backup.col_last_import": "Newest import",
    "backup.col_interactions": "Active interactions",
    "backup.col_state": "Can be restored",
    "backup.restorable": "yes",
    "backup.not_restorable": "no: {why}",
    "backup.damaged": "damaged",
    "backup.too_new": "from a newer version",
    "backup.foreign": "not a KAM Analytics store",
    "backup.refused": "Backup #{id} cannot be restored ({why}). Nothing was changed.",
    "backup.unknown": (
        "There is no backup #{id} of {db}. List them with: "
        "python -m kam_analytics backups"),
    "backup.restored": (
        "Restored backup #{id} (taken {taken}: {imports} imports, {interactions} active "
        "interactions) into {db}. The state it replaced is backup #{previous}."),
    "backup.ui_title": "Restore points",
    "backup.ui_help": (
        "Before each import the store notes which imports are in force (the last {keep} "
        "notes are kept). Putting one back undoes every import and restore since; it is "
        "noted first, so it can be undone too (from the command line: `python -m "
        "kam_analytics restore-point ID`)."),
    "restore_point.ui_pick": "Put back the imports in force at restore point",
    "restore_point.ui_button": "Put back",
    "restore_point.ui_restored": (
        "Restore point #{id} put back: the imports in force are those before it; imports made "
        "since are set aside and listed above. The state it replaced is restore point "
        "#{previous}."),
    # ---- board pack -------------------------------------------------------------------------
    "nav.board_pack": "Board pack",
    "render.subtitle": "{quarter} · {filters}",
    "render.source": "Source: {files}, imported {date}",
    "render.download_png": "PNG",
    "render.download_svg": "SVG",
    "render.download_help": (
        "Download this chart as a {format} image for a slide: title, quarter, filters and "
        "source included. It is drawn when you click."),
    "render.no_browser": (
        "Chart images need Chromium, which was not found ({detail}). Install it with: "
        "sudo apt-get install chromium (or set BROWSER_PATH to a Chrome or Chromium). "
        "Everything else works without it."),
    "render.start_timeout": (
        "The chart renderer (Chromium at {path}) did not start within {seconds} s, so no chart "
        "image was made. Check that it runs: {path} --headless --version"),
    "render.image_timeout": (
        "A chart image took longer than {seconds} s to draw and was stopped; nothing was "
        "exported."),
    "render.failed": "The chart renderer (Chromium) failed, so no chart image was made: {detail}",
    "render.bad_image": (
        "The chart renderer returned an unusable {format} image ({size} bytes for {width} x "
        "{height} px), so nothing was exported."),
    "anon.client": "Client {letters}",
    "anon.manager": "Manager {letters}",
    "anon.other": "[client]",
    "anon.file": "import #{id}",
    "anon.kind_client": "client",
    "anon.kind_manager": "manager",
    "anon.col_kind": "Kind",
    "anon.col_alias": "Alias",
    "anon.col_name": "Real name",
    "pack.scope_all": "All {n:,} clients",
    "pack.scope_top": "Top {n:,} clients by total cost",
    "pack.scope_selection": "{n:,} selected clients",
    "pack.none": "none",
    "pack.error_no_data": "There is no data yet: import a quarter first.",
    "pack.error_quarter": "No data for {quarter}. Quarters with data: {known}.",
    "pack.error_clients": "No client named {names} in {quarter}. Check the spelling.",
    "pack.error_no_clients": "Choose at least one client.",
    "pack.error_top": "The number of top clients must be 1 or more.",
    "pack.error_move_overlap": (
        "The budget what-if takes money from and gives it to the same quadrant: choose "
        "different quadrants."),
    "pack.error_elasticity": (
        "The elasticity {value} is outside 0-1: 0 means value does not move with spend, 1 "
        "that it moves in proportion."),
    "pack.error_move_share": (
        "The budget what-if moves {share} of the cost: choose a share from 0 % to 100 %."),
    "deck.cover_title": "Key-account relationships: cost versus value",
    "deck.cover_subtitle": "{quarter} · {scope}",
    "deck.prepared": "Prepared {date} with KAM Analytics",
    "deck.anonymised": (
        "Anonymised: client and manager names are replaced by aliases (Client A is the "
        "largest spender)."),
    "deck.doc_title": "Board pack {quarter}",
    "deck.alt": "Chart: {title}",
    "deck.part": "{title} ({n} of {of})",
    "deck.thresholds": "Quadrant thresholds: cost {cost}, value {value} (portfolio medians).",
    "deck.notes_scope": "{scope}, {quarter}.",
    "deck.notes_totals": (
        "Total cost {total}: money spent {money} plus managers' time {time} ({hours} hours "
        "at {rate} per hour)."),
    "deck.notes_value": (
        "Mean value rated by clients: {value} of 5. Spend in overinvested cells: {over} "
        "({share} of total cost)."),
    "deck.heatmap_title": "Where the money goes: client by method",
    "deck.heatmap_subtitle": (
        "Quadrant of each client and method; clients by total cost, largest first. "
        "{threshold}"),
    "deck.heatmap_capped": "The {n} largest of {total} clients are shown.",
    "deck.notes_heatmap": "Per client: total cost, methods used, overinvested and efficient cells.",
    "deck.notes_heatmap_client": (
        "{client}: {total}; {methods} methods; {over} overinvested ({over_cost}); "
        "{efficient} efficient."),
    "deck.quadrant_title": "Cost versus value: every client and method",
    "deck.quadrant_subtitle": "{n} client x method cells of {clients} clients.",
    "deck.notes_quadrant": "Cells per quadrant, their total cost and share of cost. {threshold}",
    "deck.notes_quadrant_line": "{quadrant}: {n} cells, {cost} ({share}).",
    "deck.top_title": "Where to cut and where to keep",
    "deck.top_over": "Most overinvested: the {n} costliest cells clients value little",
    "deck.top_efficient": "Most efficient: the {n} cells with the most value per 1,000 of cost",
    "deck.health_title": "Relationship health: the rules broken, {quarter}",
    "deck.health_summary": (
        "{red} clients in the red, {amber} amber, {green} green, {unmeasured} not measured "
        "(each client's worst measure)"),
    "deck.health_red": "Clients in the red: {n}, the worst first",
    "deck.health_red.one": "Clients in the red: 1",
    "deck.health_open": "Problems and late deliveries open: {n}, the oldest first",
    "deck.health_open.one": "Problems and late deliveries open: 1",
    "deck.notes_health": "{client} · {measure}: {value} · {status} · {rule}",
    "deck.change_title": "What changed since {quarter}",
    "deck.change_summary": (
        "Total cost {cost} ({change} since {quarter}) · mean value {value} (was {value_before})"
        " · {moved} cells moved between quadrants · {new} new clients, {gone} gone"),
    "deck.moved_into": "Moved into overinvested: the {n} costliest",
    "deck.moved_out": "Moved out of overinvested: the {n} costliest",
    "deck.whatif_title": "Budget what-if: {share} from {cut} to {grow}",
    "deck.whatif_summary": (
        "Moves {money} from {cut} cells to {grow} cells · spend-weighted value {value} → "
        "{value_after}."),
    "deck.whatif_estimate": "An estimate under the model in the notes, not a forecast.",
    "deck.col_per_1000_moved": "Per 1,000 moved",
    "deck.whatif_grow": "Grow first: the {n} that gain the most value per 1,000",
    "deck.whatif_cut": "Cut first: the {n} that lose the least value per 1,000",
    "deck.col_cost_in": "{quarter} ({currency})",
    "deck.col_before": "Before",
    "deck.col_now": "Now",
    "deck.col_change": "Change",
    "deck.none_in_quadrant": "No {quadrant} cells.",
    "deck.col_share": "% of client",
    "deck.notes_cell": (
        "{client} x {method}: total {cost} (money {money}, {hours} hours), value {value}, "
        "value per 1,000 {per1000}, {share} of the client's spend."),
    "deck.mix_title": "Strategy mix: each client's cost by strategy",
    "deck.mix_subtitle": "Total cost (money plus managers' time), largest client first.",
    "deck.notes_mix": "Per client: total cost and its split by strategy.",
    "deck.notes_mix_part": "{strategy} {share}",
    "deck.notes_mix_client": "{client}: {total} — {parts}.",
    "deck.economics_title": "Client economics: the whale curve",
    "deck.economics_subtitle": (
        "Cumulative profit after relationship cost, most profitable client first. A quarter's "
        "margin is the annual gross margin ÷ 4; relationship cost is money plus managers' time."),
    "deck.notes_economics": (
        "Each client's {quarter} relationship cost (cost + hours × {rate}) against a quarter "
        "of its annual gross margin (annual ÷ 4); profit after relationship cost is the "
        "difference. Peak {peak} after {rank} of {n} clients; all of them: {total}."),
    "deck.notes_economics_client": (
        "{rank}. {client}: margin {margin}{assumed}, relationship cost {cost} ({share} of "
        "margin), profit after cost {profit}."),
    "deck.notes_assumed": " (assumed)",
    "deck.notes_no_margin": "Without a margin, left out of the curve ({n}): {names}.",
    "deck.client_title": "{client}: cost versus value",
    "deck.fact_money_time": "Money and managers' time",
    "deck.fact_split": "{money} + {time}",
    "deck.fact_segment": "Segment",
    "deck.notes_client": "{client}, per method: total cost, hours, value, quadrant.",
    "deck.notes_client_line": "{method}: {cost}, {hours} hours, value {value}, {quadrant}.",
    "deck.appendix_title": "Appendix: the 26 methods and their strategies",
    "deck.appendix_subtitle": "The framework every chart in this pack is organised by.",
    "deck.notes_appendix": "The five strategies and their goals:",
    "report.doc_title": "Board report {quarter}",
    "report.title": "KAM Analytics board report, {quarter}",
    "report.sheet_about": "About",
    "report.sheet_matrix": "Matrix",
    "report.sheet_clients": "Clients",
    "report.sheet_methods": "Methods",
    "report.sheet_changes": "What changed",
    "report.sheet_whatif": "Budget what-if",
    "report.about_whatif": "Budget what-if",
    "report.sheet_economics": "Client economics",
    "report.sheet_health": "Relationship health",
    "report.col_health_value": "Value (number)",
    "report.col_health_n": "Items counted",
    "report.about_quarter": "Quarter",
    "report.about_scope": "Clients",
    "report.about_prepared": "Prepared",
    "report.about_rate": "Managers' time costed at (per hour)",
    "report.about_thresholds": "Quadrants",
    "report.about_source": "Data",
    "report.about_sheets": "Sheets",
    "report.about_sheets_text": (
        "Matrix: every client x method cell. Clients: one row per client, largest cost first. "
        "Methods: one row per method across these clients. What changed (when a quarter comes "
        "before): every cell against that quarter. Budget what-if (when asked): the cells the "
        "move touches, ranked."),
    "report.about_anonymised": "Anonymised",
    "report.col_segment": "Segment",
    "report.col_time_cost": "Time cost ({currency})",
    "report.col_value_source": "Value from",
    "report.col_share": "Share of client spend",
    "report.col_overinvested_methods": "Overinvested methods",
    "report.col_annual_revenue": "Annual revenue ({currency})",
    "report.col_annual_margin": "Annual gross margin ({currency})",
    "report.col_margin_source": "Margin",
    "report.col_period_margin": "Margin this quarter ({currency}, annual ÷ 4)",
    "report.col_strategy_cost": "{strategy}, cost ({currency})",
    "report.col_cost_share": "Relationship cost, share of margin",
    "report.source_ratings": "ratings on interactions",
    "report.source_valuation": "client valuation",
    "report.pdf_missing": (
        "PDF needs LibreOffice, which is not installed on this server "
        "(apt-get install libreoffice-impress-nogui)."),
    "report.pdf_timeout": "LibreOffice took longer than {seconds} s to convert the deck.",
    "report.pdf_failed": "LibreOffice could not convert the deck: {detail}",
    # ---- valuation survey (exports/survey.py): sent to the client -------------------------
    "survey.doc_title": "Valuation survey",
    "survey.sheet": "Survey",
    "survey.file": "valuation_survey",
    "survey.title": "How much do you value our work with you? {client}, {quarter}",
    "survey.how_1": (
        "Below are the ways we worked with you in {quarter}. For each one, please choose in the "
        "Value column how much it was worth to you: {low} = of little value, {high} = of very "
        "high value."),
    "survey.how_2": (
        "A value already filled in is the one we have on record: change it if it is no longer "
        "right. Leave a value empty if you cannot say; add a comment if you wish."),
    "survey.how_3": (
        "Please keep the other columns as they are and return the file to us. Thank you."),
    "survey.col_client": "Client",
    "survey.col_quarter": "Quarter",
    "survey.col_method": "Method",
    "survey.col_value": "Value ({low}-{high})",
    "survey.col_comment": "Comment",
    "survey.invalid_title": "Value from 1 to 5",
    "survey.invalid": "Please choose a whole number from {low} to {high}.",
    "bp.title": "Board pack",
    "bp.intro": (
        "Pick the quarter, the clients and the sections, then download a 16:9 slide deck, an "
        "Excel report or a PDF: every chart drawn for you, numbers in the speaker notes."),
    "bp.quarter": "Quarter",
    "bp.scope": "Clients",
    "bp.scope.all": "All clients",
    "bp.scope.top": "Top clients by total cost",
    "bp.scope.selection": "Chosen clients",
    "bp.top": "How many top clients",
    "bp.pick": "Clients",
    "bp.pick_hint": "Choose clients (largest spend first)",
    "bp.client_slides": "Slides for single clients (largest first)",
    "bp.client_slides_help": "One slide each, with the client's bubble chart and key figures.",
    "bp.sections": "Sections",
    "bp.section.heatmap": "Portfolio heatmap (clients x methods)",
    "bp.section.quadrant": "Cost-versus-value quadrant",
    "bp.section.top_cells": "Most overinvested and most efficient cells",
    "bp.section.changes": "What changed since the quarter before",
    "bp.section.whatif": "Budget what-if (as set on its page)",
    "bp.whatif_as_set": (
        "Budget what-if: {share} of the cost of {cut} cells moved to {grow} cells, elasticity "
        "{elasticity}, as set on the Budget what-if page."),
    "bp.section.health": "Relationship health",
    "bp.section.strategy_mix": "Strategy mix per client",
    "bp.section.economics": "Client economics: the whale curve",
    "bp.section.clients": "One slide per client",
    "bp.section.appendix": "Appendix: the 26 methods",
    "bp.anonymise": "Anonymise client and manager names",
    "bp.anonymise_help": (
        "Replaces every client and manager name with an alias (Client A, Manager A, … by "
        "spend) in every slide, note, picture and sheet. Download the alias key separately."),
    "bp.summary": "{slides} slides: {scope}, {quarter}",
    "bp.no_previous": (
        "No quarter is stored before {quarter}: the pack has no What changed slide or sheet."),
    "bp.no_margins": (
        "No client of the pack has a margin stored: the pack has no Client economics slide or "
        "sheet (add a Gross margin column to the Clients sheet)."),
    "bp.no_health": (
        "No relationship-health slide: {quarter}'s interactions give no event types, promises, "
        "times, written confirmations or roles (see the template's health columns)."),
    "bp.no_browser": (
        "{why} Until then the deck and its PDF cannot be made here; the Excel report can."),
    "bp.download_deck": "Download the slide deck (.pptx)",
    "bp.download_report": "Download the Excel report (.xlsx)",
    "bp.download_pdf": "Download the deck as PDF",
    "bp.download_key": "Download the alias key (.csv)",
    "bp.key_warning": "The alias key names every client: keep it apart from the deck.",
    "bp.no_pdf": (
        "PDF is not available here: this server has no LibreOffice. Open the deck in "
        "PowerPoint or LibreOffice and export it, or ask for libreoffice-impress-nogui."),
    "bp.building": "The files are drawn when you click; the first takes a few seconds.",
    "bp.clients_in_pack": "The {n:,} clients in this pack",
    "bp.col_slide": "Own slide",
    "cli.compare_needs_quarter": "--compare-to needs --quarter: the quarter to compare with it.",
    "cli.quadrant_thresholds": (
        "{quarter} quadrants: high cost above {cost:,.2f}, high value from {value:g}"),
    "cli.people_matrix_only": (
        "--header people is for the matrix alone: leave out --compare-to, or take its "
        "column ids."),
    "cli.bad_out": "--out {out}: the file name must end in {suffix}.",
    "cli.no_folder": "--out: there is no folder {folder}.",
    "cli.deck_what": "{slides} slides",
    "cli.report_what": "the Excel report",
    "cli.anonymised": ", anonymised",
    "cli.wrote": "Wrote {out}: {what}, {scope}, {quarter}{anonymised}.",
    "cli.wrote_key": "Wrote the alias key {out}: it names every client, keep it apart.",
    "cli.wrote_pdf": "Wrote {out}.",
    "cli.survey_wrote": "Wrote the valuation survey of {quarter} for {n:,} clients: {out}.",
    "cli.survey_wrote.one": "Wrote the valuation survey of {quarter} for 1 client: {out}.",
    "cli.survey_no_quarter": "No data for {quarter}. Quarters with data: {known}.",
    "cli.survey_no_client": (
        "No client named {client} has interactions in {quarter}: check the spelling (as on the "
        "Client page)."),
    "cli.survey_bad_out": "--out {out}: give a folder, a FILE.zip or a FILE.xlsx.",
    "cli.no_pdf": "The deck was written, the PDF was not: {reason}",
    # ---- the command line's own lines (cli.py, cli_exports.py) -----------------------------
    "cli.no_file": "{path}: no such file",
    "cli.file_rejected": "Rejected: {file}: {problem}. {fix}",
    "cli.bad_map": (
        "--map {pair}: write it as 'HEADER=column', where column is one of {allowed}"),
    "cli.bad_map_method": "--map-method {pair}: write it as 'LABEL=METHOD'",
    "cli.map_method_unknown": (
        "--map-method {pair}: '{target}' is not one of the 26 methods (use its id, e.g. "
        "technical.staff_training, or label)"),
    "cli.bad_map_client": "--map-client {pair}: write it as 'VARIANT=NAME'",
    "cli.bad_quarter": "--quarter: {problem}; give it as 2026Q3",
    "cli.import_rejected": "Rejected: nothing was imported from {files}.",
    "cli.needs_decision": (
        "Data for {quarters} is already stored (import {ids}). Run again with --append to add "
        "this file alongside, or --replace to replace that data (replaced imports can be "
        "restored)."),
    "cli.unchanged": "Unchanged: these files were already imported, read the same way, as #{id}.",
    "cli.imported": (
        "Imported #{id}: {rows:,} interactions, {clients:,} clients, {valuations:,} valuations, "
        "{quarters}{replaced}; {n} warnings."),
    "cli.imported.one": (
        "Imported #{id}: {rows:,} interactions, {clients:,} clients, {valuations:,} valuations, "
        "{quarters}{replaced}; 1 warning."),
    "cli.imported_replaced": ", replaced {ids}",
    "cli.import_ref": "#{id}",
    "cli.warning_line": "  warning: {text}",
    "cli.no_import": "There is no import #{id}.",
    "cli.restored": "Restored import #{id}{set_aside}.",
    "cli.set_aside": "; {ids} set aside",
    "cli.no_imports": "No imports yet.",
    "cli.import_read": "#{id} read: {line}",
    "cli.import_note": "#{id} note: {line}",
    "cli.kind_header": "header",
    "cli.kind_method": "method",
    "cli.kind_client": "client",
    "cli.mapping_kind_unknown": "{kind}: the kind is header, method or client",
    "cli.no_such_mapping": (
        "There is no saved {kind} mapping of {source}: see python -m kam_analytics mappings"),
    "cli.mapping_removed": "Removed the saved {kind} mapping of {source}.",
    "cli.no_mappings": "No saved mappings.",
    "cli.mapping_line": "{kind}\t{source}\t{target}\t{origin}",
    "cli.origin_settings": "entered in the settings, {when}",
    "cli.no_data_yet": "No data yet: import a file first.",
    "cli.health_quarter": "{quarter}: {note}",
    "cli.health_col_client": "client",
    "cli.health_col_measure": "measure",
    "cli.health_col_value": "value",
    "cli.health_col_status": "status",
    "cli.health_col_rule": "rule",
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
    # ---- robustness (readers, sandbox, ingest's checks on bad input) ------------------------
    "sandbox.crashed": "the file could not be read safely: it made the reader crash",
    "sandbox.memory": "the file could not be read safely: reading it needed more than {mb:,} MB",
    "sandbox.timeout": (
        "the file could not be read safely: reading it took more than {seconds:.0f} s"),
    "sandbox.failed": "the file could not be read ({error})",
    "sandbox.fix.resave": (
        "open it in Excel (or LibreOffice), save it again as .xlsx and upload that."),
    "sandbox.fix.big": (
        "if it is very large, split it (e.g. one file per quarter); otherwise open it in Excel, "
        "save it again as .xlsx and upload that."),
    "why.not_a_number": "not a number",
    "why.percent": "a percentage, not an amount: write the amount itself",
    "why.non_finite": "not a finite number",
    "why.bool": "TRUE/FALSE is not a number",
    "why.date_not_number": "a date or time, not a number",
    "why.clock": "a time (h:mm), not a number: write hours as a number, e.g. 1.5",
    "why.not_a_date": "not a date",
    "why.no_such_date": "no such date",
    "why.number_not_date": "a number, not a date",
    "why.not_serial": "a number, but not an Excel date (expected {first}..{last})",
    "why.time_not_date": "a time or duration, not a date",
    "why.year": "year out of range ({earliest}..{latest})",
    "values.decimal_comma": "numbers read with a decimal comma",
    "values.decimal_dot": "numbers read with a decimal dot",
    "values.decimal_comma_locale": (
        "numbers read with a decimal comma, as the file's locale suggests"),
    "values.decimal_dot_locale": "numbers read with a decimal dot, as the file's locale suggests",
    "values.read_as": "({text} read as {value})",
    "values.day_first": "dates read as day/month/year",
    "values.month_first": "dates read as month/day/year",
    "values.serials": "numbers read as Excel date serials",
    "values.zone_not_converted": (
        "times read as written, in local time: the time zones written after them are not "
        "converted"),
    "values.mixed_decimals": (
        "mixed decimal separators: {comma} has a decimal comma but {dot} a decimal dot"),
    "values.mixed_decimals.fix": "use one number format in the whole column, e.g. 1234.50",
    "values.ambiguous_number": "ambiguous: {text} could be {a} or {b}",
    "values.ambiguous_number.fix": (
        "write numbers without thousands separators or with 2 decimals"),
    "values.mixed_currencies": "amounts in different currencies ({currencies}) cannot be added up",
    "values.mixed_currencies.fix": "convert every amount to one currency before uploading",
    "values.ambiguous_date": "ambiguous day/month order: {text} could be {a} or {b}",
    "values.ambiguous_date.fix": "use yyyy-mm-dd (2026-07-03) or dd.mm.yyyy (03.07.2026)",
    "values.mixed_day_month": (
        "mixed day/month order: {day_first} has the day first but {month_first} the month "
        "first"),
    "values.mixed_day_month.fix": (
        "use one order in the whole column, best yyyy-mm-dd or dd.mm.yyyy"),
    "read.not_spreadsheet": "this is {what}, not a spreadsheet",
    "read.empty": "the file is empty",
    "read.all_empty": "every sheet of the workbook is empty",
    "read.damaged": "the file is damaged or incomplete ({error})",
    "read.unpacks": (
        "the file unpacks to {unpacked:,.0f} MB or more from {packed:,.1f} MB, not an ordinary "
        "spreadsheet"),
    "read.dtd": (
        "the part '{part}' declares XML entities (a DOCTYPE), which Excel never writes and "
        "which can be used to attack the reader, so the file was not read"),
    "read.too_far": "a sheet has cells as far out as {far}, too large a grid to load",
    "read.password": "the workbook is password-protected",
    "read.unreadable": "looks like {kind} but cannot be read ({error})",
    "read.sheet_unreadable": "sheet '{sheet}' cannot be read ({error})",
    "read.line_too_long": (
        "line {line} is {length:,} bytes long, longer than any table's row ({limit:,} bytes at "
        "most): this is not a table saved as text"),
    "read.nul": (
        "line {line} holds binary data (a NUL byte): this is not a plain CSV/text file"),
    "read.bad_bom": "the file says it is {encoding} but is not",
    "read.too_many_cells": (
        "about {rows:,} rows x {columns:,} columns is more than can be read at once "
        "({limit:,} cells)"),
    "read.open_quote": (
        "line {line} opens a quote (\") that is never closed, so the rest of the file would "
        "become one cell"),
    "read.not_csv": "cannot be read as CSV ({error})",
    "read.fix.save_as_xlsx": (
        "open it in Excel (or LibreOffice) and save it as .xlsx, then upload that."),
    "read.fix.upload_spreadsheet": "upload the spreadsheet itself (.xlsx, .xls, .ods or .csv).",
    "read.fix.choose_file": "check you chose the right file.",
    "read.fix.unzip": "unzip it and upload the spreadsheet inside.",
    "read.fix.damaged": (
        "upload it again, or open it in Excel (or LibreOffice) and save it as .xlsx, then "
        "upload that."),
    "read.fix.dtd": (
        "if it is a genuine export, open it in Excel (or LibreOffice) and save it as .xlsx, "
        "then upload that."),
    "read.fix.too_far": (
        "delete the empty rows and columns beyond your data (Ctrl+End shows where Excel "
        "thinks the sheet ends), save, and upload again."),
    "read.fix.password": (
        "open it in Excel, remove the password (File → Info → Protect Workbook) or save an "
        "unprotected copy, and upload that."),
    "read.fix.nul": "export the data as CSV or .xlsx.",
    "read.fix.line_too_long": (
        "check you chose the right file; if it is your table, open it in Excel (or "
        "LibreOffice), check that each row is on a line of its own, and save it as .xlsx."),
    "read.fix.utf8": "save it again as CSV UTF-8.",
    "read.fix.too_many_cells": (
        "split the file, e.g. one file per quarter, or delete columns that are not needed."),
    "read.fix.open_quote": "close or remove that quote and save the file again.",
    "kind.pdf": "a PDF document",
    "kind.png": "a PNG image",
    "kind.jpeg": "a JPEG image",
    "kind.gif": "a GIF image",
    "kind.gzip": "a gzip archive",
    "kind.rar": "a RAR archive",
    "kind.7z": "a 7-Zip archive",
    "kind.rtf": "an RTF document",
    "kind.excel_xml": "an Excel 2003 XML spreadsheet",
    "kind.html": "a web page (HTML) saved under a spreadsheet name",
    "kind.xml": "an XML file",
    "kind.text_document": "a text document (Word/Writer)",
    "kind.presentation": "a presentation (PowerPoint/Impress)",
    "kind.zip": "a zip archive (holding {members})",
    "kind.word": "a Word document",
    "kind.powerpoint": "a PowerPoint presentation",
    "kind.other_office": "an Office file of another kind (no workbook inside)",
    "kind.xlsx": "an Excel workbook (.xlsx)",
    "kind.xlsb": "an Excel binary workbook (.xlsb)",
    "kind.ods": "an OpenDocument spreadsheet (.ods)",
    "kind.xls": "an Excel 97-2003 workbook (.xls)",
    "problem.too_big": "the file is {mb:,.1f} MB, over the limit of {limit:,} MB per file",
    "fix.too_big": (
        "split it into smaller files (e.g. one per quarter) and upload them together, or save "
        "it as .xlsx, which is smaller than CSV."),
    "problem.no_rows_under": "there are no data rows under the header (row {row})",
    "problem.uncalculated": (
        "formula cells without a calculated value (the file was written by a program that "
        "does not calculate formulas): {cells}"),
    "fix.uncalculated": (
        "open and save the file in Excel so the formulas are calculated; if a cell should "
        "hold text starting with =, type an apostrophe before it ('=...) or remove the =."),
    "problem.merged": "cells merged over several rows: {ranges}",
    "fix.merged": "unmerge the cells (Home → Merge & Center) and fill in every row.",
    "problem.too_long": "longer than {limit:,} characters: {example}",
    "problem.too_long_example": "'{text}…' ({n:,} characters)",
    "problem.examples": "{what}: {examples}",
    "fix.too_long": (
        "shorten the names; a cell this long usually means a quote (\") was not closed and "
        "several rows ran together."),
    "warn.hidden_rows": (
        "rows hidden in Excel were imported as well; delete them from the file (or filter them "
        "out) if they should not count"),
    "warn.title_rows": "rows above the header row {row} were not imported (a title)",
    "warn.quarters": (
        "the dates span {n} quarters: {quarters}; each is stored as its own quarter"),
    "warn.currency": "{column}: currency signs removed ({currencies}); amounts read as numbers",
    "warn.currency_converted": (
        "amounts converted from {currency} to {stored} at the rate you gave: 1 {currency} = "
        "{rate:,} {stored}"),
    "warn.encoding": (
        "the file was read as {encoding} text; if letters look wrong, save it as CSV UTF-8"),
    "warn.mixed_encoding": (
        "the file is UTF-8 text but {n:,} lines are in another encoding; each was read as "
        "{encoding}, so check their names"),
    "warn.mixed_encoding.one": (
        "the file is UTF-8 text but 1 line is in another encoding; it was read as {encoding}, "
        "so check its names"),
    "fix.mixed_encoding": "save the whole file as CSV UTF-8 and import it again",
    "warn.macros": "the workbook holds macros; they were not run — values are read as saved",
    "warn.formula_text": (
        "{column}: text starting with =, +, - or @ looks like a spreadsheet formula; it was "
        "stored as text"),
    "warn.markup_text": (
        "{column}: text that looks like HTML, script or Markdown was stored as plain text"),
    "warn.more_columns": "and {n:,} more",
    "warn.amount_decimals": (
        "{column}: {n:,} amounts have more than {places} decimals and are stored rounded to "
        "{places} (the first: {example} stored as {stored})"),
    "warn.amount_decimals.one": (
        "{column}: 1 amount has more than {places} decimals and is stored rounded to {places} "
        "({example} stored as {stored})"),
    "warn.scaled_amounts": (
        "'{header}': amounts in {unit}, multiplied by {factor:,}"),
    "problem.two_units": (
        "'{header}' names both thousands and millions: which the amounts are in cannot be told"),
    "fix.two_units": "keep one unit in the header (e.g. 'Cost, k EUR') and upload again",
    "text.thousands": "thousands",
    "text.millions": "millions",
    "where.row_value": "row {row}: {value}",
    "warn.negative_margin": (
        "{n:,} clients have a negative margin (sold below cost): kept as given, "
        "they lose money before any relationship cost"),
    "warn.negative_margin.one": (
        "1 client has a negative margin (sold below cost): kept as given, it loses "
        "money before any relationship cost"),
    "warn.no_margin": (
        "{n:,} clients have no margin: Client economics lists them as without a "
        "margin and leaves them out of its whale curve (enter their margins to include them)"),
    "warn.no_margin.one": (
        "1 client has no margin: Client economics lists it as without a margin and "
        "leaves it out of its whale curve (enter its margin to include it)"),
    "warn.outlying_amounts": (
        "{column}: {n:,} amounts are more than {factor:,} times the column's median ({median}): "
        "{examples}"),
    "warn.outlying_amounts.one": (
        "{column}: 1 amount is more than {factor:,} times the column's median ({median}): "
        "{examples}"),
    "fix.outlying_amounts": (
        "check the decimal point and the unit of these amounts (thousands? cents?) and correct "
        "the file if they are wrong"),
    "warn.hours_look_like_minutes": (
        "{column} looks like minutes, not hours: {share} of its values are multiples of 5 and "
        "their median is {median}"),
    "warn.hours_over_day": (
        "{column}: {n:,} interactions take more than {hours} hours: {examples}"),
    "warn.hours_over_day.one": (
        "{column}: 1 interaction takes more than {hours} hours: {examples}"),
    "fix.minutes_over_day": "check these durations: the column is read as minutes",
    "fix.hours_as_minutes": (
        "if the column holds minutes, map it to 'Time in minutes' (on the CLI: --map "
        "'{header}=hours_minutes') and import again; else correct the hours"),
    "warn.blank_as_default": "{column}: {n:,} empty cells read as {default}",
    "warn.blank_as_default.one": "{column}: 1 empty cell read as {default}",
    "where.quarter_rows": "{quarter} ({n:,} rows)",
    "encoding.cp1251": "Windows-1251 (Cyrillic)",
    "encoding.cp1252": "Windows-1252 (Western European)",
    "encoding.latin1": "Latin-1 (Western European)",
    "encoding.utf16": "UTF-16 (Excel's \"Unicode text\")",
    "encoding.utf32": "UTF-32",
}

