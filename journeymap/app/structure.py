"""The structure dock: stages, lanes and personas — add, rename, reorder, delete.

Reordering is a drag in the list (or the arrow buttons); deleting a stage or lane that holds
touchpoints asks whether to move them to a neighbour or delete them with it. Every change is
one undo entry; the lists follow the document's change notices.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDockWidget, QHBoxLayout, QInputDialog,
                               QListWidget, QListWidgetItem, QMessageBox, QPushButton,
                               QTabWidget, QVBoxLayout, QWidget)

from journeymap.model import Lane, Persona, Stage

from .document import JourneyDocument

#: ask(kind, name, count, neighbour_name) -> "move", "delete" or None (cancel)
Ask = Callable[[QWidget, str, str, int, str | None], str | None]


def ask_what_to_do(parent: QWidget, kind: str, name: str, count: int,
                   neighbour: str | None) -> str | None:
    """Ask what happens to the touchpoints of a stage or lane being deleted."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(f"Delete {kind}")
    box.setText(f"The {kind} “{name}” holds {count} touchpoint{'s' * (count != 1)}.")
    box.setInformativeText("What should happen to them? (Undo brings everything back.)")
    move = box.addButton(f"Move them to “{neighbour}”", QMessageBox.ButtonRole.AcceptRole) \
        if neighbour else None
    delete = box.addButton("Delete them too", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if move is not None and box.clickedButton() is move:
        return "move"
    if box.clickedButton() is delete:
        return "delete"
    return None


class ElementList(QWidget):
    """One ordered list (stages, lanes or personas) with its buttons."""

    def __init__(self, panel: StructurePanel, kind: str) -> None:
        super().__init__()
        self.panel = panel
        self.kind = kind
        self.list = QListWidget()
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.model().rowsMoved.connect(self._rows_moved)
        self.list.itemChanged.connect(self._item_renamed)
        self.list.itemDoubleClicked.connect(self.list.editItem)
        buttons = QHBoxLayout()
        for text, slot, tip in (("Add", self.add, f"Add a {kind}"),
                                ("Delete", self.delete, f"Delete the selected {kind}"),
                                ("▲", lambda: self.shift(-1), "Move up"),
                                ("▼", lambda: self.shift(1), "Move down")):
            button = QPushButton(text)
            button.setToolTip(tip)
            # clicked(bool) would arrive as add()'s name: call the slot with nothing
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            button.setObjectName(f"{kind}-{text}")
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self._loading = False

    @property
    def journey(self):
        return self.panel.document.journey

    def elements(self) -> list:
        return {"stage": self.journey.stages, "lane": self.journey.lanes,
                "persona": self.journey.personas}[self.kind]

    def reload(self) -> None:
        current = self.current_key()
        self._loading = True
        self.list.clear()
        for element in self.elements():
            item = QListWidgetItem(element.name)
            item.setData(Qt.ItemDataRole.UserRole, element.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            item.setToolTip(element.description or element.id)
            self.list.addItem(item)
            if element.id == current:
                self.list.setCurrentItem(item)
        self._loading = False

    def current_key(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select(self, key: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == key:
                self.list.setCurrentRow(i)

    # ------------------------------------------------------------------ edits
    def add(self, name: str | None = None) -> str | None:
        if name is None:
            name, ok = QInputDialog.getText(self, f"Add {self.kind}", f"Name of the new "
                                                                      f"{self.kind}:")
            if not ok or not name.strip():
                return None
        name = name.strip()
        j = self.journey
        key = j.new_id(name, {"stage": "", "lane": "lane", "persona": "persona"}[self.kind])
        cls = {"stage": Stage, "lane": Lane, "persona": Persona}[self.kind]
        current = self.current_key()
        index = None
        if current is not None:
            index = [e.id for e in self.elements()].index(current) + 1
        adder = {"stage": j.add_stage, "lane": j.add_lane, "persona": j.add_persona}[self.kind]
        with self.panel.document.gesture(f"Add {self.kind} {name}") as g:
            g.add(adder(cls(key, name), index))
        self.select(key)
        return key

    def rename(self, key: str, name: str) -> None:
        j = self.journey
        update = {"stage": j.update_stage, "lane": j.update_lane,
                  "persona": j.update_persona}[self.kind]
        with self.panel.document.gesture(f"Rename {self.kind} to {name}") as g:
            g.add(update(key, name=name))

    def move(self, key: str, index: int) -> None:
        j = self.journey
        mover = {"stage": j.move_stage, "lane": j.move_lane, "persona": j.move_persona}[self.kind]
        with self.panel.document.gesture(f"Move {self.kind}") as g:
            g.add(mover(key, index))
        self.select(key)

    def shift(self, step: int) -> None:
        key = self.current_key()
        if key is not None:
            index = [e.id for e in self.elements()].index(key) + step
            if 0 <= index < len(self.elements()):
                self.move(key, index)

    def delete(self) -> bool:
        key = self.current_key()
        if key is None:
            return False
        j = self.journey
        elements = self.elements()
        index = [e.id for e in elements].index(key)
        name = elements[index].name
        if self.kind == "persona":
            with self.panel.document.gesture(f"Delete persona {name}") as g:
                g.add(j.remove_persona(key))
            return True
        if self.kind == "lane" and len(elements) == 1:
            self.panel.message("A journey needs at least one lane.")
            return False
        members = (j.touchpoint_ids(key) if self.kind == "stage"
                   else [t.id for t in j.touchpoints() if t.lane == key])
        neighbour = elements[index - 1] if index > 0 else (
            elements[index + 1] if len(elements) > 1 else None)
        move_to = None
        if members:
            answer = self.panel.ask(self, self.kind, name, len(members),
                                    neighbour.name if neighbour else None)
            if answer is None:
                return False
            if answer == "move" and neighbour is not None:
                move_to = neighbour.id
        remover = j.remove_stage if self.kind == "stage" else j.remove_lane
        with self.panel.document.gesture(f"Delete {self.kind} {name}") as g:
            g.add(remover(key, move_to=move_to))
        return True

    # ------------------------------------------------------------------ list signals
    def _rows_moved(self, parent, start: int, end: int, destination, row: int) -> None:
        if self._loading:
            return
        keys = [self.list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.list.count())]
        order = [e.id for e in self.elements()]
        moved = next((k for k, o in zip(keys, order) if k != o), None)
        if moved is not None:
            self.move(moved, keys.index(moved))

    def _item_renamed(self, item: QListWidgetItem) -> None:
        if self._loading:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        name = item.text().strip()
        current = next(e.name for e in self.elements() if e.id == key)
        if name and name != current:
            self.rename(key, name)
        else:
            self.reload()


class StructurePanel(QDockWidget):
    """Stages, lanes and personas of the journey."""

    def __init__(self, document: JourneyDocument, parent: QWidget | None = None,
                 message: Callable[[str], None] = lambda text: None) -> None:
        super().__init__("Structure", parent)
        self.setObjectName("structure")
        self.document = document
        self.message = message
        self.ask: Ask = ask_what_to_do
        self.tabs = QTabWidget()
        self.lists = {kind: ElementList(self, kind) for kind in ("stage", "lane", "persona")}
        for kind, title in (("stage", "Stages"), ("lane", "Lanes"), ("persona", "Personas")):
            self.tabs.addTab(self.lists[kind], title)
        self.setWidget(self.tabs)
        document.changed.connect(self._on_changes)
        document.reset.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        for element_list in self.lists.values():
            element_list.reload()

    def _on_changes(self, changes: list) -> None:
        kinds = {c.kind.split(".")[0] for c in changes}
        for kind in kinds & set(self.lists):
            self.lists[kind].reload()
