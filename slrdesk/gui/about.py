"""The About box: version, ruleset, the bundled components with their licences, and how a user
replaces the LGPL Qt libraries of an installed bundle (LGPL-3.0 §4 asks that this be possible
and said)."""

from __future__ import annotations

import sys
from html import escape

from slrdesk import __version__

# (component, licence). Kept in step with what packaging/build bundles; the full texts are in
# the bundle's `licenses` folder.
COMPONENTS = (
    ("Qt 6 and PySide6 / Shiboken6", "LGPL-3.0 (dynamically linked; replaceable, see below)"),
    ("Python", "Python Software Foundation License"),
    ("pydantic, pydantic-core", "MIT"),
    ("reportlab", "BSD-3-Clause"),
    ("pyHanko, pyhanko-certvalidator", "MIT"),
    ("asn1crypto, oscrypto", "MIT"),
    ("cryptography", "Apache-2.0 or BSD-3-Clause"),
    ("pypdfium2 and PDFium", "Apache-2.0 or BSD-3-Clause; PDFium BSD-3-Clause"),
    ("platformdirs", "MIT"),
    ("DejaVu fonts", "Bitstream Vera licence; DejaVu changes public domain"),
    ("PyInstaller bootloader (installed bundles)", "GPL-2.0 with the bootloader exception"),
    ("Libraries these depend on (aiohttp, lxml, Pillow, …)",
     "permissive; each listed in licenses/README.txt"),
)


def qt_location() -> str:
    """Where the Qt libraries sit inside an installed bundle, on this platform."""
    if sys.platform == "darwin":
        return "SLR Desk.app/Contents/Frameworks/PySide6/Qt/lib"
    if sys.platform == "win32":
        return r"SLR Desk\_internal\PySide6"
    return "slrdesk/_internal/PySide6/Qt/lib"


def about_html(ruleset: str, catalog_version: str) -> str:
    rows = "".join(f"<tr><td>{escape(name)}</td><td>{escape(licence)}</td></tr>"
                   for name, licence in COMPONENTS)
    return (
        f"<h3>SLR Desk {__version__}</h3>"
        f"<p>Classification ruleset {escape(ruleset)}; clinical catalog "
        f"{escape(catalog_version)}.</p><p>Decision support for examining an active "
        "straight-leg-raise deficit. It suggests; the clinician decides.</p>"
        f"<p><b>Components and licences</b></p><table cellspacing='4'>{rows}</table>"
        "<p><b>Replacing Qt.</b> Qt is used under the LGPL-3.0 and is not built into the "
        "program: its libraries are separate files in the installed folder "
        f"(<code>{escape(qt_location())}</code>). You may replace them with your own build "
        f"of the same Qt version (Qt {escape(_qt_version())}, the same ABI) by copying your "
        "libraries over these files; the program loads whatever is there. Qt's source is at "
        "download.qt.io and PySide6's at code.qt.io. The licence texts are in the "
        "<code>licenses</code> folder beside the program.</p>"
    )


def _qt_version() -> str:
    from PySide6.QtCore import qVersion

    return qVersion()
