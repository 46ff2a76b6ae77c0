"""A vocabulary of US-market makes, model lines and trims, and a finder for vehicle mentions in text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MODELS: dict[str, str] = {
    "Chevrolet": "Silverado|Silverado HD|Colorado|Tahoe|Suburban|Equinox|Traverse|Trailblazer|Trax|Blazer|Malibu|"
                 "Camaro|Corvette|Bolt|Bolt EUV|Spark|Express|Impala|Cruze|Sonic",
    "GMC": "Sierra|Canyon|Yukon|Yukon XL|Acadia|Terrain|Savana|Hummer EV",
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
    "Cadillac": "Escalade|XT4|XT5|XT6|CT4|CT5|Lyriq",
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
    "Preferred Plus|Trail|Base|Select|Convenience|Luxury|Reserve|Tungsten|Warlock|Night Edition|Red Sky"
)

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
    surfaces["silverado 1500"] = ("Chevrolet", "Silverado")
    surfaces["sierra 1500"] = ("GMC", "Sierra")
    for heavy in ("2500", "3500"):
        surfaces[f"silverado {heavy}"] = ("Chevrolet", "Silverado HD")
        surfaces[f"sierra {heavy}"] = ("GMC", "Sierra HD")
    ordered = sorted(surfaces, key=len, reverse=True)
    model_alt = "|".join(_flexible(s) for s in ordered)
    make_alt = "|".join(_flexible(m) for m in sorted(MAKE_ALIASES, key=len, reverse=True))
    vehicle = re.compile(
        rf"(?<![\w$])(?:(?P<year>{_YEAR})\s+)?(?:(?P<make>{make_alt})\s+)?(?P<model>{model_alt})(?![\w])"
        rf"(?:\s+(?:hybrid|plug-in hybrid|awd|4x4|4wd|crew\s*cab|double\s*cab|quad\s*cab|regular\s*cab|1500)?\s*"
        rf"(?P<trim>{TRIMS})(?![\w-]))?",
        re.I,
    )
    make_only = re.compile(rf"(?<![\w$])(?:(?P<year>{_YEAR})\s+)?(?P<make>{make_alt})(?![\w-])", re.I)
    lookup = {re.sub(r"[\s.-]", "", k): v for k, v in surfaces.items()}
    trims = {re.sub(r"[\s-]", "", t).casefold(): t for t in TRIMS.split("|")}
    return vehicle, make_only, lookup, trims


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
        if key in {re.sub(r"[\s.-]", "", a) for a in AMBIGUOUS}:
            two_digit_only = match["year"] and len(match["year"].lstrip("'")) == 2 and not said_make
            confirmed = said_make or (year and not two_digit_only and not surface.isdigit()) or match["trim"]
            if surface.isdigit() and not said_make:
                continue  # "1500" alone is a number, not a Ram
            if not confirmed and not (surface[0].isupper() and not surface.isupper() or (surface.isupper() and len(surface) <= 3 and not surface.isdigit())):
                continue
            if not confirmed and surface.isupper() and len(surface) <= 3 and key not in {"rx", "nx", "gx", "x5", "x3"}:
                if not said_make:
                    continue
            before = text[: match.start("model")]
            if not said_make and (_PLACE_BEFORE.search(before) or _PLACE_AFTER.match(text[match.end("model"):])):
                continue
        trim = trims.get(re.sub(r"[\s-]", "", match["trim"]).casefold()) if match["trim"] else None
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
        year = _year(match["year"], reference_year)
        found.append(VehicleMention(match.start(), match.end(), make, None, year if match["year"] else None))
    return sorted(found, key=lambda m: m.start)
