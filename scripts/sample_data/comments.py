"""Free-text comments that read like real survey verbatims and match the score they come with.

A comment is a touchpoint-specific remark (what customers say about *this* moment) or a generic
one, wrapped in one of many frames, with the small untidiness of real answers: no final full
stop, lower case, a "thanks" tacked on.
"""

from __future__ import annotations

import random

GENERIC = {
    "negative": (
        "not good enough", "really disappointing", "this was a hassle from start to finish",
        "far too complicated", "I expected a lot better", "waste of my time",
        "nobody seemed to care", "I won't be doing that again in a hurry",
        "frustrating experience overall", "poor, to be honest",
    ),
    "neutral": (
        "it was ok", "fine, nothing special", "did the job", "average", "no complaints but "
        "nothing memorable either", "about what I expected", "could be a bit quicker",
        "mostly fine", "ok I guess", "not bad, not great",
    ),
    "positive": (
        "great experience", "quick and easy", "really smooth", "exactly what I needed",
        "very happy", "no issues at all", "brilliant", "easy, fast, done",
        "couldn't have been simpler", "spot on",
    ),
}

FRAMES = {
    "negative": (
        "{}.", "{}!", "Honestly, {}.", "{}. Not impressed.", "{} - second time this has "
        "happened.", "{}. Please fix this.", "Really annoyed: {}.", "{}. Sort it out.",
        "{}", "Why is it that {}?", "{}. I nearly gave up.", "Tbh {}",
    ),
    "neutral": (
        "{}.", "{}", "{}, I suppose.", "Overall {}.", "{}. Room for improvement.",
        "{} but it got there in the end.", "Meh - {}.",
    ),
    "positive": (
        "{}.", "{}!", "{}, thanks!", "Really happy: {}.", "{} :)", "{}. Keep it up.",
        "{}", "{}. Will recommend.", "Impressed - {}.", "{}. Thank you!",
    ),
}


def band_of(csat: int | None, nps: int | None, ces: int | None) -> str:
    """negative / neutral / positive from the first score the row has (CSAT, NPS, CES)."""
    if csat is not None:
        return "negative" if csat <= 2 else "neutral" if csat == 3 else "positive"
    if nps is not None:
        return "negative" if nps <= 5 else "neutral" if nps <= 8 else "positive"
    if ces is not None:
        return "negative" if ces >= 5 else "neutral" if ces >= 3 else "positive"
    return "neutral"


def comment(rng: random.Random, band: str, good: tuple[str, ...],
            bad: tuple[str, ...]) -> str:
    """One verbatim for a response in ``band`` about a touchpoint with these remarks."""
    specific = bad if band == "negative" else good if band == "positive" else ()
    if band == "neutral" and (good or bad) and rng.random() < 0.45:
        # Passives mention one good and one bad thing, as they do.
        a = rng.choice(good) if good else rng.choice(GENERIC["positive"])
        b = rng.choice(bad) if bad else rng.choice(GENERIC["negative"])
        text = f"{a}, but {b}"
    elif specific and rng.random() < 0.75:
        text = rng.choice(specific)
    else:
        text = rng.choice(GENERIC[band])
    # A "good, but bad" remark already has its turn: frame it plainly.
    frames = FRAMES[band] if ", but " not in text else ("{}.", "{}")
    text = rng.choice(frames).format(text)
    text = text[0].upper() + text[1:]
    roll = rng.random()
    if roll < 0.12:
        text = text.lower()
    elif roll < 0.2:
        text = text.rstrip(".")
    return text
