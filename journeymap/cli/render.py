"""``journeymap render JOURNEY -o OUT.png|svg|pdf``: the map, a heatmap or the emotion curve
as a figure, with the same feedback options as ``metrics``; ``--view slides`` the whole slide
deck (:mod:`journeymap.render.deck`) as a PDF or a folder of PNG pages.

Without feedback (no saved sources, no ``--feedback``) nothing but the model and matplotlib
is imported, and the cards show the designers' emotion unless ``--measure`` says otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from journeymap.measures import MEASURES

from . import load_journey
from .feedback_options import add_feedback_arguments, by_spec

VIEWS = ("map", "heatmap", "curve", "slides", "paths", "variants")
FORMATS = (".png", ".svg", ".pdf")
MAX_PIXELS = 65_000   # Agg cannot draw an image wider or taller than 2**16 pixels
#: A PNG's long side unless --dpi asks for more: an 80-megapixel picture of a 500-card map
#: helps nobody, no slide holds it, and it takes seconds to write (SVG and PDF keep every
#: detail; the slide deck is the legible form of a large map).
PNG_LONG_SIDE = 16_384
DEFAULT_DPI = 150.0


def _by(text: str) -> str:
    return text if text == "channel" else by_spec(text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("journey", metavar="JOURNEY", help="a journey file (*.journey.json)")
    parser.add_argument("-o", "--output", metavar="OUT", required=True,
                        help="the figure to write: .png, .svg or .pdf; slides: a .pdf, or PNG "
                             "pages into FOLDER/ or as NAME-01.png, NAME-02.png … for NAME.png")
    parser.add_argument("--view", choices=VIEWS, default="map",
                        help="map (default), heatmap, curve (the emotion curve), slides "
                             "(a 16:9 deck: cover, whole journey, stages, ranking, heatmaps, "
                             "curve, comparison), paths (the map with the flow of the event "
                             "log) or variants (the most common paths)")
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"),
                        help="slides: with --by segment:COL or period:X, a page comparing "
                             "group B with group A")
    parser.add_argument("--colour-by", choices=("kind", "delay"), default="kind",
                        help="paths: colour arrows by their kind (default) or by median time")
    parser.add_argument("--top", type=int, default=12, metavar="N",
                        help="variants: how many paths to draw (default 12)")
    parser.add_argument("--measure", choices=list(MEASURES), default=None,
                        help="what colours the cards and cells (default: friction, or the "
                             "designers' emotion when there is no feedback)")
    parser.add_argument("--persona", metavar="ID",
                        help="show this persona's emotion (default: every persona)")
    parser.add_argument("--dpi", type=float, default=None,
                        help=f"resolution of a PNG (default {DEFAULT_DPI:g}, lowered so the "
                             f"long side stays within {PNG_LONG_SIDE:,} px; a --dpi given "
                             "is kept)")
    parser.add_argument("--no-curve", action="store_true",
                        help="map: leave out the emotion curve under the map")
    add_feedback_arguments(parser)
    # render's --by also takes "channel" (channel rows on the map, stage × channel heatmap):
    # the shared flag is widened rather than redefined, so both stay in one place in --help
    by = next(a for a in parser._actions if "--by" in a.option_strings)
    by.type = _by
    by.metavar = "channel|segment:COL|period:W|M|Q"
    by.help = ("map: channel makes the rows channels; heatmap: channel gives stage × channel, "
               "segment:COL or period:W|M|Q touchpoint × group")


def _error(message: str) -> int:
    print(f"journeymap render: {message}", file=sys.stderr)
    return 2


def _has_feedback(args: argparse.Namespace, journey) -> bool:
    return bool(journey.sources or args.feedback or args.events)


def _analysis(args: argparse.Namespace, journey):
    """The analysis the flags describe (``--by channel`` is render's own, not the analytics')."""
    from .feedback_options import analysis_from_args

    flags = argparse.Namespace(**vars(args))
    if flags.by == "channel":
        flags.by = None
    return analysis_from_args(flags, journey, args.journey)


def _slides_output(args: argparse.Namespace) -> str | None:
    """What is wrong with the slides' output path, or None."""
    out = Path(args.output)
    suffix = out.suffix.lower()
    if suffix in (".pdf", ".png"):
        return None if out.parent.is_dir() else f"{out}: folder {out.parent} does not exist"
    if suffix and not args.output.endswith(("/", os.sep)) and not out.is_dir():
        return f"{out}: slides go to a .pdf, a .png (one file per page) or a folder"
    if out.exists() and not out.is_dir():
        return f"{out}: is a file, not a folder"
    if not out.is_dir() and not out.parent.is_dir():
        return f"{out}: folder {out.parent} does not exist"
    return None


def run(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if args.view == "slides":
        problem = _slides_output(args)
        if problem:
            return _error(problem)
    elif args.compare:
        return _error("--compare: only --view slides shows a comparison (journeymap metrics "
                      "--compare prints one)")
    elif out.suffix.lower() not in FORMATS:
        return _error(f"{out}: the output must end in .png, .svg or .pdf")
    if args.view != "slides" and not out.parent.is_dir():
        return _error(f"{out}: folder {out.parent} does not exist")
    if args.dpi is not None and not 10 <= args.dpi <= 1200:
        return _error(f"--dpi {args.dpi:g}: use a resolution from 10 to 1200")
    if args.view == "slides" and args.by == "channel":
        return _error("--by channel: the slides always show stage × channel; --by takes "
                      "segment:COL or period:X here")
    if args.compare and not args.by:
        return _error("--compare A B needs --by segment:COL or period:X")
    if args.view == "map" and args.by not in (None, "channel"):
        return _error(f"--by {args.by}: the map's rows are lanes or channels (--by channel); "
                      "use --view heatmap for segments and periods")
    journey = load_journey(args.journey)
    if journey is None:
        return 1
    if args.view in ("paths", "variants"):
        figure = _paths_figure(args, journey)
        if isinstance(figure, int):
            return figure
        return _save(args, journey, figure, out)
    if args.persona is not None and not any(p.id == args.persona for p in journey.personas):
        names = ", ".join(p.id for p in journey.personas) or "none"
        return _error(f"--persona {args.persona}: no such persona (personas: {names})")
    analysis = None
    if _has_feedback(args, journey):
        from journeymap.analytics import SourceError

        try:
            analysis = _analysis(args, journey)
        except SourceError as exc:
            print(f"journeymap render: {exc}", file=sys.stderr)
            return 1
    elif args.by not in (None, "channel"):
        return _error(f"--by {args.by}: needs feedback (saved sources or --feedback FILE)")
    measure = args.measure or ("friction" if analysis is not None else "emotion")
    if analysis is None and measure not in ("emotion",):
        print(f"journeymap render: no feedback data: {MEASURES[measure].label} shows as "
              "'no data' (add --feedback FILE, or --measure emotion)", file=sys.stderr)
    if args.view == "slides":
        return _slides(args, journey, analysis, measure)
    from journeymap import render

    try:
        if args.view == "map":
            figure = render.render_map(journey, analysis, measure, args.persona, args.by,
                                       curve=not args.no_curve)
        elif args.view == "heatmap":
            figure = render.render_heatmap(journey, analysis, args.by, measure)
        else:
            figure = render.render_curve(journey, analysis, args.persona)
    except ValueError as exc:
        return _error(str(exc))
    return _save(args, journey, figure, out)


def _paths_figure(args: argparse.Namespace, journey):
    """The flow overlay or the variants chart, from the event log (an exit code on error)."""
    from journeymap.analytics import SourceError
    from journeymap.analytics.caselog import read_case_log
    from journeymap.analytics.conformance import conform
    from journeymap.analytics.flow import flow_from
    from journeymap.analytics.paths import variants
    from journeymap.render.flow import render_paths, render_variants

    from .feedback_options import sources_from_args

    if args.top < 1:
        return _error("--top must be at least 1")
    flags = argparse.Namespace(**vars(args))
    flags.feedback = []
    sources = [s for s in sources_from_args(flags, journey) if s.role == "events"]
    try:
        log, _ = read_case_log(journey, sources, Path(args.journey).resolve().parent)
    except SourceError as exc:
        print(f"journeymap render: {exc}", file=sys.stderr)
        return 1
    if args.view == "variants":
        table = variants(log, top=args.top)
        rows = [{**row, "path": tuple(row["path"])} for row in table.to_dict("records")]
        return render_variants(journey, rows, int(table.attrs.get("variants", len(table))),
                               log.cases)
    cf = conform(log, journey)
    reached = dict(zip(journey.touchpoint_ids(),
                       (int(v) for v in cf.counts["reached"].sum(axis=0))))
    return render_paths(journey, flow_from(cf), args.colour_by, reached)


def _save(args: argparse.Namespace, journey, figure, out: Path) -> int:
    dpi = png_dpi(figure, args.dpi) if out.suffix.lower() == ".png" else DEFAULT_DPI
    try:
        figure.save(out, dpi=dpi)
    except OSError as exc:
        print(f"journeymap render: {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    size = ("{}×{} px".format(*figure.pixels(dpi)) if out.suffix.lower() == ".png" else
            f"{figure.width / 72:.1f}×{figure.height / 72:.1f} in")
    print(f"{out}: {args.view}, {len(journey)} touchpoints, {size}")
    return 0


def png_dpi(figure, asked: float | None) -> float:
    """The resolution a PNG of ``figure`` is drawn at: ``asked`` (or the default), lowered
    to keep the long side within :data:`PNG_LONG_SIDE` pixels unless asked for, and within
    what Agg can draw in any case; a one-line note on stderr says when it is lowered."""
    dpi = DEFAULT_DPI if asked is None else asked
    longest = max(figure.width, figure.height)
    limit, why = ((MAX_PIXELS, "the largest picture matplotlib can draw") if asked is not None
                  else (PNG_LONG_SIDE, "a PNG's default size"))
    if longest * dpi / 72 <= limit:
        return dpi
    lowered = int(limit * 72 / longest * 100) / 100  # rounded down: never a pixel over
    width, height = figure.pixels(dpi)
    print(f"journeymap render: {width:,}×{height:,} px at {dpi:g} dpi is more than {why} "
          f"({limit:,} px a side); drawn at {lowered:g} dpi"
          + (f" (--dpi {dpi:g} forces it; SVG or PDF keep full detail)" if asked is None
             else " (SVG or PDF keep full detail)"), file=sys.stderr)
    return lowered


def _slides(args: argparse.Namespace, journey, analysis, measure: str) -> int:
    """Build the deck only now that it is asked for, and write it whole."""
    from journeymap.render import deck

    if args.compare and analysis is not None:
        groups = set(analysis.groups())
        missing = [g for g in args.compare if g not in groups]
        if missing:
            return _error(f"--compare: no group {missing[0]!r} in --by {args.by} (groups: "
                          f"{', '.join(sorted(groups)) or 'none'})")
    try:
        pages = deck.render_deck(journey, analysis, measure, args.persona, args.by,
                                 tuple(args.compare) if args.compare else None)
        written = deck.save(pages, args.output, journey.title,
                            dpi=DEFAULT_DPI if args.dpi is None else args.dpi)
    except ValueError as exc:
        return _error(str(exc))
    except OSError as exc:
        print(f"journeymap render: {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    where = written[0] if len(written) == 1 else f"{written[0].parent}{os.sep}"
    print(f"{where}: slides, {len(pages)} pages, {len(journey)} touchpoints")
    return 0
