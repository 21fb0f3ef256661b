"""What a user typed, resolved to one programme, division or group: a number, a name or part
of one (kanji, kana, romaji or English), or a close misspelling."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from aomori_cli.errors import NotFound
from aomori_cli.i18n import N_, _, pick
from aomori_cli.models import Programme, Report
from aomori_cli.search.index import FIELDS, NAME_FIELDS, Hit, Index, index_for
from aomori_cli.search.match import EXACT_FLOOR, Query, make_entry, pieces
from aomori_cli.text import english_words, normalize

# No.10, #10, and as Japanese counts them: 10番, 第10, 第10号 (from a review).
_NUMBER = r"(?i)^(?:no\.?|#|第)?\s*([+-]?\d+)\s*(?:番|号)?$"
# How far ahead of the next a programme found only in pieces must be to be the answer.
CLEAR_LEAD = 3.0
# The fewest characters a misspelling must have to be taken as one: 商品券 is one character
# from 商品展 but another word, and opened No. 17 (from a review).
MIN_GUESS = 4


def parse_number(text: str) -> str | None:
    """The digits of a programme number as typed (No.10, #10, １０, 10番), or None."""
    match = re.match(_NUMBER, unicodedata.normalize("NFKC", text).strip())
    return match[1] if match else None


def _label(p: Programme) -> str:
    """A candidate as a hint names it: number and name, in the user's language."""
    return f"{p.no} {cut(pick(p.name, p.name_en), 60)}"


def resolve_programme(report: Report, text: str, index: Index | None = None) -> Programme:
    """A programme from a number or a name; raises NotFound when none or several fit."""
    return find_programme(report, text, index)[0]


def find_programme(report: Report, text: str, index: Index | None = None) -> tuple[Programme, bool]:
    """A programme from a number or a name, and whether it was taken for a misspelling
    (found in no text as typed: the caller says so). Raises NotFound when none or several
    fit."""
    if not text.strip():
        raise NotFound(_("empty programme id: give a number or part of a name"))
    number = parse_number(text)
    if number is not None:
        return report.by_number(number), False
    index = index or index_for(report, text)
    names = index.search(text, fields=NAME_FIELDS, limit=0, fuzzy=False)
    whole = [h for h in names if h.score == 100.0]  # the full name, normalised
    if len(whole) == 1:
        return whole[0].programme, False
    # Names holding what was typed as typed come first; else names holding it in pieces
    # (LPガス高騰), where one that clearly wins is the answer.
    exact_names = [h for h in names if h.score >= EXACT_FLOOR] or names
    if len(exact_names) == 1:
        return exact_names[0].programme, False
    if exact_names and exact_names[0].score < EXACT_FLOOR:
        if exact_names[0].score - exact_names[1].score >= CLEAR_LEAD:
            return exact_names[0].programme, False
    shown = _clip(text)
    if len(exact_names) > 1:
        raise NotFound(
            _("{name} matches {count} programmes").format(name=shown, count=len(exact_names)),
            _some(exact_names),
        )
    hits = index.search(text, limit=0)
    exact = [h for h in hits if h.exact and h.score >= EXACT_FLOOR] or [h for h in hits if h.exact]
    if len(exact) == 1:
        # Found whole in some text, it is what was typed; found only in pieces outside the
        # names (バス補助金: バス in No. 4's results, 補助金 in a KPI), it is a guess the reader
        # must be told of: the bus subsidies, Nos. 2 and 3, were what a review meant.
        return exact[0].programme, exact[0].score < EXACT_FLOOR
    if len(exact) > 1:
        raise NotFound(
            _("{name} is not in any programme name; {count} programmes match it").format(
                name=shown, count=len(exact)
            ),
            _some(exact),
        )
    clear = hits and (len(hits) == 1 or hits[0].score - hits[1].score >= 5)
    if clear and len(Query(text).norm) >= MIN_GUESS:
        return hits[0].programme, True
    candidates = tuple(_label(h.programme) for h in hits[:5])
    if candidates and not clear:
        raise NotFound(_("{name} is ambiguous").format(name=shown), candidates)
    if candidates:  # too short to be taken for a misspelling: offered, not opened
        raise NotFound(_("no programme matches {name}").format(name=shown), candidates)
    raise NotFound(_("no programme matches {name}").format(name=shown), closest(index, text))


def _some(hits: list[Hit], most: int = 6) -> tuple[str, ...]:
    """The first ``most`` programmes for "did you mean", and how many more there are."""
    labels = tuple(_label(h.programme) for h in hits[:most])
    if len(hits) > most:
        labels += (
            _("{count} more (aomori search --limit 0 lists them all)").format(
                count=len(hits) - most
            ),
        )
    return labels


def closest(index: Index, text: str, count: int = 3, floor: float = 50.0) -> tuple[str, ...]:
    """The programmes nearest to a query that matched nothing, for "did you mean": by the
    names most like it, or by the share of it found in pieces in any text (事業承継税制 → the
    programme about 事業承継). None when even the nearest shares too little with it to help,
    and only those nearer than the programmes after them: 農業 is one character from every
    name ending in 事業, and suggested three of them (from a review)."""
    q = Query(text)
    if not q.norm:
        return ()
    from rapidfuzz import fuzz

    scored = []
    for programme, entries in index.entries(set(FIELDS)):
        texts = [e for e in entries if e.kind in ("text", "kana")]
        best = max(
            [fuzz.partial_ratio(q.norm, e.norm) for e in texts if e.field in NAME_FIELDS]
            # A name like it is the better guess than a share of it in a text.
            + [90 * pieces(q.norm, e.norm)[0] for e in texts if len(q.norm) >= 3],
            default=0.0,
        )
        scored.append((best, programme))
    scored.sort(key=lambda item: (-item[0], item[1].no))
    rest = scored[count][0] if len(scored) > count else 0.0
    return tuple(_label(p) for score, p in scored[:count] if score >= floor and score > rest)


# What resolve_name says, for each kind of name.
EMPTY = {"division": N_("empty division name"), "group": N_("empty group name")}
SEVERAL = {
    "division": N_("division {name} matches {count} divisions"),
    "group": N_("group {name} matches {count} groups"),
}
NONE = {"division": N_("no division matches {name}"), "group": N_("no group matches {name}")}


def resolve_name(
    kind: str,
    text: str,
    choices: Mapping[str, Sequence[tuple[str, str]]],
    *,
    fuzzy: bool = True,
) -> tuple[str, bool]:
    """One key of ``choices`` (a division or group) from what the user typed, and whether it
    was taken for a name shortened (the caller says so: a guess changes a total).

    ``choices`` maps each name to further (kind, text) pairs that find it: its reading
    ("text"), romaji ("romaji") and English name ("english"). ``fuzzy``: a shortened name
    too, and the nearest names first when none fits (else the name whole or in part only).
    """
    q = normalize(text)
    shown = _clip(text)
    if is_empty(text):
        raise NotFound(_(EMPTY[kind]))
    names = list(choices)
    for name in names:
        if normalize(name) == q:
            return name, False
    query = Query(text)
    found = [
        name
        for name in names
        if any(
            entry is not None and query.exact(entry) is not None
            for k, t in [("text", name), *choices[name]]
            if t
            for entry in [make_entry("division", k, t)]
        )
    ]
    if len(found) == 1:
        return found[0], False
    if len(found) > 1:
        message = _(SEVERAL[kind]).format(name=shown, count=len(found))
        raise NotFound(message, _named_some(kind, found, choices))
    if fuzzy and len(q) >= 2:
        # A filter changes what is listed and totalled, and a typo that differs from a name in
        # one kanji or word is as often another name: 地域農業支援課 is not 地域企業支援課, Road
        # Policy not Railway Policy (from two reviews). No typo is taken: the nearest names are
        # offered first. Only a name shortened by leaving words out is, its characters in
        # order (生活習慣病課 for がん・生活習慣病対策課), where only one name has them so; and
        # stderr says so.
        short = [n for n in names if _abbreviates(q, normalize(n))]
        if len(q) >= MIN_GUESS and len(short) == 1:
            return short[0], True
        from rapidfuzz import fuzz

        # Nearest first, by each name's closest form (kanji, reading, romaji, English): 地域企業
        # 支授課 and Railway Polcy are offered their names before the rest.
        forms = {n: [normalize(t) for t in (n, *(t for _, t in choices[n])) if t] for n in names}
        names = sorted(names, key=lambda n: -max(fuzz.WRatio(q, f) for f in forms[n]))
    raise NotFound(_(NONE[kind]).format(name=shown), _named_some(kind, names, choices))


def _abbreviates(typed: str, name: str) -> bool:
    """Whether every character typed is in the name, in the same order."""
    rest = iter(name)
    return all(ch in rest for ch in typed)


def is_empty(text: str) -> bool:
    """Nothing to look for: spaces, punctuation ("・") or nothing at all."""
    return not normalize(text) and not english_words(text)


MOST_NAMED = 15  # the report has 9 divisions and 12 groups: a hint names them all
MORE = {
    "division": N_("{count} more (aomori totals --by division lists them all)"),
    "group": N_("{count} more (aomori totals --by group lists them all)"),
}


def _named_some(
    kind: str, names: Sequence[str], choices: Mapping[str, Sequence[tuple[str, str]]]
) -> tuple[str, ...]:
    """Divisions or groups for "did you mean": at most MOST_NAMED, and how many more (a
    dataset of thousands gave a hint of thousands)."""
    shown = tuple(_shown(n, choices) for n in names[:MOST_NAMED])
    if len(names) > MOST_NAMED:
        shown += (_(MORE[kind]).format(count=len(names) - MOST_NAMED),)
    return shown


def _shown(name: str, choices: Mapping[str, Sequence[tuple[str, str]]]) -> str:
    """A division or group as a hint names it, in the user's language."""
    english = next((t for k, t in choices[name] if k == "english"), "")
    return cut(pick(name, english), 60)


def _clip(text: str, width: int = 40) -> str:
    return repr(cut(text, width))


def cut(text: str, width: int) -> str:
    """``text`` on one line, at most ``width`` characters (a hint must stay readable); cut
    at a space where one falls in the last third, so that an English word stays whole."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    kept = text[: width - 1]
    space = kept.rfind(" ")
    if space >= width * 2 // 3:
        kept = kept[:space]
    return kept.rstrip(" ,;:") + "…"
