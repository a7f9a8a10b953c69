"""The one thing the store asks of a database connection, whichever server is behind it.

SQL in the store is written once, with `?` placeholders and portable statements; each adapter
translates its driver's failures into two exceptions of its own, so the store's error handling
(a duplicate record number, a write that did not happen, a page that cannot be read) is written
once too. What differs between SQLite and PostgreSQL beyond that lives in `Dialect`.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any, Literal, Protocol

DialectName = Literal["sqlite", "postgresql"]


class DbIntegrityError(Exception):
    """A constraint refused the statement (a unique record number, a foreign key)."""


class DbError(Exception):
    """The database could not do what was asked; `text` is the driver's words, lower case."""

    def __init__(self, text: str, *, unavailable: bool = False) -> None:
        super().__init__(text)
        # The server cannot be reached (rather than refusing this statement).
        self.unavailable = unavailable


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Db(Protocol):
    dialect: DialectName

    def execute(self, sql: str, params: Sequence[object] = ()) -> Cursor: ...
    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None: ...
    def begin(self) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def close(self) -> None: ...


class SqliteDb:
    """A sqlite3 connection in autocommit mode; `begin` takes the write lock at once, so two
    writers queue instead of failing half-way."""

    dialect: DialectName = "sqlite"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[object] = ()) -> Cursor:
        try:
            return self.conn.execute(sql, params)
        except sqlite3.IntegrityError as exc:
            raise DbIntegrityError(str(exc)) from exc
        except sqlite3.Error as exc:
            raise DbError(str(exc).lower()) from exc

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        try:
            self.conn.executemany(sql, rows)
        except sqlite3.IntegrityError as exc:
            raise DbIntegrityError(str(exc)) from exc
        except sqlite3.Error as exc:
            raise DbError(str(exc).lower()) from exc

    def begin(self) -> None:
        self.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()
