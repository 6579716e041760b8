"""The main window: the canvas in the middle, panels in docks, actions in menus and toolbar.

The window owns no journey data: it has one :class:`JourneyDocument` and shows it. Panels and
actions are added through :meth:`MainWindow.add_dock` and :meth:`MainWindow.add_action`, so
other parts of the app (feedback panels, overlays) plug in without editing this file's body.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (QDockWidget, QFileDialog, QLabel, QMainWindow, QMenu,
                               QMessageBox, QToolBar, QWidget)

from journeymap.model import Journey, JourneyFileError, Lane, Stage

from .canvas.editing import CanvasEditor
from .canvas.scene import JourneyScene
from .canvas.view import JourneyView
from .dialogs import show_file_error
from .document import JourneyDocument

FILE_FILTER = "Journey files (*.journey.json *.json);;All files (*)"
BLANK_STAGES = ("Awareness", "Consideration", "Purchase", "Use", "Loyalty")


def blank_journey() -> Journey:
    """A new journey: the classic five stages and the four blueprint lanes, ready to fill."""
    journey = Journey("Untitled journey")
    for name in BLANK_STAGES:
        journey.add_stage(Stage(journey.new_id(name), name))
    return journey


class MainWindow(QMainWindow):
    """One window, one document."""

    def __init__(self, journey: Journey | None = None, path: str | None = None,
                 offer_recovery: bool = True, settings: QSettings | None = None,
                 recovery_dir: str | Path | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else QSettings()
        self.recovery_dir = Path(recovery_dir) if recovery_dir is not None else None
        self.document = JourneyDocument(journey if journey is not None else blank_journey(),
                                        path, self)
        self.scene = JourneyScene(self.document, self)
        self.view = JourneyView(self.scene, self)
        self.editor = CanvasEditor(self.document, self.scene)
        self.view.editor = self.editor
        self.setCentralWidget(self.view)
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self.menus: dict[str, QMenu] = {}
        self.actions_by_name: dict[str, QAction] = {}
        self.toolbar = QToolBar("Main", self)
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.zoom_label = QLabel("100%")
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.view.zoom_changed.connect(lambda z: self.zoom_label.setText(f"{z:.0%}"))
        self.editor.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.document.undo_stack.cleanChanged.connect(self._update_title)
        self.document.path_changed.connect(self._update_title)
        self.document.reset.connect(self._update_title)
        self.document.changed.connect(self._update_title_on_change)
        self._build_actions()
        self._build_panels()
        self._update_title()
        self._fitted = False

    # ------------------------------------------------------------------ plumbing
    def menu(self, title: str) -> QMenu:
        """The menu called ``title`` (created on first use, in order of first use)."""
        if title not in self.menus:
            self.menus[title] = self.menuBar().addMenu(title)
        return self.menus[title]

    def add_action(self, menu: str | None, text: str, slot: Callable[[], object] | None = None,
                   shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                   name: str | None = None, tip: str = "", toolbar: bool = False,
                   checkable: bool = False, action: QAction | None = None) -> QAction:
        """Create (or take) an action, put it in ``menu`` (and the toolbar), register it by
        ``name`` for tests and plug-ins."""
        if action is None:
            action = QAction(text, self)
            if slot is not None:
                action.triggered.connect(lambda checked=False: slot())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut) if isinstance(shortcut, str) else shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{tip} ({action.shortcut().toString()})"
                              if not action.shortcut().isEmpty() else tip)
        action.setCheckable(checkable)
        if menu is not None:
            self.menu(menu).addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        key = name or text.replace("&", "").replace("…", "").strip().lower().replace(" ", "_")
        self.actions_by_name[key] = action
        self.addAction(action)  # shortcuts work even when menus are hidden (presentation)
        return action

    def add_dock(self, dock: QDockWidget, area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
                 menu: str = "&View") -> QDockWidget:
        """Add a panel and a View-menu entry that shows or hides it."""
        if not dock.objectName():
            dock.setObjectName(dock.windowTitle().lower().replace(" ", "-"))
        self.addDockWidget(area, dock)
        self.menu(menu).addAction(dock.toggleViewAction())
        return dock

    def action(self, name: str) -> QAction:
        return self.actions_by_name[name]

    # ------------------------------------------------------------------ actions
    def _build_actions(self) -> None:
        S = QKeySequence.StandardKey
        undo = self.document.undo_stack.createUndoAction(self, "&Undo")
        redo = self.document.undo_stack.createRedoAction(self, "&Redo")
        self.add_action("&File", "&New", self.new_blank, S.New, name="new",
                        tip="Start a new journey")
        self.add_action("&File", "&Open…", self.open_dialog, S.Open, name="open",
                        tip="Open a journey file", toolbar=True)
        self.add_action("&File", "&Save", self.save, S.Save, name="save",
                        tip="Save the journey", toolbar=True)
        self.add_action("&File", "Save &As…", self.save_as, S.SaveAs, name="save_as",
                        tip="Save the journey to another file")
        self.menu("&File").addSeparator()
        self.add_action("&File", "&Quit", self.close, S.Quit, name="quit")
        self.toolbar.addSeparator()
        self.add_action("&Edit", "&Undo", action=undo, shortcut=S.Undo, name="undo",
                        toolbar=True)
        self.add_action("&Edit", "&Redo", action=redo, shortcut=S.Redo, name="redo",
                        toolbar=True)
        self.menu("&Edit").addSeparator()
        self.toolbar.addSeparator()
        self.add_action("&Edit", "Add &touchpoint", self.editor.add_touchpoint, "N",
                        name="add_touchpoint", tip="Add a touchpoint", toolbar=True)
        self.add_action("&Edit", "Re&name", self.rename_selected, "F2", name="rename",
                        tip="Rename the selected touchpoint")
        self.add_action("&Edit", "&Delete", self.editor.delete_selection, S.Delete,
                        name="delete", tip="Delete the selection")
        self.menu("&Edit").addSeparator()
        self.add_action("&Edit", "Cu&t", self.editor.cut, S.Cut, name="cut")
        self.add_action("&Edit", "&Copy", self.editor.copy, S.Copy, name="copy")
        self.add_action("&Edit", "&Paste", self.editor.paste, S.Paste, name="paste")
        self.add_action("&Edit", "D&uplicate", self.editor.duplicate, "Ctrl+D", name="duplicate")
        self.add_action("&Edit", "Select &all", self.select_all, S.SelectAll, name="select_all")
        self.menu("&Edit").addSeparator()
        self.add_action("&Edit", "&Auto layout", self.editor.auto_layout, "Ctrl+L",
                        name="auto_layout", tip="Order cards along the flow", toolbar=True)
        self.toolbar.addSeparator()
        self.add_action("&View", "Zoom &in", self.view.zoom_in, S.ZoomIn, name="zoom_in")
        self.add_action("&View", "Zoom &out", self.view.zoom_out, S.ZoomOut, name="zoom_out")
        self.add_action("&View", "&Actual size", self.view.reset_zoom, "Ctrl+0",
                        name="actual_size")
        self.add_action("&View", "&Fit to window", self.view.fit, "Ctrl+9", name="fit",
                        tip="Show the whole map", toolbar=True)
        self.menu("&View").addSeparator()

    def _build_panels(self) -> None:
        """Docks and their actions; later parts of the app add theirs with add_dock."""
        from .feedback import install_feedback

        install_feedback(self)  # heat overlay, feedback panels, import, heatmaps

    # ------------------------------------------------------------------ title
    def _update_title(self, *_: object) -> None:
        self.setWindowTitle(f"{self.document.display_name()}[*] — journeymap")
        self.setWindowModified(self.document.modified)

    def _update_title_on_change(self, changes: list) -> None:
        if not self.document.path and any(c.kind == "journey.changed" for c in changes):
            self._update_title()

    # ------------------------------------------------------------------ canvas helpers
    def rename_selected(self) -> None:
        keys = self.scene.selected_touchpoints()
        if keys:
            self.view.centerOn(self.scene.cards[keys[0]])
            self.editor.rename_inline(keys[0])
        elif self.scene.current_header:
            self.editor.rename_header_inline(*self.scene.current_header)

    def select_all(self) -> None:
        self.scene.select_keys(self.scene.cards)

    def fit_on_show(self) -> None:
        """Fit the map once the window has its size (first show, open)."""
        QTimer.singleShot(0, self.view.fit)

    # ------------------------------------------------------------------ files
    def maybe_save(self) -> bool:
        """Ask what to do with unsaved changes; False when the user cancels."""
        if not self.document.modified:
            return True
        answer = QMessageBox.question(
            self, "Unsaved changes",
            f"Save the changes to {self.document.display_name()} before closing it?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_blank(self) -> None:
        if self.maybe_save():
            self.document.set_journey(blank_journey(), None)
            self.fit_on_show()

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Open journey", self._last_folder(),
                                              FILE_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str, interactive: bool = True) -> bool:
        """Open ``path``; on failure show the problems (or print them when not interactive)
        and keep the current journey."""
        try:
            self.document.open(path)
        except JourneyFileError as exc:
            if interactive:
                show_file_error(self, "open", exc)
            else:
                import sys

                print("\n".join(exc.lines()), file=sys.stderr)
            return False
        self._remember(path)
        self.fit_on_show()
        self.statusBar().showMessage(f"Opened {path}", 4000)
        return True

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        suggested = self.document.path or str(Path(self._last_folder()) /
                                              (_file_stem(self.document.journey.title)
                                               + ".journey.json"))
        path, _ = QFileDialog.getSaveFileName(self, "Save journey as", suggested, FILE_FILTER)
        if not path:
            return False
        if not path.endswith(".json"):
            path += ".journey.json"
        return self._save_to(path)

    def _save_to(self, path: str) -> bool:
        try:
            self.document.save(path)
        except JourneyFileError as exc:
            show_file_error(self, "save", exc)
            return False
        self._remember(path)
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    def _remember(self, path: str) -> None:
        self.settings.setValue("last_folder", str(Path(path).resolve().parent))

    def _last_folder(self) -> str:
        return str(self.settings.value("last_folder", str(Path.cwd())))

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.maybe_save():
            event.accept()
        else:
            event.ignore()

    def close_without_asking(self) -> None:
        self.document.undo_stack.setClean()
        self.close()

    # ------------------------------------------------------------------ drops
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.isLocalFile() and u.toLocalFile().endswith(".json")
               for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files and self.maybe_save():
            event.acceptProposedAction()
            self.open_path(files[0])


def _file_stem(title: str) -> str:
    from journeymap.model import slug

    return slug(title, "journey")


__all__ = ["MainWindow", "blank_journey", "Lane"]
