"""The command line's team-aware reads and exports: who a command reads for (``--as``), what an
analyst sees under aliases, who the audit log names, and the board deck and report, the
valuation survey and relationship health."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from kam_analytics import access
from kam_analytics.analysis import MatrixQuery, health, matrix_for
from kam_analytics.exports import formula_safe, health_table
from kam_analytics.i18n import msg, t
from kam_analytics.store import Store

# The command line's exit codes (kam_analytics.cli uses them too).
EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_DECIDE, EXIT_BUSY = 0, 1, 2, 3, 4

AS_HELP = ("read as this user of the team would (data/access.toml or $KAM_ACCESS): a manager "
           "their accounts only, an analyst under aliases")


def viewer_of(args: argparse.Namespace) -> access.Viewer:
    """Return whom the command reads for: ``--as EMAIL`` as the access file makes them, else
    the operator of this machine, who sees everything (AccessFileError: not let in)."""
    email = getattr(args, "as_user", None)
    if not email:
        return access.LOCAL
    rules = access.read_rules(access.access_path())
    found = rules.viewer_for(email) if rules else None
    if found is None:
        raise access.AccessFileError(msg("signin.no_access", email=email,
                                         path=str(access.access_path())))
    return found


def operator(args: argparse.Namespace) -> str:
    """Return how the audit log names who ran the command: the ``--as`` user, else this
    machine's user at the command line."""
    return getattr(args, "as_user", None) or t("audit.command_line", user=getpass.getuser())


def shown(store: Store, viewer: access.Viewer, frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` under the portfolio's aliases for an anonymised viewer."""
    if not viewer.anonymised:
        return frame
    from kam_analytics.exports import anonymise

    names = anonymise.portfolio_aliases(matrix_for(store, MatrixQuery()),
                                        store.client_dimension())
    return anonymise.aliased(frame, names)


def survey_command(args: argparse.Namespace, store: Store) -> int:
    """Write the valuation survey of a quarter: one client's workbook, a workbook per client
    in a folder or a zip, or one workbook with a sheet per client."""
    from kam_analytics.exports import survey

    viewer = viewer_of(args)
    if viewer.anonymised:  # a survey names its client: not under aliases
        print(t("cli.as_not_allowed", email=args.as_user, role=viewer.role), file=sys.stderr)
        return EXIT_REJECTED
    known = store.quarters(viewer.scope)
    quarter = args.quarter or (known[-1] if known else None)
    if quarter not in known:
        print(t("cli.survey_no_quarter", quarter=args.quarter or "-",
                known=known or "-"), file=sys.stderr)
        return EXIT_REJECTED
    rows = survey.survey_rows(store.activity(viewer.scope, [quarter]),
                              store.valuations(viewer.scope, [quarter]), quarter)
    if args.client is not None:
        rows = rows[rows["client"] == args.client]
        if rows.empty:
            print(t("cli.survey_no_client", client=args.client, quarter=quarter),
                  file=sys.stderr)
            return EXIT_REJECTED
    out = Path(args.out)
    if out.is_dir():  # a file per client, named after it
        for name, (_, one) in zip(survey.survey_file_names(rows),
                                  rows.groupby("client", sort=True), strict=True):
            (out / name).write_bytes(survey.client_survey(one))
    elif not out.parent.is_dir():
        print(t("cli.no_folder", folder=out.parent), file=sys.stderr)
        return EXIT_USAGE
    elif out.suffix.lower() == ".zip":
        out.write_bytes(survey.surveys_zip(rows))
    elif out.suffix.lower() == ".xlsx":
        out.write_bytes(survey.client_survey(rows) if args.client is not None
                        else survey.every_client_survey(rows))
    else:
        print(t("cli.survey_bad_out", out=out), file=sys.stderr)
        return EXIT_USAGE
    store.record(operator(args), "export", t("audit.survey", quarter=quarter,
                                              n=rows["client"].nunique()))
    print(t("cli.survey_wrote", n=rows["client"].nunique(), quarter=quarter, out=out))
    return EXIT_OK


HEALTH_COLUMNS = ("client", "measure", "value", "status", "rule")  # health --format table's


def health_command(args: argparse.Namespace, store: Store) -> int:
    viewer = viewer_of(args)
    known = store.quarters(viewer.scope)
    if args.quarter and args.quarter not in known:
        print(t("pack.error_quarter", quarter=args.quarter, known=known or "—"),
              file=sys.stderr)
        return EXIT_REJECTED
    if not known:
        print(t("cli.no_data_yet"), file=sys.stderr)
        return EXIT_REJECTED
    quarter = args.quarter or known[-1]
    measures, _ = health.health_for(store, viewer.scope, as_of=pd.Timestamp(date.today()))
    out = health_table.health_table(shown(store, viewer,
                                           measures[measures["quarter"] == quarter]))
    if args.format == "table":
        table = out[["client", "measure_name", "shown", "status_name", "rule_text"]].set_axis(
            [t(f"cli.health_col_{c}") for c in HEALTH_COLUMNS], axis=1)
        print(t("cli.health_quarter", quarter=quarter, note=msg("health.times_note")),
              file=sys.stderr)
        widths = {c: max(len(c), *table[c].str.len()) for c in table} if len(table) else {}
        for row in [dict(zip(table.columns, table.columns, strict=True)),
                    *table.to_dict("records")]:
            print("  ".join(str(row[c]).ljust(widths.get(c, 0)) for c in table).rstrip())
    else:
        sys.stdout.buffer.write(formula_safe.csv_bytes(out).removeprefix(b"\xef\xbb\xbf"))
    return EXIT_OK


def board_export(args: argparse.Namespace, store: Store) -> int:
    """Write the board deck (``deck``) or the Excel report (``report``), and the alias key."""
    # slides and images: only for these commands
    from kam_analytics.exports import chart_images, deck, report, slides
    from kam_analytics.exports.pack import (
        DEFAULT_SECTIONS,
        DEFAULT_TOP,
        BudgetMove,
        PackError,
        PackOptions,
        store_pack,
    )

    out = Path(args.out)
    suffix = ".pptx" if args.command == "deck" else ".xlsx"
    if out.suffix.lower() != suffix:
        print(t("cli.bad_out", out=out, suffix=suffix), file=sys.stderr)
        return EXIT_USAGE
    if not out.parent.is_dir():
        print(t("cli.no_folder", folder=out.parent), file=sys.stderr)
        return EXIT_USAGE
    viewer = viewer_of(args)
    scope = "selection" if args.clients else "top" if args.top is not None else "all"
    options = PackOptions(
        quarter=args.quarter, scope=scope,
        top=args.top if args.top is not None else DEFAULT_TOP,
        clients=tuple(args.clients or ()), client_slides=args.client_slides,
        sections=tuple(args.sections) if args.sections else DEFAULT_SECTIONS,
        anonymise=args.anonymise or viewer.anonymised,
        move=BudgetMove(cut=tuple(q.replace("_", " ") for q in args.move_from),
                        grow=tuple(q.replace("_", " ") for q in args.move_to),
                        share=args.move_share / 100, elasticity=args.elasticity))
    try:
        pack = store_pack(store, options, scope=viewer.scope)
    except PackError as exc:
        print(exc, file=sys.stderr)
        return EXIT_REJECTED
    if args.command == "deck":
        try:
            data = deck.deck(pack)
        finally:
            chart_images.stop_renderer()
    else:
        data = report.report(pack)
    out.write_bytes(data)
    store.record(operator(args), "export", t(
        "audit.deck", what=t("audit.what_deck" if args.command == "deck" else
                             "audit.what_report"),
        about=t("audit.pack", quarter=pack.quarter, scope=pack.scope_label,
                sections=", ".join(pack.sections),
                anonymised=t("audit.anonymised") if pack.aliases else "")))
    what = (t("cli.deck_what", slides=slides.slide_count(pack)) if args.command == "deck"
            else t("cli.report_what"))
    print(t("cli.wrote", out=out, what=what, scope=pack.scope_label, quarter=pack.quarter,
            anonymised=t("cli.anonymised") if pack.aliases is not None else ""))
    if pack.aliases is not None:
        key = out.with_name(out.stem + ".aliases.csv")
        key.write_bytes(pack.aliases.key_csv())
        print(t("cli.wrote_key", out=key))
    if args.command == "deck" and args.pdf:
        try:
            pdf = report.pdf_of(data)
        except report.PdfUnavailable as exc:
            print(t("cli.no_pdf", reason=exc), file=sys.stderr)
            return EXIT_REJECTED
        out.with_suffix(".pdf").write_bytes(pdf)
        print(t("cli.wrote_pdf", out=out.with_suffix(".pdf")))
    return EXIT_OK
