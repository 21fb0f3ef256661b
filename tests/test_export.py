"""`aomori export sqlite`: the database, opened with sqlite3, checked against the seed document
(read independently by tests/seed.py); its Datasette metadata; writing it safely; and every SQL
query the README shows, run and compared with the output printed there."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aomori_cli import cli
from aomori_cli import export as export_module
from aomori_cli.export import database as export_database

import seed

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
LIST, SUBTOTAL = seed.list_table()
BODIES = seed.bodies()
NO_FIGURE = {"-", "－", "ー", "―", "‐", "—", "–"}


def has_trigram() -> bool:
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'trigram')")
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()
    return True


TRIGRAM = has_trigram()
needs_trigram = pytest.mark.skipif(
    not TRIGRAM,
    reason=f"this Python's SQLite {sqlite3.sqlite_version} has no FTS5 trigram tokenizer "
    "(SQLite 3.34 or newer): programmes_fts cannot be built here",
)
# Where the trigram tokenizer is missing, everything but the full-text index is still tested.
NO_FTS = () if TRIGRAM else ("--no-fts",)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The shipped dataset exported once, with its metadata, for the read-only checks."""
    folder = tmp_path_factory.mktemp("export")
    database, metadata = folder / "aomori.db", folder / "metadata.json"
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("AOMORI_DATA", raising=False)
        code = cli.run(["export", "sqlite", str(database), "--metadata", str(metadata), *NO_FTS])
    assert code == 0
    return database, metadata


@pytest.fixture()
def db(exported: tuple[Path, Path]) -> Iterator[sqlite3.Connection]:
    # Read-only, so no test can change what the others see.
    connection = sqlite3.connect(f"file:{exported[0]}?mode=ro", uri=True)
    yield connection
    connection.close()


def rows(db: sqlite3.Connection, sql: str, *params: object) -> list[tuple[Any, ...]]:
    return db.execute(sql, params).fetchall()


def number(raw: str) -> int | None:
    """A printed figure's number, read here without the loader: "延べ 15回" -> 15."""
    text = unicodedata.normalize("NFKC", raw).strip()
    if text in NO_FIGURE:
        return None
    digits = re.search(r"\d[\d,]*", text)
    assert digits, raw
    return int(digits[0].replace(",", ""))


# --- the data, against the seed ----------------------------------------------------------------


def test_counts_and_the_subtotal_in_sql(db: sqlite3.Connection) -> None:
    assert rows(db, "SELECT COUNT(*) FROM programmes") == [(23,)]
    assert rows(db, "SELECT COUNT(*) FROM kpis") == [(64,)] == [(sum(len(b.kpis) for b in BODIES),)]
    assert rows(db, "SELECT SUM(budget_thousand_yen) FROM programmes") == [(SUBTOTAL,)]
    assert SUBTOTAL == 2_543_429
    assert rows(db, "SELECT subtotal_thousand_yen, total_thousand_yen FROM report") == [
        (SUBTOTAL, SUBTOTAL)
    ]


def test_programmes_are_the_list_table(db: sqlite3.Connection) -> None:
    got = rows(
        db,
        "SELECT no, name, budget_thousand_yen, new, division, page, reposted FROM programmes "
        "ORDER BY no",
    )
    assert got == [
        (r.no, r.name, r.budget, int(r.new), r.division, r.page, int("(再掲)" in r.name))
        for r in LIST
    ]
    # Booleans are the integers 0 and 1, money is an integer: typed columns, not text.
    types = rows(db, "SELECT DISTINCT typeof(new), typeof(budget_thousand_yen) FROM programmes")
    assert types == [("integer", "integer")]


def test_bodies_divisions_and_groups(db: sqlite3.Connection) -> None:
    got = rows(db, 'SELECT division, "group" FROM programmes ORDER BY no')
    assert got == [(b.division, b.group) for b in BODIES]
    got_text = rows(db, "SELECT overview, results FROM programmes ORDER BY no")
    for (overview, results), body in zip(got_text, BODIES, strict=True):
        assert seed.squash(overview)[:20] == seed.squash(body.overview)[:20]
        assert seed.squash(results)[-20:] == seed.squash(body.results)[-20:]


def test_kpis_are_the_seeds_tables(db: sqlite3.Connection) -> None:
    got = rows(
        db,
        "SELECT programme_no, position, name, fy2023, fy2024, fy2023_raw, fy2024_raw FROM kpis "
        "ORDER BY programme_no, position",
    )
    expected = [
        (no, position, name, number(fy2023), number(fy2024), fy2023, fy2024)
        for no, body in enumerate(BODIES, 1)
        for position, (name, fy2023, fy2024) in enumerate(body.kpis, 1)
    ]
    assert len(got) == len(expected) == 64
    for row, want in zip(got, expected, strict=True):
        assert row[:2] == want[:2]
        assert seed.squash(row[2]) == seed.squash(want[2])  # ("E S G" is a correction)
        assert row[3:5] == want[3:5], row
        for held, printed in zip(row[5:], want[5:], strict=True):
            assert (held is None) == (printed.strip() in NO_FIGURE), row
            if held is not None:
                assert seed.squash(held) == seed.squash(printed)


def test_qualifier_and_missing_figures(db: sqlite3.Connection) -> None:
    assert ("延べ", 15, 7) in rows(
        db, "SELECT fy2023_qualifier, fy2023, fy2024 FROM kpis WHERE fy2023_qualifier IS NOT NULL"
    )
    # No. 4 is new in FY2024: its FY2023 figures are NULL, not 0 or '-'.
    assert rows(db, "SELECT fy2023, fy2023_raw FROM kpis WHERE programme_no = 4") == [
        (None, None),
        (None, None),
    ]


def test_joins_through_the_declared_foreign_keys(db: sqlite3.Connection) -> None:
    keys = {
        table: [(r[2], r[3], r[4]) for r in rows(db, f"PRAGMA foreign_key_list({table})")]
        for table in ("kpis", "programmes", "corrections")
    }
    assert keys["kpis"] == [("programmes", "programme_no", "no")]
    assert sorted(keys["programmes"]) == [
        ("divisions", "division", "name"),
        ("groups", "group", "name"),
    ]
    assert keys["corrections"] == [("programmes", "programme_no", "no")]
    assert rows(db, "PRAGMA foreign_key_check") == []
    joined = rows(
        db,
        "SELECT p.no, COUNT(k.position) FROM programmes AS p JOIN kpis AS k "
        "ON k.programme_no = p.no GROUP BY p.no ORDER BY p.no",
    )
    assert joined == [(no, len(b.kpis)) for no, b in enumerate(BODIES, 1) if b.kpis]
    # Every division of the list table, with its English name.
    assert rows(
        db,
        "SELECT COUNT(DISTINCT d.name), COUNT(*) FROM programmes AS p JOIN divisions AS d "
        "ON d.name = p.division WHERE d.name_en <> ''",
    ) == [(len({r.division for r in LIST}), 23)]


def test_kpi_changes_view(db: sqlite3.Connection) -> None:
    got = rows(
        db,
        "SELECT programme_no, position, fy2023, fy2024, change, change_pct FROM kpi_changes",
    )
    expected = []
    for no, body in enumerate(BODIES, 1):
        for position, (_, raw2023, raw2024) in enumerate(body.kpis, 1):
            a, b = number(raw2023), number(raw2024)
            change = b - a if a is not None and b is not None else None
            pct = change / a * 100 if change is not None and a else None
            expected.append((no, position, a, b, change, pct))
    assert got == expected  # the percent is unrounded, exactly as Python computes it
    assert rows(db, "SELECT change, change_pct FROM kpi_changes WHERE programme_no = 12") == [
        (15163 - 20748, (15163 - 20748) / 20748 * 100)
    ]
    assert rows(
        db, "SELECT DISTINCT programme, programme_en FROM kpi_changes WHERE programme_no = 12"
    ) == [
        (
            "あおもり事業者支援ポータルサイト運用保守事業",
            "Aomori business support portal site operation",
        )
    ]


def test_division_totals_view(db: sqlite3.Connection, run: Any) -> None:
    sums: dict[str, list[int]] = {}
    for r in LIST:
        entry = sums.setdefault(r.division, [0, 0])
        entry[0] += 1
        entry[1] += r.budget
    got = rows(
        db, "SELECT division, programme_count, budget_thousand_yen, share FROM division_totals"
    )
    assert sorted(got, key=lambda r: -r[2]) == got
    assert {d: [c, b] for d, c, b, _ in got} == sums
    assert sum(r[2] for r in got) == SUBTOTAL
    for division, _, budget, share in got:
        assert share == budget / SUBTOTAL, division
    # The same figures as `aomori totals`.
    totals = json.loads(run("totals", "--json").stdout)["rows"]
    assert [(t["key"], t["count"], t["budget_thousand_yen"], t["share"]) for t in totals] == got


def test_corrections_table(db: sqlite3.Connection, report: Any) -> None:
    got = rows(db, "SELECT scope, programme_no, field, printed, corrected, reason FROM corrections")
    expected = [("report", None, c) for c in report.corrections]
    expected += [("programme", p.no, c) for p in report.programmes for c in p.corrections]
    expected += [("case_study", None, c) for c in report.case_study.corrections]
    assert got == [(s, n, c.field, c.printed, c.corrected, c.reason) for s, n, c in expected]
    assert len(got) >= 10
    # What the source printed really is in the source: the seed has it, the data does not.
    seed_text = seed.squash(seed.text())
    for _, _, _, printed, corrected, _ in got:
        if "\t" not in printed and len(printed) > 4:
            assert seed.squash(printed) in seed_text or printed in seed.text(), printed
        assert corrected


def test_report_row(db: sqlite3.Connection) -> None:
    ((title, note, policy, first, last, source, data_file, version),) = rows(
        db,
        "SELECT title, title_note, policy, first_page, last_page, source_file, data_file, "
        "aomori_version FROM report",
    )
    assert "令和6年度" in title and "原文に表題がない" in note
    assert (policy, first, last) == ("基本方針②", 51, 62)
    assert source == f"seeds/{seed.SEED.name}"
    assert data_file.startswith("data/programs.toml") and version
    assert rows(db, "PRAGMA user_version") == [(export_database.SCHEMA_VERSION,)]


@needs_trigram
def test_full_text_search(db: sqlite3.Connection) -> None:
    def match(query: str) -> list[int]:
        found = rows(db, "SELECT rowid FROM programmes_fts WHERE programmes_fts MATCH ?", query)
        return sorted(r[0] for r in found)

    assert match("事業承継") == [20]
    assert rows(
        db,
        "SELECT p.no, p.name FROM programmes_fts AS f JOIN programmes AS p ON p.no = f.rowid "
        "WHERE programmes_fts MATCH '事業承継'",
    ) == [(20, LIST[19].name)]
    assert 10 in match("巡回指導")  # a KPI name of No. 10
    assert match("succession") == [20]  # the English name, case-folded
    assert 7 in match("けんこうけいえい")  # the reading
    # The trigram tokenizer needs 3 characters: a 2-character term finds nothing (the README
    # says so, and points to LIKE), and LIKE does find it.
    assert match("承継") == []
    assert 20 in [r[0] for r in rows(db, "SELECT no FROM programmes WHERE overview LIKE '%承継%'")]
    assert rows(db, "SELECT COUNT(*) FROM programmes_fts") == [(23,)]


# --- the metadata -------------------------------------------------------------------------------


def described(metadata: Path) -> dict[str, Any]:
    doc = json.loads(metadata.read_text("utf-8"))
    assert set(doc["databases"]) == {"aomori"}  # Datasette names the database after the file
    return doc["databases"]["aomori"]["tables"]  # type: ignore[no-any-return]


def test_every_table_and_column_is_described(
    exported: tuple[Path, Path], db: sqlite3.Connection
) -> None:
    tables = described(exported[1])
    in_db = [
        name
        for (name,) in rows(
            db, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
        )
        # FTS5's own storage (programmes_fts_data, _idx, …): Datasette hides it.
        if not name.startswith("programmes_fts_")
    ]
    assert sorted(tables) == in_db
    expected = {"report", "divisions", "groups", "programmes", "kpis", "corrections"}
    expected |= {"kpi_changes", "division_totals"} | ({"programmes_fts"} if TRIGRAM else set())
    assert set(in_db) == expected
    for name in in_db:
        columns = [r[1] for r in rows(db, f'PRAGMA table_info("{name}")')]
        assert tables[name]["description"].strip(), name
        assert list(tables[name]["columns"]) == columns, name
        for column, text in tables[name]["columns"].items():
            assert isinstance(text, str) and len(text) > 3, (name, column)


def test_metadata_reuses_the_contract_and_sets_up_datasette(exported: tuple[Path, Path]) -> None:
    from aomori_cli import contract

    doc = json.loads(exported[1].read_text("utf-8"))
    for key in ("title", "description", "source", "license"):
        assert doc[key].strip(), key
    assert "licence" in doc["license"] and seed.SEED.name in doc["source"]
    programmes = described(exported[1])["programmes"]
    for name in ("name", "budget_thousand_yen", "overview", "division"):
        assert programmes["columns"][name].startswith(contract.PROGRAMME.field(name).description)
    assert programmes["label_column"] == "name"
    if TRIGRAM:
        assert (programmes["fts_table"], programmes["fts_pk"]) == ("programmes_fts", "no")


def test_metadata_names_the_database_after_its_file(run: Any, tmp_path: Path) -> None:
    r = run(
        "export", "sqlite", str(tmp_path / "r6.sqlite"), "-m", str(tmp_path / "m.json"), *NO_FTS
    )
    assert r.exit_code == 0, r.output
    assert set(json.loads((tmp_path / "m.json").read_text("utf-8"))["databases"]) == {"r6"}


# --- writing safely -----------------------------------------------------------------------------


def export(run: Any, *args: str) -> Any:
    return run("export", "sqlite", *args, *NO_FTS)


def test_success_is_quiet_and_the_file_is_a_normal_one(run: Any, tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        r = export(run, str(tmp_path / "a.db"))
    finally:
        os.umask(umask)
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "")
    assert sorted(os.listdir(tmp_path)) == ["a.db"]  # no temporary, no journal
    assert (tmp_path / "a.db").stat().st_mode & 0o777 == 0o644


def test_an_existing_file_is_refused_without_replace(run: Any, tmp_path: Path) -> None:
    target = tmp_path / "a.db"
    target.write_bytes(b"not a database")
    r = export(run, str(target))
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr == f"aomori: error: {target}: already exists; --replace overwrites it\n"
    assert target.read_bytes() == b"not a database"
    assert sorted(os.listdir(tmp_path)) == ["a.db"]

    r = export(run, str(target), "--replace")
    assert r.exit_code == 0, r.output
    connection = sqlite3.connect(target)
    assert connection.execute("SELECT COUNT(*) FROM programmes").fetchone() == (23,)
    connection.close()
    assert sorted(os.listdir(tmp_path)) == ["a.db"]


def test_an_existing_metadata_file_is_refused_too(run: Any, tmp_path: Path) -> None:
    (tmp_path / "m.json").write_text("{}", "utf-8")
    r = export(run, str(tmp_path / "a.db"), "--metadata", str(tmp_path / "m.json"))
    assert r.exit_code == 1 and "m.json: already exists" in r.stderr
    assert sorted(os.listdir(tmp_path)) == ["m.json"]  # and no database either
    r = export(run, str(tmp_path / "a.db"), "--metadata", str(tmp_path / "m.json"), "--replace")
    assert r.exit_code == 0, r.output
    assert "databases" in json.loads((tmp_path / "m.json").read_text("utf-8"))


def test_replace_keeps_the_mode_of_the_file_replaced(run: Any, tmp_path: Path) -> None:
    target = tmp_path / "a.db"
    target.write_bytes(b"old")
    target.chmod(0o640)
    assert export(run, str(target), "--replace").exit_code == 0
    assert target.stat().st_mode & 0o777 == 0o640


def test_the_dataset_being_read_is_never_overwritten(run: Any, tmp_path: Path) -> None:
    data = tmp_path / "d.toml"
    data.write_bytes((ROOT / "data" / "programs.toml").read_bytes())
    before = data.read_bytes()
    for args in (
        [str(data), "--replace"],
        [str(tmp_path / "a.db"), "--metadata", str(data), "--replace"],
    ):
        r = run("--data", str(data), "export", "sqlite", *args, *NO_FTS)
        assert r.exit_code == 1 and "is the dataset being read" in r.stderr, r.output
        assert data.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["d.toml"]


def test_failure_leaves_nothing_behind(
    run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A SQLite without the tokenizer: one line naming the way out, exit 1, no file at all.
    monkeypatch.setattr(export_database, "FTS_TOKENIZER", "no_such_tokenizer")
    r = run("export", "sqlite", str(tmp_path / "a.db"), "--metadata", str(tmp_path / "m.json"))
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "no FTS5 no_such_tokenizer tokenizer" in r.stderr
    assert "--no-fts" in r.stderr and "Traceback" not in r.stderr
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("where", ["build", "metadata"])
def test_ctrl_c_leaves_nothing_behind(
    run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(export_module, where, interrupt)
    r = export(run, str(tmp_path / "a.db"), "--metadata", str(tmp_path / "m.json"))
    assert r.exit_code == 130 and r.stdout == ""
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name == "nt", reason="POSIX signals")
def test_sigterm_leaves_nothing_behind(
    run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def terminated(*args: object, **kwargs: object) -> None:
        os.kill(os.getpid(), signal.SIGTERM)  # as `kill` would, while the database is built

    before = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(export_module, "build", terminated)
    r = export(run, str(tmp_path / "a.db"), "--metadata", str(tmp_path / "m.json"))
    assert r.exit_code == 128 + signal.SIGTERM and r.stdout == ""
    assert os.listdir(tmp_path) == []
    assert signal.getsignal(signal.SIGTERM) == before  # the handler is put back


def test_an_existing_file_made_meanwhile_is_not_clobbered(
    run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.db"
    build = export_module.build

    def racing(*args: Any, **kwargs: Any) -> None:
        build(*args, **kwargs)
        target.write_bytes(b"someone else's")  # appears after the check, before the rename

    monkeypatch.setattr(export_module, "build", racing)
    r = export(run, str(target))
    assert r.exit_code == 1 and "already exists" in r.stderr
    assert target.read_bytes() == b"someone else's"
    assert sorted(os.listdir(tmp_path)) == ["a.db"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["-"], 2, "'-' is not a file name"),
        (["a.db", "--metadata", "a.db"], 2, "--metadata must name a different file"),
        (["."], 1, ".: is a directory"),
        (["missing/a.db"], 1, "missing/a.db: cannot write (No such file or directory)"),
        ([], 2, "Missing argument"),
    ],
)
def test_usage_and_path_errors(
    run: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    code: int,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    r = export(run, *args)
    assert r.exit_code == code and r.stdout == ""
    assert message in r.stderr and r.stderr.count("\n") == 1, r.stderr
    assert os.listdir(tmp_path) == []


def test_export_alone_shows_its_help(run: Any) -> None:
    r = run("export")
    assert r.exit_code == 2 and "sqlite" in r.stderr and r.stdout == ""
    r = run("export", "sqlite", "--help")
    assert r.exit_code == 0 and "Example" in r.stdout and "--replace" in r.stdout


def test_no_fts_leaves_the_index_out(run: Any, tmp_path: Path) -> None:
    r = run("export", "sqlite", str(tmp_path / "a.db"), "-m", str(tmp_path / "m.json"), "--no-fts")
    assert r.exit_code == 0, r.output
    connection = sqlite3.connect(tmp_path / "a.db")
    names = {n for (n,) in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert "programmes" in names and not any(n.startswith("programmes_fts") for n in names)
    tables = json.loads((tmp_path / "m.json").read_text("utf-8"))["databases"]["a"]["tables"]
    assert "programmes_fts" not in tables and "fts_table" not in tables["programmes"]


def test_another_dataset_with_data(run: Any, tmp_path: Path) -> None:
    data = tmp_path / "d.toml"
    data.write_text(
        '[[programmes]]\nno = 5\nname = "別事業"\nbudget_thousand_yen = 7\n'
        'division = "X課"\npage = 1\nkpis = [{ name = "件数", fy2023 = "-", fy2024 = "3件" }]\n',
        encoding="utf-8",
    )
    target = tmp_path / "d.db"
    r = run("--data", str(data), "export", "sqlite", str(target), *NO_FTS)
    assert r.exit_code == 0, r.output
    connection = sqlite3.connect(target)
    try:
        assert connection.execute('SELECT no, name, "group", share FROM programmes').fetchall() == [
            (5, "別事業", None, 1.0)
        ]
        # A division the dataset names without declaring still satisfies the foreign key.
        assert connection.execute("SELECT name, name_en FROM divisions").fetchall() == [("X課", "")]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("SELECT change FROM kpi_changes").fetchall() == [(None,)]
        assert connection.execute(
            "SELECT data_file, subtotal_thousand_yen FROM report"
        ).fetchall() == [(str(data), None)]
    finally:
        connection.close()
    r = run("export", "sqlite", str(target), "--replace", *NO_FTS, env={"AOMORI_DATA": str(data)})
    assert r.exit_code == 0, r.output


def test_sqlite3_is_imported_only_by_export() -> None:
    probe = (
        "import io, sys, contextlib\nfrom aomori_cli import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    code = cli.run(sys.argv[1:])\n"
        "print(code, 'sqlite3' in sys.modules, 'rich' in sys.modules)\n"
    )

    def after(*args: str) -> list[str]:
        out = subprocess.run(
            [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True
        )
        return out.stdout.split()

    for args in (("show", "10", "--json"), ("list",), ("totals", "--json")):
        assert after(*args)[:2] == ["0", "False"], args
    assert after("export", "-h")[:2] == ["0", "False"]  # the help alone builds no database


def test_export_imports_sqlite3_and_not_rich(tmp_path: Path) -> None:
    probe = (
        "import sys\nfrom aomori_cli import cli\ncode = cli.run(sys.argv[1:])\n"
        "print(code, 'sqlite3' in sys.modules, 'rich' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "AOMORI_DATA"}
    out = subprocess.run(
        [sys.executable, "-c", probe, "export", "sqlite", str(tmp_path / "a.db"), *NO_FTS],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert out.stdout.split() == ["0", "True", "False"]


# --- the README ---------------------------------------------------------------------------------

SECTION = re.compile(r"^## SQLite, Datasette and DuckDB\n(.*?)^## ", re.S | re.M)
QUERY = re.compile(r"```sql\n(.*?)```\n\n```text\n(.*?)```", re.S)


def readme_section() -> str:
    match = SECTION.search(README.read_text("utf-8"))
    assert match, "README.md has no section '## SQLite, Datasette and DuckDB'"
    return match[1]


def readme_queries() -> list[tuple[str, str]]:
    return QUERY.findall(readme_section())


def as_sqlite3_prints(db: sqlite3.Connection, sql: str) -> str:
    """What `sqlite3 -header` prints: a header line, then each row, values joined by '|',
    NULL as nothing, a REAL as SQLite itself turns it into text."""
    cursor = db.execute(sql)
    lines = ["|".join(d[0] for d in cursor.description)]
    for row in cursor.fetchall():
        cells = []
        for value in row:
            if value is None:
                cells.append("")
            elif isinstance(value, float):
                cells.append(db.execute("SELECT CAST(? AS TEXT)", (value,)).fetchone()[0])
            else:
                cells.append(str(value))
        lines.append("|".join(cells))
    return "\n".join(lines) + "\n"


def test_readme_shows_sql_queries() -> None:
    queries = readme_queries()
    assert len(queries) >= 5
    assert any("MATCH '事業承継'" in sql for sql, _ in queries)
    section = readme_section()
    assert "datasette aomori.db -m metadata.json" in section
    assert "INSTALL sqlite; LOAD sqlite;" in section and "(TYPE sqlite)" in section


@pytest.mark.parametrize(("sql", "shown"), readme_queries(), ids=lambda v: v.split("\n")[0][:40])
def test_readme_query_output(db: sqlite3.Connection, sql: str, shown: str) -> None:
    if "programmes_fts" in sql and not TRIGRAM:
        pytest.skip(f"this Python's SQLite {sqlite3.sqlite_version} has no trigram tokenizer")
    assert as_sqlite3_prints(db, sql) == shown, f"README is stale for:\n{sql}"


def test_readme_export_command_runs(
    run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = re.findall(r"^\$ aomori (export .*)$", readme_section(), re.M)
    assert commands == ["export sqlite aomori.db --metadata metadata.json"]
    monkeypatch.chdir(tmp_path)
    r = run(*commands[0].split(), *NO_FTS)
    assert r.exit_code == 0, r.output
    assert sorted(os.listdir(tmp_path)) == ["aomori.db", "metadata.json"]


def test_a_long_japanese_file_name_is_written(run, tmp_path: Path) -> None:
    """249 bytes of name is a valid name; its temporary file's must be too (cut by bytes)."""
    target = tmp_path / ("あ" * 82 + ".db")
    r = export(run, str(target))
    assert r.exit_code == 0, r.output
    assert sqlite3.connect(target).execute("select count(*) from programmes").fetchone() == (23,)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize("replace", [[], ["--replace"]])
def test_a_symlink_the_kernel_will_not_follow_is_not_followed(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, replace: list[str]
) -> None:
    """In a shared sticky folder (/tmp), the kernel refuses to follow another user's symlink
    (fs.protected_symlinks): stat says Permission denied, as a shell redirect does. export
    resolved the link with realpath first, which reads it unchecked, and wrote (or with
    --replace overwrote) the file it points to (from an attack review)."""
    victim = tmp_path / "private" / "precious.txt"
    victim.parent.mkdir()
    victim.write_text("precious")
    planted = tmp_path / "out.db"
    planted.symlink_to(victim)
    new = tmp_path / "new.db"
    new.symlink_to(tmp_path / "private" / "pwned.db")  # to a file not yet there
    real_stat = os.stat

    def kernel(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if os.fspath(path) in (str(planted), str(new)):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", kernel)
    for target in (planted, new):
        r = run("export", "sqlite", str(target), *replace)
        assert r.exit_code == 1 and "Permission denied" in r.stderr, r.output
    assert victim.read_text() == "precious"
    assert sorted(p.name for p in victim.parent.iterdir()) == ["precious.txt"]


def test_a_folder_name_is_not_a_database_name(run, tmp_path: Path) -> None:
    """Path() drops a trailing slash: export sqlite newdir/ wrote a file called newdir."""
    r = run("export", "sqlite", str(tmp_path / "newdir") + "/")
    assert r.exit_code == 1 and r.stdout == "" and "is a directory; give a file name" in r.stderr
    assert not (tmp_path / "newdir").exists()


def test_the_change_view_compares_only_what_compare_does(run, tmp_path: Path) -> None:
    """kpi_changes computed every change, where compare leaves years that count different
    things (other units, 延べ in one only) without one; 約 and 延/延べ compare as alike."""
    data = tmp_path / "unlike.toml"
    years = [
        ("1回", "2件"),
        ("延べ 5者", "7者"),
        ("約 5者", "7者"),
        ("延べ 15回", "延 7回"),
        ("5件", "7件"),
        # 延べ as people also write it, or after 約; and 累計, another way of counting.
        ("のべ 5回", "7回"),
        ("延ベ 5回", "7回"),
        ("延べ約 5回", "延べ 7回"),
        ("累計 5件", "7件"),
    ]
    kpis = ", ".join(
        f'{{ name = "k{n}", fy2023 = "{a}", fy2024 = "{b}" }}' for n, (a, b) in enumerate(years)
    )
    data.write_text(
        '[[programmes]]\nno = 1\nname = "事業"\nbudget_thousand_yen = 1\ndivision = "課"\n'
        f"page = 1\nkpis = [{kpis}]\n",
        "utf-8",
    )
    (compared,) = json.loads(run("--data", str(data), "compare", "1", "--json").stdout)
    changes = [k["change"] for k in compared["kpis"]]
    assert changes == [None, None, 2, -8, 2, None, None, 2, None]
    db = tmp_path / "unlike.db"
    assert run("--data", str(data), "export", "sqlite", str(db)).exit_code == 0
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT change FROM kpi_changes ORDER BY position").fetchall()
    assert [r[0] for r in rows] == changes


def test_a_symlink_to_nothing_is_a_name_that_exists(run, tmp_path: Path) -> None:
    """A link planted in a shared folder, to a file not yet there: export followed it and made
    that file (an authorized_keys, from an attack review). Without --replace it is refused,
    as bash's noclobber refuses it; --replace follows it, as >| does."""
    aim = tmp_path / "home" / "authorized_keys"
    aim.parent.mkdir()
    link = tmp_path / "aomori.db"
    link.symlink_to(aim)
    r = export(run, str(link))
    assert r.exit_code == 1 and r.stdout == "" and "already exists; --replace" in r.stderr
    assert not aim.exists() and link.is_symlink()
    r = export(run, str(link), "--replace")
    assert r.exit_code == 0, r.output
    assert sqlite3.connect(aim).execute("select count(*) from programmes").fetchone() == (23,)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["export", "csv", "x.csv"], "; for csv: aomori list --format csv (each command takes"),
        (["csv"], "; for csv: aomori list --format csv (each command takes --format)"),
        (["export", "xlsx"], "; for Excel: aomori list --excel -o list.csv"),
        (["export", "sqlit", "a.db"], "no such command: 'sqlit'; did you mean: sqlite"),
        # Full width, as an IME leaves it (a staff member's review): offered all the same.
        (["ｌｉｓ"], "no such command: 'ｌｉｓ'; did you mean: list"),
        (["ＣＳＶ"], "; for csv: aomori list --format csv"),
    ],
)
def test_a_format_asked_for_as_a_command_says_how_to_get_it(run: Any, args, said) -> None:
    """`aomori export csv x` said only that there is no such command (from a review)."""
    r = run(*args)
    assert r.exit_code == 2 and r.stdout == "" and r.stderr.count("\n") == 1
    assert said in r.stderr


@pytest.mark.parametrize("typed", ["ｌｉｓｔ", "ＬＩＳＴ", "List"])
def test_a_command_typed_in_full_width_or_capitals_is_that_command(run: Any, typed: str) -> None:
    """`aomori ｌｉｓｔ`, an IME left in full width, had no such command and no suggestion
    (a staff member's review); full-width digits are the same digits everywhere else."""
    r = run(typed, "--json")
    assert r.exit_code == 0 and r.stderr == ""
    assert len(json.loads(r.stdout)) == 23


def test_fields_offers_the_command_meant(run: Any) -> None:
    r = run("fields", "comapre")
    assert r.exit_code == 2 and r.stdout == ""
    assert "'comapre' is not one of list, show, compare, totals, search; did you mean compare?" in (
        r.stderr
    )
