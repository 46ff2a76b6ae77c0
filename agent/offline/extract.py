"""Candidate facts from sentences: each extractor reads the customer's words (and staff notes that record them)
and proposes values with the sentence they rest on. Choosing among candidates is the engine's job."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from datetime import timedelta
from typing import Any

from ...retrieval.models import Channel, Message, Role
from ..models import Deadline, DownPayment, Financing, PaymentTarget, Spouse, VehicleInterest
from .dates import find_dates
from .numbers import Amount, find_amounts
from .text import Sentence, clause_before, hypothetical, negated
from .vocab import VehicleMention, find_vehicles


@dataclass(frozen=True)
class Candidate:
    value: Any
    sentence: Sentence
    strength: int = 2  # 2: said outright; 1: implied, used only when nothing says it outright


@dataclass
class Conversation:
    """The customer's history cut into sentences, with the staff question each customer turn answers."""

    messages: list[Message]
    sentences: list[Sentence]
    prompts: dict[str, Message]
    recent_staff: dict[str, Message]

    def reported(self) -> Iterable[Sentence]:
        return (s for s in self.sentences if s.reported)

    @cached_property
    def capitalised_words(self) -> set[str]:
        """Words written with a capital mid-sentence somewhere: names, as far as lowercase texting lets us tell."""
        return {w.casefold() for s in self.sentences for w in re.findall(r"(?<=[a-z,] )[A-Z][a-z]+", s.text)}

    @property
    def customer_names(self) -> set[str]:
        return {m.speaker.split()[0].casefold() for m in self.messages if m.role is Role.customer and m.speaker}

    def prompt_for(self, sentence: Sentence) -> str:
        """The staff or bot turn this customer turn answers directly, if any."""
        prompt = self.prompts.get(sentence.message.id)
        return prompt.text.casefold() if prompt else ""

    def context_for(self, sentence: Sentence) -> str:
        """The last thing staff said in this conversation: what a bare "six fifty" is a reply to."""
        recent = self.recent_staff.get(sentence.message.id)
        return recent.text.casefold() if recent else ""


def conversation_of(messages: list[Message], split) -> Conversation:
    sentences = [s for m in messages for s in split(m)]
    prompts: dict[str, Message] = {}
    for previous, message in zip(messages, messages[1:]):
        # A customer turn right after a staff or bot turn on the same channel answers it.
        if (
            message.role is Role.customer
            and previous.role is not Role.customer
            and previous.channel == message.channel
            and message.at - previous.at <= timedelta(hours=6)
        ):
            prompts[message.id] = previous
    recent: dict[str, Message] = {}
    last_staff: dict = {}
    for message in messages:
        if message.role is Role.customer:
            staff = last_staff.get(message.channel)
            if staff is not None and message.at - staff.at <= timedelta(hours=6):
                recent[message.id] = staff
        elif message.channel is not Channel.note:
            last_staff[message.channel] = message
    return Conversation(messages, sentences, prompts, recent)


def _window_before(text: str, start: int, size: int = 40) -> str:
    return text[max(0, start - size) : start].casefold()


def _window_after(text: str, end: int, size: int = 40) -> str:
    return text[end : end + size].casefold()


# --- money -----------------------------------------------------------------------------------------------

_MONTHLY_AFTER = re.compile(r"^\s*(?:dollars|bucks)?\s*(?:/\s*mo\b|/\s*month|a\s+mo(?:nth)?\b|per\s+mo(?:nth)?\b|"
                            r"each\s+month|every\s+month|monthly|mo\b|/mth|a\s+mth|pmt|payment|pymt)")
_MONTHLY_BEFORE = re.compile(r"\b(?:payments?|pmts?|pymts?|monthly|per month|a month|note|new number|number is|"
                             r"ceiling|get me (?:down )?to|get (?:it|that|me) (?:down )?(?:to|under|below))\b[^.?!$\d]{0,28}$")
_CEILING_AFTER = re.compile(r"^\s*(?:a month |/mo )?(?:now |then )?(?:is|was|as|would be|'?s)\s+(?:the|my|our|a)\s+(?:\w+\s+)?"
                            r"(?:ceiling|max|maximum|limit|cap|top)")
_TERM_AFTER = re.compile(r"^\s*(?:-\s*)?(?:mo\b|mos\b|months?\b|mths?\b)(?!\s*(?:payment|pmt))")
_TERMS = {24, 36, 39, 42, 48, 60, 66, 72, 75, 84, 96}
_DOWN_AFTER = re.compile(r"^\s*(?:dollars|bucks|cash)?\s*(?:down\b|dn\b|d/p\b|dp\b|as (?:a |my )?down|for (?:the |a )?down|"
                         r"cash down|up front|upfront|de enganche|enganche)")
_DOWN_BEFORE = re.compile(r"\b(?:down payment(?: of| is| will be| would be)?|down pmt|put(?:ting)? down|cash down|down:|dn:|"
                          r"enganche(?: de)?)\s*(?:of\s+|is\s+|about\s+|around\s+|like\s+|~)?\$?\s*$")
_PAYOFF_BEFORE = re.compile(r"\b(?:owe|owes|owed|owing|payoff|pay off|pay-off|left on|balance|still have|loan)\b"
                            r"[^.?!$\d]{0,22}$")
_PAYOFF_AFTER = re.compile(r"^\s*(?:dollars|bucks)?\s*(?:left|owed|payoff|to pay off|on (?:it|the loan|my loan)|"
                           r"(?:still )?(?:on|against) (?:the|my|it))")
_MILEAGE_AFTER = re.compile(r"^\s*(?:k\b)?\s*(?:miles|mi\b|on it|on the (?:clock|odometer)|on her|on him|mileage)")
_OTHER_BEFORE = re.compile(r"\b(?:price|otd|out the door|msrp|sticker|total|budget|repair|estimate|quote[ds]?|fix|"
                           r"income|salary|rebate|worth|value|acv|offer(?:ed)?|apr|rate|cost|bill|deposit|"
                           r"ro|ro#|ro #|#|zip|insurance|stk|stock|appraised|appraisal|@|est|book|kbb|trade value|"
                           r"allowance|tax|fees?)\W*(?:\w+\W+){0,2}$")
_BOUND_CUE = re.compile(
    r"\b(?:under|below|less than|up to|go to|stay (?:under|below|around|at|near)|keep it (?:under|around|at|below|near)|"
    r"no more than|not more than|not over|max(?:imum)?|at most|tops?|ceiling|target|limit|cap|around|about|"
    r"hoping for|aiming for|shooting for|comfortable (?:with|at)|be at|land (?:at|around|near)|somewhere around|"
    r"do|afford|manage|handle|live with|stretch to|go|like|~|near|closer to|close to|want|wants|still want)\W*(?:\w+\W+){0,1}\$?\s*$"
)
_THIRD_PARTY = re.compile(
    r"\b(?:husband|wife|spouse|partner|dad|mom|father|mother|accountant|cpa|brother|sister|son|daughter|friend|boss|"
    r"bank|lender)\b(?:\s+[A-Z][a-z]+)?\s+(?:says|said|wants|thinks|suggested|told|would like|prefers|is at)\b[^.;]{0,15}$"
    r"|\b(?P<name>[A-Z][a-z]+)\s+(?:says|said|thinks|suggested|told me)\b[^.;]{0,15}$",
    re.I,
)
_PAYMENT_CONTEXT = re.compile(r"\b(?:payments?|pmts?|monthly|a month|per month|/mo|month to month)\b")
_STAFF_FIGURE = re.compile(r"\b(?:quoted|offered|showed|show(?:ed)? (?:him|her|them)|came back|desk|pencil(?:ed)?|"
                           r"we (?:can|could)|special|specials|running|advertised|(?:his|her|their) (?:current )?payment|"
                           r"ran (?:#s|numbers|nums|it)|floated|structured|worked (?:it|numbers)|assumed|"
                           r"(?:i|we) (?:showed|quoted|offered|sent)|sent|emailed|texted|suggested|recommended|proposed|pitched|financed|contracted|"
                           r"sold|delivered|signed at|deal (?:at|is))\b")
_CURRENT_PAYMENT = re.compile(r"\b(?:currently|right now|now|current(?:ly)?|today)\b[^.?!]{0,25}$|"
                              r"\b(?:i|we)(?:'m| am|'re| are)? pay(?:ing)?\b[^.?!$\d]{0,12}$|\bmy (?:current )?payment is\b[^.?!$\d]{0,6}$")
_CURRENT_AFTER = re.compile(r"^\s*(?:a month |/mo )?(?:(?:now|right now|currently)(?!\s+(?:is|are|'s)\b)|on (?:my|our|the) "
                            r"(?:current|old|\w+))")
_REJECTED_AFTER = re.compile(r"^[^.?!]{0,20}?\b(?:is|was|seems|sounds)? ?(?:too (?:much|high|steep|rich)|way too|anymore|"
                             r"any ?more|"
                             r"a (?:lot|stretch)|no way|won'?t work|doesn'?t work|not going to work|out of (?:my|our) "
                             r"(?:budget|range)|not doable|is crazy|is nuts)")
_REJECTED_BEFORE = re.compile(r"(?:not|cannot go|can'?t go|can'?t pay|won'?t go|don'?t have|do not have|was|up from|down from|previously|used to be|can'?t do|cannot do|won'?t do|wont do|no way|instead of|rather than|over|"
                              r"never|not paying|can'?t afford|cannot afford|not doing)\s*(?:\$|the\s|that\s)?\s*$")
_BOUND_BEFORE = re.compile(r"(?:over|more than|above|past|exceed|beyond)\s*\$?\s*$")
_ZERO_DOWN = re.compile(
    r"\b(?:(?:nothing|zero|\$?0|no money|no cash|none) down|(?:not|won'?t be|wont be|not going to be|can'?t|"
    r"cannot|don'?t want to) (?:putting|put) (?:anything|any money|any cash|nothing|money|cash) down|"
    r"no down payment|without (?:a|any) down ?payment|(?:not|won'?t be) (?:putting )?(?:anything|nothing) down)",
    re.I,
)


def _is_year(amount: Amount, text: str) -> bool:
    raw = text[amount.start : amount.end]
    return not amount.dollar and not amount.scaled and re.fullmatch(r"(?:19[89]\d|20[0-3]\d)", raw) is not None


def money_kind(sentence: Sentence, amount: Amount, question: str = "", recent: str = "") -> str | None:
    """What a figure in a sentence is: monthly, down, payoff, mileage; None when it is something else."""
    text = sentence.text
    before = _window_before(text, amount.start)
    after = _window_after(text, amount.end)
    if _is_year(amount, text) and not _MONTHLY_AFTER.match(after):
        return None
    if after.startswith("%") or after.lstrip().startswith("percent") or re.match(r"^\.\d", after):
        return None
    if amount.value in _TERMS and not amount.dollar and _TERM_AFTER.match(after):
        return None  # a loan term: "72mo", "75 months"
    if _PAYOFF_BEFORE.search(before):
        return "payoff"
    if not amount.dollar and _MILEAGE_AFTER.match(after):
        return "mileage"
    if _PAYOFF_AFTER.match(after):
        return "payoff"
    if not amount.dollar and not _OTHER_BEFORE.search(before) and _vehicle_k(sentence, amount, after):
        return "mileage"
    if not amount.dollar and re.search(r"\bmiles\b|\bmileage\b|odometer", question) and amount.value >= 1000:
        return "mileage"  # "How many miles?" "Hundred thirty-one thousand."
    if _MONTHLY_AFTER.match(after) or (_CEILING_AFTER.match(after) and amount.value <= 2500):
        return "monthly"
    if _DOWN_AFTER.match(after) or _DOWN_BEFORE.search(before):
        return "down"
    if _MONTHLY_BEFORE.search(before):
        return "monthly"
    if _OTHER_BEFORE.search(before) or amount.value < 100:
        return None
    plausible_monthly = 100 <= amount.value <= 2500 and not (amount.scaled and amount.value >= 1000)
    # A bare figure answering a direct question: "Do you have a down payment saved?" "i got 1500".
    if re.search(r"\b(?:how much|what|any|anything|planning|thinking|putting|put)\b[^?]*\b(?:down|dn)\b[^?]*\?", question) \
            and amount.value >= 300:
        return "down"
    if _PAYMENT_CONTEXT.search(question) and plausible_monthly:
        return "monthly"
    # A bare figure in a conversation about payments: "Nine forty." after "you'd be at $940 a month".
    context = f"{sentence.lower} {recent}"
    if plausible_monthly and (_PAYMENT_CONTEXT.search(context) or _BOUND_CUE.search(before)):
        return "monthly"
    if re.search(r"\bdown\b|\bdn\b", context) and amount.value >= 1000:
        return "down"
    return None


def _vehicle_k(sentence: Sentence, amount: Amount, after: str) -> bool:
    """"Trd 17 Silverado ~98k": a bare thousands figure right after a vehicle is its odometer."""
    raw = sentence.text[amount.start : amount.end].casefold()
    if not raw.endswith("k") or not 5_000 <= amount.value <= 400_000:
        return False
    head = sentence.text[max(0, amount.start - 45) : amount.start]
    return bool(find_vehicles(head)) and not re.search(r"\b(?:owe|owes|payoff|worth|acv|offer|price)\b", head, re.I)


def _staff_figure_in_note(sentence: Sentence, amount: Amount) -> bool:
    return sentence.is_note and bool(_STAFF_FIGURE.search(sentence.lower[: amount.start]))


def _rejected(sentence: Sentence, amount: Amount) -> bool:
    before = _window_before(sentence.text, amount.start, 30)
    after = _window_after(sentence.text, amount.end, 40)
    if _BOUND_BEFORE.search(before):
        return False
    return bool(_REJECTED_BEFORE.search(before) or _REJECTED_AFTER.match(after))


def money_candidates(conversation: Conversation) -> tuple[list[Candidate], list[Candidate], list[Candidate], list[Candidate]]:
    monthly, down, payoff, mileage = [], [], [], []
    for sentence in conversation.reported():
        question, recent = conversation.prompt_for(sentence), conversation.context_for(sentence)
        if _ZERO_DOWN.search(sentence.text) and not hypothetical(sentence.text, _ZERO_DOWN.search(sentence.text).start()):
            down.append(Candidate(DownPayment(amount=0), sentence))
        per_sentence_monthly: list[Candidate] = []
        for amount in find_amounts(sentence.text):
            kind = money_kind(sentence, amount, question, recent)
            if kind is None:
                continue
            if kind == "mileage":
                if 500 <= amount.value <= 400_000:
                    mileage.append(Candidate(amount.value, sentence))
                continue
            if hypothetical(sentence.text, amount.start) or _staff_figure_in_note(sentence, amount):
                continue
            third = _THIRD_PARTY.search(clause_before(sentence.text, amount.start))
            endorsed = re.search(r"\b(?:(?:he|she|they)'?s right|(?:he|she|they) (?:is|are) right|i agree|agreed|"
                                 r"we agreed|so that'?s (?:our|my)|makes sense)\b", sentence.lower)
            if third and not endorsed and not (third["name"] and third["name"].casefold() in conversation.customer_names):
                continue  # "husband wants 550", "Sheila says nine hundred": someone else's number
            if kind == "monthly":
                before = _window_before(sentence.text, amount.start, 45)
                after = _window_after(sentence.text, amount.end, 40)
                current = (_CURRENT_PAYMENT.search(before) and not re.search(
                    r"\b(?:wants?|needs?|keep|under|max|below|less|hoping|looking|stay|target|budget|afford|no more|"
                    r"not more|around|about|cap|ceiling|<)", before)) or _CURRENT_AFTER.match(after)
                if current or _rejected(sentence, amount) or not 50 <= amount.value <= 3000:
                    continue
                per_sentence_monthly.append(Candidate(PaymentTarget(monthly=amount.value), sentence))
            elif kind == "down":
                if _rejected(sentence, amount) or not 0 <= amount.value <= 200_000:
                    continue
                if amount.value < 100 and not amount.scaled:
                    continue
                down.append(Candidate(DownPayment(amount=amount.value), sentence))
            elif kind == "payoff":
                # "owe roughly 11 on it": payoffs said in thousands.
                value = amount.value * 1000 if amount.value < 200 and not amount.dollar else amount.value
                if 100 <= value <= 200_000:
                    payoff.append(Candidate(value, sentence))
        if per_sentence_monthly:
            # "around 400, 450 tops": the last figure in a sentence is the customer's limit.
            monthly.append(per_sentence_monthly[-1])
    return monthly, down, payoff, mileage


# --- vehicles --------------------------------------------------------------------------------------------

_OWNED_CUES = (
    r"my (?:current |old |existing )?lease|our (?:current )?lease|current lease|lease (?:ends|is up|expires|return)|"
    r"off lease|lease turn-?in|turn-?in|trade-?in|my(?! (?:friend|neighbou?r|brother|sister|mom|dad|mother|father|son|daughter|cousin|co-?worker|boss|"
    r"buddy|uncle|aunt|coworker|roommate)'?s)|our|mine|i have|i've got|ive got|i got|i drive|i'm driving|im driving|currently (?:drive|have|in)|"
    r"current|trade(?:-?in)?|trading(?: in)?|trd|t/i|sell(?:ing)?|sold|owe on|payoff on|paid off|the old|old|"
    r"i own|we own|we have|came in with|in for|his|her|their|cust'?s?|customer'?s|i'm the|im the|i am the|"
    r"turn(?:ing)? in|return(?:ing)?|drives? an?|driving an?|owns an?|i'?m (?:currently )?leasing|"
    r"(?:i|we) (?:currently )?lease|currently leasing|(?:i'?m|we'?re) (?:currently )?in an?"
)
_INTEREST_CUES = (
    r"looking at|look at|looking for|interested in|interest in|want|wants|wanted|wanting|need|needs|shopping|"
    r"test ?drive|test-drove|test drove|drive the|checking out|check out|considering|consider|thinking about|"
    r"thinking|lease|leasing|buy|buying|purchase|purchasing|get|getting|get into|price on|pricing on|quote on|"
    r"numbers on|new|used|certified|cpo|available|in stock|compare|comparing|leaning|go with|going with|"
    r"decided on|decide on|bought|picked up|purchased|took delivery|delivered|signed for|sold (?:him|her|them)|"
    r"like the|liked the|love the|loved the|into a|upgrade to|upgrading to|switch to|instead|rather|prefer|"
    r"interested|go for|went with|set on|sold on|deposit on|appointment for|appt for|drive a|it'?d be|would be|"
    r"what about|how about|info on|inquiry|question|re:|chose|chosen|picked|settled on|"
    r"mejor|prefiero|preferimos|busco|buscamos|quiero|queremos|me interesa|nos interesa|me gusta|nos gusta|do you have|you have|"
    r"y'?all have|you guys have|have any|got any|stay in|stay with|stick with"
)
# Words that put a vehicle in the conversation without saying whether it is wanted or owned.
_MENTION_CUES = r"the one|about the|on the|for the|see the|saw the|see a|either|vs|versus|or|and|maybe|probably|w/|a|an|the"

_OWNED_AFTER = re.compile(
    r"^[^.?!]{0,30}?\b(?:with (?:about |around |like |~|over |almost )?\d|has (?:about |around |like |over )?\d|"
    r"that came in|came in|is getting old|getting old|is paid off|paid off|is old|is in the shop|in the shop|"
    r"broke|died|needs? (?:a |new )?(?:repair|work|transmission|engine|brakes|tires)|i owe|we owe|(?:\d[\d,]*k?) miles|"
    r"(?<![$\d/])\d{2,3}k\b(?!\s*(?:dn|down))|is my|i have now|i drive now|i'm driving|lease (?:ends|is up|expires)|ends|is up|goes back|"
    r"trade|trade-in|as a trade|as trade)"
)
_REJECT_VEHICLE = re.compile(
    r"(?:not interested in|don'?t want|do not want|no longer (?:want|interested)|not the|not a|not an|instead of|"
    r"rather than|than the|than a|over the|not another|no more|not looking at|ruled out|passed on|pass on|"
    r"too (?:small|big|expensive)|than|dropped|dropping|drop|pass(?:ed|ing)? on|no longer|moving on from|"
    r"forget|forget about|skip|over)\s+(?:the\s+|a\s+|an\s+|another\s+)?(?:(?:19|20)?\d{2}\s+)?$"
)
_REJECT_AFTER = re.compile(
    r"^[^.?!;]{0,30}?\btoo (?:small|big|expensive|pricey|cramped|tight)\b|^[^.?!;]{0,30}?\banymore\b|"
    r"^[^.?!;]{0,40}?\b(?:is|was|were|are|felt|seems?)\s+(?:just\s+|way\s+|a bit\s+|kind of\s+|kinda\s+)?too\s+"
    r"(?:small|big|expensive|pricey|cramped|tight|much)|^[^.?!;]{0,30}?\b(?:didn'?t|doesn'?t|won'?t) fit\b|"
    r"^[^.?!;]{0,30}?\bis out\b|^[^.?!;]{0,20}?\bis off the table"
)


def _cue_distance(cues: str, window: str) -> int:
    """How many characters back the nearest cue ends; a large number when there is none in this sentence."""
    best = 10_000
    for match in re.finditer(rf"\b(?:{cues})\b", window):
        best = len(window) - match.end()
    return best


def vehicle_role(sentence: Sentence, mention: VehicleMention) -> str | None:
    """'owned' (what they drive or trade), 'interest' (what they want), 'mention' (named, role unsaid)."""
    before = sentence.lower[max(0, mention.start - 60) : mention.start]
    after = sentence.lower[mention.end : mention.end + 50]
    if re.match(r"^[^.?!]{0,40}?\b(?:stk|stock|stock #|vin)\b", after):
        return "interest"  # a unit on the lot: "20 Mazda3 HB Preferred stk M4417P 38k"
    owned = _cue_distance(_OWNED_CUES, before)
    interest = _cue_distance(_INTEREST_CUES, before)
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


def vehicle_sightings(conversation: Conversation) -> list[VehicleSighting]:
    sightings = []
    for sentence in conversation.reported():
        mentions = find_vehicles(sentence.text, sentence.message.at.year)
        previous_role: str | None = None
        for index, mention in enumerate(mentions):
            role = vehicle_role(sentence, mention)
            between = sentence.lower[mentions[index - 1].end : mention.start] if index else ""
            if index and re.fullmatch(r"\W*(?:or|and|vs\.?|versus|/|,)?\W*(?:(?:a|an|the|maybe|possibly|even)\s+)*"
                                      r"(?:used\s+|new\s+)?", between):
                role = previous_role if previous_role else role
            sightings.append(VehicleSighting(mention, sentence, role))
            previous_role = role
    return sightings


_PREFERRED = re.compile(r"\b(?:mejor|prefiero|prefer|rather|really want|stay in|stay with|stick with|switch to|go with|decided on|"
                        r"chose|settled on|set on)\b[^.?!,]{0,25}$")


def interest_candidates(sightings: list[VehicleSighting]) -> list[Candidate]:
    """Vehicles the customer wants: said outright (strong), or merely named and not one they own (weak)."""
    owned_models = {(s.mention.make, s.mention.model) for s in sightings if s.role == "owned" and s.mention.model}
    candidates = []
    seen_in_sentence: set[tuple] = set()
    for sighting in sightings:
        mention, sentence = sighting.mention, sighting.sentence
        if sighting.role == "owned" or mention.make is None:
            continue
        new_model_year = mention.year is not None and mention.year >= sentence.message.at.year - 1
        if sighting.role != "interest" and not new_model_year and (mention.make, mention.model) in owned_models:
            continue  # "the Camry" again, after "my Camry": still the one they own
        before = sentence.lower[max(0, mention.start - 40) : mention.start]
        after = sentence.lower[mention.end : mention.end + 60]
        if _REJECT_VEHICLE.search(before) or _REJECT_AFTER.match(after) or negated(sentence.text, mention.start, 5):
            continue
        key = (sentence.message.id, sentence.index)
        preferred = bool(_PREFERRED.search(before))
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
    return candidates


# --- purchase type and financing -------------------------------------------------------------------------

_UNDECIDED = re.compile(
    r"\b(?:lease or (?:buy|finance|purchase)|(?:buy|finance|purchase|financing|buying) or leas(?:e|ing)|"
    r"leas(?:e|ing) (?:vs\.?|versus|or) (?:buy|financ|purchas)\w*|(?:buy|financ|purchas)\w* (?:vs\.?|versus) leas\w*|"
    r"not sure (?:if|whether) (?:to |i should |we should |i want to |we want to )?(?:lease|buy|finance))\b|"
    r"\b(?:weighing both|both options|open to (?:either|both)|(?:haven'?t|have not|not) decided|undecided|on the fence|"
    r"torn|50/50)\b(?=.*\b(?:leas|buy|financ|purchas))"
)
_LEASE = re.compile(
    r"\b(?:leas(?:e|ing) (?:a|an|the|it|one|new|instead|again|deal|option|special|price|payment|offer|terms|numbers|"
    r"program|quote|rate)|want(?:s|ed)? to lease|looking to lease|plan(?:ning)? to lease|going to lease|gonna lease|"
    r"leasing|prefer(?:s)? (?:to )?leas(?:e|ing)|lease (?:is|would be) (?:better|the way)|would lease|wants? (?:a )?lease|"
    r"lease it|do a lease|lease deal|lease quote|(?:another|a new|new) lease|re-?lease|lease again)\b"
)
_NOT_LEASE_CONTEXT = re.compile(r"\b(?:my|our|his|her|current|old|off|existing) (?:current )?leas|lease (?:ends|is up|expires|"
                                r"runs out|matures|maturity|ending|return|turn-?in|is over|will be up)")
_NO_MORE_LEASE = re.compile(r"\b(?:(?:not|never|don'?t want to|won'?t|no more|done with|stop|tired of|sick of|not doing "
                            r"another|against|instead of|rather than|not to) (?:leas(?:e|ing)|a lease|another lease)(?: again)?|"
                            r"no more leases|not (?:interested in|into) leasing|leas(?:e|ing) (?:is|are) not (?:good|for me|"
                            r"an option|right)|leas(?:e|ing) (?:doesn'?t|won'?t|does not|will not) work)\b")
_BUY = re.compile(
    r"\b(?:buy(?:ing)? (?:it|this time|instead|outright)|want(?:s)? to (?:buy|own|finance)|finance (?:it|instead)|"
    r"financ(?:e|ing) (?:it|the|a|through|with)|rather (?:buy|own|finance)|prefer(?:s)? to (?:buy|own|finance)|"
    r"looking to (?:buy|purchase|finance)|(?:buy|purchase|finance) (?:a|an|the) (?:new |used )?\w+|own it|"
    r"planning to (?:buy|finance)|going to (?:buy|finance)|gonna (?:buy|finance)|loan|buyer|purchase)\b"
)
_CASH = re.compile(r"\b(?:pay(?:s|ing)? (?:in |with |all )?cash|cash (?:buyer|deal|purchase|is king)|pay(?:s|ing)? (?:it )?in full|"
                   r"pay(?:ing)? for it outright|buy(?:ing)? (?:it )?outright|write (?:you |y'?all )?a check|"
                   r"paying outright|all cash|cashier'?s (?:check|ck|cheque)|check comes from|pay(?:ing)? by check|"
                   r"no financing|don'?t need financing|not financing)\b")
_PAST_CASH = re.compile(r"\b(?:paid|pay|bought) (?:cash )?(?:for )?(?:it|her|him)(?: cash)? (?:in )?(?:19|20)\d{2}\b|"
                        r"\bi pay cash for it\b|\bit is mine\b")
_OUTSIDE = re.compile(
    r"\b(?:credit union|cu|my bank|our bank|own bank|own financing|own lender|outside (?:financing|lender|loan)|"
    r"(?:through|with|from) (?:my|our) (?:bank|lender|cu)|navy federal|penfed|usaa|chase|capital one|wells fargo|"
    r"bank of america|lightstream|my lender|bank loan|loan from (?:my|our)|(?:got|have|has|with) (?:a |my )?"
    r"(?:pre-?approval|pre-?approved loan)|bringing (?:my|our) own|own loan)\b"
)
_CUSTOMER_FINANCING = re.compile(r"\bfinanc(?:e|ed|ing)\b(?!\s+(?:manager|department|dept|office|guy|person|team|"
                                 r"director|services|company))")
_COMPANY_FINANCE = re.compile(r"\b(?:motors?|motor credit|gm|toyota|honda|mazda|nissan|hyundai|kia|subaru|bmw|audi|"
                              r"vw|volkswagen|mercedes-benz|lexus|acura|ford|chrysler|stellantis)\s+financ", re.I)
_CAPTIVE = re.compile(r"\b(?:gm|toyota|honda|mazda|nissan|hyundai|kia|subaru|bmw|audi|vw|volkswagen|ford|lexus|acura|"
                      r"mercedes-benz|stellantis|chrysler)\s+(?:motors?\s+)?(?:financial|finance|credit)\b|\bkmf\b|\bhmf\b|"
                      r"\bgm financial\b|\btfs\b|\bahfc\b")
_LONG_TERM = re.compile(r"\b(?:48|60|66|72|75|84)\s*-?\s*(?:mo|mos|months?)\b|\bapr\b|\b\d+(?:\.\d+)?\s*%")
_OUTSIDE_REFUSED = re.compile(r"\b(?:declined|denied|said no|says? no|told me no|rejected|refused|turned (?:me |us )?down|done with|fed up with|rates are "
                              r"(?:garbage|terrible|bad|awful|too high)|than (?:my|our) (?:bank|credit union|cu)|"
                              r"instead of (?:my|our) (?:bank|credit union|cu)|won'?t approve|didn'?t approve)\b")
_DEALER_FIN = re.compile(
    r"\b(?:financ(?:e|ing) (?:through|thru|with|w/) (?:you|y'?all|the dealer(?:ship)?|your|the store|u|us)|your financing|"
    r"in-?house(?: fin\w*)?|(?:go|going) (?:through|thru) (?:you|y'?all)|you guys (?:have to |can |could )?do the loan|"
    r"your (?:rate|lender|bank)s?|"
    r"dealer financing|in-house financing|you guys (?:finance|do financing)|need (?:you to )?(?:help with )?financing|"
    r"whatever rate you|run (?:my|our) credit|apply (?:for financing )?(?:through|with) you|credit app(?:lication)?)\b"
)
_PREAPPROVED = re.compile(r"\b(?:pre-?\s?approv(?:ed|al)|preapprov(?:ed|al)|already approved|approved for (?:a|an|up to)|"
                          r"pa'?d|pre-?qual(?:ified)?)\b")
_PREAPPROVED_NOT = re.compile(r"\b(?:not|haven'?t|have not|didn'?t|no|never|without|hasn'?t|not yet|isn'?t)\b[^.?!]{0,25}"
                              r"(?:pre-?\s?approv|preapprov|approved|applied)")


_OTHER_PERSON = re.compile(r"\b(?:brother|sister|in-law|friend|buddy|neighbou?r|son|daughter|kid|cousin|coworker|"
                           r"someone|somebody|guy|dealer|carmax|carvana)\b[^.,;]{0,25}$")


_OPINION = re.compile(r"\b(?:husband|wife|spouse|partner|dad|mom|father|mother|brother|sister|friend|son|daughter|"
                      r"accountant|he|she|they)\s+(?:thinks|says|said|believes|feels|wants me to|told me)\b")


def purchase_candidates(conversation: Conversation) -> list[Candidate]:
    found = []
    for sentence in conversation.reported():
        text = sentence.lower
        if (m := _UNDECIDED.search(text)) and not hypothetical(text, m.start()):
            found.append(Candidate("undecided", sentence))
            continue
        if _OPINION.search(text):
            continue  # "my husband thinks leasing is throwing money away": his view, not the customer's plan
        if (m := _NO_MORE_LEASE.search(text)) and not hypothetical(text, m.start()):
            found.append(Candidate("buy", sentence))
            continue
        if re.search(r"\bleas", text) and re.search(r"\b(?:buy|financ|purchas|loan)", text) and re.search(
                r"\b(?:weigh\w*|vs\.?|versus|against|between|either|compar\w*|torn|not sure|undecided|or)\b", text):
            found.append(Candidate("undecided", sentence))
            continue
        lease = _LEASE.search(text)
        if lease and not _NOT_LEASE_CONTEXT.search(text[max(0, lease.start() - 25) : lease.end() + 25]) \
                and not negated(text, lease.start(), 3) and not hypothetical(text, lease.start()):
            found.append(Candidate("lease", sentence))
            continue
        if (m := _CASH.search(text)) and not re.search(r"repair|fix|the work|service", text) \
                and not _PAST_CASH.search(text) and not hypothetical(text, m.start()):
            found.append(Candidate("buy", sentence))
            continue
        financing = _CUSTOMER_FINANCING.search(text)
        if financing and not _COMPANY_FINANCE.search(text) and not negated(text, financing.start(), 3) \
                and not hypothetical(text, financing.start()) and "lease" not in text:
            found.append(Candidate("buy", sentence))
            continue
        buy = _BUY.search(text)
        if buy and _OTHER_PERSON.search(clause_before(text, buy.start())):
            buy = None  # "my brother-in-law wants to buy my F-150": someone else is buying
        if buy and not negated(text, buy.start(), 3) and not hypothetical(text, buy.start()):
            strong = re.search(r"buy(?:ing)? (?:it|this time|instead|outright)|rather (?:buy|own|finance)|"
                               r"prefer(?:s)? to (?:buy|own|finance)|want(?:s)? to (?:own|finance)|finance (?:it|instead)", text)
            found.append(Candidate("buy", sentence, 2 if strong else 1))
        elif _PREAPPROVED.search(text) or _OUTSIDE.search(text) or _LONG_TERM.search(text):
            # A loan, a lender or a 72-month term: buying, unless something says lease outright.
            found.append(Candidate("buy", sentence, 1))
    return found


def financing_candidates(conversation: Conversation) -> tuple[list[Candidate], list[Candidate]]:
    sources, approvals = [], []
    for sentence in conversation.reported():
        text = sentence.lower
        if (m := _CASH.search(text)) and not re.search(r"repair|fix|the work|service|cash down|down", text) \
                and not _PAST_CASH.search(text) and not hypothetical(text, m.start()) \
                and (not negated(text, m.start(), 3) or m.group(0).startswith(("no financ", "not financ", "don"))):
            sources.append(Candidate("cash", sentence))
        elif (m := _DEALER_FIN.search(text)) and not negated(text, m.start(), 3) and not hypothetical(text, m.start()):
            sources.append(Candidate("dealer", sentence))
        elif (m := _OUTSIDE.search(text)) and _OUTSIDE_REFUSED.search(text):
            sources.append(Candidate("dealer", sentence))  # their bank said no, or they are done with it
        elif (m := _OUTSIDE.search(text)) and not negated(text, m.start(), 3) and not hypothetical(text, m.start()):
            if m.group(0) != "cu" or sentence.is_note:
                sources.append(Candidate("outside", sentence))
        elif (m := _CAPTIVE.search(text)) and not re.search(r"\b(?:payoff|owes?|owed|trd|trade|lease (?:ends|is up|matures))\b",
                                                            text) and not negated(text, m.start(), 3):
            sources.append(Candidate("dealer", sentence))
        if _PREAPPROVED_NOT.search(text):
            approvals.append(Candidate(False, sentence))
        elif (m := _PREAPPROVED.search(text)) and not hypothetical(text, m.start()) and not re.search(
            r"\b(?:can|could|should|would) (?:i|we|you) (?:get )?pre", text
        ):
            approvals.append(Candidate(True, sentence))
            if not any(c.sentence is sentence for c in sources):
                sources.append(Candidate("outside", sentence, 1))
    return sources, approvals


# --- trade-in --------------------------------------------------------------------------------------------

_TRADE_YES = re.compile(
    r"\b(?:trad(?:e|ing|ed)[\s-]?in|trade-?ins?|trading (?:my|our|the|it|her|him)|trade (?:my|our|the|it|her|him|in)|"
    r"rather trade|want(?:s)? to trade|open to (?:a )?trade|as (?:a |my )?trade|to trade|trd|t/i|w/ trade|"
    r"appraise|appraisal|what(?:'|’)?s (?:it|my \w+) worth|what (?:it|my \w+) is worth|value (?:of )?my|"
    r"(?:has|have|got|with) (?:a )?trade|plus trade|trade)\b"
)
_TRADE_NO = re.compile(
    r"\b(?:no trade(?:-?in)?s?|not trading|won'?t be trading|wont be trading|don'?t have (?:a |any )?trade(?:-?in)?|"
    r"nothing to trade|no trade-in|without a trade(?:-?in)?|not (?:going to|gonna) trade|no,? (?:i'?m )?not trading|"
    r"sold (?:it|my|the|her|him|our)|(?:will not|won'?t|am not|i'?m not|not going to|not) (?:be )?trading|"
    r"w/o (?:a |the )?trade|given (?:him|her|them|it to \w+) the|gave (?:him|her|them) the|(?:already )?selling (?:it|my|the|her|him) (?:myself|privately|on my own|to)|"
    r"(?:keeping|keep|gonna keep|going to keep|hang(?:ing)? on to|hold(?:ing)? on to) (?:my|our|the|it|her|him)"
    r"(?!\s+(?:at|under|around|below|near|payment|pmt|budget|monthly|cost|price|simple|low|down)\b)|"
    r"goes back to|turn(?:ing)? (?:it|her|the \w+) (?:back )?in (?:at|when)|no vehicle to trade|no car to trade|"
    r"giving (?:it|my \w+) to (?:my )?(?:kid|son|daughter|wife|husband))\b"
)
_AFFIRM = re.compile(r"^\s*(?:yes|yeah|yep|yup|sure|definitely|absolutely|i do|we do|i will|we will|i have|we have|"
                     r"correct|probably|ya|yea|si)\b")
_DENY = re.compile(r"^\s*(?:no|nope|nah|not really|i don'?t|we don'?t|negative)\b")
_PAID_OFF = re.compile(r"\b(?:paid off|paid for|own (?:it|her|him) outright|owned outright|free and clear|no payoff|"
                       r"no loan on (?:it|her)|title in hand|have the title|it'?s paid|no lien|don'?t owe anything|"
                       r"owe nothing|nothing owed)\b")
_YEAR_ALONE = re.compile(r"\b(?:it'?s|it is|she'?s|he'?s|mine'?s|mine is|ours is|that'?s|it was) an? ((?:19|20)\d{2})\b")


_UNKNOWN_AFTER = re.compile(r"^\W*(?:\w+\W+){0,2}?(?:not (?:yet )?(?:discussed|mentioned|asked|known|sure)|unknown|tbd|n/?a\b|\?)")


def trade_candidates(conversation: Conversation) -> list[Candidate]:
    found = []
    for sentence in conversation.reported():
        text = sentence.lower
        no = _TRADE_NO.search(text)
        if no and not hypothetical(text, no.start()):
            found.append(Candidate(False, sentence))
            continue
        yes = _TRADE_YES.search(text)
        if yes and _UNKNOWN_AFTER.match(text[yes.end():]):
            continue  # "Trade not discussed": nothing either way
        if yes and not hypothetical(text, yes.start()) and not negated(text, yes.start(), 3) \
                and not re.search(r"\btrade (?:show|school|war)", text):
            found.append(Candidate(True, sentence))
            continue
        prompt = conversation.prompt_for(sentence)
        if sentence.index == 0 and re.search(r"\btrad(?:e|ing)\b", prompt):
            if _AFFIRM.match(text):
                found.append(Candidate(True, sentence))
            elif _DENY.match(text):
                found.append(Candidate(False, sentence))
    return found


# --- spouse or co-buyer ----------------------------------------------------------------------------------

_PARTNER = (r"wife|husband|husb|hubs|hubby|spouse|partner|fianc[eé]e?|girlfriend|boyfriend|co-?sign\w*|co-?buyers?|co-?applicant|"
            r"the missus|better half|significant other|mrs\.?|esposa|esposo|mi marido")
_RELATIVE = r"mom|dad|mother|father|brother|sister|son|daughter|uncle|aunt|grandma|grandpa|parents?"
_PARTNER_WORD = re.compile(rf"\b(?:my|our|his|her|cust'?s?|w/|and|with|plus)?\s*(?:{_PARTNER})\b", re.I)
_DECISION = re.compile(r"\b(?:we|we'?re|we'?d|we'?ll|our|us|co-?buyers?|figure|decid\w*|see|sign|approve|approval|agree|decide|decision|come|look|drive|test|co-?sign|loan|"
                       r"talk|check|run it by|ok|okay|like|likes|want|wants|weigh|opinion|say|final|together|both|"
                       r"with me|bring|has to|needs? to|must|on the|app|application|vote|input|buying|sold|"
                       r"involved|decid)\w*", re.I)
_ALONE = re.compile(
    r"\b(?:just me|only me|i'?m the only one|it'?s just me|i decide|i'?m deciding|my (?:own )?decisions?|my call|"
    r"decides? (?:himself|herself|for (?:himself|herself))|makes? (?:his|her) own decisions?|"
    r"no co-?signer|no co-?buyer|(?:nobody|no one|no-one) else (?:on|is|will be|involved|deciding|needs|has to)|"
    r"i'?m single|(?:buying|deciding|doing this|signing) (?:by|for) myself|on my own|solo|single buyer|sole buyer|"
    r"only one on the (?:loan|title|app)|decides? alone|deciding alone|(?:buying|signing) alone|only one deciding)\b"
)
_TOGETHER = re.compile(
    r"\b(?:(?P<a>[a-z]+) and (?:i|me)(?!['’])|me and (?P<b>[a-z]+))\b[^.?!]{0,40}\b(?:agree|decid\w*|split\w*|went over|talk\w*|"
    r"both|together|sign|see|look|drive|come|coming|think|like)",
    re.I,
)
_NAME_STOP = {"and", "has", "have", "is", "was", "wants", "needs", "will", "would", "must", "and", "to", "the", "i",
              "we", "my", "she", "he", "says", "said", "thinks", "likes", "loves", "hates", "can", "does", "did",
              "also", "really", "already", "still", "just", "if", "but", "so", "or", "who", "that", "this", "when",
              "gets", "works", "drives", "might", "may", "should", "could", "isn't", "doesn't", "wasn't", "cust",
              "customer", "saturday", "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "wants",
              "too", "as", "at", "on", "in", "for", "with", "are", "be", "been", "mom", "dad", "ok", "okay", "not"}


def _partner_name(text: str, match: re.Match) -> str | None:
    if re.match(r"co-?sign", match.group(0).strip(), re.I):
        relative = re.search(rf"\b(?i:{_RELATIVE})\s*\(?([A-Z][a-z]+)\b|\b([A-Z][a-z]+),?\s+(?i:my\s+)?(?i:{_RELATIVE})\b", text)
        if relative:
            name = relative.group(1) or relative.group(2)
            if name[0].isupper() and name.casefold() not in _NAME_STOP:
                return name
    after = text[match.end() : match.end() + 30]
    m = re.match(r"\s*[,(]?\s*(?:is\s+|named\s+|'s name is\s+)?([A-ZÀ-Ý][a-zà-ÿ]+)\b", after)
    if m and m.group(1).casefold() not in _NAME_STOP:
        return m.group(1)
    before = text[max(0, match.start() - 30) : match.start()]
    m = re.search(r"\b([A-Z][a-z]+)(?:\s+[A-Z][a-z'-]+)?\s*[,(]?\s*(?:my|our|his|her|the)?\s*$", before)
    if m and m.group(1).casefold() not in _NAME_STOP and re.search(r"\b(?:my|our|his|her)\s*$", before) is None:
        return m.group(1)
    return None


def spouse_candidates(conversation: Conversation) -> list[Candidate]:
    found = []
    for sentence in conversation.reported():
        text = sentence.text
        if (m := _ALONE.search(sentence.lower)) and not hypothetical(sentence.lower, m.end()):
            if not re.search(r"\bjust me and\b|\bonly me and\b", sentence.lower):
                found.append(Candidate(Spouse(involved=False), sentence))
                continue
        for match in _PARTNER_WORD.finditer(text):
            word = match.group(0).strip().casefold()
            if not re.search(_PARTNER, word, re.I):
                continue
            if hypothetical(text, match.start()):
                continue
            if not sentence.is_note and not _DECISION.search(text):
                continue  # "wife keeps her car": mentioned, not part of this decision
            if negated(text, match.start(), 3) and re.search(r"co-?sign|co-?buyer|co-?applicant", word):
                found.append(Candidate(Spouse(involved=False), sentence))
                break
            clause = text[match.end() : match.end() + 45].casefold()
            if re.match(r"[^.?!,]{0,20}\b(?:doesn'?t|does not|won'?t|isn'?t|is not|has no|has nothing) (?:need to |have to |care|"
                        r"get a say|involved|on the loan|part of|to do with|say)|[^.?!,]{0,12}\b(?:not involved|not on the (?:loan|app)|"
                        r"staying out|stays out|out of it|no say|not part of)", clause) and not re.search(r"but|though", clause):
                found.append(Candidate(Spouse(involved=False), sentence))
                break
            found.append(Candidate(Spouse(involved=True, name=_partner_name(text, match)), sentence))
            break
        else:
            together = _TOGETHER.search(text) or _NAMED_DECIDER.search(text)
            name = together and (together["a"] or together["b"])
            if name and name.casefold() not in _NAME_STOP | _PRONOUNS | conversation.customer_names \
                    and not re.fullmatch(_RELATIVE, name, re.I) \
                    and (name[0].isupper() or name.casefold() in conversation.capitalised_words):
                found.append(Candidate(Spouse(involved=True, name=name.capitalize()), sentence))
    return found


_NAMED_DECIDER = re.compile(r"\b(?P<a>[A-Z][a-z]+)(?P<b>)\s+(?:has to|needs to|wants to|will want to|must|gets to)\s+"
                            r"(?:see|sign|approve|drive|look|come|check|test|okay|ok)\b")
_PRONOUNS = {"he", "she", "they", "you", "it", "we", "us", "them", "him", "her", "everyone", "everybody", "both",
             "friend", "friends", "kids", "family"}


# --- deadline --------------------------------------------------------------------------------------------

_DEADLINE_CUE = re.compile(
    r"\b(?:need|needs|needed|have to have|got to have|gotta have|must have|has to be|have it|get it|"
    r"want(?:s|ed)? (?:it|to (?:have|get|be|drive|pick))|deadline|no later than|latest|"
    r"(?:lease|loan|registration|insurance) (?:is up|ends|expires|runs out|maturity|matures|ending|turn-?in|due)|"
    r"(?:ends|expires|is up|matures|due back|turn (?:it|her) in|goes back)|driving to|road trip|trip|leaving|"
    r"leave for|moving|move|start(?:ing)? (?:a|my|the) (?:new )?job|baby|due|in (?:a|my) new|before then|"
    r"by then|delivered|delivery|pick (?:it )?up|ready|hoping to|wrap (?:this|it) up|done)\b"
)
_BY_BEFORE = re.compile(r"\b(?:by|before|no later than|until|til|till|on or before|ends?|expires?|is up|up on|due)\s+"
                        r"(?:on\s+|the\s+)?$")
_APPOINTMENT = re.compile(
    r"\b(?:come in|come by|stop (?:in|by)|swing by|appointment|appt|test ?drive|visit|available|off work|call me|"
    r"free|meet|see (?:it|them|you)|look at|check out|talk|numbers|quote|send|email me|text me|open|hours)\b"
)


_NO_RUSH = re.compile(r"\b(?:no rush|no hurry|not in (?:a|any) (?:rush|hurry)|(?:timing|timeline) is flexible|"
                      r"no deadline|no time ?frame|whenever|not urgent)\b")


def deadline_candidates(conversation: Conversation) -> list[Candidate]:
    """Dates they need the vehicle by; a later "no rush" withdraws them (a candidate whose value is None)."""
    found = []
    for sentence in conversation.reported():
        text = sentence.lower
        if _NO_RUSH.search(text) and not find_dates(sentence.text, sentence.message.at.date()):
            found.append(Candidate(None, sentence))
            continue
        if not _DEADLINE_CUE.search(text) and "by" not in text and "before" not in text:
            continue
        mentions = find_dates(sentence.text, sentence.message.at.date())
        bounded_first = sorted(mentions, key=lambda d: not _BY_BEFORE.search(text[max(0, d.start - 30) : d.start]))
        for mention in bounded_first:
            if mention.value < sentence.message.at.date():
                continue
            before = text[max(0, mention.start - 30) : mention.start]
            bounded = bool(_BY_BEFORE.search(before))
            cue = _DEADLINE_CUE.search(text)
            if not (cue or bounded):
                continue
            if _APPOINTMENT.search(text) and not (bounded and cue) and not re.search(
                r"lease|need|have to|must|deadline", text
            ):
                continue
            if hypothetical(text, mention.start):
                continue
            found.append(Candidate(Deadline(date=mention.value.isoformat()), sentence, 2 if bounded or cue else 1))
            break
    return found


# --- preferred contact -----------------------------------------------------------------------------------

_CHANNEL_WORDS = {
    "text": r"texts?|texting|txt|sms|message me|text message",
    "call": r"call(?:s|ing)?|phone(?: call)?|ring me|cell",
    "email": r"e-?mails?|e-?mailing",
}
_PREFERENCE = re.compile(r"\b(?:best|prefer(?:red|s)?|pref|only|just|easiest|easier|better|rather|reach me|contact me|"
                         r"get (?:a hold of|ahold of|in touch with) me|way to|works? (?:best|better)|go-?to|fine|instead|"
                         r"from (?:here|now) on|going forward|quicker|faster|next time)\b")
_NEGATED_CHANNEL = (r"(?:don'?t|do not|can'?t|cannot|won'?t|no|not|never|hate|avoid|rather not|instead of|rather than|"
                    r"not great at|bad at)\s+(?:\w+\s+){0,3}?")


def contact_candidates(conversation: Conversation) -> list[Candidate]:
    found = []
    for sentence in conversation.reported():
        text = sentence.lower
        prompt = conversation.prompt_for(sentence)
        asked = re.search(r"best (?:way|number|time)|how (?:should|do you want|would you like) (?:we|me|us) (?:to )?"
                          r"(?:reach|contact)|prefer (?:a )?(?:call|text|email)|call or text|text or call", prompt)
        preferred: list[tuple[int, str]] = []
        for channel, words in _CHANNEL_WORDS.items():
            for match in re.finditer(rf"\b(?:{words})\b", text):
                if re.search(_NEGATED_CHANNEL + r"$", text[max(0, match.start() - 30) : match.start()]):
                    continue
                if channel == "call" and re.search(r"\b(?:i'?ll|i will|will|we'?ll|let me|gonna) call\b|"
                                                   r"(?:on|from|during) (?:the|a|our|this) (?:phone|call)|phone number|"
                                                   r"call (?:you|back|in|them|y'?all)\b|called|calling (?:you|back|in)",
                                                   text[max(0, match.start() - 12) : match.end() + 8]):
                    continue
                if channel == "text" and re.search(r"(?:i'?ll|i will|will|let me) text", text):
                    continue
                if channel == "email" and re.search(r"my e-?mail (?:address )?is|e-?mail (?:address|:)|@", text):
                    continue
                preferred.append((match.start(), channel))
        if not preferred:
            continue
        position, channel = min(preferred)
        refused_other = re.search(_NEGATED_CHANNEL + r"(?:call|text|e-?mail)", text) or re.search(
            r"\b(?:calls?|texts?|e-?mails?|phone)\b[^.,;]{0,15}\b(?:are|is)\s+(?:pointless|useless|no good|a waste|hopeless)",
            text)
        if _PREFERENCE.search(text) or refused_other or (sentence.is_note and re.search(r"\b(?:only|pref\w*)\b", text)):
            found.append(Candidate(channel, sentence))
        elif sentence.is_note:
            continue  # "Sent intro text", "Called x1": what staff did, not what the customer wants
        elif asked or re.match(rf"^\W*(?:please\s+|just\s+|ok\s+)?(?:{_CHANNEL_WORDS[channel]})\s+(?:me|is|works|only)\b", text) \
                or re.search(r"\b(?:shoot|send|drop|give|flick) me an? (?:text|call|e-?mail|line)\b", text):
            found.append(Candidate(channel, sentence, 2 if asked else 1))
    return found


# --- concerns and promises -------------------------------------------------------------------------------

_CONCERN = re.compile(
    r"\b(?:worried|worry|concern(?:ed)?|afraid|nervous|scared|don'?t want|too (?:much|high|expensive|small|big)|"
    r"important|must have|must-have|need(?:s)? (?:a|to have|room|space|good|better)|priority|really want|safety|"
    r"safe|reliab\w*|gas mileage|mpg|fuel|third row|3rd row|tow(?:ing)?|warranty|credit|hidden fees|fees|"
    r"rate|interest|insurance|maintenance|car ?seats?|room for|commute|hate|deal ?breaker)\b"
)
_PROMISE = re.compile(
    r"\b(?:i'?ll|i will|we'?ll|we will|i'?m going to|we'?re going to|will (?:send|text|email|call|get|have|hold|"
    r"run|check|follow)|promised|promise|let me (?:get|send|check|find|see|run)|i can (?:send|set up|get|have)|"
    r"follow(?:ing)? up|f/u|going to send|gonna send|to send|to text|to call|to email)\b"
)
