"""The welcome: what to start from, at first launch and for File ▸ New.

Three lists side by side: the files opened lately, the sample journeys (rich maps with their
feedback, to explore), and templates (resources/templates: an e-commerce order, a SaaS
onboarding, a support contact, a blank service blueprint). A sample or template opens as a
new, unsaved journey; the file it came from stays untouched. The dialog only says what was
chosen (:attr:`WelcomeDialog.choice`); the window does it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QGridLayout, QLabel,
                               QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from journeymap.plain import plural

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_journeys"
TEMPLATES = ROOT / "resources" / "templates"
#: Templates in the order a consultant reaches for them (others follow by name).
TEMPLATE_ORDER = ("ecommerce_order", "saas_onboarding", "support_contact", "service_blueprint")
#: The settings key of "Show this window at start".
SHOW_AT_START = "welcome/show_at_start"


def describe(path: Path) -> tuple[str, str, str]:
    """(title, description, a line of counts) of a journey file, from a glance at its JSON
    (not a full load); the file name alone when it cannot be read."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        stages = data.get("stages") or []
        cards = sum(len(s.get("touchpoints") or []) for s in stages)
        sources = len(data.get("feedback_sources") or [])
        counts = [plural(len(stages), "stage"), plural(cards, "touchpoint")]
        if sources:
            counts.append(plural(sources, "feedback source"))
        return (str(data.get("title") or path.name), str(data.get("description") or ""),
                " · ".join(counts))
    except (OSError, ValueError, AttributeError, TypeError):
        return path.name.removesuffix(".journey.json"), "", ""


def templates() -> list[Path]:
    found = sorted(TEMPLATES.glob("*.journey.json"))
    order = {name: i for i, name in enumerate(TEMPLATE_ORDER)}
    return sorted(found, key=lambda p: (order.get(p.name.removesuffix(".journey.json"),
                                                  len(order)), p.name))


def samples() -> list[Path]:
    return sorted(SAMPLES.glob("*.journey.json"))


class WelcomeDialog(QDialog):
    """See the module docstring. ``choice`` is ("open", path), ("copy", path) for a sample
    or template, ("blank", "") or ("browse", "") once accepted."""

    def __init__(self, recent: list[str], parent: QWidget | None = None,
                 show_at_start: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to journeymap")
        self.setObjectName("welcome")
        self.choice: tuple[str, str] | None = None
        self.lists: dict[str, QListWidget] = {}
        grid = QGridLayout()
        columns = (
            ("recent", "Recent files", [(Path(p), "open") for p in recent if Path(p).exists()],
             "Nothing opened yet"),
            ("samples", "Samples, with their feedback", [(p, "copy") for p in samples()],
             "No samples installed"),
            ("templates", "Templates", [(p, "copy") for p in templates()],
             "No templates installed"))
        for column, (key, title, entries, empty) in enumerate(columns):
            heading = QLabel(f"<b>{title}</b>")
            listing = QListWidget()
            listing.setObjectName(f"welcome-{key}")
            listing.setWordWrap(True)
            listing.setSpacing(4)
            for path, action in entries:
                name, description, counts = describe(path)
                second = f"{path.name} · {counts}" if key == "recent" else counts
                item = QListWidgetItem(f"{name}\n{second}" if second else name)
                item.setData(Qt.ItemDataRole.UserRole, (action, str(path)))
                item.setToolTip(f"{description}\n\n{path}".strip())
                listing.addItem(item)
            if not entries:
                item = QListWidgetItem(empty)
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                listing.addItem(item)
            listing.itemActivated.connect(self._activated)
            listing.itemDoubleClicked.connect(self._activated)
            listing.currentItemChanged.connect(lambda current, _old, k=key: self._selected(k))
            grid.addWidget(heading, 0, column)
            grid.addWidget(listing, 1, column)
            self.lists[key] = listing
        intro = QLabel("Open a journey you worked on, explore a sample with its survey and "
                       "event log, or start from a template. Samples and templates open as "
                       "new journeys: saving asks where.")
        intro.setWordWrap(True)
        self.show_at_start = QCheckBox("Show this window when journeymap starts")
        self.show_at_start.setChecked(show_at_start)
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton("Open", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open_current)
        browse = QPushButton("Open a file…")
        browse.clicked.connect(lambda: self.choose("browse", ""))
        blank = QPushButton("Blank journey")
        blank.clicked.connect(lambda: self.choose("blank", ""))
        buttons.addButton(browse, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(blank, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid, 1)
        layout.addWidget(self.show_at_start)
        layout.addWidget(buttons)
        self.resize(860, 460)

    def entries(self, key: str) -> list[tuple[str, str]]:
        """(action, path) of every entry in the list ``key`` (recent, samples, templates)."""
        listing = self.lists[key]
        return [listing.item(i).data(Qt.ItemDataRole.UserRole) for i in range(listing.count())
                if listing.item(i).data(Qt.ItemDataRole.UserRole)]

    def choose(self, action: str, path: str) -> None:
        self.choice = (action, path)
        self.accept()

    def _selected(self, key: str) -> None:
        for other, listing in self.lists.items():  # one selection across the three lists
            if other != key:
                listing.blockSignals(True)
                listing.setCurrentRow(-1)
                listing.clearSelection()
                listing.blockSignals(False)
        item = self.lists[key].currentItem()
        self.open_button.setEnabled(item is not None and bool(item.data(Qt.ItemDataRole.UserRole)))

    def _current(self) -> tuple[str, str] | None:
        for listing in self.lists.values():
            item = listing.currentItem()
            if item is not None and item.data(Qt.ItemDataRole.UserRole):
                return item.data(Qt.ItemDataRole.UserRole)
        return None

    def _open_current(self) -> None:
        current = self._current()
        if current is not None:
            self.choose(*current)

    def _activated(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if data:
            self.choose(*data)


class Starter(Protocol):
    """What the welcome needs of a window: its settings and recent files, and the ways to
    open, copy or start a journey (the main window's file actions)."""

    settings: QSettings

    def recent_files(self) -> list[str]: ...
    def maybe_save(self) -> bool: ...
    def open_path(self, path: str, interactive: bool = True) -> bool: ...
    def new_from_sample(self, path: str) -> bool: ...
    def new_blank(self) -> None: ...
    def open_dialog(self) -> None: ...


def offer(window: Starter) -> WelcomeDialog:
    """Show the welcome over ``window`` (window-modal, not blocking); on a choice, do it."""
    dialog = WelcomeDialog(window.recent_files(), window,  # type: ignore[arg-type]
                           show_at_start=shows_at_start(window.settings))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.finished.connect(lambda result: _chosen(window, dialog, result))
    dialog.open()
    return dialog


def shows_at_start(settings: QSettings) -> bool:
    return str(settings.value(SHOW_AT_START, "true")).lower() in ("true", "1")


def offer_at_start(window: Starter) -> WelcomeDialog | None:
    """At launch without a file: the welcome, unless the user turned it off or a recovered
    journey is on screen (after any recovery question has been answered)."""
    from PySide6.QtWidgets import QApplication

    if QApplication.activeModalWidget() is not None:  # the recovery question first
        QTimer.singleShot(200, lambda: offer_at_start(window))
        return None
    document = window.document  # type: ignore[attr-defined]
    if not shows_at_start(window.settings) or document.modified or document.path:
        return None
    return offer(window)


def _chosen(window: Starter, dialog: WelcomeDialog, result: int) -> None:
    window.settings.setValue(SHOW_AT_START, dialog.show_at_start.isChecked())
    if result != QDialog.DialogCode.Accepted or dialog.choice is None:
        return
    action, path = dialog.choice
    if action == "open":
        if window.maybe_save():
            window.open_path(path)
    elif action == "copy":
        window.new_from_sample(path)
    elif action == "blank":
        window.new_blank()
    elif action == "browse":
        window.open_dialog()
