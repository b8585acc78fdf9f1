"""Keyboard-only use of the menu, language switcher, dialog, accordion and tabs; and the same
flows with JavaScript turned off, where native HTML must do the work alone."""
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait

from answers import press_and_wait_for_answer


def press(driver, *keys):
    chain = ActionChains(driver)
    for key in keys:
        chain.send_keys(key)
    chain.perform()


def focus(driver, css):
    element = driver.find_element(By.CSS_SELECTOR, css)
    driver.execute_script("arguments[0].focus()", element)
    return element


def active(driver):
    return driver.switch_to.active_element


def test_phone_menu_opens_with_enter_and_closes_with_escape(base_url, phone):
    phone.get(base_url + "/ar/")
    summary = focus(phone, "header details[data-menu].lg\\:hidden > summary")
    press(phone, Keys.ENTER)
    menu = summary.find_element(By.XPATH, "..")
    assert menu.get_attribute("open") is not None
    press(phone, Keys.TAB)
    assert active(phone).tag_name == "a"
    press(phone, Keys.ESCAPE)
    assert menu.get_attribute("open") is None
    assert active(phone) == summary


def test_language_switcher_reaches_another_language_by_keyboard(base_url, desktop):
    desktop.get(base_url + "/en/styleguide")
    focus(desktop, "header .lg\\:block details[data-menu] > summary")
    press(desktop, Keys.ENTER)
    for _ in range(6):
        press(desktop, Keys.TAB)
        if active(desktop).get_attribute("hreflang") == "ar":
            break
    assert active(desktop).get_attribute("hreflang") == "ar"
    press(desktop, Keys.ENTER)
    assert desktop.current_url.endswith("/ar/styleguide")
    assert desktop.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"


def test_dialog_takes_focus_and_returns_it(base_url, desktop):
    desktop.get(base_url + "/en/styleguide")
    opener = focus(desktop, "button[commandfor=sg-modal]")
    press(desktop, Keys.ENTER)
    dialog = desktop.find_element(By.ID, "sg-modal")
    assert dialog.get_attribute("open") is not None
    assert desktop.execute_script("return document.getElementById('sg-modal').contains(document.activeElement)")
    press(desktop, Keys.ESCAPE)
    assert dialog.get_attribute("open") is None
    assert active(desktop) == opener


def test_accordion_opens_with_keyboard(base_url, phone):
    phone.get(base_url + "/en/#questions")
    summary = focus(phone, "#questions details > summary")
    press(phone, Keys.ENTER)
    assert summary.find_element(By.XPATH, "..").get_attribute("open") is not None
    press(phone, Keys.SPACE)
    assert summary.find_element(By.XPATH, "..").get_attribute("open") is None


def test_tabs_follow_arrow_keys_in_reading_direction(base_url, desktop):
    for locale, forward in (("en", Keys.ARROW_RIGHT), ("ar", Keys.ARROW_LEFT)):
        desktop.get(base_url + f"/{locale}/styleguide")
        first = focus(desktop, "[role=tab][aria-selected=true]")
        press(desktop, forward)
        now = active(desktop)
        assert now != first and now.get_attribute("aria-selected") == "true"
        panel = desktop.find_element(By.ID, now.get_attribute("aria-controls"))
        assert panel.is_displayed()
        assert not desktop.find_element(By.ID, first.get_attribute("aria-controls")).is_displayed()
        press(desktop, Keys.END)
        assert active(desktop).get_attribute("data-tab") == "tab-lon"


def test_without_javascript_the_menu_and_all_panels_still_work(base_url, phone_without_javascript):
    driver = phone_without_javascript
    driver.get(base_url + "/fa/styleguide")
    summary = driver.find_element(By.CSS_SELECTOR, "header details[data-menu].lg\\:hidden > summary")
    summary.click()
    assert summary.find_element(By.XPATH, "..").get_attribute("open") is not None
    panels = driver.find_elements(By.CSS_SELECTOR, "[data-tab-panel]")
    assert len(panels) == 3 and all(panel.is_displayed() for panel in panels)
    assert not driver.find_elements(By.CSS_SELECTOR, "[role=tab]")


def test_the_demo_form_answers_in_place_with_htmx(base_url, desktop):
    desktop.get(base_url + "/ar/styleguide")
    desktop.execute_script("window.samePage = true")
    desktop.find_element(By.ID, "field-age").send_keys("abc")
    desktop.find_element(By.CSS_SELECTOR, "#sg-demo-form button[type=submit]").click()
    summary = WebDriverWait(desktop, 5).until(
        lambda driver: driver.find_element(By.CSS_SELECTOR, "#sg-demo-form [data-error-summary]"))
    assert desktop.execute_script("return window.samePage === true"), "the page was reloaded"
    # Focus moves to the summary after htmx has settled the swap, a moment after it appears
    # (a fresh-clone run once looked in between).
    WebDriverWait(desktop, 5).until(lambda driver: active(driver) == summary)
    assert desktop.find_element(By.ID, "field-age").get_attribute("aria-invalid") == "true"


def test_without_javascript_the_demo_form_posts_the_whole_page(base_url, phone_without_javascript):
    driver = phone_without_javascript
    driver.get(base_url + "/en/styleguide")
    driver.find_element(By.ID, "field-name").send_keys("Layla")
    driver.find_element(By.ID, "field-email").send_keys("layla@example.org")
    driver.find_element(By.ID, "field-age").send_keys("۳۴")
    press_and_wait_for_answer(driver, driver.find_element(By.CSS_SELECTOR, "#sg-demo-form button[type=submit]"))
    assert driver.current_url.endswith("/en/styleguide#sg-form-section")
    assert driver.find_elements(By.CSS_SELECTOR, "#sg-demo-form [role=status]")
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
