"""How one query (or one word of it) matches one searchable text, and the score that earns.

Three tiers, each below the one before whatever the field:

- **exact**: the whole query occurs in the text (normalised: width, case, kana; romaji folded;
  English word by word). Scored 40-100 in bands by field, as the query's share of the text.
- **pieces**: Japanese typed without spaces, the way full-text engines for Japanese match it
  (pg_bigm, Lucene's CJK bigrams): the query is cut into the longest pieces of two or more
  characters that occur in the text, and a text holding every character of the query in such
  pieces matches even where other words sit between them (LPガス高騰 in
  中小企業者等LPガス・特別高圧電気価格高騰…). Scored 22-40: by field, by how close together
  and in what order the pieces lie.
- **approximate**: pieces that hold most, not all, of the query, and rapidfuzz's typo matching
  (aomori_cli.search.index); scored 10-22 and marked as not exact.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from aomori_cli.search.lexicon import Reading, reading
from aomori_cli.text import (
    english_words,
    fold_romaji,
    fold_words,
    is_latin,
    normalize,
    normalize_with_map,
)

# Score bands of an exact (normalised) match in each field: a match in the name always ranks
# above one in the reading, which ranks above the English name, the KPIs, and so on. Within a
# band, the share of the field the query covers (and a match at its start) raises the score,
# so "事業" ranks short names first instead of giving every programme 100. Only the exact full
# name scores 100.
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
EXACT_FLOOR = 40.0
PIECES_SCORES = (22.0, 40.0)
FUZZY_SCORES = (10.0, 22.0)
# Pieces that hold this share of the query are an approximate match; fewer, no match at all:
# "健康診断" must not find 健康経営 by its 健康 alone.
MOST_OF_QUERY = 0.75
# Pieces spread over more than five times the query's length are unrelated words of a long
# text, not one name typed from memory.
MIN_CLOSENESS = 0.2
# A reading or generated romaji is matched from this many characters: one kana or three
# letters occur in almost every overview's reading.
MIN_KANA = 2
# A kana query this long may end inside a word it runs into: not chance any more.
LONG_KANA = 6
# Words that end in s and are no plural: "news" is not "new"s.
_SINGULAR = frozenset({"news", "series", "species", "means", "lens", "was", "has", "does", "this"})
# An English word found as the other's plural, or only as the start of a longer word.
PLURAL, PREFIX = 0.9, 0.6
MIN_GENERATED_ROMAJI = 4
_HIRAGANA = ("\u3041", "\u309f")
_KATAKANA = ("\u30a1", "\u30ff")


class Entry:
    """One searchable text of one programme, in the form it is matched in.

    ``kind``: "text" (the text, normalised), "kana" (the shipped reading of a text),
    "romaji" (curated romaji), "roma" (the shipped romaji of a text) or "english" (words).
    ``text`` is what is shown: for "kana" and "roma", the original text the reading is of.
    A plain slotted class, not a dataclass: search imports it on every run, and a frozen
    dataclass costs a millisecond to define."""

    __slots__ = ("field", "kind", "text", "norm", "words", "reading", "starts", "kana")

    def __init__(
        self,
        field: str,
        kind: str,
        text: str,
        norm: str,
        words: tuple[str, ...] = (),
        reading: Reading | None = None,
        starts: frozenset[int] = frozenset(),
    ) -> None:
        self.field, self.kind, self.text, self.norm = field, kind, text, norm
        self.words, self.reading, self.starts = words, reading, starts
        # All kana: found once, not at each place a query occurs (which made a two-kana
        # search of a long text of kana quadratic).
        self.kana = bool(norm) and all_kana(norm)


def make_entry(field: str, kind: str, text: str) -> Entry | None:
    """The entry for a text, or None when it has no form of this kind (no shipped reading)."""
    if kind == "text":
        return Entry(field, kind, text, normalize(text))
    if kind == "romaji":
        norm, starts = fold_words(text.split())
        return Entry(field, kind, text, norm, starts=starts)
    if kind == "english":
        return Entry(field, kind, text, "", tuple(english_words(text)))
    found = reading(text)
    if found is None:
        return None
    if kind == "kana":
        starts, joined = _word_starts(found.kana)
        return Entry(field, kind, text, joined, reading=found, starts=starts)
    norm, starts = fold_words(found.romaji)
    return Entry(field, kind, text, norm, reading=found, starts=starts)


_WORDS: dict[str, frozenset[int] | None] = {}  # a curated reading's words, once looked up


def words(entry: Entry) -> frozenset[int] | None:
    """Where the words of an entry's reading start: a shipped reading's, or a curated
    reading's (a text all in kana) where its words are shipped, looked up only when a kana
    query needs them (they are in readings.json, read only then); None for other text."""
    if entry.kind == "kana":
        return entry.starts
    if entry.kind != "text" or not entry.kana:
        return None
    if entry.text not in _WORDS:
        found = reading(entry.text)
        starts = None
        if found is not None:
            cut, joined = _word_starts(found.kana)
            starts = cut if joined == entry.norm else None
        _WORDS[entry.text] = starts
    return _WORDS[entry.text]


def _word_starts(kana: tuple[str, ...]) -> tuple[frozenset[int], str]:
    """Where each word of a reading starts in its normalised, joined form; and that form."""
    words = [normalize(k) for k in kana]
    starts, at = [], 0
    for word in words:
        if word:
            starts.append(at)
        at += len(word)
    return frozenset(starts), "".join(words)


def _find_at_start(needle: str, entry: Entry) -> int:
    """Where ``needle`` occurs in the entry's folded romaji from the start of a word; -1."""
    at = entry.norm.find(needle)
    while at >= 0 and at not in entry.starts:
        at = entry.norm.find(needle, at + 1)
    return at


class Match:
    """A query's match in an entry: its score, whether it is exact (every character found as
    typed), and where it lies in ``entry.norm`` (start, end); ``needle``: what to look for in
    the shown text when ``where`` cannot place it there (romaji, English)."""

    __slots__ = ("score", "exact", "entry", "where", "needle")

    def __init__(
        self,
        score: float,
        exact: bool,
        entry: Entry,
        where: tuple[int, int] | None,
        needle: str = "",
    ) -> None:
        self.score, self.exact, self.entry, self.where, self.needle = (
            score,
            exact,
            entry,
            where,
            needle,
        )

    def rescored(self, score: float, exact: bool | None = None) -> Match:
        return Match(
            score, self.exact if exact is None else exact, self.entry, self.where, self.needle
        )


class Query:
    """A query, or one word of one, in every form it can match in."""

    def __init__(self, text: str, *, prefixes: bool = True) -> None:
        """``prefixes``: an English word may be the start of a longer one ("rail" finds
        railway); not for a synonym, which is a whole word ("train" must not find training)."""
        self.text = text
        self.prefixes = prefixes
        self.norm = normalize(text)
        latin = is_latin(text)
        self.romaji = fold_romaji(text) if latin else ""
        self.words = english_words(text) if latin else []
        self.kana = bool(self.norm) and all_kana(self.norm)
        # The kana as typed, ー included (normalize() drops it): ビュー is three, not two.
        self.size = len("".join(unicodedata.normalize("NFKC", text).split())) if self.kana else 0

    def exact(self, entry: Entry) -> float | None:
        """Score of an exact (normalised) match of this query in an entry, or None."""
        match = self.match(entry, pieces=False)
        return match.score if match else None

    def match(self, entry: Entry, *, pieces: bool = True) -> Match | None:
        """The best match of this query in the entry, in any tier (``pieces``: also by
        pieces), or None."""
        kind, norm = entry.kind, entry.norm
        if kind in ("text", "kana"):
            q = self.norm
            if not q or (kind == "kana" and not self.kana) or (self.kana and len(q) < MIN_KANA):
                return None
            at = _kana_at(q, entry, self.size) if self.kana else norm.find(q)
            if at >= 0:
                if entry.field == "name" and q == norm:
                    return Match(100.0, True, entry, (0, len(norm)))
                score = _in_band(entry.field, len(q) / len(norm), at == 0)
                return Match(score, True, entry, (at, at + len(q)))
            if pieces and len(q) >= 3 and not q.isascii():
                return _by_pieces(q, entry)
            return None
        if kind in ("romaji", "roma"):
            minimum = 3 if kind == "romaji" else MIN_GENERATED_ROMAJI
            at = _find_at_start(self.romaji, entry) if len(self.romaji) >= minimum else -1
            if at < 0:
                return None
            score = _in_band(entry.field, len(self.romaji) / len(norm), at == 0)
            if kind == "romaji":
                return Match(score, True, entry, None, self.norm)
            return Match(score, True, entry, (at, at + len(self.romaji)))
        quality = _word_quality(self.words, entry.words, self.prefixes) if self.words else 0.0
        if not quality:
            return None
        if quality < PLURAL:
            # A word found only as the start of a longer one ranks below every word found
            # whole, in any field: "train" is the railway's keyword before it is "training".
            low, high = PIECES_SCORES
            rank = (_BANDS[entry.field][0] - EXACT_FLOOR) / (100.0 - EXACT_FLOOR)
            return Match(low + (high - low - 1.0) * rank, True, entry, None, self.norm)
        coverage = min(1.0, len(self.words) / len(entry.words))
        score = _in_band(entry.field, 0.7 * quality + 0.3 * coverage, False)
        return Match(score, True, entry, None, self.norm)


def pieces(q: str, norm: str) -> tuple[float, list[tuple[int, int]]]:
    """The share of ``q`` that its longest pieces found in ``norm`` hold, and where they lie
    in ``norm``. A piece is two characters or more (three when all kana)."""
    covered = [False] * len(q)
    spans: list[tuple[int, int]] = []
    taken = bytearray(len(norm))  # the text's characters pieces have taken
    resume: dict[str, int] = {}  # where to look next for a piece already found
    mixed = not all_kana(q)  # once: per piece it made a long query's search quadratic
    i = 0
    while i < len(q) - 1:
        if q[i : i + 2] not in norm:
            i += 1
            continue
        j = i + 2
        while j < len(q) and q[i : j + 1] in norm:
            j += 1
        # Two kana say little (しょう, けい are in every reading); a kanji pair says much, and
        # so does a two-kana word typed between other scripts (バス補助: ばす is all its run).
        if j - i >= 3 or not all_kana(q[i:j]) or mixed and _whole_kana_run(q, i, j):
            at = _free(norm, q[i:j], taken, resume)
            if at >= 0:
                spans.append((at, at + j - i))
                taken[at : at + j - i] = b"\x01" * (j - i)
                covered[i:j] = [True] * (j - i)
        if j >= len(q):
            break
        # The next piece may share this one's last character (高騰 after 価格高): not in kana,
        # where け|んし + しょう would find けんしょう in けんしゅう and しょう.
        i = j - 1 if mixed else j
    return (sum(covered) / len(q) if q else 0.0), spans


def _kana_at(q: str, entry: Entry, size: int = 0) -> int:
    """Where a query all in kana occurs in the entry as words would, or -1. ``size``: the
    query's kana as typed (ー counts, though normalize() drops it: ビュー is three).

    A reading cut into words (a shipped reading; a curated one, where its words are shipped;
    pykakasi's words are long: ちゅうしょうきぎょうしゃ, こうりつか) is matched by words:
    - inside one word: from its start (しょうてん in しょうてんがい), or, four kana or more,
      as its end (こうつう in こうきょうこうつう); not three ending it by chance (いかく in
      けいかく);
    - across words: from a word's start, or from the last three kana or more of one
      (ぎゃっぷかいしょう from じぇんだーぎゃっぷ|かいしょう), never from fewer (しんじぎょう
      from すいしん|じぎょう); and to the end of a word, or, six kana or more, into one
      (けんないちゅうしょうきぎょう into ちゅうしょうきぎょうしゃ), never a short query to the
      middle of another word (けんしょう in けん|しょうてんがい).
    A reading without words, all kana, is one word: two kana only at its start, three or more
    anywhere. In text of mixed scripts, kana match where a run of its kana begins (ガス in
    LPガス, ジェ in 家庭のジェンダー), or three or more anywhere; never two inside a run
    (おけ in における)."""
    size = max(size, len(q))
    at = entry.norm.find(q)
    while at >= 0:
        if _as_words(entry, at, at + len(q), size):
            return at
        at = entry.norm.find(q, at + 1)
    return -1


def _as_words(entry: Entry, start: int, end: int, size: int = 0) -> bool:
    size = max(size, end - start)
    norm, starts = entry.norm, words(entry)
    if starts is not None:
        ends = starts | {len(norm)}
        inside = [s for s in starts if start < s < end]
        if not inside:  # within one word: its start, or four kana or more ending it
            return start in starts or (size >= 4 and end in ends)
        if start not in starts and inside[0] - start < 3:
            return False  # from two kana that end a word: chance
        return end in ends or size >= LONG_KANA
    if entry.kana:
        return start == 0 or size >= 3
    return size >= 3 or _run_start(entry.text, norm, start)


def _run_start(text: str, norm: str, at: int) -> bool:
    """The kana at ``at`` of ``norm`` begin a run of one script in ``text``: after another
    script, or the start (katakana, folded to hiragana in ``norm``, is told apart here)."""
    if at == 0:
        return True
    first = _origin(text)[at]
    if first == 0:
        return True
    return _script(text[first - 1]) != _script(text[first])


@functools.lru_cache(maxsize=64)
def _origin(text: str) -> tuple[int, ...]:
    """For each character of normalize(text), the index of its source: made once a text, not
    once for each place a query occurs in it."""
    return tuple(normalize_with_map(text)[1])


def _script(ch: str) -> str:
    if _HIRAGANA[0] <= ch <= _HIRAGANA[1]:
        return "hiragana"
    if "\u30a0" <= ch <= _KATAKANA[1] or "\uff66" <= ch <= "\uff9f":  # ゠ and ー too
        return "katakana"
    return "other"


def _free(norm: str, piece: str, taken: bytearray, resume: dict[str, int]) -> int:
    """Where ``piece`` occurs in ``norm`` apart from the text the pieces before it took (one
    character shared with them, as pieces share one in the query, is allowed); -1 if nowhere:
    高騰高騰高騰 is not found in pieces in a text that holds 高騰 once. The text is searched
    from where the same piece was last found: what was taken stays taken, so the work is
    linear in the text for each piece, however often it recurs."""
    at = norm.find(piece, resume.get(piece, 0))
    while at >= 0 and sum(taken[at : at + len(piece)]) > 1:
        at = norm.find(piece, at + 1)
    resume[piece] = at + 1 if at >= 0 else len(norm)
    return at


def _by_pieces(q: str, entry: Entry) -> Match | None:
    """The query's longest pieces found in the entry: a match in the pieces tier when they hold
    all of the query, an approximate one when they hold most; none when they lie far apart."""
    share, spans = pieces(q, entry.norm)
    if not spans or share < MOST_OF_QUERY or len(q) < 4 and share < 1:
        return None
    in_words = entry.kind == "kana" or (all_kana(q) and words(entry) is not None)
    if in_words and any(not _as_words(entry, a, b) for a, b in spans):
        return None  # a piece read across words or from inside one is chance (see _kana_at)
    where = (min(s for s, _ in spans), max(e for _, e in spans))
    closeness = min(1.0, len(q) / (where[1] - where[0]))
    if closeness < MIN_CLOSENESS:
        return None
    if share < 1:
        if all_kana(q):  # most of a kana query is in many readings by chance
            return None
        low, high = FUZZY_SCORES
        score = low + (high - low) * (share - MOST_OF_QUERY) / (1 - MOST_OF_QUERY) * 0.9
        return Match(score, False, entry, where)
    # Close together and in the order typed rank higher; a name higher than an overview.
    ordered = all(a[0] < b[0] for a, b in zip(spans, spans[1:], strict=False))
    rank = (_BANDS[entry.field][0] - EXACT_FLOOR) / (100.0 - EXACT_FLOOR - 15.0)
    low, high = PIECES_SCORES
    quality = 0.6 * rank + 0.25 * closeness + (0.15 if ordered else 0.0)
    score = low + (high - low - 1.0) * quality - 0.5 * max(0, len(spans) - 2)
    return Match(max(low, score), True, entry, where)


def script_runs(text: str) -> list[str]:
    """A query typed half converted, hiragana beside kanji (けんこう経営), or a katakana word
    beside kanji (タクシー補助), cut where the script changes: each run is looked for on its
    own (the hiragana in readings), in any field. Empty for any other query, and when a run
    is shorter than two characters (継ぎたい is one word, not two), but for one kanji typed
    last (しょうてん街)."""
    text = unicodedata.normalize("NFKC", text)
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return []
    if any(_HIRAGANA[0] <= ch <= _HIRAGANA[1] for ch in text):
        pattern = r"[\u3041-\u309f]+|[^\u3041-\u309f]+"
    elif any(_KATAKANA[0] <= ch <= _KATAKANA[1] for ch in text):
        pattern = r"[\u30a1-\u30ff]+|[^\u30a1-\u30ff]+"
    else:
        return []
    runs = [m[0] for m in re.finditer(pattern, text)]
    # One kanji typed last, after kana left unconverted (しょうてん街), is a word's end; one
    # kanji before kana is a word with its okurigana (継ぎたい), not two words.
    if len(runs) < 2 or any(len(normalize(r)) < 2 for r in runs[:-1]):
        return []
    last = normalize(runs[-1])
    if len(last) < 2 and not (len(last) == 1 and not all_kana(last)):
        return []
    return runs


def _whole_kana_run(q: str, i: int, j: int) -> bool:
    """``q[i:j]`` is all of a run of kana in ``q`` (a query that is not all kana)."""
    return (
        all_kana(q[i:j])
        and (i == 0 or not all_kana(q[i - 1]))
        and (j == len(q) or not all_kana(q[j]))
    )


def all_kana(text: str) -> bool:
    """Every character hiragana (as normalize() leaves kana)."""
    return all(_HIRAGANA[0] <= ch <= _HIRAGANA[1] for ch in text)


def _in_band(field: str, closeness: float, at_start: bool) -> float:
    low, high = _BANDS[field]
    # The top of each band is kept for the band above; a match at the start earns a little.
    return low + (high - low - 1.5) * min(1.0, closeness) + (1.0 if at_start else 0.0)


def _word_quality(query: list[str], words: tuple[str, ...], prefixes: bool = True) -> float:
    """1 when every query word is a word of the text, PLURAL when one is the other's plural
    (factories, factory), PREFIX when one is only (``prefixes``) the start of a word, 0 when
    one is absent. A prefix needs four letters: "rail" finds railway, "bus" does not find
    business."""
    total = 0.0
    forms: set[str] | None = None
    for q in query:
        if q in words:
            total += 1
            continue
        if forms is None:
            forms = {f for w in words for f in plural_forms(w)}
        if plural_forms(q) & forms:
            total += PLURAL
        elif prefixes and len(q) >= 4 and any(w.startswith(q) for w in words):
            total += PREFIX
        else:
            return 0.0
    return total / len(query)


def plural_forms(word: str) -> set[str]:
    """The word and, if it may be an English plural, each singular it may be of: cases
    (case), buses (bus), factories (factory). Two words match when their forms meet."""
    forms = {word}
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss") and word not in _SINGULAR:
        forms.add(word[:-1])
        if word.endswith("es"):
            forms.add(word[:-2])
        if word.endswith("ies"):
            forms.add(word[:-3] + "y")
    return {f for f in forms if len(f) >= 3}
