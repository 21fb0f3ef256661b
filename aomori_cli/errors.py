"""The project's exceptions and the exit status each maps to (aomori_cli.cli.main reports
them, in one place)."""

from __future__ import annotations

OK = 0
FAILED = 1  # not found, ambiguous, bad data, cannot write
USAGE = 2  # Typer's own usage errors, and aomori_cli.cli.compat.UsageError
INTERRUPTED = 130


class AomoriError(Exception):
    """An error the user can act on; its message is one line."""

    exit_code = FAILED


class DataError(AomoriError):
    """The dataset file cannot be used. ``problems`` lists every schema error found."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


class NotFound(AomoriError):
    """No programme, division or group matches, or several do; ``candidates`` are the closest."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.candidates = candidates


def reason(exc: BaseException) -> str:
    """Why an operating-system call failed, in the user's language: the system's words in
    English; in Japanese, ours for the usual errors (the system's words otherwise)."""
    import errno

    from aomori_cli.i18n import N_, _, japanese

    reasons = {
        errno.ENOENT: N_("No such file or directory"),
        errno.EACCES: N_("Permission denied"),
        errno.EPERM: N_("Operation not permitted"),
        errno.EISDIR: N_("Is a directory"),
        errno.ENOTDIR: N_("Not a directory"),
        errno.ENOSPC: N_("No space left on device"),
        errno.EROFS: N_("Read-only file system"),
        errno.EEXIST: N_("File exists"),
        errno.ENAMETOOLONG: N_("File name too long"),
        errno.ELOOP: N_("Too many levels of symbolic links"),
        errno.EPIPE: N_("Broken pipe"),
        errno.EDQUOT: N_("Disk quota exceeded"),
    }
    if isinstance(exc, OSError):
        known = reasons.get(exc.errno or 0)
        if known is not None and japanese():
            return _(known)
        return exc.strerror or str(exc) or type(exc).__name__
    return str(exc) or type(exc).__name__
