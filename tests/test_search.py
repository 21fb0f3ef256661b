"""Japanese search: normalisation, readings, romaji, English, typos and ranking."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import measured
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from aomori_cli.contract import HIT
from aomori_cli.models import Report
from aomori_cli.search.index import Index
from aomori_cli.search.resolve import resolve_programme
from aomori_cli.text import fold_romaji, normalize


@pytest.fixture(scope="module")
def index(report: Report) -> Index:
    return Index(report)


def top(index: Index, query: str, n: int = 3) -> list[int]:
    return [h.programme.no for h in index.search(query, limit=n)]


# (query, programmes expected at the top, in any order among themselves)
QUERIES: list[tuple[str, set[int]]] = [
    # kanji, as printed
    ("健康経営", {7}),
    ("経営改善", {10}),
    ("商店街", {22, 23}),
    ("物流", {14}),
    ("2024年問題", {14}),
    ("脱炭素", {6}),
    ("鉄道", {5}),
    ("高度化", {16}),
    ("中央会", {8}),
    ("商工会", {9}),
    ("増設", {19}),
    ("電気", {13}),
    ("産業立地", {18, 19}),
    # width and case
    ("ＤＸ", {4}),
    ("dx", {4}),
    ("ＧＸ", {15}),
    ("lpガス", {13}),
    ("ＬＰガス", {13}),
    ("ICT", {21}),
    # kana folding and half-width katakana
    ("ﾎﾟｰﾀﾙ", {12}),
    ("ぽーたる", {12}),
    ("じぇんだー", {1}),
    ("ばす", {2, 3}),
    ("ぐりーん", {15}),
    # readings
    ("けんこうけいえい", {7}),
    ("ケンコウケイエイ", {7}),
    ("しょうてんがい", {22, 23}),
    ("てつどう", {5}),
    ("ぶつりゅう", {14}),
    # romaji: Hepburn, Kunrei, long vowels written or dropped, macrons
    ("kenkou keiei", {7}),
    ("kenko keiei", {7}),
    ("kenkō keiei", {7}),
    ("shoutengai", {22, 23}),
    ("syoutengai", {22, 23}),
    ("shotengai", {22, 23}),
    ("butsuryu", {14}),
    ("tetudou", {5}),
    ("datsutanso", {6}),
    ("kodoka shindan", {16}),
    # English
    ("bus", {2, 3}),
    ("railway", {5}),
    ("portal", {12}),
    ("business succession", {20}),
    ("logistics", {14}),
    ("health", {7}),
    ("green transformation", {15}),
    ("decarbonization", {6}),
    # English through the curated keywords, plurals, and no "bus" in "business"
    ("taxi", {4}),
    ("women", {1, 9}),
    ("factory", {18, 19}),
    ("website", {12}),
    ("trade fair", {11}),
    ("trucking", {14}),
    ("energy prices", {13}),
    ("bus", {2, 3, 4}),
    ("sme", {11, 13, 15, 16}),
    # typos: a character wrong, extra or missing
    ("健康径営", {7}),
    ("ポータルサイド", {12}),
    ("健康経営支援事業業", {7}),
    ("経営改善普及事業費補助金", {10}),
    ("商店外", {22, 23}),
    ("protal", {12}),
    # phrases from overviews, results and KPIs
    ("事業承継", {20}),
    ("後継者", {20}),
    ("女性活躍", {1}),
    ("タクシー", {4}),
    ("ESG", {6}),
    ("ページビュー", {12}),
    ("省エネ診断", {6}),
    ("見守り", set()),
    # several words: every word must match
    ("バス 補助", {2, 3}),
    ("商店街 セミナー", {23}),
    ("地域企業支援課 セミナー", {15, 17, 23}),
]


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_query_finds_what_people_mean(index: Index, query: str, expected: set[int]) -> None:
    found = top(index, query, n=max(3, len(expected)))
    if not expected:
        assert found == []
        return
    assert set(found[: len(expected)]) == expected, found


def test_at_least_forty_queries() -> None:
    assert len(QUERIES) >= 40


def test_common_words_rank_sensibly(index: Index) -> None:
    hits = index.search("事業", limit=0)
    assert len(hits) >= 20
    scores = [h.score for h in hits]
    assert max(scores) < 100 and len({round(s, 3) for s in scores}) > 5
    # Short names, where 事業 is more of the name, come first; equal (whole-point) scores in
    # report order.
    assert [h.programme.no for h in hits[:2]] == [11, 16]  # the two shortest names


def test_equal_scores_keep_report_order(index: Index) -> None:
    hits = index.search("bus", limit=0)
    assert [h.programme.no for h in hits[:2]] == [2, 3]  # "bus" in a 6- or 7-word name


def test_one_character(index: Index) -> None:
    """One kanji says something (経 finds 経営…); one kana is in every text (た found all 23
    programmes, and a --match with it summed them all)."""
    hits = index.search("経", limit=0)
    assert hits and all(h.score > 0 for h in hits)
    assert index.search("バ", limit=0) == [] and index.search("た", limit=0) == []


def test_exact_name_scores_100(index: Index) -> None:
    (hit,) = index.search("経営改善普及事業費補助", limit=1)
    assert (hit.programme.no, hit.score, hit.field) == (10, 100.0, "name")


def test_name_ranks_above_other_fields(index: Index) -> None:
    hits = index.search("経営", limit=0)
    name_hits = [h for h in hits if h.field == "name"]
    assert hits[: len(name_hits)] == name_hits


def test_field_restriction(index: Index) -> None:
    hits = index.search("セミナー", fields=["kpi"], limit=0)
    assert hits and all(h.field == "kpi" for h in hits)
    assert index.search("セミナー", fields=["name"]) == []


def test_no_fuzzy_noise_beside_exact_hits(index: Index) -> None:
    assert top(index, "portal", n=10) == [12]


def test_snippet_marks_the_match(index: Index) -> None:
    (hit,) = index.search("ﾎﾟｰﾀﾙ", limit=1)
    snippet, start, end = hit.snippet()
    assert snippet[start:end] == "ポータル"


def test_normalisation_is_for_matching_only(report: Report) -> None:
    assert normalize("ＤＸ　推進・ポータル") == "dx推進ぽたる"
    assert normalize("ｶﾞｽ") == "がす"
    assert report.programmes[3].name == "地域公共交通DX推進事業費補助"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("kenkou", "kenkō"),
        ("shoutengai", "syôtengai"),
        ("tsugitai", "tugitai"),
        ("jigyou", "zigyo"),
        ("chiiki", "tiiki"),
        ("shimbun", "shinbun"),
        ("fukyuu", "hukyu"),
    ],
)
def test_romaji_spellings_meet(a: str, b: str) -> None:
    assert fold_romaji(a) == fold_romaji(b)


@pytest.mark.parametrize(
    ("text", "no"),
    [
        ("10", 10),
        ("No.10", 10),
        ("#7", 7),
        ("10番", 10),  # as Japanese counts (from a review)
        ("第10", 10),
        ("第１０号", 10),
        ("健康経営", 7),
        ("kenko keiei", 7),
        ("ﾎﾟｰﾀﾙ", 12),
        ("portal", 12),
        ("事業承継", 20),
        ("健康径営", 7),
        ("あおもり商品", 17),
    ],
)
def test_resolve(report: Report, text: str, no: int) -> None:
    assert resolve_programme(report, text).no == no


# --- properties ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_substring_of_a_name_finds_it(
    report: Report, index: Index, data: st.DataObject
) -> None:
    """Any 2+ character part of a name finds that programme; in the top 3 when at most three
    names contain that part (a part like 事業 is in most names, so ties decide there). But
    two kana from inside a run of kana (ップ of ギャップ) are chance, as おけ of における is."""
    p = data.draw(st.sampled_from(report.programmes))
    start = data.draw(st.integers(0, len(p.name) - 2))
    end = data.draw(st.integers(start + 2, len(p.name)))
    part = p.name[start:end]
    folded = normalize(part)
    assume(not (folded and all("ぁ" <= c <= "ゟ" for c in folded) and len(folded) < 3))
    hits = index.search(part, limit=0)
    ranked = [h.programme.no for h in hits]
    assert p.no in ranked, part
    key = normalize(part)
    sharing = [q for q in report.programmes if key and key in normalize(q.name)]
    if key and len(sharing) <= 3:
        assert p.no in ranked[:3], (part, ranked[:5])


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_unicode_never_crashes(index: Index, query: str) -> None:
    hits = index.search(query, limit=0)
    assert all(10 <= h.score <= 100 for h in hits)
    for h in hits:
        h.snippet()
        HIT.to_json(h)


@settings(max_examples=100, deadline=None)
@given(st.permutations(list(range(23))))
def test_totals_do_not_depend_on_order(report: Report, order: list[int]) -> None:
    from aomori_cli.totals import totals

    shuffled = [report.programmes[i] for i in order]
    assert totals(report, "division", shuffled).rows == totals(report, "division").rows


def test_unknown_names_suggest_the_closest(report: Report) -> None:
    from aomori_cli import i18n
    from aomori_cli.errors import NotFound

    with pytest.raises(NotFound) as info:
        resolve_programme(report, "健康診断")
    assert info.value.candidates[:2] == (  # named in the language of the moment: English
        "7 Health and productivity management support (Aomori model)",
        "16 Diagnosis and advice for SME upgrading projects",
    )
    i18n.set_language("ja")
    try:
        with pytest.raises(NotFound) as info:
            resolve_programme(report, "健康診断")
    finally:
        i18n.set_language("en")
    assert info.value.candidates[:2] == (
        "7 健康経営支援事業(あおもり型健康経営支援事業)",
        "16 高度化診断等事業",
    )
    with pytest.raises(NotFound) as info:
        resolve_programme(report, "zzzz")
    assert info.value.candidates == ()  # nothing near enough to help


# --- Japanese as people type it (issue 13) -----------------------------------------------------


@pytest.mark.parametrize(
    ("query", "no"),
    [
        ("LPガス高騰", 13),
        ("物流効率化", 14),
        ("バス車両整備", 3),
        ("幹線バス補助", 2),
        ("ポータル保守", 12),
        ("ぽーたるほしゅ", 12),  # the same in the reading
    ],
)
def test_unspaced_parts_of_a_name_find_it_and_show_resolves_it(
    report: Report, query: str, no: int
) -> None:
    from aomori_cli.search.index import index_for

    hits = index_for(report, query).search(query, limit=3)
    assert hits[0].programme.no == no and hits[0].exact
    assert resolve_programme(report, query).no == no


def test_contiguous_matches_rank_above_pieces(report: Report) -> None:
    from aomori_cli.search.index import index_for
    from aomori_cli.search.match import EXACT_FLOOR

    # 中小企業支援 is printed as one run in a group name and in pieces in No. 11's name.
    hits = index_for(report, "中小企業支援").search("中小企業支援", limit=0)
    runs = [h for h in hits if h.score >= EXACT_FLOOR]
    assert runs and hits[: len(runs)] == runs
    assert {h.programme.no for h in hits} >= {11, 12, 13}


def test_pieces_far_apart_are_no_match(report: Report) -> None:
    from aomori_cli.search.match import Entry, Query

    near = Entry("overview", "text", "", normalize("LPガスと電気の高騰"))
    far = Entry("overview", "text", "", normalize("LPガス" + "あ" * 40 + "高騰"))
    assert Query("LPガス高騰").match(near) is not None
    assert Query("LPガス高騰").match(far) is None


@pytest.mark.parametrize(
    "query", ["じぎょうしょうけい", "jigyo shokei", "jigyou shoukei", "jigyō shōkei"]
)
def test_readings_and_romaji_of_every_text(report: Report, query: str) -> None:
    """事業承継 is in No. 20's overview, KPIs and results, not its name."""
    from aomori_cli.search.index import index_for

    hits = index_for(report, query).search(query, limit=0)
    assert [h.programme.no for h in hits] == [20]
    assert resolve_programme(report, query).no == 20


def test_no_confident_wrong_answer(report: Report) -> None:
    from aomori_cli.errors import NotFound
    from aomori_cli.search.index import index_for

    queries = ["新幹線開業", "りんご", "fishing", "健康診断", "jigyo shokai zeisei"]
    # A word said again and again is not found in pieces where the text says it once.
    queries += ["高騰高騰高騰高騰高騰", "補助補助補助補助補助補助"]
    # Nor by a typo of what is left without a generic word (a guess on a guess, from a review).
    queries += ["高齢化対策", "商品券補助", "研究所支援", "小売業者支援", "solar subsidy", "rice company",
                "new programmes"]  # fmt: skip
    for query in queries:
        assert index_for(report, query).search(query) == [], query
    with pytest.raises(NotFound) as info:
        resolve_programme(report, "事業承継税制")
    assert info.value.candidates[0].startswith("20 ")  # suggested, not answered


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bus subsidy", {2, 3, 4}),  # No. 4: bus in its keywords, subsidy in its English name
        ("ばす 補助", {2, 3, 4}),
        ("basu hojo", {2, 3}),
        ("bus 補助", {2, 3, 4}),
        ("shotengai セミナー", {23}),
    ],
)
def test_words_are_found_across_fields_in_every_script(
    report: Report, query: str, expected: set[int]
) -> None:
    from aomori_cli.search.index import index_for

    found = {h.programme.no for h in index_for(report, query).search(query, limit=0) if h.exact}
    assert found >= expected, found


def test_search_suggests_when_nothing_matches(run: Any) -> None:
    r = run("search", "事業承継税制")
    assert r.exit_code == 0 and r.stdout == ""
    assert "did you mean: 20 Business succession support for successors and owners" in r.stderr
    r = run("search", "事業承継税制", "--lang", "ja")
    assert "候補: 20 継ぎたい・継がせたい事業者支援促進事業" in r.stderr


@pytest.mark.parametrize(
    ("query", "no"),
    [
        ("けんこう経営", 7),
        ("ぶつりゅう効率化", 14),
        ("しょうてんがい活性化", 22),
        ("事業しょうけい", 20),
        ("しょうてん街", 22),  # one kanji typed last: a word's end, found as typed
    ],
)
def test_a_query_half_converted_from_hiragana(report: Report, query: str, no: int) -> None:
    from aomori_cli.search.index import index_for
    from aomori_cli.search.match import EXACT_FLOOR

    hits = index_for(report, query).search(query, limit=3)
    assert hits[0].programme.no == no and hits[0].exact and hits[0].score < EXACT_FLOOR


def test_one_word_with_okurigana_is_not_cut() -> None:
    from aomori_cli.search.match import script_runs

    assert script_runs("継ぎたい") == []
    assert script_runs("けんこう経営") == ["けんこう", "経営"]
    # A katakana word beside kanji is a run too (looked for only when the whole query
    # matches nowhere, not even in pieces).
    assert script_runs("タクシー補助") == ["タクシー", "補助"]
    assert script_runs("LPガス高騰") == ["LP", "ガス", "高騰"]
    assert script_runs("ポータルサイト") == []  # one script: one word


@pytest.mark.parametrize(
    ("query", "first", "also"),
    [
        ("バス補助", {2, 3}, {2, 3}),  # バス and 補助 apart in both names
        ("タクシー補助", {4}, {4}),  # タクシー in its results, 補助 in its name
    ],
)
def test_a_two_kana_word_typed_beside_kanji_counts(
    report: Report, query: str, first: set[int], also: set[int]
) -> None:
    from aomori_cli.search.index import index_for

    hits = index_for(report, query).search(query, limit=0)
    assert hits and hits[0].programme.no in first and hits[0].exact
    assert also <= {h.programme.no for h in hits}


def test_romaji_matches_from_the_start_of_a_word(report: Report) -> None:
    """A romaji "gas" is the start of gasu (No. 13, LP gas), not inside tsugasetai (No. 20)."""
    from aomori_cli.search.index import index_for

    hits = index_for(report, "gas").search("gas", limit=0)
    assert [h.programme.no for h in hits] == [13]
    assert resolve_programme(report, "gas").no == 13
    # Words typed together still meet words written apart.
    assert [h.programme.no for h in index_for(report, "jigyoshokei").search("jigyoshokei")] == [20]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("けんこう", [7]),  # not No. 21's 意見交換 (いけんこうかん)
        ("ガス", [13, 6]),  # not No. 15's 促す (うながす)
        ("イカ", []),  # not せいかつ, かいぜん, … in 19 names
        ("かんこう", []),  # tourism: not けんこう (health) by one kana
        ("のうぎょう", []),  # farming: not じぎょう
        ("こうつう", [4, 3, 2]),  # the last word of 公共交通 (こうきょうこうつう) still counts
        ("しょうけい", [20]),
        # In the curated readings, cut into words (an attack review of the above):
        ("けんしょう", []),  # not 県|商店街 (けん|しょうてんがい)
        ("しんじぎょう", [11]),  # 新事業 in No. 11's overview; not 推進|事業 in five names
        ("とうせい", []),  # not 設備等|整備
        ("かんかん", []),  # not 地域間|幹線
        ("いかく", []),  # not three kana ending 計画 (けいかく)
        ("うかい", []),  # nor 研修会 (けんしゅうかい)
        ("おけ", []),  # two kana inside における
        ("しょうぎょうしえん", []),  # 商業支援: not 中小企業…支援 in pieces or by a typo
        ("しょうてんがい", [23, 22]),
        ("けんこうけいえい", [7]),  # two words whole
    ],
)
def test_kana_match_as_words_of_the_reading(
    report: Report, query: str, expected: list[int]
) -> None:
    """A kana query starts a word of a reading, or ends one; never reads across two words,
    from a word's middle, or by a kana amiss."""
    from aomori_cli.search.index import index_for

    hits = index_for(report, query).search(query, limit=0)
    assert [h.programme.no for h in hits] == expected


def test_match_takes_no_typo_matches(run: Any) -> None:
    """--match filters by what search finds as typed: a typo match would add its budget."""
    r = run("totals", "--match", "商店外", "--json")  # 商店街 with one kanji amiss
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["count"] == 0
    found = run("search", "商店外", "--json")
    assert [h["exact"] for h in json.loads(found.stdout)] and not any(
        h["exact"] for h in json.loads(found.stdout)
    )


def test_english_words_found_whole_or_as_plurals_rank_above_prefixes(report: Report) -> None:
    """ "train" is No. 5's keyword before it is the start of "training" in seven KPIs;
    "factories" finds the factory programmes as "factory" does."""
    from aomori_cli.search.index import index_for

    hits = index_for(report, "train").search("train", limit=0)
    assert hits[0].programme.no == 5 and len(hits) > 1
    assert all(h.score < hits[0].score for h in hits[1:])
    assert index_for(report, "news").search("news") == []  # not the plural of "new"
    for query in ("factories", "factory"):
        found = [h.programme.no for h in index_for(report, query).search(query) if h.exact]
        assert found == [18, 19], query


def test_a_synonym_is_a_whole_word(report: Report) -> None:
    """railway's synonym "train" must not find "training" (three programmes' keywords)."""
    from aomori_cli.search.index import index_for

    assert [h.programme.no for h in index_for(report, "railway").search("railway")] == [5]


def test_snippets_do_not_cut_words_needlessly(report: Report) -> None:
    from aomori_cli.search.index import index_for

    def snippets(query: str) -> dict[int, str]:
        return {h.programme.no: h.snippet()[0] for h in index_for(report, query).search(query)}

    # A name that fits is shown whole (it was "…域公共交通DX推進事業費補助").
    assert snippets("バス 補助")[4] == "地域公共交通DX推進事業費補助"
    # A long text is cut after Japanese punctuation near the match (it was "…う企業訪問、
    # 毎年実施する経営概況…" and "…融セミナーの開催"), or before a whole Latin word.
    found = snippets("経営")
    assert found[19].startswith("…毎年実施する経営概況")
    assert found[6].startswith("…ESG金融セミナー")


def test_pieces_find_each_recurring_piece_in_linear_work() -> None:
    """A piece that recurs (高騰 333 times in the query, 5,000 in a text) is looked for from
    where it was last found: the text is not searched again from its start for each (that
    took a search 4 min 42 s)."""
    from aomori_cli.search.match import pieces

    finds = 0

    class Counted(str):
        def find(self, *args: Any) -> int:
            nonlocal finds
            finds += 1
            return super().find(*args)

    share, spans = pieces("高騰犬" * 333, Counted("高騰" * 5000))
    assert len(spans) == 333 and len({start for start, _ in spans}) == 333
    assert finds < 2 * 5000
    assert pieces("高騰" * 3, "高騰" * 3)[0] == 1.0  # three places: all of it
    assert pieces("高騰" * 3, "高騰は")[0] < 0.75  # one place: a third


@pytest.mark.parametrize(
    ("query", "no"),
    [
        ("けんないちゅうしょうきぎょう", 12),  # into ちゅうしょうきぎょうしゃ: a long query
        ("ちゅうしょうきぎょうしんだん", 16),
        ("けいえいしどう", 9),  # into しどういん (経営指導員)
        ("ぎょうむこうりつ", 14),  # into こうりつか
        ("しょうこうかいれん", 9),
        ("ぎゃっぷかいしょう", 1),  # from the end of じぇんだーぎゃっぷ
        ("しゅうかんびょう", 7),  # from the end of せいかつしゅうかん
        ("ビュー", 12),  # three kana as typed, though ー is dropped in matching
        ("けんこうけい", 7),  # six kana: may end inside けいえい
    ],
)
def test_kana_across_the_long_words_of_a_reading(report: Report, query: str, no: int) -> None:
    """pykakasi's words are long (ちゅうしょうきぎょうしゃ, しどういん): a natural query
    ends inside one. A long query may; a short one may not (けんしょう, above)."""
    from aomori_cli.search.index import index_for

    hits = index_for(report, query).search(query, limit=0)
    assert hits and hits[0].exact and no in [h.programme.no for h in hits[:6]], [
        h.programme.no for h in hits
    ]


def test_a_short_kana_query_scans_a_long_kana_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each place ああ occurs in a text all in kana asked again whether the whole text is kana:
    a 10,000-character overview took search 53 s (from an attack review)."""
    from aomori_cli.search import match

    scanned = measured(monkeypatch, match, "all_kana")
    text = "い" + "あ" * 2000
    entry = match.make_entry("overview", "text", text)
    assert entry is not None
    assert match._kana_at("ああ", entry) == -1  # two kana: only at a text's start
    assert match._kana_at("あああ", entry) == 1
    assert scanned() < 3 * len(text)


def test_show_says_when_it_takes_a_misspelling(run) -> None:
    """A typo match opened a programme with nothing said (from two reviews)."""
    r = run("show", "managment improvment")
    assert r.exit_code == 0
    assert "taken to mean No. 10" in r.stderr
    assert "Subsidy for management improvement" in r.stdout
    exact = run("show", "健康経営")
    assert exact.exit_code == 0 and exact.stderr == ""


@pytest.mark.lang("ja")
def test_show_says_it_in_japanese(run) -> None:
    r = run("show", "健康径営")
    assert r.exit_code == 0 and "最も近い No.7" in r.stderr


@pytest.mark.parametrize("query", ["商品券", "給付金"])
def test_a_short_word_one_character_off_a_name_is_offered_not_opened(run, query: str) -> None:
    """商品券 is one character from 商品展 but another word: show opened No. 17 (from a review)."""
    r = run("show", query)
    assert r.exit_code == 1 and r.stdout == ""
    assert f"no programme matches '{query}'; did you mean:" in r.stderr


@pytest.mark.parametrize("query", ["農業", "漁業", "林業", "りんご", "観光業"])
def test_no_suggestion_that_is_no_nearer_than_the_rest(run, query: str) -> None:
    """農業 is one character from every name ending in 事業: it suggested three unrelated
    programmes, which staff read as related ones (from a review)."""
    r = run("search", query)
    assert r.exit_code == 0 and r.stderr == f"aomori: no programme matches '{query}'\n"


def test_a_suggestion_nearer_than_the_rest_is_still_made(run) -> None:
    r = run("search", "後継者育成")
    assert "did you mean: 20 Business succession" in r.stderr


@pytest.mark.parametrize(
    ("query", "no"),
    [("赤字路線", 2), ("deficit", 2), ("GHG", 6), ("CO2", 6), ("トラック", 14), ("運送業", 14)],
)
def test_words_the_report_does_not_print_find_it_by_a_synonym(run, query: str, no: int) -> None:
    """From a search review: 赤字 for 運行欠損, GHG for 温室効果ガス, トラック for 物流."""
    hits = json.loads(run("search", query, "--json").stdout)
    assert hits and hits[0]["no"] == no


def test_one_kanji_typed_after_kana_is_looked_for_where_the_kana_are(run) -> None:
    """あおもり県 found every programme with あおもり in its name, 県 being in some text of
    each, marked exact (from a review); the kanji ends the word the kana name, so it must be
    in the same field: a name (しょうてん街), a division (ちいききぎょうしえん課, which a first
    fix, looking in names only, lost to 課題), a KPI (しんせい件)."""

    def found(query: str) -> list[int]:
        return [h["no"] for h in json.loads(run("search", query, "--json", "-n", "0").stdout)]

    assert set(found("あおもり県")[:4]) == {8, 18, 19, 22}  # 青森県… in their names
    assert 12 not in found("あおもり県")  # あおもり in its name, 県 only in its overview
    assert set(found("しょうてん街")) == {22, 23}
    assert set(found("ちいききぎょうしえん課")) == {11, 12, 13, 14, 15, 16, 17, 22, 23}
    assert set(found("こうつう課")) == {2, 3, 4}
    assert 10 in found("しょうこう会")  # 商工会 in its overview
    assert set(found("しんせい件")) == {13, 14, 15}


@pytest.mark.parametrize("term", ["物流", "logistics", "trucking", "トラック"])
def test_the_logistics_synonyms_select_the_logistics_programme_only(run, term: str) -> None:
    """運送 in the 物流 group found No. 2, whose KPI counts bus operators as 運送予定者, so
    list --match 物流 and totals summed a bus subsidy (from an attack review)."""
    assert [p["no"] for p in json.loads(run("list", "--match", term, "--json").stdout)] == [14]
    assert (
        json.loads(run("totals", "--match", term, "--json").stdout)["total_thousand_yen"] == 53_775
    )


def test_a_word_as_typed_beats_a_synonym_in_show(run) -> None:
    assert '"no": 2' in run("show", "運送", "--json").stdout


def test_a_word_found_only_by_a_synonym_is_not_said_to_occur(run) -> None:
    """show 赤字 said it "occurs in 2 programmes": it occurs in none; 運行欠損 does."""
    r = run("show", "赤字")
    assert r.exit_code == 1 and "occurs" not in r.stderr
    assert "'赤字' is not in any programme name; 2 programmes match it" in r.stderr


@pytest.mark.parametrize(("typed", "option"), [("新規", "--new"), ("new", "--new"),
                                               ("ｼﾝｷ", "--new"), ("再掲", "--reposted")])  # fmt: skip
def test_a_search_for_a_list_mark_points_to_its_filter(run, typed: str, option: str) -> None:
    """新規 and 再掲 are marks of the list table, which the text rarely says: search found
    two programmes that mention 新規 and said nothing of --new (from a review)."""
    r = run("search", typed, "--json")
    assert r.exit_code == 0 and isinstance(json.loads(r.stdout), list)
    assert r.stderr.endswith(f"are listed by: aomori list {option}\n")
    assert "aomori list" not in run("search", "経営", "--json", "--limit", "0").stderr


@pytest.mark.parametrize(
    ("typed", "shorter"),
    [("後継者不足", "後継者"), ("タクシー会社", "タクシー"), ("ﾀｸｼｰ会社", "タクシー"), ("bus company", "bus"),
     ("taxi support scheme", "taxi"), ("会社", None), ("健康経営", None), ("bus", None),
     ("support", None), ("company support", None), ("タクシー 会社", "タクシー")],
)  # fmt: skip
def test_generic_words_are_what_is_dropped(typed: str, shorter: str | None) -> None:
    from aomori_cli.search.index import without_generic

    assert without_generic(typed) == shorter


def test_a_topic_found_without_its_generic_word_is_never_exact(run) -> None:
    """後継者不足 found nothing (from a review); found by 後継者 alone, it ranks as an
    approximate match, so show says which programme it took rather than open it silently."""
    hits = json.loads(run("search", "後継者不足", "--json").stdout)
    assert [h["no"] for h in hits] == [20] and not hits[0]["exact"] and hits[0]["score"] < 40
    r = run("show", "タクシー会社")
    assert r.exit_code == 0 and "taken to mean No. 4 " in r.stderr
    assert json.loads(run("search", "観光対策", "--json").stdout) == []


@pytest.mark.parametrize("typed", ["new programmes", "新規事業支援", "new schemes"])
def test_new_programmes_points_to_list_new_not_a_new_plant(run, typed: str) -> None:
    """Without its generic word, "new programmes" is "new", in No. 18's English name (new
    plants): show opened No. 18, which is not new (from a review). It is a list mark."""
    r = run("search", typed, "--json")
    assert json.loads(r.stdout) == [] or 18 not in [h["no"] for h in json.loads(r.stdout)]
    assert r.stderr.endswith("are listed by: aomori list --new\n")


def test_the_rest_without_a_generic_word_comes_before_a_typo_of_the_whole(run) -> None:
    """創業補助金 found No. 15's 補助金申請件数 by a typo match, and show opened it: 創業 (new
    businesses) is Nos. 11 and 20 (from a review)."""
    hits = json.loads(run("search", "創業補助金", "--json").stdout)
    assert {h["no"] for h in hits} == {11, 20} and not any(h["exact"] for h in hits)


@pytest.mark.parametrize(
    ("typed", "no"), [("バス補助金", 4), ("タクシー補助", 4), ("LPガス高騰", None)]
)
def test_show_says_when_it_takes_a_programme_found_only_in_pieces(run, typed, no) -> None:
    """show バス補助金 opened No. 4, the DX programme, with no word: バス is in its results and
    補助金 in a KPI, while a Japanese reader meant the bus subsidies (from a review). Found in
    pieces in a name (LPガス高騰), a programme is what was typed."""
    r = run("show", typed)
    assert r.exit_code == 0
    if no is None:
        assert r.stderr == ""
    else:
        assert r.stderr == (
            f"aomori: no programme holds {typed!r} as typed; taken to mean No. {no} Subsidy "
            "for DX in regional public transport\n"
        )


@pytest.mark.parametrize(
    ("args", "option"),
    [(["show", "新規事業"], "--new"), (["show", "new"], "--new"),
     (["compare", "new programmes"], "--new"), (["show", "再掲"], "--reposted")],
)  # fmt: skip
def test_show_points_a_list_mark_to_its_filter(run, args, option) -> None:
    """show 新規事業 opened No. 16 by 新規貸付 in its results, show new No. 18 by its new
    plants (from a review): these are marks of the list table, and a filter lists them."""
    r = run(*args)
    assert r.exit_code == 1 and r.stdout == "" and r.stderr.count("\n") == 1
    assert "names no programme; " in r.stderr and f"aomori list {option}" in r.stderr
    assert run("show", "new plants").exit_code == 0  # No. 18's name, in English
