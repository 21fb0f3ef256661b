"""Hostile data and hostile places (issue 14): shell completion, --output targets, a failing
stdout, dataset typos and extremes, and text that must not act as markup or control.

Each test attacks as a hostile dataset author or a hostile local user would, and checks what
the user must get. Real shells (zsh, bash, fish) are used where installed and skipped where
not; the raw completion output is always checked.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import programmes_toml
from hypothesis import given, settings
from hypothesis import strategies as st

from aomori_cli import formats
from aomori_cli.cli.completion import MAX_NAME, inert
from aomori_cli.errors import AomoriError, DataError
from aomori_cli.load import MAX_VALUES, parse_report
from aomori_cli.validate import MAX_KPI_NAME, MAX_KPIS

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "programs.toml"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def toml_string(text: str) -> str:
    """A TOML basic string: every character but printable ASCII written as an escape."""
    out = []
    for ch in text:
        if ch in '\\"':
            out.append("\\" + ch)
        elif " " <= ch <= "~":
            out.append(ch)
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def programme(no: int, name: str, extra: str = "") -> str:
    return (
        f"[[programmes]]\nno = {no}\nname = {toml_string(name)}\nbudget_thousand_yen = {no}\n"
        f'division = "課"\npage = 1\n{extra}'
    )


GOOD = programme(1, "事業")


def aomori_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AOMORI_", "_AOMORI"))}
    env.pop("COLUMNS", None)
    env.pop("FORCE_COLOR", None)
    env["AOMORI_CACHE_DIR"] = os.environ.get("AOMORI_CACHE_DIR", "")
    env.update(extra)
    return env


def aomori(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    """The command line as a process of its own (``python -m aomori_cli``)."""
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "aomori_cli", *args],
        env=env or aomori_env(),
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        check=False,
        **kwargs,
    )


def one_error_line(stderr: str, *needles: str) -> None:
    """Exactly one line on stderr, an error, holding each needle; never a traceback."""
    assert stderr.count("\n") == 1 and stderr.startswith("aomori: error: "), stderr
    assert "internal error" not in stderr and "Traceback" not in stderr
    for needle in needles:
        assert needle in stderr, (needle, stderr)


# === shell completion =========================================================================

HOSTILE_NAMES = [
    "\\'$(touch pwned)",
    "`touch pwned`",
    '"; touch pwned; echo "\'',
    "${HOME} $HOME %PATH% $(Remove-Item x) ; & | < > * ? ~ #",
    "osc52 \x1b]52;c;ZXZpbA==\x07 csi \x1b[2J \x9b31m",
    "[/] [bold]markup[/bold] :warning:",
    "line\nbreak 1:::x\nrm -rf ~",
    "separators a\u2028b\u2029c\u0085d\r\n\te\x0bf\x0cg",
    "hidden a\u200bb\u200dc\u202ed\u2066e\ufeff\U000e0041\U000e007f",
    "quotes \u2018a\u2019 \u201cb\u201d \u201ac\u201e",
    "経営改善普及事業費補助" * 9,  # wider than any terminal: Rich would wrap its help line
]
NUMBERS = [str(i) for i in range(1, len(HOSTILE_NAMES) + 1)]
# What no completion help may hold: what a shell expands or reads as quoting or escaping,
# and what a terminal interprets.
FORBIDDEN = set("$`\\\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e")


def assert_inert(help_text: str) -> None:
    bad = [ch for ch in help_text if ch in FORBIDDEN or unicodedata.category(ch)[0] in "CZ"]
    bad = [ch for ch in bad if ch != " "]
    assert not bad, (bad, help_text)
    assert "[/]" not in help_text and ":::" not in help_text
    assert len(help_text) <= MAX_NAME


@pytest.fixture(scope="module")
def hostile_names(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("completion") / "hostile.toml"
    path.write_text("".join(programme(i, name) for i, name in enumerate(HOSTILE_NAMES, 1)), "utf-8")
    return path


def raw_completion(shell: str, words: list[str], cwd: Path, **env: str) -> str:
    """What `aomori` prints for a shell asking to complete ``words`` (the last one being
    typed), following Typer's protocol; a narrow terminal, so that nothing may wrap."""
    line = " ".join(["aomori", *words])
    r = aomori(
        env=aomori_env(
            _AOMORI_COMPLETE=f"complete_{shell}",
            _TYPER_COMPLETE_ARGS=line,
            _TYPER_COMPLETE_WORD_TO_COMPLETE=words[-1],
            _TYPER_COMPLETE_FISH_ACTION="get-args",
            COMP_WORDS=line,
            COMP_CWORD=str(len(words)),
            COLUMNS="20",
            TERMINAL_WIDTH="20",
            **env,
        ),
        cwd=cwd,
    )
    assert r.returncode == 0 and r.stderr == "", r.stderr
    return r.stdout


def parse_completion(shell: str, out: str) -> list[tuple[str, str]]:
    """(value, help) pairs from the raw output, in each shell's own format."""
    if shell == "bash":
        return [(line, "") for line in out.splitlines()]
    if shell == "zsh":
        prefix, suffix = "_arguments '*: :((", "))'"
        out = out.removesuffix("\n")
        assert out.startswith(prefix) and out.endswith(suffix), out
        pairs = []
        for line in out[len(prefix) : -len(suffix)].split("\n"):
            value, sep, help_text = line.partition('":"')
            assert sep and value.startswith('"') and help_text.endswith('"'), line
            pairs.append((value[1:], help_text[:-1]))
        return pairs
    separator = "\t" if shell == "fish" else ":::"
    return [tuple(line.split(separator)) for line in out.splitlines()]  # type: ignore[misc]


SHELLS = ["zsh", "bash", "fish", "powershell"]


@pytest.mark.parametrize("shell", SHELLS)
def test_raw_completion_is_numbers_and_inert_names(
    shell: str, hostile_names: Path, tmp_path: Path
) -> None:
    out = raw_completion(shell, ["--data", str(hostile_names), "show", ""], tmp_path)
    pairs = parse_completion(shell, out)
    # One line per programme (nothing wrapped or split into a completion of its own), and
    # the completed values are exactly the numbers.
    assert [value for value, _ in pairs] == NUMBERS, out
    for _, help_text in pairs:
        assert_inert(help_text)
    if shell != "bash":  # bash shows values only
        helps = dict(pairs)
        assert "touch pwned" in helps["1"] and "＄（touch pwned）" in helps["1"]
        assert "［／］" in helps["6"] and "\ufffd" not in helps["9"]
        assert helps["11"].startswith("経営改善普及事業費補助") and helps["11"].endswith("…")
    assert list(tmp_path.iterdir()) == []  # nothing ran


def test_completion_by_number(hostile_names: Path, tmp_path: Path) -> None:
    out = raw_completion("fish", ["--data", str(hostile_names), "compare", "1"], tmp_path)
    assert [v for v, _ in parse_completion("fish", out)] == ["1", "10", "11"]
    # A dataset that cannot be read completes nothing, quietly.
    out = raw_completion("bash", ["--data", str(tmp_path / "none.toml"), "show", ""], tmp_path)
    assert out.strip() == ""


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_inert_keeps_nothing_a_shell_could_read(text: str) -> None:
    shown = inert(text)
    assert_inert(shown)
    assert shown == shown.strip() and "  " not in shown


def test_inert_shows_the_name() -> None:
    assert inert("経営改善普及事業費補助") == "経営改善普及事業費補助"
    assert inert("GX (再掲) 2024") == "GX （再掲） 2024"


# --- real shells ---------------------------------------------------------------------------


@pytest.fixture()
def shell_home(tmp_path: Path, hostile_names: Path) -> Iterator[Path]:
    """A folder to run a shell in: an `aomori` on PATH, the dataset, and nothing else."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "aomori"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m aomori_cli "$@"\n')
    launcher.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(hostile_names, home / "h.toml")
    yield home
    assert not list(home.rglob("*pwned*")), "the completion ran a command"


def shell_env(home: Path) -> dict[str, str]:
    return aomori_env(
        PATH=f"{home.parent / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local"),
        COLUMNS="30",
        TERM="dumb",
    )


def source_script(shell: str, home: Path) -> Path:
    r = subprocess.run(
        [sys.executable, "-m", "aomori_cli"],
        env=aomori_env(_AOMORI_COMPLETE=f"source_{shell}"),
        capture_output=True,
        text=True,
        check=True,
    )
    path = home.parent / f"completion.{shell}"
    path.write_text(r.stdout)
    return path


def needs(shell: str) -> str:
    path = shutil.which(shell)
    if path is None:
        pytest.skip(f"{shell} is not installed")
    return path


# zsh runs the completion in an interactive shell on a pseudo-terminal (zpty), as TAB would;
# compadd is wrapped to write each match and its description to a file.
ZSH_DRIVER = r"""
zmodload zsh/zpty || exit 3
zpty -b z zsh -f -i
zpty -w z "autoload -Uz compinit; compinit -u -D; source ${(q)1}"
zpty -w z 'compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  typeset -a __hits __dscr
  if (( $@[(I)-d] )); then
    local __tmp=${@[$[${@[(i)-d]}+1]]}
    if [[ $__tmp == \(* ]]; then eval "__dscr=$__tmp"; else __dscr=( "${(@P)__tmp}" ); fi
  fi
  builtin compadd -A __hits -D __dscr "$@"
  local i; for i in {1..$#__hits}; do
    print -r -- "$__hits[i]|||$__dscr[i]" >> '"${(q)2}"'
  done
}'
zpty -w -n z $'aomori --data h.toml show \t'
for i in {1..100}; do [[ -s $2 ]] && break; sleep 0.1; done
sleep 1
zpty -d z
"""


def run_zsh(home: Path, script: Path) -> list[tuple[str, str]]:
    zsh = needs("zsh")
    driver = home.parent / "drive.zsh"
    driver.write_text(ZSH_DRIVER)
    matches = home.parent / "matches"
    subprocess.run(
        [zsh, "-f", str(driver), str(script), str(matches)],
        cwd=home,
        env={**shell_env(home), "COLUMNS": "300"},  # zsh itself cuts descriptions to fit
        capture_output=True,
        timeout=60,
        check=False,
    )
    if not matches.exists():
        pytest.skip("zsh's completion system could not be driven here")
    pairs = []
    for line in matches.read_text("utf-8").splitlines():
        value, _, description = line.partition("|||")
        # zsh's description is "value  -- help"
        pairs.append((value, description.partition(" -- ")[2]))
    return pairs


@pytest.mark.slow
def test_zsh_completion(shell_home: Path) -> None:
    pairs = run_zsh(shell_home, source_script("zsh", shell_home))
    assert sorted(v for v, _ in pairs) == sorted(NUMBERS), pairs
    for _, help_text in pairs:
        assert_inert(help_text.strip())
    assert any("touch pwned" in h for _, h in pairs)


@pytest.mark.slow
def test_zsh_harness_catches_the_attack(shell_home: Path) -> None:
    """Without inert() the same harness sees zsh run the name: the test above is meaningful."""
    launcher = shell_home.parent / "bin" / "aomori"
    launcher.write_text(
        f"#!{sys.executable}\nimport aomori_cli.cli.completion as c\n"
        "c.inert = lambda name: name\nfrom aomori_cli import main\nmain()\n"
    )
    (shell_home / "h.toml").write_text(programme(1, HOSTILE_NAMES[0]), "utf-8")
    run_zsh(shell_home, source_script("zsh", shell_home))
    ran = shell_home / "pwned"
    assert ran.exists(), "zsh did not run the unescaped name: the harness would prove nothing"
    ran.unlink()


def test_bash_completion(shell_home: Path) -> None:
    bash = needs("bash")
    script = source_script("bash", shell_home)
    r = subprocess.run(
        [
            bash,
            "--norc",
            "--noprofile",
            "-c",
            f'source "{script}"; COMP_WORDS=(aomori --data h.toml show ""); COMP_CWORD=4; '
            '_aomori_completion aomori; printf "%s\\n" "${COMPREPLY[@]}"',
        ],
        cwd=shell_home,
        env=shell_env(shell_home),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == NUMBERS


def test_fish_completion(shell_home: Path) -> None:
    fish = needs("fish")
    script = source_script("fish", shell_home)
    r = subprocess.run(
        [fish, "--no-config", "-c", f'source "{script}"; complete -C "aomori --data h.toml show "'],
        cwd=shell_home,
        env=shell_env(shell_home),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    pairs = [tuple(line.split("\t", 1)) for line in r.stdout.splitlines()]
    assert sorted(p[0] for p in pairs) == sorted(NUMBERS), r.stdout
    for pair in pairs:
        assert_inert(pair[1] if len(pair) > 1 else "")


# === --output: a careful shell redirect =======================================================


def no_temporary_left(folder: Path) -> None:
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_new_file_gets_0666_less_the_umask(run, tmp_path: Path) -> None:
    for umask, mode in ((0o022, 0o644), (0o077, 0o600), (0o027, 0o640)):
        old = os.umask(umask)
        try:
            target = tmp_path / f"new-{umask:o}.json"
            r = run("list", "--json", "-o", str(target))
        finally:
            os.umask(old)
        assert r.exit_code == 0 and r.stdout == "" and r.stderr == "", r.output
        assert stat.S_IMODE(target.stat().st_mode) == mode
        assert len(json.loads(target.read_text("utf-8"))) == 23
    no_temporary_left(tmp_path)


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o604, 0o664, 0o755])
def test_existing_file_is_replaced_and_keeps_its_mode(run, tmp_path: Path, mode: int) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    target.chmod(mode)
    r = run("list", "--format", "csv", "-o", str(target))
    assert r.exit_code == 0, r.output
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_text("utf-8").startswith("no,name,")
    no_temporary_left(tmp_path)


def test_hard_link_is_written_in_place(run, tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text("old")
    os.link(first, second)
    inode = first.stat().st_ino
    r = run("list", "--json", "-o", str(first))
    assert r.exit_code == 0, r.output
    # Both names still share one file, and both see the new content.
    assert first.stat().st_ino == second.stat().st_ino == inode
    assert second.read_text("utf-8") == first.read_text("utf-8") != "old"
    assert len(json.loads(second.read_text("utf-8"))) == 23


def test_symlink_is_followed(run, tmp_path: Path) -> None:
    real, link = tmp_path / "real.json", tmp_path / "link.json"
    real.write_text("old")
    real.chmod(0o640)
    link.symlink_to(real.name)
    r = run("list", "--json", "-o", str(link))
    assert r.exit_code == 0, r.output
    assert link.is_symlink() and os.readlink(link) == real.name
    assert len(json.loads(real.read_text("utf-8"))) == 23
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    # A link to a file not yet there makes the file, as a redirect does.
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to("made.json")
    assert run("list", "--json", "-o", str(dangling)).exit_code == 0
    assert dangling.is_symlink() and (tmp_path / "made.json").is_file()
    no_temporary_left(tmp_path)


def test_dev_null_stays_a_device(run) -> None:
    before = os.stat(os.devnull)
    r = run("list", "-o", os.devnull)
    assert r.exit_code == 0 and r.output == "", r.output
    after = os.stat(os.devnull)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino


def test_fifo_is_written_through(run, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    r = run("list", "--json", "-o", str(fifo))
    reader.join(30)
    assert r.exit_code == 0, r.output
    assert len(json.loads(received[0].decode("utf-8"))) == 23
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    no_temporary_left(tmp_path)


@pytest.mark.skipif(not Path("/dev/fd/1").exists(), reason="no /dev/fd here")
@pytest.mark.parametrize("name", ["/dev/fd/1", "/dev/stdout"])
def test_dev_fd_is_written_through(name: str, tmp_path: Path) -> None:
    # To a pipe (what /dev/fd/1 resolves to cannot be opened by its resolved name) ...
    r = aomori("list", "--json", "-o", name)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert len(json.loads(r.stdout)) == 23
    # ... and to a file.
    out = tmp_path / "out.json"
    out.write_text("")
    inode = out.stat().st_ino
    with out.open("w") as fh:
        done = subprocess.run(
            [sys.executable, "-m", "aomori_cli", "show", "10", "--json", "-o", name],
            env=aomori_env(),
            stdout=fh,
            timeout=60,
            check=False,
        )
    assert done.returncode == 0
    assert json.loads(out.read_text("utf-8"))["no"] == 10
    assert out.stat().st_ino == inode  # the file the shell opened, not a replacement


def test_read_only_file_is_refused(run, tmp_path: Path) -> None:
    # Refused even as root, who could write it.
    target = tmp_path / "ro.txt"
    target.write_text("keep")
    target.chmod(0o444)
    r = run("list", "-o", str(target))
    assert r.exit_code == 1 and r.stdout == ""
    one_error_line(r.stderr, str(target), "read-only")
    assert target.read_text() == "keep" and stat.S_IMODE(target.stat().st_mode) == 0o444
    no_temporary_left(tmp_path)


@pytest.mark.skipif(IS_ROOT, reason="root may write any file")
def test_file_the_user_may_not_write_is_refused(run, tmp_path: Path) -> None:
    target = tmp_path / "theirs.txt"
    target.write_text("keep")
    target.chmod(0o464)  # the group may write it; its owner, who runs aomori, may not
    r = run("list", "-o", str(target))
    assert r.exit_code == 1
    one_error_line(r.stderr, "read-only")


@pytest.mark.skipif(not IS_ROOT, reason="only root can give a file to another user")
def test_replaced_file_keeps_its_owner(run, tmp_path: Path) -> None:
    target = tmp_path / "theirs.json"
    target.write_text("old")
    os.chown(target, 65534, 65534)
    target.chmod(0o640)
    r = run("list", "--json", "-o", str(target))
    assert r.exit_code == 0, r.output
    after = target.stat()
    assert (after.st_uid, after.st_gid, stat.S_IMODE(after.st_mode)) == (65534, 65534, 0o640)
    assert len(json.loads(target.read_text("utf-8"))) == 23


def test_file_of_another_user_is_written_in_place(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not root, and not the owner: replacing the file would make it ours (and take its
    group's rights with it); it is written in place, as a redirect does."""
    target = tmp_path / "shared.json"
    target.write_text("old")
    inode = target.stat().st_ino
    monkeypatch.setattr("aomori_cli.formats._euid", lambda: target.stat().st_uid + 1)
    r = run("list", "--json", "-o", str(target))
    assert r.exit_code == 0, r.output
    assert target.stat().st_ino == inode and len(json.loads(target.read_text("utf-8"))) == 23
    # One the user may not write (os.access says so) is refused, whatever its mode bits.
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **kw: mode != os.W_OK and real_access(p, mode)
    )
    r = run("list", "--json", "-o", str(target))
    assert r.exit_code == 1
    one_error_line(r.stderr, str(target), "read-only")


@pytest.mark.skipif(not hasattr(os, "fchown"), reason="no owners here")
def test_group_that_cannot_be_kept_means_writing_in_place(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "group.json"
    target.write_text("old")
    if IS_ROOT:
        os.chown(target, -1, 65534)
    mine = os.stat(tmp_path).st_gid
    if target.stat().st_gid == mine:
        pytest.skip("no other group to give the file")
    target.chmod(0o664)
    inode = target.stat().st_ino

    def refuse(*args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", refuse)
    r = run("list", "--json", "-o", str(target))
    assert r.exit_code == 0, r.output
    after = target.stat()
    assert after.st_ino == inode and after.st_gid != mine and stat.S_IMODE(after.st_mode) == 0o664
    assert len(json.loads(target.read_text("utf-8"))) == 23
    no_temporary_left(tmp_path)


def test_writable_file_in_a_folder_that_is_not(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A temporary file cannot be made beside it: the file is written in place, as a
    redirect would (os.open is made to refuse, since root could write the folder)."""
    target = tmp_path / "out.json"
    target.write_text("old")
    real_open = os.open

    def refuse_temporary(path: object, *args: object, **kwargs: object) -> int:
        if str(path).endswith(".tmp"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse_temporary)
    r = run("list", "--json", "-o", str(target))
    assert r.exit_code == 0, r.output
    assert len(json.loads(target.read_text("utf-8"))) == 23
    # A new file there cannot be made at all: one line, naming the path and the reason.
    r = run("list", "--json", "-o", str(tmp_path / "new.json"))
    assert r.exit_code == 1
    one_error_line(r.stderr, "new.json", "Permission denied")


@pytest.fixture()
def dataset(tmp_path: Path) -> Path:
    path = tmp_path / "data.toml"
    shutil.copy(DATA, path)
    return path


def test_output_onto_the_dataset_is_refused(run, dataset: Path, tmp_path: Path) -> None:
    original = dataset.read_bytes()
    link = tmp_path / "link.toml"
    link.symlink_to(dataset.name)
    hard = tmp_path / "hard.toml"
    os.link(dataset, hard)
    for data, target in (
        (dataset, dataset),
        (link, dataset),  # the dataset given through a symlink
        (dataset, link),  # written through a symlink to it
        (dataset, hard),  # another name of the same file
        (Path(os.path.relpath(dataset)), dataset.resolve()),
    ):
        r = run("--data", str(data), "list", "--json", "-o", str(target))
        assert r.exit_code == 1 and r.stdout == "", (data, target, r.output)
        one_error_line(r.stderr, str(target), "dataset being read")
        assert dataset.read_bytes() == original
    r = run("list", "-o", str(dataset), env={"AOMORI_DATA": str(dataset)})
    assert r.exit_code == 1 and "dataset being read" in r.stderr
    assert dataset.read_bytes() == original
    no_temporary_left(tmp_path)


def test_output_onto_the_shipped_dataset_is_refused(
    run, dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("aomori_cli.load.default_data_path", lambda: dataset)
    original = dataset.read_bytes()
    r = run("totals", "-o", str(dataset))
    assert r.exit_code == 1 and "dataset being read" in r.stderr
    assert dataset.read_bytes() == original


def test_directory_and_missing_folder(run, tmp_path: Path) -> None:
    r = run("list", "-o", str(tmp_path))
    assert r.exit_code in (1, 2) and r.stdout == "" and "directory" in r.stderr
    assert r.stderr.count("\n") == 1
    r = run("list", "-o", str(tmp_path / "no" / "such.txt"))
    assert r.exit_code == 1
    one_error_line(r.stderr, "such.txt", "No such file or directory")


def test_long_file_names(run, tmp_path: Path) -> None:
    too_long = tmp_path / ("a" * 300)
    r = run("list", "-o", str(too_long))
    assert r.exit_code == 1 and r.stdout == ""
    one_error_line(r.stderr, "a" * 300, "File name too long")
    # The longest name a file system takes (255 bytes, here 85 kanji) is written, though
    # its temporary file needs a few bytes more.
    longest = tmp_path / ("経" * 85)
    r = run("list", "--json", "-o", str(longest))
    assert r.exit_code == 0, r.output
    assert len(json.loads(longest.read_text("utf-8"))) == 23
    no_temporary_left(tmp_path)


@pytest.mark.parametrize("fmt", ["table", "md"])
@pytest.mark.parametrize(
    "colour", [{"FORCE_COLOR": "1"}, {"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"}, {}]
)
def test_file_never_holds_terminal_escapes(
    fmt: str, colour: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "out.txt"
    env = aomori_env(**colour)
    env.pop("NO_COLOR", None)
    for args in (["list"], ["show", "10"], ["compare", "10"], ["search", "経営"], ["totals"]):
        r = aomori(*args, "--format", fmt, "-o", str(target), env=env)
        assert r.returncode == 0 and r.stdout == "", r.stderr
        text = target.read_text("utf-8")
        assert "\x1b" not in text and "\x9b" not in text and text.strip(), args


# --- signals -----------------------------------------------------------------------------

# A subprocess that sends itself the signal in the middle of writing: after the temporary
# file is written and before it is renamed (os.fchmod runs in between).
SELF_SIGNAL = """
import os, signal, sys
real = os.fchmod
def fchmod(fd, mode):
    os.kill(os.getpid(), getattr(signal, sys.argv[1]))
    return real(fd, mode)
os.fchmod = fchmod
from aomori_cli.cli import main
main(sys.argv[2:])
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_signal_mid_write_leaves_no_temporary(name: str, tmp_path: Path) -> None:
    if not hasattr(signal, name):
        pytest.skip(f"no {name} here")
    target = tmp_path / "out.json"
    target.write_text("previous")
    r = subprocess.run(
        [sys.executable, "-c", SELF_SIGNAL, name, "list", "--json", "-o", str(target)],
        env=aomori_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert r.returncode == 128 + getattr(signal, name), r.stderr
    assert "Traceback" not in r.stderr
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


@pytest.fixture(scope="module")
def big_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 20 MB of programmes, so that writing `list --json` takes a while."""
    path = tmp_path_factory.mktemp("big") / "big.toml"
    text = "長い概要。" * 2_000  # the longest text a dataset may hold (validate.MAX_TEXT)
    path.write_text(
        "".join(programme(i, f"事業{i}", f'overview = "{text}"\n') for i in range(1, 736)),
        "utf-8",
    )
    return path


@pytest.mark.slow
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_signal_while_a_real_write_runs(name: str, big_dataset: Path, tmp_path: Path) -> None:
    """The real thing: the signal is sent from outside as soon as the temporary file shows."""
    if not hasattr(signal, name):
        pytest.skip(f"no {name} here")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "out.json"
    target.write_text("previous")
    for _ in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-m", "aomori_cli", "--data", str(big_dataset), "list", "--json"]
            + ["--fields", "no,name,overview", "-o", str(target)],
            env=aomori_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if any(p.name.endswith(".tmp") for p in out_dir.iterdir()):
                proc.send_signal(getattr(signal, name))
                break
        _, err = proc.communicate(timeout=60)
        assert b"Traceback" not in err, err
        assert [p.name for p in out_dir.iterdir()] == ["out.json"]
        # Either the signal came in time and the old file is untouched, or the write had
        # finished and the new file is whole: never half a file.
        text = target.read_text("utf-8")
        if proc.returncode == 0:
            assert len(json.loads(text)) == 735
        else:
            assert proc.returncode in (128 + getattr(signal, name), -getattr(signal, name))
            assert text == "previous"


def test_write_file_errors_are_aomori_errors(tmp_path: Path) -> None:
    with pytest.raises(AomoriError, match="is a directory"):
        formats.write_file(tmp_path, "x")
    (tmp_path / "f").write_text("x")
    with pytest.raises(AomoriError, match="Not a directory"):
        formats.write_file(tmp_path / "f" / "g", "x")


# === a standard output that fails =============================================================


def closed_stdout(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", 'exec "$@" >&-', "-", sys.executable, "-m", "aomori_cli", *args],
        env=aomori_env(),
        cwd=cwd,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("args", [["list"], ["show", "10", "--json"], ["--help"], ["schema"]])
def test_stdout_closed(args: list[str]) -> None:
    r = closed_stdout(*args)
    assert r.returncode == 1
    one_error_line(r.stderr, "cannot write to standard output (it is closed)")


def test_stdout_closed_is_no_matter_with_output(tmp_path: Path) -> None:
    r = closed_stdout("list", "--json", "-o", "out.json", cwd=tmp_path)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert len(json.loads((tmp_path / "out.json").read_text("utf-8"))) == 23


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize(
    "args", [["list"], ["list", "--json"], ["show", "10"], ["schema"], ["--help"], ["--version"]]
)
def test_stdout_full(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        r = subprocess.run(
            [sys.executable, "-m", "aomori_cli", *args],
            env=aomori_env(),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert r.returncode == 1
    one_error_line(r.stderr, "cannot write to standard output (No space left on device)")


@pytest.mark.parametrize("args", [["list", "--json"], ["compare", "--all"], ["list"]])
def test_stdout_broken_pipe(args: list[str]) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "aomori_cli", *args],
        env=aomori_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before a byte is written
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(60) == 1
    # Quiet, as `| head` is when the output fits the pipe: a reader that stopped reading is
    # no error to report (a tool killed by SIGPIPE says nothing either); the status tells.
    assert err == ""


@pytest.mark.slow
@pytest.mark.parametrize("unbuffered", ["1", ""])
def test_a_reader_that_stops_early_is_noticed(tmp_path: Path, unbuffered: str) -> None:
    """An output larger than the pipe, read in part: exit 1, quietly. Under PYTHONUNBUFFERED
    (common in containers) a text stream wrote once, and what the pipe did not take was lost
    with exit status 0."""
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "bench"))
    try:
        from scale import generate
    finally:
        sys.path.remove(str(root / "bench"))
    data = tmp_path / "big.toml"
    generate(230, data)  # about 450 KiB of JSON, several times a pipe's buffer
    proc = subprocess.Popen(
        [sys.executable, "-m", "aomori_cli", "--data", str(data), "list", "--json"],
        env=aomori_env(PYTHONUNBUFFERED=unbuffered),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(100).startswith(b"[")
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(60) == 1
    assert err == ""


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["list", "--json"], '[\n{"no": 1, "name": "仕事と家庭の'),
        (["list", "--format", "csv", "--excel"], "\ufeffno,name,"),
        (["show", "10", "--format", "tsv"], "no\tname"),
        (["schema"], "{"),
    ],
)
def test_machine_output_is_utf8_in_any_locale(args: list[str], start: str) -> None:
    """JSON, CSV and TSV are the same bytes under a locale that cannot write Japanese (C,
    Latin-1, EUC-JP): they had come out as '?' (or EUC-JP) with exit status 0."""
    env = aomori_env(LC_ALL="C", LANG="C", PYTHONCOERCECLOCALE="0", PYTHONUTF8="0")
    env.pop("PYTHONIOENCODING", None)
    r = subprocess.run(
        [sys.executable, "-m", "aomori_cli", *args], env=env, capture_output=True, timeout=60
    )
    assert r.returncode == 0, r.stderr
    utf8 = subprocess.run(
        [sys.executable, "-m", "aomori_cli", *args],
        env=aomori_env(LC_ALL="C.UTF-8"),
        capture_output=True,
        timeout=60,
    )
    assert r.stdout == utf8.stdout
    assert r.stdout.decode("utf-8").startswith(start)


def test_stdout_and_stderr_both_fail() -> None:
    """Nothing can be said; the exit status still tells."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    r = subprocess.run(
        ["bash", "-c", 'exec "$@" >/dev/full 2>/dev/full', "-", sys.executable, "-m"]
        + ["aomori_cli", "list"],
        env=aomori_env(),
        timeout=60,
        check=False,
    )
    assert r.returncode == 1


def test_out_of_memory_in_process(run, monkeypatch: pytest.MonkeyPatch) -> None:
    def exhausted(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr("aomori_cli.totals.totals", exhausted)
    r = run("totals")
    assert r.exit_code == 1 and r.stdout == ""
    one_error_line(r.stderr, "out of memory", "too large for the memory")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS as Linux counts it")
def test_out_of_memory_under_a_limit(big_dataset: Path) -> None:
    import resource

    def run_limited(limit: int, *args: str) -> subprocess.CompletedProcess[str]:
        def cap() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

        return subprocess.run(
            [sys.executable, "-m", "aomori_cli", *args],
            env=aomori_env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            preexec_fn=cap,
        )

    # The smallest limit under which the tool starts and shows the shipped data ...
    for megabytes in (96, 128, 160, 192, 256, 320):
        limit = megabytes * 1024 * 1024
        if run_limited(limit, "list", "--json").returncode == 0:
            break
    else:
        pytest.skip("the interpreter needs more address space than this test allows")
    # ... is far too small for 20 MB of programmes.
    r = run_limited(limit, "--data", str(big_dataset), "list", "--json")
    assert r.returncode == 1 and r.stdout == ""
    one_error_line(r.stderr, "out of memory: the data is too large for the memory available")


@pytest.mark.parametrize(
    "line",
    [
        '"' + "a" * 1_000_000 + '" = 1\n',  # a long quoted key
        'junk = "' + "a" * 1_000_000 + '"\n',  # a long string value
        # A run of dotted parts, in a string never closed, or of quoted parts: one frame a
        # part, 300 bytes each, until the run was matched in chunks (an attack review).
        'x = "' + "a." * 500_000 + "\n",
        'x = "a". ' * 200_000 + "\n",
    ],
)
def test_checks_before_parsing_take_little_memory_for_a_long_string(line: str) -> None:
    # An attack review: the dotted-key check kept a backtracking frame a character of a
    # quoted part, 120 bytes a byte: 30 MB of one string took 3.5 GB and 19 s. (It still keeps
    # one an escape, which MAX_VALUES bounds: an escape counts as a value.)
    import tracemalloc

    tracemalloc.start()
    try:
        with pytest.raises(DataError):
            parse_report(line.encode("utf-8"), "x.toml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * len(line), f"{peak:,} bytes for {len(line):,}"


# === datasets: typos and extremes =============================================================


def data_error(text: str) -> DataError:
    with pytest.raises(DataError) as info:
        parse_report(text.encode("utf-8"), "x.toml")
    return info.value


UNKNOWN_KEYS = [
    # (file, the problem expected)
    (
        GOOD + '"n\u0435w" = true\n',
        "programme 1 (事業): 'n\u0435w': unknown key (did you mean 'new'?",
    ),
    (GOOD + "New = true\n", "programme 1 (事業): 'New': unknown key (did you mean 'new'?)"),
    (
        GOOD + "budget = 5\n",
        "programme 1 (事業): 'budget': unknown key (did you mean 'budget_thousand_yen'?)",
    ),
    (
        '[divisons."課"]\nreading = "か"\n' + GOOD,
        "'divisons': unknown key (did you mean 'divisions'?)",
    ),
    (GOOD + "kpi = []\n", "'kpi': unknown key (did you mean 'kpis'?)"),
    (
        GOOD + 'kpis = [{ name = "x", fy2023 = "1件", fy2024 = "2件", fy2025 = "3件" }]\n',
        "programme 1 (事業): kpis[0].'fy2025': unknown key (did you mean 'fy2024'?)",
    ),
    (GOOD + 'corrections = [{ field = "x", reasn = "y" }]\n', "corrections[0].'reasn'"),
    ('[report]\ntitel = "t"\n' + GOOD, "report: 'titel': unknown key (did you mean 'title'?)"),
    ("[report.section]\nsubtotal = 1\n" + GOOD, "report.section: 'subtotal': unknown key"),
    ('[[report.section.items]]\nheadng = "h"\n' + GOOD, "'headng': unknown key (did you mean"),
    ('[[report.kpi_years]]\nkey = "fy2023"\nlabal = "x"\n' + GOOD, "'labal': unknown key"),
    ('[divisions."課"]\nromanji = "ka"\n' + GOOD, "divisions.課: 'romanji': unknown key"),
    ('[case_study]\ncompany_name = "x"\n' + GOOD, "case_study: 'company_name': unknown key"),
    ("schema = 1\n" + GOOD, "'schema': unknown key (did you mean 'schema_version'?)"),
]


@pytest.mark.parametrize(("text", "expected"), UNKNOWN_KEYS, ids=[e[:30] for _, e in UNKNOWN_KEYS])
def test_unknown_keys_are_refused_with_the_nearest(text: str, expected: str) -> None:
    err = data_error(text)
    assert any(expected in problem for problem in err.problems), err.problems


def test_a_lookalike_letter_is_named(run, tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_text(GOOD + '"n\u0435w" = true\n', "utf-8")
    r = run("--data", str(path), "list")
    assert r.exit_code == 1 and r.stdout == ""
    one_error_line(r.stderr, "did you mean 'new'?", "U+0435 CYRILLIC SMALL LETTER IE")


def test_a_typo_no_longer_gives_a_default(run, tmp_path: Path) -> None:
    """Before, "New = true" silently gave new = false, and "kpi" no KPIs."""
    for typo in ("New = true\n", 'kpi = [{ name = "x", fy2023 = "1件", fy2024 = "2件" }]\n'):
        path = tmp_path / "d.toml"
        path.write_text(GOOD + typo, "utf-8")
        for args in (["list", "--new"], ["show", "1"], ["compare", "1"]):
            r = run("--data", str(path), *args)
            assert r.exit_code == 1 and r.stdout == "" and "unknown key" in r.stderr


def test_many_problems_are_counted_not_all_listed(run, tmp_path: Path) -> None:
    keys = "".join(f"x{i} = 1\n" for i in range(5000))
    path = tmp_path / "d.toml"
    path.write_text(GOOD + keys, "utf-8")
    started = time.perf_counter()
    r = run("--debug", "--data", str(path), "list")
    assert time.perf_counter() - started < 5
    assert r.exit_code == 1
    lines = r.stderr.splitlines()
    assert "5,000 problems" in lines[0] and lines[-1] == "  … and 4,900 more"
    assert len(lines) == 101


@pytest.mark.parametrize(
    "nested",
    [
        "notes = " + "[" * 5000 + "]" * 5000,
        "overview = " + "{a = " * 5000 + "1" + "}" * 5000,
        "x = " + "[" * 100_000,
    ],
    ids=["array", "inline-table", "unclosed"],
)
def test_deep_nesting_is_reported(run, tmp_path: Path, nested: str) -> None:
    path = tmp_path / "d.toml"
    path.write_text(GOOD + nested + "\n", "utf-8")
    for args in (["list"], ["show", "1"]):
        r = run("--data", str(path), *args)
        assert r.exit_code == 1 and r.stdout == "", r.output
        one_error_line(r.stderr)
        assert "Recursion" not in r.stderr


def test_deep_dotted_table_is_refused_before_parsing(tmp_path: Path) -> None:
    err = data_error("[" + ".".join(["a"] * 20_000) + "]\n" + GOOD)
    assert "dotted key" in str(err)
    err = data_error("[" + ".".join(["a"] * 20) + "]\n" + GOOD)  # a short one is just unknown
    assert "'a': unknown key" in str(err)


HUGE = "9" * 400


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        (
            f"fiscal_year_budget = 1\n[[programmes.kpis]]\nname = 'x'\nfy2023 = '{HUGE}件'\nfy2024 = '1件'\n",
            "fy2023",
        ),
        (f"[[programmes.kpis]]\nname = 'x'\nfy2023 = '1件'\nfy2024 = '{'9' * 16}件'\n", "fy2024"),
        (
            f"[[programmes.kpis]]\nname = 'x'\nfy2023 = '延べ {10**15:,}回'\nfy2024 = '1件'\n",
            "fy2023",
        ),
    ],
)
def test_kpi_figures_are_bounded(run, tmp_path: Path, extra: str, field: str) -> None:
    path = tmp_path / "d.toml"
    path.write_text(GOOD + extra, "utf-8")
    for args in (["show", "1"], ["compare", "1"], ["list"]):
        r = run("--debug", "--data", str(path), *args)
        assert r.exit_code == 1 and r.stdout == ""
        assert f"kpis[0].{field}: out of range" in r.stderr and "below 10^15" in r.stderr


@pytest.mark.parametrize(
    "budget", [HUGE, str(10**15), str(-(10**15)), "0x" + "f" * 400, "1" * 5000]
)
def test_budgets_are_bounded(run, tmp_path: Path, budget: str) -> None:
    path = tmp_path / "d.toml"
    path.write_text(GOOD.replace("budget_thousand_yen = 1", f"budget_thousand_yen = {budget}"))
    for args in (["totals", "--unit", "oku"], ["list"], ["show", "1", "--unit", "oku"]):
        r = run("--data", str(path), *args)
        assert r.exit_code == 1 and r.stdout == "", r.output
        assert "internal error" not in r.stderr and "Overflow" not in r.stderr
        assert any(
            reason in r.stderr for reason in ("out of range", "far too long", "negative", "digits")
        ), r.stderr


def test_the_largest_number_allowed_is_shown(run, tmp_path: Path) -> None:
    top = 10**15 - 1
    path = tmp_path / "d.toml"
    path.write_text(
        GOOD.replace("budget_thousand_yen = 1", f"budget_thousand_yen = {top}")
        + f"kpis = [{{ name = 'x', fy2023 = '{top:,}件', fy2024 = '1件' }}]\n",
        "utf-8",
    )
    for args in (["totals", "--unit", "oku"], ["show", "1", "--unit", "oku"], ["compare", "1"]):
        r = run("--data", str(path), *args)
        assert r.exit_code == 0, r.output
    assert run("--data", str(path), "totals", "--json").exit_code == 0


def kpis_file(tmp_path: Path, count: int, inline: bool = True, name: str = "指標") -> Path:
    path = tmp_path / f"kpis-{count}.toml"
    if inline:
        body = ",\n".join(
            f'{{ name = "{name}{i}", fy2023 = "{i}件", fy2024 = "{i + 1}件" }}'
            for i in range(count)
        )
        path.write_text(GOOD + f"kpis = [\n{body}\n]\n", "utf-8")
    else:
        body = "".join(
            f'[[programmes.kpis]]\nname = "指標{i}"\nfy2023 = "{i}件"\nfy2024 = "1件"\n'
            for i in range(count)
        )
        path.write_text(GOOD + body, "utf-8")
    return path


@pytest.mark.parametrize("inline", [True, False])
def test_200000_kpis_are_refused_fast(run, tmp_path: Path, inline: bool) -> None:
    path = kpis_file(tmp_path, 200_000, inline)
    started = time.perf_counter()
    r = run("--data", str(path), "show", "1")
    elapsed = time.perf_counter() - started
    assert r.exit_code == 1 and r.stdout == ""
    one_error_line(r.stderr, "too large")
    assert elapsed < 2, elapsed  # the TOML is never parsed


def test_more_kpis_than_a_programme_may_have(run, tmp_path: Path) -> None:
    r = run("--data", str(kpis_file(tmp_path, MAX_KPIS + 1)), "show", "1")
    assert r.exit_code == 1
    one_error_line(r.stderr, f"{MAX_KPIS + 1:,} KPIs; a programme may have at most {MAX_KPIS:,}")


def test_a_kpi_name_longer_than_any_report_writes_is_refused(run, tmp_path: Path) -> None:
    path = kpis_file(tmp_path, 1, name="」" * MAX_KPI_NAME)  # and its number: one more
    r = run("--data", str(path), "show", "1")
    assert r.exit_code == 1 and r.stdout == ""
    one_error_line(r.stderr, f"{MAX_KPI_NAME + 1} characters; a KPI's name may have at most")


@pytest.mark.slow
def test_the_most_kpis_are_shown_in_seconds(run, tmp_path: Path) -> None:
    """The most KPIs, each with the longest name, of closing brackets that line breaking
    must carry (a thousand names of 10,000 took show four minutes, from an attack review)."""
    path = kpis_file(tmp_path, MAX_KPIS, name="」" * (MAX_KPI_NAME - 3))
    for args in (["show", "1"], ["compare", "1"], ["show", "1", "--json"], ["search", "指標"]):
        started = time.perf_counter()
        r = run("--data", str(path), *args)
        assert r.exit_code == 0, r.output
        assert time.perf_counter() - started < 10, args


def test_too_many_values_are_refused_before_parsing(tmp_path: Path) -> None:
    err = data_error(GOOD + "x = [" + "1," * (MAX_VALUES + 1) + "]\n")
    assert "too large" in str(err) and f"{MAX_VALUES:,}" in str(err)


@pytest.mark.parametrize(
    "figure",
    [
        "a" + " " * 20_000 + "b",
        "1" + " " * 20_000 + "x1",
        "延べ" + " " * 59 + "1回",
        "a" * 50 + " " * 5 + "1x1",
    ],
)
def test_figures_that_would_backtrack_are_refused_fast(figure: str) -> None:
    text = GOOD + f"kpis = [{{ name = 'x', fy2023 = '{figure}', fy2024 = '1件' }}]\n"
    started = time.perf_counter()
    with pytest.raises(DataError) as info:
        parse_report((text * 1).encode(), "x.toml")
    assert time.perf_counter() - started < 1
    assert "kpis[0].fy2023" in str(info.value)


def test_long_names_are_cut_in_messages(tmp_path: Path) -> None:
    err = data_error(programme(1, "長" * 100_000, "nеw = 1\n".replace("е", "e") + "bad = 1\n"))
    assert all(len(p) < 400 for p in err.problems)


# === text: human formats neutralise, machine formats keep =====================================

INVISIBLE = {
    "line separator": "\u2028",
    "paragraph separator": "\u2029",
    "next line": "\x85",
    "zero-width space": "\u200b",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
    "soft hyphen": "\xad",
    "bidi override": "\u202e",
    "bidi isolate": "\u2066",
    "tag letter": "\U000e0041",
    "cancel tag": "\U000e007f",
    "hangul filler": "\u3164",
}
MARKUP = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "![pixel](https://evil.example/p.png)",
    "[click](javascript:alert(1))",
    "<https://evil.example/auto>",
    "see https://evil.example/bare and www.evil.example and me@evil.example",
    "事業_www.evil.example/a and x_WWW.evil.example/b",  # GitHub links www. after "_"
    "&lt;b&gt; &#60;i&#62;",
    "[ref]: https://evil.example/ref",
    "tab\there back\\slash \\n not a newline, cr\rend",
]


@pytest.fixture(scope="module")
def text_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("text") / "text.toml"
    hidden = "".join(f"<{ch}>" for ch in INVISIBLE.values())
    overview = "\n".join(MARKUP)
    path.write_text(
        programme(
            1,
            f"見えない{hidden}事業",
            f"overview = {toml_string(overview)}\nresults = {toml_string(hidden)}\n"
            f"kpis = [{{ name = {toml_string('指標' + hidden)}, fy2023 = '1件', fy2024 = '2件' }}]\n",
        )
        + programme(2, "- list\n# heading\n1. item\n---\n~~strike~~ | cell |"),
        "utf-8",
    )
    return path


HUMAN = [
    ["list"],
    ["show", "1"],
    ["compare", "1"],
    ["search", "見えない"],
    ["totals", "--by", "division"],
    ["show", "2"],
]


@pytest.mark.parametrize("fmt", ["table", "md"])
@pytest.mark.parametrize("args", HUMAN, ids=" ".join)
def test_human_formats_neutralise_invisible_characters(
    run, text_file: Path, args: list[str], fmt: str
) -> None:
    r = run("--data", str(text_file), *args, "--format", fmt)
    assert r.exit_code == 0, r.output
    for label, ch in INVISIBLE.items():
        assert ch not in r.stdout, label
    if args[0] in ("show", "list", "search") and args[-1] != "2":
        # Visibly: each one left a mark where it was.
        assert ("<\ufffd>" if fmt == "table" else "&lt;\ufffd&gt;") in r.stdout


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv"])
def test_machine_formats_keep_the_data_exactly(run, text_file: Path, fmt: str) -> None:
    import csv
    import io

    r = run("--data", str(text_file), "show", "1", "--format", fmt)
    assert r.exit_code == 0, r.output
    hidden = "".join(f"<{ch}>" for ch in INVISIBLE.values())
    name = f"見えない{hidden}事業"
    if fmt == "json":
        data = json.loads(r.stdout)
        assert data["name"] == name and data["results"] == hidden
        assert data["overview"] == "\n".join(MARKUP)
    elif fmt == "jsonl":
        assert json.loads(r.stdout.splitlines()[0])["name"] == name
    elif fmt == "csv":
        (row,) = list(csv.DictReader(io.StringIO(r.stdout)))
        assert row["name"] == name and row["overview"] == "\n".join(MARKUP)
    else:
        header, line = r.stdout.rstrip("\n").split("\n")  # one record: newlines escaped
        row = dict(zip(header.split("\t"), line.split("\t"), strict=True))
        escapes = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}
        unescaped = re.sub(r"\\(.)", lambda m: escapes[m[1]], row["overview"])
        assert row["name"] == name and unescaped == "\n".join(MARKUP)


def markdown_of(run, text_file: Path, *args: str) -> str:
    r = run("--data", str(text_file), *args, "--format", "md")
    assert r.exit_code == 0, r.output
    return r.stdout


@pytest.mark.parametrize("args", HUMAN, ids=" ".join)
def test_markdown_passes_no_html_link_or_image(run, text_file: Path, args: list[str]) -> None:
    from markdown_it import MarkdownIt

    text = markdown_of(run, text_file, *args)
    # CommonMark with raw HTML on, and the table extension: the only HTML in the output is
    # what the tool writes itself (tables, <br>, emphasis), and no link or image.
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    for tag in ("<script", "<img", "<a ", "<a>", "<iframe", "<h1", "<hr", "<del"):
        assert tag not in html, (tag, html)
    assert "javascript:" not in html.replace("javascript:alert", "") or "<a" not in html


@pytest.mark.skipif(shutil.which("cmark-gfm") is None, reason="cmark-gfm is not installed")
@pytest.mark.parametrize("args", HUMAN, ids=" ".join)
def test_markdown_as_github_renders_it(run, text_file: Path, args: list[str]) -> None:
    """GitHub's renderer also links bare URLs, www. and e-mail addresses."""
    text = markdown_of(run, text_file, *args)
    html = subprocess.run(
        ["cmark-gfm", "--unsafe", "-e", "table", "-e", "autolink", "-e", "strikethrough"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for tag in ("<script", "<img", "<a ", "<h1", "<hr", "<del"):
        assert tag not in html, (tag, html)
    if args == ["show", "2"]:  # list and heading marks shown as they are
        assert "- list<br># heading<br>1. item<br>---<br>~~strike~~" in html


def test_markdown_shows_the_text() -> None:
    assert formats.md_text("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert formats.md_text("a|b\nc") == "a\\|b<br>c"
    assert formats.md_text("https://x.example") == "https\\://x.example"
    assert formats.md_text("x_www.e.example") == "x\\_www\\.e.example"
    assert formats.md_text("a\u2028b") == "a\ufffdb"
    assert formats.md_paragraph("- 項目") == "\\- 項目"
    assert formats.md_paragraph("2024. 年") == "2024\\. 年"
    assert formats.md_text("▲32 +1,384 -") == "▲32 +1,384 -"  # cells are left as they are


# --- found by an attack review -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("a" + ".a" * 150_000 + " = 1\n", "dotted key"),
        # Without =: tomllib took 14 s over 160 KB of it before it failed (an attack review).
        ("a" + ".a" * 80_000 + "\n", "dotted key"),
        ("[extra]\n  " + "a." * 80_000 + "a\n", "dotted key"),
        ("[" + ".".join(["t"] * 5_000) + "]\n", "dotted key"),
        # Quoted parts, in Japanese, with spaces or escapes (the guard saw only bare ones).
        ('"あ".' * 30_000 + "x = 1\n", "dotted key"),
        ('"a b".' * 30_000 + "x = 1\n", "dotted key"),
        ('"\\u3042".' * 30_000 + "x = 1\n", "dotted key"),
        ("'x'." * 30_000 + "x = 1\n", "dotted key"),
        ("[extra]\nx = 0." + "1" * 3_000_000 + "\n", "digits"),
        ("[extra]\nx = 1e" + "9" * 5_000 + "\n", "digits"),
    ],
    ids=[
        "dotted-key",
        "dotted-key-alone",
        "dotted-key-alone-indented",
        "dotted-table",
        "quoted-japanese",
        "quoted-space",
        "quoted-escape",
        "literal",
        "long-float",
        "long-exponent",
    ],
)
def test_files_that_would_make_the_parser_crawl_are_refused_at_once(
    run, tmp_path: Path, content: str, needle: str
) -> None:
    import time

    data = tmp_path / "d.toml"
    data.write_text(content, "utf-8")
    start = time.perf_counter()
    r = run("--data", str(data), "totals", env={"AOMORI_NO_CACHE": "1"})
    assert time.perf_counter() - start < 5
    assert r.exit_code == 1 and r.stdout == "" and needle in r.stderr, r.stderr


def test_a_text_too_long_to_lay_out_is_refused(run, tmp_path: Path) -> None:
    data = tmp_path / "d.toml"
    data.write_text(
        '[[programmes]]\nno = 1\nname = "事業"\nbudget_thousand_yen = 1\ndivision = "課"\n'
        f'page = 1\noverview = "{"あ" * 200_000}"\n',
        "utf-8",
    )
    r = run("--data", str(data), "show", "1")
    assert r.exit_code == 1 and r.stdout == ""
    one_error_line(r.stderr, "200,000 characters")


def test_json_escapes_every_character_tables_replace(run, tmp_path: Path) -> None:
    from aomori_cli.text import HIDDEN

    hidden = "".join(chr(c) for c in (0xAD, 0x034F, 0x115F, 0x3164, 0xFFA0, 0x180E, 0x2800))
    assert all(ord(ch) in HIDDEN for ch in hidden)
    data = tmp_path / "d.toml"
    data.write_text(
        f'[[programmes]]\nno = 1\nname = "a{hidden}b"\nbudget_thousand_yen = 1\n'
        'division = "課"\npage = 1\n',
        "utf-8",
    )
    r = run("--data", str(data), "show", "1", "--json")
    assert not any(ch in r.stdout for ch in hidden)
    assert json.loads(r.stdout)["name"] == f"a{hidden}b"  # the data, exactly


def test_markdown_escapes_dollar_signs(run, tmp_path: Path) -> None:
    data = tmp_path / "d.toml"
    data.write_text(
        '[[programmes]]\nno = 1\nname = "$\\\\textsf{m}$"\nbudget_thousand_yen = 1\n'
        'division = "課"\npage = 1\n',
        "utf-8",
    )
    r = run("--data", str(data), "list", "--format", "md")
    assert "\\$" in r.stdout and "| $" not in r.stdout


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ('overview = "' + "あ" * 10_001 + '"\n', "overview"),
        ('remarks = ["' + "x" * 10_001 + '"]\n', "remarks[0]"),
    ],
)
def test_a_text_of_over_ten_thousand_characters_is_refused(
    run, tmp_path: Path, extra: str, field: str
) -> None:
    """Laying out a text of millions of characters took minutes and gigabytes."""
    path = tmp_path / "long.toml"
    path.write_text(programme(1, "事業", extra), "utf-8")
    r = run("--data", str(path), "show", "1")
    assert r.exit_code == 1 and r.stdout == ""
    one_error_line(r.stderr, field, "10,001 characters; a text may have at most 10,000")
    r = run("--data", str(path), "--lang", "ja", "show", "1")
    assert r.exit_code == 1 and "10,000" in r.stderr and "characters" not in r.stderr


def test_a_text_of_ten_thousand_characters_is_shown(run, tmp_path: Path) -> None:
    path = tmp_path / "long.toml"
    path.write_text(programme(1, "事業", 'overview = "' + "あ" * 10_000 + '"\n'), "utf-8")
    r = run("--data", str(path), "show", "1")
    assert r.exit_code == 0 and r.stdout.count("あ") == 10_000


def test_a_total_beyond_exact_json_numbers_is_refused(run, tmp_path: Path) -> None:
    """Each budget is below 10^15; ten of them could add up past 2^53, which jq and JavaScript
    would print changed."""
    big = 10**15 - 1

    def dataset(count: int) -> Path:
        path = tmp_path / f"{count}.toml"
        path.write_text(
            "".join(
                programme(i, f"事業{i}").replace(
                    f"budget_thousand_yen = {i}\n", f"budget_thousand_yen = {big}\n"
                )
                for i in range(1, count + 1)
            ),
            "utf-8",
        )
        return path

    fits = run("--data", str(dataset(9)), "totals", "--json")  # 8,999,999,999,999,991
    assert fits.exit_code == 0 and json.loads(fits.stdout)["total_thousand_yen"] == 9 * big
    r = run("--data", str(dataset(10)), "totals", "--json")
    assert r.exit_code == 1 and r.stdout == ""
    one_error_line(r.stderr, "add up to 9,999,999,999,999,990")


def test_an_empty_data_path_is_a_usage_error(run) -> None:
    r = run("--data", "", "list")
    assert r.exit_code == 2 and r.stdout == ""
    one_error_line(r.stderr, "'--data': give the path of a data file")


def test_a_long_query_that_finds_nothing_is_cut_in_the_message(run) -> None:
    r = run("search", "x" * 900)
    assert r.exit_code == 0 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and len(r.stderr) < 400, len(r.stderr)


@pytest.mark.parametrize("command", [["search"], ["list", "--match"], ["show"], ["compare"]])
def test_a_query_too_long_to_search_is_refused_at_once(run, command: list[str]) -> None:
    """Pieces of a query are matched in time that grows with its square: 30,000 characters
    took 8 s. No name or text is a thousand characters long."""
    r = run(*command, "あ" * 30_000)
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr == (
        "aomori: error: a query of 30,000 characters is too long to search (at most 1,000)\n"
    )


def on_a_terminal(argv: list[str]) -> tuple[subprocess.CompletedProcess[bytes], bytes]:
    """Run with standard output a pseudo-terminal; what the terminal was given."""
    primary, secondary = os.openpty()
    try:
        proc = subprocess.run(argv, env=aomori_env(), stdout=secondary, stderr=subprocess.PIPE)
        os.close(secondary)
        shown = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(primary)
    return proc, shown


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="no pseudo-terminals here")
def test_excel_csv_on_a_terminal_says_it_is_for_a_file() -> None:
    """--excel without -o on a terminal: the BOM (shown as � there) is left out, and a note
    says how to save the file Excel needs."""
    argv = [sys.executable, "-m", "aomori_cli", "list", "--excel", "--fields", "no", "-n", "1"]
    proc, shown = on_a_terminal(argv)
    assert proc.returncode == 0 and shown.replace(b"\r\n", b"\n") == b"no\n1\n"
    assert proc.stderr.decode().startswith("aomori: --excel writes a file for Excel: add -o")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="no pseudo-terminals here")
@pytest.mark.parametrize("fmt", ["csv", "tsv"])
@pytest.mark.parametrize("to", [[], ["-o", "/dev/stdout"]], ids=["stdout", "-o /dev/stdout"])
def test_csv_and_tsv_on_a_terminal_show_controls_as_pictures(
    tmp_path: Path, fmt: str, to: list[str]
) -> None:
    """In a pipe CSV and TSV hold the data exactly; on a terminal an OSC 52 in a name would
    set the clipboard, so there it is shown as every human format shows it, whether the
    terminal is standard output or a file named (-o /dev/stdout, -o /dev/tty)."""
    data = tmp_path / "h.toml"
    data.write_text(programme(1, "a\x1b]52;c;aGk=\x07b"), "utf-8")
    argv = [sys.executable, "-m", "aomori_cli", "--data", str(data), "list", "--format", fmt]
    argv += to
    piped = subprocess.run(argv, env=aomori_env(), capture_output=True, check=True).stdout
    assert b"\x1b]52;c;aGk=\x07" in piped
    proc, shown = on_a_terminal(argv)
    assert proc.returncode == 0
    assert b"\x1b" not in shown and b"\x07" not in shown
    assert "a␛]52;c;aGk=␇b".encode() in shown
    assert (b"\t" in shown) == (fmt == "tsv")


@pytest.mark.parametrize("typed", ["1" * 4301, "No." + "1" * 4301, "１" * 4301])
@pytest.mark.parametrize("command", [["show"], ["compare", "1"]])
def test_a_number_of_thousands_of_digits_is_no_programme(run, command, typed: str) -> None:
    """int() refuses over 4,300 digits: that was an internal error."""
    r = run(*command, typed)
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.startswith("aomori: error: no programme number ")
    assert "internal error" not in r.stderr and len(r.stderr) < 200


def test_leading_zeros_however_many_name_the_programme(run) -> None:
    r = run("show", "#" + "0" * 5000 + "10", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["no"] == 10


def test_groups_whose_names_join_alike_are_summed_apart(run, tmp_path: Path) -> None:
    """経済 産業 / 政策グループ and 経済 / 産業 政策グループ join to one key text, but are two
    groups of two divisions: each keeps its own count, budget and names."""
    data = (ROOT / "data" / "programs.toml").read_text("utf-8")
    data = data.replace(
        'division = "県民活躍推進課"\ngroup = "男女共同参画グループ"',
        'division = "経済 産業"\ngroup = "政策グループ"',
        1,
    )
    data = data.replace(
        'division = "地域交通・連携課"\ngroup = "地域モビリティ推進グループ"',
        'division = "経済"\ngroup = "産業 政策グループ"',
        1,
    )
    path = tmp_path / "collide.toml"
    path.write_text(data, "utf-8")
    r = run("--data", str(path), "totals", "--by", "group", "--json")
    assert r.exit_code == 0, r.output
    rows = [row for row in json.loads(r.stdout)["rows"] if row["key"] == "経済 産業 政策グループ"]
    assert sorted(row["budget_thousand_yen"] for row in rows) == [9_243, 172_726]
    table = run("--data", str(path), "totals", "--by", "group", env={"COLUMNS": "200"}).stdout
    assert "経済 産業 / 政策グループ" in table and "経済 / 産業 政策グループ" in table


def test_dots_in_a_text_are_no_dotted_key(run, tmp_path: Path) -> None:
    """対象はNo.1、No.2、…No.69: 69 dots in a string, not a key of 69 parts."""
    listed = "、".join(f"No.{n}" for n in range(1, 70))
    data = (ROOT / "data" / "programs.toml").read_text("utf-8")
    old = 'results = "2事業者20台に対して実施した。"'
    assert old in data
    path = tmp_path / "dots.toml"
    path.write_text(data.replace(old, f'results = "対象は{listed}である。"', 1), "utf-8")
    r = run("--data", str(path), "show", "3", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["results"] == f"対象は{listed}である。"


@pytest.mark.parametrize(("option", "kind"), [("--division", "division"), ("--group", "group")])
def test_a_hint_names_at_most_fifteen_divisions_or_groups(
    run, tmp_path: Path, option: str, kind: str
) -> None:
    """A dataset of 20,000 divisions gave a hint of 149 KB on one line."""
    data = tmp_path / "many.toml"
    data.write_text(
        programmes_toml(
            f'budget_thousand_yen = 1\ndivision = "課{n}"\ngroup = "グループ{n}"\npage = 1\n'
            for n in range(1, 41)
        ),
        "utf-8",
    )
    r = run("--data", str(data), "list", option, "zzz")
    assert r.exit_code == 1 and r.stdout == "" and r.stderr.count("\n") == 1
    assert r.stderr.count(", ") == 15 and len(r.stderr) < 500, r.stderr
    assert r.stderr.rstrip().endswith(f"25 more (aomori totals --by {kind} lists them all)")


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("division", "課 ", "division: starts or ends with a space"),
        ("group", " グループ", "group: starts or ends with a space"),
        ("name", "\u200b", "name: must not be empty"),
        ("division", "\u200b\u200b", "division: must not be empty"),
        ("division", "\ufe0f", "division: must not be empty"),
        ("division", "※", "division: holds only marks, which no option can select"),
        ("group", "・・", "group: holds only marks"),
    ],
)
def test_a_name_must_show_something_and_no_space_around_it(
    run, tmp_path: Path, field: str, value: str, said: str
) -> None:
    """A division "課 " was a second 課 in totals that no --division could select; a name of a
    zero-width space passed as not empty and showed as �."""
    table = {"name": "事業", "division": "課", "group": "グループ", field: value}
    data = tmp_path / "names.toml"
    data.write_text(
        "[[programmes]]\nno = 1\nbudget_thousand_yen = 1\npage = 1\n"
        + "".join(f"{k} = {toml_string(v)}\n" for k, v in table.items()),
        "utf-8",
    )
    r = run("--data", str(data), "list")
    assert r.exit_code == 1 and r.stdout == "" and said in r.stderr, r.stderr


def test_divisions_that_differ_only_in_what_matching_folds_are_refused(run, tmp_path: Path) -> None:
    """課A and 課Ａ are two rows in totals, but --division selects one of them only."""
    data = tmp_path / "alike.toml"
    divisions = ["課A", "課Ａ", "課A", "課Ａ", "課", "課\u200b"]
    data.write_text(
        programmes_toml(
            f'budget_thousand_yen = 1\ndivision = "{d}"\npage = 1\n' for d in divisions
        ),
        "utf-8",
    )
    r = run("--debug", "--data", str(data), "totals")
    assert r.exit_code == 1 and r.stdout == ""
    assert (
        "programme 2 (事業2): division: '課Ａ' and '課A' differ only in what matching" in r.stderr
    )
    assert "programme 6 (事業6): division: '課\\u200b' and '課' differ only" in r.stderr
    assert r.stderr.count("differ only") == 2  # once a name, however many programmes have it
