"""Cookie consent: nothing reaches the analytics server before the visitor chooses, page views
do after "allow", none after "only what is essential", and the choice can be changed later."""
import json
import time

import pytest
from selenium.webdriver.common.by import By

from answers import press_and_wait_for_answer
from conftest import make_driver


@pytest.fixture
def visitor():
    """A fresh browser profile: no cookies, no earlier choice."""
    driver = make_driver(375)
    yield driver
    driver.quit()


def wait_for(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def banner(driver):
    return driver.find_element(By.ID, "cookie-consent")


def test_nothing_is_sent_before_a_choice(base_url, analytics, visitor):
    before = len(analytics.requests)
    for path in ("/en/", "/ar/", "/en/styleguide"):
        visitor.get(base_url + path)
        assert banner(visitor).is_displayed()
    time.sleep(1.0)
    assert len(analytics.requests) == before
    assert visitor.get_cookie("hc_consent") is None


def test_page_views_are_counted_after_allowing(base_url, analytics, visitor):
    visitor.get(base_url + "/fa/")
    before = len(analytics.page_views())
    visitor.find_element(By.CSS_SELECTOR, "#cookie-consent [data-consent=analytics]").click()
    assert not banner(visitor).is_displayed()
    assert wait_for(lambda: len(analytics.page_views()) == before + 1)
    view = json.loads(analytics.page_views()[-1])
    assert view == {"website": "hills-test-site", "url": "/fa/"}
    visitor.get(base_url + "/ru/")
    assert not banner(visitor).is_displayed()
    assert wait_for(lambda: len(analytics.page_views()) == before + 2)
    assert json.loads(analytics.page_views()[-1])["url"] == "/ru/"


def test_only_essential_sends_nothing(base_url, analytics, visitor):
    visitor.get(base_url + "/en/")
    before = len(analytics.requests)
    visitor.find_element(By.CSS_SELECTOR, "#cookie-consent [data-consent=essential]").click()
    assert not banner(visitor).is_displayed()
    visitor.get(base_url + "/ar/")
    assert not banner(visitor).is_displayed()
    time.sleep(1.0)
    assert len(analytics.requests) == before
    assert visitor.get_cookie("hc_consent")["value"] == "essential"


def test_the_choice_can_be_changed_from_the_footer(base_url, analytics, visitor):
    visitor.get(base_url + "/en/")
    visitor.find_element(By.CSS_SELECTOR, "#cookie-consent [data-consent=analytics]").click()
    press_and_wait_for_answer(visitor, visitor.find_element(By.CSS_SELECTOR, "footer a[href='/en/privacy/cookies']"))
    status = visitor.find_element(By.CSS_SELECTOR, "[data-consent-status]")
    assert status.text == "Page views are counted."
    visitor.find_element(By.CSS_SELECTOR, "main [data-consent=essential]").click()
    assert status.text == "Page views are not counted."
    before = len(analytics.page_views())
    visitor.get(base_url + "/en/")
    time.sleep(1.0)
    assert len(analytics.page_views()) == before
