"""The command line: import files, print the matrix, regenerate the sample, manage imports."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

import pandas as pd

from kam_analytics import cli_exports, ingest, settings
from kam_analytics.analysis import MatrixQuery, compare, matrix, matrix_for
from kam_analytics.analysis.query import PINS, change_for
from kam_analytics.cli_exports import (
    EXIT_BUSY,
    EXIT_DECIDE,
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_USAGE,
)
from kam_analytics.cli_mappings import (
    mappings_command,
    parse_client_maps,
    parse_header_maps,
    parse_method_maps,
)
from kam_analytics.exports import formula_safe, people
from kam_analytics.i18n import (
    DEFAULT_LANGUAGE,
    TABLES,
    MessageError,
    formats,
    msg,
    reset_language,
    set_language,
    t,
)
from kam_analytics.store import (
    CurrencyMismatch,
    EngineNotAvailable,
    HandedStore,
    NeedsDecision,
    Store,
    StoreBusy,
    backup_files,
    backups,
    open_store,
    restore_backup,
)
from kam_analytics.store.duckdb_restore_points import points_table as restore_points_table


def import_refs(ids: object) -> list[str]:
    """Return import numbers as the reader writes them: #2 in English, №2 in Russian."""
    return [t("cli.import_ref", id=int(i)) for i in ids]


def _import(args: argparse.Namespace, store: Store) -> int:
    files = []
    for p in args.paths:
        path = Path(p)
        if not path.is_file():
            print(t("cli.no_file", path=p), file=sys.stderr)
            return EXIT_USAGE
        size_mb = path.stat().st_size / 1_000_000  # MB as the page counts them
        if size_mb > settings.MAX_UPLOAD_MB:
            # Checked before reading: a huge file is refused without being loaded.
            print(t("cli.file_rejected", file=path.name, problem=msg(
                "problem.too_big", mb=size_mb, limit=settings.MAX_UPLOAD_MB),
                fix=msg("problem.fix", fix=msg("fix.too_big"))), file=sys.stderr)
            return EXIT_REJECTED
        files.append((path.name, path.read_bytes()))
    try:
        header_map = parse_header_maps(args.map or [])
        method_map = parse_method_maps(args.map_method or [])
        client_map = parse_client_maps(args.map_client or [])
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    quarter = None
    if args.quarter is not None:
        quarter = ingest.parse_quarter(args.quarter)
        if quarter is None:
            print(t("cli.bad_quarter", problem=msg("problem.bad_quarter", quarter=args.quarter)),
                  file=sys.stderr)
            return EXIT_USAGE
    mode = "append" if args.append else "replace" if args.replace else None
    try:
        out = ingest.run_import(store, files, mode=mode, header_map=header_map,
                                method_map=method_map, quarter=quarter,
                                currency=args.currency, rate=args.rate, client_map=client_map)
    except ingest.ImportRejected as exc:
        print(t("cli.import_rejected", files=[n for n, _ in files]), file=sys.stderr)
        for line in exc.batch.problem_lines():
            print(f"  - {line}", file=sys.stderr)
        return EXIT_REJECTED
    except NeedsDecision as exc:
        print(t("cli.needs_decision", quarters=list(exc.quarters),
                ids=import_refs(exc.imports["import_id"])), file=sys.stderr)
        return EXIT_DECIDE
    except CurrencyMismatch as exc:
        print(exc, file=sys.stderr)
        return EXIT_REJECTED
    if out.status == "unchanged":
        print(t("cli.unchanged", id=out.import_id))
        return EXIT_OK
    store.record(cli_exports.operator(args), "import", t(
        "audit.import", id=out.import_id, files=", ".join(n for n, _ in files),
        quarters=", ".join(out.quarters), mode=mode or "new", rows=f"{out.rows:,}"))
    replaced = t("cli.imported_replaced", ids=import_refs(out.replaced)) if out.replaced else ""
    print(t("cli.imported", id=out.import_id, rows=out.rows, clients=out.clients,
            valuations=out.valuations, quarters=list(out.quarters), replaced=replaced,
            n=len(out.batch.warnings)))
    for w in out.batch.warnings:
        print(t("cli.warning_line", text=w.text()))
    for group in out.batch.client_variants:
        name = group.spellings[0][0]  # the spelling most rows use, offered as the name
        options = " ".join(f"--map-client {shlex.quote(f'{variant}={name}')}"
                           for variant, _ in group.spellings[1:])
        print(t("import.merge_clients", names=group.label(), name=name, options=options))
    if args.currency is None and out.batch.currency is None and ingest.has_amounts(out.batch):
        print(t("import.currency_assumed", currency=store.currency()))
    return EXIT_OK


def _currency_code(text: str) -> str:
    code = text.strip().upper()
    if not (3 <= len(code) <= 8 and code.isalpha()):
        raise argparse.ArgumentTypeError(f"{text!r} is not a currency code such as EUR or RUB")
    return code


def _positive_rate(text: str) -> float:
    try:
        rate = float(text.replace(",", "."))
    except ValueError:
        rate = float("nan")
    if not (rate > 0 and rate != float("inf")):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number such as 0.0105")
    return rate


def _matrix(args: argparse.Namespace, store: Store) -> int:
    viewer = cli_exports.viewer_of(args)
    query = MatrixQuery.of_quarter(args.quarter, level=args.by, hourly_rate=args.hourly_rate,
                                   scope=viewer.scope)
    known = store.quarters(viewer.scope)
    if args.header == "people" and args.compare_to:
        print(t("cli.people_matrix_only"), file=sys.stderr)
        return EXIT_REJECTED
    if args.compare_to and not args.quarter:
        print(t("cli.compare_needs_quarter"), file=sys.stderr)
        return EXIT_REJECTED
    for asked in (args.quarter, args.compare_to):
        if asked and asked not in known:
            print(t("pack.error_quarter", quarter=asked, known=known or "—"),
                  file=sys.stderr)
            return EXIT_REJECTED
    if args.compare_to:
        change, thresholds = change_for(store, query, args.compare_to, pin=args.thresholds)
        for quarter, (cost, value) in thresholds.items():
            print(t("cli.quadrant_thresholds", quarter=quarter, cost=cost, value=value),
                  file=sys.stderr)
        out = compare.export_change(cli_exports.shown(store, viewer, change))
    else:
        out = matrix.export_table(cli_exports.shown(store, viewer, matrix_for(store, query)))
        if args.header == "people":
            out = people.people_table(out, store.currency())
    if args.format == "table":
        with pd.option_context("display.max_rows", None, "display.width", 200):
            # one method column: for people its name, else its id
            if args.header == "people":
                out = people.written(out.drop(columns=[t("col.method_id")]))
            else:
                out = out.drop(columns=["method_label"])
            print(out.to_string(index=False))
    else:
        sys.stdout.buffer.write(formula_safe.csv_bytes(out).removeprefix(b"\xef\xbb\xbf"))
    return EXIT_OK


def _history(args: argparse.Namespace, store: Store) -> int:
    viewer = cli_exports.viewer_of(args)
    if not viewer.imports:  # file names may name any client
        print(t("cli.as_not_allowed", email=args.as_user, role=viewer.role), file=sys.stderr)
        return EXIT_REJECTED
    h = store.import_history()
    if h.empty:
        print(t("cli.no_imports"))
    else:
        notes = people.import_notes(h)
        print(people.history_table(h, notes).to_string(index=False))
        if args.notes:  # how each import's files were read, in the session's language
            for row in h.itertuples():
                for line in ingest.reading_lines(row.reading):
                    print(t("cli.import_read", id=row.import_id, line=line))
                for line in notes.get(int(row.import_id), []):
                    print(t("cli.import_note", id=row.import_id, line=line))
    return EXIT_OK


def _restore(args: argparse.Namespace, store: Store) -> int:
    try:
        displaced = store.restore_import(args.import_id)
    except KeyError:
        print(t("cli.no_import", id=args.import_id), file=sys.stderr)
        return EXIT_REJECTED
    store.record(cli_exports.operator(args), "restore", t("audit.restore", id=args.import_id))
    print(t("cli.restored", id=args.import_id, set_aside=t(
        "cli.set_aside", ids=import_refs(displaced)) if displaced else ""))
    return EXIT_OK


def _backups(args: argparse.Namespace) -> int:
    path = settings.db_path(args.db)
    if _present(path):  # its restore points, read through the dashboard if it holds the file
        try:
            store = open_store(path, read_only=True)
        except MessageError as exc:
            print(exc, file=sys.stderr)
            return EXIT_BUSY if isinstance(exc, StoreBusy) else EXIT_REJECTED
        try:
            points = store.restore_points()
        finally:
            store.close()
        print(t("restore_point.listing", db=path, keep=settings.BACKUPS_KEPT)
              if len(points) else t("restore_point.none", db=path))
        if len(points):
            print(restore_points_table(points).to_string(index=False))
    listed = backups(path)
    if not listed:
        print(t("backup.none", db=path))
        return EXIT_OK
    print(t("backup.listing", db=path, folder=backup_files.backup_dir(path),
            keep=settings.BACKUPS_KEPT))
    print(backup_files.backups_table(listed).to_string(index=False))
    return EXIT_OK


def _restore_point(args: argparse.Namespace, store: Store) -> int:
    try:
        previous = store.restore_to(args.point_id)
    except KeyError:
        print(t("restore_point.unknown", id=args.point_id, db=settings.db_location(args.db)),
              file=sys.stderr)
        return EXIT_REJECTED
    store.record(cli_exports.operator(args), "restore",
                 t("audit.restore_point", id=args.point_id))
    print(t("restore_point.restored", id=args.point_id, previous=previous))
    return EXIT_OK


def _restore_backup(args: argparse.Namespace) -> int:
    path = settings.db_path(args.db)
    try:
        out = restore_backup(path, args.backup_id)
    except KeyError:
        print(t("backup.unknown", id=args.backup_id, db=path), file=sys.stderr)
        return EXIT_REJECTED
    except StoreBusy as exc:
        print(exc, file=sys.stderr)
        return EXIT_BUSY
    except MessageError as exc:  # the backup refused, or the store's folder cannot be written
        print(exc, file=sys.stderr)
        return EXIT_REJECTED
    print(t("backup.restored", id=out.restored.file.backup_id,
            taken=formats.moment(out.restored.file.created_at, seconds=True),
            imports=out.restored.imports, interactions=formats.number(out.restored.interactions),
            db=path, previous=out.previous.backup_id))
    return EXIT_OK


def _refused(exc: MessageError) -> int:
    """Print why a store could not be opened or written; return the exit code saying so."""
    print(exc, file=sys.stderr)
    if isinstance(exc, EngineNotAvailable):
        return EXIT_USAGE
    return EXIT_BUSY if isinstance(exc, StoreBusy) else EXIT_REJECTED


def _copy_store(args: argparse.Namespace) -> int:
    """Copy the whole store at --from into the empty store at --to, printing what it moved."""
    from kam_analytics.store import store_copy

    source, target = args.source, args.target
    if source == target:
        print(t("copy.same_store", store=settings.location_shown(source)), file=sys.stderr)
        return EXIT_USAGE
    if settings.is_file_location(source) and not _present(Path(source)):
        print(t("cli.no_store", db=source), file=sys.stderr)
        return EXIT_REJECTED
    opened = []
    try:
        # The source only read (a DuckDB file read-only: it is never migrated or backed up).
        for location, options in ((source, {"read_only": True}), (target, {})):
            opened.append(open_store(location, **options))
            if isinstance(opened[-1], HandedStore):  # a whole-store copy is not handed over
                print(t("copy.held", pid=opened[-1].holder_pid), file=sys.stderr)
                return EXIT_BUSY
        copied = store_copy.copy_store(*opened)
    except MessageError as exc:  # refused, cannot be opened, of a newer version, busy
        return _refused(exc)
    finally:
        for store in opened:
            store.close()
    print(t("copy.done", source=settings.location_shown(source),
            target=settings.location_shown(target)))
    for table, n in copied.items():
        print(t("copy.table", table=table, n=n))
    return EXIT_OK


def _sample(args: argparse.Namespace) -> int:
    from kam_analytics import sample

    paths = sample.write_sample(Path(args.out))
    for p in paths:
        print(p)
    return EXIT_OK


LANG_ENV_VAR = "KAM_LANG"


def cli_language(environ: dict[str, str]) -> str:
    """Return the language the command line speaks when --lang is not given: $KAM_LANG when it
    names a string table, else Russian when the locale ($LC_ALL, else $LANG) is Russian, else
    English."""
    chosen = environ.get(LANG_ENV_VAR, "").strip().lower()
    if chosen in TABLES:
        return chosen
    locale = environ.get("LC_ALL") or environ.get("LANG") or ""
    return "ru" if locale.lower().startswith("ru") else DEFAULT_LANGUAGE


def _language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=sorted(TABLES), default=cli_language(os.environ),
                        help="the language of the messages, tables, names and numbers "
                             f"(default ${LANG_ENV_VAR}, else ru where $LANG starts with ru, "
                             f"else {DEFAULT_LANGUAGE})")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``python -m kam_analytics``."""
    p = argparse.ArgumentParser(prog="python -m kam_analytics",
                                description="KAM Analytics: key-account cost versus value.")
    sub = p.add_subparsers(dest="command", required=True)
    db_help = f"the store (default ${settings.DB_ENV_VAR} or {settings.DEFAULT_DB_PATH})"

    imp = sub.add_parser("import", help="import one quarter's files as one import")
    imp.add_argument("paths", nargs="+", metavar="PATH")
    imp.add_argument("--db", help=db_help)
    how = imp.add_mutually_exclusive_group()
    how.add_argument("--append", action="store_true",
                     help="add alongside data already stored for the same quarter(s)")
    how.add_argument("--replace", action="store_true",
                     help="replace data already stored for the same quarter(s)")
    imp.add_argument("--map", action="append", metavar="'HEADER=column'",
                     help="read a header as a canonical column (saved for later imports)")
    imp.add_argument("--map-method", action="append", metavar="'LABEL=METHOD'",
                     help="read a method label as one of the 26 methods, or 'exclude'")
    imp.add_argument("--map-client", action="append", metavar="'VARIANT=NAME'",
                     help="read every spelling of a client name (case, spacing, look-alike "
                          "letters) as NAME (saved for later imports)")
    imp.add_argument("--quarter", metavar="QUARTER",
                     help="e.g. 2026Q3: the quarter of valuations without one, when the "
                          "files hold no interactions")
    imp.add_argument("--currency", metavar="CODE", type=_currency_code,
                     help="the amounts' currency when no header names it (e.g. RUB)")
    imp.add_argument("--rate", type=_positive_rate, metavar="RATE",
                     help="convert the amounts to the store's currency: 1 unit = RATE of it")

    mp = sub.add_parser("mappings", help="list saved mappings, or remove one")
    mp.add_argument("--db", help=db_help)
    mp.add_argument("--remove", nargs=2, metavar=("KIND", "SOURCE"),
                    help="remove a saved mapping: KIND is header, method or client, SOURCE "
                         "as listed")

    mx = sub.add_parser("matrix", help="print the cost-versus-value matrix")
    mx.add_argument("--db", help=db_help)
    mx.add_argument("--quarter", help="e.g. 2026Q3 (default: every quarter)")
    mx.add_argument("--hourly-rate", type=float, help="override the stored hourly rate")
    mx.add_argument("--by", choices=["method", "strategy"], default="method")
    mx.add_argument("--as", dest="as_user", metavar="EMAIL", help=cli_exports.AS_HELP)
    mx.add_argument("--format", choices=["csv", "table"], default="csv")
    mx.add_argument("--header", choices=["ids", "people"], default="ids",
                    help="ids: stable English column ids, for programs (default); people: "
                         "headers, quarters, strategies and quadrants in words of --lang")
    mx.add_argument("--compare-to", metavar="QUARTER",
                    help="add each cell's figures in this quarter and the change since "
                         "(total_cost_change, value_change, previous_quadrant, status)")
    mx.add_argument("--thresholds", choices=list(PINS), default="current",
                    help="with --compare-to: set both quarters' quadrants by the current "
                         "quarter's thresholds (default: a move is a change in the cell), or "
                         "each by its own")

    hl = sub.add_parser("health", help="print relationship health: every client and measure "
                        "with its value, status and the rule it measures")
    hl.add_argument("--db", help=db_help)
    hl.add_argument("--quarter", help="e.g. 2026Q3 (default: the latest)")
    hl.add_argument("--format", choices=["csv", "table"], default="csv")
    hl.add_argument("--as", dest="as_user", metavar="EMAIL", help=cli_exports.AS_HELP)
    hist = sub.add_parser("history", help="list imports")
    hist.add_argument("--db", help=db_help)
    hist.add_argument("--as", dest="as_user", metavar="EMAIL", help=cli_exports.AS_HELP)
    hist.add_argument("--notes", action="store_true",
                      help="also list each import's notes on how its files were read")
    rest = sub.add_parser("restore", help="make a replaced import active again")
    rest.add_argument("import_id", type=int)
    rest.add_argument("--db", help=db_help)
    bks = sub.add_parser("backups", help="list the restore points and the copies of the store")
    bks.add_argument("--db", help=db_help)
    rpt = sub.add_parser("restore-point",
                         help="put back the imports in force at a restore point (works while "
                              "the dashboard runs)")
    rpt.add_argument("point_id", type=int, metavar="ID")
    rpt.add_argument("--db", help=db_help)
    rbk = sub.add_parser("restore-backup",
                         help="put a backup in place of the store (the dashboard must be stopped)")
    rbk.add_argument("backup_id", type=int, metavar="ID")
    rbk.add_argument("--db", help=db_help)

    for name, kind, suffix in (("deck", "the 16:9 board deck", ".pptx"),
                               ("report", "the Excel board report", ".xlsx")):
        bp = sub.add_parser(name, help=f"write {kind} of a quarter ({suffix})")
        bp.add_argument("--db", help=db_help)
        bp.add_argument("--quarter", help="e.g. 2026Q3 (default: the latest)")
        who = bp.add_mutually_exclusive_group()
        who.add_argument("--clients", nargs="+", metavar="NAME",
                         help="only these clients (default: every client)")
        who.add_argument("--top", type=int, metavar="N",
                         help="only the N clients with the largest total cost")
        bp.add_argument("--client-slides", type=int, default=3, metavar="K",
                        help="slides for the K largest clients of the pack (default 3)")
        bp.add_argument("--sections", nargs="+", metavar="SECTION",
                        choices=["heatmap", "quadrant", "top_cells", "changes", "health",
                                 "whatif", "strategy_mix", "economics", "clients",
                                 "appendix"],
                        help="sections to include (default: all but whatif)")
        quadrants = ["efficient", "strategic", "low_priority", "overinvested", "unrated"]
        bp.add_argument("--move-from", nargs="+", metavar="QUADRANT", choices=quadrants,
                        default=["overinvested"],
                        help="whatif: take money from these quadrants' cells "
                             "(default: overinvested)")
        bp.add_argument("--move-to", nargs="+", metavar="QUADRANT", choices=quadrants,
                        default=["efficient"],
                        help="whatif: give it to these quadrants' cells (default: efficient)")
        bp.add_argument("--move-share", type=float, default=15.0, metavar="PCT",
                        help="whatif: percent of the giving cells' total cost moved "
                             "(default 15)")
        bp.add_argument("--elasticity", type=float, metavar="E",
                        help="whatif: how value answers spend, 0-1 (default: fitted on the "
                             "stored quarters where enough cells allow it, else 0.3)")
        bp.add_argument("--as", dest="as_user", metavar="EMAIL", help=cli_exports.AS_HELP)
        bp.add_argument("--anonymise", action="store_true",
                        help="replace client and manager names by aliases; the key is "
                             "written beside the output as NAME.aliases.csv")
        bp.add_argument("--out", required=True, metavar=f"FILE{suffix}")
        if name == "deck":
            bp.add_argument("--pdf", action="store_true",
                            help="also write FILE.pdf (needs LibreOffice)")

    sv = sub.add_parser("survey", help="write the valuation survey to send to clients")
    sv.add_argument("--db", help=db_help)
    sv.add_argument("--quarter", help="e.g. 2026Q3 (default: the latest)")
    sv.add_argument("--as", dest="as_user", metavar="EMAIL", help=cli_exports.AS_HELP)
    sv.add_argument("--client", metavar="NAME", help="only this client (default: every client)")
    sv.add_argument("--out", required=True, metavar="DIR|FILE",
                    help="a folder (a workbook per client), FILE.zip (the same, zipped) or "
                         "FILE.xlsx (one client's, or a sheet per client: for the team)")

    cps = sub.add_parser("copy-store", help="copy a whole store into a new, empty one (for "
                         "example a DuckDB file into PostgreSQL, or back)")
    cps.add_argument("--from", dest="source", required=True, metavar="STORE",
                     help="the store to copy: a DuckDB file or a postgresql:// address")
    cps.add_argument("--to", dest="target", required=True, metavar="STORE",
                     help="the empty store to fill (a new DuckDB file is made)")

    smp = sub.add_parser("sample", help="regenerate the sample data files")
    smp.add_argument("--out", default=str(settings.SAMPLE_DIR))
    for command in sub.choices.values():  # every command speaks the language asked for
        _language_option(command)
    return p


def _present(path: Path) -> bool:
    """Return whether a file is there; one this user may not look at counts (opening it
    then says why it cannot be read)."""
    try:
        return path.exists()
    except OSError:
        return True


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code, in the language it asks for (--lang)."""
    args = build_parser().parse_args(argv)
    token = set_language(getattr(args, "lang", DEFAULT_LANGUAGE))
    try:
        return _run(args)
    finally:
        reset_language(token)


def _run(args: argparse.Namespace) -> int:
    if args.command == "sample":
        return _sample(args)
    if args.command == "copy-store":  # two stores, opened by the command itself
        return _copy_store(args)
    if args.command in ("backups", "restore-backup", "restore-point"):
        location = settings.db_location(args.db)
        if not settings.is_file_location(location):  # a server keeps its own backups
            print(t("backup.server_store", db=settings.location_shown(location)),
                  file=sys.stderr)
            return EXIT_USAGE
    if args.command in ("backups", "restore-backup"):  # they open the store themselves, if at all
        return {"backups": _backups, "restore-backup": _restore_backup}[args.command](args)
    # (exports open the store for writing: the audit log records them)
    read_only = args.command in ("matrix", "health", "history")
    location = settings.db_location(args.db)
    reads = read_only or args.command in ("deck", "report", "survey")  # never make a store
    if reads and settings.is_file_location(location) and not _present(Path(location)):
        print(t("cli.no_store_yet", db=location), file=sys.stderr)
        return EXIT_REJECTED
    try:
        store = open_store(location, read_only=read_only)
    except MessageError as exc:  # written by a newer version, or cannot be migrated, busy
        return _refused(exc)
    if isinstance(store, HandedStore):  # the dashboard holds the file: said on stderr
        print(t("busy.handed_over", pid=store.holder_pid, path=location), file=sys.stderr)
    try:
        handler = {"import": _import, "matrix": _matrix, "health": cli_exports.health_command,
                   "history": _history,
                   "mappings": mappings_command,
                   "restore": _restore, "restore-point": _restore_point,
                   "deck": cli_exports.board_export,
                   "report": cli_exports.board_export,
                   "survey": cli_exports.survey_command}[args.command]
        return handler(args, store)
    except StoreBusy as exc:
        print(exc, file=sys.stderr)
        return EXIT_BUSY
    except MessageError as exc:  # a write the disk or the folder refused, nothing changed
        print(exc, file=sys.stderr)
        return EXIT_REJECTED
    finally:
        store.close()
