"""What several commands share: their Typer app settings, the programme argument and its
completion, resolving names, and the files --output must not overwrite."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from aomori_cli.cli.app import SETTINGS, state
from aomori_cli.cli.compat import UsageError
from aomori_cli.errors import NotFound
from aomori_cli.i18n import N_, _
from aomori_cli.models import Division, Group, Programme, Report

if TYPE_CHECKING:
    from aomori_cli.query import Selection


def command_app() -> typer.Typer:
    """A Typer app for one command: it is built only when that command runs."""
    return typer.Typer(add_completion=False, **SETTINGS)  # type: ignore[arg-type]


def protect() -> list[Path]:
    """Files --output must never overwrite: the dataset being read."""
    from aomori_cli.load import default_data_path

    return [state.data or default_data_path()]


def resolve(report: Report, text: str) -> Programme:
    stripped = text.strip()
    if not stripped:  # a usage error, like an empty search query
        raise UsageError(_("empty programme id: give a number or part of a name"))
    if stripped.isascii() and stripped.isdigit():  # the common case, without the search index
        return report.by_number(stripped)
    if stripped.startswith("-") and not stripped[1:].strip().isdigit():
        raise UsageError(_("no such option: {option}").format(option=text))
    note = list_mark(text)
    if note is not None:  # 新規事業 opened No. 16 by 新規貸付, new No. 18's new plants
        raise NotFound(_("{text} names no programme; {note}").format(text=repr(text), note=note))
    from aomori_cli.search.resolve import find_programme

    programme, guessed = find_programme(report, text)
    if guessed:  # a misspelling, or another word: the reader must know which was opened
        from aomori_cli.cli.output import say
        from aomori_cli.i18n import pick

        message = _("no programme holds {text} as typed; taken to mean No. {no} {name}")
        say(
            message.format(
                text=repr(text), no=programme.no, name=pick(programme.name, programme.name_en)
            )
        )
    return programme


# The list table's marks, which no text answers: a filter lists those programmes.
MARK_NOTES = {
    "new": N_("programmes new in FY2024 (新規) are listed by: aomori list --new"),
    "reposted": N_("programmes printed again (再掲) are listed by: aomori list --reposted"),
}


def list_mark(text: str) -> str | None:
    """What to say where what was typed is a mark of the list table (新規, 再掲, new
    programmes) rather than words of a programme (from a review); else None."""
    from aomori_cli.search.index import LIST_MARKS, without_generic
    from aomori_cli.text import normalize

    mark = LIST_MARKS.get(normalize(text)) or LIST_MARKS.get(normalize(without_generic(text) or ""))
    return _(MARK_NOTES[mark]) if mark else None


def division(report: Report, text: str, notes: list[str]) -> str:
    """The division a user typed, by name, part, reading, romaji or English; what a reader
    must be told of the choice is added to ``notes``."""
    named = [report.division(n) for n in report.division_names()]
    try:
        return _named(text, "division", named, notes=notes)
    except NotFound as exc:
        # A division and a group, as show and totals --by group print them: say which option
        # takes each, rather than guess how to combine them with the other options.
        pair = _pair(report, text)
        if pair is None:
            raise exc from None
        raise _give_apart(text, pair) from None


def group(report: Report, text: str, divisions: tuple[str, ...], notes: list[str]) -> str:
    """The group a user typed, matched like a division, among the chosen divisions' groups; or
    a division and its group, as show and totals --by group print them (地域企業支援課
    中小企業支援グループ), where that group is no other division's too or --division chose
    that division."""
    names = dict.fromkeys(
        p.group for p in report.programmes if p.group and (not divisions or p.division in divisions)
    )
    try:
        return _named(text, "group", [report.group(name) for name in names], notes=notes)
    except NotFound as exc:
        pair = _pair(report, text)
        if pair is None or pair[1] not in names:
            _not_a_division(report, text)
            if divisions:
                _in_another_division(report, text, pair)
            raise exc from None
        shared = len({p.division for p in report.programmes if p.group == pair[1]}) > 1
        if shared and pair[0] not in divisions:
            raise _give_apart(text, pair) from None  # the group alone would take both
        return pair[1]


def _not_a_division(report: Report, text: str) -> None:
    """--group given a division's name whole (地域企業支援課): say which option takes it."""
    from aomori_cli.text import normalize

    for name in report.division_names():
        if normalize(name) == normalize(text) and normalize(text):
            message = _("{text} is a division: give --division {division}")
            raise NotFound(message.format(text=repr(text.strip()), division=name)) from None


def _in_another_division(report: Report, text: str, pair: tuple[str, str] | None) -> None:
    """--group naming a group of a division that --division left out (--division 鉄道 --group
    立地推進, or as totals prints it, 企業立地・創出課 立地推進グループ): say so, rather than that
    no group is called so."""
    from aomori_cli.layout.programmes import division_name, group_name

    if pair is not None:
        found, homes = pair[1], {division_name(report, pair[0]): None}
    else:
        every = dict.fromkeys(p.group for p in report.programmes if p.group)
        try:
            found = _named(text, "group", [report.group(name) for name in every], notes=[])
        except (NotFound, UsageError):
            return
        homes = dict.fromkeys(
            division_name(report, p.division) for p in report.programmes if p.group == found
        )
    message = _("{group} is in {divisions}, which --division leaves out")
    raise NotFound(
        message.format(group=group_name(report, found), divisions=_(", ").join(homes))
    ) from None


MAX_PAIR = 200  # characters: a division and a group, as printed, are far shorter


def _pair(report: Report, text: str) -> tuple[str, str] | None:
    """(division, group) where ``text`` is a division then one of its groups, each whole or in
    part (never by a typo match), as the tool prints them: "地域企業支援課
    中小企業支援グループ", "… Division / … Group"; else None. A division's name may hold a
    space of its own: each space is tried as the one between them."""
    text = " ".join(text.split())
    if len(text) > MAX_PAIR:
        return None
    cuts = [(text[:i], text[i + 3 :]) for i in _all(text, " / ")]
    cuts += [(text[:i], text[i + 1 :]) for i in _all(text, " ")]
    divisions = [report.division(n) for n in report.division_names()]
    for head, rest in cuts:
        try:
            found = _named(head, "division", divisions, fuzzy=False)
            groups = dict.fromkeys(p.group for p in report.programmes if p.division == found)
            groups.pop("", None)
            return found, _named(rest, "group", [report.group(g) for g in groups], fuzzy=False)
        except (NotFound, UsageError):  # not this cut ("・ 地域企業支援課 …": an empty head)
            continue
    return None


def _all(text: str, sep: str) -> list[int]:
    out, at = [], text.find(sep)
    while at > 0:
        out.append(at)
        at = text.find(sep, at + 1)
    return out


def _give_apart(text: str, pair: tuple[str, str]) -> NotFound:
    message = _("{text} is a division and a group: give --division {division} --group {group}")
    shown = repr(" ".join(text.split()))
    return NotFound(message.format(text=shown, division=pair[0], group=pair[1]))


GUESSED = {
    "division": N_("no division holds {text} as typed; taken to mean {name}"),
    "group": N_("no group holds {text} as typed; taken to mean {name}"),
}


def _named(
    text: str,
    kind: str,
    named: Sequence[Division | Group],
    *,
    fuzzy: bool = True,
    notes: list[str] | None = None,
) -> str:
    from aomori_cli.search.resolve import EMPTY, is_empty, resolve_name

    if is_empty(text):  # a usage error, like an empty programme id
        raise UsageError(_(EMPTY[kind]))
    choices = {
        n.name: [("text", n.reading), ("romaji", n.romaji), ("english", n.name_en)] for n in named
    }
    name, guessed = resolve_name(kind, text, choices, fuzzy=fuzzy)
    if guessed and notes is not None:  # it changes what is listed and totalled: said
        from aomori_cli.i18n import pick

        chosen = next(n for n in named if n.name == name)
        notes.append(
            _(GUESSED[kind]).format(text=repr(text), name=pick(chosen.name, chosen.name_en))
        )
    return name


def complete_programme(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from aomori_cli.cli.completion import programmes

    return programmes(ctx.find_root().params.get("data"), incomplete)


# --- the selection every command shares ----------------------------------------------------


# What a budget may be typed in, in thousand yen (千円) each: as the report counts, or as
# people say it (1億, 5000万円, 2,000,000円).
BUDGET_UNITS = {"": 1, "千円": 1, "万円": 10, "万": 10, "億円": 100_000, "億": 100_000}
# 百万 and 千万 as people write them before 円 (5千万円, 3百万円): 5千万 was refused (from a review).
BUDGET_UNITS |= {"百万円": 1000, "百万": 1000, "千万円": 10_000, "千万": 10_000}
# And as English writes them, of yen as 万 and 億 are (¥100m, 100 million yen, 2.5bn): an
# English reader's amounts were all refused (from a review).
BUDGET_UNITS |= {"k": 1, "thousand": 1, "m": 1000, "mn": 1000, "million": 1000}
BUDGET_UNITS |= {"b": 1_000_000, "bn": 1_000_000, "billion": 1_000_000}
_YEN = "円"
MAX_AMOUNT = 40


class Bare(int):
    """An amount typed with no unit, so read as 千円 (10000, 100,000,000)."""


def amount(text: str, shown: str | None = None) -> int:
    """A budget in thousand yen (千円) as people type it: digits grouped in threes or not,
    full-width digits, a decimal point before 万 or 億, and a unit of 千円 (the default), 万円,
    億円 or 円 (1億 is 100,000 千円). Only a whole number of 千円 is a budget."""
    import re
    import unicodedata
    from fractions import Fraction  # exact: a budget of any size is never rounded

    shown = text if shown is None else shown  # as typed, in a message
    typed = unicodedata.normalize("NFKC", text).strip()
    if len(typed) > MAX_AMOUNT:  # more digits than any budget, and not echoed whole
        raise typer.BadParameter(_("{value!r}… is too long for a budget").format(value=text[:20]))
    # Yen as an English text writes it: ¥100,000,000 or 100,000,000 yen (￥ is ¥ after NFKC).
    yen = re.fullmatch(r"¥\s*(.+)|(.+?)\s*yen", typed, re.IGNORECASE)
    if yen:
        figure = (yen[1] or yen[2]).strip()  # ¥1億 is 1億 (円): a unit of its own is kept
        return amount(figure + _YEN if figure[-1:].isdigit() else figure, shown)
    if re.fullmatch(r"[0-9.,]+\s*千", typed):
        # 5千 is 5,000 yen to some and 5,000 thousand yen (a bare 5000 here) to others.
        message = _(
            "{value!r} is ambiguous: give 千円, 万 or 億 as the unit, or a bare number of "
            "thousand yen"
        )
        raise typer.BadParameter(message.format(value=shown))
    oku, sep, man = typed.partition("億")
    if sep and "." in oku and man.rstrip("円").strip():  # 1.5億5千万: a typo, more likely than 2億
        raise _not_an_amount(shown)
    if sep and man.rstrip("円").endswith("万") and oku.strip():  # 1億5000万(円)
        try:
            return amount(oku + "億") + amount(man)
        except typer.BadParameter:
            raise _not_an_amount(shown) from None
    # Digits grouped in threes (10,000 or 10_000), or not at all: 10,00 is a typo.
    # An English word may have 円 after it, as 万 may (1M円, 100 million 円).
    units = "千万円|千万|百万円|百万|千円|万円|万|億円|億|円|(?:thousand|million|billion|mn|bn|k|m|b)(?:\\s*円)?"
    found = re.fullmatch(
        rf"(-?)(\d{{1,3}}(?:([,_])\d{{3}}(?:\3\d{{3}})*)?|\d+)(\.\d+)?\s*({units})?",
        typed,
        re.IGNORECASE,
    )
    if found is None or not (found[2] + (found[4] or "")).isascii():
        raise _not_an_amount(shown)
    sign, digits, _sep, fraction, unit = found.groups()
    if unit and unit[0].isascii():
        unit = unit.rstrip("円").strip().lower()
    number = Fraction(digits.replace(",", "").replace("_", "") + (fraction or ""))
    value = number / 1000 if unit == _YEN else number * BUDGET_UNITS[unit or ""]
    if sign and number:
        raise typer.BadParameter(_("{value!r} is below 0").format(value=shown))
    if value.denominator != 1:
        message = _("{value!r} is not a whole number of thousand yen (budgets are in 千円)")
        raise typer.BadParameter(message.format(value=shown))
    return int(value) if unit else Bare(value)


def _not_an_amount(text: str) -> typer.BadParameter:
    message = _(
        "{value!r} is not an amount in thousand yen (e.g. 10000, 10,000, 5000万, 1億, "
        "¥100,000,000 or ¥100 million)"
    )
    return typer.BadParameter(message.format(value=text))


def _beyond_every_budget(report: Report, min_budget: int) -> str | None:
    """A note when --min-budget is above the whole section's total: most likely yen typed as
    千円 (100,000,000 for 1億円 is 1,000億円), which would otherwise find nothing, silently."""
    from aomori_cli.numbers import amount as shown

    total = report.total_thousand_yen
    if not isinstance(min_budget, Bare) or min_budget <= total:
        return None  # a unit was given (30億, ¥3,000,000,000): it says what was meant
    if min_budget % 1000:  # no whole number of 千円 as yen: not yen typed as 千円
        message = _(
            "--min-budget {typed} is in thousand yen ({amount}), above the whole section's {total}"
        )
    else:
        message = _(
            "--min-budget {typed} is in thousand yen ({amount}), above the whole section's "
            "{total}; an amount in yen needs its unit (¥{typed} or {typed}円)"
        )
    typed = f"{min_budget:,}"
    return message.format(typed=typed, amount=shown(min_budget), total=shown(total))


Unit = Literal["thousand", "yen", "oku"]

DivisionOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--division",
        "-d",
        metavar="NAME",
        help="Division (担当課): its name or part of it, reading, romaji or English name; "
        "repeat for any of several.",
    ),
]
GroupOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--group",
        "-g",
        metavar="NAME",
        help="Group (グループ), matched like --division; repeat for any of several.",
    ),
]
NewOpt = Annotated[bool, typer.Option("--new", help="Only programmes new in FY2024 (新規).")]
RepostedOpt = Annotated[
    bool, typer.Option("--reposted", help="Only programmes printed again (再掲).")
]
MinBudgetOpt = Annotated[
    int | None,
    typer.Option(
        "--min-budget",
        metavar="N",
        parser=amount,
        help="At least this budget, in thousand yen (千円); 10,000, 5000万, 1億 and ¥100m are fine.",
    ),
]
MaxBudgetOpt = Annotated[
    int | None,
    typer.Option(
        "--max-budget",
        metavar="N",
        parser=amount,
        help="At most this budget, in thousand yen (千円); 10,000, 5000万, 1億 and ¥100m are fine.",
    ),
]
MatchOpt = Annotated[
    str | None,
    typer.Option(
        "--match",
        metavar="TEXT",
        help="Only programmes that 'aomori search TEXT' finds as typed (not by a typo match).",
    ),
]
UnitOpt = Annotated[
    Unit,
    typer.Option(
        "--unit",
        help="Budgets in tables, CSV and Markdown in thousand (千円), yen (円) or oku (億円; "
        "¥ million in English tables); JSON keeps 千円, and KPI figures the report's own units.",
    ),
]


def selection(
    report: Report,
    divisions: list[str] | None = None,
    groups: list[str] | None = None,
    new: bool = False,
    reposted: bool = False,
    min_budget: int | None = None,
    max_budget: int | None = None,
    match: str | None = None,
) -> Selection | None:
    """What the shared options chose: names resolved as typed (each of several may match),
    options of different kinds combined (all must hold); None when none was given."""
    given = (divisions, groups, min_budget, max_budget, match)
    if not new and not reposted and all(option is None for option in given):
        return None
    from aomori_cli.query import Selection

    if min_budget is not None and max_budget is not None and min_budget > max_budget:
        message = _("--min-budget {low} is above --max-budget {high}")
        raise UsageError(message.format(low=f"{min_budget:,}", high=f"{max_budget:,}"))
    # Notes are said once every option is read: an error after one would be a second line.
    notes: list[str] = []
    if min_budget is not None and (note := _beyond_every_budget(report, min_budget)):
        notes.append(note)
    chosen_divisions = tuple(dict.fromkeys(division(report, d, notes) for d in divisions or ()))
    chosen_groups = tuple(
        dict.fromkeys(group(report, g, chosen_divisions, notes) for g in groups or ())
    )
    numbers = None
    if match is not None:
        if not match.strip():
            raise UsageError(_("--match needs some text to look for"))
        from aomori_cli.search.index import index_for

        # As typed only: a typo match (商店外 for 商店街) is a guess, and a filter that
        # guesses adds unrelated budgets to a total without a word.
        found = index_for(report, match).search(match, limit=0, fuzzy=False)
        numbers = frozenset(h.programme.no for h in found if h.exact)
    from aomori_cli.cli.output import say

    for note in notes:
        say(note)
    return Selection(
        divisions=chosen_divisions,
        groups=chosen_groups,
        new=True if new else None,
        reposted=True if reposted else None,
        min_budget=min_budget,
        max_budget=max_budget,
        numbers=numbers,
    )


def describe(report: Report, selection: Selection | None, match: str | None = None) -> str:
    """A title for what was chosen: "地域企業支援課 / 新規" (in English, "Regional … / new")."""
    from aomori_cli.layout.programmes import division_name, group_name
    from aomori_cli.numbers import amount

    if selection is None:
        return ""
    bits = [division_name(report, d) for d in selection.divisions]
    bits += [group_name(report, g) for g in selection.groups]
    bits += [_("new") if selection.new else "", _("reposted") if selection.reposted else ""]
    if selection.min_budget is not None:
        bits.append(_("at least {amount}").format(amount=amount(selection.min_budget)))
    if selection.max_budget is not None:
        bits.append(_("at most {amount}").format(amount=amount(selection.max_budget)))
    if match:
        bits.append(_("“{text}”").format(text=" ".join(match.split())))
    return " / ".join(b for b in bits if b)
