#!/usr/bin/env bash
# A throwaway S3 server for the media storage tests: moto's server (moto[server] from PyPI, pinned in
# scripts/requirements-s3.txt, installed into var/venv-s3) on a free port on 127.0.0.1, with request
# signatures checked. At start it creates an IAM user whose access key may do everything on S3, and the
# bucket "hc-test" (path-style: http://127.0.0.1:PORT/hc-test/KEY, region us-east-1 or any other).
#   start          prints "DIR PID PORT ACCESS_KEY_ID SECRET_ACCESS_KEY" (DIR/server.log has every request)
#   stop DIR PID
# moto's WSGI app runs in a Python process of ours (DIR/server.py) rather than the moto_server command:
# signature checks stay off while the user, key and bucket are made, then go on for good
# (moto.settings.INITIAL_NO_AUTH_ACTION_COUNT = 0, the setting the environment variable of that name sets).
# What moto leaves out, a small front in the same process adds, so that the tests see S3's answers:
#   - presigned (SigV4 query) URLs: moto checks neither their signature nor their expiry, and answers 500
#     once signatures are checked; the front checks signature, key and expiry (403 SignatureDoesNotMatch,
#     InvalidAccessKeyId, AccessDenied "Request has expired"), then hands the request on to moto signed.
#   - a header-signed S3 request without x-amz-content-sha256 (400 InvalidRequest), with a body that
#     does not match it (400 XAmzContentSHA256Mismatch), or more than 15 minutes off (403 RequestTimeTooSkewed).
#   - an unsigned request: 403 AccessDenied (moto answers 500 for most of them).
#   - a PUT body sent as Content-Type application/x-www-form-urlencoded (moto would store an empty object):
#     400 InvalidRequest, so that a client which leaves its HTTP library's default content type shows up.
# Don't call /moto-api/reset (it drops the IAM user and the bucket) or /moto-api/reset-auth (it turns
# the signature checks off for every test).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

case "${1:-}" in
  start)
    venv=var/venv-s3
    if [ ! -f "$venv/.installed" ] || ! cmp -s scripts/requirements-s3.txt "$venv/.installed"; then
      echo "==> installing the test S3 server into $venv" >&2
      python3 -m venv "$venv"
      "$venv/bin/pip" install -q --disable-pip-version-check -r scripts/requirements-s3.txt >&2
      cp scripts/requirements-s3.txt "$venv/.installed"
    fi
    dir="$(mktemp -d /tmp/hc-s3.XXXXXX)"
    port="$(free_port)"
    cat >"$dir/server.py" <<'EOF'
import datetime, hashlib, hmac, io, json, os, sys, threading, urllib.request, uuid
from urllib.parse import quote, unquote, unquote_to_bytes
from xml.sax.saxutils import escape

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError
from moto import settings
from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.authorization import ActionAuthenticatorMixin
from moto.iam.models import iam_backends
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server

port, out = int(sys.argv[1]), sys.argv[2]
BUCKET, USER = "hc-test", "hc-test"
UTC = datetime.timezone.utc
AMZ_DATE = "%Y%m%dT%H%M%SZ"
SKEW = datetime.timedelta(minutes=15)
QUERY_AUTH = {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
              "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token"}
REASONS = {400: "Bad Request", 403: "Forbidden"}


def secret_for(access_key_id):
    for user in iam_backends[DEFAULT_ACCOUNT_ID]["aws"].list_users("/", None, None):
        for key in user.access_keys:
            if key.access_key_id == access_key_id:
                return key.secret_access_key
    return None


def signature(secret, scope_date, region, string_to_sign):
    key = ("AWS4" + secret).encode()
    for part in (scope_date, region, "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


def header(environ, name):
    if name in ("content-type", "content-length"):
        return environ.get(name.upper().replace("-", "_"))
    return environ.get("HTTP_" + name.upper().replace("-", "_"))


def error(environ, start_response, status, code, message, **details):
    request_id = uuid.uuid4().hex[:16].upper()
    extra = "".join(f"<{k}>{escape(str(v))}</{k}>" for k, v in details.items())
    body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code><Message>{escape(message)}</Message>'
            f"{extra}<RequestId>{request_id}</RequestId></Error>").encode()
    print(f"front: {environ['REQUEST_METHOD']} {environ.get('RAW_URI')} -> {status} {code}", file=sys.stderr, flush=True)
    start_response(f"{status} {REASONS[status]}", [("Content-Type", "application/xml"), ("x-amz-request-id", request_id),
                                                   ("Content-Length", "0" if environ["REQUEST_METHOD"] == "HEAD" else str(len(body)))])
    return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]


class Front:
    """Checks what moto does not (see scripts/s3-test-server.sh), then hands the request to moto."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        raw_uri = environ.get("RAW_URI") or environ.get("PATH_INFO", "/")
        if raw_uri.startswith("/moto-api") or raw_uri == "/favicon.ico":
            return self.app(environ, start_response)
        if (environ["REQUEST_METHOD"] == "PUT" and environ.get("CONTENT_LENGTH", "0") not in ("", "0")
                and environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded")):
            # moto hands such a body to Flask's form parser and stores an empty object: say so rather than lose it.
            return error(environ, start_response, 400, "InvalidRequest", "This test server (moto) cannot store a PUT body "
                         "sent with Content-Type application/x-www-form-urlencoded; send the object's own type")
        raw_path = raw_uri.split("?", 1)[0]
        pieces = [p for p in environ.get("QUERY_STRING", "").split("&") if p]
        names = {unquote(p.partition("=")[0]) for p in pieces}
        if "HTTP_AUTHORIZATION" in environ:
            answer = self.check_header_signed(environ, start_response)
        elif "X-Amz-Algorithm" in names or "X-Amz-Signature" in names:
            answer = self.check_presigned(environ, start_response, raw_path, pieces)
        else:
            answer = error(environ, start_response, 403, "AccessDenied", "Access Denied")
        return answer if answer is not None else self.app(environ, start_response)

    def check_header_signed(self, environ, start_response):
        auth = environ["HTTP_AUTHORIZATION"]
        scope = auth.partition("Credential=")[2].partition(",")[0].split("/")
        if len(scope) != 5 or scope[3] != "s3":
            return None  # IAM and other services: moto's own checks only
        sent_hash = environ.get("HTTP_X_AMZ_CONTENT_SHA256")
        if sent_hash is None:
            return error(environ, start_response, 400, "InvalidRequest",
                         "Missing required header for this request: x-amz-content-sha256")
        try:
            when = datetime.datetime.strptime(environ.get("HTTP_X_AMZ_DATE", ""), AMZ_DATE).replace(tzinfo=UTC)
        except ValueError:
            # S3 also takes a Date header instead; moto cannot (it reads X-Amz-Date), so this server asks for it.
            return error(environ, start_response, 403, "AccessDenied", "This test server needs a valid x-amz-date header "
                         "(AWS authentication requires a valid Date or x-amz-date header)")
        now = datetime.datetime.now(UTC)
        if abs(now - when) > SKEW:
            return error(environ, start_response, 403, "RequestTimeTooSkewed",
                         "The difference between the request time and the current time is too large.",
                         RequestTime=when.strftime(AMZ_DATE), ServerTime=now.strftime(AMZ_DATE), MaxAllowedSkewMilliseconds=900000)
        if len(sent_hash) == 64:
            if environ.get("wsgi.input_terminated"):
                body = environ["wsgi.input"].read()
            else:
                length = int(environ.get("CONTENT_LENGTH") or 0)
                body = environ["wsgi.input"].read(length) if length else b""
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            computed = hashlib.sha256(body).hexdigest()
            if computed != sent_hash.lower():
                return error(environ, start_response, 400, "XAmzContentSHA256Mismatch",
                             "The provided 'x-amz-content-sha256' header does not match what was computed.",
                             ClientComputedContentSHA256=sent_hash, S3ComputedContentSHA256=computed)
        return None

    def check_presigned(self, environ, start_response, raw_path, pieces):
        def bad(message):
            return error(environ, start_response, 400, "AuthorizationQueryParametersError", message)

        params = {}
        for p in pieces:
            k, _, v = p.partition("=")
            params[unquote(k)] = unquote(v)
        if not {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date",
                "X-Amz-SignedHeaders", "X-Amz-Expires"} <= params.keys():
            return bad("Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
                       "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.")
        if params["X-Amz-Algorithm"] != "AWS4-HMAC-SHA256":
            return bad('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"')
        scope = params["X-Amz-Credential"].split("/")
        if len(scope) != 5 or scope[3] != "s3" or scope[4] != "aws4_request":
            return bad("Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; "
                       'expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".')
        access_key_id, scope_date, region = scope[0], scope[1], scope[2]
        try:
            when = datetime.datetime.strptime(params["X-Amz-Date"], AMZ_DATE).replace(tzinfo=UTC)
        except ValueError:
            return bad("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"")
        if scope_date != params["X-Amz-Date"][:8]:
            return bad("Invalid credential date. Date is not the same as X-Amz-Date.")
        if not params["X-Amz-Expires"].isdigit():
            return bad("X-Amz-Expires should be a number")
        expires = int(params["X-Amz-Expires"])
        if expires > 604800:
            return bad("X-Amz-Expires must be less than a week (in seconds) that is 604800")
        secret = secret_for(access_key_id)
        if secret is None:
            return error(environ, start_response, 403, "InvalidAccessKeyId",
                         "The AWS Access Key Id you provided does not exist in our records.", AWSAccessKeyId=access_key_id)
        now = datetime.datetime.now(UTC)
        if now > when + datetime.timedelta(seconds=expires):
            return error(environ, start_response, 403, "AccessDenied", "Request has expired",
                         XAmzExpires=expires, Expires=(when + datetime.timedelta(seconds=expires)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                         ServerTime=now.strftime("%Y-%m-%dT%H:%M:%SZ"))
        if when > now + SKEW:
            # This server's own wording: a URL signed more than 15 minutes in the future is a clock bug.
            return error(environ, start_response, 403, "AccessDenied", "Request is not valid yet (X-Amz-Date is in the future)")
        signed_names = params["X-Amz-SignedHeaders"].split(";")
        if "host" not in signed_names:
            return bad("X-Amz-SignedHeaders must include host")
        lines = []
        for name in signed_names:
            value = header(environ, name)
            if value is None:
                return error(environ, start_response, 403, "AccessDenied",
                             f"There were headers present in the request which were not signed: {name} is signed but not sent")
            lines.append(f"{name}:{' '.join(value.split())}")
        # S3's canonical URI: the path decoded once, then every byte but A-Z a-z 0-9 - _ . ~ and / percent-encoded.
        canonical_uri = quote(unquote_to_bytes(raw_path.encode("latin-1")), safe="/~")
        canonical_query = "&".join(f"{k}={v}" for k, v in sorted(
            (quote(k, safe="-_.~"), quote(v, safe="-_.~")) for k, v in params.items() if k != "X-Amz-Signature"))
        canonical_request = "\n".join([environ["REQUEST_METHOD"], canonical_uri, canonical_query,
                                       "\n".join(lines) + "\n", params["X-Amz-SignedHeaders"], "UNSIGNED-PAYLOAD"])
        string_to_sign = "\n".join(["AWS4-HMAC-SHA256", params["X-Amz-Date"], f"{scope_date}/{region}/s3/aws4_request",
                                    hashlib.sha256(canonical_request.encode()).hexdigest()])
        expected = signature(secret, scope_date, region, string_to_sign)
        if not hmac.compare_digest(expected, params["X-Amz-Signature"]):
            return error(environ, start_response, 403, "SignatureDoesNotMatch",
                         "The request signature we calculated does not match the signature you provided. "
                         "Check your key and signing method.", AWSAccessKeyId=access_key_id,
                         StringToSign=string_to_sign, SignatureProvided=params["X-Amz-Signature"],
                         CanonicalRequest=canonical_request)
        # Valid: hand it to moto as a header-signed request, signed the way moto checks it.
        rest = [p for p in pieces if unquote(p.partition("=")[0]) not in QUERY_AUTH]
        query = "&".join(rest)
        environ["QUERY_STRING"] = query
        environ["RAW_URI"] = environ["REQUEST_URI"] = raw_path + ("?" + query if query else "")
        stamp = now.strftime(AMZ_DATE)
        host = " ".join(environ.get("HTTP_HOST", "").split())
        moto_query = "&".join(f"{k}={v}" for k, v in sorted(p.partition("=")[::2] for p in rest))
        moto_request = "\n".join([environ["REQUEST_METHOD"], raw_path, moto_query,
                                  f"host:{host}\nx-amz-content-sha256:UNSIGNED-PAYLOAD\nx-amz-date:{stamp}\n",
                                  "host;x-amz-content-sha256;x-amz-date", "UNSIGNED-PAYLOAD"])
        moto_sts = "\n".join(["AWS4-HMAC-SHA256", stamp, f"{stamp[:8]}/{region}/s3/aws4_request",
                              hashlib.sha256(moto_request.encode()).hexdigest()])
        environ["HTTP_X_AMZ_DATE"] = stamp
        environ["HTTP_X_AMZ_CONTENT_SHA256"] = "UNSIGNED-PAYLOAD"
        environ["HTTP_AUTHORIZATION"] = (
            f"AWS4-HMAC-SHA256 Credential={access_key_id}/{stamp[:8]}/{region}/s3/aws4_request, "
            f"SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature={signature(secret, stamp[:8], region, moto_sts)}")
        return None


settings.INITIAL_NO_AUTH_ACTION_COUNT = float("inf")  # no signature checks while the user and bucket are made
server = make_server("127.0.0.1", port, Front(DomainDispatcherApplication(create_backend_app)), threaded=True,
                     request_handler=MotoRequestHandler)
threading.Thread(target=server.serve_forever, daemon=True).start()

endpoint = f"http://127.0.0.1:{port}"


def client(service, key_id, secret):
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key_id,
                        aws_secret_access_key=secret,
                        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}, retries={"max_attempts": 1}))


iam = client("iam", "testing", "testing")
iam.create_user(UserName=USER)
iam.put_user_policy(UserName=USER, PolicyName="s3-everything", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
key = iam.create_access_key(UserName=USER)["AccessKey"]
key_id, secret = key["AccessKeyId"], key["SecretAccessKey"]
s3 = client("s3", key_id, secret)
s3.create_bucket(Bucket=BUCKET)

settings.INITIAL_NO_AUTH_ACTION_COUNT = 0  # from now on every request's signature is checked
ActionAuthenticatorMixin.request_count = 0

# Refuse to start unless the checks are really on: a wrong secret is refused, the key and a presigned URL work.
try:
    client("s3", key_id, secret[:-1] + ("A" if secret[-1] != "A" else "B")).head_bucket(Bucket=BUCKET)
    sys.exit("error: moto accepted a request signed with a wrong secret key")
except ClientError as e:
    if e.response["ResponseMetadata"]["HTTPStatusCode"] != 403:
        raise
s3.head_bucket(Bucket=BUCKET)
with urllib.request.urlopen(s3.generate_presigned_url("list_objects_v2", Params={"Bucket": BUCKET}, ExpiresIn=60)) as r:
    assert r.status == 200, r.status

with open(out + ".tmp", "w") as f:
    f.write(f"{key_id} {secret}\n")
os.rename(out + ".tmp", out)
threading.Event().wait()
EOF
    "$venv/bin/python" "$dir/server.py" "$port" "$dir/credentials" >"$dir/server.log" 2>&1 </dev/null &
    pid=$!
    for _ in $(seq 1 300); do
      [ -s "$dir/credentials" ] && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if [ ! -s "$dir/credentials" ]; then
      echo "error: the test S3 server did not start" >&2
      tail -n 40 "$dir/server.log" >&2 || true
      kill "$pid" 2>/dev/null || true
      rm -rf "$dir"
      exit 1
    fi
    echo "$dir $pid $port $(cat "$dir/credentials")"
    ;;
  stop)
    dir="${2:?usage: $0 stop DIR PID}"
    pid="${3:?usage: $0 stop DIR PID}"
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 1 50); do
        state="$(sed -E 's/^[0-9]+ \(.*\) (.).*/\1/' "/proc/$pid/stat" 2>/dev/null)" || break
        [ "$state" = "Z" ] && break
        sleep 0.1
      done
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start | stop DIR PID" >&2; exit 2 ;;
esac
