"""What a reader sees: whole figures at every width, ▲ for a fall, line-break rules (禁則) in
every line, Markdown and TSV for people and tools, marks explained, the source cited."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from rich.cells import cell_len

from aomori_cli import render
from aomori_cli.text import LATIN_RUN, NO_LINE_END, NO_LINE_START

COMMANDS = [
    ["list"],
    ["list", "--division", "地域企業支援課", "--unit", "oku"],
    ["show", "10"],
    ["show", "21"],
    ["show", "23"],
    ["compare", "2"],
    ["compare", "2", "3", "4"],
    ["compare", "--all"],
    ["compare", "--kpi", "件数", "--sort", "change"],
    ["totals"],
    ["totals", "--by", "group"],
    ["totals", "--by", "new", "--unit", "yen"],
    ["search", "経営"],
    ["about"],
    ["about", "--unit", "oku"],
    ["fields"],
    ["list", "--fields", "no,name,share,budget_thousand_yen"],
]
IDS = [" ".join(c) for c in COMMANDS]
WIDTHS = [*range(20, 61), 67, 72, 79, 80, 81, 90, 100, 120, 150, 200, 300]

# A figure as people read it: a sign, digits with grouping, decimals, a percent sign...
# (Digits inside a longer Latin word, a file name say, are not a figure.)
FIGURE = r"(?<![A-Za-z0-9_.,])[+▲]?\d[\d,]*(?:\.\d+)?%?(?!\.?[\dA-Za-z_])"
# ... and with its unit, which must stay beside it.
WITH_UNIT = r"\d[\d,]*(?:\.\d+)?(?:千円|億円|円|件|名|者|社|回|%| thousand| million)"


def output(run, args: list[str], width: int) -> str:
    r = run(*args, env={"COLUMNS": str(width)})
    assert r.exit_code == 0, (width, r.output)
    return r.stdout


@pytest.mark.slow
@pytest.mark.parametrize("args", COMMANDS, ids=IDS)
def test_no_figure_is_ever_cut(run, args: list[str]) -> None:
    widest = output(run, args, 300)
    figures = set(re.findall(FIGURE, widest))
    with_units = set(re.findall(WITH_UNIT, widest))
    for width in WIDTHS:
        text = output(run, args, width)
        for line in text.splitlines():
            assert cell_len(line) <= width, (width, line)
        # Every figure on the screen is one the widest rendering shows whole: a cut one
        # ("+4" of "+4.3%", "52." of "52.6%") would be a figure of its own.
        for figure in re.findall(FIGURE, text):
            assert figure in figures, (width, figure, args)
        for figure in re.findall(WITH_UNIT, text):
            assert figure in with_units, (width, figure, args)
        # An English amount keeps its unit on its line: "¥1,338,105" alone reads 1,000× less.
        lines = [line.strip() for line in text.splitlines()]
        for before, after in zip(lines, lines[1:], strict=False):
            split = re.search(r"¥[\d,.]+$", before) and after.startswith(("thousand", "×"))
            assert not split, (width, before, after, args)


@pytest.mark.slow
@pytest.mark.parametrize("width", [20, 30, 40, 45, 50, 60, 80, 120])
def test_every_budget_is_shown_whole_at_every_width(run, width: int) -> None:
    data = json.loads(output(run, ["list", "--json"], 100))
    text = output(run, ["list"], width)
    lines = text.splitlines()
    for p in data:
        budget = f"{p['budget_thousand_yen']:,}"
        assert any(re.search(rf"(?<![\d,]){budget}(?![\d,])", line) for line in lines), (
            width,
            budget,
        )
    assert any("2,543,429" in line for line in lines)


def _unbreakable(line: str) -> bool:
    """One word or number that cannot be broken, or a single character."""
    stripped = line.strip()
    return len(stripped) <= 1 or re.fullmatch(LATIN_RUN, stripped) is not None


@pytest.mark.slow
@pytest.mark.parametrize("width", [20, 30, 40, 50, 60, 80, 120])
@pytest.mark.parametrize("args", COMMANDS, ids=IDS)
def test_kinsoku_in_every_line(run, monkeypatch: pytest.MonkeyPatch, args, width) -> None:
    """Every line break in the output is made by one function; each break it makes in every
    command, in every cell, paragraph and heading, keeps the rules."""
    seen: list[list[str]] = []
    real = render.wrap_tokens

    def recording(
        text: str, w: int, words: tuple[int, ...] = (), room: int = 0
    ) -> list[list[tuple[int, str]]]:
        lines = real(text, w, words, room)
        seen.append(["".join(t for _, t in line) for line in lines])
        return lines

    monkeypatch.setattr(render, "wrap_tokens", recording)
    output(run, args, width)
    assert seen
    for lines in seen:
        for before, after in zip(lines, lines[1:], strict=False):
            if not before or not after or _unbreakable(before):
                continue
            assert after[0] not in NO_LINE_START, (before, after)
            assert before[-1] not in NO_LINE_END, (before, after)
            assert not (before[-1].isdigit() and after[0] in "件名者社回円千億%"), (before, after)


@pytest.mark.parametrize("args", COMMANDS, ids=IDS)
def test_no_trailing_spaces_in_piped_tables(run, args: list[str]) -> None:
    for line in output(run, args, 100).splitlines():
        assert line == line.rstrip(" "), repr(line)


# --- the sign convention -----------------------------------------------------------------------


@pytest.mark.lang("ja")
def test_a_fall_is_a_triangle_and_a_rise_a_plus(run) -> None:
    text = output(run, ["compare", "10"], 100)
    assert "▲32" in text and "▲0.1%" in text and "+1,384" in text and "+3.4%" in text
    assert "▼" not in text and "▲+" not in text and "▲-" not in text
    assert "▲ は減少" in text  # the legend says what ▲ means
    data = json.loads(output(run, ["compare", "10", "--json"], 100))
    assert data[0]["kpis"][2]["change"] == -32  # JSON keeps signed numbers


# --- Markdown, TSV -------------------------------------------------------------------------------


@pytest.mark.lang("ja")
def test_markdown_list_is_for_people(run) -> None:
    text = output(run, ["list", "--format", "md"], 100)
    lines = text.splitlines()
    assert lines[0] == "| No. | 事業名 | 事業費(千円) | 割合 | 新規 | 担当課 | 頁 |"
    assert lines[1] == "| ---: | --- | ---: | ---: | --- | --- | ---: |"
    assert "| 10 | 経営改善普及事業費補助 | 1,338,105 | 52.6% |  | 経済産業政策課 | 55 |" in lines
    assert lines[-3] == "|  | **合計 23件** | **2,543,429** | **100.0%** |  |  |  |"
    assert "○ 令和6年度新規事業" in text  # the mark is explained


@pytest.mark.lang("ja")
def test_markdown_show_is_a_record_then_the_kpi_table(run) -> None:
    text = output(run, ["show", "10", "--format", "md"], 100)
    assert text.startswith("- **No.**: 10\n- **事業名**: 経営改善普及事業費補助\n")
    assert "| 項目 | 令和5年度 | 令和6年度 | 増減 | 増減率 |" in text
    assert "| 窓口相談件数 | 37,956件 | 37,924件 | ▲32件 | ▲0.1% |" in text


@pytest.mark.lang("ja")
def test_markdown_totals_has_its_total_row(run) -> None:
    text = output(run, ["totals", "--format", "md"], 100)
    assert "| **合計** | **23** | **2,543,429** | **100.0%** |" in text
    assert "| 経済産業政策課 | 3 | 1,686,628 | 66.3% |" in text


def test_markdown_never_passes_markup(run, tmp_path: Path) -> None:
    data = tmp_path / "d.toml"
    data.write_text(
        "[[programmes]]\nno = 1\n"
        'name = "<script>alert(1)</script> <img src=x onerror=alert(1)> ![i](http://x/i.png)"\n'
        'budget_thousand_yen = 1\ndivision = "[課](javascript:alert(1)) | a\\nb"\npage = 1\n',
        encoding="utf-8",
    )
    for args in (["list"], ["show", "1"], ["totals"]):
        r = run("--data", str(data), *args, "--format", "md")
        assert r.exit_code == 0, r.output
        assert "<script" not in r.stdout and "<img" not in r.stdout, r.stdout
        unescaped = re.sub(r"\\.", "", r.stdout)  # what is left once escapes are taken out
        assert "![" not in unescaped and "](" not in unescaped, r.stdout
        assert "&lt;script&gt;" in r.stdout or args == ["totals"]
        for line in r.stdout.splitlines():
            if line.startswith("|"):  # the | and the newline in the data stay in their cell
                assert line.count(" | ") + 2 == line.count("|") - line.count("\\|")


def test_tsv_is_one_record_per_line(run) -> None:
    text = output(run, ["list", "--format", "tsv"], 100)
    lines = text.splitlines()
    assert len(lines) == 24
    header = lines[0].split("\t")
    results = lines[23].split("\t")[header.index("results")]
    assert "\\n" in results and "\n" not in results
    assert {len(line.split("\t")) for line in lines} == {len(header)}


# --- marks, numbers typed, the source ----------------------------------------------------------


@pytest.mark.lang("ja")
def test_every_mark_is_explained_where_it_appears(run) -> None:
    assert "○ 令和6年度新規事業" in output(run, ["list", "--new"], 100)
    assert "○" not in output(run, ["list", "--division", "鉄道対策課"], 100)
    fuzzy = output(run, ["search", "健康径営"], 100)
    assert "~" in fuzzy and "~ 表記の近い一致" in fuzzy
    compare = output(run, ["compare", "4"], 100)
    assert "- は記載なし" in compare and "▲ は減少" in compare


@pytest.mark.parametrize("typed", ["100,000", "１００，０００", "100000", "１０００００"])
def test_amounts_accept_grouping_and_full_width_digits(run_json, typed: str) -> None:
    chosen = run_json("list", "--min-budget", typed, "--max-budget", "200,000")
    assert [p["no"] for p in chosen] == [2, 8]


@pytest.mark.parametrize("typed", ["lots", "10,00", "1,0000", "1,000_000", "12.5"])
def test_a_bad_amount_is_a_usage_error(run, typed: str) -> None:
    r = run("list", "--min-budget", typed)
    said = "not a whole number" if typed == "12.5" else "is not an amount in thousand yen"
    assert r.exit_code == 2 and r.stdout == "" and said in r.stderr


def test_a_negative_amount_says_so(run) -> None:
    r = run("list", "--max-budget", "-5,000")
    assert r.exit_code == 2 and r.stdout == "" and "'-5,000' is below 0" in r.stderr


def test_an_absurd_terminal_width_is_a_wide_one(run) -> None:
    r = run("show", "10", env={"COLUMNS": "99999999999999999999"})
    assert r.exit_code == 0 and "1,338,105" in r.stdout and r.stderr == ""


@pytest.mark.parametrize("zero", ["0", "00"])
def test_columns_zero_means_the_terminals_own_width(run, monkeypatch, zero: str) -> None:
    """COLUMNS=0 is unset, as shutil reads it: Rich took it for the narrowest width and the
    table became a list (from a review)."""
    monkeypatch.delenv("COLUMNS")
    wide = run("list").stdout
    assert run("list", env={"COLUMNS": zero}).stdout == wide
    assert wide.startswith("No. Programme")


@pytest.mark.lang("ja")
def test_show_cites_what_the_report_prints(run) -> None:
    text = output(run, ["show", "10"], 100)
    assert "出典: ② 中小企業の経営基盤の強化を図ること 55頁" in text
    title_line = next(line for line in text.splitlines() if "実施状況報告" in line)
    assert "仮題" in title_line  # the descriptive title is marked as such


@pytest.mark.parametrize(
    "command", ["list", "show", "compare", "totals", "search", "about", "fields", "schema"]
)
def test_help_never_wraps_inside_an_argument(run, command: str) -> None:
    r = run(command, "-h", env={"COLUMNS": "80"})
    assert r.exit_code == 0
    examples = [
        line.strip() for line in r.stdout.splitlines() if line.strip().startswith("aomori ")
    ]
    assert examples, r.stdout
    for line in examples:
        assert line.count("'") % 2 == 0, line
        assert Counter(line)["|"] <= 1, line


# --- found by trying the tool as a new user ----------------------------------------------------


@pytest.mark.lang("ja")
@pytest.mark.parametrize("width", [20, 24, 30])
def test_a_figure_with_its_unit_is_never_split(run, width: int) -> None:
    for args, figure in (
        (["show", "10"], "1,338,105千円"),
        (["show", "10", "--unit", "yen"], "1,338,105,000円"),
        (["show", "2", "--unit", "yen"], "172,726,000円"),
    ):
        text = output(run, args, width)
        assert any(figure in line for line in text.splitlines()), (args, width, text[:400])


def test_search_snippets_never_cut_a_number_or_word(run) -> None:
    text = output(run, ["search", "支援", "-n", "0"], 120)
    assert "2024年問題" in text and "…24年" not in text
    text = output(run, ["search", "企業", "-n", "0"], 120)
    assert "…CT施工" not in text


def test_a_bar_is_cut_never_folded(run) -> None:
    for width in (78, 80, 82, 84):
        lines = output(run, ["totals", "--division", "地域企業支援課", "--by", "group"], width)
        assert not [line for line in lines.splitlines() if line.strip().startswith("█")]


@pytest.mark.lang("ja")
def test_narrow_lists_name_rows_and_totals_plainly(run) -> None:
    text = output(run, ["compare", "--all"], 30)
    assert "No.19：" in text  # a number, not a rank
    totals = output(run, ["totals"], 20).splitlines()
    at = totals.index("合計")
    assert totals[at + 1 : at + 4] == ["  件数：23", "  千円：2,543,429", "  割合：100.0%"]


@pytest.mark.lang("ja")
def test_notes_where_figures_could_be_misread(run) -> None:
    assert "四捨五入" in output(run, ["totals", "--unit", "oku"], 100)
    assert "四捨五入" in output(run, ["list", "--unit", "oku"], 100)
    assert "選んだ事業の合計" in output(run, ["totals", "--division", "地域企業支援課"], 100)
    r = run("search", "事業")
    assert "--limit 0" in r.stderr


ROUNDED = [
    "show 10",
    "compare 10 11",
    "search 経営 -n 3",
    "about",
    "list --fields no,budget_thousand_yen",
]


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("command", ROUNDED)
def test_money_rounded_to_oku_says_so_wherever_it_is_shown(run, command, lang) -> None:
    note = {
        "ja": "億円は小数第3位を四捨五入",
        "en": "Amounts in ¥ million are rounded to the nearest",
    }
    env = {"COLUMNS": "100", "AOMORI_LANG": lang}
    rounded = run(*command.split(), "--unit", "oku", env=env)
    assert rounded.exit_code == 0, rounded.output
    assert note[lang] in rounded.stdout
    assert "add up" not in rounded.stdout and "合計と合わない" not in rounded.stdout  # no total
    assert note[lang] not in run(*command.split(), env=env).stdout


@pytest.mark.lang("ja")
def test_a_subtotal_in_another_unit_names_what_the_report_prints(run) -> None:
    assert "小計     25.43億円 (原文: 2,543,429千円)" in output(
        run, ["about", "--unit", "oku"], 100
    )
    assert "小計     2,543,429千円 (原文どおり)" in output(run, ["about"], 100)


def test_global_options_after_the_command_are_explained(run) -> None:
    r = run("list", "--data", "x.toml")
    assert r.exit_code == 2 and "global option" in r.stderr and "aomori --data FILE" in r.stderr


def test_formats_a_command_cannot_write_are_not_offered(run) -> None:
    assert run("about", "--format", "csv").exit_code == 2
    assert "csv" not in run("about", "-h").stdout
    assert run("schema", "--json").exit_code == 0
    r = run("list", "--excel", "--json")
    assert r.exit_code == 2 and "--excel" in r.stderr
    r = run("list", "--min-budget", "100,000", "--max-budget", "50")
    assert r.exit_code == 2 and "above --max-budget" in r.stderr


@pytest.mark.parametrize(
    ("args", "width", "hidden"),
    [
        (["list"], 100, None),
        (["list"], 60, "Share, Page"),
        (["list"], 40, "Share, Division, Page"),
        (["compare", "2", "3", "4"], 100, None),
        (["compare", "2", "3", "4"], 60, "Share, Division"),
        (["compare", "--all"], 100, None),
        (["compare", "--all"], 70, "Programme"),
        (["compare", "--all"], 60, None),  # a list, which names each KPI's programme
    ],
)
def test_a_narrowed_table_says_what_it_leaves_out(
    run, args: list[str], width: int, hidden: str | None
) -> None:
    text = " ".join(output(run, args, width).split())
    if hidden is None:
        assert "Not shown at this width" not in text
    else:
        them = "them" if ", " in hidden else "it"
        assert f"Not shown at this width: {hidden} (a wider terminal shows {them})" in text


def test_the_compare_summary_counts_kpis_without_a_figure(run) -> None:
    """No. 4's two KPIs have no FY2023 figure: its row must not read 0 0 0 as if it had none."""
    text = output(run, ["compare", "2", "4"], 120)
    header = next(line for line in text.splitlines() if "Rose" in line)
    assert header.split()[-5:] == ["Rose", "Fell", "Same", "No", "figure"]
    row = next(line for line in text.splitlines() if line.lstrip().startswith("4 "))
    assert row.split()[-4:] == ["0", "0", "0", "2"]


CATALOGUE = Path(__file__).parents[1] / "aomori_cli/locale/ja/LC_MESSAGES/aomori.po"
ENGLISH_VIEWS = [
    ["list"],
    ["compare", "--all"],
    ["compare", "6", "20"],
    ["search", "subsidy", "--limit", "0"],
    ["show", "7"],
    ["fields"],
]


@pytest.mark.slow
@pytest.mark.parametrize("width", [20, 30, 40, 60, 80])
@pytest.mark.parametrize("args", ENGLISH_VIEWS, ids=lambda a: "-".join(a))
def test_english_words_and_field_names_are_never_split(run, args: list[str], width: int) -> None:
    """At any width, each English word in a table or list is whole (or broken after a hyphen
    between letters): every run of letters shown narrow is a word the widest rendering shows
    (decarbonisat / ion and Municipaliti / es were not), and every field name is whole."""
    env = {"AOMORI_LANG": "en"}
    wide = run(*args, env={**env, "COLUMNS": "1000"}).stdout
    # ... and the words of the interface's own messages (notes shown only when narrow).
    words = set(re.findall(r"[A-Za-z]+", wide + CATALOGUE.read_text("utf-8")))
    narrow = run(*args, env={**env, "COLUMNS": str(width)}).stdout
    split = sorted(set(re.findall(r"[A-Za-z]+", narrow)) - words)
    assert not split, split
    names = set(re.findall(r"[a-z0-9]+(?:_[a-z0-9]+)+", wide))
    assert set(re.findall(r"[a-z0-9]+(?:_[a-z0-9]+)+", narrow)) <= names


def test_a_long_field_name_stays_whole_as_a_label(run) -> None:
    args = ["list", "--group", "ricchi suishin", "--fields", "no,name,group,budget_thousand_yen"]
    lines = output(run, args, 20).splitlines()
    assert lines.count("budget_thousand_yen:") == 2
    assert all(len(line) <= 20 for line in lines)


def test_a_value_below_its_label_is_broken_by_the_rules_and_indented(run, tmp_path: Path) -> None:
    data = (Path(__file__).parent.parent / "data" / "programs.toml").read_text("utf-8")
    text = "あいうえおかきくけこーさしすせそたちつてと）なにぬねの"
    hostile = tmp_path / "long.toml"
    hostile.write_text(
        data.replace('printed = "県内の鉄道事業者 2 社に対し"', f'printed = "{text}"')
    )
    args = ["--data", str(hostile), "list", "--fields", "no,budget_thousand_yen,corrections"]
    lines = output(run, [*args, "-n", "5"], 20).splitlines()
    at = lines.index("  corrections:")
    below = lines[at + 1 :]
    assert all(line.startswith("    ") and cell_len(line) <= 20 for line in below), below
    assert not any(line[4] in NO_LINE_START for line in below[1:]), below
    assert "".join(line[4:] for line in below).startswith("results: " + text)


def test_a_table_with_room_for_every_column_whole_wraps_nothing(run) -> None:
    """At 200 columns the English list fits whole: no division is wrapped to save room it
    does not need (a cap of 24 cells wrapped them all, beside a name column padded to 90)."""
    text = output(run, ["list", "--lang", "en"], 200)
    rows = [line for line in text.splitlines() if line[:3].strip().isdigit()]
    assert len(rows) == 23
    assert "Citizen Participation Promotion Division" in text
    assert len(text.splitlines()) == 2 + 23 + 3  # header and rule, rows, blank, total, legend


@pytest.mark.lang("ja")
def test_a_name_of_three_lines_breaks_at_its_words(run) -> None:
    """鉄道対策課 / 新幹線・地方鉄道 / グループ, not 鉄道対策課 新幹 / 線・地方鉄道 / グループ:
    a short name breaks at words wherever that takes no more lines, not only in two lines."""
    text = output(run, ["totals", "--by", "group"], 40)
    cells = [line.split("│")[0].strip() for line in text.splitlines()]
    at = cells.index("鉄道対策課")
    assert cells[at + 1 : at + 3] == ["新幹線・地方鉄道", "グループ"]


@pytest.mark.lang("ja")
def test_changes_ranked_within_units_are_set_apart(run) -> None:
    """--sort change ranks within each unit: ▲5,585件 after +7,175千円 is a new ranking,
    and a blank line says so; the data (JSON) has no blank row."""
    text = output(run, ["compare", "--all", "--sort", "change"], 100)
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("──")) + 1
    end = next(n for n, line in enumerate(lines) if line.startswith("増減:"))
    table = lines[start:end]
    while table and not table[-1].strip():
        table.pop()
    blanks = [n for n, line in enumerate(table) if not line.strip()]
    assert blanks and all(table[n - 1].strip() and table[n + 1].strip() for n in blanks)
    rows = json.loads(run("compare", "--all", "--sort", "change", "--json").stdout)
    ranked = [r for r in rows if r["change"] is not None]
    changes_of_unit = sum(a["unit"] != b["unit"] for a, b in zip(ranked, ranked[1:], strict=False))
    # ... and one more before the KPIs with no change, which end the list together.
    assert len(rows) == 64 and changes_of_unit + 1 == len(blanks)


@pytest.mark.lang("ja")
def test_a_list_of_labelled_values_shows_every_field(run) -> None:
    """At 20 columns each programme is a list of labelled values, with room for every field:
    share, division and page were still left out, with a note saying so."""
    listed = output(run, ["list", "--limit", "2"], 20)
    assert "割合：0.4%" in listed and "担当課：県民活躍" in listed and "頁：51" in listed
    assert "この幅では省略" not in listed
    table = output(run, ["list", "--limit", "2"], 40)
    assert "この幅では省略: 割合、担当課、頁" in table and "頁: 51" not in table


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("width", [20, 30, 40, 60])
def test_every_help_line_fits_the_terminal(run, lang: str, width: int) -> None:
    """At 40 columns, list -h printed <no|budget|name|division|group|name_en|page> on a line
    of 47, and at the options' own indent, as if it were one (from a review)."""
    from aomori_cli.text import cell_width

    for command in ("list", "show", "compare", "totals", "search", "export", "about"):
        r = run(command, "-h", env={"COLUMNS": str(width), "AOMORI_LANG": lang})
        assert r.exit_code == 0
        lines = r.stdout.splitlines()
        # The options, up to the examples (whose quoted words are never broken).
        first_example = next(
            i for i, line in enumerate(lines) if line.strip().startswith("aomori ")
        )
        for line in lines[:first_example]:
            long_word = any(cell_width(w) > width - 6 and "|" not in w for w in line.split())
            assert cell_width(line) <= width or long_word, (command, line)
        choices = [line for line in r.stdout.splitlines() if line.lstrip().startswith("<")]
        assert all(line.startswith("    ") for line in choices), (command, choices)


@pytest.mark.lang("ja")
@pytest.mark.parametrize("width", [*range(30, 81, 2), 100])
def test_a_figure_keeps_its_qualifier_in_prose(run, width: int) -> None:
    """No. 17's results broke 対して延べ / 7回専門家を派遣 (from a new user's review)."""
    lines = output(run, ["show", "17"], width).splitlines()
    for line, after in zip(lines, lines[1:], strict=False):
        assert not (line.endswith(("延べ", "延", "約")) and after[:1].isdigit()), (line, after)
        assert not (line.endswith("延") and after.startswith("べ")), (line, after)
    assert any("延べ7回" in line for line in lines)


@pytest.mark.lang("ja")
@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["list"], "  事業費(千円)：9,243"),
        (["totals", "--unit", "yen"], "  事業費(円)：1,686,628,000"),
        (["compare", "10"], "  令和5年度：265名"),
    ],
)
def test_a_list_names_each_value_in_full_where_it_has_room(run, args, line) -> None:
    """A table's short headers (千円, R5) name values in the list it becomes below 40
    columns, where a line has room for 事業費(千円) and 令和5年度 (from a review)."""
    assert line in output(run, args, 30).splitlines()


def test_a_longer_label_gives_way_to_the_value_beside_it(run) -> None:
    lines = output(run, ["totals"], 30).splitlines()
    assert "  ¥ thousand: 1,686,628" in lines  # Budget (¥ thousand): … would not fit
    assert "  Budget (¥ thousand): 1,338,105" in output(run, ["search", "経営"], 40).splitlines()


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize(
    "args", [["compare", "10"], ["totals", "--unit", "yen"], ["totals", "--by", "group"]]
)
@pytest.mark.parametrize("width", [20, 24, 30])
def test_a_column_is_named_alike_in_every_record(run, lang, args, width) -> None:
    """令和5年度 in one record and R5 in the next, 円 beside 事業費(円), read as different
    things (from a review)."""
    text = run(*args, env={"COLUMNS": str(width), "AOMORI_LANG": lang}).stdout
    labels = {line.strip().split("：")[0].split(": ")[0] for line in text.splitlines()
              if line.startswith("  ") and not line.startswith("   ")}  # fmt: skip
    pairs = [("R5", "令和5年度"), ("FY23", "FY2023"), ("円", "事業費(円)"),
             ("千円", "事業費(千円)"), ("¥", "Budget (¥)"), ("¥ thousand", "Budget (¥ thousand)")]  # fmt: skip
    assert not any(short in labels and full in labels for short, full in pairs), labels
