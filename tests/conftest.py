"""Suite-wide rules: no test may open a network connection."""

from __future__ import annotations

import socket

import pytest


class NetworkAccessError(AssertionError):
    """SLR Desk must work offline; a test tried to reach the network."""


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _guarded(real):  # type: ignore[no-untyped-def]
    def connect(self: socket.socket, address: object) -> object:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise NetworkAccessError(f"network connection attempted to {address!r}")
        return real(self, address)

    return connect


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _guarded(_real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded(_real_connect_ex))
    monkeypatch.setattr(
        socket, "create_connection",
        lambda address, *a, **k: (_ for _ in ()).throw(
            NetworkAccessError(f"network connection attempted to {address!r}")
        ),
    )
    return


@pytest.fixture(scope="session")
def postgres_cluster():  # type: ignore[no-untyped-def]
    """One throw-away PostgreSQL cluster for the whole run (tests/postgres_cluster.py); a
    missing server fails the tests that need it, never skips them."""
    from tests.postgres_cluster import Cluster

    cluster = Cluster()
    yield cluster
    cluster.close()


@pytest.fixture
def pg_database(postgres_cluster):  # type: ignore[no-untyped-def]
    """A fresh database with SLR Desk's schema, owned by slrdesk_owner."""
    return postgres_cluster.new_database()
