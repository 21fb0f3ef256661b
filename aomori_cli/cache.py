"""A private cache of parsed dataset files: TOML parsing is most of what a run costs beyond
Python and Typer, and it grows with the file.

What is kept is only the parsed TOML document, as JSON, under a name derived from the file's
exact bytes; the loader validates it exactly as it validates a fresh parse, so the cache can
save parsing but never decide a figure. An entry is believed only when its keyed checksum
(BLAKE2b with a random key private to the user) matches, so a corrupt, truncated, forged or
swapped entry is ignored and replaced.

Location: $AOMORI_CACHE_DIR, else $XDG_CACHE_HOME/aomori, else ~/.cache/aomori; a folder the
user owns, mode 0700 (one owned by someone else, a symlink, or one writable by group or
others is not used; one readable by others is closed only if it holds our key and nothing
but the cache's own files; a relative path is not used; a missing folder is made, with those
above it, only inside one the user owns or a shared sticky one such as /tmp). Files are 0600 and written through a temporary file created with
O_EXCL | O_NOFOLLOW. AOMORI_NO_CACHE=1 (any value but 0) turns the cache off. Any problem
means no cache.

Entries are written only beside a key as this version writes it, and the key is made (or an
older version's, 32 bytes alone, used) only in a folder that holds nothing but the cache's own
files (one the cache made, an empty one it was given, or a cache folder whose key was lost): a
folder that holds anything else is left as it is, whatever its file called key holds, and the
cache is off; only files that are entries of ours are ever removed.

The folder holds at most MAX_ENTRIES entries: writing one removes the least recently used
beyond that (a hit marks its entry used), and any temporary file left by a run that was
killed while writing, once it is an hour old.
"""

from __future__ import annotations

import json
import os
import stat
import time
from typing import Any

ENV_DIR = "AOMORI_CACHE_DIR"
ENV_OFF = "AOMORI_NO_CACHE"
FORMAT = b"aomori-cache 1\n"
KEY_FILE = "key"
KEY_HEADER = b"aomori-cache-key 1\n"
KEY_BYTES = 32
KEY_LIMIT = 4096
MAX_ENTRIES = 16
STALE_TEMPORARY = 3600  # seconds
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_HEX = frozenset("0123456789abcdef")


def directory() -> str | None:
    """The cache folder's path; None when the cache is off or has no place (a relative
    $XDG_CACHE_HOME is ignored, as the XDG specification says; an empty or relative $HOME
    gives no default)."""
    if os.environ.get(ENV_OFF, "") not in ("", "0"):
        return None
    if os.environ.get(ENV_DIR):
        chosen = os.environ[ENV_DIR]
        return chosen if os.path.isabs(chosen) else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return os.path.join(xdg, "aomori")
    home = os.environ.get("HOME", "")
    return os.path.join(home, ".cache", "aomori") if os.path.isabs(home) else None


def get(data: bytes) -> dict[str, Any] | None:
    """The parsed document cached for exactly these bytes, or None."""
    try:
        with _Folder.open() as folder:
            key = folder.key(create=False)
            if key is None:
                return None
            digest = _digest(data)
            raw = folder.read(f"{digest}.json", limit=_limit(data))
            if raw is None or not raw.startswith(FORMAT):
                return None
            mac, _, payload = raw[len(FORMAT) :].partition(b"\n")
            if mac != _mac(key, digest, payload):
                return None
            doc = json.loads(payload)
            if not isinstance(doc, dict):
                return None
            folder.touch(f"{digest}.json")
            return doc
    except (OSError, ValueError, RecursionError):
        return None


def put(data: bytes, doc: dict[str, Any]) -> None:
    """Keep ``doc`` (already validated) for these bytes; silently nothing on any problem."""
    try:
        payload = json.dumps(doc, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError):
        return  # not plain JSON data (dates, say): such a document is simply parsed each time
    from aomori_cli.formats import signals_raise

    # SIGTERM or SIGHUP while writing remove the temporary files, as --output's do.
    with signals_raise():
        try:
            with _Folder.open(create=True) as folder:
                key = folder.key(create=True)
                if key is None:
                    return
                digest = _digest(data)
                name = f"{digest}.json"
                folder.write(name, FORMAT + _mac(key, digest, payload) + b"\n" + payload)
                folder.prune(keep=MAX_ENTRIES, written=name)
        except OSError:
            pass


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.blake2b(data, digest_size=32).hexdigest()


def _mac(key: bytes, digest: str, payload: bytes) -> bytes:
    import hashlib

    mac = hashlib.blake2b(digest.encode("ascii") + b"\n" + payload, key=key, digest_size=32)
    return mac.hexdigest().encode("ascii")


def _is_entry(name: str) -> bool:
    """An entry's name: 64 hex digits (the digest) and .json."""
    return len(name) == 69 and name.endswith(".json") and set(name[:64]) <= _HEX


def _is_temporary(name: str) -> bool:
    """A temporary file's name as write() and key() make it: .<entry or key>.<16 hex
    digits>.tmp"""
    if not (name.startswith(".") and name.endswith(".tmp") and len(name) > 22):
        return False
    stem, random = name[1:-21], name[-21:-4]
    return (
        (_is_entry(stem) or stem == KEY_FILE)
        and random[0] == "."
        and len(random) == 17
        and set(random[1:]) <= _HEX
    )


def _unlink(name: str, folder: int) -> None:
    try:
        os.unlink(name, dir_fd=folder)
    except OSError:
        pass  # gone already (another run pruned it), or not ours to remove


def _limit(data: bytes) -> int:
    # JSON of a parsed TOML file is about the file's size; anything far larger is not ours.
    return 4 * len(data) + 65536


class _Folder:
    """The cache folder, opened once and checked; entries are reached relative to it."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    @classmethod
    def open(cls, create: bool = False) -> _Folder:
        path = directory()
        if path is None:
            raise OSError("no cache folder")
        if create:
            _make(path)
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | _O_NOFOLLOW)
        try:
            st = os.fstat(fd)
            if st.st_uid != os.getuid():
                raise OSError("cache folder owned by someone else")
            if st.st_mode & 0o022:
                raise OSError("cache folder writable by group or others")
            if st.st_mode & 0o077:
                # Readable by others: closed only when it holds nothing but what the cache
                # writes (a folder an older aomori made); any other folder is not ours to change.
                if not cls._only_ours(fd):
                    raise OSError("cache folder readable by others")
                os.fchmod(fd, 0o700)
        except BaseException:
            os.close(fd)
            raise
        return cls(fd)

    @staticmethod
    def _only_ours(fd: int) -> bool:
        """The folder holds our key and nothing but regular files named as the cache names
        them (an empty folder, or a file called key of another tool's, is not ours)."""
        if os.scandir not in os.supports_fd:
            return False
        with os.scandir(fd) as listing:
            items = list(listing)
        for item in items:
            named = item.name == KEY_FILE or _is_entry(item.name) or _is_temporary(item.name)
            if not named or not item.is_file(follow_symlinks=False):
                return False
        key = _Folder(fd).read(KEY_FILE, limit=KEY_LIMIT)
        return key is not None and _is_key(key)

    def _cache_files_only(self) -> bool:
        """Nothing in the folder but the key, entries of ours and temporary files: an empty
        folder, or a cache folder (its key lost, perhaps)."""
        if os.scandir not in os.supports_fd:
            return False
        with os.scandir(self.fd) as listing:
            names = [item.name for item in listing]
        return all(name == KEY_FILE or _is_temporary(name) or self._is_ours(name) for name in names)

    def _is_ours(self, name: str) -> bool:
        """An entry this module wrote: named as one, a regular file, starting as one does. A
        file of the user's that merely has such a name is not removed."""
        if not _is_entry(name):
            return False
        try:
            fd = os.open(name, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK, dir_fd=self.fd)
        except OSError:
            return False
        with os.fdopen(fd, "rb") as fh:
            return stat.S_ISREG(os.fstat(fd).st_mode) and fh.read(len(FORMAT)) == FORMAT

    def __enter__(self) -> _Folder:
        return self

    def __exit__(self, *_: object) -> None:
        os.close(self.fd)

    def read(self, name: str, *, limit: int) -> bytes | None:
        """A regular file of ours, up to ``limit`` bytes; None for anything else."""
        try:
            fd = os.open(name, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK, dir_fd=self.fd)
        except FileNotFoundError:
            return None
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid() or st.st_size > limit:
                return None
            data = fh.read(limit + 1)
        return data if len(data) <= limit else None

    def write(self, name: str, payload: bytes) -> None:
        tmp = f".{name}.{os.urandom(8).hex()}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW
        try:
            with os.fdopen(os.open(tmp, flags, 0o600, dir_fd=self.fd), "wb") as fh:
                fh.write(payload)
            os.replace(tmp, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
        except FileExistsError:
            raise  # not ours: leave it
        except BaseException:
            _unlink(tmp, self.fd)
            raise

    def touch(self, name: str) -> None:
        """Mark an entry used now (its modification time), for prune()."""
        try:
            os.utime(name, dir_fd=self.fd, follow_symlinks=False)
        except (OSError, NotImplementedError):
            pass

    def prune(self, *, keep: int, written: str) -> None:
        """Remove all but the ``keep`` most recently used entries (never ``written``, the one
        just made; a time in the future counts as now), and temporary files a killed run left
        behind. Only regular files named as this module names them."""
        if os.scandir not in os.supports_fd:
            return
        now = time.time()
        found: list[tuple[float, str]] = []
        with os.scandir(self.fd) as listing:
            for item in listing:
                try:
                    st = item.stat(follow_symlinks=False)
                except OSError:
                    continue
                if not stat.S_ISREG(st.st_mode):
                    continue
                if _is_entry(item.name) and item.name != written:
                    found.append((min(st.st_mtime, now), item.name))
                elif _is_temporary(item.name) and now - st.st_mtime > STALE_TEMPORARY:
                    _unlink(item.name, self.fd)
        found.sort(reverse=True)
        for _mtime, name in found[keep - 1 :]:
            if self._is_ours(name):
                _unlink(name, self.fd)

    def key(self, *, create: bool) -> bytes | None:
        """The user's secret key for the checksums; made once, when ``create``. A file named
        key that is not one of ours (another tool's, say) is left alone: no cache then."""
        found = self.read(KEY_FILE, limit=KEY_LIMIT)
        valid = found is not None and _is_key(found)
        if not create:
            return found if valid else None
        if valid and found is not None and found.startswith(KEY_HEADER):
            return found  # a key as this version writes it: the folder is the cache's
        if not self._cache_files_only():
            # A folder that holds other files is someone's own ($HOME, say), whatever its
            # file called key holds (any 32 bytes pass for an older version's key): the
            # cache neither writes in it nor prunes it.
            return None
        if valid:
            return found
        if found is not None:
            if not _is_damaged_key(found):
                return None
            _unlink(KEY_FILE, self.fd)
        # Made whole under a temporary name, then linked in: no run ever reads half a key.
        new = KEY_HEADER + os.urandom(KEY_BYTES)
        tmp = f".key.{os.urandom(8).hex()}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW
        try:
            with os.fdopen(os.open(tmp, flags, 0o600, dir_fd=self.fd), "wb") as fh:
                fh.write(new)
            try:
                os.link(tmp, KEY_FILE, src_dir_fd=self.fd, dst_dir_fd=self.fd)
            except FileExistsError:  # another run made one just now: use that
                theirs = self.read(KEY_FILE, limit=KEY_LIMIT)
                return theirs if theirs is not None and _is_key(theirs) else None
        finally:
            _unlink(tmp, self.fd)
        return new


def _make(path: str) -> None:
    """Make the cache folder and any missing folder above it (0700), only inside a folder this
    user owns or a shared sticky one (/tmp): root with another user's HOME (sudo -E) made
    ~/.cache root's in their home, and every program's cache there was broken."""
    missing = []
    at = path
    while not os.path.lexists(at):
        missing.append(at)
        parent = os.path.dirname(at)
        if parent == at:
            break
        at = parent
    if not missing:
        return
    st = os.stat(at)
    # A shared sticky folder (/tmp) is where anyone may make a folder of their own.
    shared = st.st_mode & stat.S_ISVTX and st.st_mode & stat.S_IWOTH
    if st.st_uid != os.getuid() and not shared:
        raise OSError("the folder to make the cache in is someone else's")
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:  # made meanwhile: checked as any existing folder is
            pass


def _is_key(data: bytes) -> bool:
    """A key this module wrote: the header and 32 random bytes (or, as older versions
    wrote it, the 32 bytes alone)."""
    return len(data) == KEY_BYTES or (
        data.startswith(KEY_HEADER) and len(data) == len(KEY_HEADER) + KEY_BYTES
    )


def _is_damaged_key(data: bytes) -> bool:
    """A key of ours cut short or grown: replaced. Anything else (an empty file too) is not
    ours to remove."""
    return bool(data) and (KEY_HEADER.startswith(data) or data.startswith(KEY_HEADER))
