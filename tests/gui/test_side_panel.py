"""The side panel and the filter box as widgets: the requests they emit for mouse and keyboard actions."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from paperdesk.gui.filter_box import ALL_ENTRIES, FilterBox
from paperdesk.gui.side_panel import HighlightIdRole, SidePanel


@dataclass(frozen=True)
class H:
    id: str
    quote: str
    note: str = ""
    color: int = 0
    orphan: bool = False


def test_status_buttons_and_tag_chips(qtbot):
    panel = SidePanel()
    qtbot.addWidget(panel)
    panel.show_entry("A paper", "reading", ["rl", "nlp"], {"rl": "#ff0000"}, [], [])
    assert panel.status_buttons["reading"].isChecked()
    with qtbot.waitSignal(panel.statusRequested) as status:
        qtbot.mouseClick(panel.status_buttons["read"], Qt.MouseButton.LeftButton)
    assert status.args == ["read"]
    assert panel.chip_tags() == ["rl", "nlp"]
    chip = panel.chips_layout.itemAt(0).widget()
    with qtbot.waitSignal(panel.tagRemoved) as removed:
        qtbot.mouseClick(chip.remove_button, Qt.MouseButton.LeftButton)
    assert removed.args == ["rl"]
    with qtbot.waitSignal(panel.tagColorChosen) as colored:
        chip.color_menu().actions()[0].trigger()
    assert colored.args[0] == "rl" and colored.args[1].startswith("#")


def test_tag_editor_adds_comma_separated_tags_with_completion(qtbot):
    panel = SidePanel()
    qtbot.addWidget(panel)
    panel.show_entry("A paper")
    panel.set_known_tags(["robotics", "RL", "nlp"])
    assert panel.tag_model.stringList() == ["nlp", "RL", "robotics"]
    added: list[str] = []
    panel.tagAdded.connect(added.append)
    qtbot.keyClicks(panel.tag_editor, "vision, to-read")
    qtbot.keyClick(panel.tag_editor, Qt.Key.Key_Return)
    assert added == ["vision", "to-read"]
    assert panel.tag_editor.text() == ""


def test_highlights_and_orphans_are_listed_apart(qtbot):
    panel = SidePanel()
    qtbot.addWidget(panel)
    panel.show()
    placed = [H("h1", "a quoted\n passage", note="why"), H("h2", "another", color=3)]
    orphans = [H("h3", "gone text", orphan=True)]
    panel.show_entry("A paper", "unread", [], {}, placed, orphans)
    assert panel.highlight_list.count() == 2 and panel.orphan_list.count() == 1
    assert "“a quoted passage”" in panel.highlight_list.item(0).text()
    assert "why" in panel.highlight_list.item(0).text()
    assert panel.orphan_list.isVisible() and panel.relink_button.isVisible()
    with qtbot.waitSignal(panel.highlightActivated) as activated:
        rect = panel.highlight_list.visualItemRect(panel.highlight_list.item(1))
        qtbot.mouseClick(panel.highlight_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert activated.args == ["h2"]
    texts = [a.text() for a in panel.highlight_menu("h3").actions()]
    assert "Relink to selection" in texts and "Delete" in texts
    assert "Relink to selection" not in [a.text() for a in panel.highlight_menu("h1").actions()]
    with qtbot.waitSignal(panel.relinkRequested) as relink:
        panel.relink_button.click()
    assert relink.args == ["h3"]
    panel.show_entry("A paper", "unread", [], {}, placed, [])
    assert not panel.orphan_list.isVisible()
    assert panel.highlight_list.item(0).data(HighlightIdRole) == "h1"


def test_filter_box_emits_every_keystroke_and_manages_smart_folders(qtbot):
    box = FilterBox()
    qtbot.addWidget(box)
    seen: list[str] = []
    box.queryChanged.connect(seen.append)
    qtbot.keyClicks(box.edit, "tag:rl")
    assert seen == ["t", "ta", "tag", "tag:", "tag:r", "tag:rl"]
    box.set_saved_searches({"Unread RL": "tag:rl status:unread", "Old": "year:..2015"})
    assert [box.folders.itemText(i) for i in range(box.folders.count())] == [ALL_ENTRIES, "Old", "Unread RL"]
    box.choose_folder("Unread RL")
    assert box.text() == "tag:rl status:unread"
    box.set_text("")
    box._ask_save()
    assert box.problem.isVisibleTo(box) and "Type a filter" in box.problem.text()
    with qtbot.waitSignal(box.deleteRequested) as deleted:
        box.folders.setCurrentIndex(box.folders.findText("Old"))
        box.delete_button.click()
    assert deleted.args == ["Old"]


def test_status_buttons_show_their_icons_alone_when_their_words_do_not_fit(qtbot):
    panel = SidePanel()
    qtbot.addWidget(panel)
    panel.show_entry("A paper", "reading", [], {}, [], [])
    panel.resize(420, 500)
    panel.show()
    qtbot.waitExposed(panel)
    words = Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    assert all(b.toolButtonStyle() == words for b in panel.status_buttons.values())
    narrow = panel.minimumWidth()
    assert sum(b.sizeHint().width() for b in panel.status_buttons.values()) > narrow - 20  # the words cannot fit
    panel.resize(narrow, 500)   # no elided "U…d": the icons alone, named in their tooltips
    qtbot.waitUntil(lambda: panel.width() == narrow)
    assert all(b.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly for b in panel.status_buttons.values())
    assert [b.accessibleName() for b in panel.status_buttons.values()] == ["Unread", "Reading", "Read"]
    panel.resize(420, 500)
    qtbot.waitUntil(lambda: panel.width() == 420)
    assert all(b.toolButtonStyle() == words for b in panel.status_buttons.values())

