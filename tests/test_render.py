"""Rendering details: Japanese line breaking and terminal safety of displayed text."""

from __future__ import annotations

import re

import pytest
from conftest import measured
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from aomori_cli.text import (
    LATIN_RUN,
    NO_LINE_END,
    NO_LINE_START,
    cell_width,
    clean,
    widest_word,
    wrap,
)


def prose(text: str, width: int) -> str:
    return "\n".join(wrap(clean(text), width))


JAPANESE = st.text(
    alphabet=st.sampled_from(list("事業の支援を行う。、「」（）ーっャ経営ESG2,346件 ab")),
    max_size=200,
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(JAPANESE, st.integers(min_value=8, max_value=60))
def test_prose_keeps_text_and_width_and_breaking_rules(text: str, width: int) -> None:
    lines = prose(text, width).split("\n")
    # Nothing lost or reordered but spaces at line ends.
    assert "".join(lines).replace(" ", "") == clean(text).replace(" ", "")
    for line in lines:
        assert cell_len(line) <= width, line
    # The rules can always be kept unless the text runs several such characters together.
    squeezed = text.replace(" ", "")
    special = NO_LINE_START | NO_LINE_END
    assume(
        not any(a in special and b in special for a, b in zip(squeezed, squeezed[1:], strict=False))
    )

    # Nor when the line before is one unbreakable word or number ("2222222、" in 8 columns):
    # keeping the rule would need a break inside it.
    def one_token(line: str) -> bool:
        return len(line.strip()) <= 1 or re.fullmatch(LATIN_RUN, line.strip()) is not None

    for i, line in enumerate(lines):
        if i > 0 and line:
            assert line[0] not in NO_LINE_START or one_token(lines[i - 1]), (lines[i - 1], line)
        if i < len(lines) - 1 and line and lines[i + 1]:
            assert line[-1] not in NO_LINE_END or len(line.strip()) <= 1, line


def test_prose_example() -> None:
    text = "このため、以下のとおり県内中小企業者の経営支援の強化や、商店街の活性化の推進に係る各種事業を実施した。"
    lines = prose(text, 40).split("\n")
    assert all(not line.startswith(("。", "、")) for line in lines)
    assert (
        "2,346件"
        in prose("県内中小企業者等から2,346件の申請があり", 18).replace("\n", "|").split("|")[1]
    )


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        # At the space, the division and its group whole, in the same two lines.
        ("経済産業政策課 商工団体支援グループ", 20, ["経済産業政策課", "商工団体支援グループ"]),
        # After the middle dot between the parts of a name.
        ("地域交通・連携課", 14, ["地域交通・", "連携課"]),
        # Before an opening bracket.
        ("実施状況報告（令和6年度）", 20, ["実施状況報告", "（令和6年度）"]),
        # ... a half-width one too, as the report prints names (青森県産業立地促進費補助(増設分)).
        ("青森県産業立地促進費補助(増設分)", 30, ["青森県産業立地促進費補助", "(増設分)"]),
        # A katakana word of up to eight characters is whole (ポータルサイ / ト before).
        (
            "あおもり事業者支援ポータルサイト運用保守事業",
            30,
            ["あおもり事業者支援", "ポータルサイト運用保守事業"],
        ),
        # An amount with its sign is one word, whatever its characters.
        ("¥1,338,105 thousand (52.6%)", 18, ["¥1,338,105", "thousand (52.6%)"]),
        # ... and with its unit when they are joined by a no-break space, as amount() does.
        ("¥1,338,105\u00a0thousand (52.6%)", 20, ["¥1,338,105 thousand", "(52.6%)"]),
        # No last line of one character: 補助 goes down together.
        ("地域間幹線バス系統確保維持費補助", 30, ["地域間幹線バス系統確保維持費", "補助"]),
        # Where breaking at words would take more lines, lines are filled as before.
        ("事業の支援を行う。支援を行う。支援", 12, ["事業の支援を", "行う。支援を", "行う。支援"]),
    ],
)
def test_lines_break_at_words_when_that_costs_no_line(
    text: str, width: int, lines: list[str]
) -> None:
    assert wrap(text, width) == lines


# The words of data/words.json, as scripts/readings.py cuts them.
LPGAS = "中小企業者等LPガス・特別高圧電気価格高騰対策支援事業"
LPGAS_WORDS = (6, 5, 2, 2, 2, 2, 2, 2, 2, 2)  # 中小企業者等|LPガス・|特別|高圧|電気|…
MACHI = "商店街を中心とした課題解決型街づくり支援事業"
MACHI_WORDS = (4, 5, 2, 3, 4, 2, 2)  # 商店街を|中心とした|課題|解決型|街づくり|支援|事業


@pytest.mark.parametrize(
    ("text", "words", "width", "lines"),
    [
        # A name breaks between its words: 電気 and 街づくり stay whole.
        (LPGAS, LPGAS_WORDS, 30, ["中小企業者等LPガス・特別高圧", "電気価格高騰対策支援事業"]),
        (MACHI, MACHI_WORDS, 30, ["商店街を中心とした課題解決型", "街づくり支援事業"]),
        (MACHI, MACHI_WORDS, 20, ["商店街を中心とした", "課題解決型街づくり", "支援事業"]),
        # A word of Latin letters and katakana (LPガス) is whole too.
        (
            LPGAS,
            LPGAS_WORDS,
            16,
            ["中小企業者等", "LPガス・特別高圧", "電気価格高騰対策", "支援事業"],
        ),
        # ... unless that takes more lines: then lines are filled as without words.
        (MACHI, MACHI_WORDS, 12, ["商店街を中心", "とした課題解", "決型街づくり", "支援事業"]),
        # Words that are not this text's (they do not cover it) are ignored.
        (MACHI, (4, 5), 30, ["商店街を中心とした課題解決型街", "づくり支援事業"]),
        (MACHI, (0, 4, 5, 2, 3, 4, 2, 2), 30, ["商店街を中心とした課題解決型街", "づくり支援事業"]),
    ],
)
def test_a_name_breaks_between_its_words(
    text: str, words: tuple[int, ...], width: int, lines: list[str]
) -> None:
    assert wrap(text, width, words) == lines


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        # A closing bracket with its particle: not 「…制度」 / の認定.
        (
            "県内企業に対し「健康経営優良法人認定制度」の認定取得を推進する。",
            44,
            ["県内企業に対し「健康経営優良法人認定制度」の", "認定取得を推進する。"],
        ),
        # No last line of one character and its stop: not 交付し / た。
        (
            "交付申請のあった事業者に補助金を交付した。",
            38,
            ["交付申請のあった事業者に補助金を交付", "した。"],
        ),
        ("中小企業者等に補助する。", 20, ["中小企業者等に補助", "する。"]),
        # ... nor of a small kana's verb (図っ / た。): the kanji before っ goes too.
        (
            "このほか、青森県商店街振興組合連合会が行う各種事業等を通じて、"
            "商店街・中小小売商業の活性化を図った。",
            20,
            [
                "このほか、青森県商店",
                "街振興組合連合会が行",
                "う各種事業等を通じ",
                "て、商店街・中小小売",
                "商業の活性化を",
                "図った。",
            ],
        ),
    ],
)
def test_prose_keeps_a_particle_and_a_last_stop_in_company(
    text: str, width: int, lines: list[str]
) -> None:
    assert wrap(text, width) == lines


def test_the_shipped_words_are_used_for_names_only_where_known(run) -> None:
    from aomori_cli.words import word_lengths

    assert word_lengths(LPGAS) == LPGAS_WORDS
    assert word_lengths(MACHI) == MACHI_WORDS
    assert word_lengths(MACHI + "x") == ()  # a text words.json does not list
    # A division and its group, as show and totals --by group write them.
    assert word_lengths("地域企業支援課 中小企業支援グループ") == (2, 2, 3, 1, 4, 2, 4)
    assert word_lengths("地域企業支援課 未知の課") == ()  # Japanese the file does not list
    # Latin or a figure with its unit beside listed words is a word as it stands (a heading).
    assert word_lengths("地域企業支援課 xyz") == (2, 2, 3, 1, 3)
    heading = word_lengths("No.5 監理課  11,204千円")
    assert heading == (4, 1, *word_lengths("監理課"), 1, 1, len("11,204千円"))
    # A list's label: No.23：its name.
    assert word_lengths("No.23：" + MACHI) == (6, *MACHI_WORDS)
    out = run("--lang", "ja", "list", env={"COLUMNS": "80"}).stdout
    assert re.search(r"特別高圧 +213,369.*\n +電気価格高騰対策支援事業\n", out)
    assert re.search(r"課題解決型 +710.*\n +街づくり支援事業\n", out)


def test_malformed_words_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    from aomori_cli import words

    table = {
        "地域交通・連携課": [2, 2, 1, 3],
        "鉄道対策課": [2, True, 2],  # not a number
        "監理課": [4],  # longer than the text
        "経済産業政策課": "2,2,3",
        "県民活躍推進課": [2, 2, 3.0],
    }
    monkeypatch.setattr(words, "_table", lambda: table)
    assert words.word_lengths("地域交通・連携課") == (2, 2, 1, 3)
    for text in ("鉄道対策課", "監理課", "経済産業政策課", "県民活躍推進課"):
        assert words.word_lengths(text) == (), text


def test_clean_shows_controls_and_drops_bidi() -> None:
    assert clean("a\x1b[31mb\u202ec\x07") == "a␛[31mb\ufffdc␇"
    # Line and paragraph separators, zero-width and tag characters are made visible too.
    assert clean("a\u2028b\u2029c\u200bd\U000e0041e") == "a\ufffdb\ufffdc\ufffdd\ufffde"
    assert clean("行1\n行2\tx") == "行1\n行2 x"


@pytest.mark.parametrize(
    "text",
    [
        "増減: ▲ は減少、+ は増加、0 は横ばい、- は記載なし (令和5年度 → 令和6年度)",
        "Change: + rise, − fall, 0 no change, n/a no figure (FY2023 → FY2024)",
    ],
)
def test_a_sign_stays_with_its_word_and_an_era_with_its_year(text: str) -> None:
    for width in range(14, 41):
        lines = wrap(text, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", ""), width
        for line in lines:
            assert not re.search(r"(?:^|\s)[-+−▲]$", line), (width, line)
            assert not line.endswith(("令和", "令")), (width, line)


@pytest.mark.parametrize("width", range(10, 30))  # 10: "equipment)" whole
def test_a_hyphen_between_letters_may_end_a_line_and_nothing_else_moves(width: int) -> None:
    text = "Grants decided (carbon-neutral equipment) −4名 2024-25 -5件"
    lines = wrap(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", ""), lines
    for line in lines:
        assert cell_width(line) <= width, (width, line)
        assert not line.endswith("("), (width, line)  # kinsoku kept: (carbon- stays together
        assert not re.search(r"(?:^|\s)[-−]$|2024-$", line), (width, line)  # signs, numbers
    if width < len("(carbon-neutral"):
        assert "(carbon-" in lines, lines
    assert widest_word("carbon-neutral") == len("carbon-")
    assert widest_word("2024-25") == len("2024-25")


@pytest.mark.parametrize("width", range(2, 10))
def test_an_era_year_wider_than_the_line_is_split_by_cells(width: int) -> None:
    assert all(cell_width(line) <= width for line in wrap("令和5年度", width))


def test_every_text_of_the_report_keeps_kinsoku_at_every_column_width(report) -> None:
    """A katakana word gives up its end rather than let ・ or ) start a line (エネル /
    ギー・脱炭, not エネルギー / ・脱炭); only a number or an English word that fills its line
    stays whole instead (a figure cut would be a wrong figure): tables are made wide enough
    for it and its bracket (render._word_floor)."""
    texts = [
        text
        for p in report.programmes
        for text in (p.name, p.name_en, p.overview, p.results, p.division, p.group)
    ]
    texts += [k.name for p in report.programmes for k in p.kpis]
    texts += [k.name_en for p in report.programmes for k in p.kpis]
    for text in texts:
        for width in range(6, 41):  # from the narrowest text column (render.MIN_TEXT)
            lines = wrap(text, width)
            assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")
            for before, after in zip(lines, lines[1:], strict=False):
                word = before.split(" ")[-1].lstrip("(（[［「")
                if before and after and not re.fullmatch(LATIN_RUN, word):
                    assert after[0] not in NO_LINE_START, (width, before, after)
                    assert before[-1] not in NO_LINE_END, (width, before, after)


def test_a_reference_mark_stays_with_its_note_at_every_width(report) -> None:
    """※ is explained by the text after it: `show 7` at 30 and 60 columns left it alone on a
    line above its note (a short note was broken at its only space, as a name may be)."""
    notes = [n for p in report.programmes for n in p.notes if n.startswith("※")]
    assert notes
    for note in notes:
        for width in range(6, 100):
            lines = wrap(note, width)
            assert all(not line.rstrip().endswith("※") for line in lines), (width, lines)


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("エネルギー・脱炭素政策課", 10, ["エネル", "ギー・脱炭", "素政策課"]),
        ("インターネット", 6, ["イン", "ター", "ネット"]),
        # A number or an English word that fits stays whole, even where ) then starts a line.
        (
            "Grants (carbon-neutral equipment)",
            9,
            ["Grants", "(carbon-", "neutral", "equipment", ")"],
        ),
        ("参加者52.6%、", 6, ["参加者", "52.6%", "、"]),
        ("達成率105.25%）", 8, ["達成率", "105.25%", "）"]),
        ("SMEs (manufacturing)", 8, ["SMEs", "(manufac", "turing)"]),
        ("あ（abcdefghijkl", 6, ["あ", "（abcd", "efghij", "kl"]),
    ],
)
def test_a_word_gives_up_its_end_rather_than_break_kinsoku(
    text: str, width: int, lines: list[str]
) -> None:
    assert wrap(text, width) == lines


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        # A year before an English word is no amount before its unit (a review: "the / 2024
        # logistics problem" left "the" alone, where "and the 2024" fits).
        (
            "Subsidy for logistics efficiency and the 2024 logistics problem",
            30,
            ["Subsidy for logistics", "efficiency and the 2024", "logistics problem"],
        ),
        ("From programme 5 on, the", 16, ["From programme 5", "on, the"]),
        ("基本方針② Strengthening", 13, ["基本方針②", "Strengthening"]),
        # A number keeps a Japanese unit even across the space the source's damage put there,
        # and a unit as people space it (an attack review: "経費の 50 / % を補助").
        ("県内の鉄道事業者 2 社に対し", 20, ["県内の鉄道事業者", "2 社に対し"]),
        ("導入経費の 50 % を補助", 13, ["導入経費の", "50 % を補助"]),
        ("最大出力 100 kW", 13, ["最大出力", "100 kW"]),
        # ... and an English amount its unit, joined by a no-break space.
        ("Budget: ¥1,338,105\u00a0thousand", 20, ["Budget:", "¥1,338,105 thousand"]),
    ],
)
def test_a_number_keeps_its_unit_but_not_the_next_english_word(
    text: str, width: int, lines: list[str]
) -> None:
    assert wrap(text, width) == lines


@pytest.mark.parametrize(
    ("value", "english", "japanese"),
    [
        (0.0, "0.0%", "0.0%"),
        (-6 / 37956 * 100, "−0.02%", "▲0.02%"),  # a fall too small for one decimal still shows
        (0.001, "+<0.01%", "+<0.01%"),
        (-0.004, "−<0.01%", "▲<0.01%"),
        (-99.99999, "−99.9%", "▲99.9%"),  # FY2024 is not 0: not a total fall
        (-100.0, "−100.0%", "▲100.0%"),
        (-4.33, "−4.3%", "▲4.3%"),
        (None, "n/a", "-"),
    ],
)
def test_a_percent_change_keeps_its_sign_however_small(
    value: float | None, english: str, japanese: str
) -> None:
    from aomori_cli.i18n import language, set_language
    from aomori_cli.numbers import change_pct

    before = language()
    try:
        set_language("en")
        assert change_pct(value) == english
        set_language("ja")
        assert change_pct(value) == japanese
    finally:
        set_language(before)


def test_a_word_keeps_at_most_two_brackets_in_its_floor() -> None:
    from aomori_cli.render import _word_floor

    assert _word_floor("Grants (carbon-neutral equipment)") == len("equipment)")
    assert _word_floor("（Supercalifragilistic）") == 2 + 16 + 2  # a long word: 16 letters
    assert _word_floor("(" * 10_000 + "word" + ")" * 10_000) == 2 + 4 + 2


def test_a_hanging_paragraph_aligns_its_lines_after_the_bullet() -> None:
    """A correction's bullet line goes on under its text, not under the bullet (about, show)."""
    from aomori_cli.layout.blocks import Para
    from aomori_cli.render import para

    lines = para(Para("・事業15の担当課: 「（担当課：地域企業支援課）」", hang=2), 20).plain.split(
        "\n"
    )
    assert len(lines) > 2 and lines[0].startswith("・")
    assert all(line.startswith("  ") and not line.startswith("   ") for line in lines[1:])
    assert max(cell_width(line) for line in lines) <= 20
    indented = para(Para("text " * 10, indent=2, hang=2), 20).plain.split("\n")
    assert indented[0].startswith("  t") and all(x.startswith("    t") for x in indented[1:])


@pytest.mark.parametrize("run_length", [1_000, 8_000])
def test_a_run_of_no_break_spaces_is_measured_in_linear_time(monkeypatch, run_length) -> None:
    """A name of 10,000 no-break spaces took `show` 21 s: each joined token was measured
    again as it grew. The characters measured must grow with the text, not its square."""
    import aomori_cli.text as text_module

    measured_so_far = measured(monkeypatch, text_module, "cell_width")
    name = "\u00a0" * run_length + "x"
    text_module.widest_word(name)
    text_module.wrap_tokens(name, 40)
    assert measured_so_far() < 20 * run_length


@pytest.mark.parametrize(
    ("fraction", "shown"),
    [
        (0.0, "0.0%"),
        (1 / 100_000_001, "<0.01%"),  # a budget of 1 beside 100,000,000: not none
        (0.0007, "0.07%"),
        (0.5, "50.0%"),
        (0.9996, "99.9%"),  # all but a little: not all
        (1.0, "100.0%"),
    ],
)
def test_a_share_is_never_rounded_to_none_or_all(fraction: float, shown: str) -> None:
    from aomori_cli.numbers import pct

    assert pct(fraction) == shown


def test_words_may_take_the_lines_their_row_takes_anyway() -> None:
    """A name whose words need one line more than filling breaks at its words where its table
    row is that tall anyway (a KPI beside it in three lines): the line costs nothing."""
    from aomori_cli.text import wrap_tokens

    def lines(room: int) -> list[str]:
        return ["".join(t for _, t in line) for line in wrap_tokens(MACHI, 12, MACHI_WORDS, room)]

    assert lines(4) == ["商店街を中心", "とした課題解", "決型街づくり", "支援事業"]
    assert lines(5) == ["商店街を", "中心とした", "課題解決型", "街づくり支援", "事業"]


@pytest.mark.lang("ja")
def test_a_kpi_beside_a_taller_name_breaks_at_its_words(run) -> None:
    text = run("compare", "--all", env={"COLUMNS": "80"}).stdout
    assert "公開した継がせた" not in text  # filled: 公開した継がせた / い事業者数
    assert re.search(
        r"公開した +5者.*\n.*継がせたい事業者 継がせたい\n.*支援促進事業 +事業者数\n", text
    )


def test_every_line_is_a_piece_of_its_text(report) -> None:
    """A break only drops the spaces at it: every line is a piece of the text as written.
    Mending a last line once moved は after a dropped space (また / はmd。)."""
    texts = ["出力形式: table、json、jsonl、csv、tsv または md。"]
    texts += [t for p in report.programmes for t in (p.name, p.overview, p.results, p.division)]
    texts += [k.name for p in report.programmes for k in p.kpis]
    for text in texts:
        for width in range(4, 81, 3):
            for line in wrap(text, width):
                assert line in text, (text[:20], width, line)


@pytest.mark.parametrize(
    ("lang", "header", "under"),
    [
        ("en", "Programme (division)", "(Citizen Participation Promotion"),
        ("ja", "事業名（担当課）", "（県民活躍推進課）"),
    ],
)
def test_a_division_under_a_name_is_told_apart_without_colour(
    run, lang: str, header: str, under: str
) -> None:
    """Between 50 and 80 columns the division is under the name: only dim, it read as the
    name's last lines when piped (from a review)."""
    text = run("list", env={"AOMORI_LANG": lang, "COLUMNS": "64"}).stdout
    assert header in text.splitlines()[0]
    assert any(line.strip().startswith(under) for line in text.splitlines())


@pytest.mark.parametrize("width", range(30, 81, 5))
def test_a_counting_word_and_its_meaning_stay_on_one_line(run, width: int) -> None:
    """The English legend of counting words broke "千円 thousand / yen" (from a review)."""
    text = run("show", "2", env={"AOMORI_LANG": "en", "COLUMNS": str(width)}).stdout
    lines = [line for line in text.splitlines() if "千円" in line or "者" in line]
    assert any("千円 thousand yen" in line for line in lines), text
    assert any("者 businesses or people" in line for line in lines), text


def test_no_line_ends_in_spaces_even_inside_its_last_style() -> None:
    """In a terminal, Rich's padding of a total row ended inside its bold, so stripping
    spaces left them (from a review)."""
    from aomori_cli.cli.output import _without_trailing_spaces as strip

    assert strip("Total  \x1b[0m \x1b[1m\x1b[0m") == "Total\x1b[0m\x1b[1m\x1b[0m"
    assert strip("x\x1b[1;31m  ") == "x\x1b[1;31m"
    assert strip("a m") == "a m" and strip("   ") == "" and strip("") == ""
    assert strip("a\x1b[ignore  m  ") == "a\x1b[ignore  m"  # not a style: kept as it is


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_record_title_that_wraps_goes_on_under_itself(run, lang: str) -> None:
    """In a list of labelled values, "No.19: Companies designated" went on at column 0
    ("for the subsidy"), where it read as another record (from a review)."""
    width = "30" if lang == "en" else "20"
    text = run("compare", "--all", "-n", "2", env={"AOMORI_LANG": lang, "COLUMNS": width}).stdout
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("No.19"))
    hang = len("No.19: ") if lang == "en" else len("No.19") + 2  # ：is two cells
    assert lines[at + 1].startswith(" " * hang) and lines[at + 1].strip(), lines[at : at + 3]


@pytest.mark.parametrize(
    ("lang", "args", "first", "then"),
    [
        ("ja", ["show", "20"], "継がせたい事業者発掘事業", " 参加市町村数"),
        ("ja", ["totals", "--by", "group"], "地域交通・連携課", " 地域モビリティ推進グループ"),
        ("en", ["totals", "--by", "group"], "Regional Business Support Division", " / SME"),
    ],
)
def test_a_first_cell_that_wraps_goes_on_indented(run, lang, args, first, then) -> None:
    """A KPI's or a total's name that wrapped went on at column 0 beside no figures, where it
    read as a row of its own (from a new user's review)."""
    lines = run(*args, env={"AOMORI_LANG": lang, "COLUMNS": "60"}).stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(first))
    assert lines[at + 1].startswith(then), lines[at : at + 2]


def test_a_narrow_list_leaves_out_a_new_column_no_row_marks(run) -> None:
    """At 40 columns a 新規 column blank on every row took the room of the others (from a
    new user's review); a row marked new keeps it."""
    args = ["list", "--division", "経済産業", "--division", "企業立地", "--min-budget", "100,000"]
    none_new = run(*args, env={"AOMORI_LANG": "ja", "COLUMNS": "40"}).stdout
    assert "新規" not in none_new.splitlines()[2]
    some_new = run("list", env={"AOMORI_LANG": "ja", "COLUMNS": "40"}).stdout
    assert "新規" in some_new.splitlines()[0] and "○" in some_new


@pytest.mark.parametrize("width", [36, 40])
def test_a_comparison_heading_breaks_its_name_between_words(run, width: int) -> None:
    """compare 5 at 40 broke its heading 鉄道軌道安全輸送設備等整備事業費補 / 助 (from a new
    user's review)."""
    text = run("compare", "5", env={"AOMORI_LANG": "ja", "COLUMNS": str(width)}).stdout
    first, second = text.splitlines()[:2]
    assert not first.endswith("補") and not second.startswith("助"), (first, second)
