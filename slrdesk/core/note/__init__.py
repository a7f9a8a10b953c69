"""The exam note: PDF rendering (reportlab), PAdES signing and verification (pyHanko), signing
identities (PKCS#12), and atomic export."""

import logging

# pyHanko logs a full traceback at WARNING when a signer's certificate is self-signed or untrusted.
# The program reports trust itself, in one sentence; those logs would only bury it.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False
