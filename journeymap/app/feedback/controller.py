"""The feedback side of the main window: keeps the analysis of the journey's sources, feeds
the overlay and the panels, and turns the user's requests (attach, refresh, add a missing
transition) into undoable edits.

State flows one way: journey (and its metrics cache) -> analysis in a worker thread ->
evidence (plain dicts) -> overlay and panels. Nothing is applied to the journey until a
worker has finished, so a cancelled import leaves the journey exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from journeymap.model import Change, FeedbackSource, Transition, from_document, to_document
from journeymap.metrics_cache import (base_dir, cache_of, computed_text, evidence_of_cache,
                                      file_digest, fingerprint, missing_transitions,
                                      source_digests, step_times)
from journeymap.render.evidence import records
from journeymap.plain import plural

from ..widgets import blocked
from .heat import Heat, card_heat, difference_heat
from .overlay import HeatOverlay
from .worker import Job, describe, interruptible, stop_all

if TYPE_CHECKING:
    from .host import FeedbackHost

COMPARABLE = ("friction", "csat", "nps", "ces", "rating", "sentiment")
PERIODS = (("Period: week", "period:W"), ("Period: month", "period:M"),
           ("Period: quarter", "period:Q"))


@dataclass
class Computed:
    """What a worker hands back: the analysis, its evidence (plain dicts) and its cache,
    with the digests of the source files it read (taken in the worker: hashing the files is
    too slow for the GUI thread; the cache's fingerprint is made of them)."""

    analysis: Any
    evidence: Any
    cache: dict[str, Any] | None = None
    digests: dict[str, Any] | None = None


#: A card brought into view from the ranking is shown at least this large.
READABLE_ZOOM = 0.9

#: How long the analysis of a newly opened journey waits for the canvas's first paint.
FIRST_PAINT_PATIENCE_MS = 1000


class FeedbackController(QObject):
    """See the module docstring. One per main window."""

    #: The live analysis changed (after a background analysis, an attach or a refresh).
    analysis_changed = Signal()
    #: The overlay was redrawn (measure, group, comparison or data changed).
    overlay_changed = Signal()

    def __init__(self, window: FeedbackHost) -> None:
        super().__init__(window)
        self.window = window
        self.document = window.document
        self.scene = window.scene
        self.view = window.view
        self.overlay = HeatOverlay(self.scene, self.add_missing_transition)
        self.analysis: Any = None          # the live Analysis (no ``by``)
        self.evidence: Any = None          # Evidence of the analysis, or of the cache
        self.live = False                  # evidence from a fresh analysis (not the cache)
        self.live_fingerprint: str | None = None   # of the sources the live analysis read
        self.live_digests: dict[str, Any] = {}     # their files' [size, sha256], by path
        self.measure = "friction"
        self.by = ""
        self.analysis_by: Any = None
        self.evidence_by: Any = None
        self.group = ""
        self.compare_with = ""
        self.comparison: dict[str, dict] = {}
        self._heats: dict[str, Heat] = {}
        self.stale_files: set[str] = set()
        self.failure = ""                  # why the last analysis failed ("" : it did not)
        self.check_jobs: set[Job] = set()  # hashing files the watcher says changed
        self.job: Job | None = None        # the background analysis
        self.analysis_pending = False      # waiting for the canvas's first paint to start it
        self._painted = False
        self.by_job: Job | None = None
        self.import_job: Job | None = None
        self.progress: QProgressDialog | None = None
        #: Database passwords typed this session, by source id: never saved.
        self.passwords: dict[str, str] = {}
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.analyse_in_background)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_changed)
        self.document.reset.connect(self.on_reset)
        self.document.changed.connect(self.on_changes)
        self.scene.selectionChanged.connect(self.on_selection)
        persona_box = getattr(window, "persona_combo", None)  # the editor's "Emotions of"
        if persona_box is not None:  # the emotion measure follows the persona shown
            persona_box.currentIndexChanged.connect(
                lambda *_: QTimer.singleShot(0, self._persona_changed))

    # ------------------------------------------------------------------ panels
    def attach_panels(self, heat_panel, friction_panel=None, feedback_panel=None,
                      heatmap=None) -> None:
        """Attach the panels and show what the journey has. The window attaches the sources
        panel (with the heat selectors and the legend) before its first paint and the
        others with :meth:`attach_more` right after it."""
        self.heat_panel = heat_panel
        self.friction_panel = self.feedback_panel = None
        self.heatmap = heatmap
        heat_panel.measure_changed.connect(self.set_measure)
        heat_panel.breakdown_changed.connect(self.set_breakdown)
        heat_panel.group_changed.connect(self.set_group)
        heat_panel.refresh_requested.connect(self.refresh)
        heat_panel.add_missing_requested.connect(
            lambda a, b: self.add_missing_transition((a, b)))
        heat_panel.rejected_requested.connect(self.show_rejected)
        heat_panel.remove_requested.connect(self.remove_source)
        heat_panel.enabled_requested.connect(self.set_source_enabled)
        if friction_panel is not None:
            self.attach_more(friction_panel, feedback_panel, show=False)
        self.on_reset()

    def attach_more(self, friction_panel, feedback_panel, show: bool = True) -> None:
        """Attach the ranking and the feedback rows (built after the first paint) and, with
        ``show``, fill them from the current state."""
        self.friction_panel = friction_panel
        self.feedback_panel = feedback_panel
        friction_panel.touchpoint_clicked.connect(self.select_and_centre)
        if show:
            self._update_ranking()
            self.on_selection()

    # ------------------------------------------------------------------ document
    @property
    def journey(self):
        return self.document.journey

    def base_dir(self) -> Path:
        return base_dir(self.document.path)

    def on_reset(self) -> None:
        """Another journey: show its cached heat at once, then analyse it in the background."""
        for job in (self.job, self.by_job):
            if job is not None:
                job.cancel()
        self.analysis = self.analysis_by = self.evidence_by = None
        self.by, self.group, self.compare_with, self.comparison = "", "", "", {}
        self.evidence = evidence_of_cache(self.journey.metrics_cache)
        self.live = False
        self.live_fingerprint, self.live_digests = None, {}
        self.failure = ""
        self._watch()
        self._update_breakdowns()
        self.heat_panel.set_groups([])
        self.refresh_view()
        if self.journey.sources:
            self._analyse_after_first_paint()

    def _analyse_after_first_paint(self) -> None:
        """Start the analysis once the canvas has painted: reading the sources imports pandas
        in the worker, and that import holds the interpreter long enough to delay the first
        paint (0.43 s -> 0.62 s from process start on the largest sample)."""
        if self._painted:
            self.analyse_in_background()
            return
        self.analysis_pending = True
        self.window.view.viewport().installEventFilter(self)
        QTimer.singleShot(FIRST_PAINT_PATIENCE_MS, self._start_pending)  # never shown? start

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._start_pending)
        return False

    def _start_pending(self) -> None:
        if self.analysis_pending:
            self.analysis_pending = False
            self.analyse_in_background()

    def on_changes(self, changes: list[Change]) -> None:
        sources = any(c.kind.startswith("source.") for c in changes)
        structure = any(c.kind in ("touchpoint.added", "touchpoint.removed")
                        or (c.kind == "touchpoint.changed" and "label" in c.fields)
                        for c in changes)
        cache = any(c.kind == "journey.changed" and "metrics_cache" in c.fields
                    for c in changes)
        if sources:
            self._watch()
            self._update_breakdowns()
        if cache and not self.live:
            self.evidence = evidence_of_cache(self.journey.metrics_cache)
        if (sources or structure) and (self.journey.sources or self.analysis is not None):
            self._debounce.start()
        if not self.journey.sources and sources:
            self.analysis, self.live = None, False
            self.evidence = evidence_of_cache(self.journey.metrics_cache)
        touched = {c.key for c in changes if c.kind.startswith("touchpoint.")}
        others = any(not c.kind.startswith(("touchpoint.", "transition.")) for c in changes)
        self.refresh_view(None if sources or cache or others else touched)

    def _watch(self) -> None:
        files = self.watcher.files()
        if files:
            self.watcher.removePaths(files)
        self.stale_files.clear()
        folder = self.base_dir()
        paths = [str(path) for path in (s.resolve(folder) for s in self.journey.sources)
                 if path.is_file()]
        if paths:
            self.watcher.addPaths(paths)

    def _file_changed(self, path: str) -> None:
        """The watcher saw ``path`` change: its modification time at least. Stale only when
        its content differs from what the live analysis read (a ``touch`` or a checkout of
        the same bytes is no change), which a worker finds out by hashing it."""
        if Path(path).exists() and path not in self.watcher.files():
            self.watcher.addPath(path)  # editors replace files: watch the new one
        if not self.live or self.live_digests.get(path) is None:  # nothing to compare with
            self._mark_stale(path)
            return
        job = Job(lambda progress, cancelled: file_digest(path), "check", self)
        self.check_jobs.add(job)

        def checked(digest: Any) -> None:
            self.check_jobs.discard(job)
            # Compared with what the live analysis read by now: another journey opened
            # meanwhile has nothing to compare, and a Refresh meanwhile read the new bytes.
            if path in self.live_digests and digest != self.live_digests[path]:
                self._mark_stale(path)

        job.finished.connect(checked)
        job.failed.connect(lambda exc: checked(None))
        job.start()

    def _mark_stale(self, path: str) -> None:
        self.stale_files.add(path)
        self._update_status()

    def _update_breakdowns(self) -> None:
        options: list[tuple[str, str]] = []
        seen: set[str] = set()
        timestamps = False
        for source in self.journey.sources:
            if source.role != "feedback":
                continue
            for column in source.segment_columns:
                if column not in seen:
                    seen.add(column)
                    options.append((f"Segment: {column}", f"segment:{column}"))
            timestamps |= bool(source.timestamp_column)
        if timestamps:
            options.extend(PERIODS)
        self.heat_panel.set_breakdowns(options)

    # ------------------------------------------------------------------ analysing
    def snapshot(self):
        """A copy of the journey for a worker thread (the GUI may edit the original)."""
        return from_document(to_document(self.journey))

    def _analyse_work(self, extra: FeedbackSource | None = None, by: str | None = None):
        """The work of analysing the journey (with ``extra`` attached): the analysis, its
        evidence and, without ``by``, its cache, all made in the worker (turning a table
        of 500 touchpoints × groups into dicts takes the GUI thread too long)."""
        journey = self.snapshot()
        if extra is not None:
            journey.add_source(extra)
        folder = self.base_dir()
        passwords = dict(self.passwords)

        def work(progress, cancelled):
            from journeymap.analytics import analyse
            from journeymap.render.evidence import from_analysis

            with interruptible(cancelled) as query:
                if by:
                    analysis = analyse(journey, base_dir=folder, by=by, progress=progress,
                                       cancelled=cancelled, job=query, passwords=passwords)
                    return Computed(analysis, from_analysis(analysis))
                # Hashed before reading: a file that changes meanwhile leaves the cache
                # stale, never falsely fresh (and the hash warms the OS cache for the read).
                digests = source_digests(journey, folder)
                fingerprinted = fingerprint(journey, folder, digests)
                analysis = analyse(journey, base_dir=folder, progress=progress,
                                   cancelled=cancelled, job=query, passwords=passwords)
            cache = cache_of(analysis, journey, folder, fingerprinted=fingerprinted)
            return Computed(analysis, from_analysis(analysis), cache, digests)
        return work

    def analyse_in_background(self) -> None:
        """(Re)compute the live analysis of the journey's sources; the overlay follows."""
        if self.job is not None:
            self.job.cancel()
        if not self.journey.sources:
            return
        self.failure = ""
        self.job = Job(self._analyse_work(), "analyse", self)
        self.job.finished.connect(self._analysed)
        self.job.failed.connect(self._analysis_failed)
        self.heat_panel.status.setText("Reading the feedback sources…")
        self.job.start()
        if self.by:
            self._start_by_job()

    def _analysed(self, computed: Computed) -> None:
        self.analysis = computed.analysis
        self.evidence = computed.evidence
        self.live = True
        self.live_fingerprint = (computed.cache or {}).get("fingerprint")
        self.live_digests = computed.digests or {}
        self.failure = ""
        self.refresh_view()
        self.analysis_changed.emit()

    def _analysis_failed(self, exc: BaseException) -> None:
        # Kept, not just shown: the status is rebuilt after every edit, and must go on
        # saying why nothing is being read rather than "reading the sources…".
        self.failure = describe(exc)
        self._update_status()
        self.window.statusBar().showMessage(f"Feedback: {self.failure}", 8000)

    def _persona_changed(self) -> None:
        if self.measure == "emotion":
            self.refresh_view()

    def shown_analysis(self):
        """What the panels show: the chosen segment or period alone (as the cards do), or
        everyone; None before the sources are read."""
        if self.group and self.analysis_by is not None:
            key = (id(self.analysis_by), self.group)
            if getattr(self, "_group_key", None) != key:
                self._group_key = key
                self._group_analysis = self.analysis_by.for_group(self.group)
            return self._group_analysis
        return self.analysis

    def _groups_changed(self) -> None:
        """The heatmaps follow the group chosen, like the cards and the panels."""
        if self.heatmap is not None:
            self.heatmap.analysis_changed()

    # ------------------------------------------------------------------ filters
    def set_measure(self, key: str) -> None:
        self.measure = key
        if self.heat_panel.measure.currentData() != key:
            self.heat_panel.measure.setCurrentIndex(self.heat_panel.measure.findData(key))
        if self.compare_with:
            self._compare()
        self.refresh_view()

    def set_breakdown(self, by: str) -> None:
        """Show one segment or period (``by`` as analytics takes it; "" for everyone)."""
        self.by = by
        self.analysis_by = self.evidence_by = None
        self.group = self.compare_with = ""
        self.comparison = {}
        self.heat_panel.set_groups([])
        if self.heat_panel.breakdown.currentData() != by:
            index = self.heat_panel.breakdown.findData(by)
            with blocked(self.heat_panel.breakdown):
                self.heat_panel.breakdown.setCurrentIndex(max(index, 0))
        if by and self.journey.sources:
            self._start_by_job()
        self.refresh_view()
        self._groups_changed()

    def _start_by_job(self) -> None:
        if self.by_job is not None:
            self.by_job.cancel()
        self.by_job = Job(self._analyse_work(by=self.by), "breakdown", self)
        self.by_job.finished.connect(self._broken_down)
        self.by_job.failed.connect(self._analysis_failed)
        self.by_job.start()

    def _broken_down(self, computed: Computed) -> None:
        self.analysis_by = computed.analysis
        self.evidence_by = computed.evidence
        groups = computed.analysis.groups()
        self.heat_panel.set_groups(groups)
        self.group = groups[0] if groups else ""
        self.compare_with = ""
        self.refresh_view()
        if self.heatmap is not None:
            self.heatmap.analysis_changed()

    def set_group(self, group: str, compare_with: str = "") -> None:
        """Show ``group`` of the breakdown, or the difference ``compare_with − group``."""
        self.group = group
        self.compare_with = compare_with if compare_with != group else ""
        for combo, value in ((self.heat_panel.group, group),
                             (self.heat_panel.compare, self.compare_with)):
            if combo.currentData() != value and combo.findData(value) >= 0:
                with blocked(combo):
                    combo.setCurrentIndex(combo.findData(value))
        self._compare()
        self.refresh_view()
        self._groups_changed()

    def _compare(self) -> None:
        self.comparison = {}
        if not (self.compare_with and self.group and self.analysis_by is not None):
            return
        if self.measure not in COMPARABLE:
            self.window.statusBar().showMessage(
                f"{self.measure} cannot be compared between groups", 5000)
            return
        table = self.analysis_by.compare(self.group, self.compare_with, self.measure)
        self.comparison = {r["touchpoint"]: r for r in records(table)}

    # ------------------------------------------------------------------ showing
    def heats(self, only: set[str] | None = None) -> dict[str, Heat]:
        """The heat of every touchpoint (or of those in ``only``, the rest kept from the
        last time) for the current measure, group and comparison."""
        persona = self.scene.persona
        out: dict[str, Heat] = {}
        journey = self.journey
        if only is not None:
            out = {k: h for k, h in self._heats.items() if journey.has_touchpoint(k)}
            touchpoints = [journey.touchpoint(k) for k in only if journey.has_touchpoint(k)]
        else:
            touchpoints = journey.touchpoints()
        if self.comparison:
            for tp in touchpoints:
                out[tp.id] = difference_heat(tp, self.comparison.get(tp.id), self.measure,
                                             self.group, self.compare_with)
            return out
        if self.group and self.evidence_by is not None:
            evidence, group = self.evidence_by, self.group
        elif self.evidence is not None:
            evidence, group = self.evidence, None
        elif self.measure == "emotion":
            evidence, group = None, None
        else:
            return {}
        scale_max = evidence.colour_scale_max(self.measure) if evidence is not None else 1.0
        for tp in touchpoints:
            out[tp.id] = card_heat(tp, evidence, self.measure, persona, group, scale_max)
        return out

    def refresh_view(self, only: set[str] | None = None) -> None:
        """Redraw the overlay and the panels from the current state (after an edit that
        changed only the touchpoints ``only``, their heat alone is computed again)."""
        flows: dict[tuple[str, str], float] = {}
        drop_offs: dict[str, float] = {}
        missing: list[tuple[str, str, float]] = []
        times: dict[tuple[str, str], tuple[float, float]] = {}
        whole = not self.group and not self.comparison
        if self.evidence is not None and whole:
            flows = dict(self.evidence.transitions)
            drop_offs = {k: r["drop_off"] for k, r in self.evidence.touchpoints.items()
                         if r.get("drop_off") is not None}
            source = self.analysis if self.live else self.journey.metrics_cache
            if source is not None:
                missing = missing_transitions(source)
                times = step_times(source)
        heats = self._heats = self.heats(only)
        self.overlay.show(heats, flows, drop_offs, missing, times)
        legend = self.heat_panel.legend
        if legend.parent() is not self.heat_panel:  # placed over the canvas
            legend.setVisible(self.overlay.enabled and bool(heats))
        labels = {tp.id: tp.label for tp in self.journey.touchpoints()}
        self.heat_panel.set_missing([m for m in missing if not self.journey.has_transition(
            m[0], m[1]) and m[0] in labels and m[1] in labels], labels)
        small = self.evidence.small_sample if self.evidence is not None else None
        rows = self.evidence.touchpoints.values() if self.evidence is not None else ()
        self.heat_panel.legend.set_measure(self.measure, bool(self.comparison), small, rows)
        self._update_ranking()
        self._update_status()
        self.on_selection()
        self.overlay_changed.emit()

    def _update_ranking(self) -> None:
        """Rebuild the ranking when its data changed (not on every measure or edit)."""
        if self.friction_panel is None:  # built after the first paint
            return
        shown = self.shown_analysis() if self.group else None
        key = id(shown) if shown is not None else id(self.analysis) if self.live \
            else id(self.evidence)
        if key == getattr(self, "_ranking_key", None):
            journey = self.journey
            self.friction_panel.relabel({tp.id: tp.label for tp in journey.touchpoints()})
            return
        self._ranking_key = key
        self.friction_panel.set_group(self.group if shown is not None else "")
        if shown is not None:
            rows = records(shown.friction_ranking)
        elif self.live and self.analysis is not None:
            rows = records(self.analysis.friction_ranking)
        elif self.evidence is not None:
            rows = self._cached_ranking()
        else:
            rows = []
        self.friction_panel.set_ranking(rows)

    def _cached_ranking(self) -> list[dict]:
        """The ranking kept in the cache, in the analytics' order (lower interval end first,
        then friction, then n), until the live analysis replaces it."""
        journey = self.journey
        rows = []
        for key, row in self.evidence.touchpoints.items():
            if row.get("friction") is None or not journey.has_touchpoint(key):
                continue
            tp = journey.touchpoint(key)
            rows.append({**row, "touchpoint": key, "label": tp.label,
                         "stage_name": journey.stage(tp.stage).name})
        rows.sort(key=lambda r: (-(r.get("friction_low") or 0), -r["friction"],
                                 -(r.get("n") or 0)))
        for i, row in enumerate(rows, 1):
            row["rank"] = i
        return rows

    def _update_status(self) -> None:
        sources = self.journey.sources
        panel = self.heat_panel
        panel.refresh_button.setEnabled(bool(sources))
        a = self.analysis if self.live else None
        panel.set_sources([(s.id, s.name or s.id,
                            "off" if s.options.get("enabled") is False else
                            f"{a.kept_counts.get(s.id, 0):,}" if a is not None else "…",
                            f"{sum(a.rejected_counts.get(s.id, {}).values()):,}"
                            if a is not None else "…", s.options.get("enabled") is not False)
                           for s in sources])
        panel.rejected_button.setEnabled(a is not None and len(a.rejected) > 0)
        if not sources:
            panel.status.setText("No feedback attached. Drop a CSV, Excel, Parquet or JSON "
                                 "Lines file on the window, or import one.")
            return
        names = ", ".join(s.name or s.id for s in sources)
        lines = [f"<b>Sources:</b> {names}"]
        if self.live and self.analysis is not None:
            a = self.analysis
            kept = sum(a.kept_counts.values())
            rejected = {}
            for counts in a.rejected_counts.values():
                for reason, count in counts.items():
                    rejected[reason] = rejected.get(reason, 0) + count
            line = f"{kept:,} rows kept"
            if rejected:
                line += ", " + ", ".join(f"{c:,} {r}" for r, c in rejected.items())
            lines.append(line + f"; computed with {a.engine_summary}")
            cache = self.journey.metrics_cache
            if cache is None or cache.get("fingerprint") != self.live_fingerprint:
                lines.append("<i>The metrics saved in the file are out of date: Refresh "
                             "stores these.</i>")
        elif self.evidence is not None:
            computed = computed_text(self.journey.metrics_cache)
            when = f" ({computed})" if computed else ""
            lines.append(f"Showing the metrics saved with the map{when}"
                         + ("." if self.failure else "; reading the sources…"))
        if self.failure:
            lines.insert(0, f"<b>Could not read the feedback:</b> {self.failure}")
        if self.stale_files:
            lines.append("<b>A source file changed on disk:</b> Refresh to read it again.")
        panel.status.setText("<br>".join(lines))

    # ------------------------------------------------------------------ selection
    def on_selection(self) -> None:
        panel = getattr(self, "feedback_panel", None)
        if panel is None:
            return
        try:
            keys = self.scene.selected_touchpoints()
        except RuntimeError:  # the scene is being torn down
            return
        if not keys:
            panel.shown = None
            if panel.model.frame is not None or not panel.title.text().startswith("Select"):
                panel.show_rows("Select a touchpoint to read its feedback.", None)
            return
        key = keys[0]
        label = self.journey.touchpoint(key).label if self.journey.has_touchpoint(key) else key
        analysis = self.shown_analysis()
        if analysis is None:
            panel.shown = None
            panel.show_rows(f"<b>{label}</b>: the feedback rows appear once the sources are "
                            "read.", None)
            return
        if panel.shown == (key, id(analysis)):
            return  # shown already: no need to filter the rows again (every edit comes here)
        panel.shown = (key, id(analysis))
        rows = analysis.rows
        frame = rows[rows["touchpoint"] == key]
        who = f" from {self.group}" if analysis is not self.analysis else ""
        panel.show_rows(f"<b>{label}</b>: {plural(len(frame), 'response')}{who}", frame)

    def select_and_centre(self, key: str) -> None:
        """Select the card and bring it into view at a readable size (a click in the
        ranking: the card may be far off, or tiny in a whole-map fit)."""
        card = self.scene.cards.get(key)
        if card is None:
            return
        self.view.show_overview(False)
        self.scene.select_keys([key])
        if self.view.zoom() < READABLE_ZOOM:
            self.view.set_zoom(READABLE_ZOOM)
        self.view.centerOn(card)
        card.setFocus()

    # ------------------------------------------------------------------ edits
    def add_missing_transition(self, key: tuple[str, str]) -> None:
        """Add a transition customers take that the map lacks (one undo entry)."""
        source, target = key
        journey = self.journey
        if journey.has_transition(source, target) or not (
                journey.has_touchpoint(source) and journey.has_touchpoint(target)):
            return
        label = f"Add transition {journey.touchpoint(source).label} → " \
                f"{journey.touchpoint(target).label}"
        self.document.apply(label, lambda j: j.connect(Transition(source, target,
                                                                  "alternative")))
        self.window.statusBar().showMessage(f"{label} (from the event log)", 5000)

    def show_rejected(self):
        """A window with every rejected row of the live analysis (None without one)."""
        from .panels import RejectedRowsWindow

        if self.analysis is None:
            return None
        window = RejectedRowsWindow(self.analysis.rejected, self.window)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        self.rejected_window = window
        return window

    def remove_source(self, key: str) -> None:
        """Detach a source (one undo entry); the saved metrics go with it, as they
        counted its rows."""
        journey = self.journey
        if key not in {s.id for s in journey.sources}:
            return
        name = journey.source(key).name or key
        with self.document.gesture(f"Remove source {name}") as g:
            g.add(journey.remove_source(key))
            g.add(journey.update_journey(metrics_cache=None))

    def set_source_enabled(self, key: str, enabled: bool) -> None:
        """Switch a source off (kept attached, not read) or on again: one undo entry; the
        saved metrics go, as they counted (or did not count) its rows."""
        journey = self.journey
        if key not in {s.id for s in journey.sources}:
            return
        source = journey.source(key)
        if (source.options.get("enabled") is not False) == enabled:
            return
        options = {k: v for k, v in source.options.items() if k != "enabled"}
        if not enabled:
            options["enabled"] = False
        verb = "Switch on" if enabled else "Switch off"
        with self.document.gesture(f"{verb} source {source.name or key}") as g:
            g.add(journey.update_source(key, options=options))
            g.add(journey.update_journey(metrics_cache=None))

    def attach(self, source: FeedbackSource, parent: QWidget | None = None) -> Job:
        """Analyse the journey with ``source`` added, in a worker with progress and Cancel;
        on success attach it and store the metrics, as one undo entry."""
        return self._run_with_progress(
            self._analyse_work(source),
            f"Importing {Path(source.path).name if source.path else source.location}…",
            lambda computed: self._attached(source, computed), parent)

    def _attached(self, source: FeedbackSource, computed: Computed) -> None:
        journey = self.journey
        analysis = computed.analysis
        with self.document.gesture(f"Attach {source.name or source.id}") as g:
            g.add(journey.add_source(source))
            g.add(journey.update_journey(metrics_cache=computed.cache))
        self._adopt(computed)
        kept = analysis.kept_counts.get(source.id, 0)
        rejected = sum(analysis.rejected_counts.get(source.id, {}).values())
        self.window.statusBar().showMessage(
            f"Attached {source.name or source.id}: {kept:,} rows kept, {rejected:,} rejected",
            8000)

    def refresh(self) -> Job | None:
        """Read every source again; store the new metrics (one undo entry)."""
        if not self.journey.sources:
            return None
        return self._run_with_progress(self._analyse_work(), "Refreshing the feedback…",
                                       self._refreshed, failed_text="Could not refresh")

    def _refreshed(self, computed: Computed) -> None:
        with self.document.gesture("Refresh feedback") as g:
            g.add(self.journey.update_journey(metrics_cache=computed.cache))
        self.stale_files.clear()
        self._adopt(computed)

    def _adopt(self, computed: Computed) -> None:
        if self.job is not None:
            self.job.cancel()
        self._debounce.stop()
        self._analysed(computed)
        if self.by:
            self._start_by_job()

    def _run_with_progress(self, work, title: str, on_done, parent: QWidget | None = None,
                           failed_text: str = "Could not import") -> Job:
        """Run ``work`` with a progress dialog that can cancel it; a failure is shown as
        ``failed_text`` and the reason."""
        if self.import_job is not None and self.import_job.active:
            self.import_job.cancel()
        job = Job(work, title, self)
        dialog = QProgressDialog(title, "Cancel", 0, 1000, parent or self.window)
        dialog.setWindowTitle("journeymap")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        dialog.canceled.connect(job.cancel)
        job.progress.connect(lambda f, message: (dialog.setValue(int(f * 1000)),
                                                 dialog.setLabelText(f"{title}\n{message}")))

        def finish() -> None:
            dialog.canceled.disconnect(job.cancel)
            dialog.close()
            dialog.deleteLater()
            if self.progress is dialog:
                self.progress = None

        def done(result) -> None:
            finish()
            on_done(result)

        def failed(exc) -> None:
            finish()
            QMessageBox.warning(self.window, "journeymap", f"{failed_text}:\n{describe(exc)}")

        def cancelled() -> None:
            finish()
            self.window.statusBar().showMessage("Cancelled: the journey is unchanged", 5000)

        job.finished.connect(done)
        job.failed.connect(failed)
        job.cancelled.connect(cancelled)
        self.progress = dialog
        self.import_job = job
        return job.start()

    def shutdown(self) -> None:
        """Cancel the workers (the window is closing)."""
        self._debounce.stop()
        stop_all(10000)
