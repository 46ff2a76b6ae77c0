"""One brief, ordered and trimmed for whoever picks the customer up next."""

from __future__ import annotations

from .describe import vehicle
from .models import Audience, Brief

# The facts each reader needs, most urgent first. F&I always sees lease/buy, financing and trade when known.
SHOWN: dict[str, list[str]] = {
    "human": ["vehicle_interest", "preferred_contact", "deadline", "payment_target", "trade_in", "purchase_type"],
    "sales": ["vehicle_interest", "payment_target", "trade_in", "deadline", "purchase_type", "down_payment",
              "financing", "spouse", "preferred_contact"],
    "desk": ["payment_target", "down_payment", "trade_in", "purchase_type", "financing", "vehicle_interest", "spouse"],
    "fi": ["purchase_type", "financing", "trade_in", "down_payment", "payment_target", "spouse", "vehicle_interest"],
    "service": ["preferred_contact", "vehicle_interest", "spouse"],
}
AUDIENCES: tuple[str, ...] = tuple(SHOWN)

CHANNEL_WORDS = {"call": "a call", "text": "a text", "email": "an email"}


def service_welcome(brief: Brief) -> str:
    """The note a service advisor sends a just-delivered customer, in the way they like to be reached."""
    first = (brief.customer.name or "").split()[0] if brief.customer.name else "there"
    bought = brief.fact_values()["vehicle_interest"]
    car = f"your new {vehicle({k: v for k, v in bought.items() if k != 'year'})}" if bought else "your new vehicle"
    severe = any(word in note.text.casefold() for note in brief.vehicle_usage
                 for word in ("tow", "haul", "trailer", "plow", "off-road", "offroad", "job site", "severe", "camper"))
    schedule = ("Since you'll be towing or working it hard, we'll follow the severe-duty schedule: oil and "
                "filter about every 5,000 miles, with a look at the brakes, transmission fluid and tires each visit."
                if severe else
                "Your first oil change and tire rotation are due around 5,000 miles or six months, whichever "
                "comes first.")
    intro = f"{brief.salesperson} introduced us, and I'll" if brief.salesperson else "I'll"
    text = (f"Hi {first}, I'm your service advisor. {intro} be looking after {car}. {schedule} "
            "When you're ready, I'm happy to set up that first visit at a time that suits you.")
    contact = brief.fact_values()["preferred_contact"]
    return f"[send as {CHANNEL_WORDS.get(contact, 'your usual channel')}] {text}"


def for_audience(brief: Brief, audience: Audience) -> Brief:
    shown = [name for name in SHOWN[audience]]
    if audience == "fi":
        # F&I never loses sight of the deal's structure, even when it was said in passing.
        values = brief.fact_values()
        shown += [name for name in ("purchase_type", "financing", "trade_in") if values[name] and name not in shown]
    update: dict[str, object] = {"audience": audience, "shown": shown,
              "dont_ask": [d for d in brief.dont_ask if d.fact in shown]}
    if audience == "service" and brief.delivered:
        # The welcome is for someone who just took delivery; a shopper who never bought gets none.
        update["welcome_note"] = service_welcome(brief)
    return brief.model_copy(update=update)
