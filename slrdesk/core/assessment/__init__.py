"""Explainable classification of an exam: ranked hypotheses with sourced evidence, red flags.

`classify(exam)` is a pure, deterministic function; the rules it applies are data in `rules.py`
and are published as docs/rules.md (generated, see `slrdesk.core.assessment.rules_doc`).
"""

from slrdesk.core.assessment.engine import RULESET_VERSION, classify
from slrdesk.core.assessment.model import Assessment

__all__ = ["RULESET_VERSION", "Assessment", "classify"]
