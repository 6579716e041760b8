"""The sample journeys and the seeded generators of their feedback data (see
``scripts/make_samples.py``)."""

from __future__ import annotations

from . import air_trip, online_order, saas_trial
from .spec import JourneySpec

#: name -> spec, in the order the samples are written
SAMPLES: dict[str, JourneySpec] = {m.SPEC.name: m.SPEC
                                   for m in (online_order, saas_trial, air_trip)}
