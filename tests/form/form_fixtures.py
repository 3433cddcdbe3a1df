"""A requirement set with checks on facts the bid format does not reserve, for the form tests."""

from __future__ import annotations

import copy

from conftest import REQUIREMENT_SET
from tenderkit.formats.requirement_set import RequirementSet


def requirement_set_with_own_facts(sso_text: str = "SSO via SAML of OIDC.") -> RequirementSet:
    """The mini set plus checks on `max_users` (number), `ui_languages` (list) and `sso` (yes/no).

    `sso_text` lets a test start a requirement text with `=` to see it stay text in the form.
    """
    data = copy.deepcopy(REQUIREMENT_SET)
    data["requirements"] += [
        {
            "id": "USR-01",
            "title": "Gebruikers",
            "text": "Minstens 500 gebruikers.",
            "kind": "scored",
            "criterion": "K2",
            "check": {"fact": "max_users", "op": ">=", "value": 500},
        },
        {
            "id": "LNG-01",
            "title": "Talen",
            "text": "Nederlands en Engels.",
            "kind": "knockout",
            "check": {"fact": "ui_languages", "op": "subset", "value": ["nl", "en", "de"]},
        },
        {
            "id": "SSO-01",
            "title": "Single sign-on",
            "text": sso_text,
            "kind": "knockout",
            "check": {"fact": "sso", "op": "true"},
        },
    ]
    return RequirementSet.model_validate(data)
