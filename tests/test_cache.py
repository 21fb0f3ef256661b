"""The cache of parsed datasets: private, checked on every read, never deciding a figure.

Each attack below is what a hostile local user or a broken disk could do to an entry; in
every case the figures must be those of a fresh parse, and nothing may hang.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from conftest import programmes_toml

from aomori_cli import cache
from aomori_cli.errors import DataError
from aomori_cli.load import load_report

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "programs.toml"
FRESH = load_report(DATA, cache=False)


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("AOMORI_CACHE_DIR", str(folder))
    monkeypatch.delenv("AOMORI_NO_CACHE", raising=False)
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def fill(folder: Path) -> Path:
    load_report(DATA)
    (entry,) = entries(folder)
    return entry


def test_an_entry_is_used_and_equals_a_fresh_parse(cache_dir: Path) -> None:
    first = load_report(DATA)  # parses and writes the entry
    entry = entries(cache_dir)[0]
    second = load_report(DATA)  # from the entry
    assert first == second == FRESH
    assert second.path == str(DATA)
    # What is kept is the parsed TOML, as JSON, after a keyed checksum.
    header, mac, payload = entry.read_bytes().split(b"\n", 2)
    assert header == b"aomori-cache 1" and len(mac) == 64
    assert json.loads(payload)["programmes"][9]["budget_thousand_yen"] == 1_338_105


def test_files_are_private(cache_dir: Path) -> None:
    entry = fill(cache_dir)
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    for path in (entry, cache_dir / "key"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert not [p for p in cache_dir.iterdir() if p.name.endswith(".tmp")]


def test_a_private_dataset_stays_private(cache_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "secret.toml"
    data.write_bytes(DATA.read_bytes())
    data.chmod(0o600)
    load_report(data)
    for path in cache_dir.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def test_never_stale_even_with_same_size_and_mtime(cache_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "d.toml"
    text = DATA.read_text("utf-8")
    data.write_text(text, "utf-8")
    st = data.stat()
    assert load_report(data).programmes[9].budget_thousand_yen == 1_338_105
    changed = text.replace("budget_thousand_yen = 1338105", "budget_thousand_yen = 1338106")
    assert len(changed) == len(text)
    data.write_text(changed, "utf-8")
    os.utime(data, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert load_report(data).programmes[9].budget_thousand_yen == 1_338_106


def test_a_broken_file_is_not_hidden_by_the_cache(cache_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "d.toml"
    data.write_text(DATA.read_text("utf-8"), "utf-8")
    load_report(data)
    data.write_text("no = = 1\n", "utf-8")
    with pytest.raises(DataError, match="TOML syntax error"):
        load_report(data)


def test_a_forged_entry_is_not_believed(cache_dir: Path) -> None:
    """Someone rewrites the entry with a false budget (and a checksum of their own)."""
    entry = fill(cache_dir)
    header, mac, payload = entry.read_bytes().split(b"\n", 2)
    doc = json.loads(payload)
    doc["programmes"][9]["budget_thousand_yen"] = 1
    doc["report"]["section"]["subtotal_thousand_yen"] = 1_205_325
    forged = json.dumps(doc, ensure_ascii=False).encode()
    import hashlib

    for guess in (mac, hashlib.blake2b(forged, digest_size=32).hexdigest().encode()):
        entry.write_bytes(header + b"\n" + guess + b"\n" + forged)
        assert load_report(DATA) == FRESH
    # ... and the forgery was replaced by a good entry.
    assert json.loads(entry.read_bytes().split(b"\n", 2)[2]) == json.loads(payload)


def test_an_entry_of_another_dataset_is_not_believed(cache_dir: Path, tmp_path: Path) -> None:
    """A valid entry (right key) copied under the name of another file's entry."""
    other = tmp_path / "other.toml"
    other.write_text(DATA.read_text("utf-8").replace("= 1338105", "= 7"), "utf-8")
    load_report(other)
    (their,) = entries(cache_dir)
    ours = cache_dir / (cache._digest(DATA.read_bytes()) + ".json")
    ours.write_bytes(their.read_bytes())
    assert load_report(DATA) == FRESH


@pytest.mark.parametrize("position", [40, 200, 5000, -3])
def test_a_flipped_bit_is_detected(cache_dir: Path, position: int) -> None:
    entry = fill(cache_dir)
    raw = bytearray(entry.read_bytes())
    raw[position] ^= 0x04
    entry.write_bytes(bytes(raw))
    assert load_report(DATA) == FRESH


@pytest.mark.parametrize("size", [0, 1, 16, 80, 1000])
def test_a_truncated_entry_is_ignored(cache_dir: Path, size: int) -> None:
    entry = fill(cache_dir)
    entry.write_bytes(entry.read_bytes()[:size])
    assert load_report(DATA) == FRESH


def test_a_huge_entry_is_not_read(cache_dir: Path) -> None:
    entry = fill(cache_dir)
    with entry.open("ab") as fh:
        fh.truncate(64 * 1024 * 1024)  # sparse: no disk used, but far past the cap
    assert load_report(DATA) == FRESH


def test_a_fifo_in_place_of_an_entry_does_not_hang(cache_dir: Path) -> None:
    entry = fill(cache_dir)
    entry.unlink()
    os.mkfifo(entry)
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(load_report(DATA)), daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "a FIFO entry hung the loader"
    assert result == [FRESH]


def test_a_symlink_in_place_of_an_entry_is_not_followed(cache_dir: Path, tmp_path: Path) -> None:
    entry = fill(cache_dir)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", "utf-8")
    entry.unlink()
    entry.symlink_to(victim)
    assert load_report(DATA) == FRESH
    assert victim.read_text("utf-8") == "keep me"  # not read as an entry, not overwritten
    (cache_dir / "zero.json").symlink_to("/dev/zero")
    assert load_report(DATA) == FRESH


def test_a_symlinked_key_or_folder_is_refused(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(cache_dir)
    real = tmp_path / "real"
    cache_dir.rename(real)
    cache_dir.symlink_to(real)
    assert cache.get(DATA.read_bytes()) is None  # a symlinked folder is not used
    assert load_report(DATA) == FRESH


@pytest.mark.skipif(os.getuid() == 0, reason="root may write anywhere; the mode check still runs")
def test_an_unwritable_folder_is_ignored(cache_dir: Path) -> None:
    fill(cache_dir)
    cache_dir.chmod(0o500)
    try:
        assert load_report(DATA) == FRESH
    finally:
        cache_dir.chmod(0o700)


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o722, 0o1777])
def test_a_folder_others_can_write_is_not_used(cache_dir: Path, mode: int) -> None:
    fill(cache_dir)
    cache_dir.chmod(mode)
    assert cache.get(DATA.read_bytes()) is None
    load_report(DATA)  # and nothing is written there either
    assert stat.S_IMODE(cache_dir.stat().st_mode) == mode
    assert load_report(DATA) == FRESH


def test_a_readable_folder_of_ours_is_closed(cache_dir: Path) -> None:
    fill(cache_dir)
    cache_dir.chmod(0o755)  # as an older aomori left it
    assert load_report(DATA) == FRESH and cache.get(DATA.read_bytes()) is not None
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700


@pytest.mark.parametrize("content", [None, "dir", b"another tool's key material\n"])
def test_a_readable_folder_that_is_not_ours_is_left_alone(cache_dir: Path, content) -> None:
    """Empty, or holding a directory or another tool's file called key: neither closed nor
    used, and nothing in it removed."""
    cache_dir.mkdir(mode=0o755)
    cache_dir.chmod(0o755)
    if content == "dir":
        (cache_dir / "key").mkdir()
    elif content is not None:
        (cache_dir / "key").write_bytes(content)
    before = sorted(p.name for p in cache_dir.iterdir())
    assert load_report(DATA) == FRESH
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o755
    assert sorted(p.name for p in cache_dir.iterdir()) == before
    if isinstance(content, bytes):
        assert (cache_dir / "key").read_bytes() == content


def test_a_readable_folder_of_someone_elses_files_is_left_alone(cache_dir: Path) -> None:
    """AOMORI_CACHE_DIR=$HOME must not close the home folder: a folder holding anything the
    cache did not write keeps its mode and gets no cache files."""
    cache_dir.mkdir(mode=0o755)
    cache_dir.chmod(0o755)
    (cache_dir / "index.html").write_text("shared", "utf-8")
    assert load_report(DATA) == FRESH
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o755
    assert sorted(p.name for p in cache_dir.iterdir()) == ["index.html"]


@pytest.mark.parametrize(
    "damaged", [cache.KEY_HEADER[:5], cache.KEY_HEADER + b"k" * 10, cache.KEY_HEADER + b"k" * 40]
)
def test_a_damaged_key_of_ours_is_replaced(cache_dir: Path, damaged: bytes) -> None:
    cache_dir.mkdir(mode=0o700)
    (cache_dir / "key").write_bytes(damaged)
    load_report(DATA)
    key = (cache_dir / "key").read_bytes()
    assert key.startswith(cache.KEY_HEADER) and len(key) == len(cache.KEY_HEADER) + 32
    assert cache.get(DATA.read_bytes()) is not None


def test_a_file_called_key_of_another_tool_is_not_removed(cache_dir: Path) -> None:
    cache_dir.mkdir(mode=0o700)
    (cache_dir / "key").write_bytes(b"k" * 33)
    assert load_report(DATA) == FRESH
    assert (cache_dir / "key").read_bytes() == b"k" * 33  # no cache rather than its loss
    assert not entries(cache_dir)


def test_an_older_key_of_32_bytes_still_works(cache_dir: Path) -> None:
    cache_dir.mkdir(mode=0o700)
    (cache_dir / "key").write_bytes(os.urandom(32))
    load_report(DATA)
    assert cache.get(DATA.read_bytes()) is not None


def test_entries_dated_in_the_future_do_not_push_out_a_new_one(cache_dir: Path) -> None:
    for n in range(cache.MAX_ENTRIES):
        data = f"# dataset {n}\n".encode()
        cache.put(data, {"n": n})
        future = 2e9 + n  # 2033
        os.utime(cache_dir / f"{cache._digest(data)}.json", (future, future))
    cache.put(b"# new\n", {"n": -1})
    assert cache.get(b"# new\n") == {"n": -1}
    assert len(entries(cache_dir)) == cache.MAX_ENTRIES


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"HOME": "/home/u"}, "/home/u/.cache/aomori"),
        ({"HOME": "/home/u", "XDG_CACHE_HOME": "/x"}, "/x/aomori"),
        ({"HOME": "/home/u", "XDG_CACHE_HOME": "rel"}, "/home/u/.cache/aomori"),  # ignored
        ({"HOME": ""}, None),
        ({"HOME": "rel"}, None),
        ({}, None),
        ({"HOME": "/home/u", "AOMORI_NO_CACHE": "1"}, None),
        ({"HOME": "/home/u", "AOMORI_NO_CACHE": "0"}, "/home/u/.cache/aomori"),
        ({"HOME": "/home/u", "AOMORI_CACHE_DIR": "/c"}, "/c"),
        ({"HOME": "/home/u", "AOMORI_CACHE_DIR": "rel"}, None),
    ],
)
def test_where_the_cache_is(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str | None
) -> None:
    for name in ("HOME", "XDG_CACHE_HOME", "AOMORI_CACHE_DIR", "AOMORI_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert cache.directory() == expected


def test_a_folder_owned_by_someone_else_is_not_used(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(cache_dir)
    real_uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real_uid + 1)  # as if another user ran it
    assert cache.get(DATA.read_bytes()) is None


def test_a_missing_or_wrong_key_invalidates_every_entry(cache_dir: Path) -> None:
    fill(cache_dir)
    (cache_dir / "key").write_bytes(os.urandom(32))
    assert cache.get(DATA.read_bytes()) is None
    assert load_report(DATA) == FRESH
    (cache_dir / "key").unlink()
    assert cache.get(DATA.read_bytes()) is None
    assert load_report(DATA) == FRESH
    assert cache.get(DATA.read_bytes()) is not None


def test_no_predictable_temporary_names(cache_dir: Path) -> None:
    """A planted symlink at any name the writer might use is never followed."""
    cache_dir.mkdir(mode=0o700)
    target = cache_dir.parent / "victim"
    target.write_text("keep", "utf-8")
    digest = cache._digest(DATA.read_bytes())
    for pid in range(os.getpid() - 2, os.getpid() + 3):
        (cache_dir / f".{digest}.json.{pid}.tmp").symlink_to(target)
    load_report(DATA)
    assert target.read_text("utf-8") == "keep"
    assert load_report(DATA) == FRESH


def test_can_be_turned_off(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AOMORI_NO_CACHE", "1")
    load_report(DATA)
    assert not cache_dir.exists()


def test_unusable_cache_location_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("AOMORI_CACHE_DIR", str(blocker / "sub"))  # cannot be a folder
    assert load_report(DATA) == FRESH


def test_the_totals_check_cannot_be_forged_through_the_cache(cache_dir: Path, run) -> None:
    """The attack of the report: a forged entry made `totals` print a false 小計 with ✓."""
    entry = fill(cache_dir)
    header, mac, payload = entry.read_bytes().split(b"\n", 2)
    doc = json.loads(payload)
    for p in doc["programmes"]:
        p["budget_thousand_yen"] = 1
    doc["report"]["section"]["subtotal_thousand_yen"] = 23
    entry.write_bytes(header + b"\n" + mac + b"\n" + json.dumps(doc).encode())
    r = run("totals", "--json")
    data = json.loads(r.stdout)
    assert data["total_thousand_yen"] == 2_543_429 and data["matches_report_subtotal"] is True


def test_the_folder_keeps_the_most_recently_used_entries(cache_dir: Path) -> None:
    datasets = [f"# dataset {n}\n".encode() for n in range(cache.MAX_ENTRIES + 4)]
    for n, data in enumerate(datasets):
        cache.put(data, {"n": n})
        # Each entry older than the next, as if written a minute apart.
        os.utime(cache_dir / f"{cache._digest(data)}.json", (1e9 + 60 * n, 1e9 + 60 * n))
    assert cache.get(datasets[0]) is None  # the oldest went when the newest came
    assert len(entries(cache_dir)) == cache.MAX_ENTRIES
    # A hit makes an entry the most recently used: the next write removes another one.
    oldest_left = cache.MAX_ENTRIES + 4 - cache.MAX_ENTRIES
    assert cache.get(datasets[oldest_left]) == {"n": oldest_left}
    cache.put(b"# one more\n", {"n": -1})
    assert cache.get(datasets[oldest_left]) == {"n": oldest_left}
    assert cache.get(datasets[oldest_left + 1]) is None
    assert len(entries(cache_dir)) == cache.MAX_ENTRIES
    assert (cache_dir / "key").exists()


def test_pruning_removes_only_what_the_cache_wrote(cache_dir: Path, tmp_path: Path) -> None:
    fill(cache_dir)
    digest = "0" * 64
    stale = cache_dir / f".{digest}.json.{'1' * 16}.tmp"  # left by a run killed while writing
    recent = cache_dir / f".{digest}.json.{'2' * 16}.tmp"  # another run writing just now
    for path in (stale, recent):
        path.write_bytes(b"partial")
    os.utime(stale, (1e9, 1e9))
    other = cache_dir / "notes.txt"
    other.write_text("not ours", "utf-8")
    outside = tmp_path / "outside"
    outside.write_text("keep", "utf-8")
    for n in range(cache.MAX_ENTRIES + 2):  # links named as entries, oldest of all
        link = cache_dir / f"{n:064x}.json"
        link.symlink_to(outside)
        os.utime(link, (1e9, 1e9), follow_symlinks=False)
    cache.put(b"# another dataset\n", {"n": 1})
    assert not stale.exists() and recent.exists() and other.exists()
    assert outside.read_text("utf-8") == "keep"
    assert len([p for p in cache_dir.iterdir() if p.is_symlink()]) == cache.MAX_ENTRIES + 2
    assert load_report(DATA) == FRESH


@pytest.mark.slow
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_signal_while_an_entry_is_written_leaves_no_temporary_file(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal
    import subprocess
    import sys
    import time

    if not hasattr(signal, name):
        pytest.skip(f"no {name} here")
    text = "長い概要。" * 2_000
    data = tmp_path / "big.toml"
    data.write_text(
        programmes_toml(
            f'budget_thousand_yen = {i}\ndivision = "課"\npage = 1\noverview = "{text}"\n'
            for i in range(1, 736)
        ),
        "utf-8",
    )
    folder = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AOMORI_")}
    env["AOMORI_CACHE_DIR"] = str(folder)
    signalled = 0
    for _ in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-m", "aomori_cli", "--data", str(data), "totals", "--json"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if folder.exists() and any(p.name.endswith(".tmp") for p in folder.iterdir()):
                proc.send_signal(getattr(signal, name))
                signalled += 1
                break
        _, err = proc.communicate(timeout=60)
        assert b"Traceback" not in err, err
        assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
        # An entry, if the write finished before the signal, is whole: read from that
        # folder (this process's own cache is elsewhere: the check failed whenever the
        # write won the race).
        monkeypatch.setenv("AOMORI_CACHE_DIR", str(folder))
        for entry in entries(folder):
            assert cache.get(data.read_bytes()) is not None, entry
            entry.unlink()
    assert signalled, "the signal never met a write in progress"


@pytest.mark.parametrize("others", ["notes.txt", "a" * 64 + ".json"])
def test_a_private_folder_of_the_users_is_left_as_it_is(cache_dir: Path, others: str) -> None:
    """AOMORI_CACHE_DIR pointed at a 0700 folder of the user's own ($HOME): no key, no entry
    is written there and nothing is removed, though its files are named as entries are."""
    cache_dir.mkdir(mode=0o700)
    mine = [cache_dir / others] + [cache_dir / f"{n:064x}.json" for n in range(20)]
    for path in mine:
        path.write_text("the user's own", "utf-8")
    before = sorted(p.name for p in cache_dir.iterdir())
    assert load_report(DATA) == FRESH
    assert sorted(p.name for p in cache_dir.iterdir()) == before
    assert all(p.read_text("utf-8") == "the user's own" for p in mine)


def test_pruning_removes_only_entries_of_ours(cache_dir: Path, monkeypatch) -> None:
    """A file named as an entry but not written by the cache is never pruned."""
    fill(cache_dir)
    planted = cache_dir / ("b" * 64 + ".json")
    planted.write_text("not an entry", "utf-8")
    os.utime(planted, (1, 1))  # the oldest: first in line to be pruned
    monkeypatch.setattr(cache, "MAX_ENTRIES", 1)
    other = cache_dir.parent / "other.toml"
    other.write_bytes(DATA.read_bytes() + b"\n# another file\n")
    load_report(other)
    assert planted.read_text("utf-8") == "not an entry"


@pytest.mark.parametrize(
    "key",
    [b"", b"0123456789abcdef0123456789abcdef", cache.KEY_HEADER[:5]],
    ids=["empty", "32", "cut"],
)
def test_a_file_called_key_in_a_folder_of_the_users_is_no_licence(
    cache_dir: Path, key: bytes
) -> None:
    """An empty file called key passed for a damaged key (replaced), any 32 bytes for an
    older version's key (used): either way entries were written beside the user's notes."""
    cache_dir.mkdir(mode=0o700)
    (cache_dir / "notes.txt").write_text("the user's own", "utf-8")
    (cache_dir / "key").write_bytes(key)
    assert load_report(DATA) == FRESH
    assert sorted(p.name for p in cache_dir.iterdir()) == ["key", "notes.txt"]
    assert (cache_dir / "key").read_bytes() == key


def test_no_folder_is_made_in_someone_elses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root with another user's HOME (sudo -E) made ~/.cache in their home, root's: every
    program's cache there broke. Folders are made only inside one this user owns."""
    home = tmp_path / "alice"
    home.mkdir()
    monkeypatch.delenv("AOMORI_CACHE_DIR", raising=False)
    monkeypatch.delenv("AOMORI_NO_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))
    owner = home.stat().st_uid
    monkeypatch.setattr(os, "getuid", lambda: owner + 1)  # the folder is someone else's
    assert load_report(DATA) == FRESH
    assert list(home.iterdir()) == []
    monkeypatch.setattr(os, "getuid", lambda: owner)  # one's own: ~/.cache/aomori is made
    assert load_report(DATA) == FRESH
    made = home / ".cache" / "aomori"
    assert entries(made) and stat.S_IMODE((home / ".cache").stat().st_mode) == 0o700


def test_a_cache_folder_may_be_made_in_a_shared_sticky_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """AOMORI_CACHE_DIR=/tmp/u/aomori, /tmp being root's: a folder of one's own is made there,
    as anywhere one may (the check for someone else's folder had turned the cache off)."""
    shared = tmp_path / "tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    monkeypatch.setenv("AOMORI_CACHE_DIR", str(shared / "u" / "aomori"))
    monkeypatch.delenv("AOMORI_NO_CACHE", raising=False)
    owner = shared.stat().st_uid
    monkeypatch.setattr(os, "getuid", lambda: owner + 1)  # /tmp is someone else's
    real_fstat = os.fstat

    def mine(fd: int) -> os.stat_result:  # ... and what this run makes is its own
        st = real_fstat(fd)
        values = list(st)
        values[4] = owner + 1  # st_uid
        return os.stat_result(values)

    monkeypatch.setattr(os, "fstat", mine)
    assert load_report(DATA) == FRESH
    assert entries(shared / "u" / "aomori")
