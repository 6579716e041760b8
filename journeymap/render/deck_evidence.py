"""The deck's pages of the evidence (:mod:`.deck`): the friction ranking, the heatmaps, the
emotion curve and, when two groups are compared, the comparison. The heatmaps are the
figures' own tables (:mod:`.heatmap`), continued over pages; the curve is :mod:`.curve`'s,
laid out across the slide."""

from __future__ import annotations

import math

from journeymap.measures import MEASURES, Measure, Reading

from . import curve, heatmap, style
from .canvas import Sketch
from .deck import MIN_TEXT, Deck, fit_scale, frame, place_fitted


# --------------------------------------------------------------------------- ranking
def ranking(deck: Deck) -> list[Sketch]:
    """The friction ranking: the hottest touchpoints with their friction, its 95% interval
    as a bar, n and the stage, sorted by the interval's lower end."""
    analysis = deck.analysis
    table = getattr(analysis, "friction_ranking", None)
    if table is None or not len(table):
        return []
    m = MEASURES["friction"]
    page, box = frame(deck, "Where it hurts: the friction ranking",
                      "Sorted by the lower end of the 95% interval, so a handful of answers "
                      "cannot top the list by chance", measure="friction")
    row_h = 19.0
    head = 16.0
    count = min(len(table), int((box.height - head) // row_h))
    rows = table.head(count).to_dict("records")
    x_rank, x_label = box.x0, box.x0 + 22
    x_bar, bar_w = box.x0 + 360, 300.0
    x_value = x_bar + bar_w + 12
    x_n = x_value + 114
    top = max([r["friction_high"] for r in rows if r["friction_high"] == r["friction_high"]]
              + [0.1])
    top = min(1.0, math.ceil(top * 10) / 10)
    y = box.y1
    for x, text, ha in ((x_rank, "#", "left"), (x_label, "Touchpoint (stage)", "left"),
                        (x_bar, f"Friction, 0 to {top:.1f}, with its 95% interval", "left"),
                        (x_value, "friction [95% interval]", "left"), (x_n, "n", "left")):
        page.text(x, y, text, role="column", size=8, style="bold", ha=ha, colour=style.MUTED)
    y -= head
    for t in (0.0, top / 2, top):
        x = x_bar + t / top * bar_w
        page.line([(x, y), (x, y - count * row_h)], colour="#e0e3e7", width=0.5, zorder=1)
    for r in rows:
        mid = y - row_h / 2
        page.text(x_rank, mid, str(r["rank"]), role="rank", size=9, style="bold", va="center")
        label = f"{r['label']}  ({r['stage_name']})"
        page.text(x_label, mid, label, role="row-label", size=9, va="center",
                  width=x_bar - x_label - 10, key=r["touchpoint"], full=r["label"])
        value = r["friction"]
        fill = style.measure_colour(m, value)
        small = bool(r.get("small_sample"))
        page.rect(x_bar, mid - 5, value / top * bar_w, 10, face=style.faded(fill) if small
                  else fill, edge=style.CARD_EDGE, width=0.4,
                  hatch=style.HATCH if small else None, zorder=3)
        low, high = r["friction_low"], r["friction_high"]
        if low == low and high == high:
            xa, xb = x_bar + low / top * bar_w, x_bar + min(high, top) / top * bar_w
            page.line([(xa, mid), (xb, mid)], colour=style.INK, width=0.9, zorder=4)
            page.line([(xa, mid - 4), (xa, mid + 4)], colour=style.INK, width=0.9, zorder=4)
            page.line([(xb, mid - 4), (xb, mid + 4)], colour=style.INK, width=0.9, zorder=4)
        text = Reading(m, value, low, high).full()
        page.text(x_value, mid, text, role="value", size=8.5, va="center", colour=style.INK)
        note = f"{r['scored']:,.0f}" + ("  small sample" if small else "") + \
            ("  ≠ workshop emotion" if r.get("emotion_disagrees") else "")
        page.text(x_n, mid, note, role="n", size=8, va="center", colour=style.MUTED,
                  width=box.x1 - x_n)
        y -= row_h
    if len(table) > count:  # the page holds what it can: say so
        page.text(box.x0, y - 4, f"+ {len(table) - count} more touchpoints with friction data "
                  "(journeymap metrics lists them all)", role="note", size=8,
                  style="italic", colour=style.MUTED)
    return [page]


# --------------------------------------------------------------------------- heatmaps
def _chunks(rows: list[heatmap.TableRow], capacity: int) -> list[list[heatmap.TableRow]]:
    """Rows split into pages of at most ``capacity``, at stage sections where possible; a
    stage continued on the next page repeats its section row."""
    groups: list[list[heatmap.TableRow]] = []
    for row in rows:
        if row.section or not groups:
            groups.append([])
        groups[-1].append(row)
    pages: list[list[heatmap.TableRow]] = [[]]
    for group in groups:
        if pages[-1] and len(pages[-1]) + len(group) > capacity:
            pages.append([])
        while len(pages[-1]) + len(group) > capacity:   # a stage longer than a page
            room = capacity - len(pages[-1])
            pages[-1] += group[:room]
            section = group[0] if group[0].section else None
            group = group[room:]
            if section is not None:
                group = [heatmap.TableRow(section.key, section.label + " (continued)", True,
                                          section.tooltip)] + group
            pages.append([])
        pages[-1] += group
    return [p for p in pages if p]


def _table_pages(deck: Deck, table: heatmap.Table, title: str, measure: str) -> list[Sketch]:
    _, box = frame(deck, "", legend=False)
    fit = max(int((box.height - heatmap.HEADER - 8) // heatmap.ROW), 4)
    chunks = _chunks(table.rows, fit)
    for capacity in range(math.ceil(len(table.rows) / len(chunks)), fit):
        balanced = _chunks(table.rows, capacity)   # as many pages, evenly filled
        if len(balanced) == len(chunks):
            chunks = balanced
            break
    # columns on one scale: the footer's colour bar is theirs, the table draws none
    shared = heatmap.shared_scale(table)
    pages = []
    for i, rows in enumerate(chunks):
        part = heatmap.Table(table.title, table.subtitle, rows, table.columns, table.cell,
                             scale_max=table.scale_max, row_of=table.row_of,
                             caption=table.caption)
        view = heatmap.draw_table(part, "heatmap", titled=False, scale_bar=shared is None)
        subtitle = table.subtitle
        if fit_scale(view.width, view.height, box, 1.35) * 6.5 < MIN_TEXT:
            # too wide to read with the intervals: the values and n alone
            part.intervals = False
            view = heatmap.draw_table(part, "heatmap", titled=False, scale_bar=shared is None)
            subtitle = subtitle.replace(" [95% interval]", "")
        suffix = f" ({i + 1} of {len(chunks)})" if len(chunks) > 1 else ""
        page, box = frame(deck, title + suffix, subtitle, measure=measure, ticks=shared,
                          defines=heatmap.defined(table))
        place_fitted(page, view, box, most=1.35, align="top-centre")
        pages.append(page)
    return pages


def heatmaps(deck: Deck) -> list[Sketch]:
    """Touchpoint × measure, stage × channel and, with ``by``, touchpoint × group."""
    journey, evidence = deck.journey, deck.evidence
    if not deck.has_feedback:
        return []
    pages = _table_pages(deck, heatmap.measure_table(journey, evidence), "Heatmap: touchpoints "
                         "× measures", "friction")
    measure = deck.measure if deck.measure != "emotion" else "friction"
    pages += _table_pages(deck, heatmap.channel_table(journey, evidence, measure),
                          f"Heatmap: {MEASURES[measure].label.lower()} by stage × channel",
                          measure)
    if deck.by and evidence.group_names:
        pages += _table_pages(deck, heatmap.group_table(journey, evidence, measure, deck.by),
                              f"Heatmap: {MEASURES[measure].label.lower()} by touchpoint × "
                              f"{deck.by.partition(':')[2] or deck.by}", measure)
    return pages


# --------------------------------------------------------------------------- curve
def emotion_curve(deck: Deck) -> list[Sketch]:
    """What the workshop believed against what customers said, along the journey."""
    journey = deck.journey
    if not curve.has_data(journey, deck.evidence, deck.persona):
        return []
    page, box = frame(deck, "The emotion curve",
                      "Each persona's emotion as the workshop scored it (−2 to +2), and the "
                      "measured emotion with its 95% interval", measure="emotion",
                      scale=False)  # the curves are in the personas' colours
    labels = 120.0
    panel_h = box.height - curve.STAGE_BAND - labels - 8
    curve.draw_along(page, box.x0, box.y1, box.width, journey, deck.evidence, deck.persona,
                     panel_height=panel_h, label_length=labels)
    return [page]


# --------------------------------------------------------------------------- comparison
def comparison(deck: Deck) -> list[Sketch]:
    """Group B against group A: per touchpoint the two values, the difference with its 95%
    interval, largest first; greyed where it is not significant after Benjamini–Hochberg."""
    if deck.compare is None or deck.analysis is None or not deck.by:
        return []
    from journeymap.analytics.compare import COMPARABLE

    measure = deck.measure if deck.measure in COMPARABLE else "friction"
    a, b = deck.compare
    table = deck.analysis.compare(a, b, measure)
    table = table[table["difference"].notna()]
    if not len(table):
        return []
    m = MEASURES[measure] if measure in MEASURES else MEASURES["friction"]
    scales = set(table["scale"]) if "scale" in table else set()
    unit = f" (mean on {next(iter(scales))})" if len(scales) == 1 and "" not in scales else ""
    page, box = frame(deck, f"{b} compared with {a}",
                      f"{m.label}{unit}: difference {b} − {a} per touchpoint with its 95% "
                      "interval; "
                      "solid where significant (q < 0.05, Benjamini–Hochberg)",
                      measure=m.key)
    table = table.assign(order=-table["difference"].abs()).sort_values(
        ["q_value", "order"], kind="stable")
    row_h, head = 19.0, 16.0
    count = min(len(table), int((box.height - head) // row_h))
    rows = table.head(count).to_dict("records")
    x_label, x_a, x_b = box.x0, box.x0 + 300, box.x0 + 390
    x_bar, bar_w = box.x0 + 490, 300.0
    x_q = x_bar + bar_w + 12
    reach = max([max(abs(r["difference_low"]), abs(r["difference_high"])) for r in rows
                 if r["difference_low"] == r["difference_low"]] + [1e-9])
    centre = x_bar + bar_w / 2
    y = box.y1
    for x, text in ((x_label, "Touchpoint"), (x_a, f"{a} (n)"), (x_b, f"{b} (n)"),
                    (x_bar, f"{b} − {a}, axis −{reach:.2g} to +{reach:.2g}"), (x_q, "q")):
        page.text(x, y, text, role="column", size=8, style="bold", colour=style.MUTED,
                  width=x_bar - x_b - 6 if x in (x_a, x_b) else None)
    y -= head
    page.line([(centre, y), (centre, y - count * row_h)], colour="#9aa0a6", width=0.7,
              zorder=1)
    worse = "#b2182b"
    better = "#2166ac"
    for r in rows:
        mid = y - row_h / 2
        significant = bool(r["significant"]) and r["q_value"] < 0.05
        page.text(x_label, mid, r["label"], role="row-label", size=9, va="center",
                  width=x_a - x_label - 8, key=r["touchpoint"])
        for x, value, n in ((x_a, r["value_a"], r["n_a"]), (x_b, r["value_b"], r["n_b"])):
            page.text(x, mid, f"{_fmt(m, value, measure)}  ({n:,})", role="value", size=8.5,
                      va="center", width=x_bar - x_b - 6)
        d, lo, hi = r["difference"], r["difference_low"], r["difference_high"]
        hurts = (d > 0) == m.higher_is_worse
        colour = (worse if hurts else better) if significant else "#9aa0a6"
        xd = centre + d / reach * bar_w / 2
        page.rect(min(centre, xd), mid - 5, abs(xd - centre), 10, face=colour, zorder=3,
                  alpha=1.0 if significant else 0.6)
        if lo == lo and hi == hi:
            xa, xb = centre + lo / reach * bar_w / 2, centre + hi / reach * bar_w / 2
            page.line([(xa, mid), (xb, mid)], colour=style.INK, width=0.8, zorder=4)
        q = r["q_value"]
        page.text(x_q, mid, "–" if q != q else "< 0.001" if q < 0.001 else f"{q:.3f}",
                  role="value", size=8.5, va="center",
                  colour=style.INK if significant else style.MUTED)
        y -= row_h
    page.text(box.x0, y - 6, f"Red: {b} is worse than {a}; blue: better; grey: within what "
              "chance would give.", role="note", size=8, colour=style.MUTED,
              width=box.width)
    return [page]


def _fmt(m: Measure, value: float, measure: str) -> str:
    if value != value:
        return "–"
    return Reading(m, value).number(value) if measure == m.key else f"{value:.2f}"
