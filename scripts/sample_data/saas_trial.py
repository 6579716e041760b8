"""Sample 2: a B2B SaaS trial, onboarding, support and renewal (customer-success flavour).

The data hides: spreadsheet import failing for Enterprise accounts, APAC tickets waiting for
the next European morning, and the renewal price rise from June. Two workshop scores are
contradicted: the quarterly business review (designers: the relationship highlight;
customers: a sales pitch) and the support bot (designers: a wall; customers: it answers most
how-to questions since the assistant was retrained). The survey names touchpoints by label,
as customer-success platforms export them.
"""

from __future__ import annotations

from datetime import date

from journeymap.model import Persona, Stage

from .spec import (BadRow, EventSpec, HotSpot, JourneySpec, Segment, SurveySpec, edge,
                   per_persona, stray, tp)

C, F, B, S = "customer", "frontstage", "backstage", "support"
EXP, SVC, WIN = "experience", "service", "success"

PERSONAS = [
    Persona("priya", "Priya, the evaluating ops lead",
            "34, head of operations at a 60-person logistics firm. Runs the trial to replace a "
            "tangle of spreadsheets and must show her CFO a working pilot within the 14 days. "
            "Champion and day-to-day admin after purchase."),
    Persona("marcus", "Marcus, the enterprise IT admin",
            "45, IT security lead at a 2,000-person insurer. Owns SSO, provisioning, the "
            "security questionnaire and procurement. Measures us on how little of his time "
            "we take and whether anything breaks on a Monday."),
    Persona("jo", "Jo, the everyday user",
            "27, coordinator invited by her manager. Had no say in the purchase, uses the "
            "product all day on laptop and phone, and judges it on speed and on whether "
            "help is there when a workflow misbehaves."),
]

STAGES = [
    Stage("evaluate", "Evaluate", "From the pricing page to a working trial workspace."),
    Stage("activate", "Activate", "The first 14 days: data in, team in, first workflow live."),
    Stage("buy", "Buy", "Converting the trial: self-serve checkout or quote, security review "
          "and procurement."),
    Stage("adopt", "Adopt", "Rolling out to the team: SSO, kick-off, integrations, daily use."),
    Stage("get-help", "Get help", "Help centre, bot, tickets, escalations and incidents."),
    Stage("grow", "Grow", "Health score, business reviews, expansion and community."),
    Stage("renew", "Renew", "Renewal notice, negotiation, renewal or cancellation."),
]


#: f(priya, marcus, jo): the designers' emotion per persona.
f = per_persona(PERSONAS)


TOUCHPOINTS = [
    # ------------------------------------------------------------------ evaluate
    tp("pricing-page", "Compare plans on the pricing page", "evaluate", C, "web", EXP,
       "Growth marketing", "Four plans with a feature matrix; Enterprise is 'contact us'.",
       f(0, -0.5, 0), survey=0.3,
       pains=("Feature matrix has 70 rows; SSO hidden in the Enterprise column",
              "No price for Enterprise, so Marcus cannot budget"),
       ideas=("Price range for Enterprise and a 'which plan fits' question flow",),
       tags=("acquisition", "pricing"),
       good=("pricing is clear and fair", "easy to see what each plan includes"),
       bad=("why do I need to call sales to get a price", "SSO only on the top plan is a "
            "joke")),
    tp("trial-signup", "Sign up for the 14-day trial", "evaluate", C, "web", EXP,
       "Growth marketing", "E-mail or Google sign-up, no card needed; four profiling "
       "questions.", f(1, 0.5, 0.5), truth=1.0,
       pains=("Four profiling questions before the product is visible",),
       ideas=("Ask the profiling questions after the first workflow is built",),
       notes=("\"I just wanted to see the product, not fill in a form about my company.\"",),
       tags=("acquisition",),
       good=("sign up took a minute, no credit card", "straightforward sign-up"),
       bad=("too many questions before I could even look", "sign-up asked for a phone "
            "number")),
    tp("verify-email", "Verify e-mail and name the workspace", "evaluate", F, "email", SVC,
       "Identity team", "Verification link, then a workspace name and URL.",
       f(0.5, 0.5, 0.5), survey=0.3,
       pains=("Verification mails land in quarantine at banks and insurers",),
       ideas=("One-time code as an alternative to the link",),
       tags=("identity",),
       good=("verification e-mail arrived instantly",),
       bad=("the verification e-mail never arrived", "the link expired before I clicked "
            "it")),
    tp("sales-call", "Discovery call with an account executive", "evaluate", F, "video", EXP,
       "Sales", "30-minute call for leads scored as Enterprise fit; demo on their use case.",
       f(0.5, 0.5, 0), survey=0.3,
       pains=("Demo shows features of a plan the prospect will not buy",),
       ideas=("Demo in the prospect's own trial workspace",),
       tags=("sales",),
       good=("the rep actually listened to our use case", "great demo tailored to us"),
       bad=("felt like a hard sell", "the rep couldn't answer technical questions")),
    tp("lead-scoring", "Lead scoring and routing", "evaluate", B, "self-service", SVC,
       "Revenue operations", "Firmographic and behaviour score; hot leads routed to sales "
       "within the hour.", {},
       pains=("Scores on company size only; active small teams never get a human",),
       ideas=("Score on product usage in the first three days",),
       tags=("data", "sales")),
    tp("crm-sync", "CRM and marketing automation sync", "evaluate", S, "self-service", SVC,
       "Revenue operations", "Trial sign-ups and product events flow to the CRM and the "
       "e-mail tool every 15 minutes.", {},
       pains=("Duplicate contacts when one person signs up twice",),
       ideas=("Merge contacts on e-mail domain and SSO identity",),
       tags=("data", "integration")),
    # ------------------------------------------------------------------ activate
    tp("welcome-checklist", "Welcome checklist in the app", "activate", F, "app", SVC,
       "Product growth", "Five steps: import, invite, build a workflow, connect Slack, "
       "install the mobile app.", f(1, 0, 0.5),
       ideas=("Checklist tailored to the use case chosen at sign-up",),
       tags=("onboarding",),
       good=("the checklist made it obvious what to do next", "nice guided start"),
       bad=("the checklist is generic and not about what we need", "could not dismiss the "
            "checklist")),
    tp("import-data", "Import data from spreadsheets", "activate", C, "web", EXP,
       "Product: data platform", "CSV/XLSX import with column mapping; up to 50,000 rows.",
       f(-0.5, -1, 0), truth=-0.6, effort=True, survey=1.3,
       pains=("Large files time out without saying how far they got",
              "Date columns in European format are read as text"),
       ideas=("Background import with progress and a report of rejected rows",),
       notes=("\"We tried three times with our 40,000-row sheet. It just spins and then "
              "nothing.\"",),
       tags=("onboarding", "hot spot"),
       good=("import mapped our columns automatically", "imported our spreadsheet in "
             "seconds"),
       bad=("the import timed out on our big file", "dates came in all wrong",
            "import failed with no error message", "had to split our file into ten pieces")),
    tp("invite-team", "Invite teammates", "activate", C, "app", EXP, "Product growth",
       "Invite by e-mail or link; roles admin, member, guest.", f(1, 0, 0.5),
       pains=("Invites come from a no-reply address and land in spam",),
       ideas=("Send invites in the inviter's name; offer a join link for Slack",),
       tags=("onboarding", "virality"),
       good=("inviting the team was easy",),
       bad=("invites went to spam", "couldn't set permissions when inviting")),
    tp("onboarding-emails", "Onboarding e-mail sequence", "activate", F, "email", SVC,
       "Lifecycle marketing", "Day 1, 3, 7 and 12 e-mails, triggered by what the workspace "
       "has not done yet.", f(0, -0.5, -0.5), survey=0.4,
       pains=("E-mails go to the person who signed up, not to who does the work",),
       ideas=("Send tips to the people who build workflows, not only the owner",),
       notes=("\"Seven e-mails in a week, all about things I had already done.\"",),
       tags=("onboarding", "lifecycle"),
       good=("the tips e-mails were actually useful",),
       bad=("too many e-mails during the trial", "e-mails about features we already set "
            "up")),
    tp("onboarding-webinar", "Live onboarding webinar", "activate", F, "event", EXP,
       "Customer education", "Weekly 45-minute live session with Q&A.", f(1, 0.5, 1),
       survey=0.1, ideas=("Record it and cut it into two-minute clips per task",),
       tags=("onboarding", "education"),
       good=("webinar answered all my questions",),
       bad=("webinar time doesn't work for Asia",)),
    tp("first-workflow", "Build the first workflow", "activate", C, "app", WIN,
       "Product: core", "The aha moment: a board with an automation that saves a real "
       "task.", f(1.5, 0.5, 1), truth=1.2,
       ideas=("Templates per industry that work with the imported data",),
       tags=("onboarding", "aha moment"),
       good=("our first automation saved hours straight away", "templates got us going "
             "fast", "it clicked once we built our first board"),
       bad=("automations are confusing to set up", "couldn't get the automation to "
            "trigger")),
    tp("activation-scoring", "Product analytics flags activation", "activate", B,
       "self-service", SVC, "Product analytics", "A workspace counts as activated after three "
       "active users and one automation run.", {},
       ideas=("Trigger a human touch for high-fit workspaces that stall on day 3",),
       tags=("data",)),
    # ----------------------------------------------------------------------- buy
    tp("trial-ending", "Trial-ending reminder", "buy", F, "email", SVC, "Lifecycle marketing",
       "E-mail and in-app banner three days before the trial ends, with a one-click "
       "upgrade.", f(0, -0.5, -0.5), survey=0.5,
       pains=("Workspaces lose automations the day the trial ends",),
       ideas=("Extend automatically by seven days for activated workspaces",),
       tags=("conversion",),
       good=("fair warning before the trial ended",),
       bad=("trial ended mid-project and everything stopped", "14 days is too short to "
            "evaluate properly")),
    tp("security-review", "Security questionnaire and DPA", "buy", C, "email", EXP,
       "Security & legal", "The buyer's security questionnaire, our SOC 2 report, the data "
       "processing agreement.", f(-0.5, -1.5, 0), effort=True, survey=0.6,
       pains=("Questionnaires answered by hand; three weeks on average",),
       ideas=("Trust centre with SOC 2, pen test summary and pre-filled standard "
              "questionnaires",),
       tags=("enterprise", "procurement"),
       good=("security team answered our questionnaire quickly", "the trust centre had "
             "everything we needed"),
       bad=("security review took weeks", "we had to chase for the SOC 2 report")),
    tp("checkout-upgrade", "Upgrade and pay by card", "buy", C, "web", WIN, "Billing",
       "Self-serve upgrade to Starter, Team or Business, monthly or annual.",
       f(1, 0, 0.5),
       pains=("No invoice payment below the Business plan",),
       ideas=("Pay by invoice for annual plans from 10 seats",),
       tags=("conversion", "billing"),
       good=("upgrading took two clicks", "easy to switch to annual billing"),
       bad=("couldn't pay by invoice", "VAT number field didn't accept ours")),
    tp("quote-procurement", "Quote, order form and procurement", "buy", F, "email", SVC,
       "Sales", "Quote, redlines, order form, supplier onboarding in the buyer's system.",
       f(-0.5, -1, 0), effort=True, survey=0.4,
       pains=("Supplier onboarding forms re-ask what the order form already says",),
       ideas=("A procurement pack: tax forms, insurance certificate and bank letter in one "
              "download",),
       tags=("enterprise", "procurement"),
       good=("the order form was simple",),
       bad=("procurement took two months", "the quote changed twice")),
    tp("billing-setup", "Billing system creates the subscription", "buy", B, "self-service",
       SVC, "Billing", "Subscription, invoice schedule and tax set up; seats provisioned.", {},
       pains=("Manual step for annual contracts delays access by a day",),
       ideas=("Provision seats on signature; reconcile the contract afterwards",),
       tags=("billing",)),
    # --------------------------------------------------------------------- adopt
    tp("sso-setup", "Set up SSO and provisioning", "adopt", C, "web", EXP, "Identity team",
       "SAML SSO and SCIM user provisioning with Okta, Entra ID or Google.",
       f(-0.5, -1.5, 0), truth=-0.9, effort=True, survey=0.7,
       pains=("SCIM group mapping fails silently for nested groups",),
       ideas=("Test connection button and a provisioning log the admin can read",),
       notes=("\"Half our users were provisioned, half weren't, and nothing told us why.\"",),
       tags=("enterprise", "identity"),
       good=("SSO with Okta worked first time",),
       bad=("SCIM provisioning silently skipped users", "SSO docs are out of date",
            "it took a support ticket to get SSO working")),
    tp("kickoff", "Kick-off with the customer success manager", "adopt", F, "video", WIN,
       "Customer success", "Success plan: goals, rollout dates, champions; for Business and "
       "Enterprise.", f(1.5, 1, 0.5), truth=1.3, survey=0.5,
       pains=("The same kick-off deck for a 20-seat and a 2,000-seat customer",),
       ideas=("Pre-fill the success plan from what the trial workspace already does",),
       tags=("customer success",),
       good=("our CSM really understood our goals", "clear rollout plan from the kick-off"),
       bad=("kick-off was generic slides", "CSM changed twice in three months")),
    tp("daily-use", "Daily use: boards, automations, mobile", "adopt", C, "app", EXP,
       "Product: core", "Where users spend their day; mobile for approvals and "
       "notifications.", f(1, 0.5, 0.5), truth=0.6, survey=1.5,
       pains=("Boards with over 2,000 items load slowly",
              "Mobile app cannot edit automations"),
       ideas=("Archive done items automatically; a faster list view",),
       tags=("adoption", "product"),
       good=("it has become part of how we work", "the mobile app is great for approvals",
             "so much better than our spreadsheets"),
       bad=("big boards are painfully slow", "notifications are overwhelming",
            "the mobile app is missing half the features")),
    tp("in-app-guides", "In-app tips and release notes", "adopt", F, "app", SVC,
       "Product marketing", "Tooltips for new features and a monthly what's-new panel.",
       f(0, 0, -0.5), survey=0.3,
       pains=("Tips pop up in the middle of a task",),
       ideas=("Show tips when the user is idle; one click snoozes them all",),
       tags=("adoption",),
       good=("nice to see what's new in the app",),
       bad=("pop-up tips interrupt my work",)),
    tp("integrations", "Connect Slack, Google Drive and Jira", "adopt", C, "web", EXP,
       "Product: integrations", "Marketplace of 40 integrations; Slack and Jira most used.",
       f(1, 0.5, 1), survey=0.6,
       pains=("Jira sync is one-way",),
       ideas=("Two-way Jira sync for status and comments",),
       tags=("adoption", "integrations"),
       good=("the Slack integration is brilliant", "Jira connection took a minute"),
       bad=("Jira sync only goes one way", "integration keeps disconnecting")),
    tp("usage-telemetry", "Usage telemetry pipeline", "adopt", S, "self-service", SVC,
       "Data engineering", "Product events per workspace into the warehouse, hourly.", {},
       pains=("Mobile events arrive a day late",),
       ideas=("Stream mobile events so the health score is same-day",),
       tags=("data",)),
    # ------------------------------------------------------------------ get help
    tp("search-help", "Search the help centre", "get-help", C, "web", EXP,
       "Support operations", "Articles, videos and the community forum, searchable.",
       f(0, -0.5, -0.5), effort=True,
       pains=("Articles show screenshots of the old interface",),
       ideas=("Regenerate screenshots from the live product at each release",),
       notes=("\"Every article shows a menu that no longer exists.\"",),
       tags=("self-service",),
       good=("found the answer in the help centre", "the help article was spot on"),
       bad=("help articles are out of date", "search didn't find anything relevant")),
    tp("chatbot", "Support assistant answers", "get-help", F, "chat", SVC,
       "Support operations", "AI assistant trained on the help centre; hands over to a "
       "human with the conversation.", f(-1.5, -1, -1.5), truth=1.0,
       notes=("Workshop expected the bot to be a wall; since the May retraining it resolves "
              "most how-to questions.",),
       ideas=("Let the assistant run simple fixes (resend invite, reset SSO) itself",),
       tags=("self-service", "AI"),
       good=("the assistant solved it in a minute", "surprisingly helpful bot",
             "got a straight answer without waiting"),
       bad=("the bot didn't understand my question", "had to ask three times before it "
            "offered a human")),
    tp("raise-ticket", "Raise a support ticket", "get-help", C, "email", EXP,
       "Support operations", "Ticket by e-mail or form; priority chosen by the customer.",
       f(-1, -1, -1), effort=True,
       pains=("Form asks for workspace ID the user does not know",),
       ideas=("Fill in workspace, browser and last error automatically from the app",),
       tags=("support",),
       good=("ticket form was quick",),
       bad=("the form asked for information I didn't have", "no confirmation my ticket "
            "was received")),
    tp("support-agent", "Support engineer resolves the ticket", "get-help", F, "email", SVC,
       "Support", "Tier 1 and 2 in Dublin and Austin; first reply target 4 business hours.",
       f(0.5, 0, 0.5), truth=0.4, survey=1.3,
       pains=("No coverage for Asia-Pacific mornings: tickets wait for Dublin",),
       ideas=("Follow-the-sun with a Singapore team for Business and Enterprise plans",),
       notes=("\"By the time Dublin answers, our working day is over. Every question costs "
              "us a day.\"",),
       tags=("support", "hot spot"),
       good=("support fixed it the same day", "the engineer was knowledgeable and patient",
             "great support, clear answer"),
       bad=("waited a whole day for a first reply", "had to explain the problem three "
            "times", "they closed the ticket without fixing anything")),
    tp("escalation", "Escalation to engineering", "get-help", B, "self-service", SVC,
       "Engineering", "Bugs go to the owning squad; severity decides the response time.", {},
       pains=("Customers are not told when the bug is fixed",),
       ideas=("Notify every linked ticket when the fix ships",),
       tags=("support", "engineering")),
    tp("incident", "Incident and status page updates", "get-help", F, "web", SVC,
       "Site reliability", "Status page, in-app banner and e-mail to admins during "
       "incidents.", f(-1.5, -2, -1), survey=0.25,
       pains=("First status update 40 minutes after the alert, on average",),
       ideas=("Automatic status-page entry when the alert fires",),
       tags=("reliability", "failure"),
       good=("status page kept us informed during the outage",),
       bad=("the outage lasted hours and the status page said all good",
            "found out about the incident from my team, not from you")),
    tp("kb-upkeep", "Knowledge base maintained by support ops", "get-help", S, "self-service",
       SVC, "Support operations", "Article owners per area; reviews after each release.", {},
       pains=("No owner for articles about retired features",),
       ideas=("Retire articles when the feature flag behind them is removed",),
       tags=("self-service",)),
    # ---------------------------------------------------------------------- grow
    tp("health-score", "Health score and churn-risk alert", "grow", B, "self-service", SVC,
       "Customer success operations", "Usage, support load, NPS and contract data into a "
       "0–100 score; alerts the CSM below 50.", {},
       pains=("Score ignores who uses the product: a champion leaving is invisible",),
       ideas=("Track champion activity and alert when they go quiet",),
       tags=("customer success", "data")),
    tp("qbr", "Quarterly business review", "grow", F, "video", EXP, "Customer success",
       "CSM presents usage, outcomes and the roadmap to the customer's sponsor.",
       f(1.5, 1, 2), truth=-0.7, survey=0.8,
       pains=("Slides built from generic usage charts",),
       ideas=("Build the review around the customer's own goals from the success plan",),
       notes=("Workshop saw the QBR as the relationship highlight; customers call it a "
              "sales pitch.",),
       tags=("customer success",),
       good=("the review showed real value we got", "useful to see the roadmap"),
       bad=("the QBR was just an upsell pitch", "an hour of charts we could have read "
            "ourselves", "nothing about the issues we actually raised")),
    tp("expansion-offer", "Expansion offer: more seats or a higher plan", "grow", F, "email",
       SVC, "Account management", "Triggered by seat limits or use of higher-plan features.",
       f(0, -0.5, 0), survey=0.4,
       pains=("Offers go to the billing contact, not to the team lead who hit the limit",),
       ideas=("A 30-day trial of the feature that triggered the offer",),
       tags=("expansion",),
       good=("the upgrade offer came at the right time",),
       bad=("pushy upgrade e-mails", "the offer was for features we don't need")),
    tp("add-seats", "Add seats or upgrade plan", "grow", C, "web", WIN, "Billing",
       "Self-serve seat changes; plan upgrades pro-rated.", f(1, 0.5, 0.5), survey=0.3,
       pains=("Pro-rated charges appear as unexplained lines on the next invoice",),
       ideas=("Show the pro-rated amount and its date before confirming",),
       tags=("expansion", "billing"),
       good=("adding seats is instant",),
       bad=("pro-rating on the invoice makes no sense",)),
    tp("community", "Customer community and user group", "grow", F, "event", EXP,
       "Community", "Forum, regional user groups and the annual conference.",
       f(1, 0.5, 1), survey=0.15,
       pains=("Forum questions wait days for an answer",),
       ideas=("Staff answer forum questions left unanswered for 24 hours",),
       tags=("community",),
       good=("the user group was full of great ideas",),
       bad=("forum questions go unanswered",)),
    # --------------------------------------------------------------------- renew
    tp("renewal-notice", "Renewal notice with the new price", "renew", F, "email", SVC,
       "Account management", "Sent 60 days before the end of term with the renewal price.",
       f(0, -0.5, 0), survey=0.8,
       pains=("12% list-price rise from June announced only in the notice",),
       ideas=("Announce price changes a quarter ahead with what changed in the product",),
       tags=("renewal", "pricing", "hot spot"),
       good=("clear renewal notice, no surprises",),
       bad=("a 12% price rise with no warning", "the renewal price is far higher than we "
            "were told", "renewal notice came far too late for our budget")),
    tp("renewal-negotiation", "Negotiate the renewal", "renew", C, "phone", EXP,
       "Account management", "Multi-year or volume discounts, for accounts above €20k a "
       "year.", f(-0.5, -1, 0), effort=True, survey=0.4,
       pains=("Discounts need three sign-offs; quotes arrive after the customer's budget "
              "deadline",),
       ideas=("Pre-approved renewal price bands by health score",),
       tags=("renewal",),
       good=("the account manager was flexible",),
       bad=("negotiation dragged on for weeks",)),
    tp("renew", "Renew the subscription", "renew", C, "web", WIN, "Billing",
       "Automatic for monthly plans; order form for annual contracts.", f(1, 0.5, 0.5),
       survey=0.5,
       pains=("The auto-renewal reminder goes only to the original purchaser",),
       ideas=("Remind every admin 30 and 7 days before auto-renewal",),
       tags=("renewal",),
       good=("renewal was painless", "happy to be staying another year"),
       bad=("auto-renewal charged us before we had decided",)),
    tp("cancel", "Cancel and export data", "renew", C, "web", EXP, "Billing",
       "Cancellation in the admin settings; full export as CSV and JSON.",
       f(-1, -1, -0.5), effort=True, survey=0.4,
       pains=("Attachments are not included in the export",),
       ideas=("Include attachments in the export; offer a read-only plan instead of deletion",),
       notes=("\"Cancelling was fine, but the export is useless without the files.\"",),
       tags=("churn", "failure"),
       good=("cancelling was easy and the export was complete",),
       bad=("the export left out all our attachments", "had to contact support to "
            "cancel")),
    tp("save-offer", "Save offer from the retention team", "renew", F, "phone", SVC,
       "Retention", "Discount or plan change offered within a day of a cancellation.",
       f(0, 0, 0), survey=0.2,
       pains=("A flat discount whatever the reason for leaving",),
       ideas=("Match the offer to the reason: downgrade, pause, or training",),
       tags=("churn", "recovery"),
       good=("the retention offer made it worth staying",),
       bad=("the retention call felt desperate",)),
    tp("invoice-dunning", "Invoicing and dunning", "renew", B, "email", SVC, "Billing",
       "Invoices, card retries and reminders for failed payments.", {},
       pains=("Dunning e-mails go to a former admin",),
       ideas=("Ask for a billing contact at renewal; send reminders to every admin",),
       tags=("billing",)),
    tp("revenue-ops", "Revenue operations forecast renewals", "renew", S, "self-service", SVC,
       "Revenue operations", "Renewal forecast from health scores and CSM calls; "
       "at-risk accounts reviewed weekly.", {},
       pains=("The forecast rests on CSM gut feel entered on Fridays",),
       ideas=("Forecast from the health-score trend and open tickets",),
       tags=("forecast",)),
]

EDGES = [
    # evaluate
    edge("pricing-page", "trial-signup", 0.55, delay="5m", volume=2400),
    edge("pricing-page", "sales-call", 0.08, "alternative", "talks to sales", delay="2d"),
    edge("trial-signup", "verify-email", 0.93, delay="2m"),
    edge("trial-signup", "lead-scoring", label="new lead"),
    edge("lead-scoring", "sales-call", label="high-fit leads"),
    edge("crm-sync", "onboarding-emails", label="trial status"),
    edge("lead-scoring", "crm-sync", label="score"),
    edge("sales-call", "trial-signup", 0.7, label="guided trial", delay="1d"),
    edge("verify-email", "welcome-checklist", 0.9, delay="1m"),
    # activate
    edge("welcome-checklist", "import-data", 0.45, delay="10m", spread=1.0),
    edge("welcome-checklist", "invite-team", 0.25, delay="30m", spread=1.0),
    edge("welcome-checklist", "first-workflow", 0.12, delay="20m"),
    edge("welcome-checklist", "onboarding-emails", 0.12, "alternative",
         "ignores the checklist; nudged by e-mail", delay="2d"),
    edge("onboarding-emails", "import-data", 0.35, delay="1d"),
    edge("onboarding-emails", "onboarding-webinar", 0.2, delay="3d"),
    edge("onboarding-webinar", "first-workflow", 0.65, delay="1d"),
    edge("import-data", "invite-team", 0.35, delay="2h"),
    edge("import-data", "first-workflow", 0.3, delay="1h"),
    edge("import-data", "raise-ticket", 0.12, "failure", "import fails", delay="3h",
         volume=150),
    edge("invite-team", "first-workflow", 0.72, delay="1d"),
    edge("first-workflow", "activation-scoring", 0.97, delay="1h"),
    edge("activation-scoring", "trial-ending", 0.93, delay="9d", spread=0.3),
    # buy
    edge("trial-ending", "checkout-upgrade", 0.42, delay="2d", volume=520),
    edge("trial-ending", "quote-procurement", 0.13, "alternative", "larger teams",
         delay="3d"),
    edge("quote-procurement", "security-review", 0.7, delay="5d"),
    edge("quote-procurement", "billing-setup", 0.22, delay="10d"),
    edge("security-review", "billing-setup", 0.85, delay="3w", spread=0.6),
    edge("checkout-upgrade", "billing-setup", 0.98, delay="1m"),
    # adopt
    edge("billing-setup", "kickoff", 0.45, label="Business and Enterprise", delay="5d"),
    edge("billing-setup", "daily-use", 0.53, delay="1d"),
    edge("kickoff", "sso-setup", 0.35, delay="1w"),
    edge("kickoff", "daily-use", 0.6, delay="2d"),
    edge("sso-setup", "daily-use", 0.84, delay="3d"),
    edge("sso-setup", "raise-ticket", 0.14, "failure", "provisioning errors", delay="1d"),
    edge("daily-use", "integrations", 0.2, delay="5d", spread=0.8),
    edge("daily-use", "search-help", 0.2, delay="10d", spread=0.8),
    edge("daily-use", "in-app-guides", 0.1, delay="14d"),
    edge("daily-use", "incident", 0.03, "failure", "outage", delay="20d"),
    edge("daily-use", "usage-telemetry", 0.42, delay="20d", spread=0.5),
    edge("integrations", "usage-telemetry", 0.85, delay="15d"),
    edge("in-app-guides", "daily-use", 0.7, delay="1d"),
    edge("in-app-guides", "community", 0.15, "alternative", delay="5d"),
    edge("community", "daily-use", 0.85, delay="3d"),
    # get help
    edge("search-help", "chatbot", 0.55, delay="3m"),
    edge("search-help", "raise-ticket", 0.2, delay="10m"),
    edge("search-help", "daily-use", 0.2, "alternative", "finds the answer", delay="5m"),
    edge("chatbot", "daily-use", 0.6, "recovery", "answered", delay="10m"),
    edge("chatbot", "raise-ticket", 0.3, "failure", "hands over to a human", delay="2m"),
    edge("raise-ticket", "support-agent", 0.97, delay="5h", spread=1.0),
    edge("support-agent", "escalation", 0.15, "failure", "a bug", delay="2h"),
    edge("support-agent", "daily-use", 0.75, "recovery", "solved", delay="1h"),
    edge("escalation", "support-agent", 0.85, "recovery", "fix or workaround", delay="4d",
         spread=0.8),
    edge("incident", "daily-use", 0.93, "recovery", "service restored", delay="2h"),
    edge("kb-upkeep", "search-help", label="articles"),
    edge("kb-upkeep", "chatbot", label="training content"),
    edge("usage-telemetry", "health-score", 0.98, delay="1d"),
    # grow
    edge("health-score", "qbr", 0.4, label="Business and Enterprise", delay="2w"),
    edge("health-score", "expansion-offer", 0.15, delay="1w"),
    edge("health-score", "renewal-notice", 0.43, delay="60d", spread=0.3),
    edge("health-score", "revenue-ops", label="churn-risk accounts"),
    edge("qbr", "expansion-offer", 0.35, delay="1w"),
    edge("qbr", "renewal-notice", 0.6, delay="45d", spread=0.4),
    edge("expansion-offer", "add-seats", 0.35, delay="1w", volume=140),
    edge("expansion-offer", "renewal-notice", 0.62, delay="60d", spread=0.4),
    edge("add-seats", "renewal-notice", 0.97, delay="90d", spread=0.3),
    # renew
    edge("renewal-notice", "renew", 0.62, delay="10d", volume=380),
    edge("renewal-notice", "renewal-negotiation", 0.18, "alternative", delay="5d"),
    edge("renewal-notice", "cancel", 0.12, "failure", "will not pay the new price",
         delay="14d"),
    edge("renewal-negotiation", "renew", 0.75, delay="2w"),
    edge("renewal-negotiation", "cancel", 0.2, "failure", delay="2w"),
    edge("cancel", "save-offer", 0.6, delay="1d"),
    edge("save-offer", "renew", 0.3, "recovery", "accepts the offer", delay="3d"),
    edge("renew", "invoice-dunning", 0.98, delay="1d"),
    edge("revenue-ops", "renewal-negotiation", label="at-risk accounts"),
    # What accounts do that the map does not show.
    stray("trial-ending", "sales-call", 0.05, delay="1d"),
    stray("support-agent", "cancel", 0.02, delay="3d"),
    stray("renewal-notice", "raise-ticket", 0.05, delay="2d"),
    stray("first-workflow", "invite-team", 0.02, delay="1h"),
]

SEGMENTS = [
    Segment("plan", {"Starter": (0.35, -0.1), "Team": (0.33, 0.0), "Business": (0.21, 0.1),
                     "Enterprise": (0.11, 0.0)}),
    Segment("region", {"North America": (0.42, 0.05), "EMEA": (0.38, 0.0),
                       "APAC": (0.14, -0.1), "LATAM": (0.06, 0.0)}, blank=0.02),
    Segment("role", {"admin": (0.3, 0.0), "member": (0.55, 0.0), "owner": (0.15, 0.1)}),
]

PRICE_RISE = date(2026, 6, 1)

HOT_SPOTS = [
    HotSpot(("import-data",), -1.4, "plan", "Enterprise"),
    HotSpot(("support-agent", "raise-ticket"), -1.3, "region", "APAC"),
    HotSpot(("renewal-notice", "renewal-negotiation", "cancel"), -1.1,
            start=PRICE_RISE, end=date(2026, 12, 31)),
    HotSpot(("sso-setup",), -0.6, "role", "admin"),
]

BAD_ROWS = [
    BadRow(88, {"satisfaction": "0"}, "satisfaction 0 is below the declared 1–5 scale"),
    BadRow(901, {"likelihood_to_recommend": "-1"}, "likelihood_to_recommend -1 is below 0"),
    BadRow(1500, {"effort": "8"}, "effort 8 is above the declared 1–7 scale"),
    BadRow(2222, {"touchpoint_name": "Onboarding call"},
           "touchpoint 'Onboarding call' is not a label on the map"),
    BadRow(3100, {"touchpoint_name": ""}, "touchpoint is missing"),
    BadRow(3900, {"satisfaction": "very satisfied"}, "satisfaction is text, not a number"),
    BadRow(4321, {"submitted_at": "yesterday"}, "submitted_at is not a date"),
]

SPEC = JourneySpec(
    name="saas_trial",
    title="SaaS trial to renewal",
    description=(
        "A B2B work-management product from the pricing page to the first renewal: trial "
        "and activation, self-serve and enterprise buying, rollout, support, customer "
        "success (health score, business reviews, expansion) and renewal. Mapped with "
        "growth, sales, support and customer success (2026); emotions are the workshop's "
        "scores per persona. Transition volumes are expected accounts per month. Feedback: "
        "the relationship and transactional survey from the customer-success platform "
        "(touchpoints named by label) and the account event log."),
    personas=PERSONAS,
    stages=STAGES,
    touchpoints=TOUCHPOINTS,
    edges=EDGES,
    survey=SurveySpec(
        file="saas_trial_survey.csv", rows=6000, start=date(2025, 10, 1),
        end=date(2026, 9, 30), id_prefix="S-", match="label",
        timestamp_format="%Y-%m-%d %H:%M",
        columns={"response_id": "response_id", "touchpoint": "touchpoint_name",
                 "submitted_at": "submitted_at", "nps": "likelihood_to_recommend",
                 "csat": "satisfaction", "ces": "effort", "comment": "verbatim"},
        segments=SEGMENTS, hot_spots=HOT_SPOTS, bad_rows=BAD_ROWS, p_nps=0.5),
    events=EventSpec(
        file="saas_trial_events.csv", cases=1800, start=date(2025, 7, 1),
        end=date(2026, 3, 31), cutoff=date(2026, 9, 30),
        entries={"pricing-page": 0.65, "trial-signup": 0.28,
                                        "sales-call": 0.07},
        case_format="WS-{:05d}",
        # Tickets from APAC (about a seventh of accounts) wait for the Dublin morning.
        slowdowns=[("raise-ticket", "support-agent", date(2025, 7, 1), date(2027, 1, 1),
                    4.0, 0.14)]),
)
