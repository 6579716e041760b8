"""The teams' scores for the opportunities written on the sample maps' cards.

Each touchpoint's ``ideas`` become opportunities linked to it and to its pain points, owned by
its owner. The ones a team has discussed carry scores here: customer value, business value
and effort on 1–5, confidence 0–1, a status, and other touchpoints the same change improves.
The rest stay unscored ideas, as on a real backlog after a first workshop.
"""

from __future__ import annotations

from typing import NamedTuple


class Score(NamedTuple):
    customer_value: int
    business_value: int
    effort: int
    confidence: float
    status: str = "idea"
    also: tuple[str, ...] = ()     # other touchpoints the change improves
    owner: str = ""                # when not the touchpoint's owner


SCORES: dict[str, dict[str, Score]] = {
    "online_order": {
        "Move to 3-DS2 frictionless flow with more data sent to issuers":
            Score(5, 5, 3, 0.8, "planned", ("pay", "payment-failed")),
        "Keep the basket and show 'approve in your banking app' while waiting":
            Score(4, 4, 2, 0.8, "in progress", ("pay",)),
        "Name the cause where we know it and offer PayPal or Klarna in one tap":
            Score(4, 5, 2, 0.5, "idea", ("three-ds",)),
        "Apple Pay and Google Pay on every device": Score(4, 4, 3, 0.8, "planned"),
        "Share a daily SLA report per region with the carrier":
            Score(3, 4, 1, 0.8, "done", ("doorstep", "track")),
        "Redirect to a neighbour or a locker by replying to the SMS":
            Score(4, 3, 3, 0.5, "idea", ("missed-delivery",)),
        "Photo proof of delivery for every safe-place drop": Score(4, 3, 2, 0.8, "planned"),
        "One order tracker that merges parcels and explains each status in words":
            Score(4, 3, 4, 0.8, "idea", ("contact-support",)),
        "Tell the customer the refund date at drop-off and keep to it":
            Score(5, 3, 2, 0.8, "planned", ("contact-support", "drop-off")),
        "Refund on the carrier's first scan for members and low-risk items":
            Score(5, 2, 3, 0.5, "idea", ("refund-email",)),
        "Brand-specific fit advice based on what customers kept and returned":
            Score(4, 5, 4, 0.5, "idea", ("unbox", "product-page")),
        "Automatic box sizing; paper padding for knitwear":
            Score(3, 2, 3, 0.8, "idea", ("unbox",)),
        "Offer passkeys to every returning customer": Score(2, 2, 2, 1.0, "done"),
    },
    "saas_trial": {
        "Background import with progress and a report of rejected rows":
            Score(5, 5, 3, 0.8, "in progress", ("first-workflow",)),
        "Follow-the-sun with a Singapore team for Business and Enterprise plans":
            Score(5, 4, 5, 0.8, "planned", ("raise-ticket",)),
        "Fill in workspace, browser and last error automatically from the app":
            Score(3, 3, 2, 0.8, "idea", ("support-agent",)),
        "Announce price changes a quarter ahead with what changed in the product":
            Score(4, 5, 1, 0.8, "planned", ("renewal-negotiation", "cancel")),
        "Pre-approved renewal price bands by health score":
            Score(3, 5, 2, 0.5, "idea", ("renew",)),
        "Match the offer to the reason: downgrade, pause, or training":
            Score(3, 4, 2, 0.5, "idea", ("cancel",)),
        "Build the review around the customer's own goals from the success plan":
            Score(4, 4, 2, 0.8, "planned"),
        "Trust centre with SOC 2, pen test summary and pre-filled standard questionnaires":
            Score(3, 5, 3, 0.8, "in progress", ("quote-procurement",)),
        "Templates per industry that work with the imported data":
            Score(4, 4, 3, 0.5, "idea"),
        "Record it and cut it into two-minute clips per task": Score(2, 2, 2, 0.5, "idea"),
        "Let the assistant run simple fixes (resend invite, reset SSO) itself":
            Score(3, 3, 4, 0.5, "idea"),
    },
    "air_trip": {
        "Book a security slot in the app": Score(4, 3, 4, 0.5, "idea", ("bag-drop",)),
        "Agree the summer staffing plan with the handler in March":
            Score(4, 4, 2, 0.8, "planned", ("bag-drop", "security")),
        "Remember passport details between trips; one upsell at most":
            Score(5, 4, 2, 0.8, "in progress"),
        "Bag tracking in the app with the belt and an estimated time":
            Score(4, 3, 3, 0.8, "planned"),
        "Seat children with a parent free of charge from booking":
            Score(5, 2, 1, 1.0, "planned"),
        "Rebook everyone automatically and staff the desk for exceptions only":
            Score(5, 4, 4, 0.5, "idea", ("cancellation", "rebooking-engine")),
        "Keep bookings together; offer alternatives before the rebooking is fixed":
            Score(4, 3, 3, 0.5, "idea", ("rebook-self",)),
        "Pay eligible compensation automatically": Score(4, 2, 3, 0.8, "idea",
                                                         ("compensation-paid",)),
        "Digital vouchers and hotel booking in the app": Score(4, 2, 2, 0.8, "planned"),
        "Stream in the browser, no app needed": Score(3, 2, 2, 0.8, "done"),
        "Pass passengers' praise on to the crew by name": Score(2, 2, 1, 1.0, "done"),
        "Sell extra-legroom rows at check-in for the price of a snack":
            Score(2, 4, 1, 0.5, "idea"),
    },
}
