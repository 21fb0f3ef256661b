"""The output contract, defined once: every result the tool prints, as named fields.

From each shape come its JSON object (``to_json``), its flat row for CSV, TSV and Markdown
(``cells``), the columns ``--fields`` chooses from, the field descriptions of ``aomori fields``
and the JSON Schema of ``aomori schema`` (every object closed, every key required).
"""

from __future__ import annotations

from typing import Any

from aomori_cli.contract.base import SEARCH_FIELDS, Field, Shape, array_of, plain, ref
from aomori_cli.contract.report import (
    ABOUT,
    CASE_STUDY,
    CORRECTION,
    FIGURE,
    KPI,
    KPI_YEAR,
    PROGRAMME,
    PROGRAMME_CORRECTION,
    SECTION,
    SECTION_ITEM,
    Listed,
)
from aomori_cli.contract.results import (
    COMPARISON,
    FIELD_ROW,
    HIT,
    KPI_CHANGE,
    RANKED_CHANGE,
    TOTAL_ROW,
    TOTALS,
)

__all__ = [
    "ABOUT", "CASE_STUDY", "COMPARISON", "CORRECTION", "FIELD_ROW", "FIGURE", "HIT", "KPI",
    "KPI_CHANGE", "PROGRAMME", "RANKED_CHANGE", "SEARCH_FIELDS", "SECTION_ITEM", "TOTALS",
    "TOTAL_ROW", "Field", "Listed", "Shape", "plain", "schema_document",
]  # fmt: skip

SHAPES: tuple[Shape[Any], ...] = (
    FIGURE, KPI, CORRECTION, PROGRAMME, KPI_CHANGE, RANKED_CHANGE, COMPARISON, TOTAL_ROW, TOTALS,
    HIT, SECTION_ITEM, SECTION, PROGRAMME_CORRECTION, CASE_STUDY, KPI_YEAR, ABOUT, FIELD_ROW,
)  # fmt: skip

# What each command's --json prints: (schema, description).
COMMANDS: dict[str, tuple[dict[str, Any], str]] = {
    "list": (array_of("programme"), "list --json: the programmes chosen, in the order asked"),
    "show": (ref("programme"), "show --json: one programme"),
    "compare": (
        array_of("comparison"),
        "compare --json, programmes named and no --kpi, --up, --down, --sort or --limit: "
        "one element per programme",
    ),
    "compare_all": (
        array_of("ranked_change"),
        "compare --json otherwise (--all, filters alone, or programmes named with --kpi, --up, "
        "--down, --sort or --limit): one element per KPI, ranked",
    ),
    "totals": (ref("totals_result"), "totals --json"),
    "search": (array_of("hit"), "search --json: best first; [] when nothing matches"),
    "about": (ref("about_result"), "about --json"),
    "fields": (array_of("field"), "fields --json"),
}

# What each command's --json --fields prints: its rows' objects with only the keys chosen
# (show: one object).
CHOSEN: dict[str, tuple[Shape[Any], bool]] = {
    "list": (PROGRAMME, False),
    "show": (PROGRAMME, True),
    "compare": (RANKED_CHANGE, False),
    "totals": (TOTAL_ROW, False),
    "search": (HIT, False),
}


def schema_document() -> dict[str, Any]:
    """The JSON Schema of every command's --json output, from the shapes above."""
    defs: dict[str, Any] = {shape.name: shape.schema() for shape in SHAPES}
    assert not defs.keys() & COMMANDS.keys(), "a shape and a command share a name"
    assert not defs.keys() & {f"{c}_fields" for c in CHOSEN}, "a shape is named like a choice"
    for command, (schema, description) in COMMANDS.items():
        defs[command] = {**schema, "description": description}
    for command, (shape, one) in CHOSEN.items():
        row = shape.schema(chosen=True)
        text = f"{command} --json --fields: " + ("the object" if one else "the rows")
        text += " with only the keys chosen, in that order"
        chosen = row if one else {"type": "array", "items": row}
        defs[f"{command}_fields"] = {**chosen, "description": text}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.invalid/aomori/schema.json",
        "title": "aomori JSON output contract",
        "description": (
            "Every object is closed and every key required (null where a value may be "
            "missing): the schema is exact for the version of aomori that prints it. A later "
            "version never removes or renames a key but may add one, after the others (no "
            "CSV column moves), so a script should ignore keys it does not know. Money is "
            "integer thousand yen (千円). One definition per command in $defs: the document "
            "itself accepts the output of any command, #/$defs/<command> that of one, and "
            "#/$defs/<command>_fields what it prints with --fields."
        ),
        # A document that is no command's output fails: the root had accepted anything.
        "anyOf": [ref(command) for command in [*COMMANDS, *(f"{c}_fields" for c in CHOSEN)]],
        "$defs": defs,
    }
