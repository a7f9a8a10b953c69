"""Field paths as a clinician reads them: `goniometry.active_slr.left` is "Active SLR, left".

The document and the command line speak in paths (a program needs them); the workstation shows
these labels instead, in every message beside a field.
"""

from __future__ import annotations

import re

from slrdesk.core.catalog import catalog

_FIXED = {
    "history.affected_side": "Affected side", "history.onset": "Onset",
    "history.onset_date": "Onset date", "history.mechanism": "Mechanism",
    "history.mechanism_detail": "Mechanism detail", "history.course": "Course",
    "history.pain_now": "Pain now", "history.pain_worst_24h": "Worst pain, 24 h",
    "history.back_pain": "Back pain", "history.leg_pain": "Leg pain",
    "history.temperature_c": "Temperature", "history.notes": "History notes",
    "goniometry.instrument": "Instrument", "mens_aslr.lift_height_cm": "Lift height",
    "impression.impression": "Impression", "impression.plan": "Plan",
    "impression.referral": "Referral", "impression.codes": "Codes",
    "correspondence.referred_by": "Referred by", "correspondence.addressed_to": "Letter to",
    "clinic.name": "Clinic name", "clinic.address": "Clinic address",
    "clinic.phone": "Clinic phone",
    "patient.name": "Patient name", "patient.date_of_birth": "Date of birth",
    "patient.record_number": "Record number", "pain_map": "Pain map",
}
_SECTIONS = {
    "neurology.myotomes": "myotomes", "neurology.reflexes": "reflexes",
    "neurology.sensation": "dermatomes", "special_tests": "special_tests",
    "red_flags": "red_flags", "history.symptoms": "history_items", "goniometry": "angles",
}
_OTHER = {"neurology.plantar_response": "Plantar response",
          "neurology.ankle_clonus_beats": "Ankle clonus", "circulation.distal_pulses":
          "Distal pulses", "mens_aslr.without_compression": "Mens active SLR",
          "mens_aslr.with_compression": "Mens active SLR with compression",
          "goniometry.passive_slr_onset_location": "Passive SLR symptoms felt in"}
_PATH = re.compile(r"^([a-z_]+(?:\.[A-Za-z0-9_]+)+): ")


def field_label(path: str) -> str:
    """The label of a field path; the path itself when it has none."""
    if path in _FIXED:
        return _FIXED[path]
    parts = path.split(".")
    side = parts[-1] if parts[-1] in ("left", "right") else None
    stem = ".".join(parts[:-1]) if side else path
    name = _OTHER.get(stem)
    if name is None:
        for prefix, section in _SECTIONS.items():
            if stem.startswith(prefix + "."):
                rest = stem[len(prefix) + 1:]
                key = rest if rest.startswith("local.") else rest.split(".")[0]
                entries = getattr(catalog(), section)
                if key in entries:
                    name = str(entries[key].label)
                break
    if name is None:
        return path
    return f"{name}, {side}" if side else name


def with_labels(message: str) -> str:
    """A message that starts with a field path, starting with the field's label instead."""
    match = _PATH.match(message)
    if match is None:
        return message
    return f"{field_label(match.group(1))}: {message[match.end():]}"
