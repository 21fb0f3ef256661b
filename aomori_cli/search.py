"""Normalisation and matching of programme text: kanji, kana, romaji and English.

Matching happens on normalised copies (NFKC, casefold, katakana folded to hiragana, spaces,
punctuation, long-vowel marks and middle dots removed); displayed text is never changed.
This is the only module that imports rapidfuzz, and only when exact matching has not already
filled the results.
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

from aomori_cli.errors import LookupFailed
from aomori_cli.models import Division, Programme, Report

# --- normalisation ---------------------------------------------------------------------------

_KATA_TO_HIRA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
_DROPPED = (
    "".join(chr(c) for c in range(0x00, 0x30))  # controls, space, !"#…/
    + ":;<=>?@[\\]^_`{|}~\x7f"
    + "".join(chr(c) for c in range(0x80, 0xA0))  # C1 controls
    + "\u00a0\u00b7\u2010\u2011\u2012\u2013\u2014\u2015\u2016\u2018\u2019\u201c\u201d"
    + "\u2025\u2026\u2022\u203b\u2212\u2500"
    + "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
    + "".join(chr(c) for c in range(0x3000, 0x3005))  # 　、。〃
    + "".join(chr(c) for c in range(0x3008, 0x3021))  # 〈〉《》「」『』【】〒〓〔〕…〜〝〞〟〠
    + "\u30fb\u30fc\uff65\uff70"  # ・ ー and their half-width forms
)
# Kept on purpose: 々 〆 〇 (letters), and digits. "~" and "ー" are dropped so that
# "ポータル", "ﾎﾟｰﾀﾙ" and "ぽたる" all meet.
_TABLE: dict[int, int | None] = {**_KATA_TO_HIRA, **{ord(ch): None for ch in _DROPPED}}


def normalize(text: str) -> str:
    """The form both sides are matched in; never shown to the user."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_TABLE)
    if not folded.isalnum() and folded:
        # Remove anything else that is neither letter, mark, number nor symbol (e.g. other
        # scripts' punctuation, emoji modifiers' separators) so it cannot block a match.
        folded = "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LMNS")
    return folded


def _clusters(text: str) -> list[tuple[int, str]]:
    """Characters with their combining marks (and half-width voicing marks) attached."""
    out: list[tuple[int, str]] = []
    for i, ch in enumerate(text):
        if out and (unicodedata.combining(ch) or ch in "\uff9e\uff9f\u3099\u309a"):
            start, cluster = out[-1]
            out[-1] = (start, cluster + ch)
        else:
            out.append((i, ch))
    return out


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """normalize() plus, for each output character, the index of its source character."""
    chars: list[str] = []
    origin: list[int] = []
    pieces = _PIECES
    for start, cluster in _clusters(text):
        piece = pieces.get(cluster)
        if piece is None:
            piece = pieces[cluster] = normalize(cluster)
        chars.append(piece)
        origin.extend([start] * len(piece))
    return "".join(chars), origin


# normalize() of single characters (with their marks): texts repeat them endlessly.
_PIECES: dict[str, str] = {}


# Kunrei and Nihon-shiki spellings to Hepburn, in one pass. Two patterns, not eighteen, and
# left to re's own cache: compiled on first use, so a kanji search never pays for them.
_SPELLING = (
    r"(?<![cs])ty|(?<![sc])si|(?<![sc])ti|(?<!t)tu|(?<![sc])hu|tch|sy|[zjd]y|[zd]i|du|m(?=[bpm])|wo"
)
_HEPBURN = {
    "ty": "ch", "si": "shi", "ti": "chi", "tu": "tsu", "hu": "fu", "tch": "cch", "sy": "sh",
    "zy": "j", "jy": "j", "dy": "j", "zi": "ji", "di": "ji", "du": "zu", "m": "n", "wo": "o",
}  # fmt: skip
# Long vowels written or dropped: ou, oo, oh (before a consonant), uu, aa, ii, ee; ei is kept.
_LONG_VOWEL = r"oh(?![aeiouy])|o[uo]|uu|aa|ii|ee"


def fold_romaji(text: str) -> str:
    """Fold romaji so Hepburn, Kunrei, macrons and dropped long vowels meet."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    folded = "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum())
    folded = re.sub(_SPELLING, lambda m: _HEPBURN[m[0]], folded)
    return re.sub(_LONG_VOWEL, lambda m: m[0][0], folded)


_WORD = r"[a-z0-9]+"


def english_words(text: str) -> list[str]:
    return re.findall(_WORD, unicodedata.normalize("NFKC", text).casefold())


# --- the index -------------------------------------------------------------------------------

FIELDS = (
    "name", "reading", "romaji", "name_en", "keywords", "kpi", "overview", "results", "division",
    "group",
)  # fmt: skip
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


class _Entry(NamedTuple):
    """One searchable text of one programme: original and normalised forms."""

    field: str
    kind: str  # "text" (substring of the normalised form), "romaji" or "english" (words)
    text: str
    norm: str
    romaji: str
    words: tuple[str, ...]


def _entry(field: str, kind: str, text: str) -> _Entry:
    return _Entry(
        field=field,
        kind=kind,
        text=text,
        norm=normalize(text) if kind == "text" else "",
        romaji=fold_romaji(text) if kind == "romaji" else "",
        words=tuple(english_words(text)) if kind == "english" else (),
    )


class Hit(NamedTuple):
    programme: Programme
    score: float
    field: str
    text: str
    exact: bool
    span: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, object]:
        snippet, _, _ = self.snippet()
        return {
            "no": self.programme.no,
            "name": self.programme.name,
            "score": round(self.score, 1),
            "field": self.field,
            "exact": self.exact,
            "snippet": snippet,
        }

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
        self._precomputed: dict[str, str] | None = None
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
        q = _Query(query)
        if not q.norm and not q.words:
            return []
        hits = self._exact(q, wanted)
        if not hits:
            terms = [t for t in query.split() if normalize(t)]
            if len(terms) > 1:
                hits = self._all_terms([_Query(t) for t in terms], wanted)
        hits.sort(key=lambda h: (-h.score, h.programme.no))
        if fuzzy and not (limit and len(hits) >= limit):
            # Fuzzy hits always rank below exact ones: when exact hits fill the page, they
            # cannot change it, and rapidfuzz is not even imported.
            hits += self._fuzzy(q, wanted, {h.programme.no for h in hits}, bool(hits))
            hits.sort(key=lambda h: (-h.score, h.programme.no))
        shown = hits[:limit] if limit else hits
        # Where the match lies is worked out only for the hits shown.
        return [_with_span(h, q) if h.span is None and h.exact else h for h in shown]

    def _each(self, wanted: set[str]) -> Iterator[tuple[Programme, list[_Entry]]]:
        """Every programme with its normalised texts in the wanted fields."""
        memo = self._normalised
        if len(self.raw) > _PRECOMPUTE_ABOVE and self._precomputed is None:
            from aomori_cli.cache import derived

            # A large dataset from the cache keeps its normalised texts beside it.
            self._precomputed = derived(self.report, "normalised", _normalise_all) or {}
        known = self._precomputed or {}
        for programme, keys in self.raw:
            entries = []
            for key in keys:
                if key[0] not in wanted:
                    continue
                entry = memo.get(key)
                if entry is None:
                    field, kind, text = key
                    norm = known.get(text) if kind == "text" else None
                    entry = _Entry(field, kind, text, norm, "", ()) if norm else _entry(*key)
                    memo[key] = entry
                entries.append(entry)
            yield programme, entries

    # -- stages --

    def _exact(self, q: "_Query", wanted: set[str]) -> list[Hit]:
        hits = []
        for programme, entries in self._each(wanted):
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

    def _all_terms(self, terms: list["_Query"], wanted: set[str]) -> list[Hit]:
        hits = []
        for programme, entries in self._each(wanted):
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

    def _fuzzy(self, q: "_Query", wanted: set[str], skip: set[int], strict: bool) -> list[Hit]:
        if len(q.norm) < 3 and len(q.romaji) < 4:
            return []
        from rapidfuzz import fuzz

        hits = []
        for programme, entries in self._each(wanted):
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
                        span = _span(origin, alignment.dest_start, alignment.dest_end, entry.text)
                hits.append(Hit(programme, score, entry.field, entry.text, False, span))
        return hits


_PRECOMPUTE_ABOVE = 200


def _normalise_all(report: Report) -> dict[str, str]:
    """normalize() of every text a search matches in the "text" kind, by text."""
    index = Index(report, latin=False)
    return {text: normalize(text) for _, keys in index.raw for _, _, text in keys}


def is_latin(text: str) -> bool:
    """Written in Latin letters (macrons and full-width forms allowed): romaji or English."""
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    ).isascii()


def index_for(report: Report, query: str) -> "Index":
    """An index with just the texts this query (or any of its words) can match."""
    return Index(report, latin=any(is_latin(term) for term in query.split()))


class _Query:
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


def _span(origin: list[int], start: int, end: int, text: str) -> tuple[int, int]:
    first = origin[start]
    last = origin[end - 1]
    # The last source character may be a cluster; include all of it.
    stop = last + 1
    while stop < len(text) and (unicodedata.combining(text[stop]) or text[stop] in "\uff9e\uff9f"):
        stop += 1
    return (first, stop)


def _with_span(hit: Hit, q: _Query) -> Hit:
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
        _span(origin, at, at + len(q.norm), hit.text),
    )


# --- resolving what the user typed -----------------------------------------------------------

_NUMBER = r"(?i)^(?:no\.?|#)?\s*([+-]?\d+)$"


def parse_number(text: str) -> int | None:
    match = re.match(_NUMBER, unicodedata.normalize("NFKC", text).strip())
    return int(match[1]) if match else None


def _label(p: Programme) -> str:
    return f"{p.no} {p.name}"


def resolve_programme(report: Report, text: str, index: Index | None = None) -> Programme:
    """A programme from a number or a name; raises LookupFailed when none or several fit."""
    if not text.strip():
        raise LookupFailed("empty programme id: give a number or part of a name")
    number = parse_number(text)
    if number is not None:
        return report.by_number(number)
    index = index or index_for(report, text)
    exact_names = index.search(text, fields=NAME_FIELDS, limit=0, fuzzy=False)
    whole = [h for h in exact_names if h.score == 100.0]  # the full name, normalised
    if len(whole) == 1:
        return whole[0].programme
    if len(exact_names) == 1:
        return exact_names[0].programme
    shown = _clip(text)
    if len(exact_names) > 1:
        raise LookupFailed(
            f"{shown} matches {len(exact_names)} programmes",
            tuple(_label(h.programme) for h in exact_names[:6]),
        )
    hits = index.search(text, limit=0)
    exact = [h for h in hits if h.exact]
    if len(exact) == 1:
        return exact[0].programme
    if len(exact) > 1:
        raise LookupFailed(
            f"{shown} is not in any programme name; it occurs in {len(exact)} programmes",
            tuple(_label(h.programme) for h in exact[:6]),
        )
    if hits and (len(hits) == 1 or hits[0].score - hits[1].score >= 5):
        return hits[0].programme
    candidates = tuple(_label(h.programme) for h in hits[:5])
    if candidates:
        raise LookupFailed(f"{shown} is ambiguous", candidates)
    raise LookupFailed(f"no programme matches {shown}", _closest(index, text))


def _closest(index: Index, text: str, count: int = 3, floor: float = 40.0) -> tuple[str, ...]:
    """The names nearest to a query that matched nothing, for "did you mean" (none when
    even the nearest shares too little with it to help)."""
    q = _Query(text)
    if not q.norm:
        return ()
    from rapidfuzz import fuzz

    scored = []
    for programme, entries in index._each(set(NAME_FIELDS)):
        best = max(
            (fuzz.partial_ratio(q.norm, e.norm) for e in entries if e.kind == "text"), default=0.0
        )
        if best >= floor:
            scored.append((best, programme))
    scored.sort(key=lambda item: (-item[0], item[1].no))
    return tuple(_label(p) for _, p in scored[:count])


def resolve_name(kind: str, text: str, choices: Mapping[str, Sequence[tuple[str, str]]]) -> str:
    """One key of ``choices`` (a division or group) from what the user typed.

    ``choices`` maps each name to further (kind, text) pairs that find it: its reading
    ("text"), romaji ("romaji") and English name ("english").
    """
    q = normalize(text)
    shown = _clip(text)
    if not q and not english_words(text):
        raise LookupFailed(f"empty {kind} name")
    names = list(choices)
    for name in names:
        if normalize(name) == q:
            return name
    query = _Query(text)
    found = [
        name
        for name in names
        if any(
            query.exact(_entry("division", k, t)) is not None
            for k, t in [("text", name), *choices[name]]
            if t
        )
    ]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise LookupFailed(f"{kind} {shown} matches {len(found)} {kind}s", tuple(found))
    if len(q) >= 2:
        from rapidfuzz import fuzz, process

        scored = process.extract(
            q, {n: normalize(n) for n in names}, scorer=fuzz.partial_ratio, limit=2
        )
        good = [s for s in scored if s[1] >= FUZZY_CUTOFF]
        if len(good) == 1 or (len(good) == 2 and good[0][1] - good[1][1] >= 10):
            return str(good[0][2])
    raise LookupFailed(f"no {kind} matches {shown}", tuple(names))


def _clip(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")
