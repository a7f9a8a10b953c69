"""A throw-away PostgreSQL cluster from the distribution's own package, for tests and benchmarks.

initdb into a temporary folder, started with pg_ctl on a Unix socket in that folder (no TCP
port, so nothing else on the machine can reach it), run as an unprivileged user: as `postgres`
when the tests run as root (PostgreSQL refuses to run as root), else as whoever runs them.

Roles, as the README tells a clinic's IT to create them:
- `slrdesk_owner` owns each database and runs `slrdesk db upgrade`;
- `slrdesk_app` is what every workstation connects as;
- `slrdesk_pw` has a password (scram-sha-256), to test how a wrong one is reported.
Everyone else connects through the socket with `trust`.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "slrdesk_super"
OWNER = "slrdesk_owner"
APP = "slrdesk_app"
PASSWORD_USER = "slrdesk_pw"
PASSWORD = "correct horse battery staple"


class PostgresMissing(RuntimeError):
    pass


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
        found = str(candidates[-1]) if candidates else None
    if found is None:
        raise PostgresMissing(
            f"PostgreSQL's {name} was not found: install the distribution's server package "
            "(Debian/Ubuntu: apt-get install postgresql); .ci/run does this")
    return found


@dataclass
class Database:
    name: str
    socket_dir: Path
    port: int | None = None

    def url(self, user: str = APP) -> str:
        port = f"&port={self.port}" if self.port else ""
        return f"postgresql:///{self.name}?host={self.socket_dir}&user={user}{port}"

    def tcp_url(self, user: str = APP, **options: str) -> str:
        """Over the loopback address (a TLS cluster only)."""
        query = "&".join(f"{key}={value}" for key, value in options.items())
        return f"postgresql://{user}@localhost:{self.port}/{self.name}" + (
            f"?{query}" if query else "")


def _self_signed_server_certificate(folder: Path) -> tuple[Path, Path]:
    """server.crt and server.key for "localhost" (a test CA of one)."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - timedelta(minutes=5))
                   .not_valid_after(now + timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]),
                                  critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None),
                                  critical=True)
                   .sign(key, hashes.SHA256()))
    crt, pem = folder / "server.crt", folder / "server.key"
    crt.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    pem.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                      serialization.PrivateFormat.TraditionalOpenSSL,
                                      serialization.NoEncryption()))
    pem.chmod(0o600)
    return crt, pem


def _free_port() -> int:
    import socket

    with socket.socket() as probe:  # binding only: nothing is connected to
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    def __init__(self, *, fsync: bool = False, tls: bool = False) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="slrdesk-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root
        self.log = self.root / "server.log"
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            # initdb refuses root; the distribution's package created this user.
            self._as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.root, "postgres", "postgres")
        self.root.chmod(0o755)
        self._names = itertools.count(1)
        self._run(_binary("initdb"), "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8", "-N")
        hba = self.data / "pg_hba.conf"
        self._write_as_owner(hba, f"local all {PASSWORD_USER} scram-sha-256\n"
                                  "local all all trust\n"
                                  "hostssl all all 127.0.0.1/32 trust\n")
        settings = [f"unix_socket_directories='{self.socket_dir}'", "listen_addresses=''"]
        self.port: int | None = None
        if tls:
            # A server on the loopback address that offers TLS with its own certificate.
            crt, key = _self_signed_server_certificate(self.data)
            if self._as_user:
                shutil.chown(crt, "postgres", "postgres")
                shutil.chown(key, "postgres", "postgres")
            self.certificate = crt
            self.port = _free_port()
            settings = [f"unix_socket_directories='{self.socket_dir}'",
                        "listen_addresses='127.0.0.1'", f"port={self.port}", "ssl=on"]
        if not fsync:  # tests: the data is thrown away; the benchmark keeps fsync on
            settings += ["fsync=off", "synchronous_commit=off", "full_page_writes=off"]
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n".join(settings) + "\n")
        self.start()
        self.sql("postgres", f"CREATE ROLE {OWNER} LOGIN; CREATE ROLE {APP} LOGIN;"
                             f" CREATE ROLE {PASSWORD_USER} LOGIN PASSWORD '{PASSWORD}';")

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as_user, *args], check=True, capture_output=True, cwd="/")

    def _write_as_owner(self, path: Path, text: str) -> None:
        path.write_text(text, encoding="utf-8")
        if self._as_user:
            shutil.chown(path, "postgres", "postgres")

    def start(self) -> None:
        self._run(_binary("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "start")

    def stop(self) -> None:
        self._run(_binary("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def sql(self, database: str, script: str, user: str = SUPERUSER) -> str:
        port = ["-p", str(self.port)] if self.port else []
        done = subprocess.run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-h", str(self.socket_dir),
             *port, "-U", user, "-d", database, "-c", script],
            check=True, capture_output=True, text=True)
        return done.stdout.strip()

    def new_database(self, *, upgrade: bool = True) -> Database:
        """A fresh database owned by slrdesk_owner, with SLR Desk's schema unless told not."""
        name = f"clinic_{next(self._names)}"
        self.sql("postgres", f"CREATE DATABASE {name} OWNER {OWNER}")
        database = Database(name, self.socket_dir, self.port)
        if upgrade:
            from slrdesk.core.store.postgres import upgrade as upgrade_schema

            upgrade_schema(database.url(OWNER))
        return database

    def close(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
