"""The report as a SQLite database (and its Datasette metadata), for the questions SQL answers.

Files are written as the rest of the tool writes them: into a temporary file made with
O_EXCL in the target's directory, then renamed, so a failure or an interrupt leaves nothing
behind and a reader never sees half a database. Standard library only (``sqlite3``, which is
imported here and so only when an export runs).
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from aomori_cli.errors import AomoriError, reason
from aomori_cli.export.database import build, metadata
from aomori_cli.export.tables import Provenance
from aomori_cli.formats import new_file_mode, new_file_target, refuse_protected, signals_raise
from aomori_cli.i18n import _
from aomori_cli.models import Report

__all__ = ["Provenance", "build", "export_sqlite", "metadata"]

# --- writing --------------------------------------------------------------------------------


def export_sqlite(
    report: Report,
    path: Path,
    *,
    metadata_path: Path | None = None,
    replace: bool = False,
    fts: bool = True,
    protect: Sequence[Path] = (),
    data_file: str = "",
) -> None:
    """Write the report to a new SQLite database at ``path``, and Datasette's metadata to
    ``metadata_path``. An existing file is refused unless ``replace``; the files in
    ``protect`` (the dataset being read) always are. On any failure, nothing is left."""
    from aomori_cli import __version__

    targets = [_Target(path, replace, protect)]
    if metadata_path is not None:
        targets.append(_Target(metadata_path, replace, protect))
    provenance = Provenance(report, data_file or report.path, __version__)

    def fill_database(tmp: Path) -> None:
        connection = sqlite3.connect(tmp)
        try:
            # The file is private until renamed and removed on failure: no journal needed.
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA foreign_keys = ON")
            build(connection, report, provenance, fts=fts)
        except sqlite3.OperationalError as exc:  # e.g. "database or disk is full"
            raise AomoriError(
                _("{path}: cannot write ({reason})").format(path=path, reason=exc)
            ) from None
        finally:
            connection.close()

    def fill_metadata(tmp: Path) -> None:
        text = json.dumps(metadata(report, path.stem, fts=fts), ensure_ascii=False, indent=2)
        tmp.write_text(text + "\n", encoding="utf-8")

    with _temporaries(targets) as temporaries:
        fill_database(temporaries[0])
        if metadata_path is not None:
            fill_metadata(temporaries[1])
        installed: list[_Target] = []
        try:
            for target, tmp in zip(targets, temporaries, strict=True):
                target.install(tmp)
                installed.append(target)
        except BaseException:
            for target in installed:  # a file this run created, not one it replaced
                if target.existed is None:
                    _remove(target.real)
            raise


class _Target:
    """Where a file goes: checked before anything is written, installed by a rename."""

    def __init__(self, path: Path, replace: bool, protect: Sequence[Path]) -> None:
        self.shown = str(path)
        self.replace = replace
        given = path.expanduser()
        try:
            # As given, as a redirect opens it: following a symlink planted in a shared
            # sticky folder (/tmp) is refused here by the kernel (fs.protected_symlinks);
            # resolving it first with realpath read the link unchecked.
            self.existed: os.stat_result | None = os.stat(given)
        except FileNotFoundError:
            self.existed = None
            if not replace and os.path.islink(given):
                # A symlink to nothing is a name that exists, as noclobber says: followed, it
                # made a file wherever a link planted in a shared folder pointed (an
                # authorized_keys, from an attack review).
                raise AomoriError(
                    _("{path}: already exists; --replace overwrites it").format(path=self.shown)
                ) from None
        except OSError as exc:
            raise self.error(exc) from None
        st = self.existed
        # An existing file's symlink is followed, as a redirect follows it; a new file is
        # made as formats.new_file_target says.
        try:
            self.real = Path(os.path.realpath(given)) if st is not None else new_file_target(given)
        except OSError as exc:
            raise self.error(exc) from None
        if st is None:
            return
        if stat.S_ISDIR(st.st_mode):
            raise AomoriError(_("{path}: is a directory").format(path=self.shown))
        refuse_protected(st, protect, self.shown)
        if not replace:
            raise AomoriError(
                _("{path}: already exists; --replace overwrites it").format(path=self.shown)
            )
        if not stat.S_ISREG(st.st_mode):
            raise AomoriError(
                _("{path}: is not a regular file; not overwritten").format(path=self.shown)
            )
        if not st.st_mode & 0o222:
            raise AomoriError(_("{path}: is read-only; not overwritten").format(path=self.shown))

    def error(self, exc: OSError) -> AomoriError:
        return AomoriError(
            _("{path}: cannot write ({reason})").format(path=self.shown, reason=reason(exc))
        )

    def temporary(self) -> Path:
        try:
            # The name's first 100 bytes (not characters: あ is three), within NAME_MAX.
            stem = os.fsdecode(os.fsencode(self.real.name)[:100])
            fd, name = tempfile.mkstemp(prefix=f".{stem}.", suffix=".tmp", dir=self.real.parent)
        except OSError as exc:
            raise self.error(exc) from None
        os.close(fd)
        return Path(name)

    def install(self, tmp: Path) -> None:
        """Rename ``tmp`` into place: with the replaced file's mode, or a new file's."""
        if self.existed is not None:
            mode = stat.S_IMODE(self.existed.st_mode) & 0o777
        else:
            mode = new_file_mode()
        try:
            os.chmod(tmp, mode)
            _sync(tmp)
            if self.replace:
                os.replace(tmp, self.real)
            else:
                self._create(tmp)
        except OSError as exc:
            raise self.error(exc) from None

    def _create(self, tmp: Path) -> None:
        # A hard link fails if the name exists: a file made meanwhile (by another run, say)
        # is never clobbered. Where links are not supported, check and rename instead.
        exists = AomoriError(
            _("{path}: already exists; --replace overwrites it").format(path=self.shown)
        )
        try:
            os.link(tmp, self.real)
        except FileExistsError:
            raise exists from None
        except OSError:
            if os.path.lexists(self.real):
                raise exists from None
            os.replace(tmp, self.real)
        else:
            os.unlink(tmp)


def _sync(path: Path) -> None:
    """Flush the file to disk before it is renamed into place (a crash leaves it whole)."""
    fd = os.open(path, os.O_RDWR)  # Windows flushes only a file open for writing
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    for leftover in (path, *(Path(f"{path}{s}") for s in ("-journal", "-wal", "-shm"))):
        try:
            leftover.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            pass  # already failing: the first error is the one to report


@contextmanager
def _temporaries(targets: Sequence[_Target]) -> Iterator[list[Path]]:
    """A temporary file beside each target, removed at the end unless renamed into place.
    SIGTERM and SIGHUP raise meanwhile (from before the first is made), so an error, Ctrl-C
    or a signal all leave nothing behind."""
    made: list[Path] = []
    with signals_raise():
        try:
            for target in targets:
                made.append(target.temporary())
            yield made
        finally:
            for tmp in made:  # gone already when renamed into place
                _remove(tmp)
