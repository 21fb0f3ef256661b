"""Generate data/readings.json: a hiragana reading and romaji for every searchable Japanese text
of data/programs.toml that has no curated reading (KPI names, overviews, results), and the
curated readings of names, divisions and groups cut into words; and data/words.json: the words
of every name, division, group and KPI name, where a table may break its line.

    pip install '.[curate]' && python scripts/readings.py

Curation time only: pykakasi is a development dependency (the `curate` extra) and nothing the
tool runs imports it. Each text is keyed by a hash of itself, so the tool finds a text's reading
without this script, a changed text simply has none until the script is run again, and
tests/test_search_readings.py says when the file is stale.

words.json maps each short text a table shows (a programme's, division's, group's or KPI's
name) to the lengths of its words: pykakasi's segments, with what follows a word in hiragana
(its ending or particle: 継ぎ|たい, 商店街|を) and a one-kanji suffix (推進|課, 事業|費) joined to
it, so that a line breaks between 電気 and 価格, never inside 電気. Display only: a text it
does not list is broken by the plain rules.

Each entry keeps the text's segmentation: ``len`` gives the length of each segment of the
original text, ``kana`` and ``romaji`` its reading and Hepburn romaji, segments joined by "|",
so a match in a reading can be shown on the original text.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "programs.toml"
TARGET = ROOT / "data" / "readings.json"
WORDS_TARGET = ROOT / "data" / "words.json"

# Words pykakasi reads wrongly in this report, read as the report means them: 者 after 企業 is
# しゃ (not もの), 等 after a noun is とう (中小企業者等, 設備等), never など; and so on.
FIXED = {
    "中小企業者": ("ちゅうしょうきぎょうしゃ", "chuushoukigyousha"),
    "事業者": ("じぎょうしゃ", "jigyousha"),
    "事業主": ("じぎょうぬし", "jigyounushi"),
    "等": ("とう", "tou"),
    "型": ("がた", "gata"),
    "市町村": ("しちょうそん", "shichouson"),
    "市町": ("しちょう", "shichou"),
    "延べ": ("のべ", "nobe"),
    "各種": ("かくしゅ", "kakushu"),
    "巡回": ("じゅんかい", "junkai"),
    "出展": ("しゅってん", "shutten"),
    "厳しい": ("きびしい", "kibishii"),
    "力": ("りょく", "ryoku"),  # 収益力, 展開力, 提案力, 競争力: always after a noun here
    "診断士": ("しんだんし", "shindanshi"),
    "施工": ("せこう", "sekou"),
    "脱炭素": ("だつたんそ", "datsutanso"),
    "物価高騰": ("ぶっかこうとう", "bukkakoutou"),
    "数": ("すう", "suu"),  # 職員数, 件数: always after a noun here
    "額": ("がく", "gaku"),
    "後の": ("ごの", "gono"),
    "行った": ("おこなった", "okonatta"),
    "共同": ("きょうどう", "kyoudou"),  # 男女共同参画, not ともどう
    "参画": ("さんかく", "sankaku"),
    "済の": ("ずみの", "zumino"),
}
_FIXED = re.compile("|".join(sorted(map(re.escape, FIXED), key=len, reverse=True)))


def text_key(text: str) -> str:
    """The key a text's reading is stored under (aomori_cli.search.lexicon computes the same)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def searchable_texts(doc: dict) -> list[str]:
    """Every text search matches whose reading is not curated in programs.toml."""
    texts: list[str] = []
    for p in doc["programmes"]:
        texts += [k["name"] for k in p.get("kpis", [])]
        texts += [p["overview"], p["results"]]
    return list(dict.fromkeys(t for t in texts if t))


def curated_readings(doc: dict) -> list[tuple[str, str]]:
    """(name, curated reading) of every programme, division and group: the readings are
    segmented too, so that a kana query is matched in them word by word."""
    pairs = [(p["name"], p.get("reading", "")) for p in doc["programmes"]]
    for table in ("divisions", "groups"):
        pairs += [(name, v.get("reading", "")) for name, v in doc.get(table, {}).items()]
    return [(name, reading) for name, reading in dict.fromkeys(pairs) if reading]


def reading_words(name: str, reading: str) -> list[str]:
    """The curated reading cut into words where pykakasi cuts the name: each word of the
    name whose reading is where the curated one goes on ends there; one it reads otherwise
    (DX as でぃーえっくす, a misreading) ends where the next word found begins."""
    words = [h for _, h, _ in segments(name) if h.strip()]
    cuts, at = [0], 0
    for k, word in enumerate(words):
        if reading.startswith(word, at):
            at += len(word)
        else:
            found = [reading.find(w, at + 1) for w in words[k + 1 :] if w]
            at = min((f for f in found if f > at), default=len(reading))
        if 0 < at < len(reading):
            cuts.append(at)
    cuts = sorted(set(cuts)) + [len(reading)]
    return [reading[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def segments(text: str) -> list[tuple[str, str, str]]:
    """(original, hiragana, romaji) segments covering the text exactly."""
    import pykakasi

    kakasi = pykakasi.kakasi()
    out: list[tuple[str, str, str]] = []
    at = 0
    # pykakasi drops line breaks: each is a segment of its own, read as a space.
    for match in [*re.finditer(_FIXED.pattern + "|\n", text), None]:
        end = match.start() if match else len(text)
        if end > at:
            for item in kakasi.convert(text[at:end]):
                out.append((item["orig"], item["hira"], item["hepburn"]))
        if match:
            out.append((match[0], *FIXED.get(match[0], (" ", " "))))
            at = match.end()
    assert "".join(o for o, _, _ in out) == text, text
    return out


def build(doc: dict) -> dict:
    from importlib.metadata import version

    entries = {}
    for name, reading in curated_readings(doc):
        import pykakasi

        kakasi = pykakasi.kakasi()
        words = reading_words(name, reading)
        romaji = ["".join(item["hepburn"] for item in kakasi.convert(w)) or w for w in words]
        entries[text_key(reading)] = {
            "len": [len(w) for w in words],
            "kana": "|".join(words),
            "romaji": "|".join(romaji),
        }
    for text in searchable_texts(doc):
        parts = segments(text)
        for part in parts:  # the separator must not occur inside a segment
            assert "|" not in part[1] + part[2], part
        entries[text_key(text)] = {
            "len": [len(o) for o, _, _ in parts],
            "kana": "|".join(h for _, h, _ in parts),
            "romaji": "|".join(r for _, _, r in parts),
        }
    return {
        "about": (
            "Generated by scripts/readings.py from data/programs.toml with pykakasi "
            f"{version('pykakasi')}; do not edit by hand. Keys are sha256(text)[:16]."
        ),
        "texts": dict(sorted(entries.items())),
    }


def display_texts(doc: dict) -> list[str]:
    """The short texts a table breaks into lines: names of programmes, divisions, groups, KPIs
    (and, in words.json after them, the curated readings of the first three)."""
    texts = [p["name"] for p in doc["programmes"]]
    texts += [*doc.get("divisions", {}), *doc.get("groups", {})]
    texts += [k["name"] for p in doc["programmes"] for k in p.get("kpis", [])]
    return list(dict.fromkeys(t for t in texts if t))


def _kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch == "々"


def _katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fc"  # ー too: a word may end with it (ページビュー)


def _hiragana(text: str) -> bool:
    return all("\u3041" <= ch <= "\u309f" for ch in text)


# Compounds pykakasi keeps whole that a line may break inside, and words it cuts that belong
# together, for display only (a native reader's review of the tables).
DISPLAY_SPLITS = {
    "生活習慣": ("生活", "習慣"),
    "講習会開催": ("講習会", "開催"),
    "研究会開催": ("研究会", "開催"),
    "指導員研修会": ("指導員", "研修会"),
    "グリーントランスフォーメーション": ("グリーン", "トランスフォーメーション"),
}
DISPLAY_JOINS = {("運用", "保守"), ("女性", "部")}
_OPENING = "(（「『【"
_CLOSING = ")）」』】、。・"
_SUFFIXES = {"向け"}


def _pieces(text: str) -> list[str]:
    """pykakasi's segments, with a bracket or mark at either end of one a piece of its own
    (・カーボンニュートラル, (GX), and the display splits made."""
    out: list[str] = []
    for original, _, _ in segments(text):
        head = len(original) - len(original.lstrip(_OPENING + "・"))
        tail = len(original.rstrip(_CLOSING))
        middle = original[head:tail] if tail > head else ""
        out += list(original[:head])
        out += list(DISPLAY_SPLITS.get(middle, (middle,) if middle else ()))
        out += list(original[max(head, tail) :])
    return out


def display_words(text: str) -> list[int]:
    """The lengths of ``text``'s words, for line breaking: pykakasi's segments (with the
    display splits and joins above), joined where a line should not break between them:
    - a closing bracket or mark (、。・) to the word before, an opening bracket to the next;
    - hiragana after a word with a kanji in it (its ending or a particle: 継ぎたい, 商店街を);
    - a one-kanji suffix (課, 費, 等, 型, 数) after a word, unless kana follow it (then it
      starts a word: 街づくり), and 向け;
    - katakana after Latin letters (LPガス)."""
    pieces = _pieces(text)
    words: list[str] = []
    opening = ""
    for k, piece in enumerate(pieces):
        following = pieces[k + 1] if k + 1 < len(pieces) else ""
        last = words[-1] if words else ""
        joined = (
            bool(last)
            and not opening
            and (
                piece in _CLOSING
                or (_hiragana(piece) and any(map(_kanji, last)))
                or (
                    len(piece) == 1
                    and _kanji(piece)
                    and not _hiragana(following[:1] or "x")
                    and (_kanji(last[-1]) or _hiragana(last[-1]) or _katakana(last[-1]))
                )
                or piece in _SUFFIXES
                or (_katakana(piece[0]) and last.isascii() and last[-1].isalpha())
                or (last, piece) in DISPLAY_JOINS
            )
        )
        if piece in _OPENING:
            opening += piece
        elif joined:
            words[-1] += piece
        else:
            words.append(opening + piece)
            opening = ""
    if opening:
        words.append(opening)
    assert "".join(words) == text, (text, words)
    return [len(w) for w in words]


def build_words(doc: dict) -> dict:
    return {
        "about": (
            "Generated by scripts/readings.py from data/programs.toml; do not edit by hand. "
            "Each text's word lengths, where a table may break its line."
        ),
        "words": {
            **{text: display_words(text) for text in display_texts(doc)},
            # A curated reading, as search shows it where a kana query matched it.
            **{
                reading: [len(w) for w in reading_words(name, reading)]
                for name, reading in curated_readings(doc)
            },
        },
    }


def main() -> None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    doc = tomllib.loads(SOURCE.read_text(encoding="utf-8"))
    data = build(doc)
    TARGET.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {len(data['texts'])} texts")
    words = build_words(doc)
    WORDS_TARGET.write_text(
        json.dumps(words, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"{WORDS_TARGET.relative_to(ROOT)}: {len(words['words'])} texts")


if __name__ == "__main__":
    main()
