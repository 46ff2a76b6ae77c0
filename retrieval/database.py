"""The relational record: one SQLAlchemy engine over SQLite (embedded default) or Postgres (`HANDOFF_DATABASE_URL`).

Writes are serialised per dealer (SQLite: `BEGIN IMMEDIATE`; Postgres: a transaction-scoped advisory lock), so two
processes resolving the same new phone number cannot make two customers. The schema is Alembic's: an empty
database is brought to the current revision on first open, and one that is behind is refused with the command
that fixes it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

# Alembic reports each step at INFO; a brief's stderr is not the place (`handoff db upgrade` says what it did).
logging.getLogger("alembic").setLevel(logging.WARNING)

# The newest migration under `migrations/versions`; a test checks it against Alembic's own head.
HEAD = "0003"


class DatabaseError(RuntimeError):
    """The database cannot be used as configured; the text is the one line a user sees."""


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{Path(data_dir) / 'handoff.sqlite3'}"


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", "handoff.retrieval:migrations")
    config.attributes["connection"] = connection
    return config


class Database:
    def __init__(self, url: str, check: bool = True) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise DatabaseError("HANDOFF_DATABASE_URL is not a database URL (e.g. "
                                "postgresql+psycopg://user:pass@127.0.0.1/handoff)") from None
        self.url = parsed
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        if self.is_sqlite:
            if parsed.database:
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            self.engine: Engine = create_engine(parsed, connect_args={"timeout": 30})
            event.listen(self.engine, "connect", _sqlite_on_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        elif parsed.get_backend_name() == "postgresql":
            self.engine = create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=10)
        else:
            raise DatabaseError(f"HANDOFF_DATABASE_URL: {parsed.get_backend_name()} is not supported; "
                                "use sqlite:///path or postgresql+psycopg://...")
        if check:
            self.ensure_schema()

    # -- transactions ---------------------------------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self._connect() as connection, connection.begin():
            yield connection

    @contextmanager
    def write(self, dealer: str | None = None) -> Iterator[Connection]:
        """One transaction that commits on exit; writers naming the same dealer take turns."""
        with self._connect(immediate=True) as connection, connection.begin():
            if dealer is not None and not self.is_sqlite:
                # Per dealer: resolving identities and merging customers must not interleave. Plain appends (the
                # audit log, key records) pass no dealer and take no lock.
                lock = int.from_bytes(hashlib.sha256(dealer.encode()).digest()[:8], "big", signed=True)
                connection.execute(text("select pg_advisory_xact_lock(:lock)"), {"lock": lock})
            yield connection

    @contextmanager
    def _connect(self, immediate: bool = False) -> Iterator[Connection]:
        try:
            connection = self.engine.connect()
        except OperationalError as exc:
            raise DatabaseError(f"cannot open the database {self.url.render_as_string(hide_password=True)}: "
                                f"{str(exc.orig).strip().splitlines()[0]}") from None
        with connection:
            if immediate and self.is_sqlite:
                connection = connection.execution_options(sqlite_begin="IMMEDIATE")
            yield connection

    # -- schema ---------------------------------------------------------------------------------------------

    def revision(self) -> str | None:
        with self._connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def ensure_schema(self) -> None:
        """A new, empty database is created at the current revision; any other must already be there."""
        current = self.revision()
        if current == HEAD:
            return
        if current is None:
            with self._connect() as connection:
                tables = inspect(connection).get_table_names()
            if not tables:
                self.upgrade()
                return
            raise DatabaseError("the database has tables but no handoff schema revision; "
                                "point HANDOFF_DATABASE_URL at a database of its own")
        raise DatabaseError(f"the database schema is at revision {current} and this handoff needs {HEAD}: "
                            "run `handoff db upgrade`")

    def upgrade(self) -> tuple[str | None, str]:
        """Apply every migration not yet applied; (revision before, revision after)."""
        before = self.revision()
        try:
            with self._connect(immediate=True) as connection, connection.begin():
                command.upgrade(_alembic_config(connection), "head")
        except SQLAlchemyError as exc:
            raise DatabaseError(f"migration failed: {str(getattr(exc, 'orig', exc)).strip().splitlines()[0]}") from None
        return before, HEAD

    def compact(self) -> None:
        """Push deleted pages out of SQLite's write-ahead log, so removed text leaves the files (no-op on Postgres,
        which reuses the space of deleted rows at its next vacuum)."""
        if self.is_sqlite:
            with self._connect() as connection:
                connection.exec_driver_sql("pragma wal_checkpoint(TRUNCATE)")

    def ping(self) -> None:
        with self._connect() as connection:
            connection.execute(text("select 1"))

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_on_connect(dbapi_connection, _record) -> None:
    # Let SQLAlchemy's "begin" event decide how a transaction starts (pysqlite's own handling defers badly).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("pragma journal_mode=wal")
    cursor.execute("pragma busy_timeout=30000")
    cursor.execute("pragma synchronous=normal")
    # Deleted rows are overwritten, not just unlinked: a forgotten customer's text does not linger in free pages.
    cursor.execute("pragma secure_delete=on")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")
