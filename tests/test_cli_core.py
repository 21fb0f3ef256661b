"""The core commands: list, show, compare, totals, search; tables and the JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tomllib
from conftest import DATA, validate

from aomori_cli.models import Report

import seed

# The dataset as plain TOML, read here without the tool's loader: what --json must say.
RAW = tomllib.loads(DATA.read_text("utf-8"))


# --- list ------------------------------------------------------------------------------------


@pytest.mark.lang("ja")
def test_list_table_shows_every_programme(run) -> None:
    r = run("list")
    assert r.exit_code == 0, r.output
    for row in seed.list_table()[0]:
        assert f"{row.budget:,}" in r.stdout
    assert "23件" in r.stdout and "2,543,429" in r.stdout


def test_list_json_is_the_contract(run_json, report: Report) -> None:
    data = run_json("list")
    validate(data, "list")
    assert [p["no"] for p in data] == list(range(1, 24))
    assert sum(p["budget_thousand_yen"] for p in data) == 2_543_429
    assert data[16]["kpis"][1]["fy2023"] == {
        "raw": "延べ 15回",
        "value": 15,
        "unit": "回",
        "qualifier": "延べ",
    }
    assert data[16]["kpis"][3]["fy2024"] is None


def test_list_division_exact_and_partial(run_json) -> None:
    exact = run_json("list", "--division", "地域企業支援課")
    assert [p["no"] for p in exact] == [11, 12, 13, 14, 15, 16, 17, 22, 23]
    assert run_json("list", "--division", "地域企業") == exact
    assert run_json("list", "--division", "chiiki kigyou") == exact
    assert [p["no"] for p in run_json("list", "-d", "監理")] == [21]


@pytest.mark.lang("ja")
def test_list_ambiguous_division(run) -> None:
    r = run("list", "--division", "地域")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert "地域交通・連携課" in r.stderr and "地域企業支援課" in r.stderr


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_list_says_when_its_limit_cut_the_rows(run, fmt: str) -> None:
    """The total row of `list --new --limit 3` is of three programmes of four: stderr says so,
    as search does, and says nothing when the limit cut nothing."""
    r = run("list", "--new", "--limit", "3", "--format", fmt)
    assert r.exit_code == 0, r.output
    assert r.stderr == "aomori: the first 3 of 4 programmes shown (--limit 0 shows them all)\n"
    assert run("list", "--new", "--limit", "4", "--format", fmt).stderr == ""


def test_list_filters_sort_limit(run_json) -> None:
    assert [p["no"] for p in run_json("list", "--new")] == [4, 11, 14, 20]
    top = run_json("list", "--sort", "budget", "--limit", "3")
    assert [p["no"] for p in top] == [10, 13, 9]
    assert [p["no"] for p in run_json("list", "--sort", "budget", "-r", "-n", "2")] == [23, 16]
    ranged = run_json("list", "--min-budget", "100000", "--max-budget", "200000")
    assert [p["no"] for p in ranged] == [2, 8]
    assert run_json("list", "--min-budget", "99999999") == []
    assert [p["no"] for p in run_json("list", "--group", "立地推進")] == [18, 19]
    assert [p["no"] for p in run_json("list", "--reposted")] == [15, 21]
    by_english = run_json("list", "--sort", "name_en")
    assert [p["no"] for p in by_english[:4]] == [12, 18, 19, 20]
    names = [p["name_en"].casefold() for p in by_english]
    assert names == sorted(names) and len(names) == 23


@pytest.mark.lang("ja")
def test_sort_by_english_name_is_the_same_in_japanese(run_json) -> None:
    assert [p["no"] for p in run_json("list", "--sort", "name_en", "-n", "4")] == [12, 18, 19, 20]


# --- show ------------------------------------------------------------------------------------


def test_show_by_number(run) -> None:
    r = run("show", "10")
    assert r.exit_code == 0, r.output
    for text in ("経営改善普及事業費補助", "1,338,105", "41,276件", "42,660件", "+1,384", "p.55"):
        assert text in r.stdout


@pytest.mark.parametrize("no", range(1, 24))
def test_show_json_matches_the_data_file(run_json, no: int) -> None:
    data = run_json("show", str(no))
    validate(data, "show")
    raw = RAW["programmes"][no - 1]
    for key in ("no", "name", "budget_thousand_yen", "division", "group", "page", "overview"):
        assert data[key] == raw[key], key
    assert data["new"] == raw.get("new", False) and data["reposted"] == raw.get("reposted", False)
    assert [k["name"] for k in data["kpis"]] == [k["name"] for k in raw["kpis"]]
    for kpi, raw_kpi in zip(data["kpis"], raw["kpis"], strict=True):
        for year in ("fy2023", "fy2024"):
            figure = kpi[year]
            assert (figure["raw"] if figure else "-") == raw_kpi[year]
    assert data["share"] == pytest.approx(raw["budget_thousand_yen"] / 2_543_429)
    assert data["kpi_count"] == len(raw["kpis"])


@pytest.mark.parametrize(
    ("name", "no"),
    [("健康経営", 7), ("ポータル", 12), ("けんこうけいえい", 7), ("portal", 12), ("１０", 10)],
)
def test_show_by_name(run_json, name: str, no: int) -> None:
    assert run_json("show", name)["no"] == no


def test_show_option_like_argument_is_a_usage_error(run) -> None:
    r = run("show", "-1")
    assert r.exit_code == 2 and r.stdout == "" and "No such option: -1" in r.stderr
    assert run("show", "--", "-1").exit_code == 1  # after --, it is a (missing) number


@pytest.mark.parametrize("bad", ["0", "24", "99999999999999999999", "", "   ", "zzzzqqq"])
def test_show_unknown(run, bad: str) -> None:
    r = run("show", bad)
    # An empty argument is a usage error (2), as an empty search query is; the rest not found.
    assert r.exit_code == (1 if bad.strip() else 2)
    assert r.stdout == ""
    assert r.stderr.startswith("aomori: error:") and r.stderr.count("\n") == 1


@pytest.mark.lang("ja")
def test_show_ambiguous_lists_candidates(run) -> None:
    r = run("show", "バス")
    assert r.exit_code == 1 and r.stdout == ""
    assert "2 地域間幹線バス系統確保維持費補助" in r.stderr
    assert "3 生活交通バス車両緊急整備事業費補助" in r.stderr


# --- compare ---------------------------------------------------------------------------------


def test_compare_one(run_json) -> None:
    data = run_json("compare", "10")
    validate(data, "compare")
    (entry,) = data
    assert entry["no"] == 10 and entry["budget_thousand_yen"] == 1_338_105
    first = entry["kpis"][1]
    assert first == {
        "name": "巡回指導件数",
        "name_en": "Visiting guidance given",
        "unit": "件",
        "fy2023": 41276,
        "fy2024": 42660,
        "change": 1384,
        "change_pct": pytest.approx(1384 / 41276 * 100),
        "fy2023_raw": "41,276件",
        "fy2023_unit": "件",
        "fy2023_qualifier": None,
        "fy2024_raw": "42,660件",
        "fy2024_unit": "件",
        "fy2024_qualifier": None,
    }
    assert entry["kpis"][2]["change_pct"] == pytest.approx(-32 / 37956 * 100)  # unrounded


def test_compare_all_names_each_kpis_programme_when_it_becomes_a_list(run) -> None:
    listed = run("compare", "--all", env={"COLUMNS": "40"}).stdout
    records = listed.count("\nNo.")
    assert records == 64 and listed.count("  Programme: ") == records
    assert "Not shown at this width" not in listed
    # A table too narrow for the programme keeps its number, and says what it leaves out.
    table = run("compare", "--all", env={"COLUMNS": "70"}).stdout
    assert "Programme" not in table.splitlines()[1]
    assert "Not shown at this width: Programme (a wider terminal shows it)" in table


def test_compare_missing_and_zero(run_json) -> None:
    (four,) = run_json("compare", "4")
    assert four["kpis"][0]["fy2023"] is None and four["kpis"][0]["change"] is None
    (nineteen,) = run_json("compare", "19")
    assert nineteen["kpis"][0]["change"] == -1 and nineteen["kpis"][0]["change_pct"] == -100.0
    (seventeen,) = run_json("compare", "17")  # 延べ 122名 → -: no change to count
    counts = [seventeen[k] for k in ("kpis_up", "kpis_down", "kpis_flat", "kpis_no_figure")]
    assert counts == [1, 3, 0, 1]


@pytest.mark.lang("ja")
def test_compare_several_keeps_order(run, run_json) -> None:
    data = run_json("compare", "3", "2", "健康経営")
    assert [d["no"] for d in data] == [3, 2, 7]
    r = run("compare", "2", "3", "4")
    assert r.exit_code == 0
    assert "KPI の増減件数" in r.stdout and "+7,175" in r.stdout


@pytest.mark.lang("ja")
def test_compare_table_marks(run) -> None:
    r = run("compare", "12")
    # A fall is ▲ and the magnitude, as Japanese public finance writes it; never "-5,585".
    assert "20,748件" in r.stdout and "15,163件" in r.stdout and "▲5,585" in r.stdout
    assert "▲26.9%" in r.stdout and "-5,585" not in r.stdout and "▼" not in r.stdout
    r = run("compare", "10")
    assert "+1,384" in r.stdout and "+3.4%" in r.stdout and "▲32" in r.stdout


def test_compare_needs_a_programme(run) -> None:
    r = run("compare")
    assert r.exit_code == 2 and r.stdout == ""


# --- totals ----------------------------------------------------------------------------------


def test_totals_by_division(run_json) -> None:
    data = run_json("totals")
    validate(data, "totals")
    assert data["total_thousand_yen"] == 2_543_429 and data["count"] == 23
    assert data["by"] == "division"
    top = data["rows"][0]
    assert top["key"] == "経済産業政策課" and top["budget_thousand_yen"] == 1_686_628
    budgets = [row["budget_thousand_yen"] for row in data["rows"]]
    assert budgets == sorted(budgets, reverse=True) and sum(budgets) == 2_543_429
    assert abs(sum(row["share"] for row in data["rows"]) - 1) < 1e-9


@pytest.mark.parametrize("by", ["group", "new", "reposted"])
def test_totals_other_keys(run_json, by: str) -> None:
    data = run_json("totals", "--by", by)
    validate(data, "totals")
    assert sum(r["budget_thousand_yen"] for r in data["rows"]) == 2_543_429


def test_totals_new(run_json) -> None:
    rows = {r["key"]: r for r in run_json("totals", "--by", "new")["rows"]}
    assert rows["新規"]["count"] == 4 and rows["新規"]["budget_thousand_yen"] == 125_600


@pytest.mark.lang("ja")
def test_totals_table_checks_the_subtotal(run) -> None:
    r = run("totals")
    assert r.exit_code == 0
    assert "2,543,429" in r.stdout and "小計" in r.stdout and "一致" in r.stdout
    assert "█" in r.stdout


def test_totals_bad_by(run) -> None:
    r = run("totals", "--by", "nonsense")
    assert r.exit_code == 2 and r.stdout == ""


# --- search ----------------------------------------------------------------------------------


def test_search_json(run_json) -> None:
    data = run_json("search", "経営")
    validate(data, "search")
    assert data[0]["no"] == 10 and data[0]["field"] == "name"
    assert data[0]["name_en"] == "Subsidy for management improvement services to small businesses"
    scores = [d["score"] for d in data]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)


def test_search_says_when_the_default_limit_cuts_in_every_format(run) -> None:
    # 支援 is in 19 programmes' text; ten by default, and a script is told on stderr.
    cut = run("search", "支援", "--json")
    assert len(json.loads(cut.stdout)) == 10
    assert (
        cut.stderr
        == "aomori: the best 10 matches shown; there are more (--limit 0 shows them all)\n"
    )
    every = run("search", "支援", "--json", "--limit", "0")
    assert len(json.loads(every.stdout)) == 19 and every.stderr == ""
    csv_rows = run("search", "支援", "--format", "csv", "--limit", "19")
    assert len(csv_rows.stdout.splitlines()) == 20 and csv_rows.stderr == ""


def test_search_nothing(run_json) -> None:
    assert run_json("search", "存在しない言葉です") == []


@pytest.mark.lang("ja")
def test_search_table_shows_where(run) -> None:
    r = run("search", "ESG")
    assert r.exit_code == 0
    assert "企業の脱炭素シフト促進事業" in r.stdout and "KPI" in r.stdout


# --- global ----------------------------------------------------------------------------------


def test_version_and_help(run) -> None:
    r = run("--version")
    assert r.exit_code == 0 and r.stdout.startswith("aomori ")
    for command in ("list", "show", "compare", "totals", "search", "about", "fields", "schema"):
        r = run(command, "--help")
        assert r.exit_code == 0 and "Example" in r.stdout, command


def test_data_option_and_env(run, tmp_path: Path) -> None:
    data = tmp_path / "d.toml"
    data.write_text(
        '[[programmes]]\nno = 5\nname = "別事業"\nbudget_thousand_yen = 7\n'
        'division = "X課"\npage = 1\n',
        encoding="utf-8",
    )
    r = run("--data", str(data), "list", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)[0]["name"] == "別事業"
    r = run("list", "--json", env={"AOMORI_DATA": str(data)})
    assert json.loads(r.stdout)[0]["no"] == 5


def test_schema_is_a_valid_json_schema(run) -> None:
    import jsonschema

    r = run("schema")
    assert r.exit_code == 0
    jsonschema.Draft202012Validator.check_schema(json.loads(r.stdout))


def test_the_schema_itself_takes_only_what_some_command_prints(run) -> None:
    """Validating output against `aomori schema` as printed is what a script does first; its
    root had no type, so 42 and {"garbage": 1} passed (from a review)."""
    import jsonschema

    schema = json.loads(run("schema").stdout)
    for bad in (42, {"garbage": 1}, [{"no": "1"}], None):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)
    for args in (["list"], ["show", "10"], ["compare", "10"], ["compare", "--all"], ["totals"],
                 ["search", "経営"], ["about"], ["fields"]):  # fmt: skip
        jsonschema.validate(json.loads(run(*args, "--json").stdout), schema)
    # And what --fields prints: its rows (show: its object) with only the keys chosen (the
    # root had refused all of these, from a review).
    chosen = {
        "list": ["list", "--fields", "no,name"],
        "show": ["show", "1", "--fields", "no,name"],
        "compare": ["compare", "--all", "--fields", "no,name,change"],
        "totals": ["totals", "--fields", "key,count"],
        "search": ["search", "支援", "--fields", "no,name"],
    }
    for command, args in chosen.items():
        document = json.loads(run(*args, "--json").stdout)
        jsonschema.validate(document, schema)
        jsonschema.validate(document, {**schema, "$ref": f"#/$defs/{command}_fields"})
    for bad in ([{}], {}, [{"no": 1, "garbage": 2}]):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


def test_the_schema_says_of_what_each_share_is(run) -> None:
    """list's share is of the whole section, totals' of the programmes chosen: a reviewer
    joining the two CSVs had nothing to tell them apart."""
    defs = json.loads(run("schema").stdout)["$defs"]
    listed = defs["programme"]["properties"]["share"]["description"]
    totalled = defs["total_row"]["properties"]["share"]["description"]
    assert "whole section's budget, whatever the filters" in listed
    assert "chosen programmes' total" in totalled


def test_typer_is_the_pinned_one_and_compat_finds_its_usage_error(run) -> None:
    """The suite runs under the newest Typer the pin allows (pip takes the newest); the one
    thing taken beyond Typer's documented API is found, and is what Click raises."""
    import typer

    from aomori_cli.cli.compat import UsageError

    version = tuple(int(part) for part in typer.__version__.split(".")[:2])
    assert (0, 28) <= version < (0, 29), typer.__version__
    assert issubclass(typer.BadParameter, UsageError)
    assert issubclass(UsageError, typer.TyperException)
    r = run("list", "--no-such-option")
    assert r.exit_code == 2 and "No such option" in r.stderr and "Usage: aomori list" in r.stderr


# --- the contract, spelled out independently: a renamed or dropped key fails here -------------

PROGRAMME_KEYS = [
    "no", "name", "name_en", "budget_thousand_yen", "share", "new", "reposted", "division",
    "group", "page", "overview", "results", "kpis", "kpi_count", "notes", "reading", "romaji",
    "keywords_en", "remarks", "remarks_ja", "corrections",
    # added later, at the end: no CSV column moves
    "division_en", "group_en",
]  # fmt: skip
CHANGE_KEYS = [
    "name", "name_en", "unit", "fy2023", "fy2024", "change", "change_pct", "fy2023_raw",
    "fy2023_unit", "fy2023_qualifier", "fy2024_raw", "fy2024_unit", "fy2024_qualifier",
]  # fmt: skip


def test_every_commands_json_keys(run_json) -> None:
    assert list(run_json("show", "10")) == PROGRAMME_KEYS
    assert all(list(p) == PROGRAMME_KEYS for p in run_json("list"))
    assert list(run_json("show", "17")["kpis"][1]) == ["name", "name_en", "fy2023", "fy2024"]
    assert list(run_json("show", "17")["kpis"][1]["fy2023"]) == [
        "raw",
        "value",
        "unit",
        "qualifier",
    ]
    (comparison,) = run_json("compare", "10")
    assert list(comparison) == [
        "no", "name", "name_en", "budget_thousand_yen", "share", "division", "kpis", "kpis_up",
        "kpis_down", "kpis_flat", "kpis_no_figure",
    ]  # fmt: skip
    assert list(comparison["kpis"][0]) == CHANGE_KEYS
    assert list(run_json("compare", "--all")[0]) == [
        "no",
        "programme",
        "programme_en",
        *CHANGE_KEYS,
    ]
    totals = run_json("totals")
    assert list(totals) == [
        "total_thousand_yen", "count", "by", "rows", "report_subtotal_thousand_yen",
        "matches_report_subtotal",
    ]  # fmt: skip
    assert list(totals["rows"][0]) == [
        "key", "count", "budget_thousand_yen", "share", "key_en", "division", "group",
    ]  # fmt: skip
    assert list(run_json("fields")[0]) == ["command", "field", "description", "commands"]
    # Each command apart, for jq's select(.commands[] == "list") (from a review).
    rows = run_json("fields")
    assert all(r["commands"] == r["command"].split(", ") for r in rows)
    assert {"list", "show", "compare", "totals", "search"} <= {
        c for r in rows for c in r["commands"]
    }
    assert list(run_json("search", "経営")[0]) == [
        "no", "name", "name_en", "division", "budget_thousand_yen", "score", "field", "exact",
        "snippet",
    ]  # fmt: skip
    about = run_json("about")
    assert list(about)[:4] == ["prefecture", "prefecture_en", "title", "title_en"]
    assert {"section", "programme_count", "total_thousand_yen", "corrections", "case_study"} <= set(
        about
    )


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["about"], "about"),
        (["fields"], "fields"),
        (["compare", "--all"], "compare_all"),
        (["compare", "--kpi", "件数"], "compare_all"),
        (["compare", "2", "4", "17"], "compare"),
        (["compare", "10", "--division", "経済産業政策課"], "compare"),
        # A ranking option ranks the named programmes' KPIs: the schema's other shape.
        (["compare", "10", "--sort", "no"], "compare_all"),
        (["compare", "10", "--limit", "2"], "compare_all"),
        (["compare", "10", "11", "--down"], "compare_all"),
        (["list", "--division", "監理課"], "list"),
    ],
)
def test_json_matches_the_schema(run_json, args: list[str], command: str) -> None:
    validate(run_json(*args), command)


@pytest.mark.parametrize(
    ("option", "fmt"), [("--csv", "csv"), ("--jsonl", "jsonl"), ("--md", "md")]
)
def test_a_format_typed_as_an_option_points_to_format(run, option: str, fmt: str) -> None:
    r = run("list", option)
    assert r.exit_code == 2 and r.stdout == "" and r.stderr.count("\n") == 1
    assert f"No such option: {option}" in r.stderr
    assert f"(for {fmt}, give --format {fmt})" in r.stderr


def test_show_with_several_numbers_points_to_compare(run) -> None:
    r = run("show", "10", "11")
    assert r.exit_code == 2 and r.stdout == "" and r.stderr.count("\n") == 1
    assert "show shows one programme; to see several, use: aomori compare 10 11" in r.stderr


def test_an_ambiguous_name_says_how_many_candidates_are_left_out(run) -> None:
    r = run("show", "subsidy")
    assert r.exit_code == 1 and r.stdout == ""
    assert "'subsidy' matches 10 programmes; did you mean: 2 Subsidy" in r.stderr
    assert r.stderr.rstrip().endswith(", 4 more (aomori search --limit 0 lists them all)"), r.stderr


def test_search_for_a_programme_number_points_to_show(run) -> None:
    r = run("search", "10")
    assert r.stdout == ""
    assert (
        r.stderr == "aomori: search looks in the text; programme 10 is shown by: aomori show 10\n"
    )
    assert "aomori show" not in run("search", "99").stderr  # no such programme


def test_compare_says_a_name_of_several_words_needs_quotes(run) -> None:
    r = run("compare", "business", "succession")
    assert r.exit_code == 1 and r.stdout == ""
    assert 'needs quotes: aomori compare "business succession" (No.20)' in r.stderr
    assert len(r.stderr.splitlines()) == 1
    both = run_json_of(run, "compare", "10", "11")  # numbers are never taken as one name
    assert [c["no"] for c in both] == [10, 11]


def run_json_of(run, *args: str):
    import json

    r = run(*args, "--json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


@pytest.mark.parametrize(
    ("typed", "thousand_yen"),
    [
        ("100000", 100_000),
        ("100,000", 100_000),
        ("１００，０００", 100_000),
        ("100000千円", 100_000),
        ("1億", 100_000),
        ("1.5億円", 150_000),
        ("5000万", 50_000),
        ("5,000万円", 50_000),
        ("2,000,000円", 2_000),
        ("1億5000万", 150_000),
        ("1億5,000万円", 150_000),
        ("5千円", 5),  # 千円 is the unit: 5千円 is ¥5,000
        # 千万 and 百万 as written before 円 (5千万 was refused, from a review).
        ("5千万", 50_000),
        ("5千万円", 50_000),
        ("1億5千万", 150_000),
        ("3百万円", 3_000),
        ("1.5千万", 15_000),
        ("9" * 30, int("9" * 30)),  # exact, never rounded
        # Yen as English writes it.
        ("¥100,000,000", 100_000),
        ("￥１００，０００，０００", 100_000),
        ("100000000 yen", 100_000),
        ("¥1億5000万", 150_000),
        # And with English's words for large amounts, of yen as 万 and 億 are (from a review).
        ("¥100m", 100_000),
        ("100M", 100_000),
        ("100 million yen", 100_000),
        ("¥200 Million", 200_000),
        ("1.5bn", 1_500_000),
        ("¥2 billion", 2_000_000),
        ("500k", 500),
        ("¥12 thousand", 12),
        ("1M円", 1_000),  # 円 after an English word, as after 万
        ("100 million 円", 100_000),
        ("２Ｍ円", 2_000),
    ],
)
def test_a_budget_is_typed_as_people_say_it(typed: str, thousand_yen: int) -> None:
    from aomori_cli.cli.commands.common import amount

    assert amount(typed) == thousand_yen


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("1500円", "is not a whole number of thousand yen"),
        # 5千 is ¥5,000 to some, 5,000千円 (a bare 5000) to others: neither is guessed.
        ("5千", "'5千' is ambiguous: give 千円, 万 or 億 as the unit"),
        ("1,000千", "is ambiguous"),
        ("1.5億5千万", "is not an amount in thousand yen"),  # a typo, more likely than 2億
        ("1.5", "is not a whole number of thousand yen"),
        ("¥1,500", "'¥1,500' is not a whole number of thousand yen"),
        ("10,00", "is not an amount in thousand yen"),
        ("1e5", "is not an amount in thousand yen"),
        ("-1億", "is below 0"),
        ("¥-5", "'¥-5' is below 0"),
        ("yen", "'yen' is not an amount in thousand yen"),
        ("1億-5万", "'1億-5万' is not an amount in thousand yen"),
        ("9" * 5000, "is too long for a budget"),
        ("¥1.5k", "is not a whole number of thousand yen"),
        ("10 mm", "'10 mm' is not an amount in thousand yen"),
        ("million", "'million' is not an amount in thousand yen"),
    ],
)
def test_a_budget_that_is_not_one_is_a_usage_error(run, typed: str, said: str) -> None:
    r = run("list", "--min-budget", typed)
    assert r.exit_code == 2 and r.stdout == ""
    assert said in r.stderr and len(r.stderr.splitlines()) == 1 and len(r.stderr) < 300


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_yen_typed_as_thousand_yen_is_pointed_out(run, lang: str) -> None:
    """100,000,000 meant as 1億円 is read as 千円 (1,000億円): it found nothing, and the
    message never said why."""
    r = run("--lang", lang, "list", "--min-budget", "100,000,000")
    assert r.exit_code == 0 and r.stdout == ""
    note = r.stderr.splitlines()[0]
    if lang == "en":
        assert "--min-budget 100,000,000 is in thousand yen" in note
        assert "(¥100,000,000 or 100,000,000円)" in note
    else:
        assert "--min-budget 100,000,000 は千円単位" in note and "(100,000,000円 または" in note
    assert run("list", "--min-budget", "2,543,429").stderr.count("thousand yen") == 0


def test_min_budget_in_oku_selects_as_in_thousand_yen(run_json) -> None:
    by_oku = [p["no"] for p in run_json("list", "--min-budget", "1億")]
    assert by_oku == [p["no"] for p in run_json("list", "--min-budget", "100,000")]
    assert len(by_oku) == 6


def test_compare_ranks_at_most_limit_kpis_and_says_so(run) -> None:
    every = run_json_of(run, "compare", "--all", "--down")
    r = run("compare", "--all", "--down", "--limit", "5", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == every[:5] and len(every) > 5
    assert (
        r.stderr == f"aomori: the first 5 of {len(every)} KPIs shown (--limit 0 shows them all)\n"
    )
    assert run("compare", "--all", "--down", "--limit", "0", "--json").stderr == ""
    top = run_json_of(run, "compare", "10", "--limit", "2")  # named programmes, ranked
    assert len(top) == 2 and {row["no"] for row in top} == {10}


@pytest.mark.parametrize("limit", ["0", "2", "100"])
def test_compare_ranks_whenever_limit_is_given_whatever_its_value(run, limit: str) -> None:
    """A script passing --limit "$N" gets one shape whatever N is: --limit 0 had given the
    programmes' objects, any other N the ranked rows (from a review)."""
    rows = run_json_of(run, "compare", "10", "--limit", limit)
    assert rows and all(set(row) >= {"programme", "name", "change"} for row in rows)
    assert "kpis" in run_json_of(run, "compare", "10")[0]


@pytest.mark.parametrize("typed", ["", " ", "・"])
def test_compare_an_empty_kpi_name_is_a_usage_error(run, typed: str) -> None:
    r = run("compare", "--kpi", typed, "--json")
    assert r.exit_code == 2 and r.stdout == "" and r.stderr.count("\n") == 1
    assert "--kpi needs some text to look for" in r.stderr


@pytest.mark.parametrize("typed", ["xlsx", "XLS", "excel"])
def test_a_spreadsheet_format_points_to_excel_csv(run, typed: str) -> None:
    r = run("list", "--format", typed)
    assert r.exit_code == 2 and r.stdout == "" and r.stderr.count("\n") == 1
    assert "(for Excel, give --format csv --excel -o FILE.csv)" in r.stderr
    assert "for Excel" not in run("list", "--format", "foo").stderr
    assert "for Excel" not in run("about", "--format", typed).stderr  # about writes no CSV


@pytest.mark.parametrize("years", [["2023", "2024"], ["令和5", "令和6"], ["FY2023"], ["10", "R6"]])
def test_years_given_to_compare_say_the_years_are_fixed(run, years: list[str]) -> None:
    """compare 令和5 令和6 suggested an unrelated programme; compare 2023 2024 said only that
    there is no programme 2023."""
    r = run("compare", *years)
    assert r.exit_code == 2 and r.stdout == "" and r.stderr.count("\n") == 1
    assert "compare always sets FY2023 (令和5年度) against FY2024 (令和6年度)" in r.stderr


def test_years_that_count_different_things_are_not_compared(run, tmp_path: Path) -> None:
    """延べ 5者 → 7者 was +2 (+40%) as if like with like; 1回 → 2件 was n/a under a legend that
    says n/a is no figure. Both are not compared, and a note says why (from a review)."""
    data = tmp_path / "unlike.toml"
    data.write_text(
        '[[programmes]]\nno = 1\nname = "事業"\nbudget_thousand_yen = 1\ndivision = "課"\n'
        'page = 1\nkpis = [{ name = "回数", fy2023 = "1回", fy2024 = "2件" },'
        ' { name = "派遣", fy2023 = "延べ 5者", fy2024 = "7者" },'
        ' { name = "相談", fy2023 = "5件", fy2024 = "7件" }]\n',
        "utf-8",
    )
    (compared,) = json.loads(run("--data", str(data), "compare", "1", "--json").stdout)
    assert [k["change"] for k in compared["kpis"]] == [None, None, 2]
    table = run("--data", str(data), "compare", "1").stdout
    assert "n/a also where the two years count different things" in table
    assert "count different things" not in run("compare", "1").stdout


@pytest.mark.parametrize("typed", ["30億", "¥3,000,000,000", "3000000千円", "3,000,000 yen"])
def test_an_amount_with_its_unit_gets_no_note(run, typed: str) -> None:
    """The note on yen typed as 千円 is for a bare number: given with a unit, the amount says
    what was meant (and the note's advice would change it a thousandfold)."""
    r = run("list", "--min-budget", typed)
    assert r.exit_code == 0 and "thousand yen" not in r.stderr, r.stderr


def test_a_bare_number_that_is_no_yen_gets_no_yen_advice(run) -> None:
    r = run("list", "--min-budget", "2543430")
    assert "--min-budget 2,543,430 is in thousand yen" in r.stderr
    assert "needs its unit" not in r.stderr  # ¥2,543,430 is no whole number of 千円


@pytest.mark.parametrize("args", [["--excel"], ["--format", "csv"]])
def test_csv_is_not_written_under_a_workbook_name(run, tmp_path: Path, args) -> None:
    """list --excel -o b.xlsx wrote CSV into a file Excel then refuses to open."""
    target = tmp_path / "b.xlsx"
    r = run("list", *args, "-o", str(target))
    assert r.exit_code == 2 and r.stdout == ""
    assert "CSV opens in Excel as a .csv file, not .xlsx" in r.stderr
    # The way to a file for Excel, whose formulas are defused: plain CSV's are not.
    assert f"--excel -o {tmp_path / 'b.csv'} writes it for Excel" in r.stderr
    assert not target.exists()


def test_a_division_given_to_group_points_to_division(run) -> None:
    r = run("list", "--group", "地域企業支援課")
    assert r.exit_code == 1 and r.stdout == "" and r.stderr.count("\n") == 1
    assert "'地域企業支援課' is a division: give --division 地域企業支援課" in r.stderr


@pytest.mark.parametrize(
    ("args", "offered"),
    [
        (["list", "--divison", "x"], "(Possible options: --division)"),
        (["list", "--jsn"], "(Possible options: --json)"),
        (["list", "--min", "5"], "(Possible options: --min-budget)"),  # Click offered none
        (["compare", "10", "--vs", "2023"], None),
        (["totals", "--limit", "2"], None),
        (["compare", "--reverse"], None),
    ],
)
def test_a_mistyped_option_is_offered_only_options_like_it(run, args, offered) -> None:
    """Click offered any option of 0.6 alike: --vs got --json and --sort, totals --limit got
    --unit, compare --reverse got --reposted (from a review)."""
    r = run(*args)
    assert r.exit_code == 2 and r.stdout == ""
    if offered is None:
        assert "Possible options" not in r.stderr and "Did you mean" not in r.stderr, r.stderr
    else:
        assert offered in r.stderr


def test_an_option_given_no_value_names_the_help(run) -> None:
    """Click raises it without the command's context: the one usage error with no pointer
    to the help (from a review)."""
    r = run("list", "--output")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == (
        "aomori: error: Option '--output' requires an argument. (see 'aomori list -h')\n"
    )


def test_a_global_option_given_no_value_is_not_said_to_be_misplaced(run) -> None:
    """aomori --data (no file) was told to give --data before the command, where it was."""
    r = run("--data")
    assert r.exit_code == 2 and "requires an argument" in r.stderr
    assert "global option" not in r.stderr
    misplaced = run("list", "--data", "x.toml")
    assert "--data is a global option: give it before the command" in misplaced.stderr


def test_an_option_of_export_sqlite_given_no_value_names_its_help(run, tmp_path) -> None:
    """It named export -h, which does not list --metadata (from a review)."""
    r = run("export", "sqlite", str(tmp_path / "x.db"), "--metadata")
    assert r.exit_code == 2 and "(see 'aomori export sqlite -h')" in r.stderr
    assert not (tmp_path / "x.db").exists()
