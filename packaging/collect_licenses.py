"""Copy the licence of everything the bundle contains into DEST (run by packaging/build with the
build environment's Python, whose installed distributions are what PyInstaller bundled).

    python packaging/collect_licenses.py DEST

DEST gets one folder per distribution (its licence files from the wheel's metadata), Python's
own licence, the LGPL/GPL texts for Qt (PySide6 wheels carry none), and an index, README.txt.
"""

from __future__ import annotations

import shutil
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

HERE = Path(__file__).resolve().parent
QT = {"pyside6-essentials", "shiboken6"}
# The bootloader is the only part of PyInstaller that ends up in the bundle.
EXTRA = ["pyinstaller"]
# Wheels that ship no licence file: the text from the same release's source distribution.
FROM_SDIST = {"fhir.resources": "fhir.resources-LICENSE.txt",
              "fhir-core": "fhir_core-LICENSE.txt"}


def runtime_closure(root: str) -> list[metadata.Distribution]:
    """`root` and everything it needs at run time: the extras a requirement asks for (psycopg's
    `binary`, which carries libpq) included, optional extras and other platforms left out."""
    seen: dict[tuple[str, str], metadata.Distribution] = {}
    todo: list[tuple[str, frozenset[str]]] = [(root, frozenset())]
    while todo:
        raw, extras = todo.pop()
        name = raw.lower().replace("_", "-")
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        for extra in ("", *sorted(extras)):
            if (name, extra) in seen:
                continue
            seen[(name, extra)] = dist
            for spec in dist.requires or []:
                requirement = Requirement(spec)
                if requirement.marker is None or requirement.marker.evaluate({"extra": extra}):
                    todo.append((requirement.name, frozenset(requirement.extras)))
    by_name = {name: dist for (name, _), dist in seen.items()}
    return [by_name[n] for n in sorted(by_name) if n != root]


def licence_files(dist: metadata.Distribution) -> list[tuple[Path, Path]]:
    """(source, path relative to the distribution's folder): everything under the metadata's
    `licenses/` (PEP 639), else the LICENSE/COPYING/NOTICE files beside the metadata."""
    found = []
    for entry in dist.files or []:
        parts = entry.parts
        if not parts or not parts[0].endswith(".dist-info"):
            continue
        inner = Path(*parts[1:])
        if parts[1:2] == ("licenses",):
            found.append((Path(str(dist.locate_file(entry))), Path(*parts[2:])))
        elif any(word in inner.name.lower() for word in ("licen", "copying", "notice")):
            found.append((Path(str(dist.locate_file(entry))), inner))
    return [(source, relative) for source, relative in found if source.is_file()]


def main(dest: Path) -> int:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    index = ["Licences of the components bundled with SLR Desk.", ""]
    missing = []
    for dist in runtime_closure("slrdesk") + [metadata.distribution(n) for n in EXTRA]:
        name = dist.metadata["Name"]
        licence = (dist.metadata.get("License-Expression") or dist.metadata.get("License")
                   or "see folder").splitlines()[0][:80]
        folder = dest / name
        folder.mkdir()
        files = licence_files(dist)
        for source, relative in files:
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / relative)
        if name.lower().replace("_", "-") in QT:
            licence = "LGPL-3.0-only (see LGPL-3.0.txt and GPL-3.0.txt)"
            for text in ("LGPL-3.0.txt", "GPL-3.0.txt"):
                shutil.copy2(HERE / "licenses" / text, folder / text)
        elif name.lower() == "pyinstaller":
            licence = "GPL-2.0 with the bootloader exception (bootloader only)"
            shutil.copy2(HERE / "licenses" / "GPL-2.0.txt", folder / "GPL-2.0.txt")
        elif not files and name.lower().replace("_", "-") in FROM_SDIST:
            shutil.copy2(HERE / "licenses" / FROM_SDIST[name.lower().replace("_", "-")],
                         folder / "LICENSE")
        elif not files:
            missing.append(name)
        index.append(f"{name} {dist.version}: {licence}")
    python_licence = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    if python_licence.is_file():
        (dest / "Python").mkdir()
        shutil.copy2(python_licence, dest / "Python" / "LICENSE.txt")
        index.append(f"Python {sys.version.split()[0]}: PSF License (Python/LICENSE.txt)")
    else:
        missing.append("Python")
    index += ["DejaVu fonts: Bitstream Vera licence (_internal/slrdesk/resources/fonts)",
              "psycopg-binary also carries, in psycopg_binary.libs: libpq (PostgreSQL Licence), "
              "OpenSSL 3 (Apache-2.0), MIT Kerberos (MIT), OpenLDAP (OpenLDAP Public Licence), "
              "Cyrus SASL (BSD-style), libxcrypt and keyutils (LGPL-2.1+), com_err (MIT)", "",
              "Qt is dynamically linked and may be replaced: see Help → About SLR Desk."]
    (dest / "README.txt").write_text("\n".join(index) + "\n", encoding="utf-8")
    if missing:
        print(f"licence files not found for: {', '.join(missing)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
