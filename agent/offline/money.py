"""Figures: monthly payment targets, down payments, payoffs and mileage, told apart by the words around them."""

from __future__ import annotations

import re

from ...retrieval.models import Role
from ..models import (
    DownPayment,
    PaymentTarget,
)
from .conversation import Candidate, Conversation, _window_after, _window_before
from .cues import cue
from .numbers import Amount, find_amounts
from .text import Sentence, clause_before, hypothetical, negated
from .vocab import find_vehicles

# --- money -----------------------------------------------------------------------------------------------

_MONTHLY_AFTER = re.compile(r"^\s*(?:dollars|bucks)?\s*(?:/\s*mo\b|/\s*month|a\s+mo(?:nth)?\b|per\s+mo(?:nth)?\b|"
                            r"each\s+month|every\s+month|monthly|mo\b|/mth|a\s+mth|pmt|payment|pymt)")
_MONTHLY_BEFORE = re.compile(r"\b(?:payments?|pmts?|pymts?|monthly|per month|a month|note|new number|number is|"
                             r"ceiling|get me (?:down )?to|get (?:it|that|me) (?:down )?(?:to|under|below))\b[^.?!$\d]{0,28}$")
_CEILING_AFTER = re.compile(r"^\s*(?:a month |/mo )?(?:now |then )?(?:is|was|as|would be|'?s)\s+(?:the|my|our|a)\s+(?:\w+\s+)?"
                            r"(?:ceiling|max|maximum|limit|cap|top|number|target|budget)\b")
_LIMIT_AFTER = re.compile(r"^\s*(?:max|maximum|tops|top|ceiling|limit|cap|or less|or under|at most|is my max)\b")
_TERM_AFTER = re.compile(r"^\s*(?:-\s*)?(?:mo\b|mos\b|months?\b|mths?\b)(?!\s*(?:payment|pmt))")
_TERMS = {24, 36, 39, 42, 48, 60, 66, 72, 75, 84, 96}
_DOWN_AFTER = re.compile(r"^(?:(?![$\d])[^.?!]){0,25}?\bput (?:it )?(?:toward|towards|down|in)\b|"
                         r"^\s*(?:de )?(?:entrada|inicial|pago inicial)\b|^\s*(?:dollars|bucks|cash)?\s*(?:down\b|dn\b|d/p\b|dp\b|as (?:a |my )?down|for (?:the |a )?down|"
                         r"cash down|cash dwn|dwn\b|up front|upfront|de enganche|enganche|to the table\b)")
_DOWN_BEFORE = re.compile(r"\b(?:(?:down payment|down pmt|down|dn)(?:\s+(?:is|was))?\s+(?:lowered|raised|dropped|bumped|bumping|"
                          r"lowering|raising|dropping|going|changed|changing|up|moved)\s+(?:up\s+|down\s+)?to|"
                          r"(?:lower|lowering|raise|raising|drop|dropping|bump|bumping|change|changing|up|upping)\s+(?:my|our|the)\s+"
                          r"(?:down payment|down pmt|down)\s+(?:up\s+|down\s+)?to|"
                          r"down payment(?: of| is| will be| would be)?|down pmt|put(?:ting)? down|cash down|down:|dn:|"
                          r"enganche(?: de)?)\s*(?:of\s+|is\s+|about\s+|around\s+|like\s+|~)?\$?\s*$")
_MILEAGE_LABEL_BEFORE = re.compile(r"(?:^|[.;,(]\s*|\b)(?:miles|mileage|odo(?:meter)?)\s*(?:[:=]\s*|now\s+|at\s+|is\s+)?~?$", re.I)
# "$1k down: ~$339": what a down payment just named comes to, not another down payment.
_RESULT_OF_DOWN = re.compile(r"\d[\d,.]*\s*k?\s+(?:down|dn)\s*[:=]\s*~?\$?\s*$")
_PAYOFF_BEFORE = re.compile(r"\b(?:owe|owes|owed|owing|payoff|pay off|pay-off|left on|balance|loan)\b"
                            r"[^.?!$\d]{0,30}$")
_PAYOFF_AFTER = re.compile(r"^\s*(?:dollars|bucks)?\s*(?:and (?:change|something|some)\s+)?(?:left|owed|payoff|to pay off|on (?:it|the loan|my loan)|"
                           r"(?:still )?(?:on|against) (?:the|my|it))")
_MILEAGE_AFTER = re.compile(r"^\s*(?:k\b)?\s*(?:miles|mi\b|on it|on the (?:clock|odometer)|on her|on him|mileage)"
                            r"(?!\s*(?:over|a year|per year|/yr|a day|a week|each way))")
_OTHER_BEFORE = re.compile(r"\b(?:price|otd|out the door|msrp|sticker|total|budget|repair|estimate|quote[ds]?|fix|"
                           r"income|salary|rebate|worth|value|acv|offer(?:ed)?|apr|rate|cost|bill|deposit|"
                           r"ro|ro#|ro #|#|zip|insurance|stk|stock|appraised|appraisal|@|est|book|kbb|trade value|"
                           r"allowance|tax|fees?)\W*(?:\w+\W+){0,2}$")
_OTHER_AFTER = re.compile(r"^\s*(?:dollars\s+)?(?:total|altogether|all together|for everything|all in|all-in|otd|out the door|"
                          r"out-the-door|plus tax|with tax|flat|cash\b|for (?:the|a) (?:job|repair|tires|set|work|whole thing|"
                          r"car|truck|van|suv|jeep)|for it\b)")
# Words that bound a payment only in a conversation already about payments ("like 400", "around 450").
_LOOSE_BOUND = re.compile(r"\W*(?:like|about|around|do|go(?!\s+to\b)|~|near|somewhere around|be at)(?:\W|$)")
_BOUND_CUE = re.compile(
    r"\b(?:under|below|less than|up to|go to|stay (?:under|below|around|at|near)|keep it (?:under|around|at|below|near)|"
    r"no more than|not more than|not over|max(?:imum)?|at most|tops?|ceiling|target|limit|cap|around|about|"
    r"hoping for|aiming for|shooting for|comfortable (?:with|at)|be at|land (?:at|around|near)|somewhere around|"
    r"do|afford|manage|handle|live with|stretch to|go|like|~|near|closer to|close to|want|wants|still want)\W*(?:\w+\W+){0,1}\$?\s*$"
)
_THIRD_PARTY = re.compile(
    r"\b(?:husband|wife|spouse|partner|dad|mom|father|mother|accountant|cpa|brother|sister|son|daughter|friend|boss|"
    r"bank|lender)\b(?:\s+[A-Z][a-z]+)?\s+(?:says|said|wants|thinks|suggested|told|would like|prefers|is at)\b[^.;]{0,15}$"
    r"|\b(?:bank|lender|credit union|cu)\s+(?:says|said|told me|quoted)\b[^.;]{0,30}$"
    r"|\b(?P<name>[A-Z][a-z]+)\s+(?:says|said|thinks|suggested|told me)\b[^.;]{0,15}$"
    r"|\b(?-i:(?P<wanter>[A-Z][a-z]+))\s+wants\b[^.;]{0,15}$"
    r"|\b(?:he|she|they)\s+(?:says|said|tells me|told me|thinks|quoted|wants|needs|has|is hoping|is looking|pays|paid|"
    r"is paying|are paying|pay)\b[^.;]{0,45}$"
    # "my friend has an ioniq 6 and gets like 190", "my coworker pays 310": a figure of someone else's car
    r"|\b(?:friend|buddy|brother|sister|neighbou?r|co-?worker|cousin|boss|roommate|uncle|aunt)(?:[- ]in[- ]law)?\b"
    r"(?:\s+[A-Z][a-z]+)?\s+(?:\w+\s+){0,2}?(?:has|had|gets|got|pays|paid|is paying|leased|bought|drives|owns)\b[^.;]{0,60}$",
    re.I,
)
_NOTE_ATTRIBUTION = re.compile(r"\b(?:cust(?:omer)?|wants?|max|cap|ceiling|target|budget|needs?|hoping|looking for|"
                               r"said|says|limit|no more than|tops|under|stay|keep|comfortable|can do|number)\b|[<≤]")
_PAYMENT_CONTEXT = re.compile(r"\b(?:payments?|pmts?|monthly|a month|per month|/mo|month to month)\b")
_STAFF_FIGURE = re.compile(r"\b(?:emailing|sending|options|proposal|asked|asking|quoted|offered|showed|show(?:ed)? (?:him|her|them)|came back|desk|pencil(?:ed)?|"
                           r"we (?:can|could)|special|specials|running|advertised|(?:his|her|their) (?:current )?payment|"
                           r"ran (?:#s|numbers|nums|it)|floated|structured|worked (?:it|numbers)|assumed|"
                           r"(?:i|we) (?:showed|quoted|offered|sent)|sent|emailed|texted|suggested|recommended|proposed|pitched|financed|contracted|"
                           r"sold|delivered|signed at|deal (?:at|is)|push(?:ing)?(?: for)?|aim(?:ing)? for|try for|ask(?: him| her| them)? for|"
                           r"reran|re-ran|program|"
                           # a lender's condition: "approved solo at 14.9% w/ $1k down stip", "requires $1,500 down"
                           r"approved|approval|requires|required|stips?)\b")
_CURRENT_PAYMENT = re.compile(r"\b(?:currently|right now|now|current(?:ly)?|today)\b[^.?!]{0,25}$|"
                              r"\b(?:i|we)(?:'m| am|'re| are)? pay(?:ing)?\b[^.?!$\d]{0,12}$|\bmy (?:current )?payment is\b[^.?!$\d]{0,6}$")
_CURRENT_AFTER = re.compile(r"^\s*(?:a month |/mo )?(?:(?:now|right now|currently)(?!\s+(?:is|are|'s)\b)|on (?:my|our|the) "
                            r"(?:current|old|\w+))")
_REJECTED_AFTER = re.compile(r"^[^.?!]{0,30}?\byou (?:used|quoted|mentioned|said|proposed|showed|had|put|ran)\b|"
                             r"^[^.?!]{0,15}?\bto (?:hit|get (?:to|you|him|her))\b|^[^.?!]{0,12}?\b(?:is|'s|was|seems|sounds) (?:way |too |a (?:bit|little|lot) )?over\b|"
                             r"^[^.?!]{0,20}?\b(?:is|was|seems|sounds)? ?(?:too (?:much|high|steep|rich)|way too|anymore|"
                             r"any ?more|"
                             r"a (?:lot|stretch)|no way|won'?t work|doesn'?t work|not going to work|"
                             r"(?:doesn'?t|does not|don'?t) mean (?:anything|a thing|much)|means nothing|(?:is|was) irrelevant|"
                             r"you (?:put|added|wrote|made up) (?:that|it)|i (?:never|didn'?t|did not) (?:say|said|agree)|not what i said|"
                             r"out of (?:my|our) "
                             r"(?:budget|range)|not doable|is crazy|is nuts)")
_REJECTED_BEFORE = re.compile(r"(?:not committing to|not agreeing to|not|cannot go|can'?t go|can'?t pay|won'?t go|don'?t have|do not have|was|up from|down from|previously|used to be|can'?t do|cannot do|won'?t do|wont do|no way|instead of|rather than|over|"
                              r"never|not paying|can'?t afford|cannot afford|not doing)\s*(?:\$|the\s|that\s)?\s*$")
_BOUND_BEFORE = re.compile(r"(?:over|more than|above|past|exceed|beyond)\s*\$?\s*$")
_ZERO_DOWN = re.compile(
    r"\b(?:(?:nothing|zero|\$?0|no money|no cash|none) down|(?:not|won'?t be|wont be|not going to be|can'?t|"
    r"cannot|don'?t want to) (?:putting|put) (?:anything|any money|any cash|nothing|money|cash) down|"
    r"no down payment|without (?:a|any) down ?payment|(?:not|won'?t be) (?:putting )?(?:anything|nothing) down)",
    re.I,
)


# Words a note opens with that stand for the customer, not for someone else: "Cust wants <500".
_NOT_SOMEONE_ELSE = {"cust", "customer", "client", "buyer", "guest", "lead", "prospect", "she", "he", "they", "mr", "mrs",
                     "ms", "still", "now", "also", "really", "def", "definitely", "only", "just", "payment", "pmt", "budget",
                     "price", "number", "target", "deal", "it", "that", "this", "everyone", "bank", "lender", "desk",
                     "finance", "sales", "manager", "mgr"}


def _is_year(amount: Amount, text: str) -> bool:
    raw = text[amount.start : amount.end]
    return not amount.dollar and not amount.scaled and re.fullmatch(r"(?:19[89]\d|20[0-3]\d)", raw) is not None


_SOMEONE_ELSE = re.compile(r"\b(?:buddy|friend|neighbou?r|co-?worker|brother|sister|cousin|boss|roommate)\b")


def money_kind(sentence: Sentence, amount: Amount, question: str = "", recent: str = "",
               previous: str | None = None) -> str | None:
    """What a figure in a sentence is: monthly, down, payoff, mileage; None when it is something else."""
    text = sentence.text
    before = _window_before(text, amount.start)
    after = _window_after(text, amount.end)
    if _is_year(amount, text) and not _MONTHLY_AFTER.match(after):
        return None
    if re.match(r"^\s*(?:a month\s+|/mo\s+)?(?:good|bad|fair|normal|reasonable|decent|high|too high|low|a good deal|ok|okay)\s*\?",
                after) and re.search(r"\b(?:is|are|was|would be|'s)\s+(?:like\s+|about\s+)?\$?$", before):
        return None  # "is 299 good?": asking what a figure is worth, not setting one
    if re.match(r"^\s*(?:dollars\s+)?(?:a|per|/|each|every)\s*(?:year|yr|annum)\b|^\s*(?:annually|yearly)\b", after):
        return None  # "they want $2,100 a year": a yearly bill, never a monthly target
    time_of_day = cue("figures.json", "time_of_day")
    if not amount.dollar and not _MONTHLY_AFTER.match(after) and (
            time_of_day.search(text[max(0, amount.start - 60) : amount.start])
            or time_of_day.search(text[amount.end : amount.end + 30])):
        return None  # "I'll be there around five thirty": a time
    if not amount.dollar and 300 <= amount.value <= 850 and not _MONTHLY_AFTER.match(after) and \
            cue("figures.json", "credit_score").search(text[max(0, amount.start - 60) : amount.start]):
        return None  # "what rate would I get with like a 740?": a credit score
    if after.startswith("%") or after.lstrip().startswith("percent") or re.match(r"^\.\d", after):
        return None
    if amount.value >= 500 and cue("figures.json", "all_of_it_down").search(text[amount.end :]):
        return "down"  # "insurance is paying out like 14k and i want to put all of that down"
    if amount.value in _TERMS and not amount.dollar and _TERM_AFTER.match(after):
        return None  # a loan term: "72mo", "75 months"
    if re.search(r"\b(?:pay|paying|pays|payment|pmt)\s+(?:is\s+)?(?:like\s+|about\s+|around\s+|roughly\s+)?\$?$", before) \
            and (_PAYOFF_BEFORE.search(before) or _PAYOFF_AFTER.match(after)):
        return None  # "we pay 780 on the yukon", "~11k owed, pays 510 now": the monthly on the car they have
    if _PAYOFF_BEFORE.search(before):
        return "payoff"
    if not amount.dollar and (_MILEAGE_AFTER.match(after) or _MILEAGE_LABEL_BEFORE.search(before)):
        return "mileage"  # "142k miles", and a note's "Miles 142k", "odo: 88,400"
    if _PAYOFF_AFTER.match(after):
        return "payoff"
    other = _OTHER_BEFORE.search(before)
    if not amount.dollar and (not other or other.group(0).startswith("apprais")) and _vehicle_k(sentence, amount, after):
        return "mileage"  # "Appraised 13 Silverado, 160k": the appraisal's odometer reading
    if not amount.dollar and amount.value >= 10_000 and re.search(
            r"\b(?:it|she|he|mine|the \w+)\s+(?:has|'s got|has got|got|is at|sits at)\s+(?:like\s+|about\s+|around\s+|over\s+|almost\s+)?$",
            before):
        return "mileage"  # "it has like 200k and some rust"
    if not amount.dollar and re.search(r"\bmiles\b|\bmileage\b|odometer", question) and amount.value >= 1000 \
            and not (_DOWN_AFTER.match(after) or _MONTHLY_AFTER.match(after) or _DOWN_BEFORE.search(before)):
        return "mileage"  # "How many miles?" "Hundred thirty-one thousand." (but "5k down" is still a down payment)
    if _MONTHLY_AFTER.match(after) or ((_CEILING_AFTER.match(after) or _LIMIT_AFTER.match(after))
                                       and 100 <= amount.value <= 2500 and not amount.scaled):
        return "monthly"
    if _DOWN_AFTER.match(after) or (_DOWN_BEFORE.search(before) and not _RESULT_OF_DOWN.search(before)):
        return "down"
    if _MONTHLY_BEFORE.search(before):
        return "monthly"
    if _OTHER_AFTER.match(after):
        return None  # "like 1165 total?", "13,900 out the door": a whole price
    if _OTHER_BEFORE.search(before) or amount.value < 100:
        return None
    plausible_monthly = 100 <= amount.value <= 2500 and not (amount.scaled and amount.value >= 1000)
    # A bare figure answering a direct question: "Do you have a down payment saved?" "i got 1500".
    if re.search(r"\b(?:how much|what|any|anything|planning|thinking|putting|put)\b[^?]*\b(?:down|dn)\b[^?]*\?", question) \
            and amount.value >= 300:
        return "down"
    if _PAYMENT_CONTEXT.search(question) and plausible_monthly:
        return "monthly"
    if question and not _PAYMENT_CONTEXT.search(question) and re.search(r"\bstill (?:about|around|at|sitting at)\b|"
                                                                       r"\bhow many\b", question) \
            and find_vehicles(question) and not amount.dollar:
        return None  # "And the Expedition, still about 140?" "Yep, right around 140.": its miles, not a payment
    # A bare figure in a conversation about payments: "Nine forty." after "you'd be at $940 a month".
    context = f"{sentence.lower} {recent}"
    if previous == "down" and amount.value >= 300 and re.search(r"\b(?:do|make it|how about|instead|but|only)\b", before) \
            and not re.search(r"\b(?:under|below|less|max|payment|pmt|month|mo)\b", before):
        return "down"  # "We don't have $3,000 to put down, we can do $1,000."
    if plausible_monthly and (bound := _BOUND_CUE.search(before)):
        if not _LOOSE_BOUND.match(bound.group(0)) or _PAYMENT_CONTEXT.search(context):
            return "monthly"
        return None  # "like maybe 1500-2000?" about a tax refund: "like" and "around" alone bound nothing
    if plausible_monthly and _PAYMENT_CONTEXT.search(context):
        return "monthly?"  # only a payment conversation says so: used when nothing in the sentence says more
    if re.search(r"\b(?:payoff|pay ?off|owe|balance)\b[^.!]*\?", question) and 300 <= amount.value <= 150_000:
        return "payoff"  # "Did you look up the payoff on your Escape?" "yeah its 9,400."
    if re.search(r"\b(?:down|dn)\b[^.!]*\?", recent) and 1000 <= amount.value <= 50_000 and not amount.value % 100:
        return "down"  # "How much were you thinking of putting down?" "Fifteen hundred."
    if cue("figures.json", "restated_down").search(sentence.text) and re.search(r"\b(?:down|dn)\b", recent) \
            and 300 <= amount.value <= 100_000:
        return "down"  # "If you could do twenty-five hundred down..." "It's fifteen hundred, that's it."
    return None


def _vehicle_k(sentence: Sentence, amount: Amount, after: str) -> bool:
    """"Trd 17 Silverado ~98k": a bare thousands figure right after a vehicle is its odometer."""
    raw = sentence.text[amount.start : amount.end].casefold()
    if not raw.endswith("k") or not 5_000 <= amount.value <= 400_000:
        return False
    head = sentence.text[max(0, amount.start - 45) : amount.start]
    if re.match(r"^\s*(?:acv|value|trade|offer|appraisal|book|kbb|payoff|owed|down|dn|mi over|over|overage)\b", after):
        return False  # "~19k ACV", "~4k mi over": a value or an overage, not the odometer
    named_before = any(amount.start - 45 <= m.start and m.end <= amount.start for m in sentence.vehicles)
    return named_before and not re.search(r"\b(?:owe|owes|payoff|worth|acv|offer|price)\b", head, re.I)


def _echoed(sentence: Sentence, amount: Amount, recent: str) -> bool:
    """"12k miles??" right after staff's "36 mo/12k miles": a figure asked back, not one the customer gives."""
    said = sentence.text[amount.start : amount.end].casefold()
    asked = re.match(r"[^.!?]{0,40}\?", sentence.text[amount.end :]) is not None  # "12k miles?? no way"
    if not (asked and recent):
        return False
    if re.search(rf"(?<![\d.,]){re.escape(said)}(?![\d.,])", recent):
        return True
    # "Four sixty-eight?" after staff's "$468/mo": the same figure, said in words
    return any(a.value == amount.value for a in find_amounts(recent))


def _staff_figure_in_note(sentence: Sentence, amount: Amount) -> bool:
    """"Push for 5k down", "72 mo @ 7.49% w/ 5k cash down = $742": terms staff proposed or worked, not the
    customer's."""
    return sentence.is_note and bool(_STAFF_FIGURE.search(sentence.lower[: amount.start])
                                     or re.search(r"=\s*~?\$?\d", sentence.lower[amount.end :])
                                     or re.match(r"\s*(?:down\s+)?stips?\b", sentence.lower[amount.end :])
                                     # "$1k down: ~$339": a down payment worked into a payment
                                     or re.match(r"\s*(?:cash\s+)?(?:down|dn)\s*:\s*~?\$?\d", sentence.lower[amount.end :]))


def _rejected(sentence: Sentence, amount: Amount) -> bool:
    before = _window_before(sentence.text, amount.start, 30)
    after = _window_after(sentence.text, amount.end, 40)
    if _BOUND_BEFORE.search(before):
        return False
    if re.search(r"\b(?:more than|over|above|than)\s*\$?\s*$", before):
        return False
    return bool(_REJECTED_BEFORE.search(before) or _REJECTED_AFTER.match(after) or negated(sentence.text, amount.start, 4))


_WITHDRAWN_BEFORE = re.compile(r"\b(?:forget|scratch|never ?mind|ignore|disregard|drop|throw out)\s+(?:about\s+)?"
                               r"(?:the|that|my|our)?\s*(?:\w+\s+)?\$?\s*$")


# "i was gonna put $1,000 down but honestly scratch that": the figure taken back as soon as it is said.
_WITHDRAWN_AFTER = re.compile(r"[^.?!]{0,35}\b(?:scratch that|forget that|never ?mind that|disregard that|ignore that)\b")


def _withdrawn(sentence: Sentence, amount: Amount) -> bool:
    """"Honestly forget the 650 a month thing", "scratch my 400": the customer takes their own figure back."""
    return sentence.message.role is Role.customer and bool(
        _WITHDRAWN_BEFORE.search(_window_before(sentence.text, amount.start, 40))
        or _WITHDRAWN_AFTER.match(_window_after(sentence.text, amount.end, 50)))


# "can we do anything with $0 down or nah", "what would the payment look like ... with nothing down?": a term the
# customer asks about, not one they give.
_ASKED_WITH = re.compile(r"(?i)\b(?:can|could|would|what (?:would|if)|how (?:much|about))\b[^?!]{0,80}\bwith\s+(?:like\s+)?\$?$")


def money_candidates(conversation: Conversation) -> tuple[list[Candidate], list[Candidate], list[Candidate], list[Candidate]]:
    monthly: list[Candidate] = []
    down: list[Candidate] = []
    payoff: list[Candidate] = []
    mileage: list[Candidate] = []
    for sentence in conversation.reported():
        zero = _ZERO_DOWN.search(sentence.text)
        if not (zero or sentence.amounts):
            continue  # most sentences carry no figure at all
        if cue("figures.json", "doubted_advert").search(sentence.text):
            continue  # "is the 299 real or is that with like 4k down": the ad's figures, asked about
        question, recent = conversation.prompt_for(sentence), conversation.context_for(sentence)
        if zero and not hypothetical(sentence.text, zero.start()) \
                and not _ASKED_WITH.search(sentence.text[: zero.start()]) \
                and not (sentence.is_note and _STAFF_FIGURE.search(sentence.lower[: zero.start()])):
            down.append(Candidate(DownPayment(amount=0), sentence))
        per_sentence_monthly: list[Candidate] = []
        previous = None
        for amount in sentence.amounts:
            kind = money_kind(sentence, amount, question, recent, previous)
            previous = kind or previous
            if kind is None and _withdrawn(sentence, amount) and any(
                    c.value is not None and c.value.monthly == amount.value for c in monthly):
                monthly.append(Candidate(None, sentence))  # "forget the 525 number": the target they had said
                continue
            if kind is None or _echoed(sentence, amount, recent):
                continue
            if kind == "mileage":
                allowance = amount.value <= 25_000 and cue("figures.json", "mileage_allowance").search(sentence.text)
                if re.search(r"\b(?:from|was|not|instead of)\s*~?\s*$", _window_before(sentence.text, amount.start, 25)):
                    continue  # "121k (cust corrected from 112k)": the figure given up
                if 500 <= amount.value <= 400_000 and not _SOMEONE_ELSE.search(sentence.lower) and not allowance:
                    mileage.append(Candidate(amount.value, sentence))
                continue
            if hypothetical(sentence.text, amount.start) or _staff_figure_in_note(sentence, amount):
                continue
            if kind in {"monthly", "monthly?"} and cue("figures.json", "other_bill").search(
                    sentence.text[max(0, amount.start - 40) : amount.end + 25]):
                continue  # "got a quote from progressive, 138 a month": insurance, not the car payment (but "after
                # seeing the insurance I need to keep it under 425" is the car payment)
            if kind in {"monthly", "monthly?"} and cue("dialogue.json", "service_visit").search(sentence.text) \
                    and not sentence.vehicles:
                continue  # "their service credit card, so like 207 a month": paying for a repair
            third = _THIRD_PARTY.search(clause_before(sentence.text, amount.start))
            endorsed = re.search(r"\b(?:(?:he|she|they)'?s right|(?:he|she|they) (?:is|are) right|i agree|agreed|"
                                 r"we agreed|so that'?s (?:our|my|that)|makes sense|(?:he|she) (?:keeps|holds|runs|has) "
                                 r"the (?:checkbook|money|budget|purse strings)|what (?:she|he) says goes)\b", sentence.lower)
            who = third and (third["name"] or third["wanter"])
            if third and who and who.casefold() in _NOT_SOMEONE_ELSE:
                third = None  # "Cust wants <500", "Payment says": no one else's number
            if third and not endorsed and not (who and who.casefold() in conversation.customer_names):
                continue  # "husband wants 550", "Sheila says nine hundred": someone else's number
            if kind in {"monthly", "monthly?"} and sentence.is_note and not (
                    _NOTE_ATTRIBUTION.search(clause_before(sentence.lower, amount.start)[-40:])
                    or _LIMIT_AFTER.match(_window_after(sentence.text, amount.end))):
                continue  # a note's bare payment figure is the deal's, not the customer's, unless it says whose
            if kind in {"monthly", "monthly?"}:
                before = _window_before(sentence.text, amount.start, 45)
                after = _window_after(sentence.text, amount.end, 40)
                aiming = re.search(r"\b(?:wants?|needs?|keep|under|max|below|less|hoping|looking|stay|target|budget|"
                                   r"afford|no more|not more|around|about|cap|ceiling|<)", before)
                current = not aiming and (_CURRENT_PAYMENT.search(before) or _CURRENT_AFTER.match(after))
                if _withdrawn(sentence, amount):
                    monthly.append(Candidate(None, sentence))  # "forget the 650 a month thing": no target now
                    continue
                if current or _rejected(sentence, amount) or not 50 <= amount.value <= 3000:
                    continue
                per_sentence_monthly.append(Candidate(PaymentTarget(monthly=amount.value), sentence,
                                                      1 if kind == "monthly?" else 2))
            elif kind == "down":
                if _withdrawn(sentence, amount):
                    down.append(Candidate(None, sentence))  # "forget the $10,000 down for now": no down payment said
                    continue
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
        if any(c.strength == 2 for c in per_sentence_monthly):
            per_sentence_monthly = [c for c in per_sentence_monthly if c.strength == 2]
        if per_sentence_monthly:
            # "around 400, 450 tops": the last figure in a sentence is the customer's limit.
            monthly.append(Candidate(per_sentence_monthly[-1].value, sentence))
    return monthly, down, payoff, mileage
