"""Every page in English and Arabic, on a phone and a desktop: WCAG 2.2 AA by axe-core, no
horizontal scrolling, 44 px targets, and focus never hidden under the sticky top bar."""
import pytest

from checks import axe_violations, horizontal_overflow, obscured_focus, small_targets
from conftest import screenshot

PAGES = {
    "home": "/{locale}/", "styleguide": "/{locale}/styleguide", "not-found": "/{locale}/no-such-page",
    "sign-in": "/{locale}/account/sign-in", "sign-up": "/{locale}/account/sign-up",
    "forgot-password": "/{locale}/account/password/forgot", "inquiry": "/{locale}/inquiry",
}
LOCALES = ["en", "ar"]

CASES = [(page, locale, device) for page in PAGES for locale in LOCALES for device in ("phone", "desktop")]
# The home page also in Persian and Russian, so every shipped locale is checked and photographed.
CASES += [("home", locale, device) for locale in ("fa", "ru") for device in ("phone", "desktop")]


@pytest.fixture
def browser(request):
    return request.getfixturevalue(request.param)


def open_page(driver, base_url, page, locale):
    driver.get(base_url + PAGES[page].format(locale=locale))
    driver.execute_script("return document.fonts.ready")


@pytest.mark.parametrize("page,locale,browser", CASES, indirect=["browser"])
def test_axe_finds_no_violations(base_url, axe_source, page, locale, browser):
    open_page(browser, base_url, page, locale)
    width = browser.execute_script("return window.innerWidth")
    screenshot(browser, f"{page}-{locale}-{width}")
    assert axe_violations(browser, axe_source) == [], f"{page} {locale} {width}px"


@pytest.mark.parametrize("page,locale,browser", CASES, indirect=["browser"])
def test_no_horizontal_scrolling(base_url, page, locale, browser):
    open_page(browser, base_url, page, locale)
    overflow = horizontal_overflow(browser)
    assert overflow <= 0, f"{page} {locale}: {overflow}px wider than the viewport"


@pytest.mark.parametrize("page,locale,browser", CASES, indirect=["browser"])
def test_targets_are_at_least_44px(base_url, page, locale, browser):
    open_page(browser, base_url, page, locale)
    assert small_targets(browser) == []


@pytest.mark.parametrize("page,locale,browser", CASES, indirect=["browser"])
def test_focus_is_never_hidden_under_the_top_bar(base_url, page, locale, browser):
    open_page(browser, base_url, page, locale)
    problems, steps = obscured_focus(browser)
    assert steps > 3
    assert problems == []


@pytest.mark.parametrize("browser", ["phone", "desktop"], indirect=True)
def test_skip_link_is_first_and_visible_when_focused(base_url, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    open_page(browser, base_url, "home", "ar")
    ActionChains(browser).send_keys(Keys.TAB).perform()
    focused = browser.switch_to.active_element
    assert focused.get_attribute("href").endswith("#main")
    box = focused.rect
    assert box["width"] >= 44 and box["height"] >= 44
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert browser.execute_script("return document.activeElement.id") == "main"
