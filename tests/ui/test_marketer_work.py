# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot key/mouse helpers and ModelTester.check are untyped)
"""The marketer's desktop, driven as a marketer would: queue, taxonomy, governance, users."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from enablement.library import Library
from enablement.services.governance import AttentionRow
from enablement.services.requests import RequestInfo
from enablement.services.synonyms import TagDetail
from enablement.services.users import UserInfo
from ui.models.work_tables import AttentionModel, QueueModel, SortRole, UsersModel
from ui.models.work_taxonomy import TaxonomyModel
from ui.widgets.common import Prompt
from ui.widgets.fulfil_dialog import FulfilDialog
from ui.widgets.governance import GovernanceDialog
from ui.widgets.main_window import MainWindow
from ui.widgets.request_queue import RequestQueueDialog
from ui.widgets.taxonomy_manager import TaxonomyDialog
from ui.widgets.user_admin import UserAdminDialog

from .conftest import MARKETER, OWNER, SELLER

NOW = datetime.now(UTC)
Open = Callable[[str], Library]


def click_row(qtbot: QtBot, view: QAbstractItemView, index: QModelIndex) -> None:
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    assert view.currentIndex().row() == index.row()


def prompt_of(qtbot: QtBot, owner: object) -> Prompt:
    qtbot.waitUntil(lambda: isinstance(getattr(owner, "prompt", None), Prompt))
    prompt: Prompt = owner.prompt  # type: ignore[attr-defined]
    qtbot.waitUntil(prompt.isVisible)
    return prompt


# -- models ----------------------------------------------------------------------


def _request(request_id: int, votes: int, days: int, needed: date | None) -> RequestInfo:
    created = NOW - timedelta(days=days)
    return RequestInfo(request_id, f"Need {request_id}", "", "sam", "Discovery", None, needed,
                       "open", None, None, None, "", None, votes, False, created, created, None,
                       False)  # fmt: skip


def _tag(
    tag_id: int, label: str, parent: int | None = None, category: str = "situation"
) -> TagDetail:
    return TagDetail(tag_id, category, category.title(), label.lower(), label, parent, False,
                     ("syn",), tag_id)  # fmt: skip


def test_work_models(qtmodeltester: ModelTester) -> None:
    queue = QueueModel()
    queue.set_rows([_request(1, 3, 10, None), _request(2, 5, 1, date(2030, 1, 1))])
    qtmodeltester.check(queue)
    assert queue.index(0, QueueModel.AGE).data() == "10 d"
    assert queue.index(1, QueueModel.VOTES).data(SortRole) == 5
    assert queue.index(0, QueueModel.NEEDED_BY).data(SortRole) > queue.index(1, 7).data(SortRole)
    attention = AttentionModel()
    attention.set_rows([AttentionRow(1, "Deck", "olivia", "published", ("expired",), ("x",))])
    qtmodeltester.check(attention)
    users = UsersModel()
    users.set_rows([UserInfo(1, "sam", "Sam", "seller", ("smb",))])
    qtmodeltester.check(users)
    assert users.index(0, 2).data() == "Seller"
    tree = TaxonomyModel()
    tags = [
        _tag(3, "Child", 2),
        _tag(2, "Parent"),
        _tag(4, "Grandchild", 3),
        _tag(5, "SMB", None, "segment"),
    ]
    tree.set_tags([("situation", "Situation"), ("segment", "Segment")], tags)
    qtmodeltester.check(tree)
    parent = tree.index(0, 0, tree.index(0, 0))
    child = tree.index(0, 0, parent)
    assert (parent.data(), child.data(), tree.index(0, 0, child).data()) == (
        "Parent",
        "Child",
        "Grandchild",
    )
    situation = tree.index(0, 0)
    assert tree.index(0, 1, situation).data() == "2" and tree.index(0, 2, situation).data() == "syn"
    tree.set_tags([("situation", "Situation")], [_tag(6, "A", 7), _tag(7, "B", 6)])  # a cycle
    qtmodeltester.check(tree)


# -- who sees what -----------------------------------------------------------------


def test_a_seller_sees_none_of_the_marketing_screens(
    make_window: Callable[..., MainWindow],
) -> None:
    window = make_window(SELLER)
    assert not window.marketing.menu.menuAction().isVisible()
    assert not any(a.isVisible() or a.isEnabled() for a in window.marketing.actions.values())
    for name in window.marketing.actions:
        assert window.marketing.show(name) is None


def test_a_marketer_sees_the_marketing_screens_but_not_user_admin(
    make_window: Callable[..., MainWindow],
) -> None:
    window = make_window(MARKETER)
    assert window.marketing.menu.menuAction().isVisible()
    visible = {n for n, a in window.marketing.actions.items() if a.isVisible()}
    assert visible == {"requestQueue", "taxonomy", "needsAttention"}


# -- request queue ---------------------------------------------------------------


def open_queue(qtbot: QtBot, window: MainWindow, rows: int) -> RequestQueueDialog:
    dialog = window.marketing.show("requestQueue")
    assert isinstance(dialog, RequestQueueDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == rows)
    return dialog


def select_request(qtbot: QtBot, dialog: RequestQueueDialog, request_id: int) -> None:
    row = next(i for i, r in enumerate(dialog.model.rows) if r.id == request_id)
    click_row(qtbot, dialog.table, dialog.proxy.mapFromSource(dialog.model.index(row, 0)))
    assert dialog.current() is not None and dialog.current().id == request_id  # type: ignore[union-attr]


def test_a_request_is_fulfilled_end_to_end(
    qtbot: QtBot, make_window: Callable[..., MainWindow], open_as: Open
) -> None:
    filed = open_as(SELLER).requests.create(
        "Pricing sheet for enterprise", situation="Proposal & pricing", segment="Enterprise"
    )
    window = make_window(MARKETER)
    queue = open_queue(qtbot, window, 2)
    select_request(qtbot, queue, filed.id)
    assert "filed by sam" in queue.details.text()
    qtbot.mouseClick(queue.buttons["assign"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: queue.current() is not None and queue.current().status == "in-progress")  # type: ignore[union-attr]
    assert queue.current().assignee == MARKETER  # type: ignore[union-attr]

    qtbot.mouseClick(queue.buttons["fulfil"], Qt.MouseButton.LeftButton)
    picker = queue.fulfil_dialog
    assert isinstance(picker, FulfilDialog) and picker.isVisible()
    picker.search.clear()
    qtbot.keyClicks(picker.search, "seat")
    qtbot.waitUntil(lambda: picker.results.count() == 1 and picker.search.text() == "seat")
    asset_id = picker.selected_asset()
    qtbot.keyClicks(picker.note, "Page 3 has the seat prices")
    qtbot.mouseClick(picker.link_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1)  # fulfilled leaves the active queue
    assert open_as(OWNER).requests.get(filed.id).fulfilling_asset_id == asset_id

    seller = make_window(SELLER)
    seller.show_my_requests()
    mine = seller.my_requests_dialog
    qtbot.waitUntil(lambda: mine.model.rowCount() == 1)
    assert mine.model.index(0, 1).data() == "Fulfilled"
    assert mine.model.index(0, 3).data() == "Page 3 has the seat prices"
    assert mine.model.index(0, 4).data() == "enterprise-pricing"
    mine.table.setCurrentIndex(mine.model.index(0, 0))
    qtbot.mouseClick(mine.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: seller.preview.data is not None and seller.preview.data.info.id == asset_id
    )
    mine.close()


def test_merging_duplicates_carries_the_votes_over(
    qtbot: QtBot, make_window: Callable[..., MainWindow], open_as: Open
) -> None:
    duplicate = open_as(SELLER).requests.create("ROI calculator for clinics")
    open_as(OWNER).requests.vote(duplicate.id)
    [survivor] = [r for r in open_as(OWNER).requests.list() if r.id != duplicate.id]
    window = make_window(MARKETER)
    queue = open_queue(qtbot, window, 2)
    queue.table.sortByColumn(QueueModel.VOTES, Qt.SortOrder.DescendingOrder)
    first = queue.proxy.index(0, 0).data()
    assert first == "ROI calculator for clinics"  # 1 vote beats 0
    select_request(qtbot, queue, duplicate.id)
    qtbot.mouseClick(queue.buttons["merge"], Qt.MouseButton.LeftButton)
    prompt = prompt_of(qtbot, queue)
    assert isinstance(prompt.field, QComboBox) and prompt.field.count() == 1
    assert prompt.field.currentData() == survivor.id
    qtbot.mouseClick(prompt.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1)
    [row] = queue.model.rows
    assert row.id == survivor.id and row.votes == 2  # sam (the duplicate's requester) + olivia
    queue.status.setCurrentIndex(queue.status.findData("merged"))
    qtbot.waitUntil(lambda: [r.id for r in queue.model.rows] == [duplicate.id])
    assert queue.model.rows[0].merged_into_id == survivor.id


def test_declining_needs_a_reason(
    qtbot: QtBot, make_window: Callable[..., MainWindow], open_as: Open
) -> None:
    window = make_window(MARKETER)
    queue = open_queue(qtbot, window, 1)
    request_id = queue.model.rows[0].id
    select_request(qtbot, queue, request_id)
    qtbot.mouseClick(queue.buttons["decline"], Qt.MouseButton.LeftButton)
    prompt = prompt_of(qtbot, queue)
    assert not prompt.ok.isEnabled()
    qtbot.keyClicks(prompt.field, "   ")
    assert not prompt.ok.isEnabled()
    qtbot.keyClicks(prompt.field, "We are building one for Q3")
    assert prompt.ok.isEnabled()
    qtbot.mouseClick(prompt.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 0)
    declined = open_as(OWNER).requests.get(request_id)
    assert (
        declined.status == "declined" and declined.resolution_note == "We are building one for Q3"
    )


# -- taxonomy --------------------------------------------------------------------


def open_taxonomy(qtbot: QtBot, window: MainWindow) -> TaxonomyDialog:
    dialog = window.marketing.show("taxonomy")
    assert isinstance(dialog, TaxonomyDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() >= 8)
    return dialog


def test_taxonomy_rename_nest_merge_and_synonyms(
    qtbot: QtBot, make_window: Callable[..., MainWindow], open_as: Open
) -> None:
    window = make_window(MARKETER)
    taxonomy = open_taxonomy(qtbot, window)
    assert taxonomy.select_tag("situation", "Discovery")
    assert "used by 1 asset" in taxonomy.heading.text()

    qtbot.mouseClick(taxonomy.buttons["rename"], Qt.MouseButton.LeftButton)
    prompt = prompt_of(qtbot, taxonomy)
    prompt.field.clear()
    qtbot.keyClicks(prompt.field, "Discovery call")
    qtbot.mouseClick(prompt.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: taxonomy.current_tag() is not None
                    and taxonomy.current_tag().label == "Discovery call")  # type: ignore[union-attr]  # fmt: skip
    [guide] = [a for a in open_as(OWNER).assets.list() if a.title.startswith("Discovery")]
    assert open_as(OWNER).assets.get(guide.id).tags["situation"] == ("Discovery call",)

    qtbot.mouseClick(taxonomy.buttons["nest"], Qt.MouseButton.LeftButton)
    nest = prompt_of(qtbot, taxonomy)
    assert nest is not prompt and isinstance(nest.field, QComboBox)
    nest.field.setCurrentIndex(nest.field.findData("Prospecting"))
    qtbot.mouseClick(nest.ok, Qt.MouseButton.LeftButton)
    prospecting = taxonomy.model.index_of_tag(
        next(t.id for t in taxonomy._tags if t.label == "Prospecting")
    )
    qtbot.waitUntil(lambda: taxonomy.model.rowCount(prospecting) == 1)
    assert taxonomy.model.index(0, 0, prospecting).data() == "Discovery call"

    qtbot.mouseClick(taxonomy.buttons["merge"], Qt.MouseButton.LeftButton)
    merge = prompt_of(qtbot, taxonomy)
    assert isinstance(merge.field, QComboBox)
    merge.field.setCurrentIndex(merge.field.findData("Prospecting"))
    qtbot.mouseClick(merge.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(taxonomy, "confirm_box", None) is not None)
    box = taxonomy.confirm_box
    assert "1 asset(s)" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: all(t.label != "Discovery call" for t in taxonomy._tags))
    assert open_as(OWNER).assets.get(guide.id).tags["situation"] == ("Prospecting",)
    qtbot.waitUntil(lambda: taxonomy.current_tag() is not None
                    and taxonomy.current_tag().label == "Prospecting")  # type: ignore[union-attr]  # fmt: skip
    assert "used by 1 asset" in taxonomy.heading.text()
    assert taxonomy.synonyms.toPlainText() == "Discovery call"  # the merged name stays findable

    taxonomy.synonyms.setFocus()
    qtbot.keyClick(taxonomy.synonyms, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(taxonomy.synonyms, Qt.Key.Key_Return)
    qtbot.keyClicks(taxonomy.synonyms, "cold outreach")
    qtbot.mouseClick(taxonomy.buttons["synonyms"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: taxonomy.current_tag() is not None
                    and "cold outreach" in taxonomy.current_tag().synonyms)  # type: ignore[union-attr]  # fmt: skip
    found = open_as(SELLER).search("cold outreach", log=False)
    assert guide.id in {h.asset_id for h in found.hits}

    qtbot.mouseClick(taxonomy.buttons["retire"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: taxonomy.current_tag() is not None and taxonomy.current_tag().retired)  # type: ignore[union-attr]
    assert not taxonomy.buttons["retire"].isEnabled()


# -- governance ------------------------------------------------------------------


def test_needs_attention_lists_an_expired_asset_and_opens_it(
    qtbot: QtBot, make_window: Callable[..., MainWindow], open_as: Open
) -> None:
    admin = open_as(OWNER)
    [deck] = [a for a in admin.assets.list() if a.kind == "pptx"]
    admin.assets.update(deck.id, review_by=date.today() - timedelta(days=2))
    window = make_window(MARKETER)
    dialog = window.marketing.show("needsAttention")
    assert isinstance(dialog, GovernanceDialog)
    qtbot.waitUntil(lambda: any(r.asset_id == deck.id for r in dialog.model.rows))
    dialog.reason.setCurrentIndex(dialog.reason.findData("expired"))
    assert [r.asset_id for r in dialog.model.rows] == [deck.id]
    assert "review date passed" in dialog.model.index(0, 3).data()
    index = dialog.proxy.index(0, 0)
    click_row(qtbot, dialog.table, index)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.preview.data is not None and window.preview.data.info.id == deck.id
    )


# -- users -----------------------------------------------------------------------


def test_admin_adds_a_user_and_cannot_demote_the_last_admin(
    qtbot: QtBot, make_window: Callable[..., MainWindow], open_as: Open
) -> None:
    window = make_window(OWNER)
    dialog = window.marketing.show("userAdmin")
    assert isinstance(dialog, UserAdminDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3 and dialog.new_segments.count() == 4)
    qtbot.keyClicks(dialog.new_name, "nina")
    qtbot.keyClicks(dialog.new_display, "Nina Novak")
    dialog.new_role.setCurrentIndex(dialog.new_role.findData("marketer"))
    smb = dialog.new_segments.findItems("SMB", Qt.MatchFlag.MatchExactly)[0]
    smb.setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4)
    nina = next(u for u in open_as(OWNER).users.list() if u.name == "nina")
    assert (nina.role, nina.display_name, nina.segments) == ("marketer", "Nina Novak", ("smb",))

    click_row(qtbot, dialog.table, dialog.model.index(dialog.model.row_of(OWNER), 0))
    dialog.role.setCurrentIndex(dialog.role.findData("seller"))
    qtbot.mouseClick(dialog.set_role_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "at least one admin" in dialog.message.text())
    assert next(u for u in open_as(OWNER).users.list() if u.name == OWNER).role == "admin"

    click_row(qtbot, dialog.table, dialog.model.index(dialog.model.row_of("sam"), 0))
    dialog.role.setCurrentIndex(dialog.role.findData("marketer"))
    qtbot.mouseClick(dialog.set_role_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.index(dialog.model.row_of("sam"), 2).data() == "Marketer")


def test_fulfilling_with_a_newly_imported_file(
    qtbot: QtBot, make_window: Callable[..., MainWindow], open_as: Open, tmp_path: Path
) -> None:
    filed = open_as(SELLER).requests.create(
        "Logistics one-pager", situation="Discovery", segment="SMB"
    )
    new_file = tmp_path / "logistics.txt"
    new_file.write_text("Logistics customers cut delivery times by a third.\n")
    window = make_window(MARKETER)
    queue = open_queue(qtbot, window, 2)
    select_request(qtbot, queue, filed.id)
    qtbot.mouseClick(queue.buttons["fulfil"], Qt.MouseButton.LeftButton)
    picker = queue.fulfil_dialog
    assert picker.import_button.isVisible()
    picker.choose_file(new_file)
    qtbot.waitUntil(
        lambda: open_as(OWNER).requests.get(filed.id).status == "fulfilled", timeout=20000
    )
    done = open_as(SELLER).requests.get(filed.id)
    assert done.fulfilling_asset_title == "logistics"
    assert open_as(SELLER).assets.get(done.fulfilling_asset_id).status == "published"  # type: ignore[arg-type]
