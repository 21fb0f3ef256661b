"""The dataset cache: used only for identical content, never stale, never in the way."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aomori_cli import cache
from aomori_cli.data import load_report
from aomori_cli.errors import DataError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "programs.toml"


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("AOMORI_CACHE_DIR", str(folder))
    monkeypatch.delenv("AOMORI_NO_CACHE", raising=False)
    return folder


def test_cached_report_equals_parsed(cache_dir: Path) -> None:
    parsed = load_report(DATA, cache=False)
    first = load_report(DATA)  # parses and writes the entry
    assert list(cache_dir.glob("*.marshal"))
    second = load_report(DATA)  # from the entry
    assert parsed == first == second
    assert second.path == str(DATA)


def test_never_stale_even_with_same_size_and_mtime(cache_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "d.toml"
    text = DATA.read_text("utf-8")
    data.write_text(text, "utf-8")
    stat = data.stat()
    assert load_report(data).programmes[9].budget_thousand_yen == 1_338_105
    # The same length, the same timestamps, one digit different.
    changed = text.replace("budget_thousand_yen = 1338105", "budget_thousand_yen = 1338106")
    assert len(changed) == len(text)
    data.write_text(changed, "utf-8")
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert load_report(data).programmes[9].budget_thousand_yen == 1_338_106


def test_a_broken_file_is_not_hidden_by_the_cache(cache_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "d.toml"
    data.write_text(DATA.read_text("utf-8"), "utf-8")
    load_report(data)
    data.write_text("no = = 1\n", "utf-8")
    with pytest.raises(DataError, match="TOML syntax error"):
        load_report(data)


@pytest.mark.parametrize("garbage", [b"", b"not marshal", b"\xe9" * 100])
def test_corrupt_entries_are_ignored(cache_dir: Path, garbage: bytes) -> None:
    load_report(DATA)
    for entry in cache_dir.glob("*.marshal"):
        entry.write_bytes(garbage)
    assert load_report(DATA) == load_report(DATA, cache=False)


def test_can_be_turned_off(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AOMORI_NO_CACHE", "1")
    load_report(DATA)
    assert not cache_dir.exists()


def test_unwritable_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("AOMORI_CACHE_DIR", str(blocker / "sub"))  # cannot be a folder
    assert len(load_report(DATA).programmes) == 23


def test_derived_data_is_tied_to_its_entry(cache_dir: Path) -> None:
    report = load_report(DATA)
    report = load_report(DATA)  # from the cache
    calls = []

    def compute(r: object) -> tuple[str, ...]:
        calls.append(1)
        return ("a", "b")

    assert cache.derived(report, "test", compute) == ("a", "b")
    assert cache.derived(report, "test", compute) == ("a", "b")
    assert len(calls) == 1  # the second came from the file
    # A report not from the cache gets nothing derived.
    assert cache.derived(load_report(DATA, cache=False), "test", compute) is None
    # A new entry (new token) does not pair with the old derived file.
    for entry in cache_dir.glob("*.marshal"):
        entry.unlink()
    report = load_report(DATA)
    report = load_report(DATA)
    assert cache.derived(report, "test", lambda r: ("c",)) == ("c",)


def big_dataset(path: Path, n: int) -> Path:
    lines = []
    for i in range(1, n + 1):
        lines += [
            "[[programmes]]",
            f"no = {i}",
            f'name = "事業{i}号「テスト」"',
            f"budget_thousand_yen = {i * 10}",
            'division = "テスト課"',
            "page = 1",
            'overview = "経営の改善を\\"支援\\"する。\\u202e\\u009b"',  # bidi and C1: escaped
            f'kpis = [{{ name = "件数", fy2023 = "{i}件", fy2024 = "-" }}]',
        ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_long_json_lists_are_one_element_per_line_and_cached_alike(
    cache_dir: Path, tmp_path: Path, run
) -> None:
    import json

    data = big_dataset(tmp_path / "big.toml", 250)
    expected = [p.to_dict() for p in load_report(data, cache=False).programmes]
    outputs = [run("--data", str(data), "list", "--json").stdout for _ in range(3)]
    assert outputs[0] == outputs[1] == outputs[2]  # parsed, cached, cached with encodings
    assert json.loads(outputs[0]) == expected
    assert "\u202e" not in outputs[0] and "\\u202e" in outputs[0]
    lines = outputs[0].splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == 252
    # Searching a large cached dataset uses its kept normalised texts, with the same answer.
    hits = [
        run("--data", str(data), "search", "経営", "--json", "-n", "0").stdout for _ in range(3)
    ]
    assert hits[0] == hits[1] == hits[2] and len(json.loads(hits[0])) == 250
