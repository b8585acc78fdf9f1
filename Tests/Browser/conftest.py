"""Fixtures for the browser tests: the built server on a free port, and headless Chromium.

Chromium and chromedriver come from Debian (Selenium is given the driver's path, so it never
downloads one); axe-core 4.12 is read from the axe-playwright-python wheel.
"""
import base64
import email
import email.policy
import hashlib
import hmac
import os
import re
import socket
import struct
import subprocess
import tempfile
import time
import urllib.request
import zlib
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.wait import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "var" / "screenshots"
# An administrator per locale the signed-in pages are checked in (admin pages follow the
# account's language), made with `healthconnect create-admin` before the server starts.
STAFF = {"en": "admin-en@hills.example", "ar": "admin-ar@hills.example"}
STAFF_PASSWORD = "cedar shade over the courtyard"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AnalyticsStandIn:
    """A local stand-in for an Umami server: serves a tracker script that reports each page view
    with sendBeacon, and records every request it receives."""

    SCRIPT = b"""(function () {
  var me = document.currentScript;
  var origin = new URL(me.src).origin;
  navigator.sendBeacon(origin + "/api/send", JSON.stringify({website: me.dataset.websiteId, url: location.pathname}));
})();"""

    def __init__(self):
        import http.server
        import threading
        self.requests = []
        stand_in = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                stand_in.requests.append(("GET", self.path, ""))
                self.send_response(200)
                self.send_header("Content-Type", "text/javascript")
                self.end_headers()
                self.wfile.write(AnalyticsStandIn.SCRIPT)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                stand_in.requests.append(("POST", self.path, body))
                self.send_response(204)
                self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def page_views(self):
        return [body for method, path, body in self.requests if method == "POST" and path == "/api/send"]


@pytest.fixture(scope="session")
def analytics():
    stand_in = AnalyticsStandIn()
    yield stand_in
    stand_in.server.shutdown()


@pytest.fixture(scope="session")
def base_url(analytics):
    """The debug build of healthconnect, migrated on a throwaway SQLite file, with analytics
    pointed at the local stand-in."""
    binary = ROOT / ".build" / "debug" / "healthconnect"
    work = tempfile.mkdtemp(prefix="hc-browser-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HC_")}
    env.update(HC_ENV="testing", HC_DATABASE_URL=f"sqlite://{work}/browser.sqlite", HC_LOG_LEVEL="warning",
               HC_ANALYTICS_URL=analytics.url, HC_ANALYTICS_SITE_ID="hills-test-site")
    subprocess.run([str(binary), "migrate", "--yes"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    for locale, email in STAFF.items():
        subprocess.run([str(binary), "create-admin", "--email", email, "--password-stdin", "--locale", locale],
                       cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, input=STAFF_PASSWORD + "\n", text=True)
    url, server = serve(binary, env, work)
    yield url
    server.terminate()
    server.wait(timeout=10)


def wait_until(condition, timeout=10, message=""):
    """Returns `condition()`'s first true value, checked every 50 ms, or fails after `timeout` s."""
    return WebDriverWait(None, timeout, poll_frequency=0.05).until(lambda _: condition(), message)


def serve(binary, env, work):
    """Starts `healthconnect serve` on a free loopback port with `env`, logging to WORK/serve.log,
    and returns its URL and process once /healthz answers."""
    port = free_port()
    log = open(os.path.join(work, "serve.log"), "w")
    server = subprocess.Popen([str(binary), "serve", "--hostname", "127.0.0.1", "--port", str(port)],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"

    def healthy():
        try:
            return urllib.request.urlopen(url + "/healthz", timeout=1).status == 200
        except OSError:
            return False
    try:
        wait_until(healthy, message="the server did not start; see " + log.name)
    except Exception:
        server.terminate()
        raise
    return url, server


def make_driver(width, javascript=True):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--hide-scrollbars", "--force-device-scale-factor=1", f"--window-size={width},900"):
        options.add_argument(argument)
    # The console, for tests that check nothing was refused by the CSP.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    # The window size includes no scrollbar (hidden), so the viewport is exactly `width` wide.
    driver.set_window_size(width, 900)
    return driver


@pytest.fixture(scope="session")
def phone():
    driver = make_driver(375)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def desktop():
    driver = make_driver(1280)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def phone_without_javascript():
    driver = make_driver(375, javascript=False)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def axe_source():
    import importlib.util
    spec = importlib.util.find_spec("axe_playwright_python")
    path = Path(spec.origin).parent / "axe.min.js"
    return path.read_text(encoding="utf-8")


def screenshot(driver, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.execute_script("return window.innerWidth")
    driver.set_window_size(width, min(height, 6000))
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(width, 900)
    return path


def png(width, height):
    """A small grey PNG, made here."""
    raw = b"".join(b"\x00" + bytes([128]) * width for _ in range(height))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@pytest.fixture(scope="session")
def site():
    """The debug build serving a fresh SQLite database, with a worker beside it, the test clamd,
    and mail written to an outbox folder; plus the files a patient sends."""
    clamd = os.environ.get("HC_TEST_CLAMD_URL")
    assert clamd, "HC_TEST_CLAMD_URL is not set: run the browser tests through make test, which starts clamd"
    binary = ROOT / ".build" / "debug" / "healthconnect"
    work = Path(tempfile.mkdtemp(prefix="hc-uploads-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("HC_")}
    env.update(HC_ENV="testing", HC_DATABASE_URL=f"sqlite://{work}/site.sqlite", HC_LOG_LEVEL="warning",
               HC_CLAMD_URL=clamd, HC_MAIL_OUTBOX=str(work / "outbox"), HC_STORAGE_URL=f"file://{work}/storage",
               HC_AUDIT_CHECKPOINT_PATH=str(work / "checkpoints"), TMPDIR=str(work),
               # Forms are filled in by a script here, faster than a person.
               HC_INQUIRY_MIN_FILL_SECONDS="0")
    subprocess.run([str(binary), "migrate", "--yes"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    url, server = serve(binary, env, str(work))
    worker = subprocess.Popen([str(binary), "worker"], cwd=ROOT, env=env, stdout=open(work / "worker.log", "w"),
                              stderr=subprocess.STDOUT)
    files = work / "files"
    subprocess.run(["bash", str(ROOT / "Tests/MediaTests/Fixtures/make-dicom.sh"), str(files)], check=True, stdout=subprocess.DEVNULL)
    (files / "صورة الساق.png").write_bytes(png(320, 240))
    (files / "report.pdf").write_bytes(png(40, 40))  # a photo with a PDF's name: refused
    yield {"url": url, "outbox": work / "outbox", "files": files, "binary": binary, "env": env}
    for process in (server, worker):
        process.terminate()
        process.wait(timeout=10)


def mail_link(outbox, address, pattern, deadline=60):
    """The first site-relative link matching `pattern` in a mail the worker wrote to `outbox` for
    `address`, once it is there."""
    def link():
        for path in sorted(Path(outbox).glob("**/*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if address not in str(message["To"]):
                continue
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    found = re.search(f"({pattern})", part.get_content())
                    if found:
                        return found.group(1)
        return None
    return wait_until(link, timeout=deadline, message=f"no mail with {pattern} for {address} in {outbox} (is the worker running?)")


def totp(secret, at=None):
    """RFC 6238 with SHA-1, six digits and 30-second steps, as an authenticator app computes it."""
    key = base64.b32decode(secret.replace(" ", "").upper() + "=" * (-len(secret.replace(" ", "")) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at or time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


BINARY = ROOT / ".build" / "debug" / "healthconnect"


def site_with(pages_file=None):
    """A server on a fresh database with the demo site, or with the pages in `pages_file`,
    loaded by `healthconnect seed-demo` (every page saved and published through the CMS)."""
    work = tempfile.mkdtemp(prefix="hc-content-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HC_")}
    env.update(HC_ENV="testing", HC_DATABASE_URL=f"sqlite://{work}/content.sqlite", HC_LOG_LEVEL="warning")
    subprocess.run([str(BINARY), "migrate", "--yes"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    command = [str(BINARY), "seed-demo"] + (["--from", str(pages_file)] if pages_file else [])
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return serve(BINARY, env, work)


@pytest.fixture(scope="session")
def demo_url():
    """The demo site, shared by the suites that read it."""
    url, server = site_with()
    yield url
    server.terminate()
    server.wait(timeout=10)
