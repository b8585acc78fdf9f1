"""The accounts the contract test signs in with, and the client that signs them in.

`python accounts.py setup` (run by scripts/contract-tests.sh once the server is up) prepares them
on the fresh database and writes what the hooks need to $HC_CONTRACT_ACCOUNTS:

- the administrator, made before by `healthconnect create-admin`, turns two-step sign-in on
  through the account pages, as the browser tests do: the TOTP secret is only ever shown on the
  enrolment page (`[data-totp-secret]`), so it is read from there;
- the patient signs up through the public sign-up form and confirms the address with the link
  from the verification mail (the outbox .eml the worker writes): there is no command that makes a
  patient account;
- the administrator invites a coordinator (granted every region) and a surgeon through the admin's
  forms; each chooses a password from the invitation mail and turns two-step sign-in on.

Everything here talks to the server from its own loopback address (AUTH_SOURCE, not the 127.0.0.1
the generated requests come from). The server keys its sign-in rate limit and its per-network
lockout on the client address, so the garbage that schemathesis sends to /auth/token (which soon
gets 429 for the whole of 127.0.0.1) never slows or locks out these sign-ins; and the only
requests that ever carry these accounts' addresses come from here, so no per-address lock or
bucket is touched by the generated ones either.
"""
import base64
import email
import email.policy
import hashlib
import hmac
import html.parser
import json
import os
import re
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter

AUTH_SOURCE = "127.0.0.2"
STEP = 30


def totp(secret, step):
    """RFC 6238: HMAC-SHA-1 over the 30-second step number, six digits."""
    secret = "".join(secret.split()).upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


class _SourceAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (AUTH_SOURCE, 0)
        super().init_poolmanager(*args, **kwargs)


def session():
    """A requests session whose connections come from AUTH_SOURCE."""
    s = requests.Session()
    s.mount("http://", _SourceAdapter())
    return s


class _Form(html.parser.HTMLParser):
    """The hidden inputs of a page's forms, and the text of `[data-totp-secret]`."""

    def __init__(self):
        super().__init__()
        self.hidden = {}
        self.secret = None
        self._in_secret = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden" and a.get("name"):
            self.hidden[a["name"]] = a.get("value") or ""
        if "data-totp-secret" in a:
            self._in_secret = True
            self.secret = ""

    def handle_endtag(self, tag):
        self._in_secret = False

    def handle_data(self, data):
        if self._in_secret:
            self.secret += data.strip()


def _page(s, url):
    r = s.get(url, allow_redirects=False, timeout=10)
    r.raise_for_status()
    form = _Form()
    form.feed(r.text)
    return form


def _post_form(s, url, page_url, fields, expect=303):
    """Posts `fields` with the CSRF token of the form on `page_url`."""
    form = _page(s, page_url)
    r = s.post(url, data={**form.hidden, **fields}, allow_redirects=False, timeout=10)
    if r.status_code != expect:
        raise SystemExit(f"POST {url}: expected {expect}, got {r.status_code}\n{r.text[:1500]}")
    return r


def enrol(base, email_address, password):
    """Signs a member of staff in on the site and turns two-step sign-in on; returns the secret,
    the step whose code was used, the recovery codes shown, and the signed-in session."""
    s = session()
    _post_form(s, f"{base}/en/account/sign-in", f"{base}/en/account/sign-in", {"email": email_address, "password": password})
    form = _page(s, f"{base}/en/account/two-factor")
    if not form.secret:
        raise SystemExit("the two-step sign-in page shows no [data-totp-secret]")
    # The previous step's code, which leaves the current step for the first API sign-in; in a
    # step's last seconds the current one instead, which the server still takes a step later (it
    # accepts a step either side). No waiting either way.
    now = time.time()
    step = int(now) // STEP - (0 if now % STEP > STEP - 3 else 1)
    r = s.post(f"{base}/en/account/two-factor/enable", data={**form.hidden, "password": password, "code": totp(form.secret, step)},
               allow_redirects=False, timeout=10)
    if r.status_code != 200 or "data-recovery-codes" not in r.text:
        raise SystemExit(f"turning on two-step sign-in: {r.status_code}\n{r.text[:1500]}")
    listed = r.text.split('data-recovery-codes=""', 1)[1].split("</ul>", 1)[0]
    recovery = [code.strip() for code in re.findall(r"<li>([^<]+)", listed)]
    if not recovery:
        raise SystemExit("turning on two-step sign-in showed no recovery codes")
    return form.secret, step, recovery, s


def mailed_token(outbox, email_address, path):
    """The token of the first link to `path` in a mail to the address: the jobs the last request
    queued are run to the end first (HC_CONTRACT_RUN_JOBS), so the mail is written or never will be."""
    subprocess.run([os.environ["HC_CONTRACT_RUN_JOBS"]], check=True, timeout=120)
    for message_path in sorted(Path(outbox).glob("**/*.eml")):
        message = email.message_from_bytes(message_path.read_bytes(), policy=email.policy.default)
        if email_address not in str(message["To"]):
            continue
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                found = re.search(re.escape(path) + r"\?token=([A-Za-z0-9_-]+)", part.get_content())
                if found:
                    return found.group(1)
    raise SystemExit(f"no mail with {path} for {email_address} in {outbox} once the due jobs had run (see jobs.log)")


def sign_up_patient(base, outbox, email_address, password):
    """Signs a patient up on the public form and confirms the address with the mailed link."""
    s = session()
    _post_form(s, f"{base}/en/account/sign-up", f"{base}/en/account/sign-up",
               {"first_name": "Contract", "last_name": "Patient", "email": email_address, "password": password})
    token = mailed_token(outbox, email_address, "verify-email")
    page = f"{base}/en/account/verify-email?token={token}"
    _post_form(s, f"{base}/en/account/verify-email", page, {"token": token})


def invite_staff(base, outbox, admin, email_address, password, role, grant=None):
    """The administrator invites a member of staff through the admin's forms (and grants them
    `grant`, a (scope, target) pair); they choose their password from the invitation mail."""
    _post_form(admin, f"{base}/admin/users/invite", f"{base}/admin/users/invite",
               {"first_name": "Contract", "last_name": role.title(), "email": email_address, "role": role, "locale": "en"})
    listing = admin.get(f"{base}/admin/users", params={"q": email_address}, timeout=10).text
    user = re.search(r'href="(/admin/users/[0-9a-f-]{36})"', listing)
    if not user:
        raise SystemExit(f"the invited {role} is not listed")
    if grant:
        _post_form(admin, f"{base}{user.group(1)}/grants", f"{base}{user.group(1)}", {"scope": grant[0], "target": grant[1]})
    token = mailed_token(outbox, email_address, "password/reset")
    _post_form(session(), f"{base}/en/account/password/reset", f"{base}/en/account/password/reset?token={token}",
               {"token": token, "password": password})


class TokenClient:
    """Signs each account in at POST /auth/token with the password grant, from AUTH_SOURCE.

    Never twice in one TOTP step for the administrator (a code is good once), and never with a
    refresh token: nothing here refreshes, so no refresh token is ever presented again.
    """

    def __init__(self, base_url, accounts):
        self.base_url = base_url.rstrip("/")
        self.accounts = accounts
        self.session = session()
        self.lock = threading.Lock()
        self.sign_ins = {name: 0 for name in accounts}

    def _next_code(self, account):
        """A code of a step later than the last one spent, never one that could be out of the
        server's one-step window by the time it arrives. When no such step has come yet (a second
        sign-in within 30 seconds), one of the recovery codes, each good once, instead of waiting
        for the clock."""
        now = time.time()
        current = int(now) // STEP
        # The server takes the previous step's code too (clock drift); using it when it is still
        # unspent leaves the current step for a later sign-in. Not in a step's last seconds,
        # though, when the server may be a step further on by the time the code arrives.
        usable = [step for step in (current - 1, current)
                  if step > account["last_step"] and not (step < current and now % STEP > STEP - 3)]
        if usable:
            account["last_step"] = usable[0]
            return totp(account["totp_secret"], usable[0])
        if not account["recovery_codes"]:
            raise RuntimeError("no TOTP step and no recovery code left for another sign-in")
        return account["recovery_codes"].pop(0)

    def sign_in(self, name):
        with self.lock:
            account = self.accounts[name]
            body = {"grant_type": "password", "email": account["email"], "password": account["password"]}
            if account.get("totp_secret"):
                body["totp_code"] = self._next_code(account)
            r = self.session.post(f"{self.base_url}/auth/token", json=body, timeout=10)
            self.sign_ins[name] += 1
            if r.status_code != 200:
                raise RuntimeError(f"signing {name} in: {r.status_code} {r.text[:500]}")
            return r.json()["access_token"]


def setup(path):
    base = os.environ["HC_CONTRACT_SITE"]
    outbox = os.environ["HC_MAIL_OUTBOX"]
    accounts = json.loads(Path(path).read_text())
    admin = accounts["admin"]
    admin["totp_secret"], admin["last_step"], admin["recovery_codes"], admin_session = enrol(base, admin["email"], admin["password"])
    patient = accounts["patient"]
    sign_up_patient(base, outbox, patient["email"], patient["password"])
    for role, grant in (("coordinator", ("inquiries", "*")), ("surgeon", None)):
        member = accounts[role]
        invite_staff(base, outbox, admin_session, member["email"], member["password"], role, grant)
        member["totp_secret"], member["last_step"], member["recovery_codes"], _ = enrol(base, member["email"], member["password"])
    Path(path).write_text(json.dumps(accounts, indent=2))
    print(f"==> {admin['email']}, the coordinator (every region) and the surgeon have two-step sign-in; "
          f"{patient['email']} signed up and confirmed")


if __name__ == "__main__":
    if sys.argv[1:2] != ["setup"]:
        raise SystemExit("usage: accounts.py setup  (reads and completes $HC_CONTRACT_ACCOUNTS)")
    setup(os.environ["HC_CONTRACT_ACCOUNTS"])
