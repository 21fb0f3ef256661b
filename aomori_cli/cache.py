"""A cache of validated datasets, keyed by the file's exact content.

Parsing TOML and validating it is most of a run's own cost, and grows with the file. The
cache holds, per data file, a copy of the file's bytes and the validated report in marshal
form. An entry is used only when the bytes read this time are identical to the stored copy
and the code that wrote it is the code reading it, so it can never serve stale data: any
change to the file, however small and whatever its timestamp, means a fresh parse.

Location: $AOMORI_CACHE_DIR, else $XDG_CACHE_HOME/aomori, else ~/.cache/aomori.
AOMORI_NO_CACHE=1 turns it off. A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from aomori_cli.models import (
    CaseStudy,
    Correction,
    Division,
    Figure,
    Kpi,
    KpiYear,
    Programme,
    Report,
    Section,
    SectionItem,
)

FORMAT = 2
ENV_DIR = "AOMORI_CACHE_DIR"
ENV_OFF = "AOMORI_NO_CACHE"
_CLASSES: dict[str, Any] = {
    c.__name__: c
    for c in (CaseStudy, Correction, Division, Figure, Kpi, KpiYear, Section, SectionItem)
}
_HERE = Path(__file__).resolve().parent
T = TypeVar("T")
# Data derived from a cached report (each programme's JSON, the normalised search texts) is
# kept in files beside the entry and read only by the command that needs it: loading it on
# every run would slow every other command. Each such file carries the random token of the
# entry it was derived from, so it is only ever paired with that entry's report.
_source: tuple[Path, str, tuple[Programme, ...]] | None = None


def derived(report: Report, name: str, compute: Callable[[Report], T]) -> T | None:
    """``compute(report)``, kept beside the cache entry the report came from.

    None when the report did not come from the cache (the caller computes as usual).
    """
    # The same programmes object: the report (or a copy with another path) came from that entry.
    if _source is None or _source[2] is not report.programmes:
        return None
    entry, token, _ = _source
    path = entry.with_suffix(f".{name}.marshal")
    try:
        stored_token, value = marshal.loads(path.read_bytes())
        if stored_token == token:
            return cast(T, value)
    except Exception:  # missing or foreign: computed below
        pass
    value = compute(report)
    try:
        _write(path, marshal.dumps((token, value)))  # type: ignore[arg-type]
    except (OSError, ValueError):
        pass
    return value


def directory() -> Path | None:
    if os.environ.get(ENV_OFF):
        return None
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    base = os.environ.get("XDG_CACHE_HOME") or (
        os.path.join(os.path.expanduser("~"), ".cache") if "HOME" in os.environ else ""
    )
    return Path(base) / "aomori" if base else None


def _code_tag() -> str:
    """Which code wrote an entry: the format, Python's marshal, and the modules that shape it."""
    parts = [str(FORMAT), sys.version.split()[0]]
    # Every module whose code shapes an entry or what is derived from it (records: the JSON
    # encodings; search: the normalised texts).
    for module in ("models.py", "data.py", "cache.py", "output.py", "records.py", "search.py"):
        try:
            st = (_HERE / module).stat()
            parts.append(f"{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append("?")
    return "|".join(parts)


def _entry(file: Path) -> Path | None:
    folder = directory()
    if folder is None:
        return None
    key = zlib.crc32(os.path.abspath(file).encode("utf-8", "surrogateescape"))
    return folder / f"{key:08x}.marshal"


def get(file: Path, data: bytes) -> Report | None:
    global _source
    entry = _entry(file)
    if entry is None:
        return None
    try:
        tag, stored, token, meta, programmes = marshal.loads(entry.read_bytes())
        if tag != _code_tag() or stored != data:
            return None
        report = _revive_report(meta, programmes)
        _source = (entry, token, report.programmes)
        return report
    except Exception:  # a missing, partial or foreign file is simply not a hit
        return None


def put(file: Path, data: bytes, report: Report) -> None:
    entry = _entry(file)
    if entry is None:
        return
    try:
        token = os.urandom(8).hex()
        entry.parent.mkdir(parents=True, exist_ok=True)
        _write(entry, marshal.dumps((_code_tag(), data, token, *_freeze_report(report))))
    except (OSError, ValueError):
        pass


def _write(path: Path, payload: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(payload)
    os.replace(tmp, path)  # readers see the old file or the new one, never half


# --- marshal form ----------------------------------------------------------------------------
# Programmes, the bulk, are stored as flat tuples in field order and rebuilt directly; the rest
# of the report is small and stored generically, each model as [class name, *fields].


def _freeze(value: Any) -> Any:
    if isinstance(value, tuple):
        items = [_freeze(v) for v in value]
        name = type(value).__name__
        return [name, *items] if name in _CLASSES else tuple(items)
    return value


def _thaw(value: Any) -> Any:
    if type(value) is list:
        return _CLASSES[value[0]]._make(_thaw(v) for v in value[1:])
    if type(value) is tuple:
        return tuple(_thaw(v) for v in value)
    return value


def _freeze_report(report: Report) -> tuple[Any, Any]:
    programmes = tuple(
        (
            *p[:10],
            tuple(
                (
                    k.name,
                    tuple(k.fy2023) if k.fy2023 else None,
                    tuple(k.fy2024) if k.fy2024 else None,
                )
                for k in p.kpis
            ),
            *p[11:16],
            tuple(tuple(c) for c in p.corrections),
            *p[17:],
        )
        for p in report.programmes
    )
    meta = _freeze(tuple(report._replace(programmes=(), path="")))
    return meta, programmes


def _revive_report(meta: Any, programmes: Any) -> Report:
    # tuple.__new__ directly: the fields were checked when the entry was written, and at
    # 10,000 programmes the per-object _make calls are a third of loading.
    new = tuple.__new__
    revived = tuple(
        new(
            Programme,
            (
                *p[:10],
                tuple(
                    new(Kpi, (name, a and new(Figure, a), b and new(Figure, b)))
                    for name, a, b in p[10]
                ),
                *p[11:16],
                tuple(new(Correction, c) for c in p[16]),
                *p[17:],
            ),
        )
        for p in programmes
    )
    return Report._make(_thaw(meta))._replace(programmes=revived)
