"""One command for one question: the same selection on list, compare and totals, compare's
filters and rankings, money in any unit, orders in 五十音."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import programmes_toml

CHIIKI = [11, 12, 13, 14, 15, 16, 17, 22, 23]  # 地域企業支援課
KEIZAI = [8, 9, 10]  # 経済産業政策課


def numbers(rows: list[dict[str, object]]) -> list[object]:
    return [r["no"] for r in rows]


# --- the shared selection ----------------------------------------------------------------------


def test_repeated_divisions_select_any_of_them(run_json) -> None:
    both = run_json("list", "--division", "地域企業支援課", "--division", "経済産業")
    assert numbers(both) == sorted(CHIIKI + KEIZAI)


@pytest.mark.parametrize("typed", ["地域企業支援課", "地域企業", "ちいききぎょう", "chiiki kigyo",
                                   "Regional Business Support"])  # fmt: skip
def test_division_as_people_type_it(run_json, typed: str) -> None:
    assert numbers(run_json("list", "--division", typed)) == CHIIKI


@pytest.mark.parametrize(
    "typed",
    ["立地推進グループ", "立地推進", "りっちすいしん", "ricchi suishin", "business location"],
)
def test_group_as_people_type_it(run_json, typed: str) -> None:
    assert numbers(run_json("list", "--group", typed)) == [18, 19]


@pytest.mark.parametrize(
    ("option", "typed", "first"),
    [("--division", "地域企業支授課", "Regional Business Support Division"),
     ("--division", "地域農業支援課", "Regional Business Support Division"),
     ("--division", "Road Policy Division", "Railway Policy Division"),
     ("--division", "経済課", "Economic and Industrial Policy Division"),
     ("--division", "Railway Polcy", "Railway Policy Division"),
     ("--division", "Energi", "Energy and Decarbonisation Policy Division"),
     ("--division", "鉄道課", "Railway Policy Division"),
     ("--group", "大企業支援グループ", "SME Support Group"),
     ("--group", "SME Promotion Group", None),
     ("--group", "Constrution", "Construction Industry Promotion Group"),
     ("--group", "Marketng", "Marketing Support Group"),
     ("--group", "tetsdou taisku", "Shinkansen and Local Railways Group"),
     ("--group", "てつどうたいさっく", "Shinkansen and Local Railways Group")],
)  # fmt: skip
def test_a_typo_of_a_filter_is_offered_never_taken(run, option, typed, first) -> None:
    """One kanji or word from a name is as often another name (地域農業支援課, Road Policy,
    大企業支援): a filter that took it totalled another division's budget, with exit 0 (from
    two reviews). The nearest names are offered first instead, by every form: by the kanji
    alone, Railway Polcy got Railway Policy third and Constrution its group last."""
    r = run("totals", option, typed, "--json")
    assert r.exit_code == 1 and r.stdout == "" and r.stderr.count("\n") == 1
    if first:
        assert f"; did you mean: {first}, " in r.stderr


def test_a_guessed_filter_then_an_error_is_one_line(run) -> None:
    """The note of a shortened name is said only once every filter is read: an error after it
    made two lines on stderr (from a review)."""
    r = run("list", "--division", "経済政策課", "--group", "中小企業グループ")
    assert r.exit_code == 1 and r.stdout == "" and r.stderr.count("\n") == 1
    assert "taken to mean" not in r.stderr


@pytest.mark.parametrize(
    ("option", "typed", "name"),
    [("--division", "生活習慣病課", "Cancer and Lifestyle Disease Control Division"),
     ("--division", "地域企業課", "Regional Business Support Division"),
     ("--group", "商工団体グループ", "Commerce and Industry Associations Support Group")],
)  # fmt: skip
def test_a_name_shortened_by_leaving_words_out_is_taken_and_said(run, option, typed, name):
    """Its characters in order, in one name only: people shorten names so (from a review:
    生活習慣病課 was refused once typos had to be close to a whole name)."""
    r = run("totals", option, typed, "--json")
    assert r.exit_code == 0 and r.stderr.endswith(f"as typed; taken to mean {name}\n")


@pytest.mark.parametrize("typed", ["鉄道課", "県民生活課", "経営支援課"])
def test_another_name_is_not_taken_for_a_misspelling(run, typed: str) -> None:
    """A word of a division's name, or another division's name, is offered, not taken: the
    filter would total another division's programmes (from a review)."""
    r = run("totals", "--division", typed)
    assert r.exit_code == 1 and r.stdout == "" and "no division matches" in r.stderr


@pytest.mark.parametrize("option", ["--division", "--group"])
@pytest.mark.parametrize("typed", ["", " ", "　", "・"])
def test_an_empty_division_or_group_is_a_usage_error(run, option: str, typed: str) -> None:
    r = run("list", option, typed)
    assert r.exit_code == 2 and r.stdout == "" and r.stderr.count("\n") == 1
    assert f"empty {option[2:]} name" in r.stderr


def test_repeated_groups_and_other_filters_combine(run_json) -> None:
    groups = run_json("list", "--group", "立地推進", "--group", "創業")
    assert numbers(groups) == [18, 19, 20]
    assert numbers(run_json("list", "--group", "立地推進", "--group", "創業", "--new")) == [20]
    assert numbers(run_json("list", "--division", "地域企業", "--min-budget", "50,000")) == [
        13,
        14,
        15,
    ]


def test_match_filters_by_what_search_finds(run_json) -> None:
    assert 20 in numbers(run_json("list", "--match", "事業承継"))
    assert numbers(run_json("list", "--match", "事業承継", "--division", "地域企業")) == []


def test_an_empty_selection_is_a_success_with_a_note(run) -> None:
    for command in ("list", "totals"):
        r = run(command, "--division", "監理課", "--new")
        assert r.exit_code == 0 and r.stdout == "" and "no programme matches" in r.stderr
    r = run("compare", "--division", "監理課", "--new")
    assert r.exit_code == 0 and r.stdout == "" and "no KPI matches" in r.stderr


def test_totals_of_a_selection(run_json) -> None:
    data = run_json("totals", "--by", "group", "--division", "地域企業支援課")
    assert data["count"] == 9 and data["total_thousand_yen"] == 376_703
    assert data["report_subtotal_thousand_yen"] is None  # only the whole section has a 小計
    new = run_json("totals", "--new")
    assert new["count"] == 4 and new["total_thousand_yen"] == 125_600


def test_selection_options_on_every_command(run) -> None:
    for command in ("list", "compare", "totals"):
        help_text = run(command, "-h").stdout
        for option in ("--division", "--group", "--new", "--reposted", "--min-budget",
                       "--max-budget", "--match", "--unit"):  # fmt: skip
            assert option in help_text, (command, option)


# --- orders --------------------------------------------------------------------------------------


def test_sort_division_and_group_follow_their_readings(run_json) -> None:
    rows = run_json("list", "--sort", "division", "--fields", "no,division")
    divisions = list(dict.fromkeys(r["division"] for r in rows))
    # えねるぎー… before がん… before かんり… before きぎょう…: 五十音 (が sorts with か).
    assert divisions[:4] == ["エネルギー・脱炭素政策課", "がん・生活習慣病対策課", "監理課",
                             "企業立地・創出課"]  # fmt: skip
    groups = run_json("list", "--sort", "group", "--division", "地域企業", "--fields", "no,group")
    assert [r["group"] for r in groups][:3] == ["経営力向上グループ"] * 3


# --- compare -----------------------------------------------------------------------------------


def test_compare_all_with_a_filter(run_json) -> None:
    rows = run_json("compare", "--all", "--division", "地域企業支援課")
    expected = sum(p["kpi_count"] for p in run_json("list", "--division", "地域企業支援課"))
    assert {r["no"] for r in rows} <= set(CHIIKI) and len(rows) == expected == 25
    assert run_json("compare", "--division", "地域企業支援課") == rows  # --all is implied


def test_compare_says_which_named_programmes_the_filters_leave_out(run) -> None:
    # A review: `compare 2 5 --division 鉄道` printed No. 5 alone, and nothing said No. 2 was
    # dropped; a reader takes every programme named to be compared.
    result = run("compare", "2", "5", "--division", "鉄道", "--json")
    assert result.exit_code == 0
    assert [c["no"] for c in json.loads(result.stdout)] == [5]
    assert result.stderr.strip() == "aomori: left out by the filters: No. 2"
    result = run("compare", "4", "10", "11", "14", "--new", "--json")
    assert [c["no"] for c in json.loads(result.stdout)] == [4, 11, 14]
    assert result.stderr.strip() == "aomori: left out by the filters: No. 10"
    none = run("compare", "2", "3", "--division", "鉄道")
    assert none.exit_code == 0 and none.stdout == ""
    assert none.stderr.splitlines()[0] == "aomori: left out by the filters: No. 2, No. 3"
    kept = run("compare", "5", "--division", "鉄道", "--json")
    assert kept.stderr == ""


@pytest.mark.lang("ja")
def test_compare_says_in_japanese_which_named_programmes_are_left_out(run) -> None:
    result = run("compare", "2", "3", "5", "--division", "鉄道")
    assert "aomori: 絞り込みの条件に合わないため除外: No.2、No.3" in result.stderr


def test_a_group_of_a_division_left_out_is_named_as_such(run) -> None:
    # A review: "no group matches '立地推進'" for a group that exists, in another division.
    result = run("list", "--division", "鉄道", "--group", "立地推進")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        "aomori: error: Business Location Promotion Group is in Business Location and "
        "Creation Division, which --division leaves out\n"
    )
    unknown = run("list", "--division", "鉄道", "--group", "nosuch")
    assert "no group matches 'nosuch'" in unknown.stderr
    # As totals --by group prints it, its division before it (an attack review).
    pair = run("list", "--division", "鉄道", "--group", "企業立地・創出課 立地推進グループ")
    assert pair.exit_code == 1 and pair.stdout == ""
    assert pair.stderr == result.stderr


@pytest.mark.lang("ja")
def test_a_group_of_a_division_left_out_is_named_as_such_in_japanese(run) -> None:
    result = run("totals", "--division", "鉄道", "--group", "立地推進")
    assert result.exit_code == 1
    assert (
        "立地推進グループは企業立地・創出課のグループで、--division で選んだ課にはありません。"
        in result.stderr
    )


def test_compare_kpi_filter(run_json) -> None:
    rows = run_json("compare", "--kpi", "相談件数", "--sort", "no")
    assert [(r["no"], r["name"]) for r in rows] == [
        (8, "窓口相談件数"),
        (10, "窓口相談件数"),
        (11, "相談件数"),
        (23, "補助金の相談件数"),
        (23, "専門家派遣の相談件数"),
    ]
    assert run_json("compare", "--kpi", "相談　件数", "--sort", "no") == rows  # normalised


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_compare_kpi_filter_matches_english_names_in_both_languages(run_json, lang: str) -> None:
    rows = run_json("--lang", lang, "compare", "--kpi", "page views")
    assert [(r["no"], r["name"], r["name_en"]) for r in rows] == [
        (12, "年間ページビュー数", "Page views in the year")
    ]
    counter = run_json("--lang", lang, "compare", "--kpi", "CONSULTATIONS AT", "--sort", "no")
    assert [(r["no"], r["name"]) for r in counter] == [(8, "窓口相談件数"), (10, "窓口相談件数")]


@pytest.mark.lang("ja")
def test_compare_by_change_never_mixes_units(run, run_json) -> None:
    rows = run_json("compare", "--all", "--sort", "change")
    units = [r["unit"] for r in rows if r["change"] is not None]
    # Each unit's KPIs together, ranked within it: no 千円 between two 件.
    seen: list[str] = []
    for unit in units:
        if not seen or seen[-1] != unit:
            assert unit not in seen, unit
            seen.append(unit)
    for unit in seen:
        changes = [r["change"] for r in rows if r["unit"] == unit and r["change"] is not None]
        assert changes == sorted(changes), unit
    table = run("compare", "--all", "--sort", "change").stdout
    assert "単位ごと" in table  # the legend says so
    assert "▲5,585件" in table and "+7,175千円" in table  # the absolute change, with its unit


def test_compare_sort_name_and_no(run_json) -> None:
    by_no = run_json("compare", "--all", "--sort", "no")
    assert [r["no"] for r in by_no] == sorted(r["no"] for r in by_no)
    by_name = run_json("compare", "--all", "--sort", "name")
    assert len(by_name) == len(by_no) == 64
    # 五十音 by reading, as list sorts names (a review: it had been by code point, 中 before 事).
    names = [r["name"] for r in by_name]
    assert names.index("事業承継計画作成支援事業者数") < names.index("中小商業活性化推進指導件数")
    assert names.index("青年部・女性部の研修会等の開催回数") < names.index("セミナー開催回数")
    assert names.index("窓口相談件数") == 62  # わ, last
    assert run_json("--lang", "en", "compare", "--all", "--sort", "name") == by_name


def test_compare_json_keeps_qualifiers_and_exact_percentages(run_json) -> None:
    (entry,) = run_json("compare", "17")
    visits = entry["kpis"][1]
    assert visits["fy2023_raw"] == "延べ 15回" and visits["fy2023_qualifier"] == "延べ"
    assert visits["change_pct"] == pytest.approx(-8 / 15 * 100)
    assert visits["change_pct"] != round(visits["change_pct"], 1)


def test_unknown_options_are_reported_as_such(run) -> None:
    for args in (["compare", "--all", "--flat"], ["list", "--divison", "x"]):
        r = run(*args)
        assert r.exit_code == 2 and r.stdout == ""
        assert "No such option" in r.stderr, r.stderr
    assert "--division" in run("list", "--divison", "x").stderr  # the nearest real one


# --- units -------------------------------------------------------------------------------------


@pytest.mark.lang("ja")
def test_unit_on_every_command_that_shows_money(run) -> None:
    assert "13.38" in run("list", "--unit", "oku").stdout
    assert "1,338,105,000円" in run("show", "10", "--unit", "yen").stdout
    assert "13.38億円" in run("compare", "10", "--unit", "oku").stdout
    assert "25.43" in run("totals", "--unit", "oku").stdout


def test_unit_in_csv_renames_the_column_and_keeps_the_figure_exact(run) -> None:
    rows = list(csv.DictReader(io.StringIO(run("list", "--format", "csv", "--unit", "yen").stdout)))
    assert rows[9]["budget_yen"] == "1338105000" and "budget_thousand_yen" not in rows[9]
    rows = list(csv.DictReader(io.StringIO(run("list", "--format", "csv", "--unit", "oku").stdout)))
    assert rows[9]["budget_oku"] == "13.38105"
    # JSON keeps thousand yen whatever --unit says.
    data = json.loads(run("list", "--json", "--unit", "oku").stdout)
    assert data[9]["budget_thousand_yen"] == 1_338_105


# --- search --------------------------------------------------------------------------------------


def test_search_takes_several_words_and_the_shared_filters(run, run_json) -> None:
    assert run_json("search", "business", "succession")[0]["no"] == 20
    found = run_json("search", "相談", "件数", "--division", "地域企業支援課")
    assert [h["no"] for h in found] == [11, 23]
    assert run_json("search", "相談", "--new", "--division", "監理課") == []


@pytest.mark.lang("ja")
def test_search_table_shows_division_budget_where_and_snippet(run) -> None:
    text = run("search", "経営", "-n", "3").stdout
    header = text.splitlines()[0]
    for column in ("No.", "事業名", "担当課", "千円", "一致", "該当箇所"):
        assert column in header, column
    assert "経済産業政策課" in text and "1,338,105" in text
    assert "13.38" in run("search", "経営", "-n", "3", "--unit", "oku").stdout


@pytest.mark.lang("ja")
def test_search_fields_and_formats(run, run_json) -> None:
    hits = run_json("search", "経営", "--fields", "no,division,budget_thousand_yen")
    assert hits[0] == {"no": 10, "division": "経済産業政策課", "budget_thousand_yen": 1_338_105}
    rows = list(csv.DictReader(io.StringIO(run("search", "経営", "--format", "csv").stdout)))
    assert rows[0]["no"] == "10" and rows[0]["field"] == "name"
    md = run("search", "経営", "--format", "md").stdout
    assert md.splitlines()[0].startswith("| No. | 事業名 | 担当課 |")


@pytest.mark.parametrize(
    "typed", ["地域企業支援課 xyz", "地域企業支援課 鉄道", "地域企業支援課経営力向上グループ"]
)
def test_words_after_a_division_are_not_dropped(run, typed: str) -> None:
    """The words after a division's name were dropped without a word (a fuzzy match scored
    the name alone 100), and list and totals summed the whole division."""
    r = run("totals", "--division", typed)
    assert r.exit_code == 1 and r.stdout == ""
    assert f"no division matches {typed!r}" in r.stderr


def test_a_division_and_a_group_in_one_option_say_how_to_give_them(run) -> None:
    r = run("list", "--division", "地域企業支援課 経営力向上グループ")
    assert r.exit_code == 1 and r.stdout == "" and r.stderr.count("\n") == 1
    assert (
        "'地域企業支援課 経営力向上グループ' is a division and a group: give --division" in r.stderr
    )
    assert "--division 地域企業支援課 --group 経営力向上グループ" in r.stderr


def test_words_after_a_group_are_not_dropped(run) -> None:
    r = run("list", "--group", "経営力向上グループ xyz")
    assert r.exit_code == 1 and r.stdout == ""
    assert "no group matches" in r.stderr


def test_a_share_in_a_chosen_list_says_of_what(run) -> None:
    """The same heading, Share, is of the whole section in list and of the selection in
    totals: a list of some programmes says which."""
    chosen = run("list", "--min-budget", "1億").stdout
    assert "Share: of the total of all 23 programmes (¥2,543,429 thousand)" in chosen
    assert "Share: of" not in run("list").stdout


@pytest.mark.parametrize("typed", ["そうだん", "soudan", "sodan"])
def test_kpi_filter_takes_readings_and_romaji_as_search_does(run_json, typed: str) -> None:
    """--kpi 相談 found six KPIs and --kpi そうだん none, though search reads kana and romaji."""
    by_kanji = run_json("compare", "--kpi", "相談")
    assert len(by_kanji) == 6
    assert run_json("compare", "--kpi", typed) == by_kanji


def test_every_group_row_of_totals_selects_its_programmes_again(run_json) -> None:
    """A script passes totals --by group's keys (division and group, as the report prints its
    担当課 line) back to --group: each selects the programmes its row counts and sums."""
    rows = run_json("totals", "--by", "group")["rows"]
    assert len(rows) == 12
    for row in rows:
        chosen = run_json("list", "--group", row["key"])
        assert len(chosen) == row["count"], row["key"]
        assert sum(p["budget_thousand_yen"] for p in chosen) == row["budget_thousand_yen"]


def test_a_piece_of_punctuation_beside_a_division_and_group_is_no_empty_filter(run_json) -> None:
    """Each space is tried as the one between a division and its group: a cut that leaves
    "・" alone was an empty division, and stopped the command (from a review)."""
    rows = run_json("list", "--group", "・ 地域企業支援課 中小企業支援グループ")
    assert numbers(rows) and {p["group"] for p in rows} == {"中小企業支援グループ"}


@pytest.mark.parametrize("by", ["division", "group", "new", "reposted"])
def test_totals_rows_join_list_on_division_and_group(run_json, by: str) -> None:
    """A row names its division and group as list does, so a script joins the two without
    splitting the key at a space (from a review); null where the row is not of one."""
    programmes = run_json("list")
    for row in run_json("totals", "--by", by)["rows"]:
        if by in ("new", "reposted"):
            assert row["division"] is None and row["group"] is None
            continue
        assert (row["group"] is None) == (by == "division")
        mine = [
            p
            for p in programmes
            if p["division"] == row["division"] and row["group"] in (None, p["group"])
        ]
        assert len(mine) == row["count"]
        assert sum(p["budget_thousand_yen"] for p in mine) == row["budget_thousand_yen"]


def test_an_english_division_and_group_say_how_to_give_them(run) -> None:
    typed = (
        "Economic and Industrial Policy Division / Commerce and Industry Associations Support Group"
    )
    r = run("list", "--division", typed)
    assert r.exit_code == 1 and r.stdout == ""
    assert "--division 経済産業政策課 --group 商工団体支援グループ" in r.stderr
    assert [p["no"] for p in json.loads(run("list", "--group", typed, "--json").stdout)] == [
        8,
        9,
        10,
    ]


@pytest.mark.parametrize(
    "typed",
    [
        "企業立地・創出課 中小企業支援グループ",  # a group of another division
        "監理課 推進グループ",  # no group of 監理課: a typo match took 建設業振興グループ
        " ".join(["監理課"] * 500),  # each word a division: this recursed until it crashed
    ],
)
def test_a_division_and_a_group_not_its_own_select_nothing(run, typed: str) -> None:
    r = run("list", "--group", typed)
    assert r.exit_code == 1 and r.stdout == "" and r.stderr.count("\n") == 1
    assert "no group matches" in r.stderr


def test_a_shared_group_name_and_a_spaced_division_name_are_taken(run, tmp_path: Path) -> None:
    """Two divisions with a group of one name (企画グループ): the pair, with --division
    naming its division, is no longer refused; a division's own space is not the one between
    division and group."""
    data = tmp_path / "shared.toml"
    rows = [("鉄道 対策課", "企画グループ"), ("監理課", "企画グループ"), ("監理課", "振興グループ")]
    data.write_text(
        programmes_toml(
            f'budget_thousand_yen = {n}\ndivision = "{d}"\ngroup = "{g}"\npage = 1\n'
            for n, (d, g) in enumerate(rows, start=1)
        ),
        "utf-8",
    )

    def chosen(*args: str) -> list[int]:
        r = run("--data", str(data), "list", *args, "--json")
        assert r.exit_code == 0, r.output
        return [p["no"] for p in json.loads(r.stdout)]

    assert chosen("--division", "監理課", "--group", "監理課 企画グループ") == [2]
    assert chosen("--group", "鉄道 対策課 企画グループ", "--division", "鉄道 対策課") == [1]
    r = run("--data", str(data), "list", "--group", "監理課 企画グループ")  # which 企画?
    assert r.exit_code == 1 and "--division 監理課 --group 企画グループ" in r.stderr
