"""The curated TOML against the seed itself: every programme, figure and correction."""

from __future__ import annotations

import re

import pytest

from aomori_cli.load import default_data_path, load_report
from aomori_cli.models import Correction, Programme, Report, parse_figure

import seed

LIST, SUBTOTAL = seed.list_table()
BODIES = seed.bodies()
SEED_TEXT = seed.text()
SEED_SQUASHED = seed.squash(SEED_TEXT)


def undo(value: str, corrections: tuple[Correction, ...], field: str) -> str:
    """The value as the seed prints it: each correction of this field reversed."""
    for c in corrections:
        if c.field == field:
            assert c.corrected in value, (field, c.corrected)
            value = value.replace(c.corrected, c.printed)
    return value


def test_twenty_three_programmes_numbered_in_order(report: Report) -> None:
    assert [p.no for p in report.programmes] == list(range(1, 24))
    assert len(LIST) == 23 and len(BODIES) == 23


@pytest.mark.parametrize("row", LIST, ids=lambda r: str(r.no))
def test_list_table_agrees(report: Report, row: seed.ListRow) -> None:
    p = report.programmes[row.no - 1]
    assert (p.no, p.name, p.budget_thousand_yen, p.new, p.division, p.page) == (
        row.no,
        row.name,
        row.budget,
        row.new,
        row.division,
        row.page,
    )
    assert p.reposted == ("(再掲)" in row.name)


def test_budgets_sum_to_the_subtotal(report: Report) -> None:
    assert sum(p.budget_thousand_yen for p in report.programmes) == SUBTOTAL == 2_543_429
    assert report.section.subtotal_thousand_yen == SUBTOTAL


def test_budgets_printed_in_body_headings(report: Report) -> None:
    by_name = {seed.squash(p.name): p for p in report.programmes}
    headings = seed.headings()
    assert len(headings) == 6  # 1-4, 7 and 8 keep their headings
    for printed_name, budget in headings.items():
        p = by_name.get(seed.squash(printed_name))
        if p is None:  # programme 7's damaged heading is recorded as a correction
            p = report.programmes[6]
            assert undo(p.name, p.corrections, "name") == printed_name
        assert p.budget_thousand_yen == budget


@pytest.mark.parametrize("no", range(1, 24))
def test_body_section_agrees(report: Report, no: int) -> None:
    p = report.programmes[no - 1]
    body = BODIES[no - 1]
    assert (p.division, p.group) == (body.division, body.group)
    assert seed.squash(undo(p.overview, p.corrections, "overview")) == seed.squash(body.overview)
    assert seed.squash(undo(p.results, p.corrections, "results")) == seed.squash(body.results)
    assert len(p.kpis) == len(body.kpis)
    for i, (kpi, (name, fy2023, fy2024)) in enumerate(zip(p.kpis, body.kpis, strict=True)):
        assert seed.squash(undo(kpi.name, p.corrections, f"kpis[{i}].name")) == seed.squash(name)
        for figure, printed in ((kpi.fy2023, fy2023), (kpi.fy2024, fy2024)):
            if printed == "-":
                assert figure is None
            else:
                assert figure is not None and figure.raw == printed
                assert figure.value == int(re.sub(r"\D", "", printed))


def test_every_figure_budget_and_page_occurs_in_the_seed(report: Report) -> None:
    for p in report.programmes:
        assert f"{p.budget_thousand_yen:,}" in SEED_TEXT
        assert f"\t{p.page}" in SEED_TEXT
        for k in p.kpis:
            for f in (k.fy2023, k.fy2024):
                if f is not None:
                    assert seed.squash(f.raw) in SEED_SQUASHED, (p.no, f.raw)


def _all_corrections(report: Report) -> list[Correction]:
    out = list(report.corrections) + [c for p in report.programmes for c in p.corrections]
    return out + list(report.case_study.corrections if report.case_study else ())


def test_each_correction_quotes_the_seed(report: Report) -> None:
    corrections = _all_corrections(report)
    assert len(corrections) >= 10
    for c in corrections:
        assert c.printed in SEED_TEXT, c
        assert c.reason and c.corrected != c.printed


def test_evident_damage_is_repaired(report: Report) -> None:
    everything = " ".join(
        " ".join([p.name, p.overview, p.results, *(k.name for k in p.kpis)])
        for p in report.programmes
    )
    assert "E S G" not in everything and "ESG" in everything
    assert "あおり" not in everything.replace("あおもり", "")
    assert "鉄道事業者2社" in report.programmes[4].results
    cs = report.case_study
    assert cs is not None and "2007年" in cs.company_overview[0]
    assert " " not in cs.headline


def test_programmes_two_and_three_share_their_overview_as_printed(report: Report) -> None:
    assert report.programmes[1].overview == report.programmes[2].overview
    assert any("No. 2" in r for r in report.programmes[2].remarks)


def test_trademark_note_and_case_study(report: Report) -> None:
    assert report.programmes[6].notes == (
        "※ 「健康経営®」は特定非営利活動法人健康経営研究会の登録商標。",
    )
    cs = report.case_study
    assert cs is not None
    assert cs.subsidy == "新事業展開等促進補助金"
    assert cs.plant_location == "八戸市" and cs.head_office == "長野県"
    assert cs.developed == ("イベントカメラ見守りシステム", "無線機による見守りシステム")
    # Every text of the case study, its corrections undone, is in the seed as printed.
    texts = {f"company_overview[{i}]": t for i, t in enumerate(cs.company_overview)}
    texts |= {f"background[{i}]": t for i, t in enumerate(cs.background)}
    texts["headline"] = cs.headline
    texts["heading"] = cs.heading
    for field, value in texts.items():
        assert undo(value, cs.corrections, field) in SEED_TEXT, field
    for name in cs.developed:
        assert f"<{name}>" in SEED_TEXT


def test_report_metadata(report: Report) -> None:
    assert report.fiscal_year == 2024 and report.fiscal_year_label == "令和6年度"
    assert report.pages == (51, 62)
    assert [y.key for y in report.kpi_years] == ["fy2023", "fy2024"]
    s = report.section
    assert s.policy == "基本方針②" and s.title == "中小企業の経営基盤の強化を図ること"
    assert [i.heading for i in s.items] == ["経営支援の強化", "商店街の活性化の推進"]
    for paragraph in (*s.summary, *(p for i in s.items for p in i.paragraphs)):
        assert paragraph in SEED_TEXT


def test_readings_and_english_names_are_curated(report: Report) -> None:
    for p in report.programmes:
        assert re.fullmatch(r"[ぁ-ゖー・()a-z0-9]+", p.reading), p.reading
        assert re.fullmatch(r"[a-z0-9 ]+", p.romaji), p.romaji
        assert p.name_en and p.name_en.isascii()
        assert p.keywords_en and all(k.isascii() and k.strip() == k for k in p.keywords_en)
    for name in report.division_names():
        assert report.division(name).reading, name


KPI_GLOSSARY = {
    "研修会": "training session",
    "講習会": "training course",
    "参加者数": "participants",
    "参加人数": "participants",
    "開催回数": " held",
    "開催件数": " held",
    "相談件数": "consultation",
    "セミナー": "seminar",
    "交付決定額": "grant amount decided",
    "交付額": "amount granted",
    "交付件数": "grants made",
    "申請件数": "applications",
    "申込件数": "applications",
    "専門家派遣": "expert",
}


def test_every_kpi_has_an_english_name(report: Report) -> None:
    """What English tables show for a KPI: curated, plain ASCII, and never the same for two
    KPIs of one programme (a reader could not tell them apart)."""
    kpis = [k for p in report.programmes for k in p.kpis]
    assert len(kpis) == 64
    for p in report.programmes:
        names = [k.name_en for k in p.kpis]
        assert len(set(names)) == len(names), p.no
        for k in p.kpis:
            assert k.name_en and k.name_en.isascii() and k.name_en.strip() == k.name_en, k
            assert k.name_en[0].isupper() and not k.name_en.endswith("."), k
    # One Japanese term, one English rendering, wherever it appears (a reader comparing KPIs
    # across programmes, or --kpi "participants", relies on it).
    for k in kpis:
        for term, english in KPI_GLOSSARY.items():
            if term in k.name:
                assert english in k.name_en.casefold(), (k.name, k.name_en, english)
    # KPIs named alike in Japanese are named alike in English (補助対象職員数 in Nos. 8–10).
    english: dict[str, set[str]] = {}
    for k in kpis:
        english.setdefault(k.name, set()).add(k.name_en)
    assert all(len(v) == 1 for v in english.values()), english


@pytest.mark.parametrize(
    ("raw", "value", "unit", "qualifier"),
    [
        ("2,898件", 2898, "件", None),
        ("165,551千円", 165551, "千円", None),
        ("延べ 15回", 15, "回", "延べ"),
        ("3市町", 3, "市町", None),
        ("0件", 0, "件", None),
        ("１２件", 12, "件", None),
        # Full-width and ASCII digits mixed are read as typed, not cut at the change of width
        # ("５,000回" was read as 0, "5５回" as 5).
        ("５,000回", 5000, "回", None),
        ("5,０００件", 5000, "件", None),
        ("5５回", 55, "回", None),
        ("5，000件", 5000, "件", None),
    ],
)
def test_parse_figure(raw: str, value: int, unit: str, qualifier: str | None) -> None:
    figure = parse_figure(raw)
    assert figure is not None
    assert (figure.raw, figure.value, figure.unit, figure.qualifier) == (
        raw,
        value,
        unit,
        qualifier,
    )


@pytest.mark.parametrize("raw", ["-", " - "])
def test_no_figure(raw: str) -> None:
    assert parse_figure(raw) is None


@pytest.mark.parametrize(
    "raw",
    [
        *["", "件", "1,2345件", "abc", "12.5件"],
        # A sign is never dropped: ▲5回 read as 5回 would turn a fall into a rise.
        *["▲5回", "△5回", "−5回", "-5回", "約-5件", "約 ▲5件", "+5件", "－5件"],
        *["–5回", "—5件", "ー5件", "▼5件", "▽5件", "±5件", "⁻5件", "🔻5件"],
        *["マイナス5件", "減5件"],
        # Digits other than ASCII and full-width are not read as numbers.
        *["²⁵回", "٣٤件", "５²件", "2⁵回", "5٥件"],
    ],
)
def test_bad_figures_are_refused(raw: str) -> None:
    with pytest.raises(ValueError):
        parse_figure(raw)


def test_figures_in_different_units_have_no_change() -> None:
    from aomori_cli.changes import KpiChange
    from aomori_cli.models import Kpi

    p = load_report(cache=False).programmes[0]
    mixed = KpiChange(p, Kpi("x", parse_figure("延べ 5回"), parse_figure("約 7社")))
    assert mixed.change is None and mixed.change_pct is None and mixed.direction == "n/a"
    # 延べ in one year only: repeats counted in one and not the other, not like with like.
    unlike = KpiChange(p, Kpi("x", parse_figure("延べ 5者"), parse_figure("7者")))
    assert unlike.change is None and unlike.unlike and unlike.direction == "n/a"
    same = KpiChange(p, Kpi("x", parse_figure("延べ 5回"), parse_figure("延べ 7回")))
    assert same.change == 2 and not same.unlike


def test_default_path_finds_the_dataset() -> None:
    path = default_data_path()
    assert path.is_file()
    assert len(load_report().programmes) == 23


def test_programme_objects_are_immutable(report: Report) -> None:
    p: Programme = report.programmes[0]
    with pytest.raises(AttributeError):
        p.budget_thousand_yen = 0  # type: ignore[misc]


def test_a_plain_checkout_finds_the_dataset(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Run from the source tree without installing (as an editable install also does)."""
    import os
    import subprocess
    import sys

    root = seed.ROOT
    code = "import aomori_cli.load as d; print(d.default_data_path()); print(len(d.load_report().programmes))"
    env = {**os.environ, "PYTHONPATH": str(root), "AOMORI_NO_CACHE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == [str(root / "data" / "programs.toml"), "23"]


def test_every_division_and_group_has_reading_romaji_and_english(report: Report) -> None:
    """Curated like each programme's name_en: what --division/--group match and English shows."""
    for name in report.division_names():
        d = report.division(name)
        assert d.reading and d.romaji and d.name_en, name
    for name in report.group_names():
        g = report.group(name)
        assert g.reading and g.romaji and g.name_en, name
        # The reading is of this name: each run of katakana in it is spelled the same way.
        for run in re.findall("[\u30a1-\u30fa\u30fc]+", name):
            folded = "".join(chr(ord(c) - 0x60) if c != "ー" else c for c in run)
            assert folded in g.reading, (name, g.reading)


def test_models_are_values_of_their_own_class(report: Report) -> None:
    """Equal by field, hashable, frozen; never equal to a tuple or to another model class."""
    import dataclasses

    from aomori_cli.models import Division, Group

    p = report.programmes[9]
    same = dataclasses.replace(p)
    assert same == p and hash(same) == hash(p) and same is not p
    assert dataclasses.replace(p, budget_thousand_yen=1) != p
    assert Division("x") != Group("x") and Division("x") != ("x", "", "", "")
    assert repr(Division("x")) == "Division(name='x', reading='', romaji='', name_en='')"
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.name = "changed"  # type: ignore[misc]


def test_every_curators_note_is_in_both_languages(report) -> None:
    """What the curators wrote (corrections' reasons, remarks, the title's note) is shown in
    the user's language, so each is curated in Japanese and in English."""
    japanese = re.compile(r"[ぁ-んァ-ン一-龥]")
    corrections = [*report.corrections, *(c for p in report.programmes for c in p.corrections)]
    if report.case_study:
        corrections += report.case_study.corrections
    assert len(corrections) == 12
    for c in corrections:
        assert c.reason and c.reason_ja and japanese.search(c.reason_ja), c
    for p in report.programmes:
        assert len(p.remarks_ja) == len(p.remarks), p.no
        assert all(japanese.search(r) for r in p.remarks_ja), p.no
    assert report.title_note and report.title_note_en.isascii()
