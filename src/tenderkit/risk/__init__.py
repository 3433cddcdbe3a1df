"""Residual risk per bidder: gaps -> inherent risk -> compensating measures -> residual risk.

A buyer that moves data to a SaaS or cloud provider keeps the responsibility (BIO, GDPR). For
every catalogue risk its requirement set links to, this package estimates, per bid, how likely
the risk is given the evidence the bid offers, how much it would hurt given the buyer's CIA
classification, which compensating measures would bring it within the buyer's risk appetite at
the least effort, and what the buyer must then do. See docs/risk.md for the formula and a worked
example; every constant lives in `model.yaml`.

    risk = assess_bid(bid, requirement_set, coverage, obligations, extra_measures, "nl")
    risk.risks             # RiskResult per risk: inherent, measures, residual, escalate
    risk.actions           # Action list: measures (with owner, effort) and report duties
    risk.effort_days_total # indicative buyer effort; information only, never in the award
    sla_summary(bid, requirement_set, "nl")   # the SLA comparison, one dict per term

All functions are pure: no I/O, no clock; the same input gives the same register.
"""

from __future__ import annotations

from tenderkit.risk.inherent import (
    RequirementEvidence,
    coverage_level,
    grade_requirement,
    impact_of,
    inherent_level,
    likelihood_of,
    linked_risks,
)
from tenderkit.risk.measures import (
    Choice,
    candidate_measures,
    choose_measures,
    is_unnecessary,
    residual_level,
)
from tenderkit.risk.model import EVIDENCE_GRADES, EvidenceGrade, RiskModel, risk_model
from tenderkit.risk.register import (
    BidRisk,
    action_list,
    assess_bid,
    assess_risks,
    available_measures,
)
from tenderkit.risk.sla_lines import sla_summary

__all__ = [
    "EVIDENCE_GRADES",
    "BidRisk",
    "Choice",
    "EvidenceGrade",
    "RequirementEvidence",
    "RiskModel",
    "action_list",
    "assess_bid",
    "assess_risks",
    "available_measures",
    "candidate_measures",
    "choose_measures",
    "coverage_level",
    "grade_requirement",
    "impact_of",
    "inherent_level",
    "is_unnecessary",
    "likelihood_of",
    "linked_risks",
    "residual_level",
    "risk_model",
    "sla_summary",
]
