"""Terminal views: a brief that fits one screen, and the eval table."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..agent.describe import LABELS, describe
from ..agent.models import FACT_NAMES, Brief
from ..retrieval.models import Customer, Message, Role

QUOTE_WIDTH = 70
DONT_ASK_SHORT = {
    "vehicle_interest": "vehicle", "purchase_type": "lease or buy", "payment_target": "payment",
    "down_payment": "down payment", "trade_in": "trade-in", "financing": "financing", "spouse": "who decides",
    "deadline": "timeline", "preferred_contact": "how to reach them",
}


def _short(text: str, width: int = QUOTE_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _when(at) -> str:
    return f"{at:%b} {at.day}"


def render_brief(brief: Brief, console: Console | None = None) -> None:
    console = console or Console()
    customer = brief.customer
    contact = ", ".join(customer.phones + customer.emails)
    title = Text(f"{customer.name or 'Customer'}", style="bold")
    title.append(f"  {contact} · {brief.messages} messages · for {brief.audience} · {brief.engine}",
                 style="dim")
    if brief.degraded:
        title.append(f"  (degraded: {brief.degraded_reason})", style="yellow")
    console.print(title)
    table = Table(show_header=False, box=None, pad_edge=False, padding=(0, 1))
    value_width = 34
    # Under ~100 columns a quote beside the value would be cut to a few words: it goes under the value instead.
    narrow = console.width < 100
    table.add_column(style="cyan", no_wrap=True, width=14)
    table.add_column(style="bold", width=None if narrow else value_width)
    if not narrow:
        table.add_column(style="dim", no_wrap=True, overflow="ellipsis",
                         max_width=max(20, console.width - value_width - 18))
    dumped = brief.facts.model_dump(mode="json")
    for name in brief.shown:
        fact = getattr(brief.facts, name)
        value = describe(name, dumped[name]["value"])
        if fact.history:
            was = "; ".join(describe(name, h["value"]) for h in dumped[name]["history"])
            value += f"  (was {was})"
        source = ""
        if fact.evidence:
            # The customer's own words first: that is what the salesperson can repeat back.
            ev = next((e for e in fact.evidence if e.role.value == "customer"), fact.evidence[0])
            room = 200 if narrow else 60
            source = f'{ev.channel.value} {_when(ev.at)}: "{_short(ev.quote, room)}"'
            if ev.kind == "correction":
                source = f'corrected by {ev.speaker} {_when(ev.at)}: "{_short(ev.quote, room - 10)}"'
        shown = Text(value) if fact.value is not None else Text("unknown", style="dim")
        if narrow:
            table.add_row(LABELS[name], shown)
            if source:
                table.add_row("", Text(source, style="dim"))
        else:
            table.add_row(LABELS[name], shown, Text(source))
    console.print(table)
    extra = []
    if brief.audience == "fi" and brief.credit_application:
        extra.append(("Credit application", [brief.credit_application]))
    if brief.audience == "service":
        if brief.salesperson:
            console.print(Text("Sold by: ", style="cyan").append(brief.salesperson, style="default"))
        extra.append(("How they'll use it", brief.vehicle_usage))
    waiting = [("Waiting for an answer", brief.questions_waiting)] if brief.questions_waiting else []
    sections = waiting + extra + [("Concerns", brief.concerns[:3]), ("Staff promised", brief.promises[:3]),
                                  ("Ask about (not settled)", brief.ask_about[:3])]
    for heading, notes in sections:
        if notes:
            console.print(Text(heading, style="cyan"))
            for note in notes:
                console.print(f'  • {escape(_short(note.text))} [dim]({note.evidence.channel.value} {_when(note.evidence.at)})[/dim]')
    if brief.welcome_note:
        console.print(Text("Welcome note to send", style="cyan"))
        console.print(Text(f"  {brief.welcome_note}"))
    if brief.dont_ask:
        asked = ", ".join(DONT_ASK_SHORT[name] for name in FACT_NAMES if name in {d.fact for d in brief.dont_ask})
        console.print(Text("Already answered, don't ask again: ", style="cyan").append(asked, style="default"))
    console.print()


def render_eval(report: dict, console: Console | None = None) -> None:
    console = console or Console()
    table = Table(title="handoff eval", show_lines=False)
    table.add_column("field", no_wrap=True)
    for column in ("prec.", "recall", "F1", "right", "wrong", "missed", "made up"):
        table.add_column(column, justify="right", no_wrap=True)
    for name, row in report["fields"].items():
        table.add_row(name, f"{row['precision']:.2f}", f"{row['recall']:.2f}", f"{row['f1']:.2f}",
                      str(row["correct"]), str(row["wrong"]), str(row["missed"]), str(row["hallucinated"]))
    overall = report["overall"]
    table.add_row("overall", f"{overall['precision']:.2f}", f"{overall['recall']:.2f}", f"{overall['f1']:.2f}",
                  "", "", "", str(overall["hallucinations"]), style="bold")
    console.print(table)
    greetings = overall.get("greeting_mentions")
    console.print(f"{overall['cases']} cases · {overall['hallucinations']} hallucinations · {overall['leaks']} leaks"
                  + (f" · greetings mention what they must: {greetings:.0%}" if greetings is not None else "")
                  + (f" · {overall['degraded']} fell back to offline" if overall.get("degraded") else "")
                  + (f" · {overall['errors']} failed (scored as missed)" if overall.get("errors") else ""))
    for failure in report.get("errors") or []:
        console.print(f"  failed: {failure['id']}: {failure['error']}", markup=False)
    usage = overall.get("usage")
    if usage:
        per_case = Table(title="per case", show_lines=False)
        for column in ("case", "engine", "correct", "wrong", "missed", "halluc.", "prompt tok", "compl. tok", "ms"):
            per_case.add_column(column, justify="left" if column in {"case", "engine"} else "right", no_wrap=True)
        for case in report["cases"]:
            used = case.get("usage") or {}
            per_case.add_row(case["id"], case["engine"] + (" (fallback)" if case["degraded"] else ""),
                             str(case["correct"]), str(case["wrong"]), str(case["missed"]), str(case["hallucinated"]),
                             f"{used.get('prompt_tokens', 0):,}", f"{used.get('completion_tokens', 0):,}",
                             f"{used.get('latency_ms', 0):,.0f}")
        console.print(per_case)
        briefs = usage["briefs"]
        console.print(f"LLM cost: {usage['prompt_tokens']:,.0f} prompt + {usage['completion_tokens']:,.0f} completion "
                      f"tokens over {briefs} briefs (mean {usage['prompt_tokens'] / briefs:,.0f} + "
                      f"{usage['completion_tokens'] / briefs:,.0f}), mean latency {usage['latency_ms'] / briefs:,.0f} ms")


def render_scored(results, console: Console | None = None) -> None:
    console = console or Console()
    for scored in results:
        verdict = "[green]routed to sales[/green]" if scored.routed else "[dim]not routed[/dim]"
        console.print(f"[bold]RO {escape(scored.ro_number)}[/bold]  score {scored.score}  {verdict}"
                      + (f"  opportunity {scored.opportunity_id}" if scored.opportunity_id else ""))
        for signal in scored.signals:
            console.print(Text(f"  {signal.points:>+4}  {signal.name}: {signal.value}"))
        if scored.talk_track:
            console.print(Text("Talk track", style="cyan"))
            console.print(Text("  " + scored.talk_track.replace("\n", "\n  ")))
        console.print()


def render_timeline(customer: Customer, history: list[Message], console: Console | None = None) -> None:
    """One line a message: when, where, who, what; the customer's lines stand out."""
    console = console or Console()
    console.print(f"[bold]{escape(customer.name or customer.id)}[/bold]  {len(history)} messages")
    for message in history:
        who = message.role.value + (f" ({message.speaker})" if message.speaker and message.role != Role.customer else "")
        style = "bold" if message.role == Role.customer else "dim"
        console.print(Text.assemble((f"{message.at:%Y-%m-%d %H:%M}  {message.channel.value:5}  ", "dim"),
                                    (f"{who}: ", style), message.text))
