"""The board pack: what goes into it (quarter, clients, sections, aliases), read from the store
through ``matrix_for``.

``board_pack`` scopes and, when asked, anonymises the frames first; everything after it (charts,
slides, notes, sheets) is built from the pack alone, so no other client's name can reach an
export through a path forgotten later. ``slides`` says what each slide shows; ``deck`` draws
them; ``report`` writes the same pack as a workbook.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

import pandas as pd

from kam_analytics.analysis import MatrixQuery, compare, economics, matrix, matrix_for, whatif
from kam_analytics.analysis.health import health_for, measures_anything
from kam_analytics.analysis.query import change_for
from kam_analytics.exports import anonymise, chart_images
from kam_analytics.i18n import formats, t
from kam_analytics.store import EVERYONE, Scope, Store

SECTIONS: tuple[str, ...] = ("heatmap", "quadrant", "top_cells", "changes", "health",
                             "whatif", "strategy_mix", "economics", "clients", "appendix")
# The budget what-if is an estimate a manager sets up on its page: in a pack only when asked.
DEFAULT_SECTIONS: tuple[str, ...] = tuple(s for s in SECTIONS if s != "whatif")
SCOPES: tuple[str, ...] = ("all", "top", "selection")
DEFAULT_TOP = 10
DEFAULT_CLIENT_SLIDES = 3


class PackError(ValueError):
    """The options name a quarter or clients the store does not hold (message for the user)."""


@dataclass(frozen=True)
class BudgetMove:
    """The budget what-if of a pack (``analysis.whatif``): the quadrants whose cells give money
    and those that get it, the share of the giving cells' total cost moved, and the elasticity
    (None: fitted from the stored quarters where enough cells allow it, else assumed)."""

    cut: tuple[str, ...] = ("overinvested",)
    grow: tuple[str, ...] = ("efficient",)
    share: float = 0.15
    elasticity: float | None = None


@dataclass(frozen=True)
class PackOptions:
    """What a manager picks for a board pack."""

    quarter: str | None = None          # None: the latest quarter
    scope: str = "all"                  # "all" | "top" | "selection"
    top: int = DEFAULT_TOP
    clients: tuple[str, ...] = ()       # the selection, real names
    sections: tuple[str, ...] = DEFAULT_SECTIONS
    client_slides: int = DEFAULT_CLIENT_SLIDES
    anonymise: bool = False
    move: BudgetMove = BudgetMove()


@dataclass(frozen=True)
class BoardPack:
    """Everything one export shows, already scoped to its clients and, if asked, anonymised."""

    quarter: str
    scope_label: str
    matrix: pd.DataFrame            # quarter x client x method, scoped
    strategy_matrix: pd.DataFrame   # quarter x client x strategy, scoped
    cost_threshold: float
    value_threshold: float
    currency: str
    hourly_rate: float
    source: str
    generated: date
    sections: tuple[str, ...]
    client_slides: tuple[str, ...]  # clients (as shown) that get a slide, largest spend first
    aliases: anonymise.Aliases | None = None
    # Against the quarter before (analysis.compare, quadrants by this quarter's thresholds):
    # the pack's clients' cells, and how many clients of the quarter before are gone (counted,
    # never named: a gone client has no alias). None when no quarter comes before.
    change: pd.DataFrame | None = None
    previous_quarter: str | None = None
    gone_clients: int = 0
    # compare.change_totals of the pack's clients, and of the gone ones when the pack covers
    # every client (a portfolio's total before includes the clients it has since lost)
    change_totals: dict[str, float] = dataclasses.field(default_factory=dict)
    # The budget what-if on the pack's cells (``whatif.budget_move``), the move asked and the
    # model stated in words; None when not asked or when no cell gives or gets money.
    moved: pd.DataFrame | None = None
    move: BudgetMove = BudgetMove()
    move_model: str = ""
    # The pack's clients' economics (analysis.economics.client_economics, names as shown):
    # None when the section is not asked for or no client of the pack has a margin.
    economics: pd.DataFrame | None = None
    # Relationship health of the pack's clients in its quarter (``health.health_measures``
    # rows) and the problems and late deliveries open at its end (client, kind, since,
    # age_days: no file names, which may name other clients). None without the section.
    health: pd.DataFrame | None = None
    open_items: pd.DataFrame | None = None

    @property
    def clients(self) -> list[str]:
        """Return the clients of the pack as shown, largest spend first."""
        return matrix.clients_by_spend(self.matrix)


def scope_clients(quarter_matrix: pd.DataFrame, options: PackOptions) -> list[str]:
    """Return the real names of the clients a pack covers, largest spend first."""
    ranked = matrix.clients_by_spend(quarter_matrix)
    if options.scope == "all":
        return ranked
    if options.scope == "top":
        if options.top < 1:
            raise PackError(t("pack.error_top"))
        return ranked[:options.top]
    if options.scope != "selection":
        raise ValueError(f"scope must be one of {SCOPES}, not {options.scope!r}")
    unknown = [c for c in options.clients if c not in ranked]
    if unknown:
        raise PackError(t("pack.error_clients", names=", ".join(f"'{n}'" for n in unknown),
                          quarter=str(quarter_matrix["quarter"].iloc[0])
                          if len(quarter_matrix) else "—"))
    if not options.clients:
        raise PackError(t("pack.error_no_clients"))
    return [c for c in ranked if c in set(options.clients)]


def _scope_label(options: PackOptions, shown: list[str]) -> str:
    """Return how the title slide names the clients covered."""
    if options.scope == "all":
        return t("pack.scope_all", n=len(shown))
    if options.scope == "top":
        return t("pack.scope_top", n=len(shown))
    if len(shown) == 1:
        return shown[0]
    return t("pack.scope_selection", n=len(shown))


def previous_quarter(quarters: list[str], quarter: str) -> str | None:
    """Return the latest of ``quarters`` before ``quarter``, None when none is."""
    earlier = [q for q in quarters if q < quarter]
    return max(earlier) if earlier else None


def moved_cells(cells: pd.DataFrame, move: BudgetMove,
                fit: whatif.Elasticity | None) -> tuple[pd.DataFrame | None, str]:
    """Return ``cells`` with ``move`` applied (``whatif.budget_move``) and the model it used,
    stated in words: the elasticity chosen, else ``fit`` (fitted or assumed), else the plain
    assumption. None and why when no cell gives money or none gets it."""
    if set(move.cut) & set(move.grow):
        raise PackError(t("pack.error_move_overlap"))
    if not 0 <= move.share <= 1:
        raise PackError(t("pack.error_move_share", share=formats.percent(move.share)))
    if move.elasticity is not None and not 0 <= move.elasticity <= 1:
        raise PackError(t("pack.error_elasticity", value=format(move.elasticity, "g")))
    cut, grow = cells["quadrant"].isin(move.cut), cells["quadrant"].isin(move.grow)
    if not cut.any() or not grow.any():
        return None, t("whatif.nothing_to_move")
    fit = fit or whatif.Elasticity(whatif.ASSUMED_ELASTICITY, False, 0)
    def shown(e: float) -> str:
        return formats.formatted(e, ".2f")

    if move.elasticity is not None:
        value, basis = move.elasticity, t("whatif.chosen", value=shown(move.elasticity))
    elif fit.fitted:
        value, basis = fit.value, t("whatif.fitted", pairs=fit.pairs, value=shown(fit.value))
    else:
        value, basis = fit.value, t("whatif.assumed", pairs=fit.pairs, needed=whatif.MIN_PAIRS,
                                    value=shown(fit.value))
    moved = whatif.budget_move(cells, cut, grow, share=move.share, elasticity=value)
    return moved, t("whatif.model", elasticity=shown(value)) + " " + basis


def board_pack(method_matrix: pd.DataFrame, strategy_matrix: pd.DataFrame,
               options: PackOptions, *, currency: str, hourly_rate: float,
               history: pd.DataFrame, generated: date | None = None,
               change: pd.DataFrame | None = None,
               elasticity: whatif.Elasticity | None = None,
               clients: pd.DataFrame | None = None,
               health: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> BoardPack:
    """Return the board pack for ``options`` from the portfolio's matrices (any quarters).

    Quadrants and thresholds come from the whole quarter's portfolio; the pack then keeps only
    the chosen clients and, when anonymised, replaces every client and manager name.
    ``change``: the whole portfolio's quarter against the one before
    (``analysis.query.change_for``), for the What changed slide and sheet. ``elasticity``: the
    one fitted on the stored quarters (``whatif.fitted_elasticity``), for the budget what-if
    when the options choose none. ``clients``: the client dimension
    (``Store.client_dimension``), for the Client economics slide and sheet. ``health``: the
    portfolio's health measures and the items open at the quarter's end
    (``analysis.health.health_for``), for the health slide and sheet.
    """
    quarters = sorted(method_matrix["quarter"].dropna().unique().tolist())
    if not quarters:
        raise PackError(t("pack.error_no_data"))
    quarter = options.quarter or quarters[-1]
    if quarter not in quarters:
        raise PackError(t("pack.error_quarter", quarter=quarter, known=quarters))
    sections = tuple(s for s in SECTIONS if s in options.sections)
    unknown = [s for s in options.sections if s not in SECTIONS]
    if unknown:
        raise ValueError(f"unknown sections {unknown}; expected some of {SECTIONS}")

    mq = method_matrix[method_matrix["quarter"] == quarter]
    sq = strategy_matrix[strategy_matrix["quarter"] == quarter]
    cost_thr, value_thr = matrix.quadrant_thresholds(mq)
    chosen = scope_clients(mq, options)
    m = matrix.filtered(mq, clients=chosen).reset_index(drop=True)
    s = matrix.filtered(sq, clients=chosen).reset_index(drop=True)
    # Of the pack's clients alone, before any name is replaced: a listed client with no
    # activity this quarter is outside the pack, so no name can pass without an alias.
    econ = None
    if clients is not None and "economics" in sections:
        econ = economics.client_economics(m, clients[clients["client"].isin(chosen)])
        econ = None if economics.with_margin(econ).empty else econ

    # File names may carry client names: no name outside the pack, and no real name at all
    # when anonymised, may reach the source line.
    outside = {c: t("anon.other") for c in matrix.clients_by_spend(mq) if c not in chosen}
    names = None
    if options.anonymise:
        names = anonymise.aliases(m)
        m, s = anonymise.aliased(m, names), anonymise.aliased(s, names)
        econ = None if econ is None else anonymise.aliased(econ, names)
        outside |= names.clients | names.managers
    source = anonymise.scrubbed(chart_images.source_line(history, quarter), outside)
    changed, before, gone, totals = None, None, 0, {}
    if change is not None and "changes" in sections:
        before = str(change["previous_quarter"].iloc[0]) if len(change) else None
        lost = ~change["client"].isin(set(mq["client"]))
        gone = int(change.loc[lost, "client"].nunique())
        covered = change["client"].isin(chosen) | (lost if options.scope == "all" else False)
        totals = compare.change_totals(change[covered])
        changed = change[change["client"].isin(chosen)].reset_index(drop=True)
        if names is not None:
            changed = anonymise.aliased(changed, names)
    # on the pack's cells, after aliasing: the what-if names no client outside the pack
    moved, model = (moved_cells(m, options.move, elasticity) if "whatif" in sections
                    else (None, ""))
    measured, still_open = _pack_health(health, quarter, chosen, names, sections)
    shown = matrix.clients_by_spend(m)
    slides = tuple(shown[:max(0, options.client_slides)]) if "clients" in sections else ()
    return BoardPack(
        quarter=quarter, scope_label=_scope_label(options, shown), matrix=m,
        strategy_matrix=s, cost_threshold=cost_thr, value_threshold=value_thr,
        currency=currency, hourly_rate=hourly_rate, source=source,
        generated=generated or date.today(), sections=sections, client_slides=slides,
        aliases=names, change=changed, previous_quarter=before, gone_clients=gone,
        change_totals=totals, moved=moved, move=options.move, move_model=model,
        economics=econ, health=measured, open_items=still_open)

def _pack_health(health: tuple[pd.DataFrame, pd.DataFrame] | None, quarter: str,
                 chosen: list[str], names: anonymise.Aliases | None,
                 sections: tuple[str, ...]) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """Return the health measures of the chosen clients in the quarter and their open items
    (without the files they came from), aliased when the pack is anonymised; None when the
    quarter's data gives no health column (every measure but the contacts not measured)."""
    if health is None or "health" not in sections:
        return None, None
    measures, items = health
    measured = measures[(measures["quarter"] == quarter)
                        & measures["client"].isin(chosen)].reset_index(drop=True)
    if not measures_anything(measured):
        return None, None
    still_open = items.loc[items["client"].isin(chosen),
                           ["client", "kind", "since", "age_days"]].reset_index(drop=True)
    if names is not None:
        measured = anonymise.aliased(measured, names)
        still_open = anonymise.aliased(still_open, names)
    return measured, still_open


def store_pack(store: Store, options: PackOptions, scope: Scope = EVERYONE,
               generated: date | None = None) -> BoardPack:
    """Return the board pack for ``options`` read from ``store`` (the CLI's path)."""
    with store.snapshot():  # both levels, the settings and the history from one state
        rate = store.hourly_rate()
        query = MatrixQuery.of_quarter(options.quarter, scope=scope, hourly_rate=rate)
        by_method = matrix_for(store, query)
        if by_method.empty:
            known = store.quarters(scope) or t("pack.none")  # each quarter as the reader writes it
            raise PackError(t("pack.error_quarter", quarter=options.quarter, known=known)
                            if options.quarter else t("pack.error_no_data"))
        by_strategy = matrix_for(store, dataclasses.replace(query, level="strategy"))
        currency, history = store.currency(), store.import_history()
        quarter = str(by_method["quarter"].max())
        before = previous_quarter(store.quarters(scope), quarter)
        change = (change_for(store, dataclasses.replace(query, quarters=(quarter,)), before)[0]
                  if before and "changes" in options.sections else None)
        fit = (whatif.fitted_elasticity(matrix_for(store, dataclasses.replace(query,
                                                                              quarters=None)))
               if "whatif" in options.sections and options.move.elasticity is None else None)
        clients = store.client_dimension(scope) if "economics" in options.sections else None
        measured = (health_for(store, scope, as_of=pd.Timestamp(generated or date.today()),
                               quarter=quarter) if "health" in options.sections else None)
    return board_pack(by_method, by_strategy, options, currency=currency,
                      hourly_rate=rate, history=history, generated=generated, change=change,
                      elasticity=fit, clients=clients, health=measured)


def clients_table(pack: BoardPack) -> pd.DataFrame:
    """Return the pack's clients as shown, largest spend first: alias and real name when
    anonymised, manager, total cost and whether the client gets a slide of its own."""
    summary = matrix.client_summary(pack.matrix)
    real = {a: n for n, a in pack.aliases.clients.items()} if pack.aliases else {}
    out = pd.DataFrame({t("col.client"): summary["client"]})
    if real:
        out[t("anon.col_name")] = summary["client"].map(real)
    out[t("col.manager")] = summary["manager"]
    out[t("col.total_cost", currency=pack.currency)] = summary["total_cost"].round(0)
    out[t("bp.col_slide")] = summary["client"].isin(pack.client_slides)
    return out
