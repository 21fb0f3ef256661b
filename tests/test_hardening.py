"""Bad input gets one clear line and the right exit code; hostile data stays inert."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aomori_cli import cli

HOSTILE_TEXTS = [
    "[/]",
    "[bold red]赤[/bold red]",
    "[link=file:///etc/passwd]x[/link]",
    ":warning:",
    "\x1b[2J\x1b[31mred",
    "\x1b]0;title\x07",
    "\x1b]8;;http://example.invalid\x1b\\link\x1b]8;;\x1b\\",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x9b31m\x9d0;t\x9c",
    "\u202eevil\u202c\u2066x\u2069",
]
HOSTILE = "".join(HOSTILE_TEXTS)
RAW_DANGER = ["\x1b", "\x07", "\x9b", "\x9c", "\x9d", "\u202e", "\u2066"]


def strings(obj: object) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for k, v in obj.items() for s in strings(k) + strings(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in strings(v)]
    return []


def toml_string(text: str) -> str:
    return json.dumps(text)  # a JSON string with \\u escapes is a valid TOML basic string


@pytest.fixture()
def hostile_file(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.toml"
    h = toml_string(HOSTILE)
    path.write_text(
        f"""
[report]
title = {h}
fiscal_year_label = {h}
[report.section]
title = {h}
subtotal_thousand_yen = 30
summary = [{h}]

[divisions.{h}]
reading = {h}
romaji = {h}
name_en = {h}

[[programmes]]
no = 1
name = {toml_string("危険な事業" + HOSTILE)}
name_en = {h}
budget_thousand_yen = 10
division = {h}
group = {h}
page = 1
overview = {h}
results = {h}
notes = [{h}]
remarks = [{h}]
kpis = [{{ name = {h}, fy2023 = "1件", fy2024 = "2件" }}]
corrections = [{{ field = {h}, printed = {h}, corrected = {h}, reason = {h} }}]

[[programmes]]
no = 2
name = "普通の事業"
budget_thousand_yen = 20
division = "普通課"
page = 2
""",
        encoding="utf-8",
    )
    return path


COMMANDS = [
    ["list"],
    ["list", "--division", "普通"],
    ["show", "1"],
    ["show", "危険"],
    ["compare", "1", "2"],
    ["compare", "--all"],
    ["totals"],
    ["totals", "--by", "group"],
    ["search", "事業"],
    ["search", "evil"],
    ["about"],
]


CASES = [
    (fmt, args)
    for fmt in ("table", "json", "csv", "tsv", "md", "jsonl")
    for args in COMMANDS
    if args[0] != "about" or fmt in ("table", "json")  # about is a table or JSON only
]


@pytest.mark.parametrize(("fmt", "args"), CASES, ids=[f"{f}-{' '.join(a)}" for f, a in CASES])
def test_hostile_data_stays_inert(run, hostile_file: Path, args: list[str], fmt: str) -> None:
    r = run("--data", str(hostile_file), *args, "--format", fmt)
    assert r.exit_code == 0, r.output
    if fmt in ("csv", "tsv"):
        # For machines, the data exactly as it is (TSV with its escapes): not inert, but
        # never a new record or cell from a newline or tab.
        rows = r.stdout.splitlines() if fmt == "tsv" else None
        if rows is not None:
            assert len({row.count("\t") for row in rows}) == 1
        return
    for danger in RAW_DANGER:
        assert danger not in r.stdout, (danger, r.stdout[:300])
    if fmt == "json":
        # The text survives exactly, escaped only in the JSON encoding.
        data = json.loads(r.stdout)
        assert any(HOSTILE in s for s in strings(data)) or args[1:] == ["--division", "普通"]
    if fmt == "table" and args[0] in ("show", "about"):
        # Markup is printed literally, not interpreted.
        assert "[link=file:///etc/passwd]x[/link]" in r.stdout or args[0] == "about"
        assert ":warning:" in r.stdout


def test_hostile_name_in_messages(run, hostile_file: Path) -> None:
    r = run("--data", str(hostile_file), "show", "\x1b[31m[bold]nothing")
    assert r.exit_code == 1 and r.stdout == ""
    assert "\x1b" not in r.stderr and "[bold]" in r.stderr and r.stderr.count("\n") == 1


# --- ids and queries -------------------------------------------------------------------------

BAD_IDS = [
    "0",
    "-1",
    "24",
    "10" * 30,
    "",
    " ",
    "\t",
    "存在しない",
    "[/]",
    "\x1b[2J",
    "\udcff",
    "🙂",
]


@pytest.mark.parametrize("bad", BAD_IDS)
@pytest.mark.parametrize("command", ["show", "compare"])
def test_bad_ids(run, command: str, bad: str) -> None:
    r = run(command, bad)
    # An argument that looks like an option ("-1") is a usage error (2), like any unknown one,
    # and so is an empty one (as an empty search query is).
    assert r.exit_code == (2 if bad.startswith("-") or not bad.strip() else 1), r.output
    assert r.stdout == ""
    assert r.stderr.startswith("aomori: error: ") and r.stderr.count("\n") == 1
    assert "Traceback" not in r.stderr and "\x1b" not in r.stderr


QUERIES = [
    "a",
    "経",
    "x" * 1_000,  # the longest query searched (longer: test_hostile)
    "経営" * 500,
    "\x00\x01\x1b",
    "\udcff\ud800",
    "🙂🙃",
    "[/]",
    "[bold]",
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: repr(q[:12]))
def test_odd_queries(run, query: str) -> None:
    r = run("search", query, "--json")
    assert r.exit_code == 0, r.output
    assert isinstance(json.loads(r.stdout), list)
    r = run("search", query)
    assert r.exit_code == 0 and "Traceback" not in r.output


@pytest.mark.parametrize("query", ["", "   ", "\t"])
def test_empty_query_is_a_usage_error(run, query: str) -> None:
    r = run("search", query)
    assert r.exit_code == 2 and r.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ["nonsense"],
        ["list", "--sort", "nope"],
        ["list", "--limit", "-3"],
        ["list", "--min-budget", "abc"],
        ["totals", "--by", "nonsense"],
        ["list", "--json", "--format", "csv"],
        ["compare", "--up", "--down", "--all"],
        ["compare", "1", "--all"],
        ["show"],
        ["list", "--frobnicate"],
    ],
)
def test_usage_errors(run, args: list[str]) -> None:
    r = run(*args)
    assert r.exit_code == 2, r.output
    assert r.stdout == ""
    # One line: what is wrong, the usage, and where the help is.
    assert r.stderr.startswith("aomori: error: ") and r.stderr.count("\n") == 1
    assert "Usage: aomori" in r.stderr and " -h'" in r.stderr


def test_unknown_field(run) -> None:
    r = run("list", "--fields", "no,nope")
    assert r.exit_code == 2 and r.stdout == "" and "unknown field 'nope'" in r.stderr
    assert "did you mean" not in r.stderr


@pytest.mark.parametrize(
    ("command", "typed", "meant"),
    [("list", "nmae", "name"), ("list", "budget", "budget_thousand_yen"),
     ("compare", "chnage", "change"), ("totals", "cuont", "count")],
)  # fmt: skip
def test_a_mistyped_field_is_offered_the_one_meant(run, command, typed, meant) -> None:
    """As a mistyped option is (from a review: --fields no,nmae listed every field)."""
    args = [command, "--all"] if command == "compare" else [command]
    r = run(*args, "--fields", typed)
    assert r.exit_code == 2 and r.stdout == "" and r.stderr.count("\n") == 1
    assert f"unknown field {typed!r} for --fields; did you mean {meant}? " in r.stderr


# --- data files ------------------------------------------------------------------------------


def write(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "d.toml"
    path.write_bytes(content)
    return path


GOOD = '[[programmes]]\nno = 1\nname = "事業"\nbudget_thousand_yen = 1\ndivision = "課"\npage = 1\n'


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "is empty"),
        (b"no = = 1\n", "TOML syntax error at line 1, column 6: Invalid value"),
        (GOOD.encode("shift_jis"), "not UTF-8"),
        (
            GOOD.replace("page = 1", "page = nan").encode(),
            "page: expected an integer, got a float (nan)",
        ),
        (GOOD.replace("page = 1", "page = inf").encode(), "got a float (inf)"),
        (GOOD.replace("division", "divisio").encode(), "division: missing"),
        ((GOOD + GOOD).encode(), "duplicate number 1"),
        (GOOD.replace("no = 1", 'no = "1"').encode(), "no: expected an integer, got text"),
    ],
)
def test_bad_data_files(run, tmp_path: Path, content: bytes, needle: str) -> None:
    path = write(tmp_path, content)
    for args in (["list"], ["show", "1"], ["totals", "--json"], ["search", "x"]):
        r = run("--data", str(path), *args)
        assert r.exit_code == 1, r.output
        assert r.stdout == "" and r.stderr.count("\n") == 1, r.stderr  # one line
        r = run("--debug", "--data", str(path), *args)  # ... and every problem with --debug
        assert r.exit_code == 1 and r.stdout == ""
        assert needle in r.stderr, r.stderr
        assert "Traceback" not in r.stderr


def test_bom_is_accepted(run, tmp_path: Path) -> None:
    r = run("--data", str(write(tmp_path, b"\xef\xbb\xbf" + GOOD.encode())), "list", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)[0]["name"] == "事業"


def test_missing_file_and_directory(run, tmp_path: Path) -> None:
    r = run("--data", str(tmp_path / "none.toml"), "list")
    assert r.exit_code == 1 and "no such data file" in r.stderr and r.stdout == ""
    r = run("--data", str(tmp_path), "list")
    assert r.exit_code == 1 and "is a directory" in r.stderr


def test_unreadable_file(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The suite may run as root, who can read anything: make opening the file fail instead.
    path = write(tmp_path, GOOD.encode())
    real_open = os.open

    def deny(file: object, *args: object, **kwargs: object) -> int:
        if Path(str(file)) == path:
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", deny)
    # As a user who may not read it: Click's own check (os.access) had said "Invalid value for
    # '--data': … is not readable", exit 2, in English under --lang ja, and for $AOMORI_DATA
    # too (an attack review). Reading it is the loader's job, with its own message.
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda f, mode, **k: Path(str(f)) != path and real_access(f, mode, **k)
    )
    r = run("--data", str(path), "list")
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr == f"aomori: error: {path}: cannot read the data file (permission denied)\n"
    r = run("list", env={"AOMORI_DATA": str(path)})
    assert r.exit_code == 1
    assert r.stderr == f"aomori: error: {path}: cannot read the data file (permission denied)\n"


def test_huge_file_is_refused_fast(run, tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    r = run("--data", str(path), "list")
    assert r.exit_code == 1 and "limited to 32 MiB" in r.stderr


def test_all_schema_errors_at_once(run, tmp_path: Path) -> None:
    bad = GOOD.replace("page = 1", 'page = "x"').replace(
        "budget_thousand_yen = 1", "budget_thousand_yen = -5"
    )
    r = run("--data", str(write(tmp_path, bad.encode())), "list")
    assert r.exit_code == 1 and r.stderr.count("\n") == 1
    assert r.stderr.rstrip().endswith("; --debug lists them all")
    r = run("--debug", "--data", str(write(tmp_path, bad.encode())), "list")
    assert r.exit_code == 1
    lines = r.stderr.strip().splitlines()
    assert lines[0].startswith("aomori: error:") and "2 problems" in lines[0]
    assert any("page: expected an integer" in line for line in lines)
    assert any("budget_thousand_yen: must not be negative" in line for line in lines)


# --- internal errors and interrupts ----------------------------------------------------------


def test_internal_error_is_one_line_and_debug_shows_it(
    run, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr("aomori_cli.totals.totals", boom)
    r = run("totals")
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr == (
        "aomori: internal error: RuntimeError: kaboom (run again with --debug to see the traceback)\n"
    )
    r = run("--debug", "totals")
    assert isinstance(r.exception, RuntimeError)


def test_ctrl_c_exits_130_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("aomori_cli.totals.totals", interrupt)
    with pytest.raises(SystemExit) as info:
        cli.main(["totals"])
    assert info.value.code == 130
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err


# --- properties ------------------------------------------------------------------------------

FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FAST
@given(st.text(max_size=40))
def test_any_id_is_handled(run, text: str) -> None:
    for command in ("show", "compare"):
        r = run(command, text, "--json")
        assert r.exit_code in (0, 1, 2), r.output
        assert "Traceback" not in r.output
        if r.exit_code == 0 and not text.startswith("-"):
            json.loads(r.stdout)  # (an option such as --match takes "--json" as its value)
        elif r.exit_code:
            assert r.stdout == ""


@FAST
@given(st.text(max_size=60), st.integers(min_value=0, max_value=30))
def test_any_query_is_handled(run, query: str, limit: int) -> None:
    # After "--", as a script passes any text: a query of "--" took the options after it
    # for its words, and printed a table (nothing, no match) where JSON was expected.
    r = run("search", "--json", "--limit", str(limit), "--", query)
    assert r.exit_code in (0, 2), r.output
    if r.exit_code == 0:
        hits = json.loads(r.stdout)
        assert all(0 < h["score"] <= 100 for h in hits)
        assert limit == 0 or len(hits) <= limit


@FAST
@given(
    st.lists(
        st.sampled_from(
            [
                "--new",
                "--reposted",
                "--reverse",
                "--sort",
                "budget",
                "--limit",
                "3",
                "--division",
                "地域",
                "--group",
                "グループ",
                "--min-budget",
                "1000",
                "--max-budget",
                "0",
                "-x",
                "name",
            ]
        ),
        max_size=6,
    )
)
def test_any_list_options_are_handled(run, args: list[str]) -> None:
    r = run("list", *args, "--json")
    assert r.exit_code in (0, 1, 2), r.output
    assert "Traceback" not in r.output
    if r.exit_code == 0:
        assert isinstance(json.loads(r.stdout), list)
    else:
        assert r.stdout == ""


@pytest.mark.slow
def test_ctrl_c_ignored_at_start_stays_ignored() -> None:
    """`aomori … &` in a script starts with SIGINT ignored: Ctrl-C at the terminal must not
    end it (aomori made SIGINT fatal again)."""
    import signal
    import subprocess
    import sys
    import time

    def ignore() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    proc = subprocess.Popen(
        [sys.executable, "-m", "aomori_cli", "compare", "--all", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=ignore,  # noqa: PLW1509 - the test needs the child's start state
        env={**os.environ, "AOMORI_LANG": "en"},
    )
    for _ in range(20):
        time.sleep(0.01)
        if proc.poll() is not None:
            break
        proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert len(json.loads(out)) == 64  # every KPI: the run was not cut short
