"""The report as immutable, typed values. Money is int thousand yen; sequences are tuples.

Frozen, slotted dataclasses: compared by type and field, never equal to a plain tuple, and
built only by the loader (aomori_cli.load), which validates every field first. No I/O here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NO_FIGURE = "-"
MAX_NUMBER_DIGITS = 18  # more digits than any programme number has
# The dashes a report prints for "no figure"; all mean the same as "-".
NO_FIGURE_FORMS = frozenset({NO_FIGURE, "－", "ー", "―", "‐", "—", "–"})

# "2,898件", "165,551千円", "延べ 15回", "3市町": an optional qualifier, a number, a unit.
# The qualifier ends with a non-space, so the spaces after it belong to \s* alone: the
# match is linear in the length of the text, whatever it holds.
# Digits are ASCII only ("１５回" is NFKC-folded first).
_FIGURE = re.compile(
    r"^(?:(?P<qualifier>[^0-9\s,.+-](?:[^0-9]*[^0-9\s])?)\s*)?"
    r"(?P<number>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)\s*(?P<unit>[^0-9]*)$"
)
_FULL_WIDTH_DIGITS = frozenset("０１２３４５６７８９")
_FULL_WIDTH_NUMBER = _FULL_WIDTH_DIGITS | {"，", "．"}
# What may stand before a number ("延べ", "約"): words only. A sign or dash in any form (▲, △,
# −, –, ー, ▼), or a word that means one, would be dropped from the value: a wrong figure.
_SIGN_WORDS = ("マイナス", "まいなす", "ﾏｲﾅｽ", "minus", "減", "負")


def _words_only(qualifier: str) -> bool:
    return (
        all(ch.isalpha() or ch.isspace() for ch in qualifier)
        and "ー" not in qualifier
        and not any(word in qualifier.casefold() for word in _SIGN_WORDS)
    )


class Value:
    """Equality, hashing and repr by field, written once for every model and result: dataclass would
    generate and compile each of them again for each class at import, a tenth of a run's
    own cost (measured with bench/startup.py). Models compare equal only to their own class."""

    __slots__ = ()

    def _values(self) -> tuple[object, ...]:
        names: tuple[str, ...] = self.__slots__
        return tuple(getattr(self, name) for name in names)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Value) or other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((self.__class__, self._values()))

    def __repr__(self) -> str:
        names: tuple[str, ...] = self.__slots__
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__name__}({fields})"


def share(amount: int, total: int) -> float:
    """Fraction of the total (0 when the total is 0)."""
    return amount / total if total else 0.0


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # eq, repr: Value
class Figure(Value):
    """A KPI figure as printed ("延べ 15回"), and what it means."""

    raw: str
    value: int
    unit: str
    qualifier: str | None


def parse_figure(raw: str) -> Figure | None:
    """Parse a printed figure; a dash gives None. Raises ValueError for anything else, and
    for anything that could be misread: a sign or dash before the number (▲5回, –5件,
    マイナス5件), digits other than ASCII and full-width (²⁵回, ٣٤件), or the two mixed."""
    text = raw.strip()
    if text in NO_FIGURE_FORMS:
        return None
    if not text.isascii():
        if any(ch.isdigit() and not ch.isascii() and ch not in _FULL_WIDTH_DIGITS for ch in text):
            raise ValueError(raw)
        if _FULL_WIDTH_NUMBER.intersection(text):  # "１５回", "５，０００件": read as typed
            import unicodedata

            text = unicodedata.normalize("NFKC", text)
    match = _FIGURE.match(text)
    if match is None:
        raise ValueError(raw)
    qualifier = match["qualifier"]
    if qualifier and not _words_only(qualifier):
        raise ValueError(raw)
    return Figure(
        raw=raw,
        value=int(match["number"].replace(",", "")),
        unit=match["unit"].strip(),
        qualifier=qualifier.strip() if qualifier else None,
    )


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # eq, repr: Value
class Kpi(Value):
    """A KPI (成果指標) with its two years' figures (None where the report prints "-"), and
    its English name (curated, not in the report; empty where a dataset gives none)."""

    name: str
    fy2023: Figure | None
    fy2024: Figure | None
    name_en: str = ""

    @property
    def unit(self) -> str:
        for figure in (self.fy2024, self.fy2023):
            if figure is not None:
                return figure.unit
        return ""


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # eq, repr: Value
class Correction(Value):
    """A repair of the seed's extraction damage: what the seed prints and what we hold."""

    field: str
    printed: str
    corrected: str
    reason: str
    reason_ja: str  # the same in Japanese, curated like the English


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # eq, repr: Value
class Programme(Value):
    """One programme (事業) as the report lists and describes it."""

    no: int
    name: str
    budget_thousand_yen: int
    new: bool
    reposted: bool
    division: str
    group: str
    page: int
    overview: str
    results: str
    kpis: tuple[Kpi, ...]
    name_en: str
    reading: str
    romaji: str
    notes: tuple[str, ...]
    remarks: tuple[str, ...]
    remarks_ja: tuple[str, ...]  # the remarks in Japanese, one for each
    corrections: tuple[Correction, ...]
    keywords_en: tuple[str, ...]
    # The division's and group's English names, from the dataset's [divisions] and [groups]
    # (empty where it gives none), so that an export carries what an English table shows.
    division_en: str = ""
    group_en: str = ""


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # eq, repr: Value
class Division(Value):
    """A responsible division (担当課), with its reading, romaji and English name."""

    name: str
    reading: str = ""
    romaji: str = ""
    name_en: str = ""


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # eq, repr: Value
class Group(Value):
    """A group (グループ) within a division, with its reading, romaji and English name."""

    name: str
    reading: str = ""
    romaji: str = ""
    name_en: str = ""


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # eq, repr: Value
class SectionItem(Value):
    """A ○ item of the section's 取組の概要: its heading and paragraphs."""

    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # eq, repr: Value
class Section(Value):
    """The section of the report: 基本方針②, its title, 小計 and 取組の概要."""

    policy: str = ""
    number: str = ""
    title: str = ""
    title_en: str = ""
    subtotal_thousand_yen: int | None = None
    summary: tuple[str, ...] = ()
    items: tuple[SectionItem, ...] = ()


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # eq, repr: Value
class CaseStudy(Value):
    """The case study (事例紹介) printed at the end of the section."""

    heading: str
    subsidy: str
    company: str
    plant: str
    plant_location: str
    head_office: str
    headline: str
    company_overview: tuple[str, ...]
    background: tuple[str, ...]
    developed: tuple[str, ...]
    corrections: tuple[Correction, ...]


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # eq, repr: Value
class KpiYear(Value):
    """A KPI year: its key in the data, its label and how the report prints it."""

    key: str
    label: str
    printed: str


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # eq, repr: Value
class Report(Value):
    """The dataset: the programmes and what the report says around them."""

    programmes: tuple[Programme, ...]
    prefecture: str
    prefecture_en: str
    title: str
    title_en: str
    title_note: str
    title_note_en: str
    fiscal_year: int | None
    fiscal_year_label: str
    pages: tuple[int, int] | None
    source_file: str
    kpi_years: tuple[KpiYear, ...]
    section: Section
    divisions: tuple[Division, ...]
    groups: tuple[Group, ...]
    corrections: tuple[Correction, ...]
    case_study: CaseStudy | None
    path: str

    @property
    def total_thousand_yen(self) -> int:
        return sum(p.budget_thousand_yen for p in self.programmes)

    def by_number(self, no: int | str) -> Programme:
        """The programme of this number (an int, or the digits as typed, of any length)."""
        typed = str(no)
        sign = typed[0] if typed[:1] in ("+", "-") else ""
        digits = typed[len(sign) :].lstrip("0") or "0"
        if len(digits) <= MAX_NUMBER_DIGITS:  # longer: no programme, and int() of
            value = int(sign + digits)  # thousands of digits would fail
            for p in self.programmes:
                if p.no == value:
                    return p
        from aomori_cli.errors import NotFound
        from aomori_cli.i18n import _

        if len(typed) > MAX_NUMBER_DIGITS:
            typed = typed[:MAX_NUMBER_DIGITS] + "…"

        numbers = [p.no for p in self.programmes]
        span = (
            _("{first}–{last}").format(first=min(numbers), last=max(numbers))
            if numbers
            else _("none")
        )
        message = _("no programme number {no} (numbers run {span})")
        raise NotFound(message.format(no=typed, span=span))

    def division(self, name: str) -> Division:
        for d in self.divisions:
            if d.name == name:
                return d
        return Division(name)

    def group(self, name: str) -> Group:
        for g in self.groups:
            if g.name == name:
                return g
        return Group(name)

    def division_names(self) -> tuple[str, ...]:
        """Every division, in the order of first appearance among the programmes."""
        return tuple(dict.fromkeys(p.division for p in self.programmes))

    def group_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.group for p in self.programmes if p.group))
