"""Signs a member of staff in through the HTML forms (password, then the authenticator's code)
and prints the session cookie as a `Cookie:` header value, for wrk to read staff pages with.
   python3 bench/sign_in.py SITE EMAIL PASSWORD TOTP_SECRET"""
import base64
import hashlib
import hmac
import http.cookiejar
import re
import struct
import sys
import time
import urllib.parse
import urllib.request


def totp(secret, step):
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def main(site, email, password, secret):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path, fields):
        page = opener.open(site + path).read().decode()
        fields["csrf_token"] = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        opener.open(site + path, urllib.parse.urlencode(fields).encode()).read()

    post("/en/account/sign-in", {"email": email, "password": password})
    # The next step's code: the command that made the account used this step's already.
    post("/en/account/sign-in/code", {"code": totp(secret, int(time.time() // 30) + 1)})
    cookie = next(c for c in jar if c.name.endswith("hc_session"))
    if opener.open(site + "/admin/inquiries").status != 200:
        raise SystemExit("signed in, but the queue did not open")
    print(f"{cookie.name}={cookie.value}")


if __name__ == "__main__":
    main(*sys.argv[1:5])
