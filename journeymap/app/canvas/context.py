"""Right-click menus on the canvas: what can be done to the thing under the pointer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtWidgets import QMenu

from journeymap.model import TRANSITION_KINDS

from .items import CardItem, EdgeItem

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from .editing import CanvasEditor
    from .scene import JourneyScene
    from .view import JourneyView


class MenuHost(Protocol):
    """What the context menus use of the window: the canvas, its editor, the structure
    panel (to add a stage or lane) and the window's actions by name."""

    view: JourneyView
    scene: JourneyScene
    editor: CanvasEditor
    structure: Any

    def action(self, name: str) -> QAction: ...


def build_menu(window: MenuHost, view_pos: QPoint) -> QMenu:
    """The menu for the card, arrow, header or empty cell at ``view_pos``."""
    view, scene, editor = window.view, window.scene, window.editor
    scene_pos = view.mapToScene(view_pos)
    menu = QMenu(view)
    header = scene.header_at(scene_pos)
    item = None if header else next(
        (i for i in view.items(view_pos) if isinstance(i, (CardItem, EdgeItem))), None)
    if header is not None:
        kind, key = header
        scene.clearSelection()
        scene.select_header(header)
        menu.addAction(f"Rename {kind}…", lambda: editor.rename_header_inline(kind, key))
        panel = window.structure.lists[kind]
        panel.select(key)

        def add_after() -> None:
            panel.select(key)
            new = panel.add(f"New {kind}")
            if new is not None:
                editor.rename_header_inline(kind, new)

        menu.addAction(f"Add {kind} after", add_after)
        menu.addAction(f"Delete {kind}…", panel.delete)
    elif isinstance(item, CardItem):
        if not item.isSelected():
            scene.select_keys([item.key])
        for name in ("rename", "duplicate", "copy", "cut", "delete"):
            menu.addAction(window.action(name))
    elif isinstance(item, EdgeItem):
        scene.select_keys(transitions=[item.key])
        kinds = menu.addMenu("Kind")
        for kind in TRANSITION_KINDS:
            action = kinds.addAction(kind, lambda k=kind, key=item.key: editor.set_transition(
                key, kind=k))
            action.setCheckable(True)
            action.setChecked(item.transition.kind == kind)
        menu.addAction(window.action("delete"))
    else:
        at = QPointF(scene_pos)
        menu.addAction("Add touchpoint here", lambda: editor.add_touchpoint_at(at.x(), at.y()))
        menu.addAction(window.action("paste"))
        menu.addSeparator()
        menu.addAction(window.action("auto_layout"))
        menu.addAction(window.action("fit"))
    return menu
