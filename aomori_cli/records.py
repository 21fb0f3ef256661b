"""Programmes as records: the JSON list contract, and flat rows for --fields, CSV, TSV and
Markdown (one row per programme, KPIs flattened into one cell)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aomori_cli import output
from aomori_cli.models import Programme, Report, share


def programme_record(p: Programme, total: int) -> dict[str, object]:
    record = p.to_dict()
    record["share"] = share(p.budget_thousand_yen, total)
    record["kpi_count"] = len(p.kpis)
    return record


def programme_list(report: Report, programmes: Sequence[Programme]) -> list[object]:
    """The JSON contract of a list of programmes; a long list reuses cached encodings."""
    if len(programmes) > output.LONG_LIST:
        from aomori_cli.cache import derived

        encodings = derived(report, "json", _encode_all)
        if encodings is not None:
            position = {id(p): i for i, p in enumerate(report.programmes)}
            return [output.Encoded(encodings[position[id(p)]]) for p in programmes]
    return [p.to_dict() for p in programmes]


def _encode_all(report: Report) -> tuple[str, ...]:
    """Each programme as compact JSON, already escaped as output.to_json escapes."""
    import json

    return tuple(
        output.escape_unsafe(json.dumps(p.to_dict(), ensure_ascii=False)) for p in report.programmes
    )


def flat_programme(record: Mapping[str, object], p: Programme) -> dict[str, object]:
    flat = dict(record)
    flat["kpis"] = "; ".join(
        f"{k.name}: {k.fy2023.raw if k.fy2023 else '-'} → {k.fy2024.raw if k.fy2024 else '-'}"
        for k in p.kpis
    )
    flat["notes"] = " ".join(p.notes)
    flat["remarks"] = " ".join(p.remarks)
    flat["corrections"] = "; ".join(
        f"{c.field}: {c.printed} → {c.corrected}" for c in p.corrections
    )
    return flat


PROGRAMME_FIELDS: dict[str, str] = {
    "no": "number in the report's list table (1–23)",
    "name": "事業名, as printed",
    "name_en": "short English name (curated, not in the report)",
    "budget_thousand_yen": "R6事業費 in thousand yen (千円), an integer",
    "share": "fraction of the section's total budget",
    "new": "true when marked ○ in R6新規",
    "reposted": "true for (再掲) programmes, printed again from another section",
    "division": "担当課, the responsible division",
    "group": "グループ within the division",
    "page": "掲載頁, the report page",
    "overview": "事業概要",
    "results": "事業実績",
    "kpis": "KPIs: name with FY2023 and FY2024 figures (raw, value, unit, qualifier)",
    "kpi_count": "number of KPIs",
    "notes": "notes the report attaches (e.g. the ® trademark note)",
    "reading": "hiragana reading of the name (curated, for search)",
    "romaji": "romaji of the name (curated, for search)",
    "keywords_en": "English search words (curated from the programme's own text)",
    "remarks": "curators' remarks on the source",
    "corrections": "repairs of the source's extraction damage",
}
LIST_COLUMNS = [
    "no",
    "name",
    "name_en",
    "budget_thousand_yen",
    "share",
    "new",
    "reposted",
    "division",
    "group",
    "page",
    "kpi_count",
    "overview",
    "results",
    "kpis",
]
