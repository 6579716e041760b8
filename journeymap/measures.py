"""The measures journeymap shows, defined once: names, one-sentence definitions, ranges and
colour scales, shared by the analytics, the rendered figures, the canvas and the command line.

Pure Python on purpose (no pandas, matplotlib or Qt), so the app can colour its cards before
the heavy libraries have loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

#: Below this many responses a number is flagged as a small sample (hatched or faded).
SMALL_SAMPLE = 30

#: Colour-blind-safe sequential scale for "how much it hurts" (light = calm, dark = hot):
#: the yellow→orange→red ramp of ColorBrewer YlOrRd, readable for deuteranopes and in grey.
HEAT_STOPS = ("#ffffcc", "#fed976", "#fd8d3c", "#e31a1c", "#800026")
#: Colour-blind-safe diverging scale for scores with a bad and a good end (bad = orange,
#: neutral = near white, good = blue): ColorBrewer PuOr turned so that blue is good.
DIVERGING_STOPS = ("#b35806", "#f1a340", "#f7f7f7", "#998ec3", "#542788")
#: Where there is no data at all.
NO_DATA = "#d9d9d9"


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    definition: str          # one sentence, shown in tooltips and legends
    low: float               # the scale's ends for colouring
    high: float
    higher_is_worse: bool     # friction, CES and complaints: high is bad
    unit: str = ""
    diverging: bool = False
    relative: bool = False    # coloured as a share of the largest value shown (volume)

    def stops(self) -> tuple[str, ...]:
        """Colour stops from ``low`` to ``high``; the bad end is always the warm one."""
        if self.diverging:
            return DIVERGING_STOPS if not self.higher_is_worse else DIVERGING_STOPS[::-1]
        return HEAT_STOPS if self.higher_is_worse else HEAT_STOPS[::-1]

    def fraction(self, value: float) -> float:
        """Where ``value`` sits on the colour scale, 0..1 (clipped)."""
        if self.high == self.low:
            return 0.0
        return min(1.0, max(0.0, (value - self.low) / (self.high - self.low)))

    def colour(self, value: float | None) -> str:
        """The hex colour of ``value`` on this measure's scale (grey where there is no data)."""
        if value is None or value != value:  # None or NaN
            return NO_DATA
        return interpolate(self.stops(), self.fraction(value))

    def format(self, value: float | None) -> str:
        if value is None or value != value:
            return "–"
        if self.key == "friction":
            return f"{value:.2f}"
        if self.unit == "%":
            return f"{value:.0f}%"
        if self.key == "nps":
            return f"{value:+.0f}"
        if self.key in ("volume", "complaint_count"):
            return f"{value:,.0f}"
        return f"{value:.1f}"


FRICTION = Measure(
    "friction", "Friction",
    "Friction is the share of scored responses at a touchpoint with at least one negative "
    "answer (an NPS of 0–6, a CSAT of 1–2, a CES of 5–7, a rating in the bottom 40% of its "
    "scale, negative sentiment or a complaint): 0 means none, 1 means all.",
    0.0, 1.0, higher_is_worse=True)

#: When the analytics flag the workshop's emotion as contradicted by the data (tooltips,
#: legends, README). The precise rule is ``journeymap.analytics.analysis._emotion_check``.
EMOTION_DISAGREEMENT = (
    "Flagged where the workshop scored the moment good (+1 or more) but its friction is "
    "clearly above the journey's typical friction (the whole 95% interval above the median "
    "friction of the touchpoints with enough answers), or bad (−1 or less) but clearly "
    "below it.")

MEASURES: dict[str, Measure] = {m.key: m for m in (
    FRICTION,
    Measure("nps", "NPS",
            "Net Promoter Score: the percentage of promoters (9–10) minus the percentage of "
            "detractors (0–6) among 0–10 answers to 'how likely are you to recommend us'.",
            -100.0, 100.0, higher_is_worse=False, diverging=True),
    Measure("csat", "CSAT",
            "Customer satisfaction: the percentage of 1–5 answers that are 4 or 5.",
            0.0, 100.0, higher_is_worse=False, unit="%"),
    Measure("ces", "CES",
            "Customer effort score: the mean answer to how hard it was, on the scale its "
            "source declared (1–7 unless said otherwise; low is easy).",
            1.0, 7.0, higher_is_worse=True),
    Measure("rating", "Rating",
            "The mean rating on the scale its source declared (a 1–5 survey reads 1–5), "
            "'not applicable' answers left out; where sources at a touchpoint use different "
            "scales, the share of the scale (0 = its lowest, 1 = its highest).",
            0.0, 1.0, higher_is_worse=False),
    Measure("sentiment", "Sentiment",
            "Net sentiment: the share of positive comments minus the share of negative ones, "
            "from −1 (all negative) to +1 (all positive).",
            -1.0, 1.0, higher_is_worse=False, diverging=True),
    Measure("volume", "Volume",
            "How many responses (or, with an event log, customers) reached the touchpoint.",
            0.0, 1.0, higher_is_worse=True, relative=True),
    Measure("emotion", "Designer's emotion",
            "The workshop's score of how the moment feels, from −2 (very bad) to +2 "
            "(very good), before any data.",
            -2.0, 2.0, higher_is_worse=False, diverging=True),
)}


#: What a complaint or ticket log says (:mod:`journeymap.analytics.complaints`): shown in
#: the touchpoint × measure heatmap and on the map's cards beside the measures above, never
#: as a card colour of their own (a count has no good or bad end without traffic).
COMPLAINT_MEASURES: dict[str, Measure] = {m.key: m for m in (
    Measure("complaint_count", "Complaints",
            "Complaints in the complaint or ticket log about the touchpoint (each row of the "
            "log is one complaint).", 0.0, 1.0, higher_is_worse=True, relative=True),
    Measure("complaints_per_1000", "Complaints per 1,000 reached",
            "Complaints per 1,000 customers who reached the touchpoint (from the event log, "
            "else the volumes on the arrows into the card), with a 95% Wilson interval; "
            "empty where the traffic is not known.", 0.0, 1.0, higher_is_worse=True,
            relative=True),
)}


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def interpolate(stops: tuple[str, ...], t: float) -> str:
    """The colour at ``t`` (0..1) along evenly spaced ``stops``, as ``#rrggbb``."""
    return _interpolate(tuple(stops), t)


@lru_cache(maxsize=4096)  # a map asks for the same few colours hundreds of times
def _interpolate(stops: tuple[str, ...], t: float) -> str:
    t = min(1.0, max(0.0, t))
    pos = t * (len(stops) - 1)
    i = min(int(pos), len(stops) - 2)
    f = pos - i
    a, b = _rgb(stops[i]), _rgb(stops[i + 1])
    return "#" + "".join(f"{round(x + (y - x) * f):02x}" for x, y in zip(a, b))


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background``."""
    r, g, b = _rgb(background)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if luminance > 140 else "#ffffff"


# ------------------------------------------------------------ measures in their own units
#: Measures read on the scale their source declared (the analytics keep them on a common
#: scale, :mod:`journeymap.analytics.units` maps them back): the common scale's ends.
OWN_SCALE = {"rating": (0.0, 1.0), "ces": (1.0, 7.0)}
#: ``*_scale`` of a touchpoint whose answers came on several scales.
MIXED = "mixed"


def on_own_scale(kind: str, value, scale, difference: bool = False):
    """``value`` of ``kind`` on its common scale (:data:`OWN_SCALE`) read on ``scale``, the
    (low, high) its source declared, by the one linear map: a rating's share 0.5 of a 1–5
    scale is 3, a CES of 4 on 1–7 is 3 on 1–5. A ``difference`` of two values scales by
    the widths alone. Plain numbers or numpy arrays (``scale``'s ends may be arrays, NaN
    where there is none), so the analytics map whole columns and the canvas one card."""
    a, b = OWN_SCALE[kind]
    low, high = scale
    if difference:
        return value / (b - a) * (high - low)
    return low + (value - a) / (b - a) * (high - low)


def scale_text(low: float, high: float) -> str:
    """A scale as people write it: ``1–5``."""
    return f"{low:g}–{high:g}"


def parse_scale(text: object) -> tuple[float, float] | None:
    """The ends of a :func:`scale_text` ("1–5" -> (1.0, 5.0)); None for "mixed", "" or junk."""
    low, sep, high = str(text or "").partition("–")
    try:
        return (float(low), float(high)) if sep else None
    except ValueError:
        return None


def _number(row: dict | None, key: str) -> float | None:
    value = None if row is None else row.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value \
            or value in (float("inf"), float("-inf")):
        return None
    return float(value)


@dataclass(frozen=True)
class Reading:
    """One measure at one touchpoint (a row of the analysis or of the metrics cache) as people
    read it: a rating or CES on the scale its source declared with its interval on that
    scale, NPS −100..100, CSAT in %, friction 0..1. The one place figures, the canvas and the
    command line format a measure's number, interval and unit."""

    measure: Measure
    value: float | None
    low: float | None = None
    high: float | None = None
    scale: tuple[float, float] | None = None   # the declared scale read on (rating, CES)
    mixed: bool = False                         # answers on several scales: common scale

    def number(self, value: float | None) -> str:
        """``value`` (the value or an end of its interval) as this reading writes it."""
        if value is None or value != value:
            return "–"
        if self.measure.key in OWN_SCALE:
            return f"{value:.2f}"
        return self.measure.format(value)

    @property
    def text(self) -> str:
        return self.number(self.value)

    @property
    def interval(self) -> str:
        """"[2.87, 2.91]" ("" without one)."""
        if self.value is None or self.low is None or self.high is None:
            return ""
        return f"[{self.number(self.low)}, {self.number(self.high)}]"

    @property
    def unit(self) -> str:
        """What scale the number is on: "on 1–5", "share of scale", "on 1–7" ("" for the
        measures whose number says it: NPS, CSAT %, friction, sentiment)."""
        key = self.measure.key
        if self.scale is not None:
            return f"on {scale_text(*self.scale)}"
        if key == "rating":
            return "share of scale" + (" (mixed scales)" if self.mixed else "")
        if key == "ces":
            return "on 1–7" + (" (mixed scales)" if self.mixed else "")
        return ""

    def full(self, unit: bool = True) -> str:
        """"2.89 [2.87, 2.91] on 1–5" ("–" without a value)."""
        if self.value is None:
            return "–"
        parts = [self.text, self.interval, self.unit if unit else ""]
        return " ".join(p for p in parts if p)

    def at(self, common: float) -> float:
        """A value on the measure's common scale (a colour bar's tick) on this scale."""
        if self.scale is None or self.measure.key not in OWN_SCALE:
            return common
        return on_own_scale(self.measure.key, common, self.scale)


def reading(measure: Measure | str, row: dict | None) -> Reading:
    """``measure`` at ``row`` (plain values: an analysis record, a cache row) in its own
    units. A rating or CES whose row names one declared scale (``rating_scale`` "1–5" and
    ``rating_mean``) reads on it; one whose answers came on several scales, or from a cache
    written before the scale was kept, reads on the common scale and says so."""
    m = MEASURES[measure] if isinstance(measure, str) else measure
    key = m.key
    if key in OWN_SCALE and row is not None:
        label = row.get(f"{key}_scale")
        scale = parse_scale(label)
        mean = _number(row, f"{key}_mean")
        if scale is not None and mean is not None:
            return Reading(m, mean, _number(row, f"{key}_mean_low"),
                           _number(row, f"{key}_mean_high"), scale)
        return Reading(m, _number(row, key), _number(row, f"{key}_low"),
                       _number(row, f"{key}_high"), mixed=label == MIXED)
    return Reading(m, _number(row, key), _number(row, f"{key}_low"), _number(row, f"{key}_high"))


def common_scale(measure: Measure | str, rows) -> tuple[float, float] | None:
    """The one declared scale every row with ``measure`` reads on (for a legend's ticks and a
    column's heading); None where rows mix scales, keep none or the measure has no own scale."""
    m = MEASURES[measure] if isinstance(measure, str) else measure
    if m.key not in OWN_SCALE:
        return None
    found = {reading(m, row).scale for row in rows
             if row is not None and _number(row, m.key) is not None}
    return found.pop() if len(found) == 1 else None


def scale_caption(measure: Measure | str, rows=()) -> str:
    """What a legend or a column heading says the numbers are: "Rating, mean on 1–5",
    "Friction, 0–1", "CSAT, % satisfied", "NPS, −100 to +100"."""
    m = MEASURES[measure] if isinstance(measure, str) else measure
    if m.key in OWN_SCALE:
        scale = common_scale(m, rows)
        if scale is not None:
            return f"{m.label}, mean on {scale_text(*scale)}"
        return f"{m.label}, share of scale" if m.key == "rating" else f"{m.label}, mean on 1–7"
    return {"friction": "Friction, 0–1", "nps": "NPS, −100 to +100",
            "csat": "CSAT, % satisfied", "sentiment": "Sentiment, −1 to +1",
            }.get(m.key, m.label)


def scale_ticks(measure: Measure | str, rows=(), scale_max: float = 1.0
                ) -> list[tuple[float, str]]:
    """A colour bar's ticks: (where on the bar 0..1, label) at its ends and middle, in the
    units the rows read in (a rating on 1–5: 1, 3, 5; friction 0.00 … 1.00)."""
    m = MEASURES[measure] if isinstance(measure, str) else measure
    if m.relative:
        return [(0.0, "0"), (0.5, m.format(scale_max / 2)), (1.0, m.format(scale_max))]
    scale = common_scale(m, rows)
    out = []
    for t in (0.0, 0.5, 1.0):
        common = m.low + t * (m.high - m.low)
        if m.key in OWN_SCALE:
            value = Reading(m, common, scale=scale).at(common)
            label = f"{value:g}" if scale is not None else f"{value:.2g}"
        else:
            label = m.format(common)
        out.append((t, label.replace("-", "−")))
    return out


def with_own_scale(row: dict, kind: str, scale: tuple[float, float] | None) -> dict:
    """``row`` (measures on the common scale, e.g. answers pooled over a stage's cards on one
    channel) with ``kind`` also read on ``scale``, the one its answers came on: the columns
    :mod:`journeymap.analytics.units` adds, by :func:`on_own_scale` (unchanged without one)."""
    if scale is None or kind not in OWN_SCALE:
        return row
    out = dict(row)
    for suffix, source in (("mean", kind), ("mean_low", f"{kind}_low"),
                           ("mean_high", f"{kind}_high")):
        value = _number(row, source)
        out[f"{kind}_{suffix}"] = None if value is None else on_own_scale(kind, value, scale)
    out[f"{kind}_scale"] = scale_text(*scale)
    return out


def complaint_text(row: dict | None) -> str:
    """What a complaint log says about a touchpoint, in counts and per 1,000 reached: "12
    complaints in the complaint log (40% of all), 3.4 per 1,000 customers reached (95%
    interval 2.1 to 5.0)"; "" without complaints."""
    count = _number(row, "complaint_count")
    if not count:
        return ""
    text = (f"{count:,.0f} complaint{'s' if count != 1 else ''} in the complaint log "
            f"({100 * (_number(row, 'complaint_share') or 0):.0f}% of all)")
    rate = _number(row, "complaints_per_1000")
    if rate is not None:
        text += (f", {rate:.1f} per 1,000 customers reached (95% interval "
                 f"{_number(row, 'complaints_per_1000_low') or 0:.1f} to "
                 f"{_number(row, 'complaints_per_1000_high') or 0:.1f})")
    return text
