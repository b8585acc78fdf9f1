"""A patient sends X-rays from a phone in Arabic, as they would: signs up on the site, confirms the
address from the mail, and sends files from their account, with JavaScript (each file goes as it is
chosen; its progress, then its virus scan's state, appear live) and without it (a plain form post).
The server here has a worker and the clamd `make test` started, so scans and DICOM previews really
happen; screenshots go to var/screenshots/."""
import email
import email.policy
import os
import re
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from answers import press_and_wait_for_answer
from checks import all_problems
from conftest import ROOT, make_driver, screenshot, serve, wait_until

PASSWORD = "almond blossom on the hill 4"


def png(width, height):
    """A small grey PNG, made here."""
    raw = b"".join(b"\x00" + bytes([128]) * width for _ in range(height))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
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
               HC_AUDIT_CHECKPOINT_PATH=str(work / "checkpoints"), TMPDIR=str(work))
    subprocess.run([str(binary), "migrate", "--yes"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    url, server = serve(binary, env, str(work))
    worker = subprocess.Popen([str(binary), "worker"], cwd=ROOT, env=env, stdout=open(work / "worker.log", "w"),
                              stderr=subprocess.STDOUT)
    files = work / "files"
    subprocess.run(["bash", str(ROOT / "Tests/MediaTests/Fixtures/make-dicom.sh"), str(files)], check=True, stdout=subprocess.DEVNULL)
    (files / "صورة الساق.png").write_bytes(png(320, 240))
    (files / "report.pdf").write_bytes(png(40, 40))  # a photo with a PDF's name: refused
    yield {"url": url, "outbox": work / "outbox", "files": files}
    for process in (server, worker):
        process.terminate()
        process.wait(timeout=10)


def verification_link(outbox, address, deadline=60):
    """The confirmation link of the mail the worker writes to `outbox` for `address`, once it is there."""
    def link():
        for path in sorted(Path(outbox).glob("**/*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if address not in str(message["To"]):
                continue
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    found = re.search(r"(/[a-z]{2}/account/verify-email\?token=[A-Za-z0-9_-]+)", part.get_content())
                    if found:
                        return found.group(1)
        return None
    return wait_until(link, timeout=deadline, message=f"no verification mail for {address} in {outbox} (is the worker running?)")


def fill(driver, values):
    form = None
    for name, value in values.items():
        field = driver.find_element(By.CSS_SELECTOR, f"main form [name='{name}']")
        field.clear()
        field.send_keys(value)
        form = field.find_element(By.XPATH, "./ancestor::form")
    press_and_wait_for_answer(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit], button:not([type])"))


def sign_in(driver, site, address):
    driver.get(site["url"] + "/ar/account/sign-in")
    fill(driver, {"email": address, "password": PASSWORD})
    assert driver.current_url.endswith("/ar/account/"), driver.current_url


@pytest.fixture(scope="module")
def patient(site):
    """A patient who signed up on the Arabic site from a phone and confirmed the address."""
    driver = make_driver(375)
    address = f"patient-{os.getpid()}@hills.example"
    driver.get(site["url"] + "/ar/account/sign-up")
    zone = driver.execute_script("return Intl.DateTimeFormat().resolvedOptions().timeZone")
    assert driver.find_element(By.CSS_SELECTOR, "input[name=time_zone]").get_attribute("value") == zone, "the browser's zone is filled in"
    fill(driver, {"first_name": "ليلى", "last_name": "حداد", "email": address, "password": PASSWORD})
    driver.get(site["url"] + verification_link(site["outbox"], address))
    press_and_wait_for_answer(driver, driver.find_element(By.CSS_SELECTOR, "main form button"))
    sign_in(driver, site, address)
    yield driver, address
    driver.quit()


def wait_for_state(driver, css, state, timeout=60):
    WebDriverWait(driver, timeout).until(lambda d: d.find_element(By.CSS_SELECTOR, css).get_attribute("data-state") == state)


def test_with_javascript_each_file_goes_as_it_is_chosen_and_its_scan_state_appears(site, patient, axe_source):
    driver, _ = patient
    driver.get(site["url"] + "/ar/account/files")
    assert driver.find_element(By.CSS_SELECTOR, "html").get_attribute("dir") == "rtl"
    assert not driver.find_element(By.CSS_SELECTOR, "[data-upload-submit]").is_displayed(), "the button is not needed with JavaScript"
    assert all_problems(driver, axe_source) == {}
    picker = driver.find_element(By.CSS_SELECTOR, "input[type=file]")
    picker.send_keys("\n".join(str(site["files"] / name) for name in ("صورة الساق.png", "j2k.dcm", "report.pdf")))
    items = "[data-upload-list] li"
    WebDriverWait(driver, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, items)) == 3)
    for index in (1, 2):
        wait_for_state(driver, f"{items}:nth-child({index})", "clean")
    wait_for_state(driver, f"{items}:nth-child(3)", "refused")
    listed = driver.find_element(By.CSS_SELECTOR, "[data-upload-list]").text
    assert "تم الاستلام" in listed, listed
    assert "اسم الملف لا يطابق محتواه" in listed, listed
    assert not driver.find_element(By.CSS_SELECTOR, "[data-upload-empty]").is_displayed(), "the empty list's words go once a file is sent"
    # The 44 px check opened every menu to measure inside it.
    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = false); window.scrollTo(0, 0)")
    screenshot(driver, "uploads-js-ar-375")
    assert all_problems(driver, axe_source) == {}

    driver.refresh()
    WebDriverWait(driver, 60).until(lambda d: d.execute_script(
        "const img = document.querySelector('main img'); return img && img.complete && img.naturalWidth > 0"))
    page = driver.find_element(By.CSS_SELECTOR, "main").text
    assert "Test Patient" in page, "the patient sees the name read from the X-ray's header"
    screenshot(driver, "uploads-list-ar-375")
    assert all_problems(driver, axe_source) == {}


def test_without_javascript_the_form_posts_the_files_and_comes_back_with_the_answer(site, patient):
    _, address = patient
    driver = make_driver(375, javascript=False)
    try:
        sign_in(driver, site, address)
        driver.get(site["url"] + "/ar/account/files")
        assert driver.find_element(By.CSS_SELECTOR, "[data-upload-submit] button").is_displayed()
        driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(site["files"] / "plain.dcm"))
        press_and_wait_for_answer(driver, driver.find_element(By.CSS_SELECTOR, "[data-upload-submit] button"))
        assert driver.current_url.endswith("/ar/account/files")
        main = driver.find_element(By.CSS_SELECTOR, "main").text
        assert "شكرًا لك" in main, main
        assert "plain.dcm" in main and ("جارٍ فحصه" in main or "تم الاستلام" in main), main
        # axe and the other checks run scripts, which this browser does not: the page's shape is
        # the same as with JavaScript, where they ran.
        screenshot(driver, "uploads-nojs-ar-375")
    finally:
        driver.quit()


