"""What the window does with files: new, open, recent, save, revert, export, recovery, drops.

A mixin of :class:`~.mainwindow.MainWindow` (it uses the window's document, scene, settings
and status bar), kept apart so the window's module stays about panels and actions.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from journeymap.model import Journey, JourneyFileError, Stage, load, slug

from . import recovery
from .dialogs import show_file_error

FILE_FILTER = "Journey files (*.journey.json *.json);;All files (*)"
SAMPLES = Path(__file__).resolve().parents[2] / "sample_journeys"
MAX_RECENT = 10
BLANK_STAGES = ("Awareness", "Consideration", "Purchase", "Use", "Loyalty")


def blank_journey() -> Journey:
    """A new journey: the classic five stages and the four blueprint lanes, ready to fill."""
    journey = Journey("Untitled journey")
    for name in BLANK_STAGES:
        journey.add_stage(Stage(journey.new_id(name), name))
    return journey



class FileActions:
    """File handling for the main window."""

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

    def new_from_sample(self, path: str) -> bool:
        """A new, unsaved journey copied from a sample (the sample file stays untouched)."""
        if not self.maybe_save():
            return False
        try:
            journey = load(path)
        except JourneyFileError as exc:
            show_file_error(self, "open", exc)
            return False
        self.document.set_journey(journey, None)
        self.fit_on_show()
        return True

    def revert(self) -> bool:
        """Drop unsaved changes and reload the file."""
        path = self.document.path
        if path is None or not self.document.modified:
            return False
        answer = QMessageBox.question(self, "Revert",
                                      f"Discard your changes to {Path(path).name}?")
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self.open_path(path)

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
                print("\n".join(exc.lines()), file=sys.stderr)
            return False
        self._remember(path)
        self.fit_on_show()
        notes = self.document.journey.load_notes
        if notes:  # said for a while: the heat follows once the sources are read again
            self.statusBar().showMessage("; ".join(notes), 15000)
        else:
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
        path = str(Path(path).resolve())
        self.remember_folder(path)
        recent = [p for p in self.recent_files() if p != path]
        self.settings.setValue("recent_files", [path, *recent][:MAX_RECENT])

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent_files", [])
        if isinstance(value, str):  # QSettings gives a lone string for a one-item list
            value = [value]
        return [str(v) for v in value or []]

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = [p for p in self.recent_files() if Path(p).exists()]
        for number, path in enumerate(files, 1):
            self.recent_menu.addAction(f"&{number % 10}  {Path(path).name}",
                                       lambda p=path: self.maybe_save() and self.open_path(p)
                                       ).setStatusTip(path)
        if not files:
            self.recent_menu.addAction("(no recent files)").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear the list",
                                       lambda: self.settings.setValue("recent_files", []))

    # ------------------------------------------------------------------ export
    def export_dialog(self, kind: str) -> None:
        from .export import FORMATS, ExportError, export, frame_of

        stem = Path(self.document.path).name.removesuffix(".journey.json").removesuffix(".json") \
            if self.document.path else _file_stem(self.document.journey.title)
        path, _ = QFileDialog.getSaveFileName(self, f"Export the map as {kind.upper()}",
                                              str(Path(self._last_folder()) / f"{stem}.{kind}"),
                                              FORMATS[kind])
        if not path:
            return
        if not path.lower().endswith(f".{kind}"):
            path += f".{kind}"
        try:
            export(self.scene, path, frame=frame_of(self))   # with its title and legend
        except ExportError as exc:
            QMessageBox.warning(self, "Cannot export", str(exc))
            return
        self.statusBar().showMessage(f"Exported {path}", 5000)

    # ------------------------------------------------------------------ recovery
    def offer_recovery(self) -> None:
        """Offer back journeys left unsaved by a session that crashed."""
        for item in recovery.leftovers(self.recovery.folder):
            when = time.strftime("%d %b %Y %H:%M", time.localtime(item.saved_at))
            name = Path(item.original).name if item.original else (item.title or "a journey")
            answer = QMessageBox.question(
                self, "Recover unsaved changes?",
                f"journeymap closed without saving changes to {name} (last written {when}).\n"
                "Recover them?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel)
            if answer == QMessageBox.StandardButton.Yes:
                self.recover(item)
                return
            if answer == QMessageBox.StandardButton.Discard:
                item.discard()

    def recover(self, item: recovery.Recoverable) -> bool:
        """Open a recovery file as the unsaved state of its original file."""
        if not self.maybe_save():
            return False
        try:
            journey = item.load()
        except JourneyFileError as exc:
            show_file_error(self, "recover", exc)
            return False
        original = item.original if item.original and Path(item.original).parent.exists() \
            else None
        self.document.set_journey(journey, original)
        self.document.undo_stack.resetClean()  # unsaved: the file on disk is older
        self._update_title()
        item.discard()
        self.recovery.write()
        self.fit_on_show()
        self.statusBar().showMessage("Recovered unsaved changes: save them to keep them.")
        return True

    def _last_folder(self) -> str:
        return str(self.settings.value("last_folder", str(Path.cwd())))

    def remember_folder(self, path: str) -> None:
        """Open the next file dialog in the folder of ``path``, a file the user opened."""
        self.settings.setValue("last_folder", str(Path(path).resolve().parent))

    # ------------------------------------------------------------------ closing
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
    return slug(title, "journey")


