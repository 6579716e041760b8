"""Matching names as people write them: a column or a data value to the touchpoint it means.

Exports name things their own way: "Checkin service" for the card "Online check-in",
"Baggage handling" for "Wait at baggage reclaim", "Svc desk" for "Service desk". A name is
turned into weighted tokens:

- case, accents, punctuation and spacing are ignored (:func:`detect.normalise_name`), so
  hyphens and slashes separate words;
- words written together or apart are one ("check-in", "check in", "checkin"; "on-board",
  "onboard"): two neighbouring words also count as their concatenation, and a hyphen that
  joins a particle ("on-board", "check-in") always makes one word;
- plurals are stripped ("bags" is "bag", "deliveries" is "delivery"); other endings make
  other words ("boarding" is not "board"), which count partly through the next rule;
- a short word that begins a longer one stands for it ("info" ~ "information", "svc" is
  listed as "service"), and a near spelling counts partly ("luggage"/"lugage");
- word order does not matter; words such as "the", "of", "and" carry no weight, and a word
  that many touchpoints share ("service") carries less than a rare one ("baggage").

The score of a pair is a weighted overlap (Dice) of their tokens, 0..1; an id or a label that
matches exactly scores 1. :class:`Matcher` ranks touchpoints for a name and assigns columns
to touchpoints one to one.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from journeymap.model import Journey, slug

from .detect import label_key, normalise_name, touchpoint_keys

#: Words that carry no meaning in a name.
STOPWORDS = frozenset("the a an of and or to for with at by in on from your my our its is "
                      "de la le el du des".split())
#: Stop words that, right after a word, make a phrasal verb with it ("check in", "log on"):
#: there they carry meaning (see :func:`compare_sets`).
PARTICLES = frozenset(("in", "on"))
#: The weight of such a particle when the other name does not join it into a compound.
PARTICLE_WEIGHT = 0.5
#: Abbreviations found in survey and ticket exports, and what they stand for.
ABBREVIATIONS = {"svc": "service", "srv": "service", "mgmt": "management", "acct": "account",
                 "info": "information", "dept": "department", "cust": "customer",
                 "dlvry": "delivery", "pmt": "payment", "pymt": "payment",
                 "reg": "registration", "conf": "confirmation", "appt": "appointment",
                 "bkg": "booking", "chk": "check", "tkt": "ticket", "amt": "amount",
                 "addr": "address", "lugg": "luggage", "ent": "entertainment"}
#: Scores below this are not offered as suggestions.
SUGGEST_MIN = 0.3
#: Scores from this up are chosen automatically (a column named near enough a touchpoint).
ACCEPT_MIN = 0.5


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A word without its plural ending ("bags" -> "bag", "deliveries" -> "delivery"), for
    words of letters only."""
    if not word.isalpha() or len(word) <= 3:
        return word
    # Plurals only: "-ing" and "-ed" make other words ("boarding" is not "on board",
    # "booking" not "book"), which the prefix rule of :func:`_token_similarity` still
    # counts as partly the same (0.8).
    for ending, replace in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"),
                            ("xes", "x")):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + replace
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


#: Two words joined by a hyphen.
_HYPHENATED = re.compile(r"\b(\w+)-(\w+)\b")


def _particle_compounds(name: str) -> str:
    """Hyphenated words with a particle written as one: "on-board" is "onboard", "check-in"
    "checkin", "in-flight" "inflight" (a compound, not its content word alone: "on-board
    service" is no "board"); "Wi-Fi" and "e-mail" keep their parts."""
    return _HYPHENATED.sub(lambda m: m[1] + m[2] if m[1].casefold() in STOPWORDS
                           or m[2].casefold() in STOPWORDS else m[0], name)


@lru_cache(maxsize=65536)
def tokens(name: str) -> tuple[str, ...]:
    """The meaningful stemmed words of ``name``, abbreviations spelled out, in order."""
    out: list[str] = []
    for word in normalise_name(_particle_compounds(name)).split():
        for part in ABBREVIATIONS.get(word, word).split():
            out.append(stem(part))
    return tuple(out)


@lru_cache(maxsize=65536)
def token_set(name: str) -> frozenset[str]:
    """:func:`tokens` without stop words (all of them if that leaves none)."""
    words = tokens(name)
    return frozenset(w for w in words if w not in STOPWORDS) or frozenset(words)


def _joined(words: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """Each pair of neighbouring words written together ("check in" -> "checkin")."""
    return {stem(a + b): (stem(a), stem(b)) for a, b in zip(words, words[1:])
            if a.isalpha() and b.isalpha()}


def _particle(word: str) -> str:
    """The token of a particle kept after its verb: a word of its own that is no stop word."""
    return word + "+"


def compare_sets(a: str, b: str) -> tuple[frozenset[str], frozenset[str]]:
    """The token sets of ``a`` and ``b`` with words one writes apart and the other together
    made one ("check in" and "checkin" both become "checkin").

    A particle right after a word ("check in", "log on") is part of what the name says: when
    the other name does not join it ("Security check"), it stays as a light word of its own
    that the other lacks, so "Check in" is nearer "Online check-in" than "Security check".
    """
    words_a, words_b = set(token_set(a)), set(token_set(b))
    for words, other, name in ((words_a, words_b, a), (words_b, words_a, b)):
        joined_here = False
        for joined, (x, y) in _joined(tokens(name)).items():
            if joined in other and joined not in words:
                words.difference_update((x, y))
                words.add(joined)
                joined_here = joined_here or y in PARTICLES
        if not joined_here:
            words.update(_particle(y) for x, y in zip(tokens(name), tokens(name)[1:])
                         if y in PARTICLES and x.isalpha() and x not in STOPWORDS)
    return frozenset(words_a), frozenset(words_b)


def _token_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 3 and long_.startswith(short) and short.isalpha():
        return 0.8  # "info" / "information", "reg" / "registration"
    if min(len(a), len(b)) >= 5 and abs(len(a) - len(b)) <= 1:
        ratio = difflib.SequenceMatcher(None, a, b).ratio()
        if ratio >= 0.85:
            return ratio * 0.9  # a near spelling: "luggage" / "lugage"
    return 0.0


def best_match(word: str, others: Iterable[str]) -> float:
    """How well ``word`` is matched by its best partner among ``others`` (0..1)."""
    return max((_token_similarity(word, other) for other in others), default=0.0)


@dataclass(frozen=True)
class Suggestion:
    """A touchpoint a name may mean, and how sure: 1 is an exact id or label."""

    touchpoint: str
    label: str
    score: float

    def as_dict(self) -> dict[str, object]:
        return {"touchpoint": self.touchpoint, "label": self.label,
                "score": round(self.score, 3)}


class Matcher:
    """Matches names to a journey's touchpoints (see the module docstring).

    ``context`` is other names of the same table (its columns, or the values of a column):
    with the touchpoint labels they decide how common, and so how weak, a word is.
    """

    def __init__(self, journey: Journey, context: Iterable[object] = ()) -> None:
        self.journey = journey
        self.ids, self.labels = touchpoint_keys(journey)
        self.label_of = {tp.id: tp.label for tp in journey.touchpoints()}
        self.targets = [(tp.id, tp.label) for tp in journey.touchpoints()]
        documents = [token_set(label) for _, label in self.targets]
        documents += [token_set(str(name)) for name in context]
        frequency: dict[str, int] = {}
        for words in documents:
            for word in words:
                frequency[word] = frequency.get(word, 0) + 1
        total = max(len(documents), 1)
        self._weights = {w: math.log(1 + total / f) for w, f in frequency.items()}
        self._default_weight = math.log(1 + total)

    def weight(self, word: str) -> float:
        if word in STOPWORDS:
            return 0.0
        if word.endswith("+"):  # a particle kept after its verb (compare_sets)
            return PARTICLE_WEIGHT
        return self._weights.get(word, self._default_weight)

    def exact(self, name: object) -> str | None:
        """The touchpoint whose id (any case) or label (as labels are keyed) ``name`` is."""
        text = str(name).strip()
        found = self.ids.get(text.casefold())
        return found if found is not None else self.labels.get(label_key(text))

    def score(self, name: object, label: str) -> float:
        """How well ``name`` matches ``label``, 0..1 (a soft, weighted Dice of tokens)."""
        words, target = compare_sets(str(name), label)
        if not words or not target:
            return 0.0
        own = sum(best_match(word, target) * self.weight(word) for word in words)
        theirs = sum(best_match(word, words) * self.weight(word) for word in target)
        own_total, their_total = sum(map(self.weight, words)), sum(map(self.weight, target))
        if not own_total or not their_total:
            return 0.0
        # Half the weighted Dice of the two, half how much of the shorter one the other
        # explains: a short column name ("Checkin service") is a fair match for a card's
        # longer label ("Online check-in and boarding pass") when the label holds its
        # meaningful words, and a value ("Late Flight") for a label inside it ("The flight").
        dice = (own + theirs) / (own_total + their_total)
        return 0.5 * dice + 0.5 * max(own / own_total, theirs / their_total)

    def rank(self, name: object, limit: int = 3) -> list[Suggestion]:
        """Touchpoints ``name`` may mean, best first (scores ≥ :data:`SUGGEST_MIN`)."""
        exact = self.exact(name)
        if exact is not None:
            return [Suggestion(exact, self.label_of[exact], 1.0)]
        scored = [(self.score(name, label), tp) for tp, label in self.targets]
        scored.sort(key=lambda pair: -pair[0])  # stable: ties keep the journey's order
        return [Suggestion(tp, self.label_of[tp], score)
                for score, tp in scored[:limit] if score >= SUGGEST_MIN]

    def closest(self, name: object) -> str | None:
        """The best touchpoint for ``name`` (exact, else the top suggestion), or None."""
        ranked = self.rank(name, 1)
        return ranked[0].touchpoint if ranked else None

    def assign(self, names: Iterable[object], minimum: float = ACCEPT_MIN
               ) -> dict[str, tuple[str, float, list[Suggestion]]]:
        """Each name -> (touchpoint, score, ranked suggestions), one name per touchpoint:
        the best pairs first. Exact matches (a card's label, its id in any case, or a name
        whose slug is its id) score 1 and are assigned before any other. Names whose best free touchpoint
        scores below ``minimum`` are left out of the result's choices but keep their
        suggestions (touchpoint "")."""
        ranked = {str(n): self.rank(n, 5) for n in names}
        exact: dict[str, str] = {}
        for name, found in ranked.items():
            # a column named as a card's id ("Seat comfort" for seat-comfort) is exact too
            tp = self.exact(name) or self.ids.get(slug(name))
            if tp is not None:
                exact[name] = tp
                ranked[name] = [Suggestion(tp, self.label_of[tp], 1.0)] + [
                    s for s in found if s.touchpoint != tp][:4]
        pairs = sorted(((s.score, name, s.touchpoint) for name, found in ranked.items()
                        for s in found),
                       key=lambda p: (-p[0], exact.get(p[1]) != p[2]))  # exact ones first
        taken: set[str] = set()
        out: dict[str, tuple[str, float, list[Suggestion]]] = {}
        for score, name, tp in pairs:
            if name in out or tp in taken or score < minimum:
                continue
            out[name] = (tp, score, ranked[name][:3])
            taken.add(tp)
        for name, found in ranked.items():
            out.setdefault(name, ("", found[0].score if found else 0.0, found[:3]))
        return out


__all__ = ["ABBREVIATIONS", "ACCEPT_MIN", "Matcher", "SUGGEST_MIN", "Suggestion", "stem",
           "token_set", "tokens"]
