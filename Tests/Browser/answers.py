"""Waiting for the server's answer to a form, without JavaScript to tell us when it came."""

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.wait import WebDriverWait


def left_the_document(element):
    """Like `staleness_of`, but Chromium sometimes answers a node that is just leaving with an
    inspector error ("Node with given id does not belong to the document") instead of a stale
    reference: that, too, means the answer has replaced the page (seen in a fresh-clone run)."""
    def check(driver):
        try:
            element.is_enabled()
            return False
        except WebDriverException:
            return True
    return check


def press_and_wait_for_answer(driver, button):
    """Clicks a submit button (or a link) and returns once the answer has replaced the page. A click returns
    when the event is dispatched, not when the navigation ends: on a busy machine the old page is
    still there for a moment (seen in a fresh-clone run)."""
    button.click()
    WebDriverWait(driver, 15).until(left_the_document(button))
    WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")
