"""Japanese and English: the catalogue, choosing the language, what each language shows, and
machine output that is the same in both."""

from __future__ import annotations

import gettext
import json
import re
import shutil
import string
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from aomori_cli import i18n
from aomori_cli.i18n import LanguageError, detect, from_locale

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import messages  # noqa: E402  (scripts/messages.py)
import msgfmt  # noqa: E402  (scripts/msgfmt.py)

PO = messages.CATALOGUE
MO = PO.with_suffix(".mo")


def entries() -> dict[tuple[str, str | None], list[str]]:
    return msgfmt.parse(PO.read_text("utf-8"))


# --- the catalogue -----------------------------------------------------------------------------


def test_every_message_of_the_code_is_translated_and_none_is_stale() -> None:
    wrong = messages.problems(entries(), messages.messages())
    assert not wrong, "run python scripts/messages.py, then translate:\n" + "\n".join(wrong)


def test_the_code_has_messages_of_every_kind() -> None:
    """The extraction finds what it must: an error, a header, a help text, a plural."""
    found = messages.messages()
    for key in [
        ("no programme matches these filters", None),
        ("Division", None),
        ("Show one programme: budget, division, overview, results, KPIs and notes.", None),
        ("Total, {count} programme", "Total, {count} programmes"),
        ("Usage: ", None),
    ]:
        assert key in found, key


def _fields(text: str) -> list[tuple[str, str | None]]:
    return sorted(
        (name, conversion)
        for _lit, name, _spec, conversion in string.Formatter().parse(text)
        if name is not None
    )


def test_each_translation_has_the_placeholders_of_its_english() -> None:
    """A translation naming another field would end in a KeyError when it is shown."""
    for (msgid, plural), strs in entries().items():
        if not msgid:
            continue
        for text in strs:
            assert _fields(text) == _fields(msgid), (msgid, text)
            if plural is not None:
                assert _fields(plural) == _fields(msgid), plural


def test_the_compiled_catalogue_is_current() -> None:
    assert MO.read_bytes() == msgfmt.compile_mo(entries()), "run python scripts/msgfmt.py"


def test_gettext_reads_every_translation_from_the_compiled_catalogue() -> None:
    with MO.open("rb") as file:
        catalogue = gettext.GNUTranslations(file)
    for (msgid, plural), strs in entries().items():
        if not msgid:
            continue
        if plural is None:
            assert catalogue.gettext(msgid) == strs[0]
        else:
            assert catalogue.ngettext(msgid, plural, 5) == strs[0]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt not installed")
def test_gnu_msgfmt_accepts_the_catalogue(tmp_path: Path) -> None:
    out = tmp_path / "aomori.mo"
    r = subprocess.run(
        ["msgfmt", "--check", "-o", str(out), str(PO)], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    with out.open("rb") as gnu, MO.open("rb") as ours:
        theirs, mine = gettext.GNUTranslations(gnu), gettext.GNUTranslations(ours)
    for (msgid, _plural), _strs in entries().items():
        assert theirs.gettext(msgid) == mine.gettext(msgid), msgid


def test_the_po_parser_reads_plurals_continuations_and_fuzzy_entries() -> None:
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "skip"\nmsgstr "飛ばす"\n\n'
        'msgid "a "\n"b"\nmsgstr "あ"\n"い"\n\n'
        'msgid "{n} x"\nmsgid_plural "{n} xs"\nmsgstr[0] "{n} 個"\n'
    )
    parsed = msgfmt.parse(text)
    assert parsed[("a b", None)] == ["あい"]
    assert parsed[("{n} x", "{n} xs")] == ["{n} 個"]
    assert ("skip", None) not in parsed


# --- choosing the language -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "ja_JP.UTF-8"}, "ja"),
        ({"LANG": "ja"}, "ja"),
        ({"LANG": "ja_JP.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"),
        ({"LANG": "ja_JP.UTF-8", "LC_ALL": ""}, "ja"),  # empty means unset
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "ja:en"}, "ja"),
        ({"LANG": "C", "LANGUAGE": "ja"}, "en"),  # GNU: LANGUAGE is ignored in the C locale
        ({"LANG": "ja_JP.UTF-8", "AOMORI_LANG": "en"}, "en"),
        ({"LANG": "C", "AOMORI_LANG": "ja_JP"}, "ja"),
        ({"AOMORI_LANG": " JA "}, "ja"),
    ],
)
def test_the_language_follows_the_locale_unless_aomori_lang_says(
    env: dict[str, str], expected: str
) -> None:
    assert detect(env) == expected


def test_an_unknown_aomori_lang_is_refused() -> None:
    with pytest.raises(LanguageError, match="expected ja or en"):
        detect({"AOMORI_LANG": "fr"})
    assert from_locale({"LANG": "fr_FR.UTF-8"}) == "en"


def test_the_locale_chooses_japanese_for_the_command_line(run) -> None:
    r = run("show", "10", env={"AOMORI_LANG": "", "LC_ALL": "", "LANG": "ja_JP.UTF-8"})
    assert r.exit_code == 0 and "事業費" in r.stdout and "1,338,105千円" in r.stdout


@pytest.mark.parametrize(
    "args",
    [["--lang", "ja", "list"], ["list", "--lang", "ja"], ["list", "--lang=ja"]],
)
def test_lang_goes_before_or_after_the_command_and_beats_the_environment(
    run, args: list[str]
) -> None:
    r = run(*args, env={"AOMORI_LANG": "en", "LANG": "en_US.UTF-8"})
    assert r.exit_code == 0, r.output
    assert "事業名" in r.stdout and "Programme" not in r.stdout


@pytest.mark.parametrize(
    "args", [["show", "--lang", "ja", "-h"], ["show", "-h", "--lang", "ja"], ["-h", "--lang=ja"]]
)
def test_lang_before_or_after_help_gives_the_help_in_that_language(run, args: list[str]) -> None:
    r = run(*args, env={"AOMORI_LANG": "en"})
    assert r.exit_code == 0 and r.stdout.startswith("使い方: aomori"), r.stdout[:100]


def test_lang_anywhere_gives_usage_errors_in_that_language(run) -> None:
    r = run("list", "--bogus", "--lang", "ja", env={"AOMORI_LANG": "en"})
    assert r.exit_code == 2 and r.stderr.startswith(
        "aomori: エラー: オプション --bogus はありません"
    )
    r = run("search", "--", "--lang", "ja", env={"AOMORI_LANG": "en"})  # words after --
    assert r.exit_code == 0 and "エラー" not in r.stderr


def test_a_bad_aomori_lang_is_said_and_the_locale_used(run) -> None:
    r = run("list", env={"AOMORI_LANG": "fr", "LANG": "ja_JP.UTF-8"})
    assert r.exit_code == 0 and "事業名" in r.stdout
    assert r.stderr == (
        "aomori: 警告: $AOMORI_LANG の 'fr' は ja でも en でもないため、ロケールの言語を使います\n"
    )
    r = run("--version", env={"AOMORI_LANG": "fr", "LANG": "C"})
    assert r.exit_code == 0 and r.stdout.startswith("aomori ")
    assert "is not ja or en; the locale's language is used" in r.stderr
    r = run("--lang", "en", "--version", env={"AOMORI_LANG": "fr", "LANG": "C"})
    assert r.exit_code == 0 and r.stderr == ""  # --lang settles it: the variable is not read


def test_a_bad_lang_is_one_usage_line(run) -> None:
    r = run("list", "--lang", "fr")
    assert r.exit_code == 2 and r.stdout == "" and r.stderr.count("\n") == 1
    assert "--lang" in r.stderr and "expected ja or en" in r.stderr


# --- machine output is the same in both languages -------------------------------------------

MACHINE = [
    ["list"],
    ["list", "--division", "地域企業支援課", "--new"],
    ["list", "--fields", "no,name,name_en,division,share"],
    ["show", "10"],
    ["show", "20", "--fields", "no,name,corrections"],
    ["compare", "10"],
    ["compare", "2", "3", "4"],
    ["compare", "--all", "--down"],
    ["compare", "--kpi", "相談件数", "--sort", "change"],
    ["totals"],
    ["totals", "--by", "group"],
    ["totals", "--by", "new", "--unit", "oku"],
    ["search", "経営"],
    ["search", "jigyo shokei"],
]
FORMATS = [["--json"], ["--format", "jsonl"], ["--format", "csv"], ["--format", "tsv"]]


@pytest.mark.parametrize("args", MACHINE, ids=" ".join)
def test_machine_output_is_the_same_in_both_languages(run, args: list[str]) -> None:
    for fmt in FORMATS:
        ja = run(*args, *fmt, env={"AOMORI_LANG": "ja"})
        en = run(*args, *fmt, env={"AOMORI_LANG": "en"})
        assert ja.exit_code == en.exit_code == 0, ja.output + en.output
        assert ja.stdout == en.stdout, (args, fmt)
        assert ja.stdout  # something was compared


@pytest.mark.parametrize("args", [["about", "--json"], ["fields", "--json"], ["schema"]])
def test_reference_output_for_machines_is_the_same_in_both_languages(run, args: list[str]) -> None:
    ja = run(*args, env={"AOMORI_LANG": "ja"})
    en = run(*args, env={"AOMORI_LANG": "en"})
    assert ja.exit_code == 0 and ja.stdout == en.stdout
    json.loads(ja.stdout)


def test_completion_is_the_same_in_both_languages(tmp_path: Path) -> None:
    import os

    def complete(lang: str) -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AOMORI_", "_AOMORI"))}
        env.update(
            AOMORI_LANG=lang,
            AOMORI_CACHE_DIR=str(tmp_path),
            _AOMORI_COMPLETE="complete_zsh",
            _TYPER_COMPLETE_ARGS="aomori show ",
            _TYPER_COMPLETE_WORD_TO_COMPLETE="",
        )
        r = subprocess.run(
            [sys.executable, "-m", "aomori_cli"], env=env, capture_output=True, text=True
        )
        assert r.returncode == 0, r.stderr
        return r.stdout

    ja = complete("ja")
    assert "経営改善普及事業費補助" in ja
    assert ja == complete("en")


# --- what each language shows ----------------------------------------------------------------


@pytest.mark.lang("en")
def test_english_tables_have_english_headers_names_and_a_minus_for_a_fall(run) -> None:
    text = run("compare", "10").stdout
    assert "No.10 Subsidy for management improvement services to small businesses" in text
    assert "FY2023" in text and "FY2024" in text and "令和" not in text
    assert "−32件" in text and "−0.1%" in text and "+1,384件" in text
    assert "▲" not in text
    assert "− fall" in text  # the legend says what the minus is
    listing = run("list").stdout
    assert "Budget (¥ thousand)" in listing and "Regional Transport" in listing
    assert "Total, 23 programmes" in listing and "事業名" not in listing
    totals = run("totals").stdout
    assert "Regional Business Support Division" in totals
    assert "✓ matches the report's subtotal (小計) of ¥2,543,429 thousand" in totals


@pytest.mark.lang("ja")
def test_japanese_tables_are_as_the_report_writes_them(run) -> None:
    text = run("compare", "10").stdout
    assert "令和5年度" in text and "▲32件" in text and "▲ は減少" in text and "−" not in text
    listing = run("list").stdout
    assert "事業費(千円)" in listing and "担当課" in listing and "合計 23件" in listing


@pytest.mark.parametrize("args", [["compare", "17"], ["show", "17"], ["compare", "--all"]])
def test_english_explains_the_reports_counting_words_and_japanese_needs_no_legend(
    run, args: list[str]
) -> None:
    english = run(*args, env={"AOMORI_LANG": "en", "COLUMNS": "200"}).stdout
    legend = next(line for line in english.splitlines() if line.startswith("Units as"))
    assert "者 businesses or people" in legend and "回 times" in legend and "名 people" in legend
    assert "延べ: repeats counted" in legend
    assert "延べ 15回" in english  # the figure itself stays as printed
    japanese = run(*args, env={"AOMORI_LANG": "ja", "COLUMNS": "200"}).stdout
    assert "Units as" not in japanese and "延べ 15回" in japanese


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "（株）ミナミ 八戸工場 (八戸市, head office: 長野県) — 新事業展開等促進補助金"),
        # As the report heads it, its brackets full-width as the correction says (from a
        # review: half-width brackets and an em dash beside 本社：).
        ("ja", "新事業展開等促進補助金：（株）ミナミ 八戸工場（八戸市、本社：長野県）"),
    ],
)
def test_about_heads_the_case_study_as_each_language_writes(run, lang: str, line: str) -> None:
    text = run("about", env={"AOMORI_LANG": lang, "COLUMNS": "200"}).stdout
    assert line in text.splitlines()


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "en",
            [
                "・programmes 5–23: 「【 事業概要 】」",
                "・division of programmes 15, 16, 19, 20, 21, 22: 「（担当課：",
                "・KPIs of programmes 5, 6: 「5 年度",
                "・No.6 indicator name of KPI 3: 「E S G",
                "・Case study company, plant, plant location, head office: 「(",
                "・Case study company overview paragraph 1: 「株式会社ミナミ",
            ],
        ),
        (
            "ja",
            [
                "・No.5〜23: 「【 事業概要 】」",
                "・No.15、16、19、20、21、22の担当課: 「（担当課：",
                "・No.5、6のKPI: 「5 年度",
                "・No.6 KPI 3の指標名: 「E S G",
                "・事例 企業名、工場、工場所在地、本社: 「(",
                "・事例 企業概要の段落 1: 「株式会社ミナミ",
            ],
        ),
    ],
)
def test_about_names_corrected_fields_in_words_not_data_paths(
    run, lang: str, lines: list[str]
) -> None:
    text = run("about", env={"AOMORI_LANG": lang, "COLUMNS": "200"}).stdout
    shown = [line for line in text.splitlines() if line.startswith("・")]
    for start in lines:
        assert any(line.startswith(start) for line in shown), start
    assert not any("programmes[" in line or "kpis[" in line for line in shown)
    # Machines keep the data's own paths.
    about = json.loads(run("about", "--json").stdout)
    assert about["corrections"][1]["field"] == "programmes[15,16,19,20,21,22].division"


@pytest.mark.lang("en")
def test_english_fields_tables_write_a_missing_figure_as_the_tables_do(run) -> None:
    text = run("compare", "17", "--fields", "name_en,fy2023_raw,fy2024_raw,change_pct").stdout
    (row,) = [line for line in text.splitlines() if line.startswith("Seminar participants")]
    assert row.split()[-2:] == ["n/a", "n/a"] and " - " not in row


@pytest.mark.lang("en")
def test_a_programmes_note_is_set_apart_from_the_kpi_legend(run) -> None:
    lines = run("show", "3").stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Note: "))
    assert lines[at - 1] == "" and lines[at - 2].startswith("Units as the report prints them")


def test_a_counting_word_stays_whole_in_a_narrow_legend(run) -> None:
    text = run("show", "20", env={"AOMORI_LANG": "en", "COLUMNS": "20"}).stdout
    assert "市町 municipalities," in text.splitlines()


@pytest.mark.parametrize(
    "field",
    ["kpis[" + "１" * 4301 + "].name", "kpis[" + "1" * 900 + "].name", "kpis[1, 2].name", "name, "],
)
def test_a_correction_field_of_another_form_is_shown_as_written(
    run, tmp_path: Path, field: str
) -> None:
    data = (ROOT / "data" / "programs.toml").read_text("utf-8")
    path = tmp_path / "odd.toml"
    path.write_text(data.replace('field = "results"', f'field = "{field}"', 1), "utf-8")
    for lang in ("en", "ja"):
        r = run("--data", str(path), "show", "5", env={"AOMORI_LANG": lang, "COLUMNS": "20000"})
        assert r.exit_code == 0 and r.stderr == "", r.stderr
        shown = r.stdout.replace("\n  ", "").replace("\n", "")  # unwrapped (hanging lines)
        assert f"({field}): " in shown  # as written


def test_every_counting_word_of_the_shipped_data_is_explained_in_english(report) -> None:
    from aomori_cli.layout.programmes import QUALIFIER_WORDS, UNIT_WORDS

    figures = [f for p in report.programmes for k in p.kpis for f in (k.fy2023, k.fy2024) if f]
    assert {f.unit for f in figures} <= UNIT_WORDS.keys()
    assert {f.qualifier for f in figures if f.qualifier} <= QUALIFIER_WORDS.keys()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_show_gives_both_names_in_both_languages(run, lang: str) -> None:
    text = run("show", "7", env={"AOMORI_LANG": lang}).stdout
    assert "健康経営支援事業(あおもり型健康経営支援事業)" in text
    assert "Health and productivity management support (Aomori model)" in text


@pytest.mark.lang("en")
def test_english_keeps_the_japanese_name_reachable(run) -> None:
    out = run("list", "--fields", "no,name", "--new").stdout
    assert "継ぎたい・継がせたい事業者支援促進事業" in out


@pytest.mark.lang("en")
def test_english_markdown_and_fields_tables_use_the_minus_sign(run) -> None:
    md = run("compare", "10", "--format", "md").stdout
    assert "−32件" in md and "▲" not in md
    fields = run("compare", "10", "--fields", "name,change,change_pct").stdout
    assert "−32" in fields and "▲" not in fields


COMMANDS = ["list", "show", "compare", "totals", "search", "about", "fields", "schema", "export"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_is_in_japanese(run, command: str) -> None:
    r = run(command, "-h", env={"AOMORI_LANG": "ja"})
    assert r.exit_code == 0
    text = r.stdout
    assert text.startswith(f"使い方: aomori {command} [オプション]") and "オプション:" in text
    assert "[OPTIONS]" not in text and "COMMAND [ARGS]" not in text
    assert "このヘルプを表示して終了。" in text
    english = run(command, "-h", env={"AOMORI_LANG": "en"}).stdout
    # Every line of English prose was translated: no English help sentence is left.
    prose = [
        line.strip()
        for line in english.splitlines()
        if re.search(r"[a-z]{3,} [a-z]{3,} [a-z]{3,}", line) and "aomori " not in line
    ]
    for line in prose:
        assert line not in text, line


USAGE_ERRORS = [
    (["list", "--divisio", "x"], "オプション --divisio はありません (候補: --division)"),
    (["show"], "引数 'ID_OR_NAME' がありません"),
    (["list", "extra"], "余分な引数があります: extra"),
    (["compare", "--sort", "x"], "'--sort' の値が不正です: 'x' は"),
    (["lsit"], "コマンド 'lsit' はありません。候補: list"),
    (["list", "--limit", "-1"], "'--limit' / '-n' の値が不正です: -1 は範囲外です (0 以上)"),
    (["list", "-n", "abc"], "'abc' は有効な整数ではありません"),
    (["list", "--min-budget", "-5"], "'-5' は 0 未満です"),
    (["list", "--json=3"], "オプション '--json' は値を取りません"),
    (["list", "--match"], "オプション '--match' には値が必要です"),
    (["list", "--min-budget", "x"], "'--min-budget' の値が不正です: 'x' は金額として読めません"),
    (["list", "--json", "--format", "csv"], "--json と --format csv は同時に指定できません"),
    (["list", "--fields", "nope"], "--fields の 'nope' は不明な項目です"),
    (["list", "--debug"], "--debug はグローバルオプションです"),
]


@pytest.mark.lang("ja")
@pytest.mark.parametrize(("args", "needle"), USAGE_ERRORS, ids=lambda v: str(v))
def test_usage_errors_in_japanese(run, args: list[str], needle: str) -> None:
    r = run(*args)
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("aomori: エラー: "), r.stderr
    assert needle in r.stderr, r.stderr
    assert not re.search(r"No such|Missing|Invalid value|Got unexpected|Usage:", r.stderr)
    assert "[OPTIONS]" not in r.stderr, r.stderr


def test_click_usage_placeholders_are_translated_and_english_keeps_them(run) -> None:
    ja = run("-h", env={"AOMORI_LANG": "ja"}).stdout.splitlines()[0]
    assert ja == "使い方: aomori [オプション] コマンド [引数]..."
    en = run("-h", env={"AOMORI_LANG": "en"}).stdout.splitlines()[0]
    assert en == "Usage: aomori [OPTIONS] COMMAND [ARGS]..."
    ja_export = run("export", "-h", env={"AOMORI_LANG": "ja"}).stdout.splitlines()[0]
    assert ja_export == "使い方: aomori export [オプション] コマンド [引数]..."


@pytest.mark.lang("ja")
@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["show", "99"], "事業番号 99 はありません (番号は 1〜23)"),
        (["list", "--division", "地域"], "担当課 '地域' は 2 課に該当します。候補: "),
        (["--data", "/nonexistent.toml", "list"], "/nonexistent.toml: データファイルがありません"),
    ],
)
def test_other_errors_in_japanese(run, args: list[str], needle: str) -> None:
    r = run(*args)
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and needle in r.stderr, r.stderr


@pytest.mark.lang("en")
def test_hints_name_programmes_and_divisions_in_english(run) -> None:
    r = run("show", "バス")
    assert "did you mean: 2 Subsidy for inter-regional trunk bus routes" in r.stderr
    r = run("list", "--division", "地域")
    assert "Regional Transport and Coordination Division" in r.stderr


@pytest.mark.lang("ja")
def test_nothing_found_is_said_in_japanese(run) -> None:
    r = run("search", "zzzzqqq")
    assert r.exit_code == 0 and r.stdout == ""
    assert r.stderr == "aomori: 'zzzzqqq' に該当する事業はありません\n"


@pytest.mark.lang("ja")
def test_data_errors_in_japanese(run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[programmes]]\nno = 0\nname = "x"\nnme = 1\n', "utf-8")
    r = run("--data", str(bad), "list")
    assert r.exit_code == 1 and r.stdout == "" and r.stderr.count("\n") == 1
    assert r.stderr.rstrip().endswith("--debug ですべて表示します")
    r = run("--debug", "--data", str(bad), "list")
    first = r.stderr.splitlines()[0]
    assert "件の問題があります。最初の1件:" in first, first
    assert "不明なキー ('name' の誤りでは?)" in r.stderr, r.stderr
    assert "正の整数が必要です (0)" in r.stderr
    assert "事業番号 0 (x): " in r.stderr and "programme" not in r.stderr, r.stderr
    bad.write_text("[[programmes]]\nno = 3\nnme = 1\n", "utf-8")  # a number, no name
    r = run("--debug", "--data", str(bad), "list")
    assert "事業番号 3: " in r.stderr and "programme" not in r.stderr, r.stderr
    bad.write_text("[x\n", "utf-8")  # where tomllib says it, in Japanese; its words as it says
    r = run("--data", str(bad), "list")
    assert "1 行 3 列目に TOML の構文エラー: Expected ']'" in r.stderr, r.stderr
    assert "(at line" not in r.stderr
    bad.write_text("a = ", "utf-8")
    assert (
        "ファイルの末尾に TOML の構文エラー: Invalid value"
        in run("--data", str(bad), "list").stderr
    )


def test_the_language_is_set_for_each_run_and_does_not_leak(run) -> None:
    assert "事業名" in run("list", env={"AOMORI_LANG": "ja"}).stdout
    assert "Programme" in run("list", env={"AOMORI_LANG": "en"}).stdout
    assert i18n.language() == "en"


# --- found by attacking the change --------------------------------------------------------------


def _not_utf8() -> bytes:
    """The compiled catalogue with one translation's bytes made invalid UTF-8."""
    data = msgfmt.compile_mo(entries())
    return data.replace("担当課".encode(), b"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7")


@pytest.mark.parametrize(
    "damage",
    [
        lambda: b"",
        lambda: b"\xde\x12\x04\x95",
        lambda: b"not a catalogue at all, but long enough to read a header",
        _not_utf8,
    ],
    ids=["empty", "truncated", "garbage", "not-utf8"],
)
def test_a_damaged_catalogue_falls_back_to_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: Callable[[], bytes]
) -> None:
    folder = tmp_path / "ja" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "aomori.mo").write_bytes(damage())
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    try:
        i18n.set_language("ja")
        assert i18n._("Division") == "Division"
    finally:
        i18n.set_language("en")


def test_the_catalogue_is_read_once_a_run(run, monkeypatch: pytest.MonkeyPatch) -> None:
    # --lang ja is applied before Click parses and again by its callback: the catalogue had
    # been read and parsed both times (a performance review).
    monkeypatch.setattr(i18n, "_loaded", None)
    reads: list[Path] = []
    real = i18n._load
    monkeypatch.setattr(i18n, "_load", lambda path: reads.append(path) or real(path))
    try:
        result = run("--lang", "ja", "show", "10")
        assert result.exit_code == 0 and "経営改善普及事業費補助" in result.stdout
        assert "事業費" in result.stdout  # in Japanese
        assert len(reads) == 1
    finally:
        i18n.set_language("en")


def test_a_blank_english_name_falls_back_to_the_japanese(run, tmp_path: Path) -> None:
    data = (ROOT / "data" / "programs.toml").read_text("utf-8")
    blank = data.replace(
        'name_en = "Subsidy for management improvement services to small businesses"',
        'name_en = "   "',
    )
    assert blank != data
    path = tmp_path / "blank.toml"
    path.write_text(blank, "utf-8")
    r = run("--data", str(path), "show", "10", env={"AOMORI_LANG": "en"})
    assert r.exit_code == 0 and "Name     経営改善普及事業費補助" in r.stdout


def test_two_divisions_with_one_english_name_are_refused(run, tmp_path: Path) -> None:
    data = (ROOT / "data" / "programs.toml").read_text("utf-8")
    twin = data.replace(
        'name_en = "Railway Policy Division"', 'name_en = "railway  policy division"'
    ).replace(
        'name_en = "Construction Supervision Division"', 'name_en = "Railway Policy Division"'
    )
    assert twin != data
    path = tmp_path / "twin.toml"
    path.write_text(twin, "utf-8")
    r = run("--data", str(path), "list")
    assert r.exit_code == 1 and r.stdout == ""
    assert "name_en: the same English name as" in r.stderr


def test_hints_are_cut_to_a_readable_length(run, tmp_path: Path) -> None:
    data = (ROOT / "data" / "programs.toml").read_text("utf-8")
    long = data.replace('name_en = "Railway Policy Division"', f'name_en = "{"Railway " * 400}"')
    path = tmp_path / "long.toml"
    path.write_text(long, "utf-8")
    r = run("--data", str(path), "list", "--division", "zzz", env={"AOMORI_LANG": "en"})
    assert r.exit_code == 1 and r.stderr.count("\n") == 1 and len(r.stderr) < 1000


@pytest.mark.lang("en")
def test_an_english_name_in_a_hint_is_cut_between_words(run) -> None:
    r = run("show", "経営")
    assert r.exit_code == 1
    assert "10 Subsidy for management improvement services to small…," in r.stderr


def test_an_empty_lang_is_refused(run) -> None:
    r = run("list", "--lang=")
    assert r.exit_code == 2 and r.stdout == "" and "expected ja or en" in r.stderr


def test_run_leaves_the_language_as_it_found_it(run) -> None:
    i18n.set_language("en")
    assert run("--lang", "ja", "list").exit_code == 0
    assert i18n.language() == "en"


@pytest.mark.parametrize(
    "bad",
    [
        'msgid "a"\nmsgstr "b"\nmsgstr "c"\n',
        'msgid "a"\nmsgid_plural "as"\nmsgstr[1] "x"\n',
        'msgid "a"\nmsgstr "b" # note\n',
        'msgid "a"\nmsgstr "\\u3042"\n',
        'msgid "a\nmsgstr "b"\n',
        'msgid "a"\n',
        'msgid "a"\nmsgstr "b"\nmsgstr[0] "c"\n',
    ],
)
def test_the_po_parser_refuses_what_gnu_msgfmt_refuses(bad: str) -> None:
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    with pytest.raises(msgfmt.PoError, match="line"):
        msgfmt.parse(header + bad)
    with pytest.raises(msgfmt.PoError, match="charset"):
        msgfmt.parse('msgid "a"\nmsgstr "b"\n')


def test_updating_the_catalogue_keeps_a_fuzzy_translation() -> None:
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "Division"\nmsgstr "担当課"\n'
    )
    fuzzy: set[tuple[str, str | None]] = set()
    entries = msgfmt.parse(text, fuzzy)
    found = {("Division", None): ["here"]}
    written = messages.write(entries, found, messages.HEADER, fuzzy)
    assert '#, fuzzy\nmsgid "Division"\nmsgstr "担当課"' in written
    assert messages.problems(entries, found, fuzzy) == ["not translated (fuzzy): 'Division' (here)"]


@pytest.mark.lang("ja")
def test_a_range_is_in_words_in_japanese(run) -> None:
    """Click writes ranges as x>=0; a Japanese reader gets 0 以上, in errors and in help."""
    r = run("list", "--limit", "-1")
    assert r.exit_code == 2 and r.stdout == ""
    assert "-1 は範囲外です (0 以上)" in r.stderr and "x>=" not in r.stderr
    assert "[既定値: 0; 0 以上]" in run("list", "--help").stdout


def test_range_words() -> None:
    from aomori_cli.cli.usage import range_words
    from aomori_cli.i18n import language, set_language

    previous = language()
    set_language("ja")
    try:
        assert range_words("x>=0") == "0 以上"
        assert range_words("1<=x<=10") == "1 以上 10 以下"
        assert range_words("0<x<5") == "0 超 5 未満"
        assert range_words("x<=3") == "3 以下"
        assert range_words("default: 0") is None and range_words("x") is None
    finally:
        set_language(previous)


def test_totals_by_reposted_read_as_english(run) -> None:
    """本掲 is a programme listed here first: "not reposted", not "main"."""
    text = run("totals", "--by", "reposted", env={"AOMORI_LANG": "en", "COLUMNS": "80"}).stdout
    assert text.startswith("Reposted or not")
    assert "\nnot reposted " in text and "\nreposted " in text and "main" not in text


def test_japanese_case_study_heading_writes_head_office_as_the_report_does(run) -> None:
    # The report prints "(八戸市、本社：長野県)" (full-width colon); an audit found "本社: ".
    text = run("about", env={"AOMORI_LANG": "ja", "COLUMNS": "200"}).stdout
    assert "(八戸市、本社：長野県)" in text
    assert "本社: 長野県" not in text
