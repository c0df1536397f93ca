"""Schemathesis hooks of `npm run test:fuzz` (loaded through SCHEMATHESIS_HOOKS).

The built-in `positive_data_acceptance` check wants every request that fits the schema to be
accepted. Flowcard also refuses requests for reasons no JSON Schema can state: a rule of the domain
(a status transition, a BPMN diagram that does not compile, an owner who is not an active user) or
state (a cursor this API never gave out). Those refusals carry their own codes (README, "Error
codes"). What the document can and must say is what the validators check, so this check is the
built-in one narrowed to them: a request that fits the schema must never be refused by the
validation pipe (VALIDATION_FAILED) or a parameter pipe (BAD_REQUEST), nor answer a server error.
"""

import schemathesis

VALIDATOR_CODES = {"VALIDATION_FAILED", "BAD_REQUEST"}


def _path_value_missing(case):
    """A stateful step filled a path parameter from a null field of an earlier response (an
    activity's `processInstanceId`, say): the request then holds `None`, which fits no schema."""
    values = (case.path_parameters or {}).values()
    return any(value is None or value in ("None", "null") for value in values)


@schemathesis.check
def validators_accept_schema_valid_data(ctx, response, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or _path_value_missing(case):
        return None
    if response.status_code != 400:
        return None
    try:
        code = response.json().get("code")
    except Exception:
        code = None
    if code in VALIDATOR_CODES:
        raise AssertionError(
            f"A request that fits the schema was refused by the validators ({code}): "
            "the document does not say what they check"
        )
    return None
