"""The deal's structure: lease or buy, how it is paid for, and whether there is a trade."""

from __future__ import annotations

import re

from ...retrieval.models import Role
from .conversation import Candidate, Conversation
from .cues import any_cue, cue
from .text import Sentence, clause_before, hypothetical, negated
from .vehicles import vehicle_role

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
    r"program|quote|rate)|want(?:s|ed)? to lease|looking to lease|(?:decided|chose|opted) to lease|plan(?:ning)? to lease|going to lease|gonna lease|"
    r"leasing|prefer(?:s)? (?:to )?leas(?:e|ing)|lease (?:is|would be) (?:better|the way)|would lease|wants? (?:a )?lease|"
    r"lease it|do a lease|lease deal|lease quote|(?:another|a new|new) lease|re-?lease|lease again|"
    r"lease makes (?:more )?sense|go with (?:a |the )?lease|lease only|only lease|leasing only|->\s*lease|(?:a|the) lease is (?:better|the way)|switch(?:ing)? to (?:a )?lease)\b"
)
_NOT_LEASE_CONTEXT = re.compile(r"\b(?:my|our|his|her|current|old|off|existing|present) (?:current )?leas|"
                                r"\b(?:know|understand)s? (?:anything|nothing|much|a thing|little|the first thing) about leas|lease (?:ends|is up|expires|"
                                r"runs out|matures|maturity|ending|return|turn-?in|is over|will be up)")
_NO_MORE_LEASE = re.compile(r"\b(?:(?:not|never|don'?t want to|won'?t|no more|done with|stop|tired of|sick of|not doing "
                            r"(?:another|a)|not (?:gonna|going to|looking to|trying to|wanting to)|against|instead of|rather than|"
                            r"not to) (?:leas(?:e|ing)|a lease|another lease)(?: again)?|"
                            r"no more leases|not (?:interested in|into) leasing|leas(?:e|ing) (?:is|are) not (?:good|for me|"
                            r"an option|right)|leas(?:e|ing) (?:doesn'?t|won'?t|does not|will not|wouldn'?t|would not|don'?t) (?:work|make (?:any )?sense|fit))\b")
_BUY = re.compile(
    r"\b(?:buy(?:ing)? (?:it|this time|instead|outright)|(?:want(?:s)? to|wanna|need(?:s)? to|ready to|hoping to) (?:buy|own|finance)|"
    r"finance (?:it|instead)|"
    r"financ(?:e|ing) (?:it|the|a|through|with)|rather (?:buy|own|finance)|prefer(?:s)? to (?:buy|own|finance)|"
    r"looking to (?:buy|purchase|finance)|(?:buy|purchase|finance) (?:a|an|the) (?:new |used )?\w+|own it|"
    r"planning to (?:buy|finance)|going to (?:buy|finance)|gonna (?:buy|finance)|loan|buyer|purchase)\b"
)
_CASH = re.compile(r"\b(?:pay(?:s|ing)? (?:in |with |all )?cash|cash (?:buyer|deal|purchase|is king)|pay(?:s|ing)? (?:it )?in full|"
                   r"pay(?:ing)? for it outright|buy(?:ing)? (?:it )?outright|write (?:you |y'?all )?a check|"
                   r"paying outright|all cash|(?:in full|the whole (?:thing|amount)|for it) (?:with|by) (?:a )?cashier'?s (?:check|ck|cheque)|check comes from|pay(?:ing)? by check|"
                   r"no financing(?! (?:with|through|thru|from|via|w/?)\b)|don'?t need financing|"
                   r"not financing(?! (?:with|through|thru|from|via|w/?)\b)|still cash|cash only|it'?s cash|cash deal|"
                   r"cash (?:offer|today|in hand|on (?:the )?spot)|(?<![\w$])\$?\d[\d,.]*\s?k?\s+cash(?!\s+(?:down|dn|back|rebate|"
                   r"incentive|allowance|to (?:hit|get|reach|make|bring|land)|more|extra)))\b")
_PAST_CASH = re.compile(r"\b(?:paid|pay|bought) (?:cash )?(?:for )?(?:it|her|him)(?: cash)? (?:in )?(?:19|20)\d{2}\b|"
                        r"\bi pay cash for it\b|\bit is mine\b")
_LOAN_WORDS = re.compile(r"\b(?:loan|financ\w*|approv\w*|rate|apr|pre-?qual\w*|lend\w*)\b")
_OUTSIDE = re.compile(
    r"\b(?:(?:credit union|cu)(?!\s+deals\b)|(?:my|our|own) bank(?=[^.?!]*\b(?:loan|financ|approv|rate|apr|lend|credit|declin|denied|turn|says? no|said no|pending|appl))|own financing|own lender|outside (?:financing|lender|loan)|"
    r"(?:through|with|from) (?:my|our) (?:bank|lender|cu)|navy federal|penfed|usaa|chase|capital one|wells fargo|"
    r"bank of america|lightstream|my lender|bank loan|loan from (?:my|our)|(?:got|have|has|with) (?:a |my )?"
    r"(?:pre-?approval|pre-?approved loan)|bringing (?:my|our) own|own loan)\b"
)
_CUSTOMER_FINANCING = re.compile(r"\bfinanc(?:e|ed|ing)\b(?!\s+(?:manager|department|dept|office|guy|person|team|"
                                 r"director|services|company))")
_COMPANY_FINANCE = re.compile(r"\b(?:motors?|motor credit|gm|toyota|honda|mazda|nissan|hyundai|kia|subaru|bmw|audi|"
                              r"vw|volkswagen|mercedes-benz|lexus|acura|ford|chrysler|stellantis)\s+financ", re.I)
_CAPTIVE = re.compile(r"\b(?:gmf|mfs|nmac|tmcc|fmcc|vci|bmw ?fs|mbfs|ford credit|ally)\b|\b(?:gm|toyota|honda|mazda|nissan|hyundai|kia|subaru|bmw|audi|vw|volkswagen|ford|lexus|acura|"
                      r"mercedes-benz|stellantis|chrysler)\s+(?:motors?\s+)?(?:financial|financing|finance|credit|fin\b\.?)|\bkmf\b|\bhmf\b|"
                      r"\bgm financial\b|\btfs\b|\bahfc\b|"
                      # Lenders a customer reaches only through a dealer's desk: their approval is the store's financing.
                      r"\b(?:westlake|credit acceptance|exeter|santander|chrysler capital|global lending|flagship credit|"
                      r"united auto credit|first investors|cps)\b")
# A percent is a loan's rate only said as one ("at 5.9%", "6.9% apr", "4%/72", "1.9%"): never "15% oil life".
_LONG_TERM = re.compile(r"\b(?:48|60|66|72|75|84)\s*-?\s*(?:mo|mos|months?)\b|\bapr\b|"
                        r"(?:\b(?:at|@|rate|rates|interest|approved)\s+(?:of\s+|is\s+|was\s+|around\s+|like\s+)?|@\s*)\d+(?:\.\d+)?\s*%(?!\s*(?:oil|life|battery|charge|charged|off|tint|of|down|more|less|tip|left|full))|"
                        r"\b\d+(?:\.\d+)?\s*%\s*(?:apr|rate|interest|financing|for\s+\d|over\s+\d|x\s*\d|/\s*\d)|"
                        r"\b\d+\.\d+\s*%(?!\s*(?:oil|life|battery|charge|charged|off|tint|of|down|more|less|tip|left|full))")
_BANK_SAID_NO = re.compile(r"\b(?:the |my |our )?(?:bank|credit union|cu)\b[^.?!]{0,12}\b(?:says?|said|told me) no\b|"
                           r"\b(?:bank|credit union|cu) (?:turned (?:me |us )?down|declined|denied)")
_OUTSIDE_REFUSED = re.compile(r"\b(?:(?:won'?t|wouldn'?t|can'?t|couldn'?t|didn'?t|don'?t|not|unable to) (?:be able to )?approve|"
                              r"(?:not|don'?t have|dont have) enough credit|forget (?:the|my|our)|"
                              r"beats? (?:usaa|navy federal|penfed|chase|capital one|(?:my|our|the) (?:bank|cu|credit union))|declined|denied|said no|says? no|told me no|rejected|refused|turned (?:me |us )?down|done with|fed up with|rates are "
                              r"(?:garbage|terrible|bad|awful|too high)|than (?:my|our) (?:bank|credit union|cu)|(?:was|is|are|were) (?:so |way )?(?:slow|slower|a pain|useless|no help)|"
                              r"(?:isn'?t|is not|wasn'?t|aren'?t) any better|"
                              r"instead of (?:my|our) (?:bank|credit union|cu)|won'?t approve|didn'?t approve|"
                              r"(?:gave|give|giving) (?:me|us) (?:the |a )?(?:runaround|run-around|hard time|hassle)|"
                              r"(?:was|were|is) (?:a )?(?:nightmare|hassle|headache))\b")
_MAKES = (r"honda|toyota|ford|chevy|chevrolet|gm|nissan|hyundai|kia|subaru|mazda|bmw|audi|vw|volkswagen|lexus|"
          r"acura|jeep|ram|dodge|chrysler|stellantis|buick|gmc|cadillac|infiniti|volvo|mercedes")
_DEALER_FIN = re.compile(
    r"\b(?:dlr\.? ?fin\w*|financ(?:e|ing) (?:through|thru|with|w/) (?:you|y'?all|yall|the dealer(?:ship)?|dealer|your|the store|u|us|"
    r"(?:" + _MAKES + r")\b)|your financing|dealer fin\w*|(?:you guys|y'?all|yall|you) (?:can )?(?:do|handle|arrange) "
    r"(?:it|the (?:loan|financing))|(?:with|với) (?:the )?dealer|(?:through|thru) (?:yall|y'?all|you guys)|"
    r"in-?house(?: fin\w*)?|(?:go|going) (?:through|thru) (?:you|y'?all)|(?:you|u) guys (?:have to |can |could )?(?:just )?do the loan|"
    r"your (?:rate|lender|bank)s?|"
    r"dealer financing|in-house financing|you guys (?:finance|do financing)|need (?:you to )?(?:help with )?financing|"
    r"whatever rate you|run (?:my|our) credit|apply (?:for financing )?(?:through|with) you)\b"
)
_PREAPPROVED = re.compile(r"\b(?:pre-?\s?approv(?:ed|al)|preapprov(?:ed|al)|already approved|approved for (?:a|an|up to)|"
                          r"(?:got|been|was|were|am|are|we'?re|i'?m) approved (?:at|through|thru|with|by|for)|"
                          r"pa'?d|pre-?qual(?:ified)?)\b")
_PREAPPROVED_NOT = re.compile(r"\b(?:not|haven'?t|have not|didn'?t|no|never|without|hasn'?t|not yet|isn'?t)\b[^.?!]{0,25}"
                              r"(?:pre-?\s?approv|preapprov|approved|applied)")


_OTHER_PERSON = re.compile(r"\b(?:brother|sister|in-law|friend|buddy|neighbou?r|son|daughter|kid|cousin|coworker|"
                           r"someone|somebody|guy|dealer|carmax|carvana)\b[^.,;]{0,25}$")


# "lease or buy", "weighing the lease against buying", "between leasing and financing": both, side by side.
_WEIGHING = re.compile(
    r"\bleas\w*[^.?!]{0,25}?\b(?:or|vs\.?|versus|against)\b[^.?!]{0,15}?\b(?:buy|financ|purchas|loan)\w*|"
    r"\b(?:buy|financ|purchas|loan)\w*[^.?!]{0,25}?\b(?:or|vs\.?|versus|against)\b[^.?!]{0,15}?\bleas\w*|"
    r"\bbetween (?:a )?leas\w* and (?:a )?(?:buy|financ|purchas|loan)\w*|\bbetween (?:buy|financ)\w* and leas\w*")
_HEDGED = re.compile(r"\b(?:tbd|may|might|maybe|possibly|not sure|otherwise|depending|we'?ll see|i'?ll think about|check(?:ing)? (?:with )?(?:my |the |our )?"
                     r"(?:credit union|cu|bank))\b")
_TRADE_PROSPECT = re.compile(r"\b(?:good|great|potential|possible|likely|prime|solid|strong)\s+trade(?:-?in)?[\s-]+"
                             r"(?:candidate|opportunity|prospect|lead|target|up)\b")
# The customer taking back a trade they had said: whether it goes in is open again.
_TRADE_REOPENED = re.compile(r"\b(?:not sure|unsure|don'?t know|no idea|undecided|still deciding)\s+(?:if |whether |that )?"
                             r"(?:we|i)(?:'re| are|'m| am|'ll| will)?\s+(?:still\s+|even\s+)?(?:be\s+)?trad(?:e|ing)\b|"
                             r"\b(?:might|may) not (?:be )?trad(?:e|ing)\b|\btrad(?:e|ing)\b[^.?!]{0,40}\b(?:anymore|any more)\b")
_BUY_DECIDED = re.compile(r"\b(?:buying makes (?:more )?sense|(?:let'?s|we'?ll|i'?ll|gonna|going to) (?:just )?buy|"
                          r"(?:decided|decide|chose|choosing|opted|opting) to (?:buy|finance|purchase)|"
                          r"switch(?:ed|ing)? to (?:buy|buying|financing|finance|a purchase)|lease\s*->\s*(?:buy|purchase|finance))\b")
_THIRD_PERSON = re.compile(r"\b(?:he|she|they)(?:'ll|'s|'d|\s+will|\s+would|\s+is|\s+has|\s+just)?\s+(?:\w+\s+){0,2}$")
_OPINION = re.compile(r"\b(?:husband|wife|spouse|partner|dad|mom|father|mother|brother|sister|friend|son|daughter|"
                      r"accountant|he|she|they)\s+(?:thinks|says|said|believes|feels|wants me to|told me)\b")


def _someone_elses_cash(text: str, match: re.Match) -> bool:
    """"the guy came up to 5200 cash so i took it": cash someone paid the customer, not how the customer pays."""
    return bool(_OTHER_PERSON.search(clause_before(text, match.start())) or re.search(
        r"\b(?:he|she|they|buyer|someone|somebody)\s+(?:came up to|offered|paid|gave|is giving|will give)\b[^.,;]{0,20}$",
        text[: match.start()]))


# A note of what the customer asked ("Asked about Ioniq 5 in stock + $299 lease special"): a question decides nothing.
_NOTE_OF_A_QUESTION = re.compile(r"^\W*(?:(?:the\s+)?cust(?:omer)?\s+)?(?:asked|inquired|enquired|had (?:a )?questions?)\s+"
                                 r"(?:about|if|whether|re:?|on|for)\b", re.I)


def purchase_candidates(conversation: Conversation) -> list[Candidate]:
    found = []
    for sentence in conversation.reported():
        if sentence.is_note and _NOTE_OF_A_QUESTION.search(sentence.text):
            continue
        if cue("deal.json", "someone_buys_theirs").search(sentence.text):
            continue  # "my nephew wants to buy it off me": their old car sold, not how they pay for the next
        # "was gonna lease but honestly buying seems smarter": the last clause that decides, decides.
        if answers_with_cash(conversation, sentence):
            found.append(Candidate("buy", sentence))  # "Financing with us?" "No ma'am, cash."
            continue
        clauses = [c for c in _LAST_WORD.split(sentence.lower) if c.strip()]
        for clause in reversed(clauses):
            decided = _purchase_in(clause, sentence)
            if decided is not None:
                if not cue("dialogue.json", "policy_question").search(sentence.text):
                    found.append(decided)  # "do you finance people with bad credit?" decides nothing
                break
        else:
            if (labelled := _note_label(sentence)) is not None:
                found.append(labelled)
            elif (leased := _vehicle_lease(sentence)) is not None:
                found.append(leased)
            elif (m := _STILL_UNDECIDED.search(sentence.lower)) and not hypothetical(sentence.lower, 0) and \
                    not _UNDECIDED_ON_SOMETHING_ELSE.match(sentence.lower[m.end():]) and \
                    _BOTH_WAYS.search(f"{sentence.message.text.casefold()} {conversation.prompt_for(sentence)}"):
                found.append(Candidate("undecided", sentence))  # "still torn honestly", after "Lease ... Finance ..."
    return found


_PURCHASE_CONDITION = re.compile(r"\b(?:with|requires?|required|needs?)\s+(?:a\s+)?(?:new\s+)?(?:vehicle\s+|car\s+|truck\s+)?purchase\b|"
                                 r"\bpurchase\s+(?:only|required)\b")
# A CRM note's deal type written in capitals, the way desks label a deal: "FINAL: LEASE Odyssey EX-L 36mo".
_CAPITAL_LABEL = re.compile(r"(?<![\w-])(LEASE|LEASING|BUY|BUYING|PURCHASE|FINANCE)(?![\w-])")
_LABEL_NOT_CHOICE_AFTER = re.compile(r"\s*(?:special|offer|program|promo|ad|cash|ends|is up|expires|return|turn-?in|payoff|"
                                     r"buyout|rate|dept|manager)\b", re.I)
_LABEL_NOT_CHOICE_BEFORE = re.compile(r"\b(?:was|not|no|from|vs\.?|or|current|old|his|her|their|if)\s*[(:]?\s*$", re.I)


def _note_label(sentence: Sentence) -> Candidate | None:
    """A note's deal type in capitals ("LEASE Odyssey", "TACOMA TRD SPORT BUY"), when it is the only one there and
    is not the car they have, an offer, or what was said before ("(was BUY)")."""
    if not sentence.is_note or sentence.text.isupper():
        return None  # a note written all in capitals labels nothing by writing a word in them
    labels = {m.group(1)[0] for m in _CAPITAL_LABEL.finditer(sentence.text)
              if not _LABEL_NOT_CHOICE_AFTER.match(sentence.text[m.end():])
              and not _LABEL_NOT_CHOICE_BEFORE.search(sentence.text[max(0, m.start() - 12) : m.start()])
              and not hypothetical(sentence.lower, m.start())}
    if len(labels) != 1:
        return None  # "LEASE vs BUY": both written, neither chosen
    return Candidate("lease" if labels == {"L"} else "buy", sentence)


_STILL_UNDECIDED = re.compile(r"\b(?:still )?(?:torn|undecided|on the fence|(?:haven'?t|have not|not) (?:really )?decided|"
                              r"can'?t decide|not sure (?:yet|which way))\b")
# "undecided on model (Forester vs Outback)", "torn between the red and the grey": weighing something else.
_UNDECIDED_ON_SOMETHING_ELSE = re.compile(r"\s+(?:on|about|between|re:?|over|w/)\s+(?!(?:the\s+|a\s+)?(?:leas|buy|financ|purchas|how to pay))")
_BOTH_WAYS = re.compile(r"\bleas\w*\b(?=[\s\S]*\b(?:buy|financ|purchas)\w*)|\b(?:buy|financ|purchas)\w*\b(?=[\s\S]*\bleas)")


_VEHICLE_LEASE_AFTER = re.compile(r"^\s*(?:lease|leasing)\b(?!\s+(?:\([^)]{1,20}\)\s+)?(?:ends|ended|is up|was up|expires|runs out|matures|maturing|maturity|return|"
                                  r"turn-?in|is over|will be up|payoff|buyout))(?P<offer>\s+(?:ad|special|offer|deal|quote|"
                                  r"proposal|program|promo))?")
_VEHICLE_LEASE_OWNED = re.compile(r"\b(?:my|our|his|her|their|current|old|existing|previous)\s+(?:\w+\s+){0,3}$")


def _vehicle_lease(sentence: Sentence) -> Candidate | None:
    """"CX-50 Premium Plus LEASE", "I'm shopping a BMW lease", "saw the CX-50 lease ad": a lease of the car they
    want, said as one noun. "My X3 lease runs out" is the car they have."""
    for mention in sentence.vehicles:
        after = _VEHICLE_LEASE_AFTER.match(sentence.lower[mention.end :])
        if after is None or _VEHICLE_LEASE_OWNED.search(sentence.lower[max(0, mention.start - 30) : mention.start]) \
                or vehicle_role(sentence, mention) in {"owned", "other"}:
            continue
        if hypothetical(sentence.lower, mention.start) or negated(sentence.lower, mention.start, 3):
            continue
        if _staff_offered(sentence, mention.start):
            continue  # "Will send Ioniq 5 lease special"
        return Candidate("lease", sentence, 1 if after.group("offer") else 2)
    return None


_LAST_WORD = re.compile(r"\b(?:but|though|however|instead(?! of)|so now|now)\b|;")


# Cues that say lease or buy outright, in the order they are tried; with the cues that stop a clause deciding, the
# whole set is searched once first, since most clauses match none of them.
_OUTRIGHT = (("buy_outright", "buy"), ("lease_outright", "lease"), ("lease_by_habit", "lease"), ("buy_by_habit", "buy"))
_DEAL_CUES = tuple(name for name, _ in _OUTRIGHT) + ("past_plan", "not_discussed", "price_offer")


def _purchase_in(text: str, sentence) -> Candidate | None:
    """Lease, buy or undecided as one clause of a sentence says it, if it does."""
    if not any_cue("deal.json", _DEAL_CUES).search(text):
        return _purchase_rules(text, sentence)
    for name, value in _OUTRIGHT:
        m = cue("deal.json", name).search(text)
        if m and not hypothetical(text, m.start()) and not _OPINION.search(text):
            if name.endswith("_by_habit") and _THIRD_PERSON.search(text[max(0, m.start() - 40) : m.start()]):
                continue  # "says he'll drive it till the wheels fall off": his habit with his own truck
            return Candidate(value, sentence)
    if cue("deal.json", "past_plan").search(text) or cue("deal.json", "not_discussed").search(text):
        return None
    if cue("deal.json", "price_offer").search(text) and not hypothetical(text, 0):
        return Candidate("buy", sentence, 1)  # "would you take 12k", "36.5 otd and we have a deal": a buyer's offer
    return _purchase_rules(text, sentence)


def _purchase_rules(text: str, sentence) -> Candidate | None:
    if _PURCHASE_CONDITION.search(text):
        return None  # "that's with new vehicle purchase only": a store policy, not how this customer pays
    if (m := _UNDECIDED.search(text)) and not hypothetical(text, m.start()):
        return Candidate("undecided", sentence)
    if _OPINION.search(text):
        return None  # "my husband thinks leasing is throwing money away": his view, not the customer's plan
    if (m := _NO_MORE_LEASE.search(text)) and not hypothetical(text, m.start()):
        return Candidate("buy", sentence)
    if (m := _BUY_DECIDED.search(text)) and not hypothetical(text, m.start()):
        return Candidate("buy", sentence)
    if _WEIGHING.search(text):
        return Candidate("undecided", sentence)
    lease = _LEASE.search(text)
    if lease and _staff_offered(sentence, lease.start(), text):
        lease = None
    if lease and not _NOT_LEASE_CONTEXT.search(text[max(0, lease.start() - 25) : lease.end() + 25]) \
            and not negated(text, lease.start(), 3) and not hypothetical(text, lease.start()):
        return Candidate("lease", sentence)
    if (m := _CASH.search(text)) and not re.search(r"repair|fix|the work|service", text) and not _someone_elses_cash(text, m) \
            and not _PAST_CASH.search(text) and not hypothetical(text, m.start()):
        return Candidate("buy", sentence)
    financing = _CUSTOMER_FINANCING.search(text)
    if financing and re.search(r"\b(?:about|ask(?:ing)?|questions? (?:on|about|re))\s+(?:\w+\s+)?$", text[: financing.start()]):
        financing = None  # "don't ask me about financing or trades yet": a topic, not how they pay
    if financing and not _COMPANY_FINANCE.search(text) and not negated(text, financing.start(), 3) \
            and not hypothetical(text, financing.start()) and "lease" not in text:
        return Candidate("buy", sentence)
    buy = _BUY.search(text)
    if buy and _OTHER_PERSON.search(clause_before(text, buy.start())):
        buy = None  # "my brother-in-law wants to buy my F-150": someone else is buying
    if buy and not negated(text, buy.start(), 3) and not hypothetical(text, buy.start()):
        strong = re.search(r"buy(?:ing)? (?:it|this time|instead|outright)|rather (?:buy|own|finance)|"
                           r"buying makes (?:more )?sense|(?:let'?s|we'?ll|i'?ll|gonna|going to) (?:just )?buy|"
                           r"->\s*buy|switch(?:ed|ing)? to (?:buying|financing|a purchase)|"
                           r"prefer(?:s)? to (?:buy|own|finance)|want(?:s)? to (?:own|finance)|finance (?:it|instead)", text)
        return Candidate("buy", sentence, 2 if strong else 1)
    elif (_PREAPPROVED.search(text) or _OUTSIDE.search(text) or _customers_term(text)) and not (
            sentence.is_note and (re.search(r"\b(?:options|quoted|showed|emailing|sent|desk|ran|gave|ballpark|"
                                            r"estimated?|pencil(?:ed)?)\b", text) or _PROGRAM_OR_PAST.search(text)
                                  or re.search(r"->\s*~?\$\d|=\s*~?\$\d|@\s*\d+(?:\.\d+)?\s*%", text))):
        # A loan, a lender or a 72-month term: buying, unless something says lease outright (a lender's program in a
        # note is staff's, not the customer's).
        return Candidate("buy", sentence, 1)
    return None


def _customers_term(text: str) -> bool:
    """A loan's term or rate the customer is working with; a rate offered as a special ("declined 0.9% Tacoma
    offer", "0% for 60 months promo") is the maker's or staff's, taken or not."""
    return bool(_LONG_TERM.search(text)) and not re.search(
        r"\b(?:offers?|specials?|promos?|incentives?|declined|turned down|not interested)\b", text)


_STAFF_OFFERED = re.compile(r"\b(?:mentioned|offered|pitched|quoted|showed|suggested|presented|floated|went over|told (?:him|her|them) about|"
                            r"(?:re-?)?ran|penciled|worked up|(?:will|to|gonna|going to) send|sending|discussed|pitched|"
                            r"submitted|app (?:sent|in) to|"
                            r"started|sent)\b")


# A lender's program ("Ford Credit 1.9% on Bronco through 3/2") or a past purchase's loan ("bought 2019 Malibu
# here 8/2019, GMF 72mo"): neither says how this car will be paid for.
_PROGRAM_OR_PAST = re.compile(r"\d(?:\.\d+)?\s*%[^;]{0,40}?\b(?:through|thru|until|til|ends?|ended|expires?|expired|"
                              r"ending)\b|"
                              r"\b(?:bought|purchased)\b[^.;]{0,40}\b(?:in\s+)?(?:'\d{2}|(?:19|20)\d{2})\b")


def _staff_offered(sentence: Sentence, at: int, text: str | None = None) -> bool:
    """"mentioned 0.9% NMAC, he wants to see #s first", "Will send Ioniq 5 lease special": a note of what staff
    offered or will send, up to position `at` of `text` (the sentence, or one clause of it), not what the customer
    chose."""
    return sentence.is_note and bool(_STAFF_OFFERED.search((sentence.lower if text is None else text)[:at]))


_ASKS_DEALER_FINANCING = re.compile(r"\b(?:financ\w*|loan|lender)\b[^?]{0,40}\b(?:us|our lenders?|here|in-house)\b[^?]*\?|"
                                    r"\b(?:with|through|thru) us\b[^?]{0,30}\bfinanc\w*[^?]*\?|\bus doing the financing\b")
_WITH_YOU = re.compile(r"\b(?:(?:with|through|thru|w/) (?:you|u|y'?all|yall|you guys|u guys|ya'?ll)|you guys|u guys|y'?all|"
                       r"ustedes|con ustedes|aqu[ií]|here)\b")


def _takes_dealer_financing(conversation: Conversation, sentence: Sentence) -> bool:
    """A yes to staff asking whether the store arranges the loan: "So financing through us?" "yea", "Financing with
    us or your own bank?" "thru you guys". A yes to an either-or question counts only when it names the store."""
    if sentence.index > 1 or sentence.message.role is not Role.customer:
        return False
    prompt = conversation.prompt_for(sentence)
    if not _ASKS_DEALER_FINANCING.search(prompt):
        return False
    text = sentence.lower
    if _OUTSIDE.search(text) or _CASH.search(text) or negated(text, 0, 2) or _DENY.match(text) or _HEDGED.search(text) \
            or re.search(r"\b(?:if|unless|depends)\b", text):  # "but if yall beat it ill look": an offer to compare
        return False
    either_or = re.search(r"\bor (?:your|do you have|a bank|you have|through)", prompt)
    return bool(_WITH_YOU.search(text) or (_AFFIRM.match(text) and not either_or))


_ASKS_HOW_PAYING = re.compile(r"\b(?:financ\w*|loan|lender|cash or|or cash|pay(?:ing)? for (?:it|the)|how (?:are|will|would) (?:you|y'?all) "
                              r"(?:be )?pay(?:ing)?|how (?:do|did) you (?:want|plan) to pay)\b[^?]*\?")
_CASH_REPLY = re.compile(r"^\W*(?:(?:no|nope|nah|naw|nah+)\W+(?:(?:ma'?am|sir|thanks?|thank you)\W+)?)?"
                         r"(?:(?:just|all|straight|paying|pay(?:ing)? in|gonna pay|going to pay|i'?ll pay|it'?ll be)\s+)*cash\b"
                         r"(?!\s*(?:down|back|rebate|incentive|allowance|price|offer))")


def answers_with_cash(conversation: Conversation, sentence: Sentence) -> bool:
    """"Will you be financing with us?" "No ma'am, cash.": a reply that gives cash as how the car is paid for,
    though "no" stands before it and "cash" is all it says."""
    if sentence.index > 1 or sentence.message.role is not Role.customer:
        return False
    return bool(_CASH_REPLY.match(sentence.lower) and _ASKS_HOW_PAYING.search(conversation.prompt_for(sentence)))


# How the car is paid for said to be open again: "Financing still open", "financing undecided - CU vs TFS".
_FINANCING_OPEN = re.compile(r"\bfinancing\s+(?:is\s+)?(?:still\s+)?(?:open|undecided|tbd|unknown|up in the air|"
                             r"not (?:yet )?(?:decided|settled|chosen))\b|"
                             # "CU never came back with a rate, and he wants to compare": no lender chosen yet
                             r"\b(?:never|hasn'?t|has not|haven'?t|didn'?t|still not)\s+(?:come|came|gotten|got|gone)\s+back\b"
                             r"[^.;]*\bcompare\b")
# A lender as the subject of a condition: "if VW Credit can beat it", "plenty of time if CU moves".
_IF_LENDER = re.compile(r"\b(?:if|unless|whether)\s+(?:the\s+)?$")


def financing_candidates(conversation: Conversation) -> tuple[list[Candidate], list[Candidate]]:
    sources: list[Candidate] = []
    approvals: list[Candidate] = []
    for sentence in conversation.reported():
        text = sentence.lower
        if cue("dialogue.json", "policy_question").search(sentence.text):
            continue  # "do you guys finance people with bad credit?": a question about the store, not their plan
        if _FINANCING_OPEN.search(text):
            sources.append(Candidate(None, sentence))  # "Financing still open (CU not applied)": not settled now
        elif answers_with_cash(conversation, sentence):
            sources.append(Candidate("cash", sentence))
        elif (m := _CASH.search(text)) and not re.search(r"repair|fix|the work|service|cash down|down", text) \
                and not _someone_elses_cash(text, m) \
                and not _PAST_CASH.search(text) and not hypothetical(text, m.start()) and not _HEDGED.search(text) \
                and (not negated(text, m.start(), 3) or m.group(0).startswith(("no financ", "not financ", "don"))):
            sources.append(Candidate("cash", sentence))
        elif (m := _DEALER_FIN.search(text)) and not negated(text, m.start(), 3) and not hypothetical(text, m.start()) \
                and not _HEDGED.search(text) and not _staff_offered(sentence, m.start()) \
                and not re.match(r"\W*(?:can|could|do|does|is|are|what|how|may)\b[^.!]*\?", text):  # a question, not a choice
            sources.append(Candidate("dealer", sentence))
        elif ((m := _OUTSIDE.search(text)) and _OUTSIDE_REFUSED.search(text)) or _BANK_SAID_NO.search(text):
            sources.append(Candidate("dealer", sentence))  # their bank said no, or they are done with it
        elif (m := (_OUTSIDE.search(text) or cue("financing.json", "customer_lender").search(text))) \
                and not negated(text, m.start(), 3) and not hypothetical(text, m.start()) and not _IF_LENDER.search(text[: m.start()]) \
                and not _HEDGED.search(text) and not _OPINION.search(text):
            if m.group(0) != "cu" or sentence.is_note:
                sources.append(Candidate("outside", sentence))
        elif (m := _CAPTIVE.search(text)) and not re.search(r"\b(?:payoff|owes?|owed|trd|trade|lease (?:ends|is up|matures)|"
                                                            r"currently|current lease|current one|my lease|that ends|ends at|matur\w*|goes back|going back|"
                                                            r"turn(?:s|ing)? (?:it |her |him )?in|return(?:s|ing)?)\b",
                                                            text) and not negated(text, m.start(), 5) \
                and not hypothetical(text, m.start()) and not _IF_LENDER.search(text[: m.start()]) \
                and not re.search(r"\b(?:it'?s|its|loan is|note is|financed|lien is) (?:with|through|thru|w/)\s+$", text[: m.start()]) \
                and not re.search(r"\b(?:payoff|pay ?off|owe|balance|lien)\b", conversation.prompt_for(sentence)) \
                and not re.match(r"\s*(?:offer|quote|numbers|proposal|promo|special|program|rate sheet)\b|"
                                 r"\s*(?:can'?t|cannot|couldn'?t|won'?t|wouldn'?t|didn'?t|unable to|declined|denied)\b",
                                 text[m.end():]) \
                and not _staff_offered(sentence, m.start()) and not _PROGRAM_OR_PAST.search(text) \
                and not (sentence.is_note and re.match(r"[^,;(]{0,25}\b(?:discussed|mentioned|offered|pitched|quoted)\b", text[m.end():])):
            sources.append(Candidate("dealer", sentence))
        # Only this turn's own candidate can be last: a look at the end, not a scan of every earlier one.
        if not (sources and sources[-1].sentence is sentence) and _takes_dealer_financing(conversation, sentence):
            sources.append(Candidate("dealer", sentence))  # "Financing with us or your own bank?" "thru you guys"
        if _PREAPPROVED_NOT.search(text):
            approvals.append(Candidate(False, sentence))
        elif (m := (_PREAPPROVED.search(text) or cue("financing.json", "approved_by_lender").search(text))) \
                and not hypothetical(text, m.start()) and not re.search(
            r"\b(?:can|could|should|would) (?:i|we|you) (?:get )?pre", text
        ):
            approvals.append(Candidate(True, sentence))
            if not (sources and sources[-1].sentence is sentence):
                sources.append(Candidate("outside", sentence, 1))
    return sources, approvals


# --- trade-in --------------------------------------------------------------------------------------------

_TRADE_YES = re.compile(
    r"\b(?:trad(?:e|ing|ed)[\s-]?in|trade-?ins?|trading (?:my|our|the|it|her|him)|"
    r"trading (?=(?:in\s+)?(?:a\s+|an\s+)?(?:(?:19|20)\d{2}|'\d{2})\b)|trade (?:my|our|the|it|her|him|in)|"
    r"rather trade|want(?:s)? to trade|open to (?:a )?trade|as (?:a |my )?trade|to trade|trd(?!\s*(?:off|pro|sport|or\b))|t/i|ti(?=\s+\d{2}\s)|tr(?=\s+'?\d{2}\s+[a-z])|w/ trade|(?:apply|use|put) (?:the |my )?\w+ equity|figure on my (?:current )?(?:vehicle|car|truck)|"
    r"appraise|appraisal|what(?:'|’)?s (?:it|my \w+) worth|what (?:it|my \w+) is worth|value (?:of )?my|"
    r"(?:has|have|got|with) (?:a )?trade|plus trade|trade)\b"
)
_TRADE_NO = re.compile(
    r"\b(?:no trade(?:-?in)?s?|not trading|won'?t be trading|wont be trading|don'?t have (?:a |any )?trade(?:-?in)?|"
    r"nothing to trade|no trade-in|without a trade(?:-?in)?|not (?:going to|gonna) trade|no,? (?:i'?m )?not trading|"
    r"sold (?:it|my|the|her|him|our)|(?:will not|won'?t|am not|i'?m not|not going to|not) (?:be )?trading|"
    r"w/o (?:a |the )?trade|given (?:him|her|them|it to \w+) the|gave (?:him|her|them) the|(?:already )?selling (?:it|my|the|her|him) (?:myself|privately|on my own|to)|"
    r"(?:keeping|keep|gonna keep|going to keep|hang(?:ing)? on to|hold(?:ing)? on to) (?:my|our|the|it|her|him)"
    r"(?!\s+(?:at|under|around|below|near|payment|pmt|budget|monthly|cost|price|simple|low|down|in mind|to|short|quiet|"
    r"between|posted|updated|in the loop|on file|money|cash|savings|difference|rebate|rate|deal|miles|warranty)\b|\s+\$?\d"
    r"|\s+\w+\s+in mind)|"
    r"goes back to|turn(?:ing)? (?:it|her|the \w+) (?:back )?in (?:at|when)|no vehicle to trade|no car to trade|"
    r"giving (?:it|my \w+) to (?:my )?(?:kid|son|daughter|wife|husband))\b"
)
_AFFIRM = re.compile(r"^\s*(?:yes|yeah|yep|yup|sure|definitely|absolutely|i do|we do|i will|we will|i have|we have|"
                     r"correct|probably|ya|yea|si)\b")
_DENY = re.compile(r"^\s*(?:no|nope|nah|not really|i don'?t|we don'?t|negative)\b")
PAID_OFF = cue("trade.json", "paid_off").pattern
YEAR_ALONE = re.compile(r"\b(?:it'?s|it is|she'?s|he'?s|mine'?s|mine is|ours is|that'?s|it was) an? ((?:19|20)\d{2})\b")


# What may follow "keep it" when the customer keeps the car they have rather than trading it.
_KEPT_FOR_GOOD = re.compile(r"\s*(?:[.,!;()]|$|\s*(?:as|too|also|for (?:my|the|our|his|her)|and (?:buy|get|add)|in the family|"
                            r"no matter))")
_UNKNOWN_AFTER = re.compile(r"^\W*(?:\w+\W+){0,2}?(?:not (?:yet )?(?:discussed|mentioned|asked|known|sure)|unknown|tbd|n/?a\b|\?)")


def _says_no_trade(text: str, match: re.Match) -> bool:
    if re.match(r"sold (?:him|her|them)\b", match.group(0)) and re.match(r"\s+(?:a|an|the)\b", text[match.end():]) \
            and re.search(r"\b(?:i|we)\s+$", text[: match.start()]):
        return False  # a salesperson's "I sold him the Escape in '15": a car the store sold them, not one they sold
    if re.search(r"\b(?:rather than|instead of)\s+(?:\w+\s+){0,3}$", text[: match.start()]):
        return False  # "trade it in rather than deal with selling it myself"
    if re.search(r"\bor (?:else )?(?:we|i)(?:'re| are|'m| am|'ll| will)?\s*(?:just )?$", text[: match.start()]):
        return False  # "the payment's gotta be 615 or we're keeping the Chevy": a condition, not a decision
    if re.match(r"\W*(?:disc(?:ussed)?|mentioned|info|yet|asked|decision|decided|plan)\b", text[match.end():]):
        return False  # "no trade disc.", "no trade decision": not discussed or not settled
    if match.group(0).endswith(" it") and not _KEPT_FOR_GOOD.match(text[match.end():]):
        return False  # "let's keep it a lease", "we'll keep it 8 years": the new one, kept
    return True


_TRADE_QUESTION = re.compile(r"(?:^|[.!?\n]\s*|\b(?:and|so|ok(?:ay)?|great|perfect|got it)\W+)(?:are|do|did|will|would|were|is|you|any|anything|got|have|what about|"
                             r"how about)\b[^.!?\n]*\btrad(?:e|ing)\b|\btrad(?:e|ing)\b[^?]*\?")


def _asks_about_trade(prompt: str) -> bool:
    """"Are you trading anything?", ASR's "ok great and are you trading anything": a question whose answer says
    whether there is a trade; "we're landing around 710 with a trade" is not one."""
    return bool(_TRADE_QUESTION.search(prompt))


def trade_candidates(conversation: Conversation) -> list[Candidate]:
    found = []
    for sentence in conversation.reported():
        text = sentence.lower
        no = next((m for m in _TRADE_NO.finditer(text) if _says_no_trade(text, m)), None)
        if no and not hypothetical(text, no.start()):
            found.append(Candidate(False, sentence))
            continue
        yes = _TRADE_YES.search(text)
        if yes and _UNKNOWN_AFTER.match(text[yes.end():]) and (sentence.is_note or not text[yes.end():].lstrip()
                                                               .startswith("?")):
            continue  # "Trade not discussed", "Trade: ?": nothing either way
        if yes and _TRADE_PROSPECT.search(text):
            continue  # "Flag for sales - good trade candidate": staff's hope, not a trade the customer offered
        if yes and _TRADE_REOPENED.search(text) and not sentence.is_note:
            found.append(Candidate(None, sentence))  # "not sure we're trading the Sorento anymore": unsettled again
            continue
        if yes and _HEDGED.search(text) and not sentence.is_note:
            continue  # "I may have something else to trade, I'll see": a maybe, not a trade
        if yes and sentence.is_note and (re.search(r"^[^.;]{0,40}\b(?:undecided|tbd|unsure|maybe|possibly|not sure|"
                                                   r"might|deciding|unclear|unknown)\b", text[yes.start():]) or re.search(
                r"\b(?:unclear|undecided|unsure|tbd)\b(?:\s+\w+){0,2}\s+$", text[: yes.start()])):
            continue  # "Trade of two '08 E-350s undecided": the note says it is not settled
        if yes and not hypothetical(text, yes.start()) and not negated(text, yes.start(), 3) \
                and not re.search(r"\btrade (?:show|school|war)|\bdealer[- ]trade", text) and not _staff_offered(sentence, yes.start()) \
                and not re.search(r"\b(?:declined|refused|passed on|turned down|not interested in)\s+(?:a |the |our |free |sales |an? )*$",
                                  text[: yes.start()]) \
                and not re.match(r"\s*\(?\s*(?:stk|stock)\b", text[yes.end():]):  # "a 23 Highlander trade-in (stk P5588)": a unit on the lot
            found.append(Candidate(True, sentence))
            continue
        prompt = conversation.prompt_for(sentence)
        # Only a question about a trade is answered by "yes" or "nah": "landing around 710 with a trade" is not one.
        if sentence.index == 0 and _asks_about_trade(prompt):
            if _AFFIRM.match(text) or (any(m.model for m in sentence.vehicles) and not _DENY.match(text)):
                # "Trading anything?" "2020 ram 2500 big horn 89k miles"
                found.append(Candidate(True, sentence))
            elif _DENY.match(text):
                found.append(Candidate(False, sentence))
    return found
