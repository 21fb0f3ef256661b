"""The search index: every searchable text of every programme, in every form it is matched in
(the text; the shipped reading and romaji of it; curated romaji and English), and the ranking
of programmes for a query (aomori_cli.search.match scores one text).

A programme is found by the whole query in one text, or by every word of a query of several
words, each in any of its texts and any script; by the query's synonyms a little below; and,
when exact matching leaves room, by typos. This package is the only one that imports
rapidfuzz, and only then.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from aomori_cli.contract import SEARCH_FIELDS
from aomori_cli.models import Division, Group, Programme, Report, Value
from aomori_cli.search.lexicon import alternatives
from aomori_cli.search.match import (
    EXACT_FLOOR,
    FUZZY_SCORES,
    PIECES_SCORES,
    Entry,
    Match,
    Query,
    all_kana,
    make_entry,
    script_runs,
    words,
)
from aomori_cli.text import (
    LATIN_RUN,
    fold_romaji,
    is_latin,
    normalize,
    normalize_with_map,
    source_span,
)

FIELDS = SEARCH_FIELDS
NAME_FIELDS = ("name", "reading", "romaji", "name_en")

# Longer than any name or text to look for: pieces of a query are matched in time that grows
# with its square (30,000 characters took 8 s).
MAX_QUERY = 1000
FUZZY_CUTOFF = 75.0
# Three characters with one wrong share two: 67. Used only for three-character queries.
SHORT_FUZZY_CUTOFF = 66.0
# Latin letters are many to a word: two swapped in "protal" already drop a ratio to 83.
ASCII_FUZZY_CUTOFF = 80.0
MIN_FUZZY_KANA = 6
# Romaji is compared with the whole folded name, where a wrong word still shares most letters
# with its neighbours ("shokei" with "chushokigyo"): only a close match counts.
ROMAJI_FUZZY_CUTOFF = 85.0
# While other hits exist, only near-exact fuzzy hits are worth showing beneath them.
FUZZY_CUTOFF_BESIDE_EXACT = 90.0
_FUZZY_FIELDS = ("name", "reading", "romaji", "name_en", "keywords", "kpi", "division", "group")
# A synonym's match ranks below what was typed found as typed (40-100), above it found in
# pieces (mostly 30-36 in a name, lower elsewhere).
SYNONYM_SCORES = (34.0, 39.5)
# Words of a query found apart rank below all of them found together.
APART_PENALTY = 2.0
# A snippet cut from a long text starts after one of these where one is near.
SNIPPET_BREAKS = frozenset(" 、。，．・：:;（）「」『』【】()")


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # eq, repr: Value
class Hit(Value):
    """A programme found: its score, the field and text matched, and where."""

    programme: Programme
    score: float
    field: str
    text: str
    exact: bool
    span: tuple[int, int] | None = None
    match: Match | None = dataclasses.field(default=None, compare=False, repr=False)

    def snippet(self, before: int = 12, width: int = 40) -> tuple[str, int, int]:
        """A short excerpt of the matched text and the match's offsets within it: the whole
        text when it is not much longer than ``width``; else ``width`` characters from a little
        before the match, starting after a space or Japanese punctuation where one is near."""
        text = self.text.replace("\n", " ")
        if len(text) <= width + width // 2:
            start, end = self.span if self.span is not None else (0, 0)
            return (text, start, end)
        if self.span is None:
            cut = text[:width]
            return (cut + ("…" if len(text) > width else ""), 0, 0)
        start, end = self.span
        lo = max(0, min(start - before, len(text) - width))
        if lo > 0:
            # Start at a word: after the nearest break a few characters either side.
            breaks = [
                i + 1
                for i in range(max(0, lo - 8), min(start, lo + 8))
                if text[i] in SNIPPET_BREAKS
            ]
            if breaks:
                lo = min(breaks, key=lambda b: abs(b - lo))
        hi = min(len(text), max(end, lo + width))
        # Never cut a number or a Latin word in two ("…物流の2…" of 2024, "…CT" of ICT).
        for run in re.finditer(LATIN_RUN, text):
            if run.start() < lo < run.end():
                lo = run.start()
            if run.start() < hi < run.end():
                hi = run.end()
        prefix = "…" if lo > 0 else ""
        suffix = "…" if hi < len(text) else ""
        return (
            prefix + text[lo:hi] + suffix,
            len(prefix) + start - lo,
            len(prefix) + min(end, hi) - lo,
        )


def _hit(programme: Programme, match: Match, score: float | None = None) -> Hit:
    entry = match.entry
    return Hit(
        programme,
        match.score if score is None else score,
        entry.field,
        entry.text,
        match.exact,
        match=match,
    )


def rank(hit: Hit) -> tuple[int, int]:
    """Best first by whole points of score (as shown); equal scores keep report order, so a
    difference no reader can see ("bus" in a six- or a seven-word name) does not reorder."""
    return (-round(hit.score), hit.programme.no)


class Index:
    """The searchable texts of every programme, in the forms searches first need them."""

    def __init__(self, report: Report, *, latin: bool = True, kana: bool = True) -> None:
        """``latin=False`` leaves out the romaji and English forms, which only a query in Latin
        letters can match (see ``is_latin``); ``kana=False`` the shipped readings, which only a
        query all in kana can match."""
        self.report = report
        self.raw: list[tuple[Programme, list[tuple[str, str, str]]]] = []
        # Entries, made when a search first needs them and shared between programmes
        # (divisions and groups repeat): a name lookup never normalises the overviews.
        self._entries: dict[tuple[str, str, str], Entry | None] = {}
        divisions = {d.name: d for d in report.divisions}
        groups = {g.name: g for g in report.groups}
        for p in report.programmes:
            division = divisions.get(p.division) or Division(p.division)
            group = groups.get(p.group) or Group(p.group)
            prose = [("kpi", k.name) for k in p.kpis] + [
                ("overview", p.overview),
                ("results", p.results),
            ]
            raw: list[tuple[str, str, str]] = [
                ("name", "text", p.name),
                ("reading", "text", p.reading),
                ("romaji", "romaji", p.romaji),
                ("name_en", "english", p.name_en),
                *(("keywords", "english", k) for k in p.keywords_en),
                *(("kpi", "english", k.name_en) for k in p.kpis),
                *((f, "text", t) for f, t in prose),
                *((f, "kana", t) for f, t in prose),
                *((f, "roma", t) for f, t in prose),
                ("division", "text", p.division),
                ("division", "text", division.reading),
                ("division", "romaji", division.romaji),
                ("division", "english", division.name_en),
                ("group", "text", p.group),
                ("group", "text", group.reading),
                ("group", "romaji", group.romaji),
                ("group", "english", group.name_en),
            ]
            left_out = ({"romaji", "roma", "english"} if not latin else set()) | (
                {"kana"} if not kana else set()
            )
            self.raw.append((p, [k for k in raw if k[2] and k[1] not in left_out]))

    def search(
        self,
        query: str,
        *,
        fields: Sequence[str] | None = None,
        limit: int = 10,
        fuzzy: bool = True,
    ) -> list[Hit]:
        """Ranked hits, best first; ``limit`` 0 means all. Empty when nothing matches.

        ``fuzzy=False`` keeps to exact matches (whole, or in pieces), and to the query as
        typed: not without its generic words."""
        wanted = set(fields or FIELDS)
        whole = Query(query)
        if not whole.norm and not whole.words:
            return []
        terms = [Query(t) for t in query.split() if normalize(t)]
        terms = terms if len(terms) > 1 else []
        runs = [] if terms else [Query(r) for r in script_runs(query)]
        # Matches in pieces and by synonyms all score under EXACT_FLOOR: when matches as typed
        # fill the page, they cannot change it, and the synonyms are not even read.
        hits = self._matched(whole, terms, [], wanted, fuzzy, expand=False)
        if not (limit and sum(h.score >= EXACT_FLOOR for h in hits) >= limit):
            hits = self._matched(whole, terms, runs, wanted, fuzzy, expand=True)
        hits.sort(key=rank)
        exact = [h for h in hits if h.exact]
        # Approximate matches are worth showing only where nothing matched as typed: beside
        # exact hits, most of a query's characters are a coincidence, not an answer.
        hits = exact or hits
        if not hits and fuzzy:
            # 後継者不足, タクシー会社, bus company: a word the report has, and one of the
            # words people add to any topic, which the report lacks. Found without it, and
            # ranked as an approximate match: never taken as what was typed. Before typos of
            # the whole (創業補助金 found No. 15's 補助金申請 by typo, not 創業's Nos. 11 and 20),
            # and exactly: a typo of the rest would be a guess on a guess (高齢化対策 opened
            # 高度化診断, from a review).
            shorter = without_generic(query)
            if shorter is not None and normalize(shorter) not in LIST_MARKS:
                without = self.search(shorter, fields=fields, limit=limit, fuzzy=False)
                if without:
                    return [_approximate(h) for h in without]
        if fuzzy and not (limit and len(exact) >= limit):
            # Typo matches always rank below exact ones: when exact hits fill the page, they
            # cannot change it, and rapidfuzz is not even imported.
            found = {h.programme.no for h in hits}
            hits += self._fuzzy(whole, terms, wanted, found, bool(hits))
            hits.sort(key=rank)
        shown = hits[:limit] if limit else hits
        # Where the match lies is worked out only for the hits shown.
        return [_with_span(h) for h in shown]

    def entries(self, wanted: set[str]) -> Iterator[tuple[Programme, list[Entry]]]:
        """Every programme with its entries in the wanted fields."""
        memo = self._entries
        for programme, keys in self.raw:
            entries = []
            for key in keys:
                if key[0] not in wanted:
                    continue
                if key not in memo:
                    memo[key] = make_entry(*key)
                entry = memo[key]
                if entry is not None:
                    entries.append(entry)
            yield programme, entries

    # -- stages --

    def _matched(
        self,
        whole: Query,
        terms: list[Query],
        runs: list[Query],
        wanted: set[str],
        approximate: bool,
        expand: bool,
    ) -> list[Hit]:
        """Each programme's best match: the whole query (or a synonym of it) in one text, or,
        for a query of several words, every word in some text. ``expand``: also in pieces,
        and by synonyms; and a query half in hiragana (``runs``, see script_runs) by each
        run, ranked with matches in pieces."""
        variants = _variants(whole, expand)
        term_variants = [_variants(t, expand) for t in terms]
        hits = []
        for programme, entries in self.entries(wanted):
            best = _best(variants, entries, expand)
            if term_variants:
                found = [_best(v, entries, expand) for v in term_variants]
                if all(found):
                    each = [h for h in found if h is not None]
                    top = max(each, key=lambda m: m.score)
                    score = min(m.score for m in each) - APART_PENALTY
                    exact = all(m.exact for m in each)
                    if best is None or (exact, score) > (best.exact, best.score):
                        best = top.rescored(max(score, FUZZY_SCORES[0]), exact)
            if (best is None or not best.exact) and runs:  # run by run beats approximate
                each_run = _by_runs(runs, entries)
                if all(m is not None and m.exact for m in each_run):
                    found_runs = [m for m in each_run if m is not None]
                    top = max(found_runs, key=lambda m: m.score)
                    low, high = PIECES_SCORES
                    lowest = min(m.score for m in found_runs) - APART_PENALTY
                    score = low + (high - low - 1) * (lowest - EXACT_FLOOR) / (100 - EXACT_FLOOR)
                    best = top.rescored(max(low, score))
            if best is not None and (approximate or best.exact):
                hits.append(_hit(programme, best))
        return hits

    def _fuzzy(
        self, whole: Query, terms: list[Query], wanted: set[str], skip: set[int], strict: bool
    ) -> list[Hit]:
        if len(whole.norm) < 3 and len(whole.romaji) < 4:
            return []
        from rapidfuzz import fuzz

        hits = []
        for programme, entries in self.entries(wanted):
            if programme.no in skip:
                continue
            typed = [e for e in entries if e.field in _FUZZY_FIELDS and e.kind != "kana"]
            best = _closest(fuzz, whole, typed, strict)
            if best is not None and len(terms) > 1:
                # Every word must be found, as typed or nearly: "jigyo shokei" must not find
                # "jigyou saikei" for its jigyo alone.
                for term in terms:
                    if _best(_variants(term, True), entries, True) is None and (
                        _closest(fuzz, term, typed, strict) is None
                    ):
                        best = None
                        break
            if best is not None:
                ratio, entry = best
                low, high = FUZZY_SCORES
                score = low + (high - low) * (ratio - SHORT_FUZZY_CUTOFF) / (
                    100 - SHORT_FUZZY_CUTOFF
                )
                span = None
                if entry.kind == "text" and whole.norm:
                    norm, origin = normalize_with_map(entry.text)
                    alignment = fuzz.partial_ratio_alignment(whole.norm, norm)
                    if alignment is not None and alignment.dest_end > alignment.dest_start:
                        span = source_span(
                            entry.text, origin, alignment.dest_start, alignment.dest_end
                        )
                hits.append(Hit(programme, score, entry.field, entry.text, False, span))
        return hits


# Words people add to a topic ("shortage", "company", "measures") that the report seldom
# prints beside it. Japanese: at the end of what was typed, longest first.
GENERIC_TAILS = (
    "に関する事業", "についての事業", "について", "関連事業", "の事業", "事業者", "補助金",
    "支援金", "会社", "企業", "業者", "不足", "対策", "関連", "問題", "支援", "補助", "制度",
    "事業",
)  # fmt: skip
GENERIC_WORDS = frozenset({
    "company", "companies", "firm", "firms", "operator", "operators", "shortage", "shortages",
    "problem", "problems", "issue", "issues", "support", "subsidy", "subsidies", "grant",
    "grants", "programme", "programmes", "program", "programs", "scheme", "schemes", "measure",
    "measures", "business", "businesses",
})  # fmt: skip


# The list table's marks (新規, 再掲): what a search of the text cannot answer, but a filter
# can. "new programmes" without its generic word is "new", which is in No. 18's English name.
LIST_MARKS = {"新規": "new", "しんき": "new", "新規事業": "new", "new": "new",
              "再掲": "reposted", "さいけい": "reposted", "reposted": "reposted"}  # fmt: skip


def without_generic(query: str) -> str | None:
    """The query without the generic words people add to a topic, or None where it has none
    or is nothing else: タクシー会社 → タクシー; bus company → bus."""
    words = query.split()
    if len(words) > 1:
        kept = [w for w in words if w.casefold() not in GENERIC_WORDS and w not in GENERIC_TAILS]
        return " ".join(kept) if kept and len(kept) < len(words) else None
    import unicodedata

    text = unicodedata.normalize("NFKC", query).strip()  # as typed, but for width
    for tail in GENERIC_TAILS:
        rest = text.removesuffix(tail).rstrip()
        if rest != text and len(rest) >= 2:
            return rest
    return None


def _approximate(hit: Hit) -> Hit:
    """A hit of a shorter query, ranked among matches in pieces (under every exact one)."""
    low, high = PIECES_SCORES
    score = low + (high - low) * min(hit.score, 100.0) / 100.0
    return Hit(hit.programme, score, hit.field, hit.text, False, hit.span, hit.match)


def _variants(query: Query, synonyms: bool) -> list[tuple[Query, bool]]:
    """The query and (``synonyms``) its synonyms (True), each to be matched."""
    found = alternatives(query.text) if synonyms else ()
    return [(query, False)] + [(Query(a, prefixes=False), True) for a in found]


def _best(
    variants: list[tuple[Query, bool]], entries: Iterable[Entry], pieces: bool
) -> Match | None:
    best: Match | None = None
    for entry in entries:
        for query, synonym in variants:
            found = query.match(entry, pieces=pieces and not synonym)
            if found is None:
                continue
            if synonym:
                found = found.rescored(_as_synonym(found.score))
            if best is None or (found.exact, found.score) > (best.exact, best.score):
                best = found
    return best


def _as_synonym(score: float) -> float:
    """A synonym's exact match ranks below every match of what was typed as typed, above its
    matches in pieces, in the order of its own band."""
    low, high = SYNONYM_SCORES
    return low + (high - low) * (score - EXACT_FLOOR) / (100.0 - EXACT_FLOOR)


def _closest(
    fuzz: Any, query: Query, entries: list[Entry], strict: bool
) -> tuple[float, Entry] | None:
    """The entry most like the query by rapidfuzz's ratios, above the cutoff for its kind, and
    only where the characters the two share hold that share of the query too: partial_ratio
    also scores a window cut short at the text's end, so "新幹線開業" would find
    新幹線・地方鉄道グループ by 新幹線 alone."""
    best: tuple[float, Entry] | None = None
    for entry in entries:
        for needle, hay, cutoff in _fuzzy_pairs(query, entry):
            if strict:
                cutoff = max(cutoff, FUZZY_CUTOFF_BESIDE_EXACT)
            if best is not None and best[0] >= 100:
                return best
            # partial_ratio aligns the shorter string inside the longer: a query that merely
            # contains a short field (a division) must not score 100 for it.
            if len(needle) > len(hay) or entry.kind == "romaji":
                ratio = float(fuzz.ratio(needle, hay, score_cutoff=cutoff))
            elif query.kana and (needle in hay or words(entry) is None and all_kana(hay)):
                # Kana found as typed but not as words (しんじぎょう in すいしん|じぎょう) is
                # no typo; nor is a near match inside a reading that has no words to check.
                ratio = 0.0
            else:
                found = fuzz.partial_ratio_alignment(needle, hay, score_cutoff=cutoff)
                ratio = found.score if found is not None else 0.0
                window = found.dest_end - found.dest_start if found is not None else 0
                if query.kana and found is not None and not _near_start(found.dest_start, entry):
                    ratio = 0.0  # a kana typo is matched from a word's start, as words are
                # ratio = 2M / (len(needle) + window), so M shared characters:
                if ratio and ratio / 200 * (len(needle) + window) < cutoff / 100 * len(needle):
                    ratio = 0.0
            if ratio and (best is None or ratio > best[0]):
                best = (ratio, entry)
    return best


def _near_start(at: int, entry: Entry) -> bool:
    """``at`` is a word's start, or one before it: rapidfuzz places a window of equal score
    at the first place it finds (んぽたるさい for ぽたるさいど)."""
    starts = words(entry) or frozenset()
    return at in starts or at + 1 in starts


def _fuzzy_pairs(query: Query, entry: Entry) -> Iterable[tuple[str, str, float]]:
    """(needle, haystack, cutoff) pairs to compare for a fuzzy match with an entry."""
    if entry.kind == "romaji":
        if len(query.romaji) >= 4:
            # Whole words (and runs of them), never a window: across a word boundary,
            # English "fishing" is close to "(su)ishin g(uruupu)".
            for run in _romaji_runs(entry.text):
                yield query.romaji, run, ROMAJI_FUZZY_CUTOFF
    elif entry.kind == "english":
        if query.words and len(" ".join(query.words)) >= 4:
            yield " ".join(query.words), " ".join(entry.words), ASCII_FUZZY_CUTOFF
    elif entry.kind == "text" and len(query.norm) >= 3:
        if query.norm.isascii():
            cutoff = ASCII_FUZZY_CUTOFF
        elif query.kana:
            # Two of three kanji alike is a typo (商店外); kana alike but one are mostly
            # another word (かんこう, tourism, and けんこう, health; のうぎょう and じぎょう):
            # a kana query is matched by typo from six kana on, and then with one kana amiss.
            if len(query.norm) < MIN_FUZZY_KANA:
                return
            cutoff = max(FUZZY_CUTOFF, 100.0 * (1 - 1 / len(query.norm)) - 0.01)
        elif len(query.norm) == 3:
            cutoff = SHORT_FUZZY_CUTOFF
        else:
            cutoff = FUZZY_CUTOFF
        yield query.norm, entry.norm, cutoff


@functools.lru_cache(maxsize=1024)
def _romaji_runs(text: str, longest: int = 3) -> tuple[str, ...]:
    words = text.split()
    return tuple(
        fold_romaji(" ".join(words[i : i + n]))
        for n in range(1, longest + 1)
        for i in range(len(words) - n + 1)
    )


def index_for(report: Report, query: str) -> Index:
    """An index with just the forms this query (or its words) can match. (A synonym in another
    script is matched in the report's own text: curated English words and readings only
    repeat what that says.)"""
    if len(query) > MAX_QUERY:
        from aomori_cli.errors import NotFound
        from aomori_cli.i18n import _

        message = _("a query of {count} characters is too long to search (at most {most})")
        raise NotFound(message.format(count=f"{len(query):,}", most=f"{MAX_QUERY:,}"))
    texts = [query, *query.split(), *script_runs(query)]
    return Index(
        report,
        latin=any(is_latin(t) for t in texts),
        kana=any(Query(t).kana for t in texts),
    )


def _with_span(hit: Hit) -> Hit:
    """The hit with the span of its shown text that matched, where that can be told."""
    match = hit.match
    if hit.span is not None or match is None:
        return hit
    entry, span = match.entry, None
    if match.where is None:
        if match.needle:
            norm, origin = normalize_with_map(entry.text)
            at = norm.find(match.needle)
            if at >= 0:
                span = source_span(entry.text, origin, at, at + len(match.needle))
    elif entry.reading is not None:
        start, end = match.where
        span = entry.reading.span(entry.kind == "roma", start, end)
    elif entry.kind == "text":
        start, end = match.where
        norm, origin = normalize_with_map(entry.text)
        if norm == entry.norm and end <= len(origin):
            span = source_span(entry.text, origin, start, end)
    if span is None or span[1] <= span[0]:
        return hit
    return Hit(hit.programme, hit.score, hit.field, hit.text, hit.exact, span, match)


# The field a kana entry reads: a name's reading and romaji are the name's.
_READS = {"reading": "name", "romaji": "name"}


def _by_runs(runs: list[Query], entries: list[Entry]) -> list[Match | None]:
    """Each run's best match; one kanji typed last (しょうてん街, ちいききぎょうしえん課) ends the
    word the runs before it name, so it must be in a field where they are found too: in any
    field, 県 and 会 are in most texts (あおもり県 found every programme with あおもり, from a
    review), and in the name alone, 課 matched 課題 and lost the division."""
    *heads, last = runs
    if len(last.norm) != 1:
        return [_best([(run, False)], entries, False) for run in runs]
    fields: dict[str, list[Entry]] = {}
    for entry in entries:  # a name's reading and romaji are the name's field
        fields.setdefault(_READS.get(entry.field, entry.field), []).append(entry)
    chosen: list[Match | None] = [None]  # none found: no field holds every run
    for field, pool in fields.items():
        tail = _best([(last, False)], [e for e in pool if e.field == field], False)
        found = [_best([(run, False)], pool, False) for run in heads]
        candidate = [m for m in (*found, tail) if m is not None and m.exact]
        if len(candidate) == len(runs) and (
            None in chosen or min(m.score for m in candidate) > min(_scores(chosen))
        ):
            chosen = list(candidate)
    return chosen


def _scores(matches: list[Match | None]) -> list[float]:
    return [m.score for m in matches if m is not None]
