"""The pages behind sign-in (the account, two-step sign-in, the people admin) pass the same checks
as the public ones, in English and Arabic, on a phone and a desktop. Each browser signs in as an
administrator through the real forms: the first turns on two-step sign-in with a code computed
here, the second signs in with one of the recovery codes the first was shown."""
import re

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from answers import left_the_document, press_and_wait_for_answer
from checks import all_problems, axe_violations, horizontal_overflow, obscured_focus, small_targets
from conftest import STAFF, STAFF_PASSWORD, make_driver, screenshot, totp

PAGES = {
    "account": "/{locale}/account/", "password": "/{locale}/account/password", "email": "/{locale}/account/email",
    "two-factor": "/{locale}/account/two-factor", "time-zone": "/{locale}/account/time-zone", "users": "/admin/users", "user": None, "invite": "/admin/users/invite",
}
DEVICES = {"phone": 375, "desktop": 1280}
CASES = [(page, locale, device) for page in PAGES for locale in STAFF for device in DEVICES]


def fill_and_submit(driver, values):
    """Types `values` into the main form that has those fields, presses its submit button, and
    waits for the answer to replace the page."""
    form = None
    for name, value in values.items():
        field = driver.find_element(By.CSS_SELECTOR, f"main form [name='{name}']")
        field.clear()
        field.send_keys(value)
        form = field.find_element(By.XPATH, "./ancestor::form")
    press_and_wait_for_answer(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit], button:not([type])"))


class StaffBrowsers:
    """One signed-in browser per (locale, device), made on first use."""

    def __init__(self, base_url, axe_source):
        self.base_url = base_url
        self.axe_source = axe_source
        self.drivers = {}
        self.recovery_codes = {}
        # Pages that exist only in the middle of a flow, checked as they pass.
        self.passing_pages = {}

    def get(self, locale, device):
        if (locale, device) not in self.drivers:
            driver = make_driver(DEVICES[device])
            self.drivers[(locale, device)] = driver
            self.sign_in(driver, locale, device)
        return self.drivers[(locale, device)]

    def sign_in(self, driver, locale, device):
        driver.get(f"{self.base_url}/{locale}/account/sign-in")
        fill_and_submit(driver, {"email": STAFF[locale], "password": STAFF_PASSWORD})
        if locale not in self.recovery_codes:
            driver.get(f"{self.base_url}/{locale}/account/two-factor")
            secret = driver.find_element(By.CSS_SELECTOR, "[data-totp-secret]").text
            fill_and_submit(driver, {"password": STAFF_PASSWORD, "code": totp(secret)})
            codes = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "[data-recovery-codes] li")]
            assert len(codes) == 10, driver.page_source[:2000]
            self.recovery_codes[locale] = codes
            self.passing_pages[(locale, device, "recovery codes")] = all_problems(driver, self.axe_source)
        else:
            assert driver.current_url.endswith(f"/{locale}/account/sign-in/code")
            self.passing_pages[(locale, device, "code")] = all_problems(driver, self.axe_source)
            fill_and_submit(driver, {"code": self.recovery_codes[locale].pop()})
            assert driver.current_url.endswith(f"/{locale}/account/"), driver.current_url

    def quit(self):
        for driver in self.drivers.values():
            driver.quit()


@pytest.fixture(scope="session")
def staff(base_url, axe_source):
    browsers = StaffBrowsers(base_url, axe_source)
    yield browsers
    browsers.quit()


def open_page(staff, page, locale, device):
    driver = staff.get(locale, device)
    if PAGES[page]:
        driver.get(staff.base_url + PAGES[page].format(locale=locale))
    else:
        driver.get(staff.base_url + "/admin/users")
        links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "main a[href*='/admin/users/']")]
        person = next(href for href in links if re.search(r"/admin/users/[0-9a-f-]{36}$", href))
        driver.get(person)
    assert "/sign-in" not in driver.current_url, f"{page} sent a signed-in administrator to {driver.current_url}"
    driver.execute_script("return document.fonts.ready")
    return driver


@pytest.mark.parametrize("page,locale,device", CASES)
def test_axe_finds_no_violations(staff, page, locale, device):
    driver = open_page(staff, page, locale, device)
    screenshot(driver, f"signed-in-{page}-{locale}-{DEVICES[device]}")
    assert axe_violations(driver, staff.axe_source) == [], f"{page} {locale} {device}"


@pytest.mark.parametrize("page,locale,device", CASES)
def test_no_horizontal_scrolling(staff, page, locale, device):
    driver = open_page(staff, page, locale, device)
    overflow = horizontal_overflow(driver)
    assert overflow <= 0, f"{page} {locale}: {overflow}px wider than the viewport"


@pytest.mark.parametrize("page,locale,device", CASES)
def test_targets_are_at_least_44px(staff, page, locale, device):
    assert small_targets(open_page(staff, page, locale, device)) == []


@pytest.mark.parametrize("page,locale,device", CASES)
def test_focus_is_never_hidden_under_the_top_bar(staff, page, locale, device):
    problems, steps = obscured_focus(open_page(staff, page, locale, device))
    assert steps > 3
    assert problems == []


@pytest.mark.parametrize("locale", STAFF)
def test_the_code_and_recovery_code_pages_pass_too(staff, locale):
    for device in DEVICES:
        staff.get(locale, device)
    seen = {key[2]: problems for key, problems in staff.passing_pages.items() if key[0] == locale}
    assert set(seen) == {"recovery codes", "code"}
    assert all(problems == {} for problems in seen.values()), seen
