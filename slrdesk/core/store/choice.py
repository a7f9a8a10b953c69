"""Which store a workstation uses: its own SQLite file (the default, nothing to set up) or the
clinic's PostgreSQL server, named by `--database` or by File → Clinic database….

The choice is kept in the data folder as an address without a password. Passwords never go in a
file of ours nor on a command line (other users can read both): libpq finds them in ~/.pgpass or
a service file, where every PostgreSQL tool looks.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from slrdesk.core.errors import InputError
from slrdesk.core.files import write_atomically
from slrdesk.core.store.repository import StoreError

if TYPE_CHECKING:
    from pathlib import Path

    from slrdesk.core.store.sql_store import SqlExamStore

SETTING_FILE = "clinic-database.json"


def check_address(url: str, what: str = "--database") -> str:
    """A PostgreSQL address without a password, or InputError naming the problem."""
    from slrdesk.core.store.postgres import is_database_url

    text = url.strip()
    if not is_database_url(text):
        raise InputError(f"{what}: {text!r} is not a PostgreSQL address (it starts with "
                         "postgresql://)")
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(text)
    except Exception as exc:
        raise InputError(f"{what}: is not a valid PostgreSQL address ({exc})") from exc
    if parts.get("password"):
        raise InputError(f"{what}: holds a password; a password must not be written in an "
                         "address (others can read it) — put it in ~/.pgpass instead")
    return text


def configured_database(data_dir: Path) -> str | None:
    """The clinic database this workstation was set to use, or None for its own file."""
    path = data_dir / SETTING_FILE
    if not path.is_file():
        return None
    try:
        url = json.loads(path.read_text(encoding="utf-8")).get("database")
    except (OSError, ValueError, AttributeError) as exc:
        raise StoreError(f"{path}: is not a readable setting ({exc}); choose the clinic "
                         "database again in File → Clinic database…") from exc
    return check_address(url, str(path)) if url else None


def choose_database(data_dir: Path, url: str | None) -> None:
    """Remember the clinic database (None: this workstation's own file again)."""
    path = data_dir / SETTING_FILE
    if url is None:
        path.unlink(missing_ok=True)
        return
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_atomically(path, json.dumps({"database": check_address(url, "address")}).encode(),
                     what="clinic database setting")


def open_repository(data_dir: Path, database: str | None = None, *,
                    read_only: str | None = None, check: bool = True) -> SqlExamStore:
    """The store this workstation uses: `database` when given, else the one configured, else
    the SQLite file in `data_dir`."""
    url = database if database is not None else configured_database(data_dir)
    if url:
        from slrdesk.core.store.postgres import open_postgres_store

        return open_postgres_store(check_address(url), data_dir, read_only=read_only)
    from slrdesk.core.paths import DATABASE_FILE
    from slrdesk.core.store.sqlite_store import open_store

    if read_only is not None and not (data_dir / DATABASE_FILE).is_file():
        raise InputError(f"--data-dir {data_dir}: holds no SLR Desk database")
    return open_store(data_dir, read_only=read_only, check=check)


def address(host: str, port: int | None, dbname: str, user: str,
            sslmode: str = "prefer") -> str:
    """The postgresql:// address of these parts (a host starting with / is a socket folder)."""
    from urllib.parse import quote, urlencode

    query: dict[str, str] = {"sslmode": sslmode} if sslmode != "prefer" else {}
    netloc = quote(user, safe="") + "@" if user else ""
    if host.startswith("/"):
        query = {"host": host, **query}
    elif host:
        netloc += f"[{host}]" if ":" in host else host
        if port:
            netloc += f":{port}"
    text = f"postgresql://{netloc}/{quote(dbname, safe='')}"
    return text + ("?" + urlencode(query) if query else "")


def pgpass_path() -> Path:
    """Where libpq looks for passwords: $PGPASSFILE, else ~/.pgpass (%APPDATA%/postgresql/
    pgpass.conf on Windows)."""
    import os
    from pathlib import Path

    if os.environ.get("PGPASSFILE"):
        return Path(os.environ["PGPASSFILE"])
    if os.name == "nt":
        return Path(os.environ.get("APPDATA", "~")).expanduser() / "postgresql" / "pgpass.conf"
    return Path("~/.pgpass").expanduser()


def remember_password(url: str, password: str) -> Path:
    """Keep the password where libpq finds it (owner-only), replacing an older one for the
    same server, database and user; returns the file."""
    from psycopg.conninfo import conninfo_to_dict

    parts = conninfo_to_dict(url)

    def field(value: object) -> str:
        return str(value).replace("\\", "\\\\").replace(":", "\\:")

    key = ":".join(field(v) for v in (parts.get("host") or "localhost",
                                      parts.get("port") or "5432",
                                      parts.get("dbname") or "*", parts.get("user") or "*"))
    path = pgpass_path()
    kept = []
    if path.is_file():
        kept = [line for line in path.read_text(encoding="utf-8").splitlines()
                if not line.startswith(key + ":")]
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, "\n".join([*kept, f"{key}:{field(password)}"]).encode() + b"\n",
                     what="password file")
    return path
