"""How figures are written for people (tables, Markdown): grouped thousands, percentages,
money units, and changes: in Japanese in the sign convention of Japanese public finance (▲ for
a fall), in English with a minus sign (−32), since ▲ means nothing to most English readers."""

from __future__ import annotations

from aomori_cli.i18n import N_, _, japanese
from aomori_cli.text import NO_BREAK_SPACE

# Each unit's column header and how an amount is written with it: 千円 and 9,243千円 in
# Japanese (the catalogue's translations), ¥ thousand and ¥9,243 thousand in English.
UNITS = {
    "thousand": (N_("¥ thousand"), N_("¥{amount} thousand")),
    "yen": (N_("¥"), N_("¥{amount}")),
    # 億円 in Japanese; English counts in millions, to the same ¥1 million (¥2,543 million,
    # not "¥25.43 × 100M", which read oddly to an English reviewer).
    "oku": (N_("¥ million"), N_("¥{amount} million")),
}
MINUS = "\u2212"  # − MINUS SIGN: the English sign of a fall (a hyphen is too easily missed)


def unit_label(unit: str) -> str:
    """The unit of a money column: 千円 / ¥ thousand."""
    return _(UNITS[unit][0])


def budget_label(unit: str) -> str:
    """A budget's label where there is room for it: 事業費(千円) / Budget (¥ thousand)."""
    return _("Budget ({unit})").format(unit=unit_label(unit))


def amount(amount_thousand: int, unit: str = "thousand") -> str:
    """An amount with its unit: 9,243千円 / ¥9,243 thousand, joined by no-break spaces (a
    line never separates a figure from its unit)."""
    text = _(UNITS[unit][1]).format(amount=money(amount_thousand, unit))
    return text.replace(" ", NO_BREAK_SPACE)


def missing() -> str:
    """What stands for a figure a year does not have: - (記載なし) / n/a."""
    return _("n/a")


def fall() -> str:
    return "▲" if japanese() else MINUS


def grouped(amount: int) -> str:
    return f"{amount:,}"


def money(amount_thousand: int, unit: str = "thousand") -> str:
    """An amount held in thousand yen, written in 千円, 円 or 億円 (two decimals, exact
    integer arithmetic: no float ever touches money)."""
    if unit == "yen":
        return f"{amount_thousand * 1000:,}"
    if unit == "oku":
        # 1 億円 = 100,000 千円; round half up to two decimals, which are whole millions of
        # yen: English writes those (2,543 million for 25.43億).
        hundredths = (amount_thousand * 100 + 50_000) // 100_000
        if not japanese():
            return f"{hundredths:,}"
        return f"{hundredths // 100:,}.{hundredths % 100:02d}"
    return f"{amount_thousand:,}"


def pct(fraction: float) -> str:
    """A share: one decimal, two for a share below 0.1% that is not zero. Rounding never
    shows a share as none or as all: <0.01% for a tiny one, 99.9% for all but a little."""
    if 0 < fraction < 0.001:
        text = f"{fraction * 100:.2f}"
        return "<0.01%" if text == "0.00" else f"{text}%"
    text = f"{fraction * 100:.1f}"
    return "99.9%" if text == "100.0" and fraction < 1 else f"{text}%"


def change(value: int | None) -> str:
    """An absolute change: +1,384 for a rise, ▲32 for a fall (▲ is the minus sign of
    Japanese public finance; −32 in English), 0 for none, - (n/a) where a year has no
    figure."""
    if value is None:
        return missing()
    if value < 0:
        return f"{fall()}{-value:,}"
    return f"+{value:,}" if value else "0"


def change_pct(value: float | None) -> str:
    """A percent change, one decimal: +4.3%, ▲0.1%, 0.0% for none; - where it cannot be
    computed. Rounding never shows a change as none or a fall as total: ▲0.02% (37,956 →
    37,950), +<0.01%, ▲99.9% for a fall to anything but 0."""
    if value is None:
        return missing()
    if value == 0:
        return "0.0%"
    text = f"{abs(value):.1f}"
    if text == "0.0":
        text = f"{abs(value):.2f}"
        if text == "0.00":
            text = "<0.01"
    elif text == "100.0" and -100 < value < 0:
        text = "99.9"
    return f"{fall()}{text}%" if value < 0 else f"+{text}%"
