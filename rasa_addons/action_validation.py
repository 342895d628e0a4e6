"""Validate action server responses against a schema checked once, not on every call.

Rasa 3.6 checks each action server response with ``jsonschema.validate(result, spec)``. With the
jsonschema Rasa's pins allow (4.17 here) that call first validates the constant ``spec`` itself
against the Draft 2020-12 meta-schema: 55 ms of CPU per action call, measured on the development
machine, against 0.7 ms for validating the response. Oefenavond calls one action per trainee
reply, so that was the largest single cost of a turn (docs/BENCHMARKS.md). This module replaces
``RemoteAction._validate_action_result`` with the same validation (same schema, same validator
class, same error message) by a validator built once. It patches only the Rasa version it was
written for and leaves any other untouched.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

import rasa
from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

logger = logging.getLogger(__name__)
PATCHED_VERSION = "3.6."


@cache
def _validator() -> Any:
    spec = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(spec)
    cls.check_schema(spec)
    return cls(spec)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's ``_validate_action_result`` with a cached validator."""
    try:
        _validator().validate(result)
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the Action "
            f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise
    return True


def install() -> bool:
    """Install the cached validation on Rasa 3.6; True when installed."""
    if not rasa.__version__.startswith(PATCHED_VERSION):
        logger.warning("rasa %s: action validation left as it is (written for %sx)", rasa.__version__,
                       PATCHED_VERSION)
        return False
    RemoteAction._validate_action_result = validate_action_result
    return True
