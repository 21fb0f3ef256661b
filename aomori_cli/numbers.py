"""How figures are written for people (tables, Markdown): grouped thousands, percentages,
money units, and changes in the sign convention of Japanese public finance."""

from __future__ import annotations

UNIT_LABEL = {"thousand": "千円", "yen": "円", "oku": "億円"}


def grouped(amount: int) -> str:
    return f"{amount:,}"


def money(amount_thousand: int, unit: str = "thousand") -> str:
    """An amount held in thousand yen, written in 千円, 円 or 億円 (two decimals, exact
    integer arithmetic: no float ever touches money)."""
    if unit == "yen":
        return f"{amount_thousand * 1000:,}"
    if unit == "oku":
        # 1 億円 = 100,000 千円; round half up to two decimals.
        hundredths = (amount_thousand * 100 + 50_000) // 100_000
        return f"{hundredths // 100:,}.{hundredths % 100:02d}"
    return f"{amount_thousand:,}"


def pct(fraction: float) -> str:
    """A share: one decimal, two for a share below 0.1% that is not zero."""
    if 0 < fraction < 0.001:
        return f"{fraction * 100:.2f}%"
    return f"{fraction * 100:.1f}%"


def change(value: int | None) -> str:
    """An absolute change: +1,384 for a rise, ▲32 for a fall (▲ is the minus sign of
    Japanese public finance), 0 for none, - where a year has no figure."""
    if value is None:
        return "-"
    if value < 0:
        return f"▲{-value:,}"
    return f"+{value:,}" if value else "0"


def change_pct(value: float | None) -> str:
    """A percent change, one decimal: +4.3%, ▲0.1%, 0.0%; - where it cannot be computed."""
    if value is None:
        return "-"
    text = f"{abs(value):.1f}"
    if text == "0.0":
        return "0.0%"
    return f"▲{text}%" if value < 0 else f"+{text}%"
