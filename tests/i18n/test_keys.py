"""Every string key the code uses exists in the English table with the fields it names, and
every English string is used: read from the source, so a typo or a dead string fails here."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from kam_analytics import access, charts, cli_exports, cli_mappings
from kam_analytics.analysis import compare, economics, health
from kam_analytics.analysis.query import PINS
from kam_analytics.exports import chart_images, pack
from kam_analytics.i18n.en import EN
from kam_analytics.ingest import numbers, schema, tables, template
from kam_analytics.store import backup_files, duckdb_restore_points

ROOT = Path(__file__).resolve().parents[2]
# The strings themselves are not uses.
TABLE_FILES = {ROOT / "kam_analytics" / "i18n" / f"{lang}.py" for lang in ("en", "ru")}
SOURCES = sorted({*ROOT.glob("kam_analytics/**/*.py"), *ROOT.glob("pages/*.py"),
                  ROOT / "dashboard.py", *ROOT.glob("scripts/*.py")} - TABLE_FILES)
RENDERERS = {"t", "msg", "_error"}  # functions whose first argument is a string key
PLURAL_FORMS = ("one", "few", "many", "other")

# Keys built in f-strings, by their literal start, with the values they are built from (read
# from where those values are declared).
FAMILIES: dict[str, tuple[str, ...]] = {
    "quadrant.": charts.QUADRANTS,
    "render.download_": tuple(chart_images.FORMATS),
    "bp.scope.": pack.SCOPES,
    "bp.section.": pack.SECTIONS,
    "column.": (*(c.name for c in (*schema.INTERACTIONS.columns, *schema.CLIENT_COLUMNS,
                                  *schema.VALUATION_COLUMNS)), "hours_minutes", tables.IGNORE),
    "values.decimal_": tuple(v + s for v in numbers._SEPARATOR_NAMES.values()
                             for s in ("", "_locale")),
    "kind.": ("xlsx", "xlsb", "ods", "xls"),  # formats.file_kind's workbook kinds
    "status.": ("active", "partly replaced", "replaced"),  # Store.import_history's statuses
    "restore_point.before_": duckdb_restore_points.KINDS,
    "backup.size_": backup_files.SIZE_UNITS,  # a backup's size  # what came after a restore point
    "report.source_": ("ratings", "valuation"),  # the matrix's value_source
    "progress.": ("reading", "checking", "storing"),  # ingest.Progress's stages
    "upload.mode.": ("append", "replace"),  # pages/upload.py's choices
    "heatmap.by.": ("method", "strategy"),  # pages/heatmap.py's choices
    "template.sheet.": (*template.SHEET_KEYS, "methods", "read_me"),  # the template's sheets
    "settings.kind_": ("header", "method", "client"),  # Store.saved_mappings's kinds
    "cli.kind_": cli_mappings.MAPPING_KINDS,  # the same, as the mappings command writes them
    "cli.health_col_": cli_exports.HEALTH_COLUMNS,  # health --format table's headers
    "reading.kind.": tuple(schema.TABLES),  # the kinds of table an import reads
    "metric.": ("interactions", "cost", "hours", "time_cost", "total_cost", "value",
                "value_per_1000", "share_of_client_spend", "quadrant", "clients",
                *charts.CHANGE_METRICS, "previous_total_cost", "previous_value",
                "previous_quadrant"),
    "change.status.": compare.STATUSES,  # analysis.compare's cell statuses
    "changes.pin.": PINS,  # whose thresholds set a comparison's quadrants
    "trend.by.": ("strategy", "method", "client"),  # pages/changes.py's trend lines
    "whatif.action.": ("cut", "grow"),  # analysis.whatif's actions on the cells shown
    "signin.as_": access.ROLES,  # who a signed-in viewer is
    "audit.col_": ("recorded_at", "who", "action", "detail"),  # Store.audit_log's columns
    "economics.source.": economics.MARGIN_SOURCES,  # where a client's margin comes from
    "health.measure.": health.MEASURE_IDS,  # analysis.health's measures
    "health.value.": health.MEASURE_IDS,
    "health.nothing.": health.MEASURE_IDS,
    "health.rule.": health.RULES,  # the rules of Table 6.4 they measure
    "health.rule_short.": health.RULES,
    "health.status.": health.STATUSES,
    "health.count_help.": ("red", "amber", "green", "not_measured"),  # pages/health.py
    "health.band.": ("too_few", "in_band", "too_many"),  # contacts against the band
    "health.kind.": ("problem", "complaint", "late_delivery"),
    "health.short.": tuple({m.unit for m in health.MEASURES}),  # analysis.health.open_items
}


class _Calls(ast.NodeVisitor):
    def __init__(self, path: Path):
        self.path = path
        self.literal: list[tuple[str, str, set[str] | None, int]] = []  # key, how, fields, line
        self.families: list[tuple[str, int]] = []
        self.constants: set[str] = set()

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str):
            self.constants.add(node.value)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name in RENDERERS and node.args:
            key = node.args[0]
            fields = (None if any(k.arg is None for k in node.keywords)
                      else {k.arg for k in node.keywords} - {"lang"})
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                self.literal.append((key.value, name, fields, node.lineno))
            elif isinstance(key, ast.JoinedStr):
                head = key.values[0]
                prefix = head.value if isinstance(head, ast.Constant) else ""
                self.families.append((prefix, node.lineno))
        self.generic_visit(node)


def _scanned() -> list[_Calls]:
    out = []
    for path in SOURCES:
        calls = _Calls(path)
        calls.visit(ast.parse(path.read_text(encoding="utf-8")))
        out.append(calls)
    return out


SCANNED = _scanned()


def _forms(key: str) -> list[str]:
    return [k for k in (key, *(f"{key}.{f}" for f in PLURAL_FORMS)) if k in EN]


def _named_fields(template: str) -> set[str]:
    return {re.split(r"[.\[]", name)[0]
            for _, name, _, _ in string.Formatter().parse(template) if name}


def test_the_scan_finds_the_calls():
    # A scan that found nothing would pass every test below.
    assert sum(len(c.literal) for c in SCANNED) > 300
    assert any(c.path.name == "checks.py" and c.literal for c in SCANNED)


@pytest.mark.parametrize("calls", SCANNED, ids=lambda c: str(c.path.relative_to(ROOT)))
def test_every_literal_key_exists_with_the_fields_it_names(calls):
    problems = []
    for key, how, fields, line in calls.literal:
        keys = [key, f"{key}.fix"] if how == "_error" else [key]
        for k in keys:
            forms = _forms(k)
            if not forms:
                problems.append(f"line {line}: {k!r} is not in EN")
            if k != key or fields is None:
                continue
            for form in forms:
                missing = _named_fields(EN[form]) - fields
                if missing:
                    problems.append(f"line {line}: {form!r} names {sorted(missing)}, "
                                    f"not given")
    assert not problems, "\n".join(problems)


def test_every_key_family_is_declared_and_each_of_its_keys_exists():
    undeclared = [f"{c.path.relative_to(ROOT)}:{line} builds keys from {prefix!r}"
                  for c in SCANNED for prefix, line in c.families
                  if prefix not in FAMILIES and prefix != ""]
    assert not undeclared, "\n".join(undeclared)
    missing = [p + v for p, values in FAMILIES.items() for v in values if not _forms(p + v)]
    assert not missing


def test_every_english_string_is_used():
    used = {k for c in SCANNED for k in c.constants}
    used |= {p + v for p, values in FAMILIES.items() for v in values}
    used |= {f"{key}.fix" for c in SCANNED for key, how, _, _ in c.literal if how == "_error"}
    unused = []
    for key in EN:
        base = key.rsplit(".", 1)[0] if key.rsplit(".", 1)[-1] in PLURAL_FORMS else key
        if key not in used and base not in used:
            unused.append(key)
    assert not unused, f"strings no code uses: {unused}"


def test_the_checks_catch_a_missing_key_and_a_missing_field():
    calls = _Calls(Path("example.py"))
    calls.visit(ast.parse('msg("where.row")\nt("no.such.key")\n'))
    assert [k for k, _, _, _ in calls.literal] == ["where.row", "no.such.key"]
    assert not _forms("no.such.key")
    assert _named_fields(EN["where.row"]) - calls.literal[0][2] == {"row"}
