"""The `handoff` command: thin commands that parse, call one function, and print a model."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, NoReturn

import typer

app = typer.Typer(
    help="handoff: everything a car-dealership customer already told you, in one evidence-backed brief.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DealerOpt = Annotated[str | None, typer.Option("--dealer", help="Dealer id (default: HANDOFF_DEFAULT_DEALER or 'default').")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of the human view.")]
EngineOpt = Annotated[str | None, typer.Option("--engine", help="offline, openai or auto (default: HANDOFF_ENGINE).")]
# How a command names one customer (any one is enough).
PhoneOpt = Annotated[str | None, typer.Option(help="Customer phone.")]
EmailOpt = Annotated[str | None, typer.Option(help="Customer email.")]
CustomerOpt = Annotated[str | None, typer.Option(help="Customer id (ours, or your CRM's).")]


def fail(message: str, code: int = 1) -> NoReturn:
    from ..retrieval.pii import mask_pii

    # An error line may quote the input it rejects; a card or SSN in it is masked like anywhere else.
    typer.echo(f"error: {mask_pii(message)}", err=True)
    raise typer.Exit(code)


def _settings():
    from pydantic import ValidationError

    from ..retrieval.settings import get_settings

    try:
        return get_settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        fail(f"setting HANDOFF_{str(first['loc'][0]).upper()}: {first['msg']}")


def _store(settings):
    from ..retrieval.database import DatabaseError
    from ..retrieval.embeddings import embedder_from
    from ..retrieval.store import Store

    try:
        return Store(settings.data_dir, embedder_from(settings), settings.chroma_server, settings.database())
    except DatabaseError as exc:
        fail(str(exc))


def _database(settings, check: bool = True):
    """The database alone, for commands that need no vector index (keys, migrations)."""
    from ..retrieval.database import Database, DatabaseError, default_url

    try:
        return Database(settings.database() or default_url(settings.data_dir), check=check)
    except DatabaseError as exc:
        fail(str(exc))


def _engine(settings, name: str | None):
    from ..agent.engines import EngineError, engine_from

    try:
        return engine_from(settings, name)
    except EngineError as exc:
        fail(str(exc))


def _identity(phone: str | None, email: str | None, customer: str | None, name: str | None, region: str):
    from ..retrieval.errors import IngestError
    from ..retrieval.identity import identity_from

    try:
        return identity_from({"phone": phone, "email": email, "id": customer, "name": name}, region)
    except IngestError as exc:
        fail(str(exc))


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Eval-format case files (.json/.jsonl) or raw .eml, .txt/.vtt call transcripts, chat .json.")],
    dealer: DealerOpt = None,
    channel: Annotated[str | None, typer.Option(help="For raw chat JSON: chat or sms.")] = None,
    phone: Annotated[str | None, typer.Option(help="Customer phone, for raw files.")] = None,
    email: Annotated[str | None, typer.Option(help="Customer email, for raw files.")] = None,
    customer: Annotated[str | None, typer.Option(help="Customer id from your CRM, for raw files.")] = None,
    name: Annotated[str | None, typer.Option(help="Customer name, for raw files (tells their lines from staff's).")] = None,
    started_at: Annotated[datetime | None, typer.Option("--started-at", help="Start time of a raw call or chat (ISO, with offset).", formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%d %H:%M:%S%z"])] = None,
    source_id: Annotated[str | None, typer.Option("--source-id", help="For a raw file: your system's id for it (a call id); ingesting a new version under the same id replaces the old one.")] = None,
) -> None:
    """Store interactions under their customer; the same interaction twice stores nothing new, and one with the
    same source id (an interaction's "id", or --source-id) replaces the version stored before."""
    from rich.progress import Progress

    from ..retrieval.adf import batch_from_adf
    from ..retrieval.errors import IngestError
    from ..retrieval.ingest import batch_from_case, read_cases, read_json
    from ..retrieval.ingest import ingest as store_batch
    from ..retrieval.raw import batch_from_file

    settings = _settings()
    dealer = dealer or settings.default_dealer
    raw_identity = None
    batches, errors = [], []

    def raw_batch(path: Path):
        nonlocal raw_identity
        if raw_identity is None:
            if not (phone or email or customer):
                raise IngestError("raw files need --phone, --email or --customer to name the customer")
            raw_identity = _identity(phone, email, customer, name, settings.phone_region)
            if raw_identity.name is None:
                # A customer we know: their name tells their lines in a transcript from staff's.
                known = _store(settings).find_customer(dealer, raw_identity)
                if known is not None and known.name:
                    raw_identity = raw_identity.model_copy(update={"name": known.name})
        return batch_from_file(path, dealer, raw_identity, channel, started_at, settings.max_message_chars, source_id)

    for path in paths:
        try:
            if not path.exists():
                raise IngestError("no such file")
            if path.is_dir():
                raise IngestError("is a folder; give the files in it (e.g. folder/*.json)")
            if lead := _adf_text(path):
                batches.append(batch_from_adf(lead, str(path), dealer, settings.phone_region))
            elif path.suffix in {".jsonl"} or (path.suffix == ".json" and _is_case(read_json(path))):
                for label, data in read_cases(path):
                    try:
                        batches.append(batch_from_case(data, label, dealer, settings.phone_region,
                                                       settings.max_message_chars))
                    except IngestError as exc:
                        errors.append(f"{label}: {exc}")
            else:
                batches.append(raw_batch(path))
        except IngestError as exc:
            message = str(exc)
            errors.append(message if message.startswith(str(path)) else f"{path}: {message}")

    store = _store(settings) if batches else None
    added = duplicates = 0
    customers = set()
    with Progress(transient=True, disable=len(batches) < 5 or not sys.stderr.isatty()) as progress:
        task = progress.add_task("ingesting", total=len(batches))
        for batch in batches:
            result = store_batch(store, batch)
            added += len(result.added)
            duplicates += len(result.duplicates)
            customers.add((result.customer.dealer, result.customer.id))
            progress.advance(task)
    from ..retrieval.pii import mask_pii

    for error in errors:
        typer.echo(f"error: {mask_pii(error)}", err=True)
    if batches:
        typer.echo(f"stored {added} new messages ({duplicates} already stored) for {len(customers)} customer(s)")
    if errors:
        raise typer.Exit(1)


def _adf_text(path: Path) -> str | None:
    """The file's text when it is an ADF/XML lead (a .xml file, or an email whose body holds one)."""
    from ..retrieval.errors import IngestError

    if path.suffix.casefold() not in {".xml", ".adf", ".eml"}:
        return None
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        raise IngestError(f"cannot be read ({exc.strerror})") from None
    if path.suffix.casefold() == ".eml" and "<adf" not in text.casefold():
        return None
    return text


def _is_case(data) -> bool:
    return isinstance(data, dict) and "interactions" in data


@app.command()
def brief(
    phone: PhoneOpt = None,
    email: EmailOpt = None,
    customer: CustomerOpt = None,
    dealer: DealerOpt = None,
    as_json: JsonOpt = False,
    engine: EngineOpt = None,
    audience: Annotated[str, typer.Option("--for", help="Who reads it: human, sales, desk, fi or service.")] = "sales",
) -> None:
    """The handoff brief for one customer: what they already told you, with where they said it."""
    from ..agent.audience import AUDIENCES
    from ..agent.briefing import make_brief
    from ..api.render import render_brief

    if audience not in AUDIENCES:
        fail(f"--for {audience!r}: choose one of {', '.join(AUDIENCES)}")
    settings = _settings()
    store, found = _customer_from_flags(settings, phone, email, customer, dealer)
    _audit(store, found, "brief")
    result = make_brief(store, _engine(settings, engine), found, audience=audience)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    else:
        render_brief(result)


@app.command()
def greet(
    phone: PhoneOpt = None,
    email: EmailOpt = None,
    customer: CustomerOpt = None,
    dealer: DealerOpt = None,
    channel: Annotated[str, typer.Option(help="call, chat, sms or email: the greeting's register.")] = "chat",
    as_json: JsonOpt = False,
    engine: EngineOpt = None,
) -> None:
    """How to greet a returning customer: by name, picking up where the last conversation left off."""
    from ..agent.briefing import make_brief
    from ..agent.greeting import greeting_for

    if channel not in {"call", "chat", "sms", "email"}:
        fail(f"--channel {channel!r}: choose one of call, chat, sms, email")
    settings = _settings()
    store, found = _customer_from_flags(settings, phone, email, customer, dealer, allow_new=True)
    if found is None:
        from ..agent.greeting import first_time

        greeting = first_time(channel)
    else:
        chosen = _engine(settings, engine)
        _audit(store, found, "greeting")
        greeting = greeting_for(make_brief(store, chosen, found), channel, chosen)
    typer.echo(greeting.model_dump_json(indent=2) if as_json else greeting.text)


def _actor() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"[:60]
    except (KeyError, OSError):  # no user name for this uid (a bare container)
        return "cli"


def _audit(store, customer, action: str) -> None:
    from .audit import AuditLog

    AuditLog(store.db).record(customer.dealer, _actor(), action, customer.id)


def _customer_from_flags(settings, phone, email, customer, dealer, allow_new: bool = False):
    if not (phone or email or customer):
        fail("name the customer with --phone, --email or --customer")
    identity = _identity(phone, email, None, None, settings.phone_region) if (phone or email) else None
    store = _store(settings)
    dealer = dealer or settings.default_dealer
    found = _find_customer(store, dealer, identity, customer)
    if found is None and not allow_new:
        who = f"with {phone or email}" if (phone or email) else customer
        fail(f"no customer {who} at dealer {dealer!r}; ingest their history first")
    return store, found


def _find_customer(store, dealer, identity, customer_id):
    from ..retrieval.models import Identity

    if customer_id:
        return store.get_customer(dealer, customer_id) or store.find_customer(dealer, Identity(customer_id=customer_id))
    return store.find_customer(dealer, identity)


@app.command(name="eval")
def evaluate(
    folder: Annotated[Path, typer.Argument(help="Folder of eval-format cases (.json / .jsonl).")],
    as_json: JsonOpt = False,
    engine: EngineOpt = None,
) -> None:
    """Score briefs against a folder of eval cases: precision, recall, F1 per field, hallucinations, leaks."""
    from rich.progress import Progress

    from ..evals.harness import EvalError, load_cases, run_eval
    from ..retrieval.embeddings import embedder_from
    from .render import render_eval

    settings = _settings()
    chosen = _engine(settings, engine)
    try:
        total = len(load_cases(folder))
    except EvalError as exc:
        fail(str(exc))
    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("scoring", total=total)
        try:
            report = run_eval(folder, chosen, embedder_from(settings), lambda _: progress.advance(task),
                              settings.phone_region)
        except EvalError as exc:
            fail(str(exc))
    if as_json:
        typer.echo(json.dumps(report, indent=2, default=str))
    else:
        render_eval(report)


@app.command()
def demo() -> None:
    """Ingest the bundled sample histories into a throwaway store and print their briefs."""
    import tempfile
    from importlib import resources

    from ..agent.briefing import make_brief
    from ..agent.offline.engine import OfflineEngine
    from ..retrieval.embeddings import WordLlamaEmbedder
    from ..retrieval.ingest import batch_from_case, read_json
    from ..retrieval.ingest import ingest as store_batch
    from ..retrieval.store import Store
    from .render import render_brief

    samples = sorted((p for p in resources.files("handoff.evals").joinpath("samples").iterdir()
                      if p.name.endswith(".json")), key=lambda p: p.name)
    with tempfile.TemporaryDirectory(prefix="handoff-demo-") as tmp:
        store = Store(Path(tmp), WordLlamaEmbedder())
        for sample in samples:
            batch = batch_from_case(read_json(Path(str(sample))), sample.name)
            result = store_batch(store, batch)
            render_brief(make_brief(store, OfflineEngine(), result.customer))
        store.close()


@app.command(name="score-ro")
def score_ro(
    path: Annotated[Path, typer.Argument(help="Repair orders: a JSON object or list, or a CSV export with a header row.")],
    dealer: DealerOpt = None,
    as_json: JsonOpt = False,
    column_map: Annotated[Path | None, typer.Option("--map", help="JSON file: your CSV headers to repair-order fields, "
                                                                 'e.g. {"Est Total": "repair_estimate"}.')] = None,
) -> None:
    """Score repair orders for an upgrade conversation; routed ones become opportunities with a talk track."""
    from rich.progress import Progress

    from ..agent.upgrade import ConfigError, load_config
    from ..retrieval.errors import IngestError
    from ..retrieval.opportunities import OpportunityStore
    from ..retrieval.repair_orders import read_repair_orders
    from .render import render_scored
    from .service_lane import score_and_route

    settings = _settings()
    dealer = dealer or settings.default_dealer
    try:
        mapping = dict(load_config(settings.data_dir, dealer).ro_columns)
        if column_map is not None:
            given = json.loads(column_map.read_text(encoding="utf-8"))
            if not isinstance(given, dict) or not all(isinstance(v, str) for v in given.values()):
                fail(f"--map {column_map}: give a JSON object of header to field names")
            mapping.update(given)
        rows = list(read_repair_orders(path, mapping))
    except (IngestError, ConfigError) as exc:
        fail(str(exc))
    except (OSError, json.JSONDecodeError) as exc:
        fail(f"--map {column_map}: cannot be read as JSON ({exc})")
    store = _store(settings)
    opportunities = OpportunityStore(store.db)
    results, errors = [], []
    with Progress(transient=True, disable=len(rows) < 5 or not sys.stderr.isatty()) as progress:
        task = progress.add_task("scoring", total=len(rows))
        for label, row in rows:
            try:
                results.append(score_and_route(store, opportunities, settings, dealer, row, label))
            except (IngestError, ConfigError) as exc:
                errors.append(str(exc))
            progress.advance(task)
    for error in errors:
        typer.echo(f"error: {error}", err=True)
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in results], indent=2))
    else:
        render_scored(results)
    if errors:
        raise typer.Exit(1)


@app.command()
def opportunity(
    opportunity_id: Annotated[str, typer.Argument(help="The opportunity id score-ro printed.")],
    status: Annotated[str | None, typer.Option(help="surfaced, contacted, appointment, sold or lost.")] = None,
    dealer: DealerOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show an opportunity (with follow-up drafts when it is stalled), or move it along the funnel."""
    from ..agent.upgrade import StatusError
    from ..retrieval.opportunities import OpportunityStore
    from .service_lane import change_status, show_opportunity

    settings = _settings()
    dealer = dealer or settings.default_dealer
    store = _store(settings)
    opportunities = OpportunityStore(store.db)
    try:
        found = (change_status(store, opportunities, dealer, opportunity_id, status) if status
                 else show_opportunity(store, opportunities, dealer, opportunity_id))
    except StatusError as exc:
        fail(str(exc))
    if found is None:
        fail(f"no opportunity {opportunity_id!r} at dealer {dealer!r}")
    if as_json:
        typer.echo(found.model_dump_json(indent=2))
    else:
        typer.echo(f"{found.id}  {found.status}  score {found.score}  RO {found.ro_number}  {found.vehicle or ''}")
        for draft in found.follow_ups:
            typer.echo(f"\nfollow-up draft ({draft.channel}):\n{draft.text}")


@app.command()
def funnel(dealer: DealerOpt = None, as_json: JsonOpt = False) -> None:
    """How many service-to-sales opportunities sit at each stage."""
    from ..retrieval.opportunities import OpportunityStore

    settings = _settings()
    dealer = dealer or settings.default_dealer
    counts = OpportunityStore(_database(settings)).funnel(dealer)
    if as_json:
        typer.echo(json.dumps({"dealer": dealer, "stages": counts}, indent=2))
    else:
        typer.echo("  ".join(f"{stage}: {count}" for stage, count in counts.items()))


keys_app = typer.Typer(help="API keys: one per dealer integration (CRM, phone system, chat widget).",
                       no_args_is_help=True)
app.add_typer(keys_app, name="keys")


def _key_store(settings):
    from .keys import KeyStore

    return KeyStore(_database(settings))


@keys_app.command("create")
def keys_create(
    dealer: Annotated[str, typer.Option("--dealer", help="The dealer this key speaks for.")],
    scope: Annotated[str, typer.Option(help="staff (default), integration, widget or admin.")] = "staff",
    origin: Annotated[list[str] | None, typer.Option("--origin", help="For a widget key: a page origin it may be "
                                                                     "used from (repeat for several).")] = None,
) -> None:
    """Make a key for a dealer. It is printed once; only its hash is kept."""
    from .keys import KeyRequestError

    if not dealer.strip():
        fail("--dealer must not be empty")
    try:
        key_id, key = _key_store(_settings()).create(dealer.strip(), scope, origin or [])
    except KeyRequestError as exc:
        fail(str(exc))
    typer.echo(f"{key}\n(key id {key_id}, {scope} key for dealer {dealer!r}; store the key now, it is not shown again)")


@keys_app.command("revoke")
def keys_revoke(key: Annotated[str, typer.Argument(help="The key id (key_...) or the key itself.")]) -> None:
    """Revoke a key; requests with it get 401 from then on."""
    if not _key_store(_settings()).revoke(key):
        fail(f"no active key {key!r}")
    typer.echo("revoked")


@keys_app.command("list")
def keys_list(dealer: DealerOpt = None) -> None:
    """Key ids, dealers and dates (never the keys)."""
    for row in _key_store(_settings()).list(dealer):
        typer.echo(f"{row['key_id']}  {row['dealer']}  {row['scope']}  created {row['created_at'][:19]}"
                   + (f"  origins {' '.join(row['origins'])}" if row["origins"] else "")
                   + (f"  revoked {row['revoked_at'][:19]}" if row["revoked_at"] else ""))


@app.command()
def timeline(
    phone: PhoneOpt = None,
    email: EmailOpt = None,
    customer: CustomerOpt = None,
    dealer: DealerOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Everything the customer and staff said, in time order, on every channel."""
    from .render import render_timeline

    settings = _settings()
    store, found = _customer_from_flags(settings, phone, email, customer, dealer)
    _audit(store, found, "history")
    history = store.messages(found)
    if as_json:
        typer.echo(json.dumps([m.model_dump(mode="json") for m in history], indent=2, ensure_ascii=False))
    else:
        render_timeline(found, history)


@app.command()
def reindex(dealer: Annotated[str | None, typer.Option("--dealer", help="Only this dealer (default: all).")] = None) -> None:
    """Rebuild the vector index from the database (after a crash, an embedder change or a Chroma move)."""
    settings = _settings()
    store = _store(settings)
    count = store.reindex(dealer)
    if count < 0:
        fail("the vector index is unavailable; check HANDOFF_CHROMA_SERVER and try again")
    typer.echo(f"indexed {count} messages" + (f" for dealer {dealer!r}" if dealer else ""))


@app.command()
def correct(
    fact: Annotated[str, typer.Option(help="The fact: vehicle_interest, payment_target, trade_in, ...")],
    value: Annotated[str, typer.Option(help='The right value as JSON in the eval format\'s shape, e.g. \'{"monthly": 450}\' '
                                            "or null for unknown.")],
    author: Annotated[str, typer.Option(help="Who is correcting it (shown as 'corrected by').")],
    note: Annotated[str | None, typer.Option(help="Why, or where it was confirmed.")] = None,
    phone: PhoneOpt = None,
    email: EmailOpt = None,
    customer: CustomerOpt = None,
    dealer: DealerOpt = None,
) -> None:
    """Set a fact the engine got wrong; it holds until the customer says something newer about it."""
    from datetime import UTC

    from ..agent.corrections import CorrectionError, checked_value

    settings = _settings()
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as exc:
        fail(f"--value is not JSON ({exc.msg}); for example '{{\"monthly\": 450}}'")
    try:
        checked = checked_value(fact, parsed)
    except CorrectionError as exc:
        fail(str(exc))
    if not author.strip():
        fail("--author must name who is correcting it")
    store, found = _customer_from_flags(settings, phone, email, customer, dealer)
    shown = checked.model_dump(mode="json") if hasattr(checked, "model_dump") else checked
    store.correct(found, fact, json.dumps(shown) if checked is not None else None, author.strip(), note,
                  datetime.now(UTC))
    typer.echo(f"{fact} for {found.name or found.id} set to {json.dumps(shown)} by {author.strip()}")


@app.command()
def export(
    dealer: DealerOpt = None,
    format: Annotated[str, typer.Option("--format", help="jsonl (the brief model), csv or adf.")] = "jsonl",
    since: Annotated[datetime | None, typer.Option(help="Only customers with a message from this time on.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")] = None,
) -> None:
    """Every customer's brief for a CRM import: facts with values and the quotes they came from."""
    from ..agent.briefing import make_brief
    from .export import FORMATS, lines

    if format not in FORMATS:
        fail(f"--format {format!r}: choose one of {', '.join(FORMATS)}")
    settings = _settings()
    dealer = dealer or settings.default_dealer
    if since is not None and since.tzinfo is None:
        since = since.astimezone()
    store = _store(settings)
    engine = _engine(settings, None)
    customers = store.customers(dealer, since)
    briefs = (make_brief(store, engine, c) for c in customers)
    target = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        for line in lines(briefs, format):
            target.write(line)
    finally:
        if output:
            target.close()
    if output:
        typer.echo(f"exported {len(customers)} customers to {output}", err=True)


@app.command()
def forget(
    phone: PhoneOpt = None,
    email: EmailOpt = None,
    customer: CustomerOpt = None,
    dealer: DealerOpt = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Remove a customer and everything of theirs (messages, vectors, briefs, handoffs, opportunities)."""
    settings = _settings()
    store, found = _customer_from_flags(settings, phone, email, customer, dealer)
    if not yes:
        try:
            sure = typer.confirm(f"Remove {found.name or found.id} and all {len(store.messages(found))} messages "
                                 "for good?", default=False)
        except typer.Abort:  # no terminal to answer from
            sure = False
        if not sure:
            fail("nothing removed (add --yes to skip this question)")
    removed = store.forget(found)
    _audit(store, found, "forget")
    typer.echo(f"forgot customer {found.id}: {removed} messages removed")


@app.command(name="audit")
def audit_log(
    dealer: DealerOpt = None,
    since: Annotated[datetime | None, typer.Option(help="Only entries from this time on (ISO date or time).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Who read which customer's brief, greeting or history, and who forgot whom: key ids and times, no content."""
    from .audit import AuditLog

    settings = _settings()
    dealer = dealer or settings.default_dealer
    if since is not None and since.tzinfo is None:
        since = since.astimezone()
    entries = AuditLog(_database(settings)).entries(dealer, since)
    if as_json:
        typer.echo(json.dumps(entries, indent=2))
        return
    for row in entries:
        typer.echo(f"{row['at'][:19]}  {row['actor']}  {row['action']}  {row['customer_id'] or ''}")


db_app = typer.Typer(help="The database: where every customer, message and key is kept.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database schema to this version of handoff (run after every upgrade of handoff)."""
    from ..retrieval.database import DatabaseError
    from ..retrieval.index import chroma_client
    from ..retrieval.legacy import import_legacy, legacy_files

    settings = _settings()
    database = _database(settings, check=False)
    try:
        before, after = database.upgrade()
    except DatabaseError as exc:
        fail(str(exc))
    typer.echo(f"database at revision {after}" + (" (already current)" if before == after else
                                                   f" (was {before or 'empty'})"))
    if legacy_files(settings.data_dir):
        counts = import_legacy(settings.data_dir, database, chroma_client(settings.data_dir, settings.chroma_server))
        typer.echo("moved from the earlier layout: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
        indexed = _store(settings).index_pending()
        typer.echo(f"indexed {max(indexed, 0)} messages" + ("" if indexed >= 0 else
                                                            " (index unavailable: run `handoff reindex` later)"))


@db_app.command("status")
def db_status() -> None:
    """Which schema revision the database is at, and whether it is current."""
    from ..retrieval.database import HEAD

    database = _database(_settings(), check=False)
    current = database.revision()
    typer.echo(f"{database.url.render_as_string(hide_password=True)}: revision {current or 'none (empty)'}"
               + ("" if current == HEAD else f"; this handoff needs {HEAD}: run `handoff db upgrade`"))
    if current not in (HEAD, None):
        raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: HANDOFF_WORKERS or 1). More than "
                                                     "one needs HANDOFF_CHROMA_SERVER.", min=1, max=64)] = None,
) -> None:
    """Run the HTTP API, the chat widget (/widget) and the staff view (/staff)."""
    import os

    import uvicorn

    settings = _settings()
    count = workers or settings.workers
    if count > 1 and not settings.shared_storage:
        fail(f"--workers {count} needs a Chroma server (embedded Chroma is not process-safe): start "
             "`chroma run --path DIR --port 8001` and set HANDOFF_CHROMA_SERVER=127.0.0.1:8001 "
             "(and HANDOFF_DATABASE_URL=postgresql+psycopg://... for a database server)")
    # Check the database once here, so a schema that is behind is one line, not a traceback per worker.
    _database(settings).close()
    from .logs import configure_logging

    configure_logging()
    if count == 1:
        from .app import create_app

        uvicorn.run(create_app(settings), host=host, port=port, access_log=False, log_config=None)
        return
    os.environ["HANDOFF_WORKERS"] = str(count)
    uvicorn.run("handoff.api.app:create_app", factory=True, host=host, port=port, workers=count,
                access_log=False, log_config=None)


@app.callback()
def _private_files() -> None:
    """Every file the command creates (database, index, exports) is readable by its owner only."""
    import os

    os.umask(0o077)


def main() -> None:  # pragma: no cover - console entry point
    app()
