"""Query semantics: OR ranking, phrases, exclusions, field whitelist, visibility, facets."""

from __future__ import annotations

from enablement.search import SearchIndex, SearchRequest, SearchResults
from enablement.search.query import parse

from .conftest import TODAY, pages_of


def run(index: SearchIndex, text: str = "", **kw: object) -> SearchResults:
    return index.search(SearchRequest(text=text, today=TODAY, **kw), page_text=pages_of)  # type: ignore[arg-type]


def ids(results: SearchResults) -> list[int]:
    return [h.asset_id for h in results.hits]


def test_or_semantics_rank_docs_matching_more_words_first(index: SearchIndex) -> None:
    res = run(index, "healthcare costs enterprise zebra")
    assert ids(res)[0] == 1  # matches three words, the others at most one
    assert {1, 8} <= set(ids(res))  # 8 matches only "healthcare": OR, not AND


def test_long_question_still_finds_the_case_study(index: SearchIndex) -> None:
    res = run(index, "case study for enterprise healthcare customers cutting costs quickly")
    assert ids(res)[0] == 1


def test_phrase_is_required_and_exact(index: SearchIndex) -> None:
    assert ids(run(index, '"total cost of ownership"')) == [3]
    assert ids(run(index, '"ownership total cost"')) == []


def test_exclude(index: SearchIndex) -> None:
    assert 1 not in ids(run(index, "healthcare -hospital"))
    assert 8 in ids(run(index, "healthcare -hospital"))


def test_not_operator_and_negated_filter(index: SearchIndex) -> None:
    assert 1 not in ids(run(index, "healthcare NOT hospital"))
    assert 1 not in ids(run(index, "healthcare -segment:enterprise"))
    assert 8 in ids(run(index, "healthcare -segment:enterprise"))


def test_whitelisted_field_filters(index: SearchIndex) -> None:
    assert ids(run(index, "segment:smb")) == [2]
    assert ids(run(index, "type:pptx")) == [8]
    assert ids(run(index, "title:pricing")) == [2]
    assert set(ids(run(index, 'segment:"mid-market" OR segment:smb'))) == {2, 3}


def test_hidden_fields_are_plain_text_and_reveal_no_drafts(index: SearchIndex) -> None:
    res = run(index, "status:draft healthcare")
    assert 4 not in ids(res)
    assert res.message and "status" in res.message
    assert parse("owner:ana id:4", ["title"]).filters == {}


def test_visibility_in_hits_totals_and_facets(index: SearchIndex) -> None:
    seller = run(index, "healthcare", limit=50)
    assert not {4, 5, 6} & set(ids(seller))
    assert seller.total == len(ids(seller))
    assert seller.facets["industry"]["Healthcare"] == seller.total - 0 - (
        1 if 8 in ids(seller) else 0
    )
    marketer = run(index, "healthcare", include_unpublished=True, limit=50)
    assert {4, 5, 6} <= set(ids(marketer))
    assert marketer.facets["industry"]["Healthcare"] > seller.facets["industry"]["Healthcare"]


def test_filters_or_within_and_across_and_disjunctive_facets(index: SearchIndex) -> None:
    res = run(index, filters={"segment": ("Enterprise", "SMB")})
    assert set(ids(res)) == {1, 2, 3}
    res = run(index, filters={"segment": ("Enterprise", "SMB"), "industry": ("healthcare",)})
    assert ids(res) == [1]
    # a category's own selection does not shrink its counts (OR within), others do
    assert res.facets["segment"] == {"Enterprise": 1}
    assert res.facets["industry"] == {"Healthcare": 1, "Retail": 1}


def test_as_you_type_prefix_over_titles_and_tags_only(index: SearchIndex) -> None:
    assert ids(run(index, "onboar", as_you_type=True)) == [8]
    assert ids(run(index, "onboar")) == []
    # "kick" is a prefix of body word "kickoff" only: never expanded over body text
    assert ids(run(index, "kick", as_you_type=True)) == []
    assert 3 in ids(run(index, "negot", as_you_type=True))  # tag label prefix


def test_typo_fallback_and_suggestion(index: SearchIndex) -> None:
    res = run(index, "helthcare")
    assert res.hits and res.hits[0].asset_id in {1, 8, 7}
    assert res.suggestion == "healthcare"
    assert run(index, "healthcare").suggestion is None


def test_page_numbers_and_snippets(index: SearchIndex) -> None:
    hit = run(index, "training").hits[0]
    assert (hit.asset_id, hit.pages) == (8, (3,))
    assert "<b>training</b>" in hit.snippet
    hit = run(index, "calculator ownership").hits[0]
    assert hit.pages == (2, 3)
    # without page texts the page numbers come from term positions in the index
    bare = index.search(SearchRequest("calculator ownership", today=TODAY)).hits[0]
    assert (bare.asset_id, bare.pages, bare.snippet) == (3, (2, 3), "")


def test_snippet_is_html_escaped(tmp_path: object) -> None:
    from .conftest import fresh_index, make_doc

    ix = fresh_index(tmp_path)  # type: ignore[arg-type]
    ix.upsert([make_doc(1, "x", ("<script>alert(1)</script> rocket",))])
    hit = ix.search(SearchRequest("rocket"), lambda _: ("<script>alert(1)</script> rocket",)).hits[
        0
    ]
    assert "<script>" not in hit.snippet and "<b>rocket</b>" in hit.snippet
    ix.close()


def test_german_query_finds_german_document_by_stemming(index: SearchIndex) -> None:
    assert ids(run(index, "Preis")) == [7]
    assert ids(run(index, "Krankenhaus")) == [7]
    assert ids(run(index, "healthcare", filters={"language": ("de",)})) == [7]


def test_language_facet_shows_taxonomy_labels_and_filters_by_them(index: SearchIndex) -> None:
    facet = run(index, "").facets["language"]
    assert facet["German"] == 1  # doc 7's Language tag, not the code "de"
    assert facet["English"] == 4  # visible untagged English docs 1, 2, 3, 8: a readable name
    assert not {"en", "de"} & set(facet)
    assert ids(run(index, "", filters={"language": ("German",)})) == [7]
    assert ids(run(index, "language:german")) == [7]
    assert 7 not in ids(run(index, "", filters={"language": ("English",)}, limit=50))


def test_sorting(index: SearchIndex) -> None:
    assert ids(run(index, sort="newest"))[:2] == [8, 2]
    assert ids(run(index, sort="rating"))[:2] == [8, 1]
    assert ids(run(index, sort="usage"))[:3] == [8, 1, 3]
    hit = run(index, "healthcare").hits[0]
    assert "BM25" in hit.explanation and "boost" in hit.explanation


def test_relevance_boost_does_not_bury_strong_text_match(index: SearchIndex) -> None:
    # doc 8 is the most used and best rated, but doc 1 matches the question far better
    assert ids(run(index, "hospital costs healthcare"))[0] == 1
