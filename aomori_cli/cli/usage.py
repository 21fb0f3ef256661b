"""Click's usage errors in the user's language.

Click writes its errors in English, and the Click that Typer vendors has no catalogue to
translate them. In English its message is kept as it is; in Japanese the message is rebuilt
from what the exception holds (the option, the parameter, the value), and the few messages
Click writes as plain text (an extra argument, a command that does not exist) are read by
their fixed English form. A message not recognised stays in English, whole.
"""

from __future__ import annotations

import re
from typing import Any

from aomori_cli.i18n import N_, _, japanese

# Click's fixed messages: the pattern of its English text, and ours, with the same fields.
_PLAIN = (
    (r"Got unexpected extra argument\(s\) \((?P<args>.*)\)", N_("unexpected extra arguments: {args}")),
    (r"No such command (?P<name>.*)\.", N_("no such command: {name}")),
    (r"Missing command\.", N_("missing command")),
    (r"Option (?P<option>.*) does not take a value\.", N_("option {option} does not take a value")),
    (r"Option (?P<option>.*) requires an argument\.", N_("option {option} needs a value")),
    (r"(?P<value>.*) is not one of (?P<choices>.*)\.", N_("{value} is not one of {choices}")),
    (r"(?P<value>.*) is not a valid (?P<type>.*)\.", N_("{value} is not a valid {type}")),
    (r"(?P<value>.*) is not in the range (?P<range>.*)\.", N_("{value} is not in the range {range}")),
    (r"No such option: (?P<option>.*)", N_("no such option: {option}")),
)  # fmt: skip


# Click's names of its types, as "is not a valid {type}" gives them.
_TYPES = {
    "integer": N_("integer"),
    "int range": N_("integer"),
    "float": N_("number"),
    "float range": N_("number"),
    "boolean": N_("true or false"),
}


# How Click writes a range ("x>=0", "1<=x<=10", "0<x<5"), and its bounds in words.
_RANGE = r"(?:(?P<low>-?[\d.]+)(?P<lo><=?))?x(?:(?P<op>[<>]=?)(?P<bound>-?[\d.]+))?"
_BOUNDS = {
    ">=": N_("at least {n}"),
    ">": N_("more than {n}"),
    "<=": N_("at most {n}"),
    "<": N_("less than {n}"),
}


def range_words(text: str) -> str | None:
    """Click's notation of a range ("x>=0") in words of the user's language ("0 以上"); None
    when ``text`` is not one."""
    found = re.fullmatch(_RANGE, text.strip())
    if found is None or not (found["low"] or found["bound"]):
        return None
    parts = []
    if found["low"]:  # "1<=x": x is at least 1
        parts.append(_(_BOUNDS[found["lo"].replace("<", ">")]).format(n=found["low"]))
    if found["bound"]:
        parts.append(_(_BOUNDS[found["op"]]).format(n=found["bound"]))
    return " ".join(parts)


def _plain(message: str) -> str:
    for pattern, ours in _PLAIN:
        found = re.fullmatch(pattern, message, re.S)
        if found:
            fields = found.groupdict()
            if "type" in fields and fields["type"] in _TYPES:
                fields["type"] = _(_TYPES[fields["type"]])
            if "range" in fields:
                fields["range"] = range_words(fields["range"]) or fields["range"]
            return _(ours).format(**fields)
    return message


def _hint(exc: Any) -> str:
    hint = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint(exc.ctx)
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(repr(h) for h in hint)
    return str(hint or "")


# How alike a mistyped option and an option must be to be offered (difflib's ratio): Click
# offers any of 0.6, and --vs got --json and --sort, totals --limit got --unit, --divison got
# --json beside --division (from a review).
CLOSE_OPTION = 0.75


def close_options(typed: str, options: list[str]) -> list[str]:
    """The options like what was typed: nearly the same, or begun by it (--min)."""
    from difflib import SequenceMatcher

    return [
        option
        for option in options
        if SequenceMatcher(None, typed, option).ratio() >= CLOSE_OPTION
        or (len(typed) >= 4 and option.startswith(typed))
    ]


def usage_message(exc: BaseException) -> str:
    """What a usage error says, in one line of the user's language."""
    possibilities = getattr(exc, "possibilities", None)
    if possibilities is not None:  # NoSuchOption: the options like the one typed, of all the
        # command's (Click offers only those of 0.6 alike, so never --min-budget for --min)
        typed = str(getattr(exc, "option_name", ""))
        command = getattr(getattr(exc, "ctx", None), "command", None)
        options = [
            option
            for param in getattr(command, "params", ())
            for option in (*param.opts, *param.secondary_opts)
            if option.startswith("--")
        ]
        offered = close_options(typed, options or list(possibilities))
        exc.possibilities = offered  # type: ignore[attr-defined]
    english: str = exc.format_message()  # type: ignore[attr-defined]
    if not japanese():
        return english
    message = str(getattr(exc, "message", english))
    if hasattr(exc, "possibilities"):  # NoSuchOption
        text = _plain(message)
        if exc.possibilities:
            names = ", ".join(sorted(exc.possibilities))
            text += _(" (possible options: {options})").format(options=names)
        return text
    if hasattr(exc, "param_type"):  # MissingParameter
        kind = exc.param_type or getattr(getattr(exc, "param", None), "param_type_name", "")
        name = _hint(exc)
        if kind == "option":
            return _("missing option {name}").format(name=name)
        return _("missing argument {name}").format(name=name)
    if hasattr(exc, "param"):  # BadParameter: our own message is translated already
        hint = _hint(exc)
        inner = _plain(message)
        if not hint:
            return _("invalid value: {message}").format(message=inner)
        return _("invalid value for {option}: {message}").format(option=hint, message=inner)
    return _plain(message)
