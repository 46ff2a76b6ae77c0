"""A vocabulary of US-market makes, model lines and trims, and a finder for vehicle mentions in text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MODELS: dict[str, str] = {
    "Chevrolet": "Silverado|Silverado EV|Equinox EV|Blazer EV|Colorado|Tahoe|Suburban|Equinox|Traverse|Trailblazer|Trax|Blazer|Malibu|"
                 "Camaro|Corvette|Bolt|Bolt EUV|Spark|Express|Impala|Cruze|Sonic",
    "GMC": "Sierra|Sierra EV|Canyon|Yukon|Yukon XL|Acadia|Terrain|Savana|Hummer EV",
    "Ford": "F-150|F-250|F-350|F-450|Ranger|Maverick|Explorer|Expedition|Escape|Edge|Bronco|Bronco Sport|"
            "Mustang|Mustang Mach-E|Transit|Transit Connect|Fusion|Focus|EcoSport|Flex|Taurus|Lightning",
    "Ram": "1500|2500|3500|ProMaster|ProMaster City",
    "Toyota": "Camry|Corolla|Corolla Cross|RAV4|Highlander|Grand Highlander|Tacoma|Tundra|4Runner|Sienna|Sequoia|"
              "Prius|Venza|Supra|Avalon|bZ4X|Crown|C-HR|GR86|Land Cruiser",
    "Honda": "Civic|Accord|CR-V|HR-V|Pilot|Passport|Odyssey|Ridgeline|Fit|Insight|Prologue|Element",
    "Nissan": "Altima|Sentra|Maxima|Rogue|Rogue Sport|Murano|Pathfinder|Armada|Frontier|Titan|Kicks|Versa|Leaf|Ariya|"
              "Juke|Z",
    "Hyundai": "Elantra|Sonata|Tucson|Santa Fe|Santa Cruz|Palisade|Kona|Venue|Ioniq 5|Ioniq 6|Accent|Veloster",
    "Kia": "Telluride|Sorento|Sportage|Soul|Forte|K5|Seltos|Carnival|Niro|EV6|EV9|Rio|Stinger|Optima|Sedona",
    "Subaru": "Outback|Forester|Crosstrek|Ascent|Impreza|Legacy|WRX|BRZ|Solterra",
    "Mazda": "CX-5|CX-50|CX-30|CX-90|CX-70|CX-9|Mazda3|Mazda6|MX-5 Miata|Miata",
    "Volkswagen": "Jetta|Passat|Tiguan|Atlas|Atlas Cross Sport|Taos|Golf|GTI|ID.4|Arteon",
    "Jeep": "Wrangler|Grand Cherokee|Cherokee|Gladiator|Compass|Renegade|Wagoneer|Grand Wagoneer",
    "Dodge": "Charger|Challenger|Durango|Hornet|Journey|Grand Caravan",
    "Chrysler": "Pacifica|Voyager|300",
    "Buick": "Enclave|Encore|Encore GX|Envision|Envista|LaCrosse",
    "Cadillac": "Escalade|XT4|XT5|XT6|CT4|CT5|Lyriq|CTS|ATS|SRX|DTS|XTS",
    "Lincoln": "Navigator|Aviator|Nautilus|Corsair|MKZ|MKX",
    "BMW": "3 Series|5 Series|7 Series|X1|X3|X5|X7|i4|iX",
    "Mercedes-Benz": "C-Class|E-Class|S-Class|GLA|GLB|GLC|GLE|GLS|Sprinter",
    "Audi": "A3|A4|A6|Q3|Q5|Q7|Q8|e-tron",
    "Lexus": "RX|NX|ES|GX|LX|UX|IS|TX",
    "Acura": "MDX|RDX|TLX|Integra|ILX",
    "Infiniti": "QX50|QX60|QX80|Q50",
    "Volvo": "XC40|XC60|XC90|S60|V60",
    "Mitsubishi": "Outlander|Outlander Sport|Eclipse Cross|Mirage",
    "Genesis": "G70|G80|G90|GV70|GV80",
    "Porsche": "Cayenne|Macan|911",
    "Land Rover": "Range Rover|Defender|Discovery",
    "Tesla": "Model 3|Model Y|Model S|Model X|Cybertruck",
}

MAKE_ALIASES: dict[str, str] = {
    "chevy": "Chevrolet", "chevrolet": "Chevrolet", "gmc": "GMC", "ford": "Ford", "ram": "Ram", "dodge ram": "Ram",
    "toyota": "Toyota", "honda": "Honda", "nissan": "Nissan", "hyundai": "Hyundai", "kia": "Kia", "subaru": "Subaru",
    "mazda": "Mazda", "vw": "Volkswagen", "volkswagen": "Volkswagen", "jeep": "Jeep", "dodge": "Dodge",
    "chrysler": "Chrysler", "buick": "Buick", "cadillac": "Cadillac", "caddy": "Cadillac", "lincoln": "Lincoln",
    "bmw": "BMW", "mercedes": "Mercedes-Benz", "mercedes-benz": "Mercedes-Benz", "benz": "Mercedes-Benz",
    "audi": "Audi", "lexus": "Lexus", "acura": "Acura", "infiniti": "Infiniti", "volvo": "Volvo",
    "mitsubishi": "Mitsubishi", "genesis": "Genesis", "porsche": "Porsche", "land rover": "Land Rover",
    "tesla": "Tesla",
}

# Model names that are also ordinary words, places or first names: they count only when capitalised,
# next to their make, after a model year, or followed by a trim.
AMBIGUOUS = {
    "edge", "escape", "pilot", "compass", "journey", "fit", "soul", "venue", "ranger", "frontier", "titan", "leaf",
    "legacy", "ascent", "atlas", "passport", "odyssey", "explorer", "expedition", "bronco", "maverick", "mustang",
    "charger", "challenger", "accord", "sierra", "terrain", "enclave", "encore", "envision", "rio", "carnival",
    "element", "insight", "kicks", "rogue", "spark", "canyon", "golf", "eclipse cross", "mirage", "colorado",
    "tacoma", "santa fe", "tahoe", "yukon", "crown", "express", "flex", "transit", "focus", "fusion", "sonic",
    "lightning", "hornet", "defender", "discovery", "navigator", "aviator", "corsair", "forte", "niro", "crosstrek",
    "outback", "impala", "sedona", "optima", "stinger", "integra", "voyager", "pacifica", "taurus", "juke", "z",
    "1500", "2500", "3500", "300", "911", "rx", "nx", "es", "gx", "lx", "ux", "is", "tx", "a3", "a4", "a6",
    "x1", "x3", "x5", "x7", "i4", "ix", "q3", "q5", "q7", "q8", "gla", "glb", "glc", "gle", "gls", "k5",
}

# Models whose own name is enough to name the make even when other makes share nothing like it.
TRIMS = (
    "High Country|Trail Boss|LTZ|LT|LS|RST|ZR2|Z71|Premier|XLE|XSE|LE|SE|SR5|SR|TRD Pro|TRD Off-Road|TRD Sport|"
    "Limited|Platinum|XLT|Lariat|King Ranch|Raptor|Tremor|Titanium|ST-Line|ST|Sport|Touring|EX-L|EX|LX|Elite|"
    "TrailSport|Type R|Si|Big Horn|Laramie|Rebel|Longhorn|Tradesman|Sahara|Rubicon|Willys|Trailhawk|Overland|Summit|"
    "Altitude|Latitude|Denali Ultimate|Denali|AT4X|AT4|SLT|SLE|Elevation|Pro-4X|SV|SL|Calligraphy|N Line|SEL|"
    "Preferred|Ultimate|GT-Line|GT|SX Prestige|SX|Wilderness|Premium Plus|Premium|Onyx|Woodsman|Badlands|"
    "Outer Banks|Black Edition|Nightshade|Prestige|Essence|Avenir|Sport Touring|Grand Touring|Carbon Edition|"
    "Preferred Plus|Trail|Base|Select|Convenience|Luxury|Reserve|Tungsten|Warlock|Night Edition|Red Sky|"
    "1LT|2LT|3LT|1RS|2RS|LT1|2FL|1FL|Premium Luxury|X-Line|X-Pro|Type S|A-Spec|Advance|Technology|SEL Premium|XLE Premium|SE with Technology|SE Technology|Limited Platinum|XL|R/T|SXT|Scat Pack|SRT|"
    "GT Premium|EcoBoost Premium|Dark Horse|Sport Premium|xDrive30i|xDrive40i|xDrive50e|sDrive30i|M40i|M50i|M60i|"
    "xDrive30|xDrive40|Premium Luxury|Sport Touring|Touring-L|EX-L|Hybrid Limited|LX Premium|ES|ESL"
)
_TRIM_NAMES = set(TRIMS.split("|"))
_LOOSE_TRIM = re.compile(
    r"(?<![\w/-])(?P<trim>" + "|".join(sorted((re.escape(t) for t in _TRIM_NAMES), key=len, reverse=True)) +
    r")(?![\w/-])(?P<suffix>\s+trim)?"
)

_AMBIGUOUS_KEYS = {re.sub(r"[\s.-]", "", a) for a in AMBIGUOUS}

_YEAR = r"(?:(?:19|20)\d{2}|'\d{2}|\d{2})"


@dataclass(frozen=True)
class VehicleMention:
    start: int
    end: int
    make: str | None
    model: str | None
    year: int | None = None
    trim: str | None = None


def _flexible(name: str) -> str:
    """`F-150` also matches `F150` and `f 150`; `CR-V` matches `crv`; `Grand Cherokee` any spacing."""
    parts = re.findall(r"[A-Za-z]+|\d+|\.", name)
    pattern = ""
    for index, part in enumerate(parts):
        if index:
            pattern += r"[\s-]?" if part != "." else ""
        pattern += re.escape(part) if part != "." else r"\.?"
    return pattern


@lru_cache(maxsize=1)
def _patterns():
    surfaces: dict[str, tuple[str, str]] = {}
    for make, models in MODELS.items():
        for model in models.split("|"):
            surfaces[model.casefold()] = (make, model)
    surfaces["miata"] = ("Mazda", "MX-5 Miata")
    surfaces["mazda 3"] = ("Mazda", "Mazda3")
    surfaces["mazda 6"] = ("Mazda", "Mazda6")
    surfaces["mach-e"] = ("Ford", "Mustang Mach-E")
    surfaces["4 runner"] = ("Toyota", "4Runner")
    for code, numbers in {"RX": "350 350h 450h 500h", "NX": "250 350 350h 450h", "ES": "250 300h 350",
                          "GX": "460 550", "IS": "300 350 500", "UX": "250h 300h", "TX": "350 500h", "LX": "600"}.items():
        for number in numbers.split():
            surfaces[f"{code}{number}".casefold()] = ("Lexus", code)
    surfaces["silverado 1500"] = ("Chevrolet", "Silverado")
    surfaces["sierra 1500"] = ("GMC", "Sierra")
    for heavy in ("2500", "3500"):
        for line, make in (("Silverado", "Chevrolet"), ("Sierra", "GMC")):
            for spelling in (f"{line} {heavy}", f"{line} {heavy}HD", f"{line} {heavy} HD"):
                surfaces[spelling.casefold()] = (make, f"{line} {heavy}HD")
    ordered = sorted(surfaces, key=len, reverse=True)
    model_alt = "|".join(_flexible(s) for s in ordered)
    make_alt = "|".join(_flexible(m) for m in sorted(MAKE_ALIASES, key=len, reverse=True))
    trim_alt = "|".join(_flexible(t) if "/" not in t else re.escape(t)
                        for t in sorted(TRIMS.split("|"), key=len, reverse=True))
    vehicle = re.compile(
        rf"(?<![\w$])(?:(?P<year>{_YEAR})\s+)?(?:(?P<make>{make_alt})\s+)?(?P<model>{model_alt})(?:s|es|'s)?(?![\w])"
        rf"(?:\s+(?:hybrid|plug-in hybrid|awd|4x4|4wd|crew\s*cab|double\s*cab|quad\s*cab|regular\s*cab|1500)?\s*"
        rf"(?P<trim>{trim_alt})(?![\w-]))?",
        re.I,
    )
    make_only = re.compile(rf"(?<![\w$])(?:(?P<year>{_YEAR})\s+)?(?P<make>{make_alt})(?![\w-])", re.I)
    lookup = {re.sub(r"[\s.-]", "", k): v for k, v in surfaces.items()}
    trims = {re.sub(r"[\s-]", "", t).casefold(): t for t in TRIMS.split("|")}
    return vehicle, make_only, lookup, trims


def _plausible_bare_model(text: str, match: re.Match, surface: str) -> bool:
    """A model name that is also a word, a place or a code, seen without its make, year or trim."""
    if surface.isdigit():
        return False  # "1500" alone is a number, not a Ram
    if surface.isalpha() and len(surface) <= 3:
        # "IS", "ES", "RX" are words in shouted text; "RX 350", "RX350h" or "another RX" is the Lexus.
        determiner = re.search(r"\b(?:the|a|an|another|new|my|our|used)\s+$", text[: match.start("model")], re.I)
        suffixed = re.match(r"\s?\d{3}[a-z]?\b", text[match.end("model") :]) is not None
        # "the LX" at a Honda store is a trim: LX needs its make or its number.
        return surface.isupper() and (suffixed or (determiner is not None and surface != "LX"))
    if any(ch.isdigit() for ch in surface):
        return any(ch.isupper() for ch in surface)
    if not surface[0].isupper():
        return False
    before = text[: match.start("model")]
    return not (_PLACE_BEFORE.search(before) or _PLACE_AFTER.match(text[match.end("model") :]))


_MAKE_AS_COMPANY = re.compile(r"^\s*(?:financial|finance|motor credit|credit|capital|of\b|dealer|dealership|service|"
                              r"store|plaza|country|world|corporate|customer|rewards|card|app|website|'s website)",
                              re.I)


def _loose_trim(sentence: str) -> str | None:
    """A trim named elsewhere in the sentence: "the XLE", "Sport trim". Exact case, so "sport" the word is not one."""
    for match in _LOOSE_TRIM.finditer(sentence):
        name = match["trim"]
        if name in _TRIM_NAMES and (match["suffix"] or len(name) > 3 or name.isupper()):
            return name
    return None


_PLACE_BEFORE = re.compile(r"(?:\b(?:in|to|from|near|at|lake|grand|mount|mt\.?|of)\s+)$", re.I)
_PLACE_AFTER = re.compile(r"^\s*(?:springs|county|city|river|mountains?|nevada|lake|state)\b", re.I)


def _year(text: str | None, reference_year: int) -> int | None:
    if not text:
        return None
    digits = text.lstrip("'")
    if len(digits) == 4:
        return int(digits)
    value = int(digits)
    # Two-digit years: the ones a dealership sees are from the 1990s up to next year's models.
    if value <= (reference_year % 100) + 1:
        return 2000 + value
    if value >= 90:
        return 1900 + value
    return None


def find_vehicles(text: str, reference_year: int = 2026) -> list[VehicleMention]:
    vehicle, make_only, lookup, trims = _patterns()
    found: list[VehicleMention] = []
    taken: list[tuple[int, int]] = []
    for match in vehicle.finditer(text):
        surface = match["model"]
        key = re.sub(r"[\s.-]", "", surface).casefold()
        make, model = lookup[key]
        said_make = MAKE_ALIASES.get(re.sub(r"\s+", " ", match["make"]).casefold()) if match["make"] else None
        if said_make and said_make != make:
            continue  # "Honda Sierra" is not a GMC; the words matched something else
        year = _year(match["year"], reference_year)
        if match["year"] and year is None:
            continue
        short_code = surface.isalpha() and len(surface) <= 3
        year_confirms = match["year"] and len(match["year"]) == 4 and not short_code
        if key in _AMBIGUOUS_KEYS and not (said_make or match["trim"] or year_confirms):
            if not _plausible_bare_model(text, match, surface):
                continue
        trim = trims.get(re.sub(r"[\s-]", "", match["trim"]).casefold()) if match["trim"] else None
        if trim is None:
            trim = _loose_trim(text)
        found.append(VehicleMention(match.start(), match.end(), make, model, year, trim))
        taken.append((match.start(), match.end()))
    for match in make_only.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        make = MAKE_ALIASES[re.sub(r"\s+", " ", match["make"]).casefold()]
        word = match["make"]
        if make in {"Ram", "Genesis", "Lincoln"} and not word[0].isupper():
            continue
        if make == "Lincoln" and _PLACE_AFTER.match(text[match.end():]):
            continue
        if _MAKE_AS_COMPANY.match(text[match.end():]):
            continue  # "Honda Financial", "Toyota of Austin": the company, not a vehicle
        year = _year(match["year"], reference_year)
        found.append(VehicleMention(match.start(), match.end(), make, None, year if match["year"] else None))
    return sorted(found, key=lambda m: m.start)
