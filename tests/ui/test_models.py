# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot key/mouse helpers and ModelTester.check are untyped)
"""Every item model of the UI passes Qt's model tester, and keeps its promises."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from enablement.services.requests import RequestInfo
from enablement.services.searching import Hit
from ui.models.facets import FacetCategory, FacetModel
from ui.models.lists import GroupedHitsModel, KitItemsModel, RequestsModel
from ui.models.results import ResultsModel, SnippetRole
from ui.operations.kits import KitItem
from ui.richtext import safe_snippet

NOW = datetime(2026, 1, 5, tzinfo=UTC)


def hit(asset_id: int, kind: str = "pdf", title: str = "Deck", snippet: str = "a <b>b</b>") -> Hit:
    tags: dict[str, tuple[str, ...]] = {"situation": ("Discovery",)}
    return Hit(asset_id, title, kind, "published", 1.0, (2,), snippet, tags, 4.0, 2, NOW, True, "")


def request(request_id: int, changed: bool = False) -> RequestInfo:
    return RequestInfo(request_id, f"Need {request_id}", "", "sam", None, None, None, "open", None,
                       None, None, "", None, 0, False, NOW, NOW, None, changed)  # fmt: skip


def test_results_model(qtmodeltester: ModelTester) -> None:
    model = ResultsModel()
    model.set_hits([hit(1), hit(2, "docx"), hit(3, "pptx")])
    qtmodeltester.check(model)
    model.set_hits([hit(3), hit(1)])
    qtmodeltester.check(model)
    assert model.data(model.index(0), Qt.ItemDataRole.DisplayRole) == "Deck"


def test_results_model_keeps_titles_plain_and_snippets_safe() -> None:
    model = ResultsModel()
    model.set_hits([hit(1, title="<img src=x>Deck", snippet="&lt;i&gt;x <b>price</b> <img src=y>")])
    index = model.index(0)
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == "<img src=x>Deck"
    assert model.data(index, SnippetRole) == "&lt;i&gt;x <b>price</b> &lt;img src=y&gt;"
    assert "&lt;img" in model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_safe_snippet_balances_and_escapes() -> None:
    assert safe_snippet("<b>open") == "<b>open</b>"
    assert safe_snippet("x</b> <script>") == "x &lt;script&gt;"
    assert safe_snippet("a &amp; b") == "a &amp; b"


def test_facet_model(qtmodeltester: ModelTester) -> None:
    model = FacetModel()
    model.set_categories([FacetCategory("situation", "Situation", ["Discovery", "Closing"]),
                          FacetCategory("type", "Type")])  # fmt: skip
    qtmodeltester.check(model)
    model.update_counts({"situation": {"Closing": 2, "Discovery": 1}, "type": {"pdf": 3}})
    qtmodeltester.check(model)
    situation = model.index(0, 0)
    assert [model.index(r, 0, situation).data() for r in range(2)] == [
        "Discovery  (1)",
        "Closing  (2)",
    ]
    model.setData(
        model.index(1, 0, situation), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert model.filters() == {"situation": ("Closing",)}
    model.update_counts({"situation": {"Discovery": 1}, "type": {}})  # checked Closing stays at 0
    qtmodeltester.check(model)
    assert model.rowCount(situation) == 2 and model.rowCount(model.index(1, 0)) == 0
    model.clear_filters()
    assert model.filters() == {} and model.rowCount(situation) == 1


def test_list_models(qtmodeltester: ModelTester) -> None:
    requests = RequestsModel()
    requests.set_requests([request(1, changed=True), request(2)])
    qtmodeltester.check(requests)
    assert requests.index(0, 0).data().startswith("● ")

    kit = KitItemsModel()
    kit.set_items([KitItem(1, "A", "pdf"), KitItem(2, "B", "docx"), KitItem(3, "C", "pptx")])
    qtmodeltester.check(kit)
    assert kit.move(0, 2) and kit.asset_ids == [2, 3, 1]
    assert kit.move(2, 1) and kit.asset_ids == [2, 1, 3]
    qtmodeltester.check(kit)

    grouped = GroupedHitsModel()
    grouped.set_hits([hit(1), hit(2, "docx"), hit(3)], {1: "best rated"})
    qtmodeltester.check(grouped)
    assert grouped.rowCount() == 2 and grouped.rowCount(grouped.index(0, 0)) == 2
    grouped.setData(grouped.index(0, 0, grouped.index(0, 0)), Qt.CheckState.Unchecked.value,
                    Qt.ItemDataRole.CheckStateRole)  # fmt: skip
    assert grouped.checked_ids() == [3, 2]
