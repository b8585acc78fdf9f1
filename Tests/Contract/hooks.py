"""Schemathesis hooks for the contract test (loaded through schemathesis.toml).

Auth: operations that need `bearer` get the access token of one of four accounts (the patient,
the administrator, a coordinator of every region and a surgeon), taken in turns case by case. Each account is signed in once, at its first
use, through `POST /auth/token` with the password grant (the administrator with a TOTP code
computed here, see accounts.TokenClient), and that access token is reused for the whole run. It
is signed in again only when an authenticated request came back 401: Schemathesis then asks the
provider again for that same case, which still carries the rejected token; any other request for
a token is answered from the store. Refresh tokens are never sent (a replayed one would revoke
the sign-in's whole family).
"""
import atexit
import itertools
import json
import os
import sys
import threading
from pathlib import Path

import schemathesis

sys.path.insert(0, str(Path(__file__).resolve().parent))
from accounts import TokenClient  # noqa: E402

ACCOUNTS = json.loads(Path(os.environ["HC_CONTRACT_ACCOUNTS"]).read_text())
ROLES = ("patient", "admin", "coordinator", "surgeon")
CLIENT = TokenClient(os.environ["HC_CONTRACT_API"], ACCOUNTS)

# The access token in use per role; the role of each case.
_tokens = {}
_roles = {}
_turns = itertools.cycle(ROLES)
_lock = threading.Lock()


@atexit.register
def _report_sign_ins():
    print("==> sign-ins at POST /auth/token: " + ", ".join(f"{role} {n}" for role, n in CLIENT.sign_ins.items()))


def role_of(case, context=None):
    """The account a case runs as: each of ROLES in turn, fixed per case."""
    with _lock:
        if case.id not in _roles:
            _roles[case.id] = next(_turns)
        return _roles[case.id]


def needs_bearer(ctx):
    """Whether the operation's security (its own, or the document's) names the `bearer` scheme."""
    operation = ctx.operation
    requirements = operation.definition.raw.get("security", operation.schema.raw_schema.get("security", []))
    return any("bearer" in requirement for requirement in requirements)


# A long refresh interval: the token is fetched again only after a 401 (retry_on), never on a timer.
@schemathesis.auth(refresh_interval=24 * 3600, cache_by_key=role_of, retry_on=[401]).apply_to(needs_bearer)
class SignedIn:
    def get(self, case, context):
        role = role_of(case)
        with _lock:
            token = _tokens.get(role)
        sent = (case.headers or {}).get("Authorization")
        if token is None or sent == f"Bearer {token}":
            # First use, or this very case was answered 401 with the stored token.
            token = CLIENT.sign_in(role)
            with _lock:
                _tokens[role] = token
        return token

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


@schemathesis.check
def signed_in_account(ctx, response, case):
    """`GET /me` with a token signed in here answers 200 with that account. Without this, a server
    that refused every token would pass: 401 is a documented answer of /me."""
    request = response.request
    if request.method != "GET" or not request.url.rstrip("/").endswith("/api/v1/me"):
        return None
    sent = request.headers.get("Authorization")
    with _lock:
        role = next((r for r, t in _tokens.items() if sent == f"Bearer {t}"), None)
    if role is None:
        return None
    assert response.status_code == 200, f"GET /me with the {role}'s access token answered {response.status_code}, expected 200"
    body = response.json()
    expected = {"email": ACCOUNTS[role]["email"], "role": role, "two_factor": role != "patient"}
    got = {key: body.get(key) for key in expected}
    assert got == expected, f"GET /me as the {role}: expected {expected}, got {got}"
    return None
