"""Vehicles named in the history: which one the customer wants, and which one they own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ...retrieval.models import Role
from ..models import (
    VehicleInterest,
)
from .conversation import Candidate, Conversation
from .cues import cue
from .text import Sentence, hypothetical, negated
from .vocab import VehicleMention

# --- vehicles --------------------------------------------------------------------------------------------

_OWNED_CUES = (
    r"(?:like|as) we did (?:the|with the|with our)|we did the|had the|"
    r"my (?:current |old |existing |present )?lease|our (?:current |present )?lease|(?:current|present) lease|lease (?:ends|is up|expires|return)|"
    r"off lease|lease turn-?in|turn-?in|trade-?in|had an?|used to have|used to drive|did that (?:once )?with an?|"
    r"last car|previous|my(?! (?:first|next|new|future|dream|ideal|own first)\b)(?! (?:friend|neighbou?r|brother|sister|mom|dad|mother|father|son|daughter|cousin|co-?worker|boss|"
    r"buddy|uncle|aunt|coworker|roommate)'?s)|our|mine|i have|i've got|ive got|i got|i drive|i'm driving|im driving|currently (?:drive|have|in)|"
    r"current|present|trade(?:-?in)?|trading(?: in)?|trd|t/i|sell(?:ing)?|sold|owe on|payoff on|paid off|the old|old|"
    r"apprais(?:e|ed|ing|al on|al of|al for)|acv on|equity in|"
    r"i own|we own|we have|came in with|in for|his|her|their|cust'?s?|customer'?s|i'm the|im the|i am the|"
    r"turn(?:ing)? in|return(?:ing)?|drives? an?|driving an?|owns an?|i'?m (?:currently )?leasing|"
    r"(?:i|we) (?:currently )?lease|currently leasing|(?:i'?m|we'?re) (?:currently )?in an?"
)
_INTEREST_CUES = (
    r"looking at|look at|looking for|interested in|interest in|want|wants|wanted|wanting|need|needs|shopping|another|"
    r"test ?drive|test-drove|test drove|td(?:'?d)?|demo|loaner car for|(?:test|to|come|wanna|want to|like to|go) drive (?:the|a|an)|checking out|check out|considering|consider|thinking about|"
    r"thinking|lease|leasing|buy|buying|purchase|purchasing|get|getting|get into|price on|pricing on|quote on|"
    r"numbers on|new|used|certified|cpo|available|in stock|compare|comparing|leaning|go with|going with|"
    r"decided on|decide on|bought|picked up|purchased|took delivery|delivered|signed for|sold (?:him|her|them)|"
    r"like the|liked the|love the|loved the|into a|upgrade to|upgrading to|switch to|instead|rather|prefer|"
    r"interested|go for|went with|set on|sold on|deposit on|appointment for|appt for|it'?d be|would be|"
    r"what about|how about|info on|inquiry|question|re:|chose|chosen|picked|settled on|"
    r"it'?s the|it'?s gonna be|it'?ll be|going to be the|(?:i|we)'?ll take|let'?s do|go into|into an?|leaning|"
    r"mejor|prefiero|preferimos|busco|buscamos|quiero|queremos|me interesa|nos interesa|me gusta|nos gusta|do you have|you have|"
    r"nos quedamos(?: con| with)?|me quedo(?: con| with)?|nos llevamos|me llevo|"
    r"y'?all have|you guys have|have any|got any|stay in|stay with|stick with"
)
# Words that put a vehicle in the conversation without saying whether it is wanted or owned.
_MENTION_CUES = r"the one|about the|on the|for the|see the|saw the|see a|either|vs|versus|or|and|maybe|probably|w/|a|an|the"

_OWNED_AFTER = re.compile(
    r"^[^.?!]{0,30}?\b(?:with (?:about |around |like |~|over |almost )?\d(?!\s*(?:rd|st|nd|th)\b)|"
    r"has (?:about |around |like |over )?\d(?![\d,]*\s*(?:rd|st|nd|th|row|seats?)\b)|"
    r"now and (?:i )?(?:love|like|hate|it)|(?:really )?(?:brings|is worth|would bring|will bring|gets us)\b|(?:it'?s|it has|has) got|got like|(?:thousand|grand|k) miles|miles on (?:it|her|him)|"
    r"that came in|came in|is getting old|getting old|is paid off|paid off|is old|is in the shop|in the shop|"
    r"broke|died|needs? (?:a |new )?(?:repair|work|transmission|engine|brakes|tires)|i owe|we owe|(?:is |are )?due back|"
    r"(?:\d[\d,]*k?) miles|"
    r"(?<![$\d/])(?<!/ )\d{2,3}k\b(?!\s*(?:dn|down|miles? (?:a|per) year|/yr|a year|per year))|is my|matures|maturity|expires|i have now|i drive now|i'm driving|lease (?:ends|is up|expires)|ends|is up|goes back|"
    r"trade|trade-in|as a trade|as trade|equity|apprais\w*|acv)"
)
_REJECT_VEHICLE = re.compile(
    r"(?:anything but|anything except|except (?:for )?|not interested in|don'?t want|do not want|no longer (?:want|interested)|not the|not a|not an|instead of|"
    r"(?<=[,;] )no (?:the|el|la)|"
    r"rather than|than the|than a|over the|not another|no more|not looking at|ruled out|passed on|pass on|"
    r"too (?:small|big|expensive)|than|dropped|dropping|drop|pass(?:ed|ing)? on|no longer|moving on from|"
    r"forget|forget about|skip|over)\s+(?:the\s+|a\s+|an\s+|another\s+)?(?:(?:19|20)?\d{2}\s+)?$"
)
_REJECT_AFTER = re.compile(
    r"^[^.?!;]{0,30}?\btoo much car\b|^[^.?!;]{0,40}?\bnever again\b|"
    r"^[^.?!;]{0,30}?\btoo (?:small|big|expensive|pricey|cramped|tight)\b|^[^.?!;]{0,30}?\banymore\b|"
    r"^[^.?!;]{0,40}?\b(?:is|was|were|are|felt|seems?)\s+(?:just\s+|way\s+|a bit\s+|kind of\s+|kinda\s+)?too\s+"
    r"(?:small|big|expensive|pricey|cramped|tight|much)|^[^.?!;]{0,30}?\b(?:didn'?t|doesn'?t|won'?t) fit\b|"
    r"^[^.?!;]{0,30}?\bis out\b(?! of)|^[^.?!;]{0,20}?\bis off the table|^\s*(?:is |are )?out\b(?!\s+(?:front|back|for|of|there|on|in|to|now|today|yet))"
)


def _cue_distance(cues: str, window: str) -> int:
    """How many characters back the nearest cue ends; a large number when there is none in this sentence."""
    best = 10_000
    for match in re.finditer(rf"\b(?:{cues})\b", window):
        best = len(window) - match.end()
    return best


_SOMEONE_ELSES = re.compile(
    r"\b(?:neighbou?r|friend|buddy|co-?worker|boss|brother|sister|cousin|uncle|aunt|dad|mom|son|daughter|roommate|nephew|"
    r"niece|grandson|granddaughter)"
    r"(?:[- ]in[- ]law)?(?:'s|s'|’s)?\s+(?:[A-ZÀ-Ý]?[a-zà-ÿ]+\s+)?(?:(?:has|drives|owns|got|bought|just got|wants|needs|"
    r"(?:is )?(?:looking at|getting|buying|leasing)|wants to buy|likes|loves)\s+(?:an?|the|his|her|my|our)\s+)?(?:\w+\s+){0,1}$", re.I)
# "how does it compare to the kona electric": a yardstick the customer asks about, not a choice.
_YARDSTICK = re.compile(r"\b(?:compar\w*|stack up|stacks? up)\s+(?:it\s+|that\s+|this\s+|them\s+)?(?:to|with|against|vs\.?)\s+"
                        r"(?:the\s+|a\s+|an\s+)?$")


# A partner's own car: "wife's", "Jess (partner)", "partner Jess's".
_PARTNERS_CAR = re.compile(r"\b(?:wife|husband|hubby|spouse|partner|fianc[eé]e?|girlfriend|boyfriend)(?:'s|’s|\))\s+(?:\w+\s+)?$|"
                           r"\b(?:wife|husband|spouse|partner|fianc[eé]e?|girlfriend|boyfriend)\s+[a-z]+(?:'s|’s)\s+(?:\w+\s+)?$")
_CROSS_SHOPPING = re.compile(r"\bcross-?shop\w*\s+(?:the\s+|an?\s+|w/\s*|with\s+)?(?:\w+\s+)?$")
# A partner's own "someday": "wife might want to look at a Bronco Sport", "hubby may like the Tahoe".
_PARTNER_MIGHT = re.compile(r"\b(?:wife|husband|hubby|spouse|partner|fianc[eé]e?|girlfriend|boyfriend)\s+(?:might|may|could)\s+"
                            r"(?:want|like|love)\b[^.?!;]{0,30}$")
# Someone else's advice: "My sister says I should just get the Honda Passport, but she doesn't drive my car."
_SOMEONE_SAYS_GET = re.compile(
    r"\b(?:he|she|they|sister|brother|mom|dad|mother|father|friend|buddy|wife|husband|son|daughter|co-?worker|neighbou?r|"
    r"everyone|people|uncle|aunt|cousin)\s+(?:says|said|thinks|keeps saying|told me|tells me)\s+(?:that\s+)?(?:i|we)\s+"
    r"(?:should|ought to|need to|have to)\s+(?:just\s+|really\s+)?(?:get|buy|go with|look at|lease|check out)\s+"
    r"(?:an?\s+|the\s+)?(?:\w+\s+)?$")
# Said right after a vehicle, words that choose it.
_CHOSEN_AFTER = re.compile(r"^(?:'s|’s|\s+is)\s+(?:the|my|our)\s+(?:one|pick|winner|choice|favou?rite)\b|^\s+it is\s*(?:[.!,]|$)")
_SOMEONE_ELSES_AFTER = re.compile(r"^[^.?!(]{0,25}?\(\s*(?:(?:his|her|my|a|their)\s+)?(?:friend|buddy|neighbou?r|brother|sister|"
                                  r"cousin|co-?worker|dad|mom|son|daughter|boss|nephew|niece)(?:'s)?\s+(?:[a-z]+\s+)?(?:just\s+)?(?:bought|got|has|owns|"
                                  r"drives|leased)\b")
_FITTED_FOR = re.compile(r"\b(?:for|on|fits?|fit on|to fit)\s+(?:a|an|my|the|our|his|her|their)?\s*(?:'?\d{2,4}\s+)?$")
_PARTS = re.compile(r"\b(?:headache rack|rack|tool ?box(?:es)?|saddle ?box(?:es)?|bed ?liner|tonneau|floor ?mats?|hitch|lift kit|leveling kit|"
                    r"running boards?|nerf bars?|bumper|grille guard|light bar|accessor(?:y|ies)|parts? (?:dept|department|counter)|"
                    r"roof rack|seat covers?|mud flaps?|step bars?|wiper blades?)\b")
# A trade figure right after a vehicle: "the Sorento at 9,500 ACV", "the Pilot for 14k on trade".
_VALUED_AFTER = re.compile(r"^\s+(?:at|for|around|@)\s+(?:about\s+|around\s+)?\$?\d[\d,.]*\s*k?\s*"
                           r"(?:acv|actual cash value|on (?:the |a )?trade|in trade|trade(?:-in)? value|payoff)\b")
# A dealer's stock number right after a vehicle: "U3412", "P5588A", "24117".
_STOCK_CODE_AFTER = re.compile(r"\s+(?:#\s*)?(?:[A-Z]{1,2}\d{3,6}[A-Z]?|\d{5,6}[A-Z]?)\b")
# A car someone drives while theirs is away: a loaner, a rental, a courtesy car.
_STAND_IN = re.compile(r"\b(?:loaner|rental|rent-?a-?car|rented|renting|courtesy|enterprise|hertz|avis)\b")
# A CRM note's arrow from one choice to the next: "switched Palisade -> Santa Fe", "CR-V => RAV4".
_SWITCHED_TO = re.compile(r"(?:->|→|=>)\s*$")
_SWITCHED_FROM = re.compile(r"^\s*(?:->|→|=>)")


def vehicle_role(sentence: Sentence, mention: VehicleMention) -> str | None:
    """'owned' (what they drive or trade), 'interest' (what they want), 'mention' (named, role unsaid),
    'other' (someone else's car)."""
    before = sentence.lower[max(0, mention.start - 60) : mention.start]
    after = sentence.lower[mention.end : mention.end + 50]
    if _SOMEONE_ELSES.search(before) or _STAND_IN.search(before[-25:]) or re.match(r"^\s*(?:loaner|rental)\b", after):
        return "other"  # a neighbour's truck, the loaner they drove home, the rental they drive meanwhile
    if _PARTNERS_CAR.search(before[-40:]) and not re.search(r"\btrad|\btrd\b|\bapprais", sentence.lower):
        return "other"  # "Jess (partner) Rogue lease 8/31", "his wife's Explorer": the partner's own car, not a trade
    if _CROSS_SHOPPING.search(before[-30:]) or _PARTNER_MIGHT.search(before) or _SOMEONE_SAYS_GET.search(before):
        return "other"  # "Cross-shopping Ram ProMaster", "wife might want to look at a Bronco Sport": not chosen
    if _CHOSEN_AFTER.match(after):
        return "interest"  # "the Corolla's the one", "so Santa Fe it is"
    if _SOMEONE_ELSES_AFTER.match(after):
        return "other"  # "Asked price on green Telluride X-Pro (friend just bought one)"
    if _FITTED_FOR.search(before) and _PARTS.search(sentence.lower):
        return "other"  # "price on headache rack + tool boxes for a 2023 Tundra": the truck the parts go on
    if _VALUED_AFTER.match(after):
        return "owned"  # "we can get the Sorento at 9,500 ACV": a figure for the car they hand in
    if sentence.is_note and re.search(r"\b(?:push(?:ed|ing)?|steer(?:ed|ing)?|upsell|pitch(?:ed|ing)?|float(?:ed|ing)?|suggest(?:ed|ing)?|"
                                      r"recommend(?:ed|ing)?|propos(?:ed|ing))\s+(?:him|her|them\s+)?"
                                      r"(?:to(?:ward)?s?\s+|into\s+)?(?:the\s+|an?\s+)?(?:\w+\s+)?$", before):
        return "other"  # "Sales mgr says push Ioniq 5": what staff mean to sell, not what the customer chose
    if _SWITCHED_TO.search(before):
        return "interest"  # "switched Palisade -> 26 Santa Fe Calligraphy": the one they moved to
    if re.match(r"^[^.?!]{0,40}?\b(?:stk|stock|stock #|vin)\b", after) or \
            re.search(r"\b(?:stk|stock)\s*#?\s*[\w-]*\d[\w-]*\s*[(:=-]?\s*$", before[-30:]):
        return "interest"  # a unit on the lot: "20 Mazda3 HB Preferred stk M4417P 38k", "TD stk 24117 (24 Grand Cherokee"
    if sentence.is_note and _STOCK_CODE_AFTER.match(sentence.text[mention.end : mention.end + 12]):
        return "interest"  # a note's "23 Corolla LE U3412 (31k, $21,900)": a stock number, so a unit for sale
    owned = _cue_distance(_OWNED_CUES, before)
    interest = _cue_distance(_INTEREST_CUES, before)
    service = cue("dialogue.json", "service_visit").search(sentence.lower)
    # In "in last week with my Cherokee for an oil change ... call you about the Equinox EV" the visit is the first car's.
    earlier_car = any(other.end <= mention.start and (other.make, other.model) != (mention.make, mention.model)
                      for other in sentence.vehicles)
    if service and not earlier_car and (interest == 10_000 or re.search(r"\b(?:picked up|pick(?:ing)? up|dropped off|drop(?:ping)? off)\s+(?:\w+\s+)?$",
                                                     before)):
        return "owned"  # "RO 318842 - 19 Camry SE", "picked up Equinox, repair declined": the car in for service
    if owned <= interest and owned < 10_000:
        return "owned"
    if _OWNED_AFTER.match(after) and (interest > 12 or interest == 10_000):
        return "owned"
    if interest < 10_000:
        return "interest"
    return "mention" if _cue_distance(_MENTION_CUES, before) < 10_000 or not before.strip() else None


@dataclass(frozen=True)
class VehicleSighting:
    mention: VehicleMention
    sentence: Sentence
    role: str | None


class Sightings(list[VehicleSighting]):
    """Every vehicle the customer's side named, each with its role, and an index by sentence."""

    @cached_property
    def _by_sentence(self) -> dict[int, list[VehicleSighting]]:
        index: dict[int, list[VehicleSighting]] = {}
        for sighting in self:
            index.setdefault(id(sighting.sentence), []).append(sighting)
        return index

    def in_sentence(self, sentence: Sentence) -> list[VehicleSighting]:
        return self._by_sentence.get(id(sentence), [])


def vehicle_sightings(conversation: Conversation) -> Sightings:
    sightings = Sightings()
    for sentence in conversation.reported():
        mentions = sentence.vehicles
        previous_role: str | None = None
        for index, mention in enumerate(mentions):
            if sentence.text[mention.start : mention.end].casefold() in conversation.customer_names:
                continue  # "Shelby R - 18 GC Limited": the customer's name, not a Shelby
            role = vehicle_role(sentence, mention)
            between = sentence.lower[mentions[index - 1].end : mention.start] if index else ""
            if index and re.fullmatch(r"\W*(?:or|and|vs\.?|versus|/|,)?\W*(?:(?:a|an|the|maybe|possibly|even)\s+)*"
                                      r"(?:used\s+|new\s+)?", between):
                role = previous_role if previous_role else role
            if role in {None, "mention"} and sentence.index <= 1 and cue("dialogue.json", "asks_current_vehicle").search(
                    conversation.prompt_for(sentence)):
                role = "owned"  # "Trade, you said a WRX?" "'19 WRX, base, six-speed."
            elif role in {None, "mention"} and conversation.in_service_thread(sentence):
                role = "owned"  # "its the blue silverado btw", in a thread about its tires
            sightings.append(VehicleSighting(mention, sentence, role))
            previous_role = role
    return sightings


_PREFERRED = re.compile(r"\b(?:leaning(?: toward| towards)?|it'?s the|mejor|prefiero|prefer|rather|really want|stay in|stay with|stick with|switch to|go with|decided on|"
                        r"chose|settled on|set on|(?:i|we) (?:think (?:i|we) |now |actually )(?:really )?want)\b[^.?!,]{0,25}$")


_COMPARING = re.compile(r"\b(?:compar\w*|vs\.?|versus|between|tied|torn|deciding|narrow\w*|cross-?shop\w*|which (?:one|is|would)|"
                        r"stacks? up|measures? up)\b")


def compared(sentence: Sentence) -> bool:
    """A sentence that sets models side by side without choosing: three or more named, or two with a word that
    compares them."""
    models = {(m.make, m.model) for m in sentence.vehicles if m.model}
    if len(models) >= 3:
        return not _PREFERRED.search(sentence.lower)
    return len(models) == 2 and bool(_COMPARING.search(sentence.lower)) and not _PREFERRED.search(sentence.lower)


def unsettled_vehicles(sightings: Sightings) -> list[tuple[str, Sentence]]:
    """Vehicles the customer named only as a maybe ("if I did get something it'd be a Highlander"): worth a
    question, never a fact."""
    found = []
    for sighting in sightings:
        mention, sentence = sighting.mention, sighting.sentence
        if sighting.role in {"owned", "other"} or mention.model is None:
            continue
        if hypothetical(sentence.text, mention.start) or compared(sentence):
            found.append((f"{mention.make} {mention.model}", sentence))
    return found


def listing_candidates(conversation: Conversation) -> list[Candidate]:
    """The vehicle a lead or listing header names ("Marketplace inquiry on listing: 2015 Honda Accord EX-L"), when
    the customer's own words only say "is this still available?": implied, so any vehicle they name wins."""
    header = cue("dialogue.json", "lead_header")
    found = []
    for sentence in conversation.sentences:
        if sentence.message.role is Role.customer or not (said := header.search(sentence.text)):
            continue
        # The first vehicle from the header on: "Thanks for your inquiry on the 2019 Tacoma", not the car before it.
        for mention in [m for m in sentence.vehicles if m.end > said.start()][:1]:
            if mention.model:
                value = VehicleInterest(make=mention.make, model=mention.model, year=mention.year, trim=mention.trim)
                found.append(Candidate(value, sentence, 1))
    return found


def accepted_candidates(conversation: Conversation) -> list[Candidate]:
    """"Which one?" "stk 24117" "...is the 2024 Grand Cherokee Limited" "yep thats the one": a reply that takes the one
    vehicle the staff turn just named. Implied, so the customer's own naming wins."""
    accepts = cue("dialogue.json", "accepts_named_vehicle")
    by_message: dict[str, list[Sentence]] = {}
    for sentence in conversation.sentences:
        by_message.setdefault(sentence.message.id, []).append(sentence)
    found = []
    for sentence in conversation.sentences:
        if sentence.message.role is not Role.customer or sentence.index > 0 or sentence.content_only \
                or sentence.vehicles or not accepts.search(sentence.text):
            continue
        prompt = conversation.prompts.get(sentence.message.id)
        if prompt is None:
            continue
        named = {(m.make, m.model): m for s in by_message.get(prompt.id, []) for m in s.vehicles if m.model}
        if len(named) == 1:
            mention = next(iter(named.values()))
            value = VehicleInterest(make=mention.make, model=mention.model, year=mention.year, trim=mention.trim)
            found.append(Candidate(value, sentence, 1))
    return found


def _own_words_after(sentence: Sentence, mention: VehicleMention, size: int = 60) -> str:
    """What follows a mention, up to the next vehicle or an aside in brackets: in "26 Santa Fe Calligraphy (garage
    too small for Palisade)" the "too small" is the Palisade's, not the Santa Fe's."""
    end = mention.end + size
    for other in sentence.vehicles:
        if other.start >= mention.end:
            end = min(end, other.start)
            break
    after = sentence.lower[mention.end : end]
    return after.split("(", 1)[0]


def interest_candidates(sightings: Sightings) -> list[Candidate]:
    """Vehicles the customer wants: said outright (strong), or merely named and not one they own (weak)."""
    owned_models = {(s.mention.make, s.mention.model) for s in sightings if s.role == "owned" and s.mention.model}
    candidates: list[Candidate] = []
    seen_in_sentence: set[tuple] = set()
    rejected: dict[tuple, tuple] = {}  # (make, model) -> when the customer last ruled it out
    for sighting in sightings:
        mention, sentence = sighting.mention, sighting.sentence
        if sighting.role in {"owned", "other"} or mention.make is None:
            continue
        if mention.model is None and any(o.model and o.make == mention.make for o in sentence.vehicles):
            continue  # "her friend has an Equinox ... that's a Chevy": the make of the model named, nothing more
        new_model_year = mention.year is not None and mention.year >= sentence.message.at.year - 1
        if sighting.role != "interest" and not new_model_year and (mention.make, mention.model) in owned_models:
            continue  # "the Camry" again, after "my Camry": still the one they own
        before = sentence.lower[max(0, mention.start - 40) : mention.start]
        after = _own_words_after(sentence, mention)
        ruled_out = _REJECT_VEHICLE.search(before) or _REJECT_AFTER.match(after) or _SWITCHED_FROM.match(after)
        if ruled_out and mention.model is not None:
            rejected[(mention.make, mention.model)] = sentence.order
        if ruled_out or negated(sentence.text, mention.start, 5):
            continue
        if _YARDSTICK.search(before):
            continue  # "how does it compare to the kona electric": measured against, not chosen
        if hypothetical(sentence.text, mention.start):
            continue  # "if I ever did get something new it'd be a Highlander": imagined, not wanted
        key = (sentence.message.id, sentence.index)
        preferred = bool(_PREFERRED.search(before) or _CHOSEN_AFTER.match(sentence.lower[mention.end :]))
        if not preferred and compared(sentence):
            continue  # "comparing the telluride, the pilot and the grand highlander": nothing chosen yet
        if key in seen_in_sentence and not preferred:
            continue  # the first vehicle a sentence names is the one it is about, unless another is preferred
        if preferred:
            candidates = [c for c in candidates if (c.sentence.message.id, c.sentence.index) != key]
        seen_in_sentence.add(key)
        # A model named without a role counts only when nothing says what they want; a make alone, less still.
        if mention.model is None:
            strength = 0
        elif sighting.role == "interest" or new_model_year:
            strength = 2
        else:
            strength = 1
        value = VehicleInterest(make=mention.make, model=mention.model, year=mention.year, trim=mention.trim)
        candidates.append(Candidate(value, sentence, strength))
    # "Tiguan OUT (no 3rd row)", "the CR-V is too small": ruled out, so what was said of it before no longer counts.
    return [c for c in candidates if rejected.get((c.value.make, c.value.model), ()) <= c.sentence.order]
