"""SLR Desk works offline: the suite-wide guard stops any network connection a test attempts."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import NetworkAccessError


def test_the_network_guard_refuses_a_connection() -> None:
    with pytest.raises(NetworkAccessError, match=r"192\.0\.2\.1"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(
        NetworkAccessError
    ):
        sock.connect(("127.0.0.1", 9))
