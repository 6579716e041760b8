"""Starting the app: the QApplication, the first window, the screenshot mode."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from journeymap import __version__

ORGANISATION = "journeymap"
APPLICATION = "journeymap"
STYLE = "Fusion"
STYLE_SHEET = Path(__file__).resolve().parents[2] / "resources" / "style.qss"


def application() -> QApplication:
    """The QApplication, created once with our names and style sheet."""
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName(ORGANISATION)
        QCoreApplication.setApplicationName(APPLICATION)
        QCoreApplication.setApplicationVersion(__version__)
        # Fusion by Qt's own -style option: app.setStyle() would return the style to Python,
        # and PySide6 makes QStyle's enums (hundreds of members) on first touch: ~6 ms.
        app = QApplication([*sys.argv[:1], "-style", STYLE])
        apply_style(app)
    assert isinstance(app, QApplication)
    return app


def apply_style(app: QApplication) -> None:
    """Our style sheet over Fusion (set by the ``-style`` option the app is made with)."""
    try:
        app.setStyleSheet(STYLE_SHEET.read_text(encoding="utf-8"))
    except OSError:
        pass  # an installed copy without resources still works, plainly styled


def _quiet_offscreen(mode, context, message: str) -> None:
    """Drop the offscreen platform's note about size hints (it has no window manager to
    pass them to); everything else goes to stderr as Qt would print it."""
    if "propagateSizeHints" in message:
        return
    print(message, file=sys.stderr)


def _report_errors(window_getter) -> None:
    """An unexpected error in an event handler is shown and logged, and the app goes on
    (the document is untouched: edits that fail half-way are reverted by the gesture)."""
    import traceback

    def hook(kind, error, tb) -> None:
        text = "".join(traceback.format_exception(kind, error, tb))
        print(text, file=sys.stderr)
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        from PySide6.QtWidgets import QMessageBox

        from journeymap.model import JourneyFileError

        from .dialogs import show_file_error, show_os_error

        # A file that cannot be read or written is said as such, whoever forgot to catch it.
        if isinstance(error, JourneyFileError):
            show_file_error(window_getter(), "use", error)
            return
        if isinstance(error, OSError):
            show_os_error(window_getter(), "read or write", error)
            return
        box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error",
                          f"journeymap could not finish this action: {kind.__name__}: "
                          f"{str(error)[:300]}", QMessageBox.StandardButton.Ok,
                          window_getter())
        box.setInformativeText("Your journey is unchanged by the failed action. This is a "
                               "bug: the details below help a report.")
        box.setDetailedText(text)
        box.exec()

    sys.excepthook = hook


def run(path: str | None, screenshot: str | None = None) -> int:
    from PySide6.QtCore import qInstallMessageHandler

    qInstallMessageHandler(_quiet_offscreen)
    app = application()
    from .mainwindow import MainWindow

    settings = None
    if screenshot is not None:  # a picture for CI or docs: leave the user's settings alone
        import tempfile

        from PySide6.QtCore import QSettings

        settings = QSettings(str(Path(tempfile.mkdtemp(prefix="journeymap-")) / "s.ini"),
                             QSettings.Format.IniFormat)
    window = MainWindow(offer_recovery=screenshot is None, settings=settings)
    if screenshot is None:
        _report_errors(lambda: window)
    if path is not None and not window.open_path(path, interactive=screenshot is None):
        if screenshot is not None:
            return 1
    if screenshot is not None:
        window.resize(1480, 900)
        return _screenshot(app, window, screenshot)
    window.show_restored()
    window.fit_on_show()
    if path is None:  # no file to open: the welcome offers recent files, samples, templates
        from . import welcome

        QTimer.singleShot(0, lambda: welcome.offer_at_start(window))
    return app.exec()


#: How long a screenshot waits for the feedback analysis before it takes the picture anyway.
SCREENSHOT_PATIENCE_MS = 20_000


def _screenshot(app: QApplication, window, out: str) -> int:
    """Show the window, let the background analysis of its feedback finish (so the picture
    shows the heat a user would see a moment after opening), then save ``window.grab()``."""
    window.show()
    QTimer.singleShot(0, window.default_panel_sizes)
    result = {"code": 1}

    def grab() -> None:
        window.repaint()
        if window.grab().save(out):
            print(out)
            result["code"] = 0
        else:
            print(f"journeymap: cannot write {out}", file=sys.stderr)
        window.close_without_asking()
        app.quit()

    waited = {"ms": 0}

    def grab_when_ready() -> None:
        feedback = getattr(window, "feedback", None)
        if feedback is not None and feedback.busy and waited["ms"] < SCREENSHOT_PATIENCE_MS:
            waited["ms"] += 100
            QTimer.singleShot(100, grab_when_ready)
        else:
            QTimer.singleShot(300, grab)

    QTimer.singleShot(300, grab_when_ready)
    app.exec()
    return result["code"]
