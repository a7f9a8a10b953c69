"""The exam note: PDF rendering (reportlab), PAdES signing and verification (pyHanko), signing
identities (PKCS#12), and atomic export."""

import logging
import sys
import types

# pyHanko logs a full traceback at WARNING when a signer's certificate is self-signed or untrusted.
# The program reports trust itself, in one sentence; those logs would only bury it.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False


class _NoNetwork:
    """Stands in for pyHanko's HTTP clients: notes are signed and verified offline."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise RuntimeError("SLR Desk signs and verifies offline: it never asks a timestamp "
                           "server, nor fetches a certificate, CRL or OCSP answer")


# pyHanko imports its HTTP clients (a timestamp client, and certificate, CRL and OCSP
# fetchers), and with them aiohttp, whether or not they are ever used: about 0.1 s at every
# start of `slrdesk export`, for network code this program must never run (PAdES B-B, trust
# from the clinic's own CA or a pinned certificate). Stand-in modules keep them out of the
# process altogether; anything that did try to use one would fail in words, not go online.
for _module, _name in (("pyhanko.sign.timestamps.aiohttp_client", "HTTPTimeStamper"),
                       ("pyhanko_certvalidator.fetchers.aiohttp_fetchers",
                        "AIOHttpFetcherBackend")):
    if _module not in sys.modules:
        _offline = types.ModuleType(_module, "SLR Desk: no network client (offline)")
        setattr(_offline, _name, _NoNetwork)
        sys.modules[_module] = _offline
