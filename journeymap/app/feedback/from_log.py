"""File ▸ New from event log…: draft a journey from an event log, as ``journeymap discover``
does, in a worker with progress and Cancel; the draft opens unsaved, with the log attached."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from .folders import remember, start_path


def new_from_event_log(feedback, path: str | None = None):
    """Ask for a log (unless ``path``), then draft the journey in a worker. Returns the job
    (tests wait on it), or None when the user chose nothing or kept unsaved work."""
    from . import DATA_FILTER

    window = feedback.window
    if not window.maybe_save():
        return None
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, "New journey from an event log",
                                              start_path(window), DATA_FILTER)
        if not path:
            return None
    remember(window, path)

    def work(progress, cancelled):
        from journeymap.analytics import Cancelled
        from journeymap.analytics.discover import discover, event_source, read_activity_log

        progress(0.05, "reading the event log")
        found = read_activity_log(path)
        if cancelled():
            raise Cancelled("reading")
        if not found.log.events:
            raise ValueError(f"{path}: no usable events (a case, an activity and a time "
                             "on each row)")
        progress(0.6, f"drafting the journey from {found.log.cases:,} cases")
        title = path.rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("_", " ").replace("-", " ")
        journey, mapping = discover(found.log, title=title.strip().capitalize() or "Journey")
        journey.add_source(event_source(found, mapping, None))
        progress(1.0, "done")
        return journey

    def opened(journey) -> None:
        window.document.set_journey(journey, None)
        window.fit_on_show()
        window.statusBar().showMessage(
            f"Drafted {len(journey.touchpoint_ids())} touchpoints in {len(journey.stages)} "
            f"stages from the event log: rename and rearrange them, then save", 10000)

    controller = feedback.controller
    return controller._run_with_progress(work, "Drafting a journey from the event log…", opened,
                                         failed_text="Could not draft a journey")
