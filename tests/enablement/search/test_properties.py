"""Property test: any query string answers with results or a clear message, never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enablement.search import SearchIndex, SearchRequest

from .conftest import TODAY, pages_of

SYNTAX = st.sampled_from(
    [
        '"',
        "-",
        "+",
        ":",
        "title:",
        "segment:",
        "status:",
        "*",
        "(",
        ")",
        "OR",
        "AND",
        "NOT",
        "\\",
        "~",
        "^",
        "\x00",
        "\x1e",
        "é",
        "ß",
        " ",
    ]
)
QUERIES = st.lists(st.one_of(st.text(max_size=12), SYNTAX), max_size=8).map("".join)


@settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=QUERIES, as_you_type=st.booleans(), unpublished=st.booleans())
def test_any_query_string_answers(
    index: SearchIndex, text: str, as_you_type: bool, unpublished: bool
) -> None:
    res = index.search(
        SearchRequest(
            text=text, as_you_type=as_you_type, include_unpublished=unpublished, today=TODAY
        ),
        page_text=pages_of,
    )
    assert res.total >= len(res.hits)
    assert not res.message or "failed" not in res.message
    if not unpublished:
        assert not {4, 5, 6} & {h.asset_id for h in res.hits}
