"""The exam as an HL7 FHIR document Bundle, for records systems that take more than a PDF.

Built with `fhir.resources` (pydantic v2 models of every FHIR resource), validated as it is
built. The models are those of FHIR R4B (4.3.0); every resource used here (Bundle, Composition,
Patient, Practitioner, Organization, Encounter, Observation, Condition, ClinicalImpression,
Provenance) has the same structure as in R4 (4.0.1) — R4B changed the medication-definition,
evidence and subscription resources only — so an R4 system reads the Bundle as R4.

What it holds: a Composition with the note's sections (the urgency and red flags first, as on
the page), the patient, the clinician, the clinic, the encounter; one Observation per recorded
value and side, in the note's own words; the clinician's impression as a ClinicalImpression and
one Condition per chosen ICD-10-CM code; when signed, a Provenance naming the signer. Standard
codes come only from the catalog's `codings` table, each checked against a published source;
everything else carries its label as text. Identifiers are derived from the exam's, so the
same exam gives the same Bundle.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from slrdesk import __version__
from slrdesk.core.assessment.report import flag_line
from slrdesk.core.catalog import SIDES, catalog
from slrdesk.core.note.wording import (
    graded_text,
    in_form_order,
    item_label,
    label,
    motor_text,
    special_test_text,
)

if TYPE_CHECKING:
    from slrdesk.core.assessment.model import Assessment
    from slrdesk.core.document.exam import ExamDocument

FHIR_JSON = "application/fhir+json"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
UCUM = "http://unitsofmeasure.org"
_TERMINOLOGY = "http://terminology.hl7.org/CodeSystem/"
TITLE = "Examination note: inability to lift a straight leg"
Json = dict[str, Any]


def _coded(item: str, text: str) -> Json:
    """A CodeableConcept: the catalog's checked code for `item` when it has one, and the text."""
    found = catalog().codings.get(item)
    concept: Json = {"text": text}
    if found is not None:
        concept["coding"] = [{"system": found.system_uri, "code": found.code,
                              "display": found.display}]
    return concept


def _hl7(system: str, code: str, display: str | None = None) -> Json:
    coding = {"system": _TERMINOLOGY + system, "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding]}


def _div(lines: list[str]) -> Json:
    body = "".join(f"<p>{escape(line)}</p>" for line in lines if line) or "<p>Nothing recorded.</p>"
    return {"status": "generated",
            "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'}


def _when(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


class _Builder:
    """Collects the Bundle's resources; every reference is a `urn:uuid:` inside the Bundle."""

    def __init__(self, exam: ExamDocument, assessment: Assessment) -> None:
        self.exam, self.assessment = exam, assessment
        self.final = exam.status == "signed"
        self.entries: list[tuple[str, Json]] = []
        self.patient = self._add("Patient", "patient", self._patient())
        self.practitioner = self._add("Practitioner", "practitioner", self._practitioner())
        self.organization = (self._add("Organization", "clinic", self._organization())
                             if exam.clinic else None)
        self.encounter = self._add("Encounter", "encounter", self._encounter())

    def uuid_for(self, key: str) -> str:
        return "urn:uuid:" + str(uuid.uuid5(self.exam.exam_id, key))

    def _add(self, kind: str, key: str, resource: Json) -> str:
        url = self.uuid_for(key)
        resource = {"resourceType": kind, "id": url.removeprefix("urn:uuid:"), **resource}
        self.entries.append((url, resource))
        return url

    # --- who, where, when ---------------------------------------------------------------------

    def _patient(self) -> Json:
        p = self.exam.patient
        return {"identifier": [{"type": _hl7("v2-0203", "MR", "Medical record number"),
                                "value": p.record_number}],
                "name": [{"text": p.name}], "gender": p.sex,
                "birthDate": p.date_of_birth.isoformat()}

    def _practitioner(self) -> Json:
        c = self.exam.clinician
        resource: Json = {"name": [{"text": c.name}]}
        if c.registration_number:
            resource["identifier"] = [{"value": c.registration_number}]
        if c.credentials:
            resource["qualification"] = [{"code": {"text": c.credentials}}]
        return resource

    def _organization(self) -> Json:
        clinic = self.exam.clinic
        assert clinic is not None
        resource: Json = {"name": clinic.name}
        if clinic.address:
            resource["address"] = [{"text": clinic.address,
                                    "line": [line.strip() for line in clinic.address.splitlines()
                                             if line.strip()]}]
        if clinic.phone:
            resource["telecom"] = [{"system": "phone", "value": clinic.phone}]
        return resource

    def _encounter(self) -> Json:
        resource: Json = {
            "status": "finished",
            "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                      "code": "AMB", "display": "ambulatory"},
            "subject": {"reference": self.patient},
            "participant": [{"individual": {"reference": self.practitioner}}],
            "period": {"start": _when(self.exam.encounter_time)},
        }
        referrer = self.exam.correspondence.referred_by
        if referrer:
            resource["hospitalization"] = {"origin": {"display": referrer}}
        if self.organization:
            resource["serviceProvider"] = {"reference": self.organization}
        return resource

    # --- observations -------------------------------------------------------------------------

    def observation(self, key: str, code: Json, value: Json, *, side: str | None = None,
                    category: str | None = "exam", body_site: str | None = None,
                    method: str | None = None) -> str:
        resource: Json = {
            "status": "final" if self.final else "preliminary",
            "code": code,
            "subject": {"reference": self.patient},
            "encounter": {"reference": self.encounter},
            "effectiveDateTime": _when(self.exam.encounter_time),
            "performer": [{"reference": self.practitioner}],
            **value,
        }
        if category:
            resource["category"] = [_hl7("observation-category", category)]
        if body_site:
            resource["bodySite"] = {"text": body_site}
        if method:
            resource["method"] = {"text": method}
        if side:
            # Laterality as a component, so a body site in text keeps its coded side.
            resource["component"] = [{"code": {"text": "Laterality"},
                                      "valueCodeableConcept": _coded(f"side.{side}",
                                                                     side.capitalize())}]
        return self._add("Observation", f"observation/{key}", resource)

    def sided(self, key: str, name: str, pair: Any, show: Any, **kwargs: Any) -> list[str]:
        """One Observation per recorded side of a bilateral finding, valued in words."""
        refs = []
        for side in SIDES:
            value = getattr(pair, side) if pair is not None else None
            if value is not None:
                refs.append(self.observation(f"{key}/{side}", {"text": name}, show(value),
                                             side=side, **kwargs))
        return refs

    def history(self) -> list[str]:
        h = self.exam.history
        refs = []
        if h.pain_now is not None:
            refs.append(self.observation("history/pain_now", _coded(
                "history.pain_now", "Pain now (0–10)"), {"valueInteger": h.pain_now},
                category="survey"))
        for key, name in (("pain_worst_24h", "Worst pain in 24 hours (0–10)"),
                          ("back_pain", "Back pain (0–10)"), ("leg_pain", "Leg pain (0–10)")):
            value = getattr(h, key)
            if value is not None:
                refs.append(self.observation(f"history/{key}", {"text": name},
                                             {"valueInteger": value}, category="survey"))
        if h.temperature_c is not None:
            refs.append(self.observation(
                "history/temperature_c", _coded("history.temperature_c", "Body temperature"),
                {"valueQuantity": {"value": h.temperature_c, "unit": "°C", "system": UCUM,
                                   "code": "Cel"}}, category="vital-signs"))
        for item in in_form_order("history_items", h.symptoms):
            refs.append(self.observation(
                f"history/{item}", {"text": item_label("history_items", item)},
                {"valueBoolean": h.symptoms[item]}, category="survey"))
        return refs

    def findings(self) -> list[str]:
        exam, cat = self.exam, catalog()
        refs = []
        for mark in exam.pain_map:
            region = cat.regions[mark.region]
            qualities = ", ".join(label("qualities", q).lower() for q in mark.qualities)
            described = "; ".join(part for part in (
                qualities, f"intensity {mark.intensity}/10" if mark.intensity is not None else "")
                if part) or "marked"
            refs.append(self.observation(
                f"pain_map/{mark.region}", {"text": "Pain location"}, {"valueString": described},
                side=region.side if region.side in SIDES else None, body_site=region.label))
        g = exam.goniometry
        instrument = label("instruments", g.instrument) if g.instrument else None
        for angle_id, spec in cat.angles.items():
            refs += self.sided(f"goniometry/{angle_id}", spec.label, getattr(g, angle_id),
                               lambda v: {"valueQuantity": {"value": v, "unit": "°",
                                                            "system": UCUM, "code": "deg"}},
                               method=instrument)
        m = exam.mens_aslr
        for key, name, pair in (("without_compression", "Mens active SLR (0–5)",
                                 m.without_compression),
                                ("with_compression", "Mens active SLR with pelvic compression "
                                 "(0–5)", m.with_compression)):
            refs += self.sided(f"mens/{key}", name, pair, lambda v: {"valueInteger": v})
        n = exam.neurology
        for myotome in cat.myotomes.values():
            refs += self.sided(f"myotome/{myotome.id}",
                               f"Strength (MRC 0–5): {myotome.label} ({'/'.join(myotome.roots)})",
                               n.myotomes.get(myotome.id), self._words(motor_text))
        for reflex in cat.reflexes.values():
            refs += self.sided(f"reflex/{reflex.id}",
                               f"Reflex: {reflex.label} ({'/'.join(reflex.roots)})",
                               n.reflexes.get(reflex.id), self._words(lambda r: r.text()))
        refs += self.sided("plantar", "Plantar response", n.plantar_response,
                           self._words(graded_text))
        refs += self.sided("clonus", "Ankle clonus (beats)", n.ankle_clonus_beats,
                           lambda v: {"valueInteger": v})
        for dermatome in cat.dermatomes.values():
            refs += self.sided(f"sensation/{dermatome.id}",
                               f"Light touch: {dermatome.label} ({dermatome.area})",
                               n.sensation.get(dermatome.id), self._words(graded_text))
        refs += self.sided("pulses", "Distal pulses", exam.circulation.distal_pulses,
                           self._words(str))
        for test_id in in_form_order("special_tests", exam.special_tests):
            refs += self.sided(f"special_test/{test_id}", item_label("special_tests", test_id),
                               exam.special_tests[test_id], self._words(special_test_text))
        return refs

    @staticmethod
    def _words(show: Any) -> Any:
        """A value as the note words it."""
        return lambda value: {"valueString": show(value)}

    def red_flags(self) -> list[str]:
        refs = []
        for flag in catalog().red_flags.values():
            answer = self.exam.red_flag_answer(flag.id)
            value: Json = ({"valueBoolean": answer == "yes"} if answer != "not_asked"
                           else {"dataAbsentReason": _hl7("data-absent-reason", "not-asked",
                                                          "Not Asked")})
            refs.append(self.observation(f"red_flag/{flag.id}",
                                         {"text": f"Red flag: {flag.label}"}, value,
                                         category="survey"))
        return refs

    # --- the clinician's conclusion -----------------------------------------------------------

    def impression(self) -> list[str]:
        exam, cat = self.exam, catalog()
        conditions = []
        for code in exam.impression.codes:
            conditions.append(self._add("Condition", f"condition/{code}", {
                "clinicalStatus": _hl7("condition-clinical", "active"),
                "verificationStatus": _hl7("condition-ver-status", "provisional"),
                "category": [_hl7("condition-category", "encounter-diagnosis")],
                "code": {"coding": [{"system": ICD10CM, "code": code,
                                     "display": cat.codes[code].label}],
                         "text": cat.codes[code].label},
                "subject": {"reference": self.patient},
                "encounter": {"reference": self.encounter},
                "recordedDate": _when(exam.entered_at),
                "recorder": {"reference": self.practitioner},
            }))
        impression: Json = {
            "status": "completed" if self.final else "in-progress",
            "subject": {"reference": self.patient},
            "encounter": {"reference": self.encounter},
            "effectiveDateTime": _when(exam.encounter_time),
            "assessor": {"reference": self.practitioner},
        }
        if exam.impression.impression:
            impression["summary"] = exam.impression.impression
        if conditions:
            impression["problem"] = [{"reference": c} for c in conditions]
        return [self._add("ClinicalImpression", "impression", impression), *conditions]


def _section(title: str, item: str | None, lines: list[str], refs: list[str]) -> Json:
    section: Json = {"title": title, "text": _div(lines)}
    if item:
        section["code"] = _coded(item, title)
    if refs:
        section["entry"] = [{"reference": r} for r in refs]
    else:
        section["emptyReason"] = _hl7("list-empty-reason", "unavailable", "Unavailable")
    return section


def bundle_dict(exam: ExamDocument, assessment: Assessment) -> Json:
    """The document Bundle as validated JSON-ready data (the Composition first)."""
    from fhir.resources.R4B.bundle import Bundle

    b = _Builder(exam, assessment)
    a, cat = assessment, catalog()
    flag_refs = b.red_flags()
    history_refs = b.history()
    finding_refs = b.findings()
    impression_refs = b.impression()
    urgency = [f"Urgency: {cat.urgency_tiers[a.urgency].label}. {a.urgency_action}"]
    if not a.screen.complete:
        urgency.insert(0, a.screen.message)
    urgency += [flag_line(f) for f in a.red_flags]
    plan = [f"Impression: {exam.impression.impression or 'not recorded'}",
            f"Plan: {exam.impression.plan or 'not recorded'}"]
    if exam.impression.referral:
        plan.append(f"Referral: {exam.impression.referral}")
    support = [a.decision_support_notice,
               *(f"{h.label}: {h.support} support (likelihood ratio {h.likelihood_ratio_text})"
                 for h in a.hypotheses[:3]),
               a.outside_list.not_assessed]
    signature = exam.signature
    composition: Json = {
        "status": "final" if b.final else "preliminary",
        "type": _coded("document", "Examination note"),
        "subject": {"reference": b.patient},
        "encounter": {"reference": b.encounter},
        "date": _when(signature.signed_at if signature else exam.entered_at),
        "author": [{"reference": b.practitioner}],
        "title": ("Addendum to examination note" if exam.addendum else TITLE),
        "section": [
            _section("Urgency and red flags", None, urgency, flag_refs),
            _section("History", "section.history",
                     [exam.history.notes or ""], history_refs),
            _section("Physical findings", "section.findings", [], finding_refs),
            _section("Assessment (decision support)", None, support, []),
            _section("Impression and plan", "section.plan", plan, impression_refs),
        ],
    }
    if b.organization:
        composition["custodian"] = {"reference": b.organization}
    if signature is not None:
        composition["attester"] = [{"mode": "legal", "time": _when(signature.signed_at),
                                    "party": {"reference": b.practitioner}}]
    if exam.addendum is not None:
        composition["relatesTo"] = [{"code": "appends", "targetIdentifier": {
            "system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{exam.addendum.amends_exam_id}"}}]
    composition_url = b.uuid_for("composition")
    entries = [(composition_url, {"resourceType": "Composition",
                                  "id": composition_url.removeprefix("urn:uuid:"),
                                  "identifier": {"system": "urn:ietf:rfc:3986",
                                                 "value": f"urn:uuid:{exam.exam_id}"},
                                  **composition}), *b.entries]
    if signature is not None:
        url = b.uuid_for("provenance")
        entries.append((url, {
            "resourceType": "Provenance", "id": url.removeprefix("urn:uuid:"),
            "target": [{"reference": composition_url}],
            "recorded": _when(signature.signed_at),
            "agent": [{"type": _hl7("provenance-participant-type", "author", "Author"),
                       "who": {"reference": b.practitioner, "display": signature.signer}}],
            "reason": [{"text": "Examination note attestation (signed PDF, PAdES B-B; "
                                f"ruleset {signature.ruleset_version})"}],
        }))
    bundle: Json = {
        "resourceType": "Bundle",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{exam.exam_id}"},
        "type": "document",
        "timestamp": _when(signature.signed_at if signature else exam.entered_at),
        "meta": {"tag": [{"display": f"SLR Desk {__version__}"}]},
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
    }
    # Validated by the FHIR models before anything is written; what is written is the data
    # they accepted (their own serializer would only rewrite "+00:00" as "Z", at twice the
    # cost of validating).
    Bundle.model_validate(bundle)
    return bundle


def bundle_json(exam: ExamDocument, assessment: Assessment) -> bytes:
    import json

    return json.dumps(bundle_dict(exam, assessment), indent=2, ensure_ascii=False).encode()
