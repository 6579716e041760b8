"""Sample 3: an air trip, from booking to the next booking, with disruption and recovery.

The data hides: security queues in the summer peak, slow baggage reclaim after long-haul
arrivals, short-haul passengers with nothing to watch, the transfer-desk queue after
cancellations, and a check-in app release in April that broke passport scanning. Two workshop
scores are contradicted: online check-in (designers: smooth; passengers: the app) and cabin
crew (designers feared the cost cuts; passengers praise the crew). Besides the long survey
(semicolon-separated, as the airline's European survey tool exports it) there is a wide
post-trip survey: one row per passenger, one 0–5 column per touchpoint, 0 = not applicable.
"""

from __future__ import annotations

from datetime import date

from journeymap.model import Persona, Stage

from .spec import (BadRow, EventSpec, HotSpot, JourneySpec, Segment, SurveySpec,
                   WideSurveySpec, edge, stray, tp)

C, F, B, S = "customer", "frontstage", "backstage", "support"
EXP, SVC, WIN = "experience", "service", "success"

PERSONAS = [
    Persona("daniel", "Daniel, the frequent business traveller",
            "46, Gold member, 40 flights a year, hand luggage only. Books late and changes "
            "often. Wants predictability, the lounge, and to be rebooked before he has even "
            "read the cancellation notice."),
    Persona("sofia", "Sofia, the family holidaymaker",
            "35, flies once a year with her partner and two children, booked six months "
            "ahead, two checked bags. Anxious about sitting together, about the bags and "
            "about anything going wrong with the children in tow."),
    Persona("grace", "Grace, the passenger who needs assistance",
            "71, visits her daughter abroad twice a year, uses wheelchair assistance at "
            "airports and books by phone. Needs every hand-over between airline, airport "
            "and assistance staff to work, and someone to ask."),
]

STAGES = [
    Stage("book", "Book", "Searching, choosing a fare and seats, paying."),
    Stage("prepare", "Prepare", "Between booking and the airport: extras, schedule changes, "
          "check-in."),
    Stage("airport", "At the airport", "Getting there, bags, security, lounge, gate and "
          "assistance."),
    Stage("flight", "Flight", "On board: seat, crew, food, Wi-Fi and entertainment."),
    Stage("arrive", "Arrive", "Leaving the aircraft, connections, passport control and "
          "bags."),
    Stage("disruption", "Disruption & recovery", "Delays, cancellations, rebooking, care "
          "and missing bags."),
    Stage("after", "After the trip", "Compensation, miles and the next booking."),
]


def f(daniel: float, sofia: float, grace: float) -> dict[str, float]:
    return {"daniel": daniel, "sofia": sofia, "grace": grace}


TOUCHPOINTS = [
    # ---------------------------------------------------------------------- book
    tp("search-flights", "Search and compare flights", "book", C, "web", EXP,
       "Digital", "Search by date and airport with a flexible-dates calendar.",
       f(0.5, 0.5, -0.5), survey=0.6,
       pains=("Prices shown without bags; comparison sites show the same",),
       ideas=("Let the customer set 'with one bag' once and price everything that way",),
       tags=("booking", "digital"),
       good=("easy to compare dates and prices", "the flexible calendar is great"),
       bad=("the price jumped when I went back", "search kept timing out")),
    tp("fare-options", "Choose a fare: Light, Classic or Flex", "book", F, "web", SVC,
       "Revenue management", "Three fare families; bags, seats and changes differ.",
       f(0, -1, -0.5), effort=True, survey=0.8,
       pains=("Light fare hides that a cabin bag is extra",
              "Differences explained in a 12-row table"),
       ideas=("Recommend the fare from the trip (family, bags, flexibility)",),
       notes=("\"By the time I'd added bags and seats, the cheap fare cost more than "
              "Classic.\"",),
       tags=("booking", "fees"),
       good=("the fare options were clear", "Flex fare was worth it"),
       bad=("hidden charges for bags", "confusing fare rules", "the cheap fare is a trap")),
    tp("seat-selection", "Pick seats", "book", C, "web", EXP, "Ancillaries",
       "Seat map; families are seated together free only at check-in.",
       f(0.5, -2, -0.5), truth=-0.8, survey=0.7,
       pains=("Parents pay to guarantee sitting next to their children",),
       ideas=("Seat children with a parent free of charge from booking",),
       notes=("\"Paying £84 so my six-year-old sits next to me is outrageous.\"",),
       tags=("booking", "fees", "family"),
       good=("got exactly the seats I wanted",),
       bad=("had to pay to sit with my kids", "seat map kept freezing",
            "seats I paid for were changed")),
    tp("pay-booking", "Pay and receive the booking", "book", C, "web", WIN, "Digital",
       "Card, PayPal or miles; booking reference shown straight away.", f(1, 0.5, 0.5),
       survey=0.6,
       tags=("booking",),
       good=("payment was quick and the booking came through instantly",),
       bad=("card declined twice but I was charged", "payment page crashed")),
    tp("call-centre-booking", "Book by phone", "book", F, "phone", SVC, "Contact centre",
       "Bookings, assistance requests and complex itineraries by phone; fee per booking.",
       f(0, -0.5, 0.5), survey=0.25,
       pains=("Booking fee for customers who cannot book online",),
       ideas=("Waive the phone fee for passengers requesting assistance",),
       tags=("booking", "accessibility"),
       good=("the agent on the phone was so patient with me",),
       bad=("waited 40 minutes to book by phone", "charged a fee for booking by phone")),
    tp("revenue-management", "Revenue management sets fares", "book", B, "self-service", SVC,
       "Revenue management", "Fare buckets per flight, updated many times a day.", {},
       tags=("pricing",)),
    tp("pss", "Reservation system creates the booking", "book", S, "self-service", SVC,
       "IT: reservations", "The passenger service system holds the booking (PNR), tickets "
       "and special service requests.", {},
       pains=("Assistance requests in free text are missed by the airport",),
       ideas=("Structured assistance codes sent to the airport automatically",),
       tags=("IT",)),
    # ------------------------------------------------------------------- prepare
    tp("booking-email", "Booking confirmation and itinerary", "prepare", F, "email", SVC,
       "Digital", "Itinerary, receipt and a link to manage the booking.", f(1, 1, 0.5),
       survey=0.5,
       tags=("reassurance",),
       good=("clear confirmation e-mail",),
       bad=("the confirmation e-mail took hours to arrive",)),
    tp("manage-booking", "Manage booking: bags, meals, assistance", "prepare", C, "web", EXP,
       "Digital", "Add bags, meals, assistance; change dates.", f(0, 0, -1), effort=True,
       survey=0.6,
       pains=("Assistance cannot be added online for bookings made by phone",),
       tags=("ancillaries",),
       good=("added a bag in a minute",),
       bad=("couldn't add assistance online", "changing the date cost more than the "
            "ticket")),
    tp("schedule-change", "Schedule change notice", "prepare", F, "email", SVC,
       "Network planning", "E-mail when a flight time changes by more than 30 minutes.",
       f(-1, -1.5, -1.5), survey=0.3,
       pains=("Notice does not say whether the connection still works",),
       ideas=("Offer alternatives in the notice, accept in one tap",),
       tags=("disruption", "failure"),
       good=("the change notice gave me options straight away",),
       bad=("my flight was moved by 5 hours with no explanation",
            "the new time breaks my connection")),
    tp("online-checkin", "Online check-in and boarding pass", "prepare", C, "app", EXP,
       "Digital", "Check-in from 30 hours before; passport scan; boarding pass in the "
       "wallet.", f(1.5, 1, 0), truth=-0.4, effort=True, survey=1.3,
       pains=("April app release broke passport scanning on some phones",
              "Seat-upgrade offers interrupt check-in three times"),
       ideas=("Remember passport details between trips; one upsell at most",),
       notes=("Workshop rated check-in as a solved problem; the survey disagrees.",
              "\"The app crashed every time it tried to scan my passport.\""),
       tags=("digital", "hot spot"),
       good=("checked in in seconds", "boarding pass straight into my wallet"),
       bad=("the app crashed when scanning my passport", "kept pushing paid seats at me "
            "during check-in", "couldn't check in online and had to queue at the airport")),
    tp("pre-trip-sms", "Pre-departure reminder and gate info", "prepare", F, "sms", SVC,
       "Operations", "SMS the day before and three hours before, with terminal and bag "
       "drop times.", f(1, 1, 1), survey=0.3,
       tags=("reassurance",),
       good=("the reminder with terminal info was helpful",),
       bad=("the SMS had the wrong terminal",)),
    tp("assistance-booking", "Assistance booked with the airport", "prepare", B, "partner",
       SVC, "Customer services", "Special assistance requests passed to the airport's "
       "provider 48 hours ahead.", {},
       pains=("One in ten requests never reaches the airport's provider",),
       tags=("accessibility",)),
    # ------------------------------------------------------------------- airport
    tp("travel-to-airport", "Travel to the airport", "airport", C, "in person", EXP,
       "Airport partner", "Train, taxi or car park; the airline's part is the information.",
       f(0, -0.5, -0.5), survey=0.2,
       tags=("airport",),
       good=("the train to the terminal was easy",),
       bad=("car park was full and miles from the terminal",)),
    tp("bag-drop", "Drop bags at the counter", "airport", F, "airport", SVC,
       "Ground handling", "Self-service tags and staffed counters; opens three hours before.",
       f(0.5, -0.5, 0), survey=0.9,
       pains=("Only two of eight counters staffed before early departures",),
       ideas=("Bag drop the evening before for early flights",),
       tags=("airport", "baggage"),
       good=("bag drop took five minutes", "friendly staff at the counter"),
       bad=("one desk open and a queue out the door", "self tag machines didn't work")),
    tp("security", "Pass security", "airport", C, "airport", EXP, "Airport partner",
       "Airport-run security; we share queue times in the app.", f(-0.5, -1, -1),
       truth=-0.5, survey=1.1,
       pains=("Queues over 45 minutes in July and August",),
       ideas=("Book a security slot in the app",),
       notes=("\"Nearly missed the flight. One lane open at 6 in the morning in July.\"",),
       tags=("airport", "hot spot"),
       good=("security was quick", "fast track was worth it"),
       bad=("security queue was over an hour", "nearly missed my flight because of "
            "security", "chaos at security, staff shouting")),
    tp("lounge", "Relax in the lounge", "airport", F, "airport", WIN, "Lounges",
       "Lounges for Business and Gold members; showers at the hub.", f(1.5, 1, 1),
       survey=0.4,
       tags=("premium",),
       good=("the lounge was calm and the food was good", "great lounge"),
       bad=("lounge was overcrowded", "nowhere to sit in the lounge")),
    tp("assistance-airport", "Wheelchair assistance to the gate", "airport", F, "airport",
       SVC, "Airport partner", "The airport's assistance provider meets the passenger at "
       "check-in.", f(0, 0, -1.5), survey=0.1,
       pains=("Passengers left waiting at the gate without information",),
       tags=("accessibility",),
       good=("the assistance staff were wonderful",),
       bad=("waited an hour for the wheelchair", "left alone at the gate")),
    tp("gate", "Wait at the gate and board", "airport", F, "airport", SVC, "Ground handling",
       "Boarding by groups; cabin bags taken at the gate when the bins are full.",
       f(0, -0.5, -0.5), survey=0.9,
       pains=("Gate changes announced late; boarding groups ignored",),
       tags=("airport", "boarding"),
       good=("boarding was orderly and on time",),
       bad=("boarding was a scrum", "gate changed twice", "my cabin bag was taken at "
            "the gate")),
    tp("ground-handling", "Ground handling loads bags and turns the aircraft", "airport", B,
       "airport", SVC, "Ground handling", "Bags, fuel, cleaning and catering in a 45-minute "
       "turn.", {}, pains=("Understaffed in the summer peak",),
       tags=("operations",)),
    tp("dcs", "Departure control system", "airport", S, "self-service", SVC,
       "IT: airport systems", "Check-in, boarding and load control data.", {},
       tags=("IT",)),
    # -------------------------------------------------------------------- flight
    tp("seat-comfort", "Seat and legroom", "flight", F, "on board", EXP, "Product: cabin",
       "Slimline seats on short haul; lie-flat in long-haul Business.", f(0.5, 0, -0.5),
       survey=1.0,
       pains=("29-inch pitch on short haul",),
       tags=("cabin",),
       good=("comfortable seat with decent legroom", "the lie-flat bed was excellent"),
       bad=("knees against the seat in front", "seat wouldn't recline")),
    tp("cabin-service", "Cabin crew service", "flight", F, "on board", EXP, "Cabin crew",
       "Crew service and care; cost cuts reduced crew numbers on short haul in 2025.",
       f(0, -0.5, 0), truth=1.3, survey=1.1,
       notes=("Workshop feared the crew cuts would show; passengers single the crew out "
              "for praise.",),
       tags=("cabin", "people"),
       good=("the crew were fantastic", "crew went out of their way for my kids",
             "lovely friendly cabin crew"),
       bad=("crew seemed stressed and rushed",)),
    tp("food-drink", "Food and drink", "flight", F, "on board", EXP, "Catering",
       "Buy-on-board on short haul; meals on long haul.", f(0, -0.5, 0), survey=0.8,
       pains=("Card-only payment; popular items sold out by row 10",),
       tags=("cabin", "catering"),
       good=("the meal was surprisingly good",),
       bad=("sold out of everything by the time they reached us", "overpriced "
            "sandwiches")),
    tp("wifi-entertainment", "Wi-Fi and entertainment", "flight", F, "on board", EXP,
       "Product: cabin", "Streaming to own devices on short haul; seat-back screens on long "
       "haul; paid Wi-Fi.", f(0, 0, 0), truth=-0.3, survey=0.7,
       pains=("Short-haul streaming needs an app download before boarding",),
       tags=("cabin", "digital"),
       good=("great film selection", "Wi-Fi worked well enough to work"),
       bad=("Wi-Fi didn't work at all", "nothing to watch unless you downloaded the app "
            "beforehand")),
    tp("catering", "Catering loaded to plan", "flight", B, "partner", SVC, "Catering",
       "Quantities from the booking forecast, loaded at the hub.", {},
       pains=("Loads planned on average demand; popular items run out",),
       tags=("operations",)),
    # -------------------------------------------------------------------- arrive
    tp("deplane", "Leave the aircraft", "arrive", C, "on board", EXP, "Ground handling",
       "Jet bridge or bus to the terminal.", f(0, 0, -0.5), survey=0.3,
       tags=("arrival",),
       good=("quick off the plane",),
       bad=("waited 30 minutes for steps and a bus",)),
    tp("connection", "Make the connection", "arrive", F, "airport", SVC, "Hub operations",
       "Transfer signs, transfer security and connection guarantees at the hub.",
       f(0, -1, -1.5), survey=0.4,
       pains=("45-minute minimum connection is too tight with transfer security",),
       tags=("transfer",),
       good=("plenty of time to connect",),
       bad=("ran through the airport and still missed it",)),
    tp("immigration", "Passport control", "arrive", C, "airport", EXP,
       "Border agency (not us)", "E-gates for some passports; staffed desks for others.",
       f(0, -0.5, -0.5), survey=0.3,
       tags=("arrival",),
       good=("e-gates were quick",),
       bad=("an hour at passport control",)),
    tp("baggage-reclaim", "Wait at baggage reclaim", "arrive", C, "airport", EXP,
       "Ground handling", "Belt allocation and delivery target: first bag in 20 minutes.",
       f(0, -0.5, -0.5), truth=-0.2, survey=1.0,
       pains=("Long-haul bags take 50 minutes at the hub",),
       ideas=("Bag tracking in the app with the belt and an estimated time",),
       tags=("baggage", "hot spot"),
       good=("bags came out quickly",),
       bad=("waited almost an hour for our bags", "no information about which belt")),
    # ---------------------------------------------------------------- disruption
    tp("delay-notice", "Delay notice by app and SMS", "disruption", F, "app", SVC,
       "Operations control", "Push and SMS when departure slips by 15 minutes or more.",
       f(-0.5, -1, -1), survey=0.6,
       pains=("Estimates slip in 15-minute steps for hours",),
       ideas=("Give an honest range and the reason",),
       tags=("disruption",),
       good=("kept informed about the delay",),
       bad=("delay kept being extended by 15 minutes", "found out about the delay from "
            "the board, not the app")),
    tp("cancellation", "Cancellation and automatic rebooking", "disruption", F, "app", SVC,
       "Operations control", "Passengers are rebooked automatically and told by app, SMS "
       "and e-mail.", f(-1.5, -2, -2), survey=0.5,
       pains=("Automatic rebooking can put families on different flights",),
       ideas=("Keep bookings together; offer alternatives before the rebooking is fixed",),
       tags=("disruption", "failure"),
       good=("rebooked automatically before I even asked",),
       bad=("cancelled with two hours notice", "they split my family across two "
            "flights")),
    tp("rebook-self", "Rebook in the app", "disruption", C, "app", EXP, "Digital",
       "Choose another flight or a refund in the app.", f(0.5, 0, -1), survey=0.4,
       tags=("disruption", "recovery", "self-service"),
       good=("rebooked myself in the app in two minutes",),
       bad=("the app showed no alternatives",)),
    tp("rebook-desk", "Queue at the transfer desk", "disruption", C, "airport", EXP,
       "Hub operations", "Staffed desks for rebooking, vouchers and hotels.",
       f(-2, -2, -2), truth=-1.8, survey=0.5,
       pains=("Queues of two hours or more after a wave of cancellations",),
       ideas=("Rebook everyone automatically and staff the desk for exceptions only",),
       notes=("\"Three hours in a queue with two tired kids, to be told the hotel was "
              "full.\"",),
       tags=("disruption", "hot spot"),
       good=("the agent at the desk found us a great alternative",),
       bad=("queued for three hours at the desk", "the staff had no information either",
            "the desk closed while we were still queuing")),
    tp("care-vouchers", "Meal vouchers and hotel", "disruption", F, "airport", SVC,
       "Hub operations", "Care under EU261: meal vouchers, hotel and transport.",
       f(-0.5, -1, -1), survey=0.3,
       tags=("disruption", "recovery"),
       good=("hotel and meals sorted without fuss",),
       bad=("a €10 meal voucher at an airport is a joke", "no hotel until 2am")),
    tp("report-lost-bag", "Report a missing bag", "disruption", C, "airport", EXP,
       "Baggage services", "Report at the baggage desk or online; reference for tracing.",
       f(-1.5, -2, -2), survey=0.4,
       pains=("Baggage desk shared by six airlines; queue after every long-haul arrival",),
       ideas=("Report in the app with the bag's tag scanned",),
       tags=("baggage", "failure"),
       good=("reporting the bag online was simple",),
       bad=("nobody at the baggage desk", "the tracing site never updated")),
    tp("bag-delivered", "Delayed bag delivered home", "disruption", F, "partner", SVC,
       "Baggage services", "Courier delivery within 48 hours on average.", f(0, 0, 0),
       survey=0.3,
       tags=("baggage", "recovery"),
       good=("bag was delivered to my door the next day",),
       bad=("bag arrived four days later, damaged",)),
    tp("ops-control", "Operations control re-plans crews and aircraft", "disruption", B,
       "self-service", SVC, "Operations control", "Disruption management: swaps, "
       "cancellations and crew legality.", {},
       pains=("Cancellations decided in waves without passenger impact in view",),
       ideas=("Score cancellation options by passengers' missed connections",),
       tags=("operations",)),
    tp("rebooking-engine", "Automatic rebooking engine", "disruption", S, "self-service",
       SVC, "IT: reservations", "Rebooks passengers by priority rules within minutes.", {},
       pains=("Rules rank by tier and fare, not by family or assistance needs",),
       tags=("IT", "disruption")),
    # --------------------------------------------------------------------- after
    tp("claim-compensation", "Claim compensation (EU261)", "after", C, "web", EXP,
       "Customer relations", "Claim form for delays over three hours and cancellations.",
       f(-1, -1.5, -1.5), truth=-1.2, effort=True, survey=0.5,
       pains=("Form rejects claims without the boarding pass of every passenger",
              "Eight weeks to a decision"),
       ideas=("Pay eligible compensation automatically",),
       tags=("claims", "recovery"),
       good=("claim was paid without a fight",),
       bad=("the claim form is designed to make you give up", "eight weeks and still no "
            "answer on my claim", "rejected because of 'extraordinary circumstances'")),
    tp("compensation-paid", "Compensation decision and payment", "after", F, "email", SVC,
       "Customer relations", "Decision e-mail; payment by bank transfer or vouchers.",
       f(0, 0, 0), survey=0.3,
       tags=("claims", "recovery"),
       good=("compensation paid in full",),
       bad=("they offered vouchers instead of cash",)),
    tp("miles-credited", "Miles credited and tier progress", "after", F, "app", WIN,
       "Loyalty", "Miles and tier points a few days after the flight.", f(1, 0.5, 0.5),
       survey=0.4,
       tags=("loyalty",),
       good=("miles showed up quickly",),
       bad=("my miles never appeared",)),
    tp("book-again", "Book the next trip", "after", C, "web", WIN, "Digital",
       "Returning customers; the share that rebooks within a year is the loyalty KPI.",
       f(1, 0.5, 0.5), survey=0.3,
       tags=("loyalty",),
       good=("already booked our next holiday with you",),
       bad=("will look at other airlines next time",)),
]

EDGES = [
    # book
    edge("search-flights", "fare-options", 0.7, delay="3m", volume=180000),
    edge("fare-options", "seat-selection", 0.6, delay="2m"),
    edge("fare-options", "pay-booking", 0.3, "alternative", "skips seats", delay="3m"),
    edge("seat-selection", "pay-booking", 0.9, delay="2m"),
    edge("pay-booking", "pss", 0.99, delay="5s", volume=95000),
    edge("call-centre-booking", "pss", 0.95, delay="12m"),
    edge("revenue-management", "fare-options", label="fares"),
    edge("pss", "booking-email", 0.99, delay="1m"),
    # prepare
    edge("booking-email", "manage-booking", 0.35, delay="10d", spread=1.0),
    edge("booking-email", "schedule-change", 0.06, "failure", "flight time changes",
         delay="20d", volume=5500),
    edge("booking-email", "online-checkin", 0.55, delay="30d", spread=0.8),
    edge("manage-booking", "assistance-booking", 0.06, label="assistance requested",
         delay="1h"),
    edge("manage-booking", "online-checkin", 0.9, delay="20d", spread=0.8),
    edge("call-centre-booking", "assistance-booking", label="assistance requested"),
    edge("assistance-booking", "online-checkin", 0.95, delay="20d"),
    edge("schedule-change", "manage-booking", 0.5, "recovery", "accepts or changes",
         delay="1d"),
    edge("schedule-change", "online-checkin", 0.45, delay="15d"),
    edge("online-checkin", "pre-trip-sms", 0.9, delay="20h", spread=0.3),
    edge("dcs", "online-checkin", label="boarding passes"),
    edge("pre-trip-sms", "travel-to-airport", 0.9, delay="4h", spread=0.4),
    edge("pre-trip-sms", "delay-notice", 0.07, "failure", "delay announced", delay="3h"),
    # airport
    edge("travel-to-airport", "bag-drop", 0.52, delay="45m"),
    edge("travel-to-airport", "security", 0.44, delay="20m"),
    edge("travel-to-airport", "assistance-airport", 0.03, "alternative", delay="20m"),
    edge("assistance-airport", "gate", 0.97, delay="50m"),
    edge("bag-drop", "security", 0.97, delay="15m"),
    edge("bag-drop", "ground-handling", label="bags loaded"),
    edge("security", "lounge", 0.18, delay="15m"),
    edge("security", "gate", 0.78, delay="40m", spread=0.6),
    edge("lounge", "gate", 0.97, delay="1h"),
    edge("dcs", "gate", label="boarding"),
    edge("gate", "seat-comfort", 0.88, delay="40m", volume=230000),
    edge("gate", "delay-notice", 0.08, "failure", "departure slips", delay="20m",
         volume=19000),
    edge("gate", "cancellation", 0.02, "failure", "flight cancelled", delay="1h",
         volume=4200),
    edge("ground-handling", "baggage-reclaim", label="bags unloaded"),
    # flight
    edge("seat-comfort", "cabin-service", 0.95, delay="30m"),
    edge("cabin-service", "food-drink", 0.7, delay="30m"),
    edge("cabin-service", "wifi-entertainment", 0.25, delay="40m"),
    edge("food-drink", "wifi-entertainment", 0.5, delay="20m"),
    edge("food-drink", "deplane", 0.45, delay="2h", spread=0.5),
    edge("wifi-entertainment", "deplane", 0.95, delay="2h", spread=0.5),
    edge("catering", "food-drink", label="meals and stock"),
    # arrive
    edge("deplane", "connection", 0.2, "alternative", "transfer passengers", delay="20m"),
    edge("deplane", "immigration", 0.75, delay="15m"),
    edge("connection", "seat-comfort", 0.85, label="next flight", delay="1.5h"),
    edge("connection", "rebook-desk", 0.1, "failure", "missed connection", delay="30m",
         volume=2100),
    edge("immigration", "baggage-reclaim", 0.6, delay="20m"),
    edge("immigration", "miles-credited", 0.35, label="hand luggage only", delay="2d"),
    edge("baggage-reclaim", "report-lost-bag", 0.04, "failure", "bag missing",
         delay="40m", spread=0.5, volume=3800),
    edge("baggage-reclaim", "miles-credited", 0.9, delay="2d"),
    # disruption
    edge("delay-notice", "gate", 0.8, "recovery", "departs late", delay="2h", spread=1.0),
    edge("delay-notice", "cancellation", 0.15, "failure", delay="3h"),
    edge("cancellation", "rebook-self", 0.45, "recovery", delay="30m"),
    edge("cancellation", "rebook-desk", 0.4, "alternative", "cannot rebook in the app",
         delay="20m"),
    edge("rebook-self", "gate", 0.85, "recovery", "next flight", delay="14h", spread=0.8),
    edge("rebook-desk", "care-vouchers", 0.55, delay="1.5h"),
    edge("rebook-desk", "gate", 0.35, "recovery", "next flight", delay="12h"),
    edge("care-vouchers", "gate", 0.95, "recovery", delay="14h"),
    edge("report-lost-bag", "bag-delivered", 0.9, "recovery", delay="1.5d", spread=0.7),
    edge("bag-delivered", "claim-compensation", 0.3, delay="3d"),
    edge("bag-delivered", "miles-credited", 0.65, delay="1d"),
    edge("ops-control", "cancellation", label="cancellation decided"),
    edge("ops-control", "delay-notice", label="new departure time"),
    edge("rebooking-engine", "cancellation", label="new flight offered"),
    # after
    edge("miles-credited", "claim-compensation", 0.04, delay="7d"),
    edge("miles-credited", "book-again", 0.3, delay="45d", spread=0.8),
    edge("claim-compensation", "compensation-paid", 0.7, delay="4w", spread=0.6),
    edge("compensation-paid", "book-again", 0.2, delay="60d"),
    edge("book-again", "fare-options", 0.85, label="next trip", delay="3m"),
    # What passengers do that the map does not show.
    stray("online-checkin", "bag-drop", 0.07, delay="1d"),
    stray("rebook-desk", "claim-compensation", 0.08, delay="2h"),
    stray("delay-notice", "lounge", 0.04, delay="30m"),
    stray("seat-selection", "search-flights", 0.05, delay="2m"),
]

SEGMENTS = [
    Segment("cabin", {"Economy": (0.72, -0.05), "Premium Economy": (0.1, 0.1),
                      "Business": (0.18, 0.35)}),
    Segment("travel_type", {"Business travel": (0.4, -0.05), "Leisure": (0.6, 0.05)}),
    Segment("loyalty_tier", {"None": (0.55, 0.0), "Silver": (0.25, 0.0), "Gold": (0.2, 0.1)},
            blank=0.04),
    Segment("route", {"Domestic": (0.25, 0.05), "Short-haul": (0.5, 0.0),
                      "Long-haul": (0.25, 0.0)}),
]

SUMMER_PEAK = (date(2026, 7, 1), date(2026, 9, 1))
APP_RELEASE = (date(2026, 4, 14), date(2026, 5, 26))

HOT_SPOTS = [
    HotSpot(("security", "bag-drop"), -1.4, start=SUMMER_PEAK[0], end=SUMMER_PEAK[1]),
    HotSpot(("online-checkin",), -1.2, start=APP_RELEASE[0], end=APP_RELEASE[1]),
    HotSpot(("baggage-reclaim",), -1.1, "route", "Long-haul"),
    HotSpot(("wifi-entertainment",), -0.9, "route", "Short-haul"),
    HotSpot(("seat-selection",), -0.6, "travel_type", "Leisure"),
]

BAD_ROWS = [
    BadRow(42, {"csat": "9"}, "csat 9 is above the declared 1–5 scale"),
    BadRow(999, {"nps": "12"}, "nps 12 is above the declared 0–10 scale"),
    BadRow(2024, {"touchpoint": "duty-free"}, "touchpoint 'duty-free' is not on the map"),
    BadRow(3030, {"ces": "easy"}, "ces 'easy' is not a number"),
    BadRow(5005, {"nps": "8,5"}, "nps '8,5' is not a whole-number score"),
    BadRow(6060, {"submitted_at": "2026-06-31T10:00:00"}, "submitted_at is 31 June"),
]

WIDE_BAD_ROWS = [
    BadRow(17, {"Pass security": "7"}, "rating 7 in 'Pass security' is above 5"),
    BadRow(404, {"Cabin crew service": "good"}, "'good' is not a rating"),
    BadRow(1234, {"Seat and legroom": "-1"}, "rating -1 in 'Seat and legroom' is below 0"),
]

RATED = ("search-flights", "seat-selection", "online-checkin", "bag-drop", "security", "lounge",
         "assistance-airport", "gate", "seat-comfort", "cabin-service", "food-drink",
         "wifi-entertainment", "baggage-reclaim", "rebook-desk", "care-vouchers",
         "claim-compensation")

SPEC = JourneySpec(
    name="air_trip",
    title="Air trip with disruption and recovery",
    description=(
        "A European network airline's trip from search to the next booking: fares and "
        "seats, check-in, the airport, the flight, arrival and bags, and what happens when "
        "things go wrong (delays, cancellations, missed connections, missing bags, "
        "compensation). Mapped with digital, airport, cabin and operations teams (2026); "
        "emotions are the workshop's scores per persona. Transition volumes are expected "
        "passengers per month. Feedback: the transactional survey (long, semicolon-"
        "separated), the post-trip survey (wide, one 0–5 column per touchpoint label, 0 = "
        "not applicable) and the passenger event log, March to August 2026."),
    personas=PERSONAS,
    stages=STAGES,
    touchpoints=TOUCHPOINTS,
    edges=EDGES,
    survey=SurveySpec(
        file="air_trip_survey.csv", rows=9000, start=date(2026, 3, 2),
        end=date(2026, 8, 31), id_prefix="A", delimiter=";",
        columns={"response_id": "response_id", "touchpoint": "touchpoint",
                 "submitted_at": "submitted_at", "nps": "nps", "csat": "csat", "ces": "ces",
                 "comment": "comment"},
        segments=SEGMENTS, hot_spots=HOT_SPOTS, bad_rows=BAD_ROWS),
    wide=WideSurveySpec(
        file="air_trip_post_trip_survey.csv", rows=3500, start=date(2026, 3, 2),
        end=date(2026, 8, 31), touchpoints=RATED,
        applies={"search-flights": 0.8, "seat-selection": 0.6, "online-checkin": 0.85,
                 "bag-drop": 0.55, "assistance-airport": 0.03, "wifi-entertainment": 0.7,
                 "baggage-reclaim": 0.55, "rebook-desk": 0.05, "care-vouchers": 0.04,
                 "claim-compensation": 0.05},
        applies_by={"lounge": ("cabin", {"Business": 0.85, "Premium Economy": 0.2,
                                         "Economy": 0.08})},
        segments=SEGMENTS, hot_spots=HOT_SPOTS, bad_rows=WIDE_BAD_ROWS),
    events=EventSpec(
        file="air_trip_events.csv", cases=3000, start=date(2026, 1, 5),
        end=date(2026, 7, 31),
        cutoff=date(2026, 9, 30),
        entries={"search-flights": 0.9, "call-centre-booking": 0.1},
        case_format="PAX{:06d}",
        slowdowns=[("bag-drop", "security", *SUMMER_PEAK, 2.5, 1.0),
                   ("security", "gate", *SUMMER_PEAK, 1.8, 1.0),
                   ("immigration", "baggage-reclaim", date(2026, 1, 1), date(2027, 1, 1),
                    2.5, 0.25)]),
)
