"""Who decides with the customer, and how they want to be reached."""

from __future__ import annotations

import re

from ...retrieval.models import Role
from ..models import (
    Spouse,
)
from .conversation import Candidate, Conversation
from .cues import cue
from .text import clause_around, hypothetical, negated
from .vocab import catalogue, squash

# --- spouse or co-buyer ----------------------------------------------------------------------------------

_PARTNER = (r"wife|husband|husb|hubs|hubby|spouse|partner|fianc[eé]e?|girlfriend|boyfriend|co-?sign\w*|co-?buyers?|co-?applicant|"
            r"the missus|better half|significant other|mrs\.?|esposa|esposo|mi marido")
_RELATIVE = r"mom|dad|mother|father|brother|sister|son|daughter|uncle|aunt|grandma|grandpa|parents?"
_PARTNER_WORD = re.compile(rf"\b(?:my|our|his|her|cust'?s?|w/|and|with|plus)?\s*(?:{_PARTNER})\b", re.I)
_DECISION = re.compile(r"\b(?:we|we'?re|we'?d|we'?ll|our|us|co-?buyers?|figure|decid\w*|buy|ready|purchase|shopping|"
                       r"looking|agrees?|with me|see|sign|approve|approval|agree|decide|decision|come|look|drive|test|co-?sign|loan|"
                       r"talk|check|run it by|ok|okay|like|likes|want|wants|weigh|opinion|say|final|together|both|"
                       r"with me|bring|has to|needs? to|must|on the|app|application|vote|input|buying|sold|"
                       r"involved|decid)\w*", re.I)
_ALONE = re.compile(
    r"\b(?:(?<!for )just me|(?<!for )only me|i'?m the only one|it'?s just me|(?<!before )(?<!until )(?<!when )(?<!once )(?<!after )(?<!til )(?<!and )i decide|i'?m deciding|my (?:own )?decisions?|my call|"
    r"decides? (?:himself|herself|for (?:himself|herself))|makes? (?:his|her) own decisions?|(?<!anything )(?<!what )(?<!whatever )(?<!can )(?<!do )(?<!should )(?<!when )(?<!where )i sign\b(?![^.?!]*\?)|"
    r"(?:this one'?s|this one is|it'?s|its) all (?:me|on me)\b(?! (?:on|with) (?:the|my) (?:loan|title))|"
    r"sole (?:owner|signer|buyer|decision)|"
    r"no co[- ]?signer|no co[- ]?buyer|no (?:wife|husband|spouse|partner)\b(?!\s+(?:yet|around|today|with))|i'?m the one (?:deciding|who decides|signing|paying)|(?:nobody|no one|no-one) else (?:on|is|will be|involved|deciding|needs|has to)|"
    r"i'?m single|(?:buying|deciding|doing this|signing) (?:by|for) myself|on my own(?! (?:dime|time|money|car|insurance))|(?:going|buying|deciding|shopping) solo|"
    r"solo (?:buyer|purchase|deal)|single buyer|sole buyer|"
    r"only one on the (?:loan|title|app)|decides? alone|deciding alone|(?:buying|signing) alone|only one deciding)\b"
)
_TOGETHER = re.compile(
    r"\b(?:(?P<a>[a-z]+) and (?:i|me)(?!['’])|me and (?P<b>[a-z]+))\b[^.?!]{0,40}\b(?:agree|decid\w*|split\w*|went over|talk\w*|"
    r"both|together|sign|see|look|drive|come|coming|think|like|want|wants|are (?:looking|shopping|buying|leasing|getting))",
    re.I,
)
_NAME_STOP = {"and", "has", "have", "is", "was", "wants", "needs", "will", "would", "must", "to", "the", "i",
              "we", "my", "she", "he", "says", "said", "thinks", "likes", "loves", "hates", "can", "does", "did",
              "also", "really", "already", "still", "just", "if", "but", "so", "or", "who", "that", "this", "when",
              "gets", "works", "drives", "might", "may", "should", "could", "isn't", "doesn't", "wasn't", "cust",
              "customer", "saturday", "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "too", "as", "at", "on", "in", "for", "with", "are", "be", "been", "mom", "dad", "ok", "okay", "not",
              "bank", "credit", "union", "cu", "dealer", "manager", "desk", "finance", "lender", "insurance",
              "everyone", "everything", "nobody", "someone", "mgr", "gm", "sales", "svc", "service", "bdc",
              "yes", "yeah", "no", "nah", "si", "sí", "hey", "hi", "thanks",
              # colours and finishes: "interior Jet Black per wife" names a colour, not the wife
              "jet", "black", "white", "silver", "gray", "grey", "red", "blue", "green", "pearl", "onyx", "midnight",
              "crystal", "ruby", "sky", "cool", "summit", "shadow", "lunar", "celestial", "magnetic", "ice", "cap"}


_LOWERCASE_NOT_NAMES = {"wants", "needs", "thinks", "loves", "hates", "knows", "goes", "got", "gonna", "wanna", "works",
                        "drives", "really", "said", "says", "likes", "agrees", "and", "she", "he", "the", "who", "was",
                        "isnt", "doesnt", "wasnt", "cant", "wont", "didnt", "usually", "always", "never", "already",
                        "actually", "probably", "definitely", "totally", "pretty", "kinda", "sorta", "keeps", "kept",
                        "tells", "told", "wanted", "would", "could", "might", "can", "will", "just", "also", "still",
                        "does", "did", "had", "has", "thought", "asked", "asks"}


def _partner_name(text: str, match: re.Match, customer_names: frozenset[str] | set[str] = frozenset()) -> str | None:
    if re.match(r"co-?sign", match.group(0).strip(), re.I):
        relative = re.search(rf"\b(?i:{_RELATIVE})\s*\(?([A-Z][a-z]+)\b|\b([A-Z][a-z]+),?\s+(?i:my\s+)?(?i:{_RELATIVE})\b", text)
        if relative:
            name = relative.group(1) or relative.group(2)
            if name[0].isupper() and name.casefold() not in _NAME_STOP:
                return name
    after = text[match.end() : match.end() + 30]
    m = re.match(r"\s*[,(]?\s*(?:is\s+|named\s+|'s name is\s+)?([A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-Za-zà-ÿ][a-zà-ÿ]+)?)\b", after)
    if m and m.group(1).casefold() in customer_names:
        # "co-buyers Yesenia & Rigoberto", written by the customer Yesenia's salesperson: the other one
        m = re.match(r"\s*(?:&|and|\+|/)\s*([A-ZÀ-Ý][a-zà-ÿ]+)\b", text[match.end() + m.end() :])
    if m and m.group(1).casefold() not in _NAME_STOP | customer_names:
        return m.group(1)
    if text == text.casefold():
        # All-lowercase texting and speech-to-text: "my wife tanya she's gonna be on it".
        m = re.match(r"\s+([a-zà-ÿ]{3,})\b(?=\s+(?:she|he|is|'s|has|and|wants|needs|will|is gonna|gonna|says|"
                     r"said|likes|loves|agrees|co-?sign\w*|has to|must|too|also|[,.]))", after)
        if m and m.group(1) not in _NAME_STOP | _LOWERCASE_NOT_NAMES:
            return m.group(1).capitalize()
    before = text[max(0, match.start() - 30) : match.start()]
    m = re.search(r"\b([A-Z][a-z]+)(?:\s+[A-Z][a-z'-]+)?\s*[,(]?\s*(?:my|our|his|her|the)?\s*$", before)
    if m and m.group(1).casefold() not in _NAME_STOP and re.search(r"\b(?:my|our|his|her)\s*$", before) is None:
        return m.group(1)
    return None


_PARTNER_QUESTION = re.compile(rf"\b(?:your|the)\s+(?:{_PARTNER})\b[^?]*\b(?:loan|lease|deal|app|application|sign|"
                               rf"co-?sign\w*|decid\w*|involved|title|paperwork|come|be there|join)\b[^?]*\?", re.I)
_PARTNER_YES = re.compile(r"^\W*(?:yes|yeah|yea|ya|yep|yup|sure|definitely|absolutely|correct|(?:s?he|s?hes|s?he'?s|s?he is|"
                          r"s?he will|s?he'?ll)\b(?!\s*(?:not|n'?t)\b))", re.I)


def _answers_partner_question(conversation: Conversation, sentence) -> Candidate | None:
    """"Will your husband be on the loan too?" "yes hes on it with me. his name is Darnell": a yes to staff asking
    whether the partner takes part, with the name if the same message gives one."""
    if sentence.index != 0 or sentence.message.role is not Role.customer or sentence.is_note:
        return None
    if not _PARTNER_QUESTION.search(conversation.prompt_for(sentence)) or not _PARTNER_YES.match(sentence.text):
        return None
    return Candidate(Spouse(involved=True, name=_name_said(sentence.message.text)), sentence)


def _names_a_vehicle_maker(name: str) -> bool:
    """"nissan has to approve it": the maker's lender, not a person; "Sierra" and "Tacoma" are cars here too."""
    cat = catalogue()
    return squash(name) in cat.makes or squash(name) in cat.surfaces and not cat.surfaces[squash(name)].word


_PARTNER_ONLY = re.compile(rf"\b(?:{_PARTNER})\b", re.I)
_NAME_SAID = re.compile(r"\b(?:her|his|their) name(?:'s| is)\s+([A-Z][a-z]+|[a-z]{3,})\b")


def _name_said(text: str) -> str | None:
    """"her name is Keisha", "his name's darnell": the name, unless the word is no name."""
    said = _NAME_SAID.search(text)
    if said is None or said.group(1).casefold() in _NAME_STOP | _LOWERCASE_NOT_NAMES:
        return None
    return said.group(1).capitalize()
_RELATION_IN = re.compile(rf"\b(?P<rel>{_PARTNER}|{_RELATIVE})\b", re.I)


def partner_named(conversation: Conversation, evidence_texts: list[str]) -> str | None:
    """The name the history gives the person the spouse fact is about: "hes cosigning" after "my dad Ron", "wife
    wants to come too" beside "my wife keisha". The relation word comes from the fact's own evidence."""
    relations = {m.group("rel").casefold() for t in evidence_texts for m in _RELATION_IN.finditer(t)}
    relations -= {"co-signer", "cosigner", "co-buyer", "cobuyer", "co-sign", "cosign", "cosigning", "co-signing"}
    if not relations:
        return None
    pattern = re.compile(rf"\b(?:{'|'.join(re.escape(r) for r in sorted(relations))})\s*[,(]?\s*([A-Za-zÀ-ÿ][a-zà-ÿ]+|[A-Z]{{3,}})\b",
                         re.I)
    found = None
    for sentence in conversation.reported():
        if said := _name_said(sentence.text):
            around = f"{sentence.message.text} {conversation.prompt_for(sentence)}"
            if _PARTNER_ONLY.search(" ".join(evidence_texts)) and _PARTNER_ONLY.search(around) \
                    and not re.search(rf"\b(?:{_RELATIVE})\b", around, re.I):
                found = said  # "Is your wife on the deal too?" "ya shes on the loan w me. her name is Keisha"
        for m in pattern.finditer(sentence.text):
            name = m.group(1)
            written_as_name = name[0].isupper() or sentence.text == sentence.text.casefold()
            folded = name.casefold()
            if not written_as_name or folded in _NAME_STOP | _LOWERCASE_NOT_NAMES | _PRONOUNS | conversation.customer_names \
                    or re.fullmatch(_RELATIVE, folded) or _names_a_vehicle_maker(name) or len(name) < 3:
                continue
            found = name.capitalize()
    return found


def spouse_candidates(conversation: Conversation) -> list[Candidate]:
    found = []
    for sentence in conversation.reported():
        text = sentence.text
        if (m := _ALONE.search(sentence.lower)) and not hypothetical(sentence.lower, m.end()):
            if not re.search(r"\bjust me and\b|\bonly me and\b", sentence.lower):
                found.append(Candidate(Spouse(involved=False), sentence))
                continue
        if (answered := _answers_partner_question(conversation, sentence)) is not None:
            found.append(answered)
            continue
        for match in _PARTNER_WORD.finditer(text):
            word = match.group(0).strip().casefold()
            if not re.search(_PARTNER, word, re.I):
                continue
            if hypothetical(text, match.start()) or re.match(r"\s+(?:(?-i:[A-Z][a-z]+)\s+)?(?:might|may|could)\b", text[match.end():], re.I):
                continue  # "wife might want to look at a Bronco Sport someday": her maybe, not this decision
            if re.match(r"\s+of\b", text[match.end():]):
                continue  # "Linda Ortega (wife of Ray O)": the customer is the spouse; no one else decides
            if cue("dialogue.json", "someone_elses_thing").search(text[match.end():]):
                continue  # "wife's Odyssey oil chg", "Wife picked up 11:15": an errand, not a decision
            if re.search(r"co-?sign", word) and re.search(r"\b(?:i'?m|i am|i'?ll|i will|i)\s+(?:not|never|won'?t|can'?t)"
                                                       r"\s*(?:be\s*)?$", text[max(0, match.start() - 20) : match.start()], re.I):
                continue  # "I'm not cosigning, just helping": the customer about themselves
            asked = re.search(r"\b(?:anyone|anybody|someone|who)\b[^?]*\b(?:decision|decid|involved|sign|co-?sign|"
                              r"loan|look at it|see it)", conversation.prompt_for(sentence))
            cosigner = re.search(r"co-?sign|co-?buy|co-?app|co-?borrow|co-?less", word)
            if not sentence.is_note and not asked and not _DECISION.search(clause_around(text, match.start(), match.end())):
                continue  # "wife keeps her car", "my wife is taking our daughter ..., so I'll bring": not this decision
            if re.search(r"\b(?:didn'?t|did not|doesn'?t|does not|won'?t)\s+(?:weigh in|have a say|get a say|care)\b",
                         text[match.end():], re.I):
                continue  # "Girlfriend came with him in her Kia Soul, didn't weigh in"
            service_scope = text if sentence.is_note else text[match.end() : match.end() + 40]
            if not cosigner and cue("dialogue.json", "service_visit").search(service_scope):
                continue  # "Cody's wife has svc appt same AM", "Loaner out w/ husband Greg": a car's visit, not a deal
            if not cosigner and _PARTNERS_OWN.match(text[match.end() : match.end() + 40]):
                continue  # "Mrs. Harlan's Highlander", "Husband Paul drives a co.", "husband keeps joking": his own
            if re.match(r"\s+(?:would|will|is going to|is gonna|gonna|'d|'ll)\s+(?:kill|murder|divorce)\s+me\b", text[match.end():], re.I):
                continue  # "my husband would kill me": a figure of speech, not a say in the deal
            if re.match(r"\s*(?:says|said|sends?|say) (?:hi|hello|hey|thanks|her (?:best|love|regards)|his (?:best|regards))\b",
                        text[match.end():], re.I):
                continue  # "my wife says hi": a greeting passed on
            if _RIDE_ALONG.search(text[match.end() : match.end() + 60]) and not _DECIDES.search(text):
                continue  # "my husband can drive me", "Fiance Mark there for photos": along for the ride
            # Read on into the message: a note's " - " may have ended the sentence before the qualifier.
            read_on = sentence.message.text[sentence.start + match.end() : sentence.start + match.end() + 90]
            if re.search(r"\bnot (?:on|part of) (?:the|this) (?:deal|loan|contract|paperwork)\b", read_on, re.I):
                continue  # "Fiancée Brooke mentioned - borrowing it to move, not on the deal": no say in this one
            if re.search(r"\blate\s*$", text[: match.start()], re.I) or re.match(
                    r"[^.]{0,20}\b(?:passed|died|passed away)\b", text[match.end():], re.I):
                continue  # "my husband George passed in September": remembered, not deciding
            if re.search(r"\bfor (?:himself|herself)\b|\b(?:his|her) own\b", text[match.end():], re.I):
                continue  # "my husband wants a Santa Fe for himself": his purchase, not this one
            if re.search(r"co-?sign|co-?buyer|co-?applicant|co-?borrow|co-?less", word) and re.search(
                    r"\b(?:removed|taken off|dropped|came off|coming off|off)\s+(?:as|from)?\s*(?:the\s+|a\s+)?$",
                    text[: match.start()], re.I):
                found.append(Candidate(Spouse(involved=False), sentence))
                break  # "Tyler removed as co-applicant": the customer signs alone now
            if negated(text, match.start(), 3) and re.search(r"co-?sign|co-?buyer|co-?applicant", word):
                found.append(Candidate(Spouse(involved=False), sentence))
                break
            clause = text[match.end() : match.end() + 45].casefold()
            if re.match(r"[^.?!,]{0,20}\b(?:doesn'?t|does not|won'?t|isn'?t|is not|has no|has nothing) (?:need to |have to |care|"
                        r"get a say|involved|on the loan|on the lease|part of|to do with|say)|[^.?!,]{0,40}\b(?:not involved|not on (?:the )?(?:loan|app|lease|contract|title|paperwork|deal)|"
                        r"staying out|stays out|out of it|no say|not part of)", clause) and not re.search(r"but|though", clause):
                found.append(Candidate(Spouse(involved=False), sentence))
                break
            name = _partner_name(text, match, conversation.customer_names)
            found.append(Candidate(Spouse(involved=True, name=None if name and _names_a_vehicle_maker(name) else name),
                                   sentence))
            break
        else:
            if sentence.is_note and (pair := _NOTE_COUPLE.match(text)):
                first, second = pair.group(1), pair.group(2)
                other = second if first.casefold() in conversation.customer_names else \
                    first if second.casefold() in conversation.customer_names else None
                if other and not _names_a_vehicle_maker(other):
                    # "Jorge & Lupe R - switched Pilot -> Odyssey": a CRM note headed with the couple's names
                    found.append(Candidate(Spouse(involved=True, name=other.capitalize()), sentence))
                    continue
            together = _TOGETHER.search(text) or _NAMED_DECIDER.search(text)
            name = together and (together["a"] or together["b"])
            if together and re.search(r"\b(?:the|a|an|my|our|his|her|their|this|that)\s+$", text[: together.start()], re.I):
                name = None  # "They took the Colorado and I used my credit union": a thing, not a person
            if together and re.search(r"\b(?:it'?s|its|it is)\s+(?:his|her|their)\s+(?:own\s+)?(?:truck|car|vehicle|van|suv)\b", text, re.I):
                name = None  # "Jeff has to ok it since it's his truck": the owner of the truck, not a co-buyer
            if together and _KIN_OR_FRIEND_BEFORE.search(text[: together.start()]) and not re.search(r"co-?sign", text, re.I):
                name = None  # "my cousin Dre wants to come look with me, he knows trucks": help, not a co-buyer
            if name and name.casefold() not in _NAME_STOP | _PRONOUNS | conversation.customer_names | conversation.staff_names \
                    and not _names_a_vehicle_maker(name) \
                    and not re.fullmatch(_RELATIVE, name, re.I) \
                    and (name[0].isupper() or name.casefold() in conversation.capitalised_words):
                found.append(Candidate(Spouse(involved=True, name=name.capitalize()), sentence))
    return found


_PARTNERS_OWN = re.compile(r"\s*(?:[A-Z][a-z]+\s*)?(?:'s|’s)\s+(?:'?\d{2}\s+)?(?-i:[A-Z]\w+)|"
                           r"\s*(?:[A-Z][a-z]+\s*)?(?:'s|’s)\s+(?:'?\d{2}\s+)?(?:car|truck|suv|van|lease|loaner|appt|appointment|service|svc)\b|"
                           r"\s*\)?\s*(?:'s\s+|’s\s+)?(?-i:[A-Z][\w-]+)\s+lease\b|"
                           r"\s*(?:[A-Z][a-z]+\s+)?(?:(?:has|owns|leases) (?:an?|the|her|his) (?:'?\d{2}\s+)?(?:(?-i:[A-Z][\w-]*)|car|truck|suv|van)|"
                           r"drives (?:an?\s+|(?=[A-Z]))|keeps (?:joking|telling|saying|bugging|nagging|asking|our|his|her|the)|"
                           r"(?:is )?keeping (?:our|his|her|the)|jokes?|joking)\b")
_RIDE_ALONG = re.compile(r"\b(?:(?:can|could|will|'ll|to) (?:drive|bring|take|drop) (?:me|her|him)|drove (?:me|her|him)|driving (?:me|her|him)|"
                         r"giv(?:e|ing) (?:me|her|him) a ride|drop(?:ping|s)? (?:(?:me|her|him|it|the \w+) )?off|there for (?:photos|pictures|pics)|"
                         r"tag(?:ging)? along|came along|coming along|along for the ride|for (?:photos|pictures|pics))\b", re.I)
_DECIDES = re.compile(r"\b(?:decid\w*|approve|sign|co-?sign\w*|on the (?:loan|lease|title)|has to (?:see|like|love|okay|ok)|"
                      r"agree\w*|final say|together)\b", re.I)
_NOTE_COUPLE = re.compile(r"^\s*([A-Z][a-zA-Z]+)\s*(?:&|\+|and)\s*([A-Z][a-zA-Z]+)(?:\s+[A-Z]\.?)?\s*(?:-|–|:|\(|$)")
_KIN_OR_FRIEND_BEFORE = re.compile(r"\b(?:my|his|her|our)\s+(?:cousin|brother|bro|sister|sis|friend|buddy|pal|dad|father|"
                                   r"mom|mother|uncle|aunt|son|daughter|neighbou?r|co-?worker|boss|roommate|mechanic)\s+$",
                                   re.I)
_NAMED_DECIDER = re.compile(r"\b(?P<a>[A-Za-z][a-z]+)(?P<b>)\s+(?:agrees|approved(?!\s+(?:me|us|my|our|him|her|them|the (?:loan|app|application)|for)\b)|signed off|(?:has|gets) (?:the )?final say|(?:has to|needs to|wants to|will want to|must|gets to)\s+"
                            r"(?:see|sign|approve|drive|look|come|check|test|okay|ok)\b|(?:is |'s )?(?:going|gonna be|will be)"
                            r"\s+on the (?:loan|app|application|title|contract)|(?:is |will )?co-?sign\w*)")
_PRONOUNS = {"he", "she", "they", "you", "it", "we", "us", "them", "him", "her", "everyone", "everybody", "both",
             "friend", "friends", "kids", "family"}


# --- preferred contact -----------------------------------------------------------------------------------

_CHANNEL_WORDS = {
    "text": r"texts?|texting|txt|sms|message me|text message",
    "call": r"call(?:s|ing)?|phone(?: call)?|ring me|cell",
    "email": r"e-?mails?|e-?mailing",
}
_STAFF_REACHED = re.compile(r"\b(?:told|sent|messaged|replied to|answered|reached|contacted|quoted|followed up with)\s+"
                            r"(?:him|her|them|cust\w*)?\s*(?:by|via|over|an?)?\s*$")
_PREFERENCE = re.compile(r"\b(?:best|prefer(?:red|s)?|pref|only|just|easiest|easier|better|rather|reach me|contact me|"
                         r"keep it to|stick to|(?:reply|respond|answer|write back) (?:by|via|over)|"
                         r"get (?:a hold of|ahold of|in touch with) me|way to|works? (?:best|better)|go-?to|fine|instead|"
                         r"from (?:here|now) on|going forward|quicker|faster|next time)\b")
_USELESS_AFTER = re.compile(r"^[^.,;]{0,12}?\b(?:are|is|gets?|goes)\s+(?:pointless|useless|no good|a waste|hopeless|"
                            r"buried|lost|ignored|unread|a no[- ]?go|(?:really |so |pretty )?(?:hard|tough|difficult|impossible)|"
                            r"not (?:good|great|possible|an option))\b")
_PREFERENCE_STRONG = re.compile(r"\b(?:best|prefer\w*|only|rather|easiest)\b")
_NEGATED_CHANNEL = (r"(?:don'?t|do not|can'?t|cannot|won'?t|no|not|never|nowhere near|away from|hate|avoid|rather not|instead of|rather than|"
                    r"not great at|bad at)\s+(?:\w+\s+){0,3}?")


_LEAD_AFTER = re.compile(r"\s+(?:lead|leads|inquiry|inquiries)\b")


def _after_channel_word(text: str, at: int) -> str:
    """What follows the channel word at `at`, past any "-only": " lead so far" in "email-only lead so far"."""
    rest = re.match(r"[\w-]+(.{0,20})", text[at:])
    return rest.group(1) if rest else ""


def contact_candidates(conversation: Conversation) -> list[Candidate]:
    found = []
    for sentence in conversation.reported():
        text = sentence.lower
        prompt = conversation.prompt_for(sentence)
        asked = re.search(r"best (?:way|number|time)|how (?:should|do you want|would you like) (?:we|me|us) (?:to )?"
                          r"(?:reach|contact)|prefer (?:a )?(?:call|text|email)|"
                          r"(?:an? )?(?:call|text|e-?mail) or (?:an? )?(?:call|text|e-?mail)|"
                          r"(?:good|ok|okay|fine) (?:for|to) (?:texts?|calls?|e-?mails?)[^?]*\?", prompt)
        preferred: list[tuple[int, str]] = []
        for channel, words in _CHANNEL_WORDS.items():
            for match in re.finditer(rf"\b(?:{words})\b", text):
                if re.search(_NEGATED_CHANNEL + r"$", text[max(0, match.start() - 30) : match.start()]):
                    continue
                if _USELESS_AFTER.match(text[match.end() : match.end() + 30]):
                    continue  # "calls are pointless", "email gets buried"
                if sentence.is_note and _STAFF_REACHED.search(text[max(0, match.start() - 30) : match.start()]):
                    continue  # "told him by text", "sent an email": how staff answered, not how they want to be reached
                if channel == "call" and re.search(r"\b(?:i'?ll|i will|will|we'?ll|let me|gonna|i'?d just|i'?d) call\b|"
                                                   r"(?:on|from|during) (?:the|a|our|this) (?:phone|call)|phone number|"
                                                   r"call (?:you|back|in|them|y'?all)\b|called|calling (?:you|back|in)",
                                                   text[max(0, match.start() - 12) : match.end() + 8]):
                    continue
                if re.search(r"\b(?:can|could|should|may) (?:i|we) (?:just )?(?:text|e-?mail|call|send)\b[^.!]*\?", text):
                    continue  # "can i just text it?": asking how to send something, not how to be reached
                if channel == "text" and re.search(r"(?:i'?ll|i will|will|let me) text", text):
                    continue
                if channel == "email" and re.search(r"my e-?mail (?:address )?is|e-?mail (?:address|:)|@", text) \
                        and not re.search(r"\be-?mail (?:is|works) (?:best|better|easiest)|\be-?mail me\b|\bby e-?mail\b", text):
                    continue
                preferred.append((match.start(), channel))
        if not preferred:
            continue
        preferred = [(at, c) for at, c in preferred if not _LEAD_AFTER.match(_after_channel_word(text, at))]
        if not preferred:
            continue  # "Email-only lead so far": how the lead came in, not how they want to be reached
        if len({c for _, c in preferred}) > 1 and (re.search(r"\b(?:or|either|both|whichever|any)\b|\w/\w", text) or cue(
                "dialogue.json", "no_channel_preference").search(text)) and not _PREFERENCE_STRONG.search(text):
            continue  # "call or email, either is fine", "email, text, whatever": no preference
        position, channel = min(preferred)
        # "cant hear a phone anyway", "can't take calls": the other way of reaching them refused.
        refused_other = re.search(_NEGATED_CHANNEL + r"(?:call|text|e-?mail|phone)", text) or re.search(
            r"\b(?:calls?|texts?|e-?mails?|phone)\b" + _USELESS_AFTER.pattern.removeprefix("^"), text)
        if _PREFERENCE.search(text) or refused_other or (sentence.is_note and re.search(
                r"\b(?:texts?|calls?|phone|e-?mails?)\s+only\b|\bonly\s+(?:by\s+|via\s+)?(?:texts?|calls?|phone|e-?mails?)\b|"
                r"\bpref\w*\b|\bwants?\b[^.;]{0,25}\b(?:by|via|over)\s+(?:text|call|phone|e-?mail)", text)):
            found.append(Candidate(channel, sentence))
        elif sentence.is_note:
            continue  # "Sent intro text", "Called x1": what staff did, not what the customer wants
        elif asked or re.match(rf"^\W*(?:(?:please|pls|just|ok|okay|yes|yeah|yea|ya|yep|sure|and|also|so|nah|no|nope|naw)\W+)*"
                               rf"(?:{_CHANNEL_WORDS[channel]})\s+"
                               r"(?:me|is|works|only|(?:it|them|those|that|the \w+|some) (?:to|over to) me)\b", text) \
                or re.search(r"\b(?:shoot|send|drop|give|flick) me an? (?:text|call|e-?mail|line)\b|"
                             r"^\W*(?:can|could|would) (?:you|u|ya) (?:just |please |pls )?(?:text|e-?mail) me\b"
                             r"(?=\s*(?:[?.!,]|$|instead|please|pls|back|when|once|later|tomorrow|tonight))", text):
            found.append(Candidate(channel, sentence, 2 if asked else 1))
    return found
