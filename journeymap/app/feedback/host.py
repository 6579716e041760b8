"""What the feedback side needs of the window it plugs into, and nothing more: the
document, the scene and the view it colours, a status bar for messages, and the window's
ways of adding actions, menus and docks. The main window is one such host; a test can
build another from a bare QMainWindow."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDockWidget, QMenu, QStatusBar

    from ..canvas.scene import JourneyScene
    from ..canvas.view import JourneyView
    from ..document import JourneyDocument


class FeedbackHost(Protocol):
    document: JourneyDocument
    scene: JourneyScene
    view: JourneyView

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's name

    def add_action(self, menu: str | None, text: str, slot: Any = None, shortcut: Any = None,
                   **options: Any) -> QAction: ...

    def add_dock(self, dock: QDockWidget, area: Any = ..., menu: str = ...) -> QDockWidget: ...

    def menu(self, title: str) -> QMenu: ...

    def action(self, name: str) -> QAction: ...
