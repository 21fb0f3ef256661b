"""The search index and its scoring: every searchable text of every programme, matched in
its normalised form (aomori_cli.text) and scored in bands by field.

This package is the only one that imports rapidfuzz, and only when exact matching has not
already filled the results.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from aomori_cli.contract import SEARCH_FIELDS
from aomori_cli.models import Division, Programme, Report
from aomori_cli.text import (
    english_words,
    fold_romaji,
    is_latin,
    normalize,
    normalize_with_map,
    source_span,
)

# --- the index -------------------------------------------------------------------------------

FIELDS = SEARCH_FIELDS
NAME_FIELDS = ("name", "reading", "romaji", "name_en")

# Score bands of an exact (normalised) match in each field: a match in the name always ranks
# above one in the reading, which ranks above the English name, the KPIs, and so on. Within a
# band, the share of the field the query covers (and a match at its start) raises the score,
# so "事業" ranks short names first instead of giving every programme 100. Fuzzy matches
# score 10-40, under every exact match; only the exact full name scores 100.
_BANDS = {
    "name": (85.0, 100.0),
    "reading": (72.0, 85.0),
    "romaji": (72.0, 85.0),
    "name_en": (64.0, 72.0),
    "kpi": (58.0, 64.0),
    "overview": (52.0, 58.0),
    "results": (47.0, 52.0),
    # Curated English words rank under the report's own text: where "ESG" is printed in a
    # KPI, the KPI is the better answer to show.
    "keywords": (44.0, 47.0),
    "division": (42.0, 44.0),
    "group": (40.0, 42.0),
}
FUZZY_SCORES = (10.0, 40.0)
FUZZY_CUTOFF = 75.0
# Three characters with one wrong share two: 67. Used only for three-character queries.
SHORT_FUZZY_CUTOFF = 66.0
# Latin letters are many to a word: two swapped in "protal" already drop a ratio to 83.
ASCII_FUZZY_CUTOFF = 80.0
# While exact hits exist, only near-exact fuzzy hits are worth showing beneath them.
FUZZY_CUTOFF_BESIDE_EXACT = 90.0
_FUZZY_FIELDS = ("name", "reading", "romaji", "name_en", "keywords", "kpi", "division", "group")


@dataclass(frozen=True, slots=True)
class _Entry:
    """One searchable text of one programme: original and normalised forms."""

    field: str
    kind: str  # "text" (substring of the normalised form), "romaji" or "english" (words)
    text: str
    norm: str
    romaji: str
    words: tuple[str, ...]


def make_entry(field: str, kind: str, text: str) -> _Entry:
    return _Entry(
        field=field,
        kind=kind,
        text=text,
        norm=normalize(text) if kind == "text" else "",
        romaji=fold_romaji(text) if kind == "romaji" else "",
        words=tuple(english_words(text)) if kind == "english" else (),
    )


@dataclass(frozen=True, slots=True)
class Hit:
    """A programme found: its score, the field and text matched, and where."""

    programme: Programme
    score: float
    field: str
    text: str
    exact: bool
    span: tuple[int, int] | None = None

    def snippet(self, before: int = 12, width: int = 40) -> tuple[str, int, int]:
        """A short excerpt of the matched text and the match's offsets within it."""
        text = self.text.replace("\n", " ")
        if self.span is None:
            cut = text[:width]
            return (cut + ("…" if len(text) > width else ""), 0, 0)
        start, end = self.span
        lo = max(0, start - before)
        hi = min(len(text), max(end, lo + width))
        prefix = "…" if lo > 0 else ""
        suffix = "…" if hi < len(text) else ""
        return (
            prefix + text[lo:hi] + suffix,
            len(prefix) + start - lo,
            len(prefix) + min(end, hi) - lo,
        )


class Index:
    """The searchable texts of every programme, normalised as searches first need them."""

    def __init__(self, report: Report, *, latin: bool = True) -> None:
        """``latin=False`` leaves out the romaji and English texts, which only a query in
        Latin letters can match (see ``is_latin``): a kanji or kana search skips folding them."""
        self.report = report
        self.raw: list[tuple[Programme, list[tuple[str, str, str]]]] = []
        # Normalised texts, made when a search first needs them and shared between programmes
        # (divisions and groups repeat): a name lookup never normalises the overviews.
        self._normalised: dict[tuple[str, str, str], _Entry] = {}
        divisions = {d.name: d for d in report.divisions}
        for p in report.programmes:
            division = divisions.get(p.division) or Division(p.division)
            raw: list[tuple[str, str, str]] = [
                ("name", "text", p.name),
                ("reading", "text", p.reading),
                ("romaji", "romaji", p.romaji),
                ("name_en", "english", p.name_en),
                *(("keywords", "english", k) for k in p.keywords_en),
                *(("kpi", "text", k.name) for k in p.kpis),
                ("overview", "text", p.overview),
                ("results", "text", p.results),
                ("division", "text", p.division),
                ("division", "text", division.reading),
                ("division", "romaji", division.romaji),
                ("division", "english", division.name_en),
                ("group", "text", p.group),
            ]
            if not latin:
                raw = [key for key in raw if key[1] == "text"]
            self.raw.append((p, [key for key in raw if key[2]]))

    def search(
        self,
        query: str,
        *,
        fields: Sequence[str] | None = None,
        limit: int = 10,
        fuzzy: bool = True,
    ) -> list[Hit]:
        """Ranked hits, best first; ``limit`` 0 means all. Empty when nothing matches.

        ``fuzzy=False`` keeps to exact (normalised) matches."""
        wanted = set(fields or FIELDS)
        q = Query(query)
        if not q.norm and not q.words:
            return []
        hits = self._exact(q, wanted)
        if not hits:
            terms = [t for t in query.split() if normalize(t)]
            if len(terms) > 1:
                hits = self._all_terms([Query(t) for t in terms], wanted)
        hits.sort(key=lambda h: (-h.score, h.programme.no))
        if fuzzy and not (limit and len(hits) >= limit):
            # Fuzzy hits always rank below exact ones: when exact hits fill the page, they
            # cannot change it, and rapidfuzz is not even imported.
            hits += self._fuzzy(q, wanted, {h.programme.no for h in hits}, bool(hits))
            hits.sort(key=lambda h: (-h.score, h.programme.no))
        shown = hits[:limit] if limit else hits
        # Where the match lies is worked out only for the hits shown.
        return [_with_span(h, q) if h.span is None and h.exact else h for h in shown]

    def entries(self, wanted: set[str]) -> Iterator[tuple[Programme, list[_Entry]]]:
        """Every programme with its normalised texts in the wanted fields."""
        memo = self._normalised
        for programme, keys in self.raw:
            entries = []
            for key in keys:
                if key[0] not in wanted:
                    continue
                entry = memo.get(key)
                if entry is None:
                    entry = memo[key] = make_entry(*key)
                entries.append(entry)
            yield programme, entries

    # -- stages --

    def _exact(self, q: Query, wanted: set[str]) -> list[Hit]:
        hits = []
        for programme, entries in self.entries(wanted):
            best: Hit | None = None
            for entry in entries:
                if entry.field not in wanted:
                    continue
                scored = q.exact(entry)
                if scored is not None and (best is None or scored > best.score):
                    best = Hit(programme, scored, entry.field, entry.text, True)
            if best is not None:
                hits.append(best)
        return hits

    def _all_terms(self, terms: list[Query], wanted: set[str]) -> list[Hit]:
        hits = []
        for programme, entries in self.entries(wanted):
            per_term: list[Hit] = []
            for term in terms:
                best: Hit | None = None
                for entry in entries:
                    if entry.field not in wanted:
                        continue
                    scored = term.exact(entry)
                    if scored is not None and (best is None or scored > best.score):
                        best = Hit(programme, scored, entry.field, entry.text, True)
                if best is None:
                    break
                per_term.append(_with_span(best, term))
            else:
                lowest = min(per_term, key=lambda h: h.score)
                top = max(per_term, key=lambda h: h.score)
                hits.append(Hit(programme, lowest.score - 2, top.field, top.text, True, top.span))
        return hits

    def _fuzzy(self, q: Query, wanted: set[str], skip: set[int], strict: bool) -> list[Hit]:
        if len(q.norm) < 3 and len(q.romaji) < 4:
            return []
        from rapidfuzz import fuzz

        hits = []
        for programme, entries in self.entries(wanted):
            if programme.no in skip:
                continue
            best: tuple[float, _Entry, str] | None = None
            for entry in entries:
                if entry.field not in wanted or entry.field not in _FUZZY_FIELDS:
                    continue
                for needle, hay, cutoff in q.fuzzy_pairs(entry):
                    if strict:
                        cutoff = max(cutoff, FUZZY_CUTOFF_BESIDE_EXACT)
                    # partial_ratio aligns the shorter string inside the longer: a query that
                    # merely contains a short field (a division) must not score 100 for it.
                    scorer = fuzz.partial_ratio if len(needle) <= len(hay) else fuzz.ratio
                    ratio = scorer(needle, hay, score_cutoff=cutoff)
                    if ratio and (best is None or ratio > best[0]):
                        best = (ratio, entry, needle)
            if best is not None:
                ratio, entry, needle = best
                low, high = FUZZY_SCORES
                score = low + (high - low) * (ratio - SHORT_FUZZY_CUTOFF) / (
                    100 - SHORT_FUZZY_CUTOFF
                )
                span = None
                if needle == q.norm:
                    norm, origin = normalize_with_map(entry.text)
                    alignment = fuzz.partial_ratio_alignment(needle, norm)
                    if alignment is not None and alignment.dest_end > alignment.dest_start:
                        span = source_span(
                            entry.text, origin, alignment.dest_start, alignment.dest_end
                        )
                hits.append(Hit(programme, score, entry.field, entry.text, False, span))
        return hits


def index_for(report: Report, query: str) -> Index:
    """An index with just the texts this query (or any of its words) can match."""
    return Index(report, latin=any(is_latin(term) for term in query.split()))


class Query:
    def __init__(self, text: str) -> None:
        self.text = text
        self.norm = normalize(text)
        ascii_query = is_latin(text)
        self.romaji = fold_romaji(text) if ascii_query else ""
        self.words = english_words(text) if ascii_query else []

    def exact(self, entry: _Entry) -> float | None:
        """Score of an exact (normalised) match of this query in an entry, or None."""
        if entry.kind == "text":
            if not self.norm or self.norm not in entry.norm:
                return None
            if entry.field == "name" and self.norm == entry.norm:
                return 100.0
            closeness = len(self.norm) / len(entry.norm)
            return _in_band(entry.field, closeness, entry.norm.startswith(self.norm))
        if entry.kind == "romaji":
            if len(self.romaji) < 3 or self.romaji not in entry.romaji:
                return None
            closeness = len(self.romaji) / len(entry.romaji)
            return _in_band(entry.field, closeness, entry.romaji.startswith(self.romaji))
        quality = _word_quality(self.words, entry.words) if self.words else 0.0
        if not quality:
            return None
        coverage = min(1.0, len(self.words) / len(entry.words))
        return _in_band(entry.field, 0.7 * quality + 0.3 * coverage, False)

    def fuzzy_pairs(self, entry: _Entry) -> Iterable[tuple[str, str, float]]:
        """(needle, haystack, cutoff) pairs to compare for a fuzzy match with an entry."""
        if entry.kind == "romaji":
            if len(self.romaji) >= 4:
                yield self.romaji, entry.romaji, ASCII_FUZZY_CUTOFF
        elif entry.kind == "english":
            if self.words and len(" ".join(self.words)) >= 4:
                yield " ".join(self.words), " ".join(entry.words), ASCII_FUZZY_CUTOFF
        elif len(self.norm) >= 3:
            if self.norm.isascii():
                cutoff = ASCII_FUZZY_CUTOFF
            else:
                cutoff = SHORT_FUZZY_CUTOFF if len(self.norm) == 3 else FUZZY_CUTOFF
            yield self.norm, entry.norm, cutoff


def _in_band(field: str, closeness: float, at_start: bool) -> float:
    low, high = _BANDS[field]
    # The top of each band is kept for the band above; a match at the start earns a little.
    return low + (high - low - 1.5) * min(1.0, closeness) + (1.0 if at_start else 0.0)


def _word_quality(query: list[str], words: tuple[str, ...]) -> float:
    """1 when every query word is a word of the text, less for plurals and prefixes, 0 when one
    is absent. A prefix needs four letters: "rail" finds railway, "bus" does not find business."""
    total = 0.0
    for q in query:
        if q in words:
            total += 1
        elif q + "s" in words or q + "es" in words:
            total += 0.9
        elif len(q) >= 4 and any(w.startswith(q) for w in words):
            total += 0.6
        else:
            return 0.0
    return total / len(query)


def _with_span(hit: Hit, q: Query) -> Hit:
    if not q.norm:
        return hit
    norm, origin = normalize_with_map(hit.text)
    at = norm.find(q.norm)
    if at < 0:
        return hit
    return Hit(
        hit.programme,
        hit.score,
        hit.field,
        hit.text,
        hit.exact,
        source_span(hit.text, origin, at, at + len(q.norm)),
    )
