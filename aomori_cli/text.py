"""Plain text: the one set of characters unsafe to show, folding for matching (width, kana,
romaji), display width, and Japanese line breaking (kinsoku). No Rich here.

Folding is for matching only: what is shown is always the text as curated.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

# --- characters unsafe to show -----------------------------------------------------------------

# Shown as a visible stand-in in every human format (tables, Markdown, messages): controls as
# their pictures (ESC as ␛), and as U+FFFD whatever could reorder, hide or split text: C1
# controls (CSI, OSC), bidi overrides, line and paragraph separators, zero-width, invisible
# (soft hyphen, fillers) and tag characters. Newline is kept (prose has paragraphs); a tab
# becomes a space. Variation selectors stay: Japanese names use them (U+E0100 and on).
_REPLACEMENT = "\ufffd"
HIDDEN = (
    *range(0x80, 0xA0), 0xAD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5,
    *range(0x180B, 0x1810), 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029,
    *range(0x202A, 0x202F), *range(0x2060, 0x2065), *range(0x2066, 0x2070), 0x3164, 0xFEFF,
    0xFFA0, 0xFFF9, 0xFFFA, 0xFFFB, *range(0x13430, 0x13440), *range(0x1D173, 0x1D17B),
    *range(0x1BCA0, 0x1BCA4),
    *range(0xE0000, 0xE0080), 0x2800,
)  # fmt: skip
_UNSAFE: dict[int, str] = {
    **{c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)},
    0x09: " ",
    0x7F: "\u2421",
    **dict.fromkeys(HIDDEN, _REPLACEMENT),
}
_LINE_BREAKS = {0x0A: " ", 0x0D: " "}


def clean(text: str) -> str:
    """Text safe for a terminal or a reader: unsafe characters replaced by visible ones."""
    return text.translate(_UNSAFE)


def one_line(text: str) -> str:
    """clean() for messages and table cells of one line: line breaks become spaces."""
    return clean(text.translate(_LINE_BREAKS))


# --- folding for matching --------------------------------------------------------------------

_KATA_TO_HIRA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
_DROPPED = (
    "".join(chr(c) for c in range(0x00, 0x30))  # controls, space, !"#…/
    + ":;<=>?@[\\]^_`{|}~\x7f"
    + "".join(chr(c) for c in range(0x80, 0xA0))  # C1 controls
    + "\u00a0\u00b7\u2010\u2011\u2012\u2013\u2014\u2015\u2016\u2018\u2019\u201c\u201d"
    + "\u2025\u2026\u2022\u203b\u2212\u2500\u2028\u2029"
    + "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
    + "".join(chr(c) for c in range(0x3000, 0x3005))  # 　、。〃
    + "".join(chr(c) for c in range(0x3008, 0x3021))  # 〈〉《》「」『』【】〒〓〔〕…〜〝〞〟〠
    + "\u30fb\u30fc\uff65\uff70"  # ・ ー and their half-width forms
)
# Kept on purpose: 々 〆 〇 (letters), and digits. "~" and "ー" are dropped so that
# "ポータル", "ﾎﾟｰﾀﾙ" and "ぽたる" all meet.
_FOLD: dict[int, int | None] = {**_KATA_TO_HIRA, **{ord(ch): None for ch in _DROPPED}}


def normalize(text: str) -> str:
    """The form both sides are matched in (NFKC, casefold, katakana as hiragana, no spaces
    or punctuation); never shown to the user."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)
    if not folded.isalnum() and folded:
        # Anything else that is neither letter, mark, number nor symbol (other scripts'
        # punctuation, tag characters) cannot block a match.
        folded = "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LMNS")
    return folded


_MARKS = "\uff9e\uff9f\u3099\u309a"
_PIECES: dict[str, str] = {}  # normalize() of single characters: texts repeat them endlessly


def _clusters(text: str) -> list[tuple[int, str]]:
    """Characters with their combining marks (and half-width voicing marks) attached."""
    out: list[tuple[int, str]] = []
    for i, ch in enumerate(text):
        if out and (unicodedata.combining(ch) or ch in _MARKS):
            start, cluster = out[-1]
            out[-1] = (start, cluster + ch)
        else:
            out.append((i, ch))
    return out


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """normalize() plus, for each output character, the index of its source character."""
    chars: list[str] = []
    origin: list[int] = []
    for start, cluster in _clusters(text):
        piece = _PIECES.get(cluster)
        if piece is None:
            piece = _PIECES[cluster] = normalize(cluster)
        chars.append(piece)
        origin.extend([start] * len(piece))
    return "".join(chars), origin


def source_span(text: str, origin: list[int], start: int, end: int) -> tuple[int, int]:
    """The span of ``text`` that normalised characters ``start:end`` came from."""
    first = origin[start]
    stop = origin[end - 1] + 1
    # The last source character may be a cluster; include all of it.
    while stop < len(text) and (unicodedata.combining(text[stop]) or text[stop] in _MARKS):
        stop += 1
    return (first, stop)


# Patterns are compiled by re on first use (and cached there): most runs never need them.
# Kunrei and Nihon-shiki spellings to Hepburn, in one pass.
_SPELLING = (
    r"(?<![cs])ty|(?<![sc])si|(?<![sc])ti|(?<!t)tu|(?<![sc])hu|tch|sy|[zjd]y|[zd]i|du|m(?=[bpm])|wo"
)
_HEPBURN = {
    "ty": "ch", "si": "shi", "ti": "chi", "tu": "tsu", "hu": "fu", "tch": "cch", "sy": "sh",
    "zy": "j", "jy": "j", "dy": "j", "zi": "ji", "di": "ji", "du": "zu", "m": "n", "wo": "o",
}  # fmt: skip
# Long vowels written or dropped: ou, oo, oh (before a consonant), uu, aa, ii, ee; ei is kept.
_LONG_VOWEL = r"oh(?![aeiouy])|o[uo]|uu|aa|ii|ee"
_WORD = r"[a-z0-9]+"


def fold_romaji(text: str) -> str:
    """Fold romaji so Hepburn, Kunrei, macrons and dropped long vowels meet."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    folded = "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum())
    folded = re.sub(_SPELLING, lambda m: _HEPBURN[m[0]], folded)
    return re.sub(_LONG_VOWEL, lambda m: m[0][0], folded)


def fold_words(words: Iterable[str]) -> tuple[str, frozenset[int]]:
    """Romaji words folded (fold_romaji) one by one and joined, with the offset where each
    word (and each word within a segment) starts: a romaji query matches from a word's start,
    so "gas" finds "gasu" but not "tsugasetai" (aomori_cli.search.match)."""
    folded: list[str] = []
    starts: set[int] = set()
    at = 0
    for segment in words:
        for word in segment.split():
            piece = fold_romaji(word)
            if piece:
                starts.add(at)
                folded.append(piece)
                at += len(piece)
    return "".join(folded), frozenset(starts)


def english_words(text: str) -> list[str]:
    return re.findall(_WORD, unicodedata.normalize("NFKC", text).casefold())


def is_latin(text: str) -> bool:
    """Written in Latin letters (macrons and full-width forms allowed): romaji or English."""
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    ).isascii()


# --- display width and Japanese line breaking --------------------------------------------------


def cell_width(text: str) -> int:
    """Terminal cells: wide and full-width characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    width = 0
    for ch in text:
        if ch.isascii():
            width += 1
        elif unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        else:
            width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return width


# Kinsoku: no line starts with closing punctuation, a prolonged sound mark, an iteration mark
# or a small kana; none ends with an opening bracket.
NO_LINE_START = frozenset(
    "、。，．,.）)］]｝}」』】〕〉》’”・：；:;？！?!ー～…‥ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々®™"
    "ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｬｭｮｯｰ"
)
NO_LINE_END = frozenset("（(［[｛{「『【〔〈《‘“")
# A sign or mark standing alone is explained by the word after it ("+ rise", "▲ は減少",
# "※ 「…」は"): no break between them, so that a line never ends with a bare "-" (read as a
# hyphen), "−" or "※".
LONE_SIGNS = frozenset(("+", "-", "−", "▲", "○", "~", "×", "※"))
# Latin words and numbers ("ESG", "2,346件"'s "2,346", "+4.3%") are never split.
# A number keeps the unit printed after it ("1,338,105千円", "2,346件", "52.6%").
UNITS = "千円|億円|万円|円|件|名|者|社|回|人|台|路線|市町村|市町|か所|箇所|年度|年|月|日|頁"
# A run starts with a letter, a digit, a sign (+, ▲ or − for a change, ¥ or $ before an
# amount or a variable) or a quote, so that nothing separates a sign from its number or an
# opening quote from its word.
LATIN_RUN = rf"[A-Za-z0-9+\-▲−¥$'\"][A-Za-z0-9,.%&'/+\-_]*(?<=\d)(?:{UNITS})|[A-Za-z0-9+\-▲−¥$'\"][A-Za-z0-9,.%&'/+\-_]*"


def wrap(text: str, width: int, words: Sequence[int] = ()) -> list[str]:
    """Lines of at most ``width`` cells, broken by the rules above; Latin words and numbers are
    kept whole where they fit. Each paragraph (newline) starts a new line. ``words``: the
    lengths of the text's words, if known (a name: 電気|価格), kept whole too where that takes
    no more lines."""
    return ["".join(token for _, token in line) for line in wrap_tokens(text, width, words)]


def wrap_tokens(
    text: str, width: int, words: Sequence[int] = (), room: int = 0
) -> list[list[tuple[int, str]]]:
    """``wrap``'s lines as the pieces of ``text`` they hold, each with its offset in ``text``,
    so that styles given by offset (a highlighted match) follow the text onto its lines.
    ``room``: lines the text may take anyway (its table row is that tall), so that breaking
    at its words costs nothing up to it."""
    width = max(width, 2)
    lines: list[list[tuple[int, str]]] = []
    at = 0
    cuts = _cuts(words, text) if "\n" not in text else frozenset()
    for paragraph in text.split("\n"):
        found = _paragraph_lines(paragraph, width, reach=0)
        if len(found) > 1 and cuts:  # at the text's words, if that takes no more lines
            worded = _paragraph_lines(paragraph, width, reach=0, cuts=cuts)
            fits = len(worded) <= max(len(found), room)
            found, cuts = (worded, cuts) if fits else (found, frozenset())
        if len(found) > 1:  # broken by filling each line: at spaces and marks instead, if no longer
            # A name or a label (NAME_LENGTH characters at most) may break at any of them
            # (がん・ / 生活習慣病対策課, 鉄道対策課 / 新幹線・地方鉄道 / グループ); prose only
            # near a line's end, so that no line of it is left short. A name broken at its
            # words breaks at a space only (地域企業支援課 / 中小企業支援グループ): each word's
            # end is as good a place as a mark.
            reaches = [width] if len(paragraph) <= NAME_LENGTH else []
            for reach in [*reaches, min(12, width // 3)]:
                marked = _paragraph_lines(paragraph, width, reach=reach, cuts=cuts)
                if len(marked) <= len(found):
                    found = marked
                    break
            _no_orphan(found, width)
        # A no-break space has done its work: it is shown (and copied) as a space.
        lines += [[(at + s, t.replace(NO_BREAK_SPACE, " ")) for s, t in line] for line in found]
        at += len(paragraph) + 1
    return lines


NAME_LENGTH = 40  # the longest programme name has 33 characters


def _no_orphan(lines: list[list[tuple[int, str]]], width: int) -> None:
    """A last line of one character (補助 as 補 / 助), or of one and its stop (交付し / た。),
    takes the character before it along, where the rules allow the earlier break and all
    still fits."""
    last, before = lines[-1], lines[-2]
    body = [t for _, t in last if t not in NO_LINE_START]
    if len(body) != 1 or len(body[0]) != 1 or last[0][1] != body[0] or len(before) < 3:
        return  # (md。 is a word and its stop, no orphan)
    if before[-1][0] + len(before[-1][1]) != last[0][0]:
        return  # a space was dropped at the break: what moves would lose it
    used = sum(cell_width(t) for _, t in last)
    # The character before it; for a verb's last kana and its stop, two or three where the one
    # before may not start a line (採っ / た。), never into a word (担当 / 課、頁。).
    verb = _is_hiragana(body[0]) and last[-1][1] == "。"
    for m in range(1, min(4 if verb else 2, len(before) - 1)):
        moving = before[-m:]
        used += cell_width(moving[0][1])
        if moving[0][1] == " " or used > width:
            return
        if breakable(before[-m - 1][1], moving[0][1]) and before[-m - 1][1] != " ":
            lines[-2] = before[:-m]
            lines[-1] = [*moving, *last]
            return


def _cuts(words: Sequence[int], text: str) -> frozenset[int]:
    """Where ``text``'s words (their lengths) end; none unless they cover the text exactly."""
    if not words or sum(words) != len(text) or not all(n > 0 for n in words):
        return frozenset()
    ends, at = [], 0
    for n in words:
        at += n
        ends.append(at)
    return frozenset(ends)


def _paragraph_lines(
    paragraph: str, width: int, reach: int, cuts: frozenset[int] = frozenset()
) -> list[list[tuple[int, str]]]:
    lines: list[list[tuple[int, str]]] = []
    line: list[tuple[int, str]] = []
    used = 0
    for start, token in _tokens(paragraph, width, cuts):
        size = cell_width(token)
        if token == " " and used + size > width:
            # A space past the end: kept for now (the next token decides where the line
            # breaks, and the break may move back before it); trimmed if it ends a line.
            line.append((start, token))
            used += size
            continue
        if line and used + size > width:
            k = _carry([t for _, t in line], token, width, reach, marks=not cuts)
            if not k and token != " " and _parted(line, token, width):
                k = _carry([t for _, t in line], token, width, reach, marks=not cuts)
            kept = line[: len(line) - k]
            if any(t.strip() for _, t in kept):
                lines.append(_trimmed(kept))
            line = line[len(line) - k :] if k else []
            while line and line[0][1] == " ":
                line.pop(0)
            used = sum(cell_width(t) for _, t in line)
            if token == " " and not line:
                continue
        line.append((start, token))
        used += size
    lines.append(_trimmed(line))
    return lines


def _parted(line: list[tuple[int, str]], token: str, width: int) -> bool:
    """Where nothing may end the line before ``token`` (エネルギー then ・, at the width of
    エネルギー), a katakana word before it gives up its end instead (エネル / ギー・), within
    the rules; False when it cannot, or when a line may end here after all."""
    last = next((t for _, t in reversed(line) if t != " "), "")
    start, word = line[-1]
    if not last or breakable(last, token, units=False) or not _KATAKANA_WORD.fullmatch(word):
        return False  # a number or an English word stays whole (105.25% / ）, not 105.2 / 5%）)
    for j in range(len(word) - 1, 0, -1):
        head, tail = word[:j], word[j:]
        if cell_width(tail) + cell_width(token) > width:
            return False
        if breakable(head, tail):
            line[-1:] = [(start, head), (start + j, tail)]
            return True
    return False


def _trimmed(line: list[tuple[int, str]]) -> list[tuple[int, str]]:
    end = len(line)
    while end and line[end - 1][1] == " ":
        end -= 1
    return line[:end]


# A katakana word (グループ, ジェンダー, ポータルサイト) is kept whole like a Latin one; a
# longer run is a compound (ビジネスサポートポータルサイト), which may break anywhere.
KATAKANA_RUN = r"(?<![ァ-ヺー])[ァ-ヺ][ァ-ヺー]{1,7}(?![ァ-ヺー])"
_KATAKANA_WORD = re.compile(KATAKANA_RUN)  # a token that is one such word
# An era year is one word: 令和 / 5年度 would part the era from its year.
ERA_YEAR = r"(?:令和|平成|昭和)(?:元|\d{1,2})年度?"
NO_BREAK_SPACE = "\u00a0"
WORD = rf"{ERA_YEAR}|{LATIN_RUN}|{KATAKANA_RUN}"
_UNIT_WORDS = frozenset(UNITS.split("|"))
_UNIT_LONGEST = max(map(len, _UNIT_WORDS))

# A hyphen between letters (carbon-neutral, Energy-saving) may end a line, as in English print.
_HYPHEN_BREAK = re.compile(r"(?<=[A-Za-z]-)(?=[A-Za-z])")


def _word_pieces(word: str) -> list[str]:
    """A word's parts between the places it may break inside: after a hyphen between letters."""
    return _HYPHEN_BREAK.split(word) if "-" in word else [word]


def _tokens(
    paragraph: str, width: int, cuts: frozenset[int] = frozenset()
) -> list[tuple[int, str]]:
    """(offset, token): characters, with Latin words, numbers and katakana words as one
    token (split when wider than a line). Tokens joined by a no-break space are one token
    where they fit a line (an amount and its unit: ¥1,338,105 thousand). With ``cuts`` (where
    the paragraph's words end), each word is one token too, where it fits."""
    tokens: list[tuple[int, str]] = []
    at = 0
    for match in re.finditer(WORD, paragraph):
        tokens += [(i, paragraph[i]) for i in range(at, match.start())]
        word = match[0]
        wide = cell_width(word) > len(word)  # katakana or an era year: two cells a character
        size = max(1, width // 2) if wide else width
        offset = match.start()
        # An opening bracket before the word goes with its first piece (kept on one line):
        # that piece is shorter by the bracket's cells (one character of a wide word).
        bracket = paragraph[offset - 1] if offset else ""
        opened = 0
        if bracket in NO_LINE_END:
            opened = 1 if wide else cell_width(bracket)
        for piece in [word] if wide else _word_pieces(word):
            if len(piece) <= size - opened:  # most words: whole
                tokens.append((offset, piece))
            else:
                tokens += [(offset + i, chunk) for i, chunk in _chunks(piece, size, size - opened)]
            offset += len(piece)
            opened = 0
        at = match.end()
    tokens += [(i, paragraph[i]) for i in range(at, len(paragraph))]
    if cuts:
        tokens = _words_whole(tokens, cuts, width)
    if NO_BREAK_SPACE in paragraph:
        tokens = _joined(tokens, width)
    return tokens


def _words_whole(
    tokens: list[tuple[int, str]], cuts: frozenset[int], width: int
) -> list[tuple[int, str]]:
    """The tokens of each word made one (電 and 気; LP and ガス), where the whole word fits a
    line; a word wider than that keeps its tokens, and a space is never joined."""
    out: list[tuple[int, str]] = []
    word: list[tuple[int, str]] = []
    for start, token in [*tokens, (-1, " ")]:
        if word and (start in cuts or token == " "):  # the word so far ends here
            whole = "".join(t for _, t in word)
            out += [(word[0][0], whole)] if cell_width(whole) <= width else word
            word = []
        if token == " ":
            out.append((start, token))
        else:
            word.append((start, token))
    return out[:-1]


def _chunks(piece: str, size: int, first: int) -> list[tuple[int, str]]:
    """(offset, piece): a word wider than a line in pieces of at most ``size`` characters
    (``first`` for the first), none starting with what no line may start with: インターネット
    at three is イン / ター / ネット, not インタ / ーネッ / ト."""
    out: list[tuple[int, str]] = []
    at, limit = 0, max(1, first)
    while at < len(piece):
        end = min(len(piece), at + limit)
        while at + 1 < end < len(piece) and piece[end] in NO_LINE_START:
            end -= 1
        out.append((at, piece[at:end]))
        at, limit = end, max(1, size)
    return out


def _joined(tokens: list[tuple[int, str]], width: int) -> list[tuple[int, str]]:
    """Tokens joined by a no-break space made one, where they fit a line; in time linear in
    the text, however long its run of no-break spaces (a joined token's cells and length are
    kept, not counted again at each step)."""
    out: list[tuple[int, list[str], int, int]] = []  # start, parts, cells, characters
    for start, token in tokens:
        cells = cell_width(token)
        if token == NO_BREAK_SPACE:  # a unit named before it is one word (市町 municipalities)
            for n in (4, 3, 2):
                if len(out) < n or sum(e[3] for e in out[-n:]) > _UNIT_LONGEST:
                    continue
                named = "".join(part for e in out[-n:] for part in e[1])
                if named in _UNIT_WORDS:
                    merged = (out[-n][0], [named], sum(e[2] for e in out[-n:]), len(named))
                    out[-n:] = [merged]
                    break
        if out and (token == NO_BREAK_SPACE or out[-1][1][-1].endswith(NO_BREAK_SPACE)):
            first, parts, used, length = out[-1]
            if used + cells <= width:
                parts.append(token)
                out[-1] = (first, parts, used + cells, length + len(token))
                continue
        out.append((start, [token], cells, len(token)))
    return [(start, "".join(parts)) for start, parts, _, _ in out]


# After these a line breaks as well as at a space: Japanese commas and stops, the middle dot
# between the parts of a name (地域交通・連携課), closing brackets.
SOFT_BREAKS = frozenset("、。・，．）」』】〕)")
SOFT_BREAKS_BEFORE = frozenset("（「『【〔(")  # ... and before an opening bracket


def _soft_carry(line: list[str], token: str, width: int, reach: int, marks: bool = True) -> int:
    """A break near the end of the line at a space or at a soft break (see above), so
    that words stay whole where they can (経済産業政策課 / 商工団体支援グループ, not
    経済産業政策課 商 / 工団体…); 0 when there is none within ``reach`` cells of the end."""
    moved = cell_width(token)
    for k in range(1, len(line)):
        moved += cell_width(line[-k])
        if moved > width or moved - cell_width(token) > reach:
            break
        before, after = line[-k - 1], line[-k]
        if before == " " or not before.strip():
            continue
        if after == " " or marks and (before[-1] in SOFT_BREAKS or after[0] in SOFT_BREAKS_BEFORE):
            following = [t for t in (*line[len(line) - k :], token) if t != " "]
            # Not between a closing bracket and the particle after it (「…制度」 / の認定).
            particle = before[-1] in _CLOSING_BRACKETS and following and _is_hiragana(following[0])
            if following and breakable(before, following[0]) and not particle:
                return k
    return 0


_CLOSING_BRACKETS = frozenset("」』】〕）)")


def _is_hiragana(token: str) -> bool:
    return "\u3041" <= token[0] <= "\u309f"


def _carry(line: list[str], token: str, width: int, reach: int = 0, marks: bool = True) -> int:
    """How many tokens to move from the end of a full line to the next, so that the break
    keeps the rules: first those of kinsoku and a number beside its unit, then, where no
    break can keep both, kinsoku alone (0 when none exists within the line, or what moves
    would not fit the next). A break at a space or after Japanese punctuation near the end
    of the line (within ``reach`` cells of its end) comes before all of them."""
    if reach and token != " " and line[-1] != " ":
        at_word = _soft_carry(line, token, width, reach, marks)
        if at_word:
            return at_word
    widths = [cell_width(t) for t in line]
    for keep_units in (True, False):
        moving = cell_width(token)  # what goes to the next line: the last k tokens and token
        for k in range(len(line)):
            if k:
                moving += widths[-k]
            if moving > width:
                break
            # Spaces at either side of the break are dropped, so look past them.
            moved = (*line[len(line) - k :], token)
            following = [t for t in moved if t != " "]
            kept = [t for t in line[: len(line) - k] if t != " "]
            if not kept:  # only spaces stay behind: move it all, the blank line is not kept
                return k
            spaced = moved[0] == " " or line[len(line) - k - 1] == " "
            if not following or breakable(kept[-1], following[0], units=keep_units, spaced=spaced):
                return k
    return 0


# How the qualifiers a figure may have end (延べ, 延, 約): a token ending so keeps the digits
# after it.
_QUALIFIER_ENDS = ("延べ", "べ", "延", "約")


# Two-letter English words a number is followed by in a sentence ("5 on", "0 or"); any other
# two letters may be a unit (kW, km).
_SHORT_WORDS = frozenset(("an", "as", "at", "by", "in", "is", "of", "on", "or", "to"))


def _english_word(token: str) -> bool:
    """A Latin word, not a unit: three letters or more, lower-case after the first
    (logistics, and, Strengthening; not kW, kWh or %), or a short word of a sentence."""
    head = token[:3]
    if len(head) == 3 and head.isascii() and head.isalpha() and head[1:].islower():
        return True
    word = token.rstrip(",.;:")
    return word in _SHORT_WORDS


def breakable(before: str, after: str, *, units: bool = True, spaced: bool = False) -> bool:
    """Whether a line may end with ``before`` and the next begin with ``after``: not before
    closing punctuation, not after an opening bracket, and (``units``) not between a number
    and its unit ("2,346" / "件") or its qualifier ("延べ" / "7回"). ``spaced``: a space lies
    between them."""
    last, first = before[-1], after[0]
    if first in NO_LINE_START or last in NO_LINE_END or before in LONE_SIGNS:
        return False
    # A unit is a letter (件, 千円, 名) or %; a bracket after a number may break, and a space
    # before an English word ("the 2024 / logistics problem": an English amount keeps its
    # unit by a no-break space, ¥1,338,105 thousand), but not one before a unit as people
    # space them: "50 %", "100 kW", and a Japanese unit, as the source's damage printed
    # "2 社". And a figure keeps its qualifier before it (延べ 7回, 約 30件: 延べ / 7回 from a
    # review).
    return not units or not (
        last.isdigit()
        and not (spaced and _english_word(after))
        and (first == "%" or unicodedata.category(first)[0] == "L")
        or first.isdigit()
        and before.endswith(_QUALIFIER_ENDS)
        or last == "延"
        and first == "べ"
    )


def kana_order(reading: str) -> tuple[str, str]:
    """A sort key in 五十音 order: voiced and half-voiced kana sort with their plain ones
    (がん before かんり), and break ties after them."""
    folded = normalize(reading)
    plain = "".join(ch for ch in unicodedata.normalize("NFD", folded) if ch not in "\u3099\u309a")
    return (plain, folded)


def widest_word(text: str) -> int:
    """The widest piece ``wrap`` never splits: a Latin or katakana word or a number, else one
    character; an amount joined to its unit (no-break space) with what may not start a line
    after it: "¥2,543,429 thousand)" keeps whole only on a line as wide as all of it."""
    best = max((cell_width(ch) for ch in text), default=0)
    if NO_BREAK_SPACE in text:
        tokens = [t for _, t in _tokens(text, cell_width(text))]
        for i, token in enumerate(tokens):
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            closing = cell_width(after) if after in NO_LINE_START else 0
            best = max(best, cell_width(token) + closing)
        return best
    for match in re.finditer(WORD, text):
        best = max(best, *(cell_width(piece) for piece in _word_pieces(match[0])))
    return best
