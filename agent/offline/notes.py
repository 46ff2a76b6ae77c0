"""Concerns the customer voiced and promises staff made: found by their wording."""

from __future__ import annotations

import re

# --- concerns and promises -------------------------------------------------------------------------------

CONCERN = re.compile(
    r"\b(?:worried|worry|concern(?:ed)?|afraid|nervous|scared|don'?t want|too (?:expensive|small|big|cramped)|"
    r"important|must have|must-have|need(?:s)? (?:a|to have|room|space|good|better)|priority|really want|safety|"
    r"safe|reliab\w*|gas mileage|mpg|fuel|third row|3rd row|tow(?:ing)?|warranty|credit|hidden fees|fees|"
    r"rate|interest|insurance|maintenance|car ?seats?|room for|commute|hate|deal ?breaker)\b"
)
PROMISE = re.compile(
    r"\b(?:i'?ll|i will|we'?ll|we will|i'?m going to|we'?re going to|will (?:send|text|email|call|get|have|hold|"
    r"run|check|follow)|promised|promise|let me (?:get|send|check|find|see|run)|i can (?:send|set up|get|have)|"
    r"follow(?:ing)? up|f/u|going to send|gonna send|to send|to text|to call|to email)\b"
)
