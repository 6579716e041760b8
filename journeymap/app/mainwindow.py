"""The main window: the canvas in the middle, panels in docks, actions in menus and toolbar.

The window owns no journey data: it has one :class:`JourneyDocument` and shows it. Panels and
actions are added through :meth:`MainWindow.add_dock` and :meth:`MainWindow.add_action`, so
other parts of the app (feedback panels, overlays) plug in without editing this file's body.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (QComboBox, QDockWidget, QLabel, QLineEdit, QMainWindow, QMenu,
                               QToolBar)

from shiboken6 import isValid

from journeymap.app import startup_done
from journeymap.model import Journey

from . import docklayout, recovery, shortcuts
from .canvas import emotion_lane
from .canvas.editing import CanvasEditor
from .canvas.scene import JourneyScene
from .canvas.view import JourneyView
from .document import JourneyDocument
from .files import SAMPLES, FileActions, blank_journey
from .history import HistoryDock
from .inspector import Inspector
from .structure import StructurePanel
from .toolbarfit import ToolbarFit

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"
#: The panels' contents are built right after the canvas's first paint; should it be shown
#: and not painted (hidden behind a dialog, minimised), this long after it is shown.
PANELS_AFTER_SHOW_MS = 300


class MainWindow(FileActions, QMainWindow):
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
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setIconSize(QSize(18, 18))
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.zoom_label = QLabel("100%")
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.view.zoom_changed.connect(lambda z: self.zoom_label.setText(f"{z:.0%}"))
        self.editor.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.selection_label = QLabel("")
        self.statusBar().addPermanentWidget(self.selection_label)
        self.scene.selectionChanged.connect(self._show_selection)
        self.document.undo_stack.cleanChanged.connect(self._update_title)
        self.document.path_changed.connect(self._update_title)
        self.document.reset.connect(self._update_title)
        self.document.changed.connect(self._update_title_on_change)
        self.recovery = recovery.RecoveryWriter(self.document, self.recovery_dir)
        self._build_actions()
        self._build_panels()
        self._build_help()
        self._update_title()
        self.fit_on_show()
        if offer_recovery:
            QTimer.singleShot(0, self.offer_recovery)

    # ------------------------------------------------------------------ plumbing
    def menu(self, title: str) -> QMenu:
        """The menu called ``title`` (created on first use, in order of first use)."""
        if title not in self.menus:
            help_menu = self.menus.get("&Help")
            if help_menu is None:
                self.menus[title] = self.menuBar().addMenu(title)
            else:  # Help stays last, whatever plugs in later
                self.menus[title] = QMenu(title, self)
                self.menuBar().insertMenu(help_menu.menuAction(), self.menus[title])
        return self.menus[title]

    def add_action(self, menu: str | None, text: str, slot: Callable[[], object] | None = None,
                   shortcut: QKeySequence.StandardKey | str | list | None = None,
                   name: str | None = None, tip: str = "", toolbar: bool = False,
                   checkable: bool = False, action: QAction | None = None,
                   icon: str | None = None) -> QAction:
        """Create (or take) an action, put it in ``menu`` (and the toolbar), register it by
        ``name`` for tests and plug-ins."""
        if action is None:
            action = QAction(text, self)
            if slot is not None:
                action.triggered.connect(lambda checked=False: slot())
        if shortcut is not None:
            action.setShortcuts(self._claim_keys(action, shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            shortcuts.set_primary(action, _primary_keys(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{tip} ({action.shortcut().toString()})"
                              if not action.shortcut().isEmpty() else tip)
        action.setCheckable(checkable)
        if icon is not None and (ICONS / f"{icon}.svg").exists():
            action.setIcon(QIcon(str(ICONS / f"{icon}.svg")))
        if menu is not None:
            self.menu(menu).addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        key = name or text.replace("&", "").replace("…", "").strip().lower().replace(" ", "_")
        self.actions_by_name[key] = action
        self.addAction(action)  # shortcuts work even when menus are hidden (presentation)
        return action

    def _claim_keys(self, action: QAction, shortcut) -> list[QKeySequence]:
        """The key sequences ``action`` gets, none of them bound twice in this window.

        A key two actions share is ambiguous and does nothing (Qt says "Ambiguous shortcut
        overload"). A platform's standard bindings are what users expect, but some platforms
        add alternatives (on X11 Delete is also Ctrl+D): a key given by name wins over a
        standard alternative, and two actions naming the same key is a programming error."""
        owners = self.__dict__.setdefault("_key_owners", {})
        keys: list[QKeySequence] = []
        for sequence, named in _key_sequences(shortcut):
            text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            owner = owners.get(text)
            if owner is not None and owner[0] is not action:
                if not named:
                    continue  # a standard alternative another action names: theirs
                if owner[1]:
                    raise ValueError(f"{text} is bound to both {owner[0].text()!r} and "
                                     f"{action.text()!r}")
                other = owner[0]  # ours by name: the other keeps its other bindings
                other.setShortcuts([k for k in other.shortcuts() if k != sequence])
            if all(k != sequence for k in keys):
                owners[text] = (action, named)
                keys.append(sequence)
        return keys

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
        self.add_action("&File", "&New…", self._offer_new, S.New, name="new",
                        icon="new", toolbar=True,
                        tip="Start from a template or a sample, or open a recent file")
        self.samples_menu = self.menu("&File").addMenu("New from &sample")
        for sample in sorted(SAMPLES.glob("*.journey.json")):
            self.samples_menu.addAction(sample.name.removesuffix(".journey.json")
                                        .replace("_", " ").capitalize(),
                                        lambda p=str(sample): self.new_from_sample(p))
        self.samples_menu.setEnabled(not self.samples_menu.isEmpty())
        self.add_action("&File", "&Open…", self.open_dialog, S.Open, name="open", icon="open",
                        tip="Open a journey file", toolbar=True)
        self.recent_menu = self.menu("&File").addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.add_action("&File", "&Save", self.save, S.Save, name="save", icon="save",
                        tip="Save the journey", toolbar=True)
        self.add_action("&File", "Save &As…", self.save_as, S.SaveAs, name="save_as",
                        tip="Save the journey to another file")
        self.add_action("&File", "Re&vert", self.revert, None, name="revert",
                        tip="Go back to the saved file")
        self.menu("&File").addSeparator()
        self.export_menu = self.menu("&File").addMenu("&Export")
        self.export_menu.setObjectName("export-menu")
        self.add_action(None, "Map as &PNG…", lambda: self.export_dialog("png"),
                        name="export_png", tip="Export the map as a PNG image")
        self.add_action(None, "Map as &SVG…", lambda: self.export_dialog("svg"),
                        name="export_svg", tip="Export the map as an SVG drawing")
        self.add_action(None, "Map as P&DF…", lambda: self.export_dialog("pdf"),
                        name="export_pdf", tip="Export the map as a PDF")
        for name in ("export_png", "export_svg", "export_pdf"):
            self.export_menu.addAction(self.action(name))
        self._build_format_exports()
        self.add_action(None, "S&lides…", self._export_slides,
                        name="export_slides", tip="A 16:9 deck to present: PDF or PNG pages")
        self.export_menu.addAction(self.action("export_slides"))
        self.menu("&File").addSeparator()
        self.add_action("&File", "&Quit", self.close, [S.Quit, "Ctrl+Q"], name="quit",
                        tip="Close the window (asks about unsaved changes)")
        self.toolbar.addSeparator()
        self.add_action("&Edit", "&Undo", action=undo, shortcut=S.Undo, name="undo", icon="undo",
                        toolbar=True)
        self.add_action("&Edit", "&Redo", action=redo, shortcut=[S.Redo, "Ctrl+Y", "Ctrl+Shift+Z"],
                        name="redo", icon="redo", toolbar=True)
        _short_toolbar_text(undo, "Undo", self.document.undo_stack.undoTextChanged)
        _short_toolbar_text(redo, "Redo", self.document.undo_stack.redoTextChanged)
        self.menu("&Edit").addSeparator()
        self.toolbar.addSeparator()
        self.add_action("&Edit", "Add &touchpoint", self.editor.add_touchpoint, "N",
                        name="add_touchpoint", icon="add-touchpoint", tip="Add a touchpoint", toolbar=True)
        self.add_action("&Edit", "Re&name", self.rename_selected, "F2", name="rename",
                        tip="Rename the selected touchpoint")
        self.add_action("&Edit", "&Delete", self.editor.delete_selection, ["Del", "Backspace"],
                        name="delete", tip="Delete the selection")
        self.menu("&Edit").addSeparator()
        self.add_action("&Edit", "Cu&t", self.editor.cut, S.Cut, name="cut")
        self.add_action("&Edit", "&Copy", self.editor.copy, S.Copy, name="copy")
        self.add_action("&Edit", "&Paste", self.editor.paste, S.Paste, name="paste")
        self.add_action("&Edit", "D&uplicate", self.editor.duplicate, "Ctrl+D", name="duplicate")
        self.add_action("&Edit", "Co&nnect selected", self.editor.connect_selected, "Ctrl+K",
                        name="connect", tip="Connect the selected cards in journey order",
                        icon="connect")
        self.add_action("&Edit", "Select &all", self.select_all, S.SelectAll, name="select_all")
        self.add_action("&Edit", "&Find touchpoint…", self.focus_find, S.Find, name="find",
                        tip="Find a touchpoint by its label, owner, channel or tag")
        self.menu("&Edit").addSeparator()
        self.add_action("&Edit", "&Auto layout", self.editor.auto_layout, "Ctrl+L",
                        name="auto_layout", icon="auto-layout", tip="Order cards along the flow", toolbar=True)
        self.toolbar.addSeparator()
        self.add_action("&View", "Zoom &in", self.view.zoom_in, [S.ZoomIn, "Ctrl+="], name="zoom_in")
        self.add_action("&View", "Zoom &out", self.view.zoom_out, S.ZoomOut, name="zoom_out")
        self.add_action("&View", "&Actual size", self.view.reset_zoom, "Ctrl+0",
                        name="actual_size")
        self.add_action("&View", "&Fit to window", self.view.fit_readable, "Ctrl+9", name="fit",
                        icon="fit", toolbar=True,
                        tip="The whole map while its cards stay readable; a wider map fills "
                            "the height and scrolls sideways")
        self.add_action("&View", "&Overview", self.toggle_overview, "O", name="overview",
                        checkable=True, tip="The whole journey, its stages wrapped into rows "
                                            "(click a stage to go there)")
        self.view.overview_toggled.connect(self.action("overview").setChecked)
        navigator = self.add_action("&View", "&Navigator", name="navigator", checkable=True,
                                    tip="The whole map in small under the canvas")
        navigator.setChecked(True)
        navigator.toggled.connect(self.view.show_navigator)
        self.add_action("&View", "&Present", lambda: self.presenter.start(), "Shift+F5", name="present", icon="present",
                        tip="Full screen, one stage at a time (arrows step, Esc leaves)",
                        toolbar=True)
        self.menu("&View").addSeparator()
        self.add_action("&Journey", "Add &stage…", lambda: self.structure.lists["stage"].add(),
                        name="add_stage", tip="Add a stage after the selected one")
        self.add_action("&Journey", "Add &lane…", lambda: self.structure.lists["lane"].add(),
                        name="add_lane", tip="Add a lane (a service-blueprint row)")
        self.add_action("&Journey", "Add &persona…",
                        lambda: self.structure.lists["persona"].add(), name="add_persona",
                        tip="Add a persona whose emotions the cards can show")
        # well-known icons say enough: their words would push the persona box off a laptop
        for name in ("new", "open", "save", "undo", "redo"):
            self.action(name).setPriority(QAction.Priority.LowPriority)
        self.toolbar.addSeparator()
        self.find_edit = QLineEdit()
        self.find_edit.setObjectName("find")
        self.find_edit.setPlaceholderText("Find…")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setMaximumWidth(200)
        self.find_edit.returnPressed.connect(self.find_next)
        self.find_edit.textChanged.connect(lambda _: setattr(self, "_found", []))
        self._found: list[str] = []
        self.toolbar.addWidget(self.find_edit)
        self.toolbar.addSeparator()
        self.persona_combo = QComboBox()
        self.persona_combo.setObjectName("persona-combo")
        self.persona_combo.setToolTip("Whose emotions the cards show")
        self.persona_combo.setMinimumContentsLength(14)
        self.persona_combo.activated.connect(
            lambda _: self.scene.set_persona(self.persona_combo.currentData()))
        self.toolbar.addWidget(QLabel(" Emotions of "))
        self.toolbar.addWidget(self.persona_combo)
        self.document.changed.connect(lambda changes: any(
            c.kind.startswith("persona.") for c in changes) and self._fill_personas())
        self.document.reset.connect(self._fill_personas)
        self._fill_personas()

    # the dialogs' modules are imported when first used, not before the first paint
    def _offer_new(self) -> None:
        from . import welcome

        welcome.offer(self)

    def _export_slides(self) -> None:
        from . import slides

        slides.export_slides(self)

    def _build_help(self) -> None:
        self.add_action("&Help", "&Keyboard shortcuts", self.show_shortcuts,
                        QKeySequence.StandardKey.HelpContents, name="shortcuts",
                        tip="Every key the window answers")
        self.add_action("&Help", "&About journeymap", self.show_about, name="about")

    def show_shortcuts(self) -> shortcuts.ShortcutsDialog:
        dialog = shortcuts.ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, "About journeymap", shortcuts.about_text())

    def _build_format_exports(self) -> None:
        """Mermaid and rendered figures, from journeymap.io and journeymap.render when they
        are installed; imported only when used, so start-up never pays for matplotlib."""
        from importlib.util import find_spec

        from . import exports

        for spec in exports.available(find_spec):
            self.add_action(None, spec.title, lambda s=spec: exports.run(self, s),
                            name=spec.name, tip=spec.tip)
            self.export_menu.addAction(self.action(spec.name))

    def _build_panels(self) -> None:
        """Docks and their actions; later parts of the app add theirs with add_dock."""
        # what you edit on the left, what the data says (feedback panels) on the right
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        self.inspector = self.add_dock(Inspector(self.document, self.scene, self), left)
        self.structure = self.add_dock(StructurePanel(
            self.document, self, message=lambda t: self.statusBar().showMessage(t, 5000)), left)
        self.history = self.add_dock(HistoryDock(self.document.undo_stack, self), left)
        self.tabifyDockWidget(self.inspector, self.structure)
        self.tabifyDockWidget(self.structure, self.history)
        self.inspector.raise_()
        self.resizeDocks([self.inspector], [310], Qt.Orientation.Horizontal)
        from .feedback import install_feedback

        install_feedback(self)  # heat overlay, feedback panels, import, heatmaps
        self.emotion_lane = emotion_lane.install(self)  # the emotion curve under the map
        from .decisions import install_decisions

        install_decisions(self)  # opportunities, key drivers, evidence levels, themes
        self.readable_tabs = docklayout.ReadableTabs(self)  # dock tabs scroll, never "F…"
        # on a narrow window buttons drop their words before Find and Emotions of are squeezed
        self.toolbar_fit = ToolbarFit(self.toolbar, [self.actions_by_name[n] for n in (
            "auto_layout", "emotion_lane", "fit", "present", "add_touchpoint")
            if n in self.actions_by_name])
        self.menu("&View").addSeparator()
        self.add_action("&View", "&Reset panel layout", self.default_panel_sizes,
                        name="reset_layout", tip="Every panel back in its place for this "
                        "window's size (one tabbed column on a small screen)")
        # what those docks show is built after the first paint (see build_panels)
        self.view.viewport().installEventFilter(self)

    @property
    def presenter(self):
        """Presentation mode, made when first asked for (not before the first paint)."""
        if self.__dict__.get("_presenter") is None:
            from .presentation import Presenter

            self._presenter = Presenter(self, self.view,
                                        lambda: [s.id for s in self.document.journey.stages])
        return self._presenter

    def presenting(self) -> bool:
        return self.__dict__.get("_presenter") is not None and self._presenter.active

    @property
    def decisions(self):
        """The decision panels (built on first use if the first paint has not come yet)."""
        if self.__dict__.get("_decisions") is None:
            from .decisions import Decisions

            self._decisions = Decisions(self)
        return self._decisions

    _panels_built = False

    def build_panels(self) -> None:
        """What the history, feedback and decision docks show. Their shells (titles,
        places, saved sizes) are there from the start; this fills them right after the first
        paint, so the map shows before their modules are even imported. Anything that needs
        a panel earlier builds it on demand. Once: the first paint and the show both ask."""
        if not isValid(self) or self._panels_built:
            return
        self._panels_built = True
        startup_done()  # the collector's usual pace again
        self.history.build()  # behind the inspector
        feedback = getattr(self, "feedback", None)
        if feedback is not None:
            feedback.build_panels()
        if getattr(self, "decision_docks", None) is not None:
            self.decisions  # noqa: B018 - built on first use

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.view.viewport():
            if event.type() == QEvent.Type.Paint:  # the first paint: right after it
                watched.removeEventFilter(self)
                QTimer.singleShot(0, self.build_panels)
            elif event.type() == QEvent.Type.Show:  # in case no paint comes
                QTimer.singleShot(PANELS_AFTER_SHOW_MS, self.build_panels)
        return super().eventFilter(watched, event)

    def toolbars(self) -> list[QToolBar]:
        return self.findChildren(QToolBar)

    def docks(self) -> list[QDockWidget]:
        return self.findChildren(QDockWidget)

    def _fill_personas(self) -> None:
        current = self.scene.persona
        self.persona_combo.clear()
        self.persona_combo.addItem("everyone (journey score)", None)
        for persona in self.document.journey.personas:
            self.persona_combo.addItem(persona.name, persona.id)
        index = self.persona_combo.findData(current)
        self.persona_combo.setCurrentIndex(max(0, index))
        if index < 0:
            self.scene.set_persona(None)

    def set_active_persona(self, key: str | None) -> None:
        self.persona_combo.setCurrentIndex(max(0, self.persona_combo.findData(key)))
        self.scene.set_persona(key)

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

    def _show_selection(self) -> None:
        if not isValid(self.scene):
            return
        cards, arrows = len(self.scene.selected_touchpoints()), \
            len(self.scene.selected_transitions())
        parts = [f"{cards} touchpoint{'s' * (cards != 1)}"] if cards else []
        parts += [f"{arrows} transition{'s' * (arrows != 1)}"] if arrows else []
        self.selection_label.setText(" and ".join(parts) + " selected" if parts else "")

    def focus_find(self) -> None:
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def find_next(self) -> str | None:
        """Select and centre the next touchpoint whose label, owner, channel, tags or
        description contain the find text (Enter again: the next one)."""
        text = self.find_edit.text().strip().lower()
        if not text:
            return None
        journey = self.document.journey
        matches = [tp.id for tp in journey.touchpoints() if text in " ".join(
            [tp.label, tp.owner, tp.channel, tp.description, *tp.tags]).lower()]
        if not matches:
            self.statusBar().showMessage(f"No touchpoint matches “{text}”.", 4000)
            return None
        current = self.scene.selected_touchpoints()
        after = matches.index(current[0]) + 1 if len(current) == 1 and current[0] in matches \
            else 0
        key = matches[after % len(matches)]
        self.scene.select_keys([key])
        self.view.centerOn(self.scene.cards[key])
        self.statusBar().showMessage(f"{matches.index(key) + 1} of {len(matches)} matches", 4000)
        return key

    def select_all(self) -> None:
        self.scene.select_keys(self.scene.cards)

    def toggle_overview(self) -> None:
        if self.presenting():  # O in presentation: its own overview
            self.presenter.overview()
        else:
            self.view.show_overview(not self.view.overview.isVisible())

    def fit_on_show(self) -> None:
        """Once the window has its size: the whole map, or for a wide map its full height
        from the left, so cards stay readable."""
        if self.isVisible():
            self.view.fit_readable()  # now, so nothing done next is undone by a late fit
        else:
            QTimer.singleShot(0, self.view.fit_readable)

    def show_restored(self) -> None:
        """Show with the size, place and panels of the last session (maximised the first
        time)."""
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if geometry is not None and self.restoreGeometry(geometry):
            if state is not None:
                self.restoreState(state)
            self.show()
        else:
            screen = self.screen().availableGeometry()
            # without a window manager (a bare X server) maximising does nothing: size it
            self.resize(int(screen.width() * 0.92), int(screen.height() * 0.92))
            self.move(screen.center() - self.rect().center())
            self.showMaximized()
            QTimer.singleShot(0, self.default_panel_sizes)

    def default_panel_sizes(self) -> None:
        """First start and View ▸ Reset panel layout: every panel in its place for the
        window's size (docklayout), the map fitted to what is left."""
        width = self.width()
        if self.isMaximized():  # first start: the window manager may not have sized it yet
            width = max(width, self.screen().availableGeometry().width())
        docklayout.arrange(self, width)
        self.view.fit_readable()
        # again once the docks have their new widths: a fit into the old width left a
        # wide map scrolled part-way under the lane names
        QTimer.singleShot(0, self.view.fit_readable)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.presenting():
            self.presenter.stop()
        if self.maybe_save():
            self.recovery.remove()
            self.settings.setValue("window/geometry", self.saveGeometry())
            self.settings.setValue("window/state", self.saveState())
            event.accept()
        else:
            event.ignore()

    def close_without_asking(self) -> None:
        self.document.undo_stack.setClean()
        self.close()

def _short_toolbar_text(action: QAction, verb: str, text_changed) -> None:
    """The toolbar button says just ``verb`` (the menu keeps "Undo Rename stage…", which
    could be any length); the step it would undo is in the button's tooltip."""
    def follow(step: str) -> None:
        if not isValid(action):  # the stack outlives its window's actions at closing
            return
        action.setIconText(verb)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{verb} {step}".strip() + (f" ({keys})" if keys else ""))

    text_changed.connect(follow)
    follow("")


def _primary_keys(shortcut) -> list[QKeySequence]:
    """The keys to document: those given by name, then each standard key's first binding."""
    items = shortcut if isinstance(shortcut, list) else [shortcut]
    named = [QKeySequence(i) for i in items if not isinstance(i, QKeySequence.StandardKey)]
    standard = [QKeySequence.keyBindings(i)[:1] for i in items
                if isinstance(i, QKeySequence.StandardKey)]
    out: list[QKeySequence] = []
    for key in named + [k for keys in standard for k in keys]:
        if not key.isEmpty() and key not in out:
            out.append(key)
    return out


def _key_sequences(shortcut) -> list[tuple[QKeySequence, bool]]:
    """(sequence, given by name) for every binding of a standard key on this platform and
    every key given as text, in order."""
    items = shortcut if isinstance(shortcut, list) else [shortcut]
    out: list[tuple[QKeySequence, bool]] = []
    for item in items:
        if isinstance(item, QKeySequence.StandardKey):
            out += [(k, False) for k in QKeySequence.keyBindings(item)]
        else:
            out.append((QKeySequence(item), True))
    return [(k, named) for k, named in out if not k.isEmpty()]


__all__ = ["MainWindow", "blank_journey"]
