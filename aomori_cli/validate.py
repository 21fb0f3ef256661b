"""Validate a parsed dataset and build the Report.

Every schema problem is collected and reported at once (up to MAX_PROBLEMS), each naming the
file, the programme (number and name) and the field. Unknown keys are problems too (a typo
must not silently give ``new = false``), and numbers are bounded to what a report can hold.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping
from typing import Any, TypeVar

from aomori_cli.errors import DataError
from aomori_cli.i18n import N_, _
from aomori_cli.models import (
    CaseStudy,
    Correction,
    Division,
    Figure,
    Group,
    Kpi,
    KpiYear,
    Programme,
    Report,
    Section,
    SectionItem,
    parse_figure,
)
from aomori_cli.text import HIDDEN, normalize

# A report's budgets and KPI figures are far below this; a larger number is a typo or an attack
# (a 400-digit budget would overflow a float when shown in 億円).
MAX_NUMBER = 10**15
MAX_EXACT_IN_JSON = 2**53  # the largest total a double (jq, JavaScript) holds exactly
# Per programme, and characters in a KPI's name (the report's longest has 35): together what
# `show` lays out in about a second. A thousand KPIs of 10,000 characters each took `show`
# four minutes (from an attack review).
MAX_KPIS = 200
MAX_KPI_NAME = 200
MAX_FIGURE = 60  # characters in a printed KPI figure ("延べ 15回" has 6)
# Characters in any text (the longest of the report, an overview, has under 250): laying out a
# text of millions of characters took minutes and gigabytes.
MAX_TEXT = 10_000
MAX_PROBLEMS = 100  # reported; the rest are counted
_SHOWN = 60  # characters of a key or a name quoted in a message
_INVISIBLE = dict.fromkeys(HIDDEN)  # what a name made only of (a zero-width space) shows nothing
# Variation selectors: kept in a name (an IVS picks a kanji's form), but alone they show nothing.
_SELECTORS = dict.fromkeys([*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)])


def _shows(ch: str) -> bool:
    return not ch.isspace() and ord(ch) not in _INVISIBLE and ord(ch) not in _SELECTORS


T = TypeVar("T")
N = TypeVar("N", Division, Group)

SCHEMA_VERSION = 1  # of the dataset's layout, as data/programs.toml declares it

# The keys each table may have; anything else is reported with the nearest known key.
_TOP = ("schema_version", "report", "divisions", "groups", "programmes", "case_study")
_REPORT = (
    "prefecture", "prefecture_en", "title", "title_en", "title_note", "title_note_en",
    "fiscal_year",
    "fiscal_year_label", "pages", "source_file", "kpi_years", "section", "corrections",
)  # fmt: skip
_SECTION = ("policy", "number", "title", "title_en", "subtotal_thousand_yen", "summary", "items")
_SECTION_ITEM = ("heading", "paragraphs")
_KPI_YEAR = ("key", "label", "printed")
_CORRECTION = ("field", "printed", "corrected", "reason", "reason_ja")
_DIVISION = ("reading", "romaji", "name_en")
_PROGRAMME = (
    "no", "name", "name_en", "keywords_en", "reading", "romaji", "budget_thousand_yen", "new",
    "reposted", "division", "group", "page", "overview", "results", "kpis", "notes", "remarks",
    "remarks_ja",
    "corrections",
)  # fmt: skip
_KPI = ("name", "name_en", "fy2023", "fy2024")
_CASE_STUDY = (
    "heading", "subsidy", "company", "plant", "plant_location", "head_office", "headline",
    "company_overview", "background", "developed", "corrections",
)  # fmt: skip


def build_report(doc: dict[str, Any], name: str) -> Report:
    """Validate a parsed document and build the Report; every problem is reported at once."""
    checker = _Checker(name)
    report = checker.report(doc)
    if checker.problems:
        count = len(checker.problems) + checker.unlisted
        more = (_("… and {count} more").format(count=f"{checker.unlisted:,}"),)
        first = checker.problems[0]
        if count == 1:
            message = first  # it names the file itself
        else:
            head = f"{name}: "
            first = first[len(head) :] if first.startswith(head) else first
            text = _("{name}: {count} problems in the data file; the first: {problem}")
            message = text.format(name=name, count=f"{count:,}", problem=first)
        raise DataError(message, (*checker.problems, *(more if checker.unlisted else ())))
    return report


# --- validation ------------------------------------------------------------------------------

_TYPE_NAMES = {
    bool: N_("true or false"),
    int: N_("an integer"),
    str: N_("text"),
    float: N_("a number"),
    list: N_("an array"),
    dict: N_("a table"),
}


def _type_name(value: object) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return _("a float ({value})").format(value=value)
    for typ, label in _TYPE_NAMES.items():
        if isinstance(value, typ):
            return _(label)
    return type(value).__name__


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _nearest(key: str, known: Collection[str]) -> str | None:
    """The known key ``key`` was probably meant to be: the same but for case, width or "-"
    ("New", "ｎｅｗ"), a close spelling ("nеw" with a Cyrillic е, "divisons"), or the start
    of one ("budget")."""
    import difflib
    import unicodedata

    folded = unicodedata.normalize("NFKC", key[:100]).casefold().replace("-", "_").strip()
    for candidate in known:
        if candidate == folded:
            return candidate
    close = difflib.get_close_matches(folded, list(known), n=1, cutoff=0.6)
    if close:
        return close[0]
    starts = [c for c in known if len(folded) >= 3 and c.startswith(folded)]
    return starts[0] if len(starts) == 1 else None


def _lookalikes(key: str) -> str:
    """The characters of ``key`` that are not ASCII, named: the known keys are ASCII, and a
    Cyrillic е looks just like an e."""
    import unicodedata

    odd = list(dict.fromkeys(ch for ch in key if not ch.isascii()))[:3]
    named = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}" for ch in odd)
    return _(" it has {characters}").format(characters=named) if named else ""


class _Checker:
    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[str] = []
        self.unlisted = 0  # problems past MAX_PROBLEMS, counted only

    def full(self) -> bool:
        if len(self.problems) < MAX_PROBLEMS:
            return False
        self.unlisted += 1
        return True

    def problem(self, where: str, field: str, message: str) -> None:
        if self.full():
            return
        prefix = f"{self.name}: {_short(where)}: " if where else f"{self.name}: "
        self.problems.append(f"{prefix}{_short(field)}: {message}")

    def known(self, table: dict[str, Any], keys: Collection[str], where: str, at: str = "") -> None:
        """A problem for each key of ``table`` not in ``keys``, naming the nearest one."""
        for key in table:
            if key in keys or self.full():
                continue
            near = _nearest(key, keys)
            hint = ""
            if near:
                hint = _(" (did you mean {key!r}?{lookalikes})").format(
                    key=near, lookalikes=_lookalikes(key)
                )
            shown = repr(_short(key))
            self.problem(where, f"{at}{shown}", _("unknown key{hint}").format(hint=hint))

    def get(
        self,
        table: dict[str, Any],
        key: str,
        typ: type[T],
        where: str,
        default: T | None = None,
        *,
        required: bool = True,
        field: str | None = None,
    ) -> T | None:
        label = field or key
        if key not in table:
            if required:
                self.problem(where, label, _("missing (expected {type})").format(type=_type(typ)))
            return default
        value = table[key]
        # bool is an int in Python; an integer field must not take true/false.
        ok = isinstance(value, typ) and not (typ is int and isinstance(value, bool))
        if not ok:
            self.problem(where, label, _expected(typ, value))
            return default
        if isinstance(value, int) and not -MAX_NUMBER < value < MAX_NUMBER:
            self.problem(where, label, _(OUT_OF_RANGE))
            return default
        if isinstance(value, str) and not self.short_enough(value, where, label):
            return default
        return value  # type: ignore[no-any-return]

    def short_enough(self, text: str, where: str, field: str) -> bool:
        if len(text) <= MAX_TEXT:
            return True
        message = _("{count} characters; a text may have at most {most}")
        self.problem(where, field, message.format(count=f"{len(text):,}", most=f"{MAX_TEXT:,}"))
        return False

    def count(self, table: dict[str, Any], key: str, where: str, minimum: int) -> int | None:
        value = self.get(table, key, int, where)
        if value is not None and value < minimum:
            if minimum == 1:
                what = _("must be a positive integer, got {value}")
            else:
                what = _("must not be negative, got {value}")
            self.problem(where, key, what.format(value=value))
            return None
        return value

    def text(self, table: dict[str, Any], key: str, where: str, *, required: bool = False) -> str:
        return self.get(table, key, str, where, "", required=required) or ""

    def a_name(self, table: dict[str, Any], key: str, where: str, *, required: bool = False) -> str:
        """A name (a programme's, its division's or group's): text that shows something, with
        no space around it ("課 " was a second 課 in totals that no option could select)."""
        name = self.text(table, key, where, required=required)
        if key not in table or not isinstance(table[key], str):
            return name
        if not any(_shows(ch) for ch in name):  # stops at the first that shows: the first
            if name or required:
                self.problem(where, key, _("must not be empty"))
        elif name != name.strip():
            self.problem(where, key, _("starts or ends with a space"))
        elif key != "name" and not normalize(name):  # ※: listed, but no option finds it
            self.problem(where, key, _("holds only marks, which no option can select"))
        return name

    def alike(self, programmes: list[Programme]) -> None:
        """Divisions (or groups) whose names differ only in what matching folds (width, case,
        kana, marks): shown apart but selected as one, a filter would take one and not the
        other (地域企業支援課 and 地域企業支援課 with a full-width letter)."""
        for key in ("division", "group"):
            names: dict[str, str] = {}
            # Each name once, with the first programme that has it: folded once, said once.
            first_of: dict[str, Programme] = {}
            for p in programmes:
                first_of.setdefault(getattr(p, key), p)
            for name, p in first_of.items():
                first = names.setdefault(normalize(name), name)
                if name and first != name:
                    message = _("{name!r} and {other!r} differ only in what matching ignores")
                    self.problem(_where(p.no, p.name), key, message.format(name=name, other=first))

    def items(self, table: dict[str, Any], key: str, typ: type[T], where: str) -> list[T]:
        """The elements of an optional array that are of ``typ``; a problem for each other."""
        values = self.get(table, key, list, where, [], required=False) or []
        out: list[T] = []
        for i, value in enumerate(values):
            if isinstance(value, str) and not self.short_enough(value, where, f"{key}[{i}]"):
                continue
            if isinstance(value, typ):
                out.append(value)
            else:
                self.problem(where, f"{key}[{i}]", _expected(typ, value))
        return out

    def texts(self, table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        return tuple(self.items(table, key, str, where))

    def each(
        self,
        table: dict[str, Any],
        key: str,
        where: str,
        build: Callable[[dict[str, Any], str, str], T],
    ) -> tuple[T, ...]:
        return tuple(
            build(item, where, f"{key}[{i}].")
            for i, item in enumerate(self.items(table, key, dict, where))
        )

    # -- parts of the document --

    def report(self, doc: dict[str, Any]) -> Report:
        self.known(doc, _TOP, "")
        # A dataset written for a later version may mean its keys otherwise: refused, not
        # read as this version reads them (from a review: 99 was taken in silence).
        version = self.get(doc, "schema_version", int, "", SCHEMA_VERSION, required=False)
        if version is not None and version != SCHEMA_VERSION:
            message = _("this aomori reads schema_version {known}; the file has {version}")
            self.problem(
                "", "schema_version", message.format(known=SCHEMA_VERSION, version=version)
            )
        meta = self.get(doc, "report", dict, "", {}, required=False) or {}
        where = "report"
        self.known(meta, _REPORT, where)
        pages_raw = self.get(meta, "pages", list, where, None, required=False)
        pages: tuple[int, int] | None = None
        if pages_raw is not None:
            if (
                len(pages_raw) == 2
                and all(isinstance(p, int) and not isinstance(p, bool) for p in pages_raw)
                and 0 < pages_raw[0] <= pages_raw[1] < MAX_NUMBER
            ):
                pages = (pages_raw[0], pages_raw[1])
            else:
                self.problem(where, "pages", _("expected [first, last] page numbers"))
        section = self.section(self.get(meta, "section", dict, where, {}, required=False) or {})
        divisions = self.named(
            self.get(doc, "divisions", dict, "", {}, required=False) or {}, "divisions", Division
        )
        groups = self.named(
            self.get(doc, "groups", dict, "", {}, required=False) or {}, "groups", Group
        )
        case_raw = self.get(doc, "case_study", dict, "", None, required=False)
        programmes = self.programmes(
            doc, {d.name: d.name_en for d in divisions}, {g.name: g.name_en for g in groups}
        )
        return Report(
            programmes=programmes,
            prefecture=self.text(meta, "prefecture", where),
            prefecture_en=self.text(meta, "prefecture_en", where),
            title=self.text(meta, "title", where),
            title_en=self.text(meta, "title_en", where),
            title_note=self.text(meta, "title_note", where),
            title_note_en=self.text(meta, "title_note_en", where),
            fiscal_year=self.get(meta, "fiscal_year", int, where, None, required=False),
            fiscal_year_label=self.text(meta, "fiscal_year_label", where),
            pages=pages,
            source_file=self.text(meta, "source_file", where),
            kpi_years=self.each(meta, "kpi_years", where, self.kpi_year),
            section=section,
            divisions=divisions,
            groups=groups,
            corrections=self.each(meta, "corrections", where, self.correction),
            case_study=self.case_study(case_raw) if case_raw is not None else None,
            path=self.name,
        )

    def kpi_year(self, table: dict[str, Any], where: str, at: str) -> KpiYear:
        self.known(table, _KPI_YEAR, where, at)
        return KpiYear(
            key=self.text(table, "key", where, required=True),
            label=self.text(table, "label", where),
            printed=self.text(table, "printed", where),
        )

    def correction(self, table: dict[str, Any], where: str, at: str) -> Correction:
        self.known(table, _CORRECTION, where, at)
        return Correction(
            field=self.get(table, "field", str, where, "", field=f"{at}field") or "",
            printed=self.get(table, "printed", str, where, "", field=f"{at}printed") or "",
            corrected=self.get(table, "corrected", str, where, "", field=f"{at}corrected") or "",
            reason=self.get(table, "reason", str, where, "", field=f"{at}reason") or "",
            reason_ja=self.get(
                table, "reason_ja", str, where, "", field=f"{at}reason_ja", required=False
            )
            or "",
        )

    def section(self, table: dict[str, Any]) -> Section:
        where = "report.section"
        self.known(table, _SECTION, where)
        subtotal = self.get(table, "subtotal_thousand_yen", int, where, None, required=False)
        if subtotal is not None and subtotal < 0:
            self.problem(where, "subtotal_thousand_yen", _("must not be negative"))
        return Section(
            policy=self.text(table, "policy", where),
            number=self.text(table, "number", where),
            title=self.text(table, "title", where),
            title_en=self.text(table, "title_en", where),
            subtotal_thousand_yen=subtotal,
            summary=self.texts(table, "summary", where),
            items=self.each(table, "items", where, self.section_item),
        )

    def section_item(self, table: dict[str, Any], where: str, at: str) -> SectionItem:
        self.known(table, _SECTION_ITEM, where, at)
        return SectionItem(
            heading=self.get(table, "heading", str, where, "", field=f"{at}heading") or "",
            paragraphs=self.texts(table, "paragraphs", f"{where}.{at.rstrip('.')}"),
        )

    def named(self, table: dict[str, Any], kind: str, make: type[N]) -> tuple[N, ...]:
        """Divisions or groups, by name: their readings, romaji and English names."""
        out = []
        english: dict[str, str] = {}  # folded English name -> the name that has it
        for name, value in table.items():
            where = f"{kind}.{name}"
            if not isinstance(value, dict):
                self.problem(kind, name, _expected(dict, value))
                continue
            self.known(value, _DIVISION, where)
            named = make(
                name=name,
                reading=self.text(value, "reading", where),
                romaji=self.text(value, "romaji", where),
                name_en=self.text(value, "name_en", where),
            )
            # An English name stands for its division or group in English tables and hints:
            # two alike could not be told apart.
            folded = " ".join(named.name_en.casefold().split())
            if folded and folded in english:
                message = _("the same English name as {name}").format(name=english[folded])
                self.problem(where, "name_en", message)
            english.setdefault(folded, name)
            out.append(named)
        return tuple(out)

    def case_study(self, table: dict[str, Any]) -> CaseStudy:
        where = "case_study"
        self.known(table, _CASE_STUDY, where)
        return CaseStudy(
            heading=self.text(table, "heading", where),
            subsidy=self.text(table, "subsidy", where),
            company=self.text(table, "company", where),
            plant=self.text(table, "plant", where),
            plant_location=self.text(table, "plant_location", where),
            head_office=self.text(table, "head_office", where),
            headline=self.text(table, "headline", where),
            company_overview=self.texts(table, "company_overview", where),
            background=self.texts(table, "background", where),
            developed=self.texts(table, "developed", where),
            corrections=self.each(table, "corrections", where, self.correction),
        )

    def programmes(
        self,
        doc: dict[str, Any],
        divisions_en: Mapping[str, str] | None = None,
        groups_en: Mapping[str, str] | None = None,
    ) -> tuple[Programme, ...]:
        """The programmes, each with its division's and group's English names."""
        if "programmes" not in doc:
            self.problem("", "programmes", _("missing: the file has no [[programmes]] entries"))
            return ()
        out: list[Programme] = []
        seen: dict[int, int] = {}
        for i, table in enumerate(self.items(doc, "programmes", dict, "")):
            programme = self.programme(table, i, divisions_en or {}, groups_en or {})
            if programme.no in seen:
                self.problem(
                    _where(programme.no, programme.name),
                    "no",
                    _("duplicate number {no} (programmes[{index}] has it too)").format(
                        no=programme.no, index=seen[programme.no]
                    ),
                )
            else:
                seen[programme.no] = i
            out.append(programme)
        self.alike(out)
        total = sum(p.budget_thousand_yen for p in out)
        if total > MAX_EXACT_IN_JSON:
            # jq and JavaScript read JSON numbers as doubles: a larger total would come out
            # changed in their hands (22999999999999977 as ...976).
            message = _("the budgets add up to {total}, beyond what JSON readers hold exactly")
            self.problem("", "programmes", message.format(total=f"{total:,}"))
        return tuple(out)

    def programme(
        self,
        table: dict[str, Any],
        index: int,
        divisions_en: Mapping[str, str],
        groups_en: Mapping[str, str],
    ) -> Programme:
        raw_no, raw_name = table.get("no"), table.get("name")
        if isinstance(raw_no, int) and not isinstance(raw_no, bool) and isinstance(raw_name, str):
            where = _where(raw_no, raw_name)
        elif isinstance(raw_no, int) and not isinstance(raw_no, bool):
            where = _("programme {no}").format(no=raw_no)
        else:
            where = f"programmes[{index}]"
        self.known(table, _PROGRAMME, where)
        name = self.a_name(table, "name", where, required=True)
        kpi_tables = self.items(table, "kpis", dict, where)
        if len(kpi_tables) > MAX_KPIS:
            self.problem(
                where,
                "kpis",
                _("{count} KPIs; a programme may have at most {most}").format(
                    count=f"{len(kpi_tables):,}", most=f"{MAX_KPIS:,}"
                ),
            )
            kpi_tables = []
        division = self.a_name(table, "division", where, required=True)
        group = self.a_name(table, "group", where)
        return Programme(
            no=self.count(table, "no", where, 1) or 0,
            name=name,
            name_en=self.text(table, "name_en", where),
            reading=self.text(table, "reading", where),
            romaji=self.text(table, "romaji", where),
            budget_thousand_yen=self.count(table, "budget_thousand_yen", where, 0) or 0,
            new=bool(self.get(table, "new", bool, where, False, required=False)),
            reposted=bool(self.get(table, "reposted", bool, where, False, required=False)),
            division=division,
            group=group,
            page=self.count(table, "page", where, 1) or 0,
            overview=self.text(table, "overview", where),
            results=self.text(table, "results", where),
            kpis=tuple(self.kpi(k, where, f"kpis[{j}].") for j, k in enumerate(kpi_tables)),
            notes=self.texts(table, "notes", where),
            remarks=self.texts(table, "remarks", where),
            remarks_ja=self.texts(table, "remarks_ja", where),
            corrections=self.each(table, "corrections", where, self.correction),
            keywords_en=self.texts(table, "keywords_en", where),
            division_en=divisions_en.get(division, ""),
            group_en=groups_en.get(group, "") if group else "",
        )

    def kpi(self, table: dict[str, Any], where: str, at: str) -> Kpi:
        self.known(table, _KPI, where, at)
        name_en = self.get(table, "name_en", str, where, "", required=False, field=f"{at}name_en")
        name = self.get(table, "name", str, where, "", field=f"{at}name") or ""
        for field, text in ((f"{at}name", name), (f"{at}name_en", name_en or "")):
            if len(text) > MAX_KPI_NAME:
                message = _("{count} characters; a KPI's name may have at most {most}")
                self.problem(
                    where, field, message.format(count=f"{len(text):,}", most=MAX_KPI_NAME)
                )
        return Kpi(
            name=name,
            fy2023=self.figure(table, "fy2023", where, f"{at}fy2023"),
            fy2024=self.figure(table, "fy2024", where, f"{at}fy2024"),
            name_en=name_en or "",
        )

    def figure(self, table: dict[str, Any], key: str, where: str, field: str) -> Figure | None:
        expected = _('expected text like "240社", "延べ 15回" or "-"')
        if key not in table:
            self.problem(where, field, _("missing ({expected})").format(expected=expected))
            return None
        raw = table[key]
        if not isinstance(raw, str):
            got = _("{expected}, got {value}")
            self.problem(where, field, got.format(expected=expected, value=_type_name(raw)))
            return None
        if len(raw) > MAX_FIGURE:
            huge = re.search(r"\d{16}", raw)  # a 400-digit figure is out of range, not long
            long = _("{expected}; {count} characters is too long")
            message = (
                _(OUT_OF_RANGE) if huge else long.format(expected=expected, count=f"{len(raw):,}")
            )
            self.problem(where, field, message)
            return None
        try:
            figure = parse_figure(raw)
        except ValueError:
            got = _("{expected}, got {value}")
            self.problem(where, field, got.format(expected=expected, value=repr(_short(raw))))
            return None
        if figure is not None and figure.value >= MAX_NUMBER:
            self.problem(where, field, _(OUT_OF_RANGE))
            return None
        return figure


OUT_OF_RANGE = N_("out of range: a report's numbers are below 10^15 (a thousand trillion)")


def _type(typ: type) -> str:
    return _(_TYPE_NAMES[typ])


def _expected(typ: type, value: object) -> str:
    return _("expected {type}, got {value}").format(type=_type(typ), value=_type_name(value))


def _where(no: int, name: str) -> str:
    return _("programme {no} ({name})").format(no=no, name=_short(name))
