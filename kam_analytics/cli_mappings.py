"""The command line's mappings: the import's --map, --map-method and --map-client options
parsed, and the ``mappings`` command listing or removing what was saved."""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from kam_analytics import ingest, taxonomy
from kam_analytics.cli_exports import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, operator
from kam_analytics.i18n import TABLES, formats, t
from kam_analytics.ingest import schema
from kam_analytics.store import Store


def parse_header_maps(pairs: list[str]) -> dict[str, str]:
    """Return {normalised header: canonical column} from 'HEADER=column' arguments."""
    out = {}
    allowed = set(schema.COLUMN_BY_NAME) | {"ignore", "hours_minutes"}
    for pair in pairs:
        header, sep, column = pair.rpartition("=")
        column = column.strip().lower()
        if not sep or not header.strip() or column not in allowed:
            raise ValueError(t("cli.bad_map", pair=repr(pair), allowed=sorted(allowed)))
        out[schema.normalise_header(header)] = ingest.IGNORE if column == "ignore" else column
    return out


def parse_method_maps(pairs: list[str]) -> dict[str, str]:
    """Return {normalised label: method id} from 'LABEL=METHOD' arguments (METHOD: id or label,
    or 'exclude')."""
    out = {}
    for pair in pairs:
        label, sep, target = pair.rpartition("=")
        if not sep or not label.strip():
            raise ValueError(t("cli.bad_map_method", pair=repr(pair)))
        if target.strip().lower() == "exclude":
            method_id = ingest.EXCLUDE
        else:
            method_id = taxonomy.match_method(target).method_id
            if method_id is None:
                raise ValueError(t("cli.map_method_unknown", pair=repr(pair), target=target))
        out[taxonomy.normalise_label(label)] = method_id
    return out


def parse_client_maps(pairs: list[str]) -> dict[str, str]:
    """Return {the form a client's spellings share: the name chosen} from 'VARIANT=NAME'
    arguments: every spelling of VARIANT (case, spacing, punctuation, look-alike letters)
    is read as NAME."""
    out = {}
    for pair in pairs:
        variant, sep, name = pair.rpartition("=")
        if not sep or not ingest.client_key(variant) or not name.strip():
            raise ValueError(t("cli.bad_map_client", pair=repr(pair)))
        out[ingest.client_key(variant)] = " ".join(name.split())
    return out


MAPPING_KINDS = ("header", "method", "client")


def mapping_kind(word: str) -> str | None:
    """Return the kind of saved mapping a word names (header, method, client), as the listing
    writes it in either language (столбец, метод, клиент); None when it names none."""
    named = {t(f"cli.kind_{kind}", lang).casefold(): kind
             for kind in MAPPING_KINDS for lang in TABLES}
    return named.get(word.strip().casefold())


def mappings_command(args: argparse.Namespace, store: Store) -> int:
    """List the saved mappings, or remove one (``--remove KIND SOURCE``)."""
    if args.remove:
        word, source = args.remove
        kind = mapping_kind(word)
        if kind is None:
            print(t("cli.mapping_kind_unknown", kind=repr(word)), file=sys.stderr)
            return EXIT_USAGE
        shown = {"kind": t(f"cli.kind_{kind}"), "source": repr(source)}
        if not store.remove_mapping(kind, source):
            print(t("cli.no_such_mapping", **shown), file=sys.stderr)
            return EXIT_REJECTED
        store.record(operator(args), "mapping", t("audit.mapping_removed", kind=kind,
                                                    source=source))
        print(t("cli.mapping_removed", **shown))
        return EXIT_OK
    saved = store.saved_mappings()
    if saved.empty:
        print(t("cli.no_mappings"))
        return EXIT_OK
    for row in saved.itertuples():
        target = (taxonomy.method_label(row.target) if row.kind == "method"
                  and row.target in taxonomy.METHOD_BY_ID else row.target)
        print(t("cli.mapping_line", kind=t(f"cli.kind_{row.kind}"), source=row.source,
                target=target, origin=_mapping_origin(row)))
    return EXIT_OK


def _mapping_origin(row: object) -> str:
    when = formats.moment(row.created_at)
    if pd.isna(row.import_id):
        return t("cli.origin_settings", when=when)
    return t("settings.origin_import", id=int(row.import_id), when=when,
             files=json.loads(row.file_names))
