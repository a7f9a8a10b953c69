"""SLR Desk works offline: the suite-wide guard stops any network connection a test attempts."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import NetworkAccessError


def test_the_network_guard_refuses_a_connection() -> None:
    with pytest.raises(NetworkAccessError, match=r"192\.0\.2\.1"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(
        NetworkAccessError
    ):
        sock.connect(("127.0.0.1", 9))


def test_signing_and_verifying_load_no_network_client(tmp_path: Path) -> None:
    """pyHanko's HTTP clients (timestamps, certificate/CRL/OCSP fetching) stay out of the
    process that signs and verifies a note: there is nothing there that could go online."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from slrdesk.core.examples import vignette\n"
        "from slrdesk.core.note.export import build_note\n"
        "from slrdesk.core.note.identity import create_identity, load_identity\n"
        "from slrdesk.core.note.verify import verify_note\n"
        f"path = Path({str(tmp_path)!r}) / 'id.p12'\n"
        "create_identity(path, 'Dr Sam Okafor', b'correct horse battery')\n"
        "identity = load_identity(path, b'correct horse battery')\n"
        "pdf, _ = build_note(vignette('sprinter_strain'), identity=identity, check_signer=False)\n"
        "assert verify_note(pdf).intact\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('aiohttp', 'requests')))\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
