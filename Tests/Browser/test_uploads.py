"""A patient sends X-rays from a phone in Arabic, as they would: signs up on the site, confirms the
address from the mail, and sends files from their account, with JavaScript (each file goes as it is
chosen; its progress, then its virus scan's state, appear live) and without it (a plain form post).
The `site` server (conftest) has a worker and the clamd `make test` started, so scans and DICOM
previews really happen; screenshots go to var/screenshots/."""
import os

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from answers import press_and_wait_for_answer
from checks import all_problems
from conftest import mail_link, make_driver, screenshot

PASSWORD = "almond blossom on the hill 4"


def verification_link(outbox, address):
    return mail_link(outbox, address, r"/[a-z]{2}/account/verify-email\?token=[A-Za-z0-9_-]+")


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


