"""Sample 1: an online fashion order with delivery and returns (the map opened at first launch).

The data hides four things an analyst should find: 3-D Secure failing on mobile browsers, a
carrier change that hurt deliveries in the North in June, the long wait for refunds, and
"where is my order" contacts the map does not show. Two workshop scores are contradicted by
the data: unboxing (designers: delight; customers: wrong sizes and crushed boxes) and sign-in
(designers: a chore; customers: fine since passkeys).
"""

from __future__ import annotations

from datetime import date

from journeymap.model import Persona, Stage

from .spec import (BadRow, EventSpec, HotSpot, JourneySpec, Segment, SurveySpec, edge, stray,
                   tp)

C, F, B, S = "customer", "frontstage", "backstage", "support"
EXP, SVC, WIN = "experience", "service", "success"

PERSONAS = [
    Persona("maya", "Maya, the busy parent",
            "38, two children, shops on her phone after bedtime. Buys several sizes and returns "
            "what does not fit. Judges us on delivery windows she can plan around and refunds "
            "that arrive before the card bill."),
    Persona("tom", "Tom, the first-time buyer",
            "24, found us through an Instagram ad. Price-sensitive, pays with Klarna, checks out "
            "as a guest and abandons at the first surprise fee. Has never spoken to a brand on "
            "the phone and does not intend to."),
    Persona("helen", "Helen, the loyal member",
            "57, member for six years, orders on her laptop and phones customer service when "
            "anything is unclear. Values being recognised, dislikes apps and one-time codes."),
]

STAGES = [
    Stage("discover", "Discover", "Something catches the customer's eye: an ad, a search, "
          "a newsletter."),
    Stage("choose", "Choose", "Comparing, checking sizes and stock, deciding what goes in the "
          "basket."),
    Stage("buy", "Buy", "Checkout, payment and the order confirmation."),
    Stage("wait", "Wait for delivery", "From the warehouse floor to the carrier's van; the "
          "customer tracks and waits."),
    Stage("receive", "Receive", "The doorstep moment, missed deliveries, collection and "
          "unboxing."),
    Stage("return", "Return", "Sending back what did not fit and waiting for the money."),
    Stage("stay", "Stay", "Help, reviews, loyalty and the next order."),
]


def f(maya: float, tom: float, helen: float) -> dict[str, float]:
    return {"maya": maya, "tom": tom, "helen": helen}


TOUCHPOINTS = [
    # ------------------------------------------------------------------ discover
    tp("social-ad", "See the product in an Instagram ad", "discover", C, "social", EXP,
       "Performance marketing",
       "A carousel ad with this season's bestsellers, targeted on look-alike audiences.",
       f(0.5, 1, 0), survey=0.15,
       pains=("Ad shows a price that excludes the size the customer needs",),
       ideas=("Show the in-stock price range per size in the catalogue feed",),
       tags=("acquisition", "paid"),
       good=("the ad showed exactly the jacket I wanted", "saw it on Instagram and it looked "
             "just like the photos"),
       bad=("the ad price was not the price on the site", "the advert was for something that "
            "was already sold out")),
    tp("search", "Search and land on the site", "discover", C, "web", EXP, "SEO & content",
       "Google search or shopping listing that lands on a category or product page.",
       f(0.5, 0.5, 0.5), survey=0.25,
       ideas=("Land shopping-listing clicks on the product in the searched colour",),
       tags=("acquisition", "organic"),
       good=("found you straight away on Google", "the search result took me right to the "
             "product"),
       bad=("the Google link took me to the wrong colour", "search result led to a page that "
            "no longer exists")),
    tp("home-page", "Home page and campaign banner", "discover", F, "web", EXP, "E-commerce",
       "The campaign-led home page; recommendations for signed-in customers.",
       f(0.5, 0.5, 1), survey=0.3,
       pains=("Banner carousel pushes the search box below the fold on small phones",),
       tags=("content",),
       good=("the home page is clean and inspiring", "nice to see recommendations that "
             "actually fit my style"),
       bad=("too many pop-ups on the home page", "cookie banner and newsletter pop-up before "
            "I could see anything")),
    tp("personalise", "Personalisation engine picks recommendations", "discover", B,
       "self-service", SVC, "Data science",
       "Nightly model scores products per customer from browsing and order history.",
       {}, pains=("Recommends items the customer has just returned",),
       ideas=("Feed returns and their reasons into the model the same day",),
       tags=("data",)),
    tp("catalogue-feed", "Product feed to ads and shopping listings", "discover", S,
       "partner", SVC, "E-commerce operations",
       "Hourly export of products, prices and stock to Meta, Google Shopping and comparison "
       "sites.", {},
       pains=("Feed runs hourly, so sold-out sizes are still advertised for up to an hour",),
       ideas=("Push stock changes to the feed as events instead of hourly batches",),
       tags=("data", "integration")),
    # -------------------------------------------------------------------- choose
    tp("browse", "Browse the category and filter", "choose", C, "app", EXP, "E-commerce",
       "Category pages with filters for size, colour, price and fit.",
       f(0, 0.5, -0.5),
       pains=("Size filter shows items where only one odd size is left",
              "Filters reset when the customer goes back from a product"),
       ideas=("Filter by 'available in my size' using the size from past orders",),
       notes=("\"I filter by size 8 and half of what comes up is only left in a 16.\"",),
       tags=("navigation",),
       good=("filters make it easy to find my size", "loads of choice and easy to browse"),
       bad=("the filters reset every time I go back", "size filter shows things that are not "
            "in my size")),
    tp("product-page", "Product page: photos, sizes and reviews", "choose", F, "web", EXP,
       "E-commerce", "Gallery, size selector, fit advice from reviews, delivery promise.",
       f(1, 1, 0.5), truth=0.8,
       ideas=("Show 'most customers who are usually an M took an L' from returns data",),
       tags=("content", "conversion"),
       good=("great photos and the reviews helped", "the fit notes from other buyers were "
             "really useful", "lots of photos on real people"),
       bad=("photos don't show the real colour", "not enough information about the fabric")),
    tp("size-guide", "Check the size guide", "choose", C, "web", EXP, "Product & buying",
       "Size chart per brand, with a fit finder for some ranges.",
       f(-1, -0.5, -1), truth=-0.9, effort=True,
       pains=("One size chart for all brands although their fits differ",
              "Measurements in centimetres only"),
       ideas=("Brand-specific fit advice based on what customers kept and returned",),
       notes=("\"I ordered three sizes because the guide didn't help at all.\"",),
       tags=("returns driver",),
       good=("the fit finder got my size right", "size guide was clear"),
       bad=("the size guide is useless, sizes vary so much", "I had to guess my size",
            "sizes come up small and the guide doesn't say so")),
    tp("stock-promise", "Stock and delivery date shown", "choose", F, "web", SVC,
       "E-commerce operations",
       "'In stock, get it by Thursday' computed from stock, cut-off times and carrier "
       "calendars.", f(1, 0.5, 1), survey=0.5,
       pains=("Promise ignores bank holidays in Scotland",),
       tags=("delivery promise",),
       good=("I liked knowing exactly when it would arrive", "clear delivery date before I "
             "bought"),
       bad=("said in stock but it wasn't", "the delivery date changed at checkout")),
    tp("add-to-basket", "Add to basket", "choose", C, "app", EXP, "E-commerce",
       "Add to basket, with a mini-basket and cross-sell suggestions.",
       f(1, 1, 1), survey=0.4,
       tags=("conversion",),
       good=("easy to add things and keep shopping", "basket saved between my phone and "
             "laptop"),
       bad=("my basket emptied itself", "items disappeared from the basket overnight")),
    tp("chat-pre-sale", "Ask a stylist in chat", "choose", F, "chat", EXP, "Customer service",
       "Live chat with a stylist, 9:00–21:00; a bot outside those hours.",
       f(1, 0.5, 1), survey=0.05,
       pains=("Out of hours a bot answers that cannot see stock",),
       ideas=("Let the bot answer stock and size questions from the product data",),
       tags=("pilot", "assisted selling"),
       good=("the stylist in chat was lovely and knew her stuff",),
       bad=("the chat bot couldn't answer a simple question",)),
    tp("inventory-sync", "Inventory sync from warehouses", "choose", B, "self-service", SVC,
       "Warehouse IT", "Stock levels from two warehouses and the stores, every 15 minutes.",
       {}, pains=("15-minute lag oversells the last units of promoted items",),
       ideas=("Reserve stock at add-to-basket for promoted items",),
       tags=("data", "integration")),
    # ----------------------------------------------------------------------- buy
    tp("checkout-start", "Start checkout", "buy", C, "web", EXP, "E-commerce",
       "Basket review with totals, delivery costs and promo code field.",
       f(0, -0.5, 0), effort=True,
       pains=("Delivery cost first appears here, not on the product page",
              "Promo code field invites a coupon hunt"),
       ideas=("Show the delivery cost and free-delivery threshold on the product page",),
       notes=("\"£4.95 delivery on a £12 top? I'll pass.\"",),
       tags=("conversion", "fees"),
       good=("checkout was quick", "clear totals, no surprises"),
       bad=("delivery charge only showed up at the end", "my promo code didn't work")),
    tp("sign-in", "Sign in or check out as guest", "buy", F, "web", SVC, "Identity team",
       "Passkey or password sign-in, or guest checkout with e-mail only.",
       f(-1, -1, -1.5), truth=0.8, effort=True,
       pains=("Password resets by e-mail take minutes to arrive (workshop view)",),
       ideas=("Offer passkeys to every returning customer",),
       notes=("Workshop assumed sign-in is the big drop-off; the survey since the passkey "
              "launch in March says otherwise.",),
       tags=("identity",),
       good=("signing in with Face ID was instant", "guest checkout, no account needed",
             "passkey login is so easy"),
       bad=("forgot my password and the reset e-mail took ages",
            "it forced me to create an account")),
    tp("choose-delivery", "Choose delivery option and slot", "buy", C, "web", EXP,
       "Logistics", "Standard, express (next day) or click & collect, with a one-hour slot for "
       "express.", f(0.5, 0, 0.5), effort=True,
       pains=("Express cut-off time not shown until this step",),
       tags=("delivery promise",),
       good=("loved being able to pick a delivery slot", "click and collect option is handy"),
       bad=("no evening slots available", "express delivery is far too expensive")),
    tp("pay", "Pay by card, PayPal or Klarna", "buy", C, "web", EXP, "Payments",
       "Card form with saved cards, PayPal and Klarna pay-in-3.",
       f(0, 0.5, -0.5), effort=True,
       pains=("Card form loses its contents if the page reloads",),
       ideas=("Apple Pay and Google Pay on every device",),
       tags=("payment",),
       good=("paying with Klarna was easy", "saved card made paying quick"),
       bad=("the card form kept clearing itself", "had to type my card details twice")),
    tp("three-ds", "Bank's 3-D Secure check", "buy", F, "partner", SVC, "Payments",
       "The issuing bank's challenge (app push or SMS code) inside a redirect.",
       f(-1, -1, -1.5), truth=-0.4, effort=True,
       pains=("Redirect times out on mobile browsers when the customer switches to the bank "
              "app", "Customers blame us, not their bank"),
       ideas=("Move to 3-DS2 frictionless flow with more data sent to issuers",
              "Keep the basket and show 'approve in your banking app' while waiting"),
       notes=("\"I approved it in my banking app, came back and the page had timed out.\"",),
       tags=("payment", "hot spot"),
       good=("the bank check went through without a hitch", "approved in my bank app in "
             "seconds"),
       bad=("the page timed out while I approved in my banking app",
            "the bank verification failed three times", "switched to my bank app and lost "
            "the whole order", "never got the SMS code from my bank")),
    tp("fraud-check", "Fraud screening", "buy", B, "self-service", SVC, "Payments",
       "Rules and a risk score; orders above the threshold wait for manual review.",
       {}, pains=("Manual review queue is not staffed at weekends",),
       ideas=("Auto-approve members with more than three delivered orders",),
       tags=("payment", "risk")),
    tp("payment-failed", "Payment declined page", "buy", F, "web", SVC, "Payments",
       "Shown when the bank or our screening declines; the basket is kept.",
       f(-2, -2, -2), survey=0.35, effort=True,
       pains=("Message says 'payment failed' without saying why or what to try",),
       ideas=("Name the cause where we know it and offer PayPal or Klarna in one tap",),
       notes=("\"It just said 'something went wrong'. Wrong with what?\"",),
       tags=("payment", "failure"),
       good=("the page let me try PayPal straight away",),
       bad=("it just said payment failed with no reason", "my card works everywhere else",
            "no idea whether I'd been charged or not")),
    tp("order-confirmation", "Order confirmation page and e-mail", "buy", F, "email", WIN,
       "CRM & lifecycle", "Thank-you page and e-mail with the items, the total and the "
       "delivery promise.", f(1.5, 1, 1.5), truth=1.2,
       tags=("reassurance",),
       good=("confirmation e-mail came straight away", "clear summary of my order"),
       bad=("the confirmation e-mail went to spam", "no confirmation for an hour")),
    tp("oms", "Order management system creates the order", "buy", S, "self-service", SVC,
       "Order management", "Splits the order by warehouse, reserves stock, books the carrier.",
       {}, pains=("Split orders send two parcels and two tracking links without saying why",),
       ideas=("Tell the customer at checkout when an order will come in two parcels",),
       tags=("integration",)),
    # ---------------------------------------------------------------------- wait
    tp("pick-pack", "Warehouse picks and packs", "wait", B, "in person", SVC,
       "Fulfilment centre", "Pick by wave, pack by size band; boxes chosen by the packer.",
       {}, pains=("Oversized boxes and little padding: items arrive crushed",),
       ideas=("Automatic box sizing; paper padding for knitwear",),
       tags=("fulfilment",)),
    tp("carrier-handover", "Handover to the carrier", "wait", B, "partner", SVC, "Logistics",
       "Trailers leave at 18:00 and 23:00; the carrier scans parcels at its hub.",
       {}, pains=("New carrier's hub scan lags by up to a day in the North since June",),
       ideas=("Share a daily SLA report per region with the carrier",),
       tags=("fulfilment", "carrier")),
    tp("dispatch-email", "Dispatch e-mail with tracking link", "wait", F, "email", SVC,
       "CRM & lifecycle", "Sent when the carrier scans the parcel.",
       f(1, 1, 1), survey=0.5,
       tags=("reassurance",),
       good=("dispatch e-mail with tracking, great", "nice to know it was on its way"),
       bad=("tracking link didn't work for a day", "dispatch e-mail said nothing about "
            "when it would arrive")),
    tp("track", "Track the parcel", "wait", C, "app", EXP, "Logistics",
       "Tracking page in the app and on the web, fed by the carrier's scans.",
       f(-0.5, 0, -1), truth=-0.5, effort=True,
       pains=("Tracking stuck on 'label created' for a day after dispatch",
              "Two parcels, two trackers, no overview"),
       ideas=("One order tracker that merges parcels and explains each status in words",),
       notes=("\"It's said 'in transit' since Monday. In transit where?\"",),
       tags=("delivery", "WISMO"),
       good=("could see exactly where my parcel was", "tracking updates were spot on"),
       bad=("tracking hadn't updated for three days", "it said 'label created' for ages",
            "the tracking page told me nothing useful")),
    tp("delay-notice", "Proactive delay notice", "wait", F, "sms", SVC, "Logistics",
       "SMS when the promised date will be missed, with a new estimate.",
       f(0, -0.5, 0), survey=0.3,
       ideas=("Offer a choice with the notice: wait, switch to collection, or cancel",),
       tags=("delivery", "recovery"),
       good=("appreciated the heads up about the delay", "at least they told me it would be "
             "late"),
       bad=("the delay text came after the day it was due", "told me it was late but not "
            "when it would come")),
    tp("carrier-api", "Carrier tracking feed", "wait", S, "partner", SVC, "Logistics IT",
       "Status events from the carriers' APIs, mapped to our own status list.",
       {}, pains=("New carrier's status codes are mapped to 'in transit' by default",),
       ideas=("Map every carrier code; alert when a parcel has no scan for 24 hours",),
       tags=("integration", "carrier")),
    # ------------------------------------------------------------------- receive
    tp("delivery-day-sms", "Delivery-day SMS with a one-hour window", "receive", F, "sms",
       SVC, "Logistics", "Morning SMS with the driver's one-hour window and options to "
       "redirect.", f(1.5, 1, 1), truth=0.9, survey=0.6,
       tags=("delivery",),
       good=("the one-hour window was really accurate", "could plan my day around the "
             "delivery slot"),
       bad=("the one-hour window was wrong", "no SMS on the day at all")),
    tp("doorstep", "Receive the parcel at the door", "receive", C, "in person", WIN,
       "Logistics", "The driver hands over the parcel or leaves it in the chosen safe place.",
       f(1.5, 1.5, 1), truth=1.0, survey=1.6,
       pains=("Parcels left on the doorstep without a photo",),
       ideas=("Photo proof of delivery for every safe-place drop",),
       tags=("delivery", "moment of truth"),
       good=("arrived a day early", "driver was friendly and on time", "delivered exactly "
             "when promised"),
       bad=("parcel was left on the doorstep in the rain", "arrived two days late",
            "driver didn't even knock")),
    tp("missed-delivery", "Missed delivery card", "receive", F, "mail", SVC, "Logistics",
       "Card through the door and an e-mail: the parcel goes to the depot or a parcel shop.",
       f(-2, -1.5, -1.5), truth=-1.5, survey=0.45,
       pains=("Card left although someone was at home",
              "Depot is out of town and open only until 17:00"),
       ideas=("Let the customer choose redelivery, neighbour or locker from the SMS",),
       notes=("\"I was in all day. The card was through the door at 2pm.\"",),
       tags=("delivery", "failure"),
       good=("rebooking from the card was simple",),
       bad=("I was at home and they still left a card", "the depot is miles away",
            "no one tried to deliver, just a card")),
    tp("redeliver", "Rearrange delivery or collect", "receive", C, "web", EXP, "Logistics",
       "Carrier's web form to choose a new day, a neighbour or a parcel shop.",
       f(-1, -1, -1.5), effort=True, survey=0.4,
       pains=("The carrier's form asks for the card number the customer threw away",),
       ideas=("Rebook inside our own app using the order number",),
       tags=("delivery", "recovery"),
       good=("rearranging was quick and easy",),
       bad=("the rebooking site needed a card number I didn't have",
            "took three attempts to rearrange delivery")),
    tp("click-collect", "Collect in store", "receive", C, "store", EXP, "Stores",
       "Click & collect at the service desk, ID and order code.",
       f(1, 0.5, 1.5), survey=0.5,
       ideas=("Collection lockers so customers skip the service desk queue",),
       tags=("stores", "omnichannel"),
       good=("collection in store took two minutes", "staff had my order ready"),
       bad=("queued 20 minutes at the service desk to collect", "store couldn't find my "
            "parcel")),
    tp("unbox", "Unbox and try on", "receive", C, "in person", EXP, "Product & buying",
       "The first look and try-on at home; the brand moment the packaging is designed for.",
       f(2, 2, 1.5), truth=-0.4, survey=1.4,
       pains=("Wrong size is the top reason for returns (workshop did not rate this moment "
              "as a risk)",),
       ideas=("Fit feedback card in the box feeding the size guide",),
       notes=("Designers scored this as the brand's delight moment; verbatims talk about "
              "sizing and crushed boxes.",),
       tags=("moment of truth", "returns driver"),
       good=("lovely packaging and the quality is great", "fits perfectly, really happy"),
       bad=("too small, sizes are way off", "the box was crushed and the item creased",
            "colour is nothing like the photos", "one item was missing from the parcel")),
    # -------------------------------------------------------------------- return
    tp("start-return", "Start a return online", "return", C, "web", EXP, "Returns",
       "Return portal: pick items and a reason, choose refund or exchange.",
       f(-0.5, -0.5, -1), effort=True,
       pains=("Exchanges only for the same item in another size",),
       ideas=("Instant exchange for any item, shipped before the return arrives",),
       tags=("returns",),
       good=("returns portal was really simple", "return booked in a minute"),
       bad=("couldn't exchange for a different item", "return portal kept erroring")),
    tp("return-label", "Return label and QR code", "return", F, "email", SVC, "Returns",
       "QR code for paperless drop-off or a printable label.",
       f(0.5, 1, -0.5), survey=0.5,
       pains=("Helen has no printer and does not use QR codes on her phone",),
       ideas=("Offer courier collection from home for members",),
       tags=("returns",),
       good=("QR code, no printer needed", "free returns label straight away"),
       bad=("I don't have a printer", "the QR code wouldn't scan at the shop")),
    tp("drop-off", "Drop off at a parcel shop", "return", C, "partner", EXP, "Returns",
       "Parcel shops and lockers of the returns carrier.",
       f(0, 0.5, -0.5), survey=0.5,
       tags=("returns", "partner"),
       good=("drop off at the corner shop, so easy", "the locker was quick"),
       bad=("the parcel shop had no idea what to do", "nearest drop-off point is 5 miles "
            "away")),
    tp("returns-inspection", "Returns centre inspects the item", "return", B, "in person",
       SVC, "Returns centre", "Items are checked, regraded and restocked; the refund is "
       "triggered on inspection.", {},
       pains=("Backlog of 4–6 working days after peak weeks",),
       ideas=("Refund on the carrier's first scan for members and low-risk items",),
       tags=("returns", "hot spot")),
    tp("refund-processing", "Refund processed by finance", "return", S, "self-service", SVC,
       "Finance", "Refund to the original payment method in a nightly batch.",
       {}, pains=("Nightly batch adds a day; Klarna refunds take a further 3–5 days",),
       tags=("returns", "payment")),
    tp("refund-email", "Refund confirmation", "return", F, "email", WIN, "Returns",
       "E-mail when the refund is issued, with the amount per item.",
       f(-1.5, -1, -1), truth=-1.1, survey=0.9,
       pains=("Refunds take 10–14 days from drop-off; customers chase them by phone",),
       ideas=("Tell the customer the refund date at drop-off and keep to it",),
       notes=("\"Sent it back two weeks ago and still no money. Meanwhile the card bill "
              "arrived.\"",),
       tags=("returns", "hot spot"),
       good=("refund came through quickly", "money back within a few days"),
       bad=("still waiting for my refund after two weeks", "refund took forever",
            "I had to call to get my refund")),
    # ---------------------------------------------------------------------- stay
    tp("contact-support", "Contact customer service", "stay", C, "phone", EXP,
       "Customer service", "Phone, chat or contact form; most contacts are about where an "
       "order or a refund is.", f(-1, -1.5, 0), truth=-0.9, effort=True,
       pains=("Average wait 14 minutes on the phone at peak",
              "Contact form hidden three levels deep in the help centre"),
       ideas=("Answer 'where is my order' in the app before the customer has to ask",),
       notes=("\"Why do I have to call to find out where my own parcel is?\"",),
       tags=("service", "WISMO", "hot spot"),
       good=("got through quickly", "easy to reach someone on chat"),
       bad=("waited 25 minutes on hold", "couldn't find a phone number anywhere",
            "the chat bot kept going round in circles")),
    tp("agent-resolves", "Agent handles the contact", "stay", F, "phone", SVC,
       "Customer service", "Agent sees the order and carrier status and can rebook, refund or "
       "send a replacement.", f(0.5, 0, 1), truth=0.6,
       ideas=("Give agents authority to refund returns on the carrier's scan",),
       tags=("service", "recovery"),
       good=("the agent sorted everything in one call", "really helpful lady on the phone",
             "agent was friendly and refunded me on the spot"),
       bad=("agent couldn't tell me anything the website didn't", "was promised a call back "
            "that never came")),
    tp("crm", "CRM case and order history", "stay", S, "self-service", SVC, "CRM & lifecycle",
       "One view of orders, contacts and returns for agents; tags contact reasons.",
       {}, pains=("Carrier status is not in the agent's view: agents open a second system",),
       ideas=("Carrier events on the order timeline in the CRM",),
       tags=("data",)),
    tp("review-request", "Review request e-mail", "stay", F, "email", SVC, "CRM & lifecycle",
       "Sent seven days after delivery, asking for a product review.",
       f(0, 0, 0.5), survey=0.3,
       pains=("Sent even when the order was returned",),
       tags=("lifecycle",),
       good=("happy to leave a review",),
       bad=("asked me to review something I'd already sent back",)),
    tp("write-review", "Write a review", "stay", C, "web", EXP, "E-commerce",
       "Star rating, fit slider and photo upload.", f(0.5, 0.5, 0.5), survey=0.2,
       tags=("content",),
       good=("easy to write a review with photos",),
       bad=("my review never appeared",)),
    tp("loyalty", "Loyalty points and next-order offer", "stay", F, "app", WIN,
       "CRM & lifecycle", "Points after delivery, birthday voucher, early access for members.",
       f(0.5, 0, 1.5), survey=0.5,
       tags=("retention",),
       good=("love the member discounts", "early access to the sale was a nice touch"),
       bad=("points expired before I could use them", "the offer didn't apply to anything "
            "I wanted")),
    tp("reorder", "Order again", "stay", C, "app", WIN, "E-commerce",
       "Returning customer starts a new order, often from 'buy again' or a wish list.",
       f(1, 0.5, 1.5), truth=1.1, survey=0.3,
       tags=("retention",),
       good=("reordering from my past orders is so easy", "buy again button saved me time"),
       bad=("my saved items had all sold out",)),
]

EDGES = [
    # discover
    edge("social-ad", "product-page", 0.6, label="taps the ad", delay="20s",
         volume=38000),
    edge("social-ad", "home-page", 0.15, "alternative", "opens the shop", delay="30s"),
    edge("search", "product-page", 0.55, label="product result", delay="15s", volume=52000),
    edge("search", "browse", 0.35, "alternative", "category result", delay="15s"),
    edge("home-page", "browse", 0.8, delay="40s"),
    edge("personalise", "home-page", label="recommendations"),
    edge("catalogue-feed", "social-ad", label="feeds the ads"),
    edge("catalogue-feed", "search", label="shopping listings"),
    # choose
    edge("browse", "product-page", 0.85, delay="1m"),
    edge("product-page", "stock-promise", 0.4, delay="40s"),
    edge("product-page", "size-guide", 0.22, delay="1m"),
    edge("product-page", "add-to-basket", 0.15, delay="2m"),
    edge("product-page", "chat-pre-sale", 0.03, "alternative", "needs advice", delay="2m"),
    edge("product-page", "browse", 0.1, "alternative", "back to results", delay="30s"),
    edge("size-guide", "add-to-basket", 0.65, delay="2m"),
    edge("size-guide", "product-page", 0.2, "alternative", "unsure, looks again",
         delay="1m"),
    edge("stock-promise", "add-to-basket", 0.7, delay="1m"),
    edge("chat-pre-sale", "add-to-basket", 0.5, delay="6m"),
    edge("inventory-sync", "stock-promise", label="stock levels"),
    edge("add-to-basket", "checkout-start", 0.68, delay="10m", spread=1.3, volume=21000),
    # buy
    edge("checkout-start", "sign-in", 0.9, delay="30s"),
    edge("sign-in", "choose-delivery", 0.95, delay="1m"),
    edge("choose-delivery", "pay", 0.93, delay="90s"),
    edge("pay", "three-ds", 0.7, label="card payment", delay="40s", volume=14000),
    edge("pay", "fraud-check", 0.25, "alternative", "PayPal, Klarna or saved card",
         delay="10s"),
    edge("three-ds", "fraud-check", 0.82, label="approved", delay="20s"),
    edge("three-ds", "payment-failed", 0.17, "failure", "challenge fails or times out",
         delay="2m", volume=1400),
    edge("fraud-check", "order-confirmation", 0.97, delay="15s", volume=16500),
    edge("fraud-check", "payment-failed", 0.03, "failure", "declined by screening",
         delay="20s"),
    edge("payment-failed", "pay", 0.55, "recovery", "tries another way to pay", delay="1m"),
    edge("order-confirmation", "oms", 0.99, delay="5s"),
    # wait
    edge("oms", "pick-pack", 0.98, delay="5h", spread=0.8),
    edge("pick-pack", "carrier-handover", 0.99, delay="8h", spread=0.5),
    edge("carrier-handover", "dispatch-email", 0.99, delay="40m"),
    edge("dispatch-email", "track", 0.52, delay="3h", spread=1.0),
    edge("dispatch-email", "delivery-day-sms", 0.36, delay="1.5d", spread=0.4),
    edge("dispatch-email", "click-collect", 0.1, "alternative", "click & collect orders",
         delay="2d", spread=0.5),
    edge("track", "delivery-day-sms", 0.75, delay="20h", spread=0.6),
    edge("track", "delay-notice", 0.1, "failure", "promised date will be missed",
         delay="12h", volume=900),
    edge("delay-notice", "delivery-day-sms", 0.92, "recovery", "new estimate",
         delay="1.5d"),
    edge("carrier-api", "track", label="status events"),
    # receive
    edge("delivery-day-sms", "doorstep", 0.88, delay="5h", spread=0.5),
    edge("delivery-day-sms", "missed-delivery", 0.1, "failure", "nobody home (or so the "
         "driver says)", delay="6h", volume=1200),
    edge("missed-delivery", "redeliver", 0.7, "recovery", delay="3h", spread=1.0),
    edge("missed-delivery", "contact-support", 0.22, "failure", "cannot rebook online",
         delay="4h"),
    edge("redeliver", "doorstep", 0.93, "recovery", delay="1.2d"),
    edge("click-collect", "unbox", 0.96, delay="2h"),
    edge("doorstep", "unbox", 0.98, delay="20m", spread=1.0),
    edge("unbox", "start-return", 0.28, "alternative", "does not fit or not as hoped",
         delay="1.5d", spread=0.9, volume=4600),
    edge("unbox", "contact-support", 0.04, "failure", "faulty or missing item", delay="3h"),
    edge("unbox", "review-request", 0.55, delay="7d", spread=0.2),
    # return
    edge("start-return", "return-label", 0.96, delay="1m"),
    edge("return-label", "drop-off", 0.9, delay="1.5d", spread=0.8),
    edge("drop-off", "returns-inspection", 0.9, delay="3d", spread=0.5),
    edge("returns-inspection", "refund-processing", 0.97, delay="1.5d", spread=0.6),
    edge("refund-processing", "refund-email", 0.98, delay="1d", spread=0.3, volume=4400),
    edge("refund-email", "reorder", 0.22, label="buys again", delay="12d", spread=1.0),
    edge("refund-email", "loyalty", 0.25, delay="5d"),
    # stay
    edge("contact-support", "agent-resolves", 0.86, delay="12m", spread=0.9),
    edge("contact-support", "crm", label="caller identified"),
    edge("crm", "agent-resolves", label="order history for the agent"),
    edge("agent-resolves", "redeliver", 0.2, "recovery", "agent rebooks delivery",
         delay="10m"),
    edge("agent-resolves", "start-return", 0.15, "recovery", "agent raises a return",
         delay="10m"),
    edge("agent-resolves", "refund-email", 0.15, "recovery", "goodwill refund", delay="1d"),
    edge("review-request", "write-review", 0.18, delay="1d", spread=1.0),
    edge("review-request", "loyalty", 0.4, delay="3d"),
    edge("write-review", "loyalty", 0.5, delay="2d"),
    edge("loyalty", "reorder", 0.3, delay="14d", spread=0.8, volume=3000),
    edge("reorder", "checkout-start", 0.9, label="repeat order", delay="5m"),
    # What customers do that the map does not show (the event log reveals them).
    stray("add-to-basket", "browse", 0.12, delay="1m"),
    stray("track", "contact-support", 0.1, delay="2h"),
    stray("payment-failed", "contact-support", 0.08, delay="30m"),
    stray("drop-off", "contact-support", 0.07, delay="8d"),
    stray("agent-resolves", "delivery-day-sms", 0.25, delay="20h"),
]

SEGMENTS = [
    Segment("customer_type", {"new": (0.35, -0.15), "returning": (0.45, 0.0),
                              "member": (0.2, 0.3)}),
    Segment("region", {"London": (0.24, -0.05), "South": (0.26, 0.05),
                       "Midlands": (0.18, 0.0), "North": (0.22, 0.0),
                       "Scotland": (0.1, -0.05)}, blank=0.03),
    Segment("device", {"ios app": (0.28, 0.15), "android app": (0.2, 0.05),
                       "mobile web": (0.32, -0.1), "desktop": (0.2, 0.05)}),
    Segment("delivery_option", {"standard": (0.62, 0.0), "express": (0.26, 0.1),
                                "click & collect": (0.12, 0.05)}),
]

CARRIER_CHANGE = (date(2026, 6, 8), date(2026, 7, 6))

HOT_SPOTS = [
    # 3-D Secure redirects time out on mobile browsers.
    HotSpot(("three-ds", "pay", "payment-failed"), -1.3, "device", "mobile web"),
    # The new carrier in the North, first four weeks.
    HotSpot(("doorstep", "track", "delivery-day-sms", "missed-delivery", "dispatch-email"),
            -1.3, "region", "North", *CARRIER_CHANGE),
    # Returns backlog after the summer sale.
    HotSpot(("refund-email", "contact-support"), -0.6, start=date(2026, 7, 13),
            end=date(2026, 8, 10)),
    # Members are recognised by agents.
    HotSpot(("agent-resolves",), 0.5, "customer_type", "member"),
]

BAD_ROWS = [
    BadRow(137, {"csat": "6"}, "csat 6 is above the declared 1–5 scale"),
    BadRow(1024, {"nps": "11"}, "nps 11 is above the declared 0–10 scale"),
    BadRow(2050, {"ces": "0"}, "ces 0 is below the declared 1–7 scale"),
    BadRow(3333, {"touchpoint": "gift-wrap"}, "touchpoint 'gift-wrap' is not on the map"),
    BadRow(4711, {"touchpoint": "Checkout"},
           "touchpoint 'Checkout' is not on the map (the step is 'checkout-start')"),
    BadRow(5200, {"nps": "ten"}, "nps 'ten' is not a number"),
    BadRow(6400, {"csat": "4.5/5"}, "csat '4.5/5' is not a number"),
    BadRow(7777, {"touchpoint": ""}, "touchpoint is missing"),
    BadRow(9001, {"submitted_at": "31/02/2026 25:61"}, "submitted_at is not a date"),
]

SPEC = JourneySpec(
    name="online_order",
    title="Online order with delivery and returns",
    description=(
        "A fashion retailer's online order, from the first ad to the next order: choosing, "
        "checkout and payment, fulfilment and delivery, returns and refunds, service and "
        "loyalty. Mapped in a two-day workshop with e-commerce, logistics, payments and "
        "customer service (spring 2026); emotions are the workshop's scores per persona. "
        "Transition volumes are expected customers per month from the 2026 plan. Feedback: "
        "the post-interaction survey and the order event log, March to August 2026."),
    personas=PERSONAS,
    stages=STAGES,
    touchpoints=TOUCHPOINTS,
    edges=EDGES,
    survey=SurveySpec(
        file="online_order_survey.csv", rows=12000, start=date(2026, 3, 2),
        end=date(2026, 8, 31), id_prefix="R",
        columns={"response_id": "response_id", "touchpoint": "touchpoint",
                 "submitted_at": "submitted_at", "nps": "nps", "csat": "csat", "ces": "ces",
                 "comment": "comment"},
        segments=SEGMENTS, hot_spots=HOT_SPOTS, bad_rows=BAD_ROWS),
    events=EventSpec(
        file="online_order_events.csv", cases=3000, start=date(2026, 3, 2),
        end=date(2026, 8, 24), cutoff=date(2026, 9, 30),
        entries={"search": 0.45, "social-ad": 0.3, "home-page": 0.25},
        # The new carrier (North, about a fifth of customers) and the returns backlog.
        slowdowns=[("carrier-handover", "dispatch-email", *CARRIER_CHANGE, 18, 0.22),
                   ("dispatch-email", "delivery-day-sms", *CARRIER_CHANGE, 2.2, 0.22),
                   ("track", "delivery-day-sms", *CARRIER_CHANGE, 2.2, 0.22),
                   ("returns-inspection", "refund-processing", date(2026, 7, 13),
                    date(2026, 8, 10), 2.8, 1.0)]),
)
