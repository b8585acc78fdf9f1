"""Editors keep the media library as they would, in English and Arabic on a tablet (768 px) and a
desktop (1280 px): an administrator invites them, they choose a password from the mail and turn
on two-step sign-in; one sends a photo of a person (scikit-image's astronaut, fetched by `make
test`), the worker scans it and finds the face, and both pages pass every check. A face box is then
drawn with the pointer, and another typed with the keyboard alone (WCAG 2.5.7)."""
import os
import re
import subprocess
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait

from answers import press_and_wait_for_answer
from checks import all_problems
from conftest import ROOT, mail_link, make_driver, screenshot
from test_triage import PASSWORD, fill, turn_on_two_step


def photo():
    folder = os.environ.get("HC_TEST_PHOTOS_DIR")
    assert folder, "HC_TEST_PHOTOS_DIR is not set: run the browser tests through make test, which fetches the sample photos"
    return Path(folder) / "astronaut.png"


@pytest.fixture(scope="module")
def editors(site):
    """Two editors (English and Arabic) signed in with a second factor, and one photo of a person
    in the library, scanned and looked at for faces."""
    admin_email = f"admin-media-{os.getpid()}@hills.example"
    subprocess.run([str(site["binary"]), "create-admin", "--email", admin_email, "--password-stdin", "--locale", "en"],
                   cwd=ROOT, env=site["env"], check=True, stdout=subprocess.DEVNULL, input=PASSWORD + "\n", text=True)
    admin = make_driver(1280)
    drivers = {}
    try:
        admin.get(site["url"] + "/en/account/sign-in")
        fill(admin, {"email": admin_email, "password": PASSWORD})
        turn_on_two_step(admin, site, "en")
        for locale in ("en", "ar"):
            email = f"editor-{locale}-{os.getpid()}@hills.example"
            admin.get(site["url"] + "/admin/users/invite")
            fill(admin, {"first_name": "Mina" if locale == "en" else "منى", "last_name": "Saleh", "email": email,
                         "role": "editor", "locale": locale})
            driver = make_driver(1280)
            driver.get(site["url"] + mail_link(site["outbox"], email, r"/[a-z]{2}/account/password/reset\?token=[A-Za-z0-9_-]+"))
            fill(driver, {"password": PASSWORD})
            driver.get(f"{site['url']}/{locale}/account/sign-in")
            fill(driver, {"email": email, "password": PASSWORD})
            turn_on_two_step(driver, site, locale)
            drivers[locale] = driver
        editor = drivers["en"]
        editor.get(site["url"] + "/admin/media")
        editor.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(photo()))
        item = "[data-upload-list] li"
        WebDriverWait(editor, 60).until(lambda d: d.find_element(By.CSS_SELECTOR, item).get_attribute("data-state") == "clean")
        editor.get(site["url"] + "/admin/media?q=astronaut")
        link = editor.find_element(By.CSS_SELECTOR, "main [data-asset] a").get_attribute("href")

        def analysed(driver):
            driver.get(link)
            return driver.find_elements(By.CSS_SELECTOR, "[data-review] rect")
        WebDriverWait(editor, 60, poll_frequency=1).until(analysed, "the worker did not find the astronaut's face")
        yield drivers, link
    finally:
        admin.quit()
        for driver in drivers.values():
            driver.quit()


@pytest.mark.parametrize("locale", ["en", "ar"])
@pytest.mark.parametrize("width", [768, 1280])
def test_the_library_and_a_photo_pass_every_check(site, editors, axe_source, locale, width):
    drivers, link = editors
    driver = drivers[locale]
    driver.set_window_size(width, 900)
    driver.get(site["url"] + "/admin/media")
    assert driver.find_element(By.CSS_SELECTOR, "html").get_attribute("dir") == ("rtl" if locale == "ar" else "ltr")
    assert "astronaut" in driver.find_element(By.CSS_SELECTOR, "main").text
    assert all_problems(driver, axe_source) == {}
    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = false); window.scrollTo(0, 0)")
    screenshot(driver, f"media-library-{locale}-{width}")
    driver.get(link)
    assert driver.find_element(By.CSS_SELECTOR, "[data-review-modes]").is_displayed(), "the drawing modes appear with JavaScript"
    assert all_problems(driver, axe_source) == {}
    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = false); window.scrollTo(0, 0)")
    screenshot(driver, f"media-photo-{locale}-{width}")
    driver.get(site["url"] + "/admin/media/consents")
    assert all_problems(driver, axe_source) == {}
    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = false); window.scrollTo(0, 0)")
    screenshot(driver, f"media-consents-{locale}-{width}")


def boxes(driver):
    return len(driver.find_elements(By.CSS_SELECTOR, "[data-review] rect"))


def test_a_face_box_drawn_with_the_pointer_fills_the_numbers_and_is_saved(site, editors):
    drivers, link = editors
    driver = drivers["en"]
    driver.set_window_size(1280, 900)
    driver.get(link)
    before = boxes(driver)
    image = driver.find_element(By.CSS_SELECTOR, "[data-review]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", image)
    size = image.size
    ActionChains(driver).move_to_element_with_offset(image, -size["width"] // 4, -size["height"] // 4).click_and_hold() \
        .move_by_offset(size["width"] // 8, size["height"] // 8).release().perform()
    new_box = driver.find_element(By.CSS_SELECTOR, "[data-new-box]")
    values = [new_box.find_element(By.CSS_SELECTOR, f"input[name$='_{key}']").get_attribute("value") for key in ("x", "y", "width", "height")]
    assert all(re.fullmatch(r"[0-9]+", value) for value in values), values
    assert int(values[2]) > 20 and int(values[3]) > 20, values
    press_and_wait_for_answer(driver, driver.find_element(By.CSS_SELECTOR, "[data-face-form] button"))
    assert "The faces have been saved." in driver.find_element(By.CSS_SELECTOR, "main").text
    assert boxes(driver) == before + 1


def test_a_face_box_and_the_focal_point_by_keyboard_alone(site, editors):
    drivers, link = editors
    driver = drivers["ar"]
    driver.set_window_size(768, 900)
    driver.get(link)
    before = boxes(driver)
    new_box = driver.find_element(By.CSS_SELECTOR, "[data-new-box]")
    first = new_box.find_element(By.CSS_SELECTOR, "input[name$='_x']")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", first)
    first.click()
    # Arabic-Indic digits, as an Arabic keyboard types them; Tab moves from field to field.
    ActionChains(driver).send_keys("٢٠", Keys.TAB, "٢٠", Keys.TAB, "٤٠", Keys.TAB, "٤٠", Keys.TAB, Keys.ENTER).perform()
    WebDriverWait(driver, 15).until(lambda d: boxes(d) == before + 1)
    focal = driver.find_element(By.CSS_SELECTOR, "input[name=focal_x]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", focal)
    focal.clear()
    focal.send_keys("٣٠", Keys.ENTER)
    # Enter posts the form: the field may be found on the page being left and gone a moment later.
    WebDriverWait(driver, 15, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "input[name=focal_x]").get_attribute("value") == "30")


def test_a_consent_is_recorded_in_arabic_with_its_signed_form_and_the_form_opens_once_scanned(site, editors, axe_source, tmp_path):
    drivers, _ = editors
    driver = drivers["ar"]
    driver.set_window_size(768, 900)
    driver.get(site["url"] + "/admin/media/consents")
    signed = tmp_path / "موافقة موقعة.pdf"
    signed.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Page >> endobj\ntrailer<<>>\n%%EOF\n")
    driver.find_element(By.CSS_SELECTOR, "main form input[name='evidence_file']").send_keys(str(signed))
    checkbox = driver.find_element(By.CSS_SELECTOR, "main form input[name='locale-ar']")
    checkbox.send_keys(Keys.SPACE)
    assert checkbox.is_selected(), "a language is chosen from the keyboard"
    fill(driver, {"name": "ليلى حداد", "level": "anonymised"})
    assert "ليلى حداد" in driver.find_element(By.CSS_SELECTOR, "main").text

    def opens(d):
        d.get(site["url"] + "/admin/media/consents")
        return d.find_elements(By.CSS_SELECTOR, "main a[href$='/evidence']")
    link = WebDriverWait(driver, 60, poll_frequency=1).until(opens, "the signed form was not scanned")[0]
    assert "موافقة موقعة.pdf" in link.text
    assert all_problems(driver, axe_source) == {}
    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = false); window.scrollTo(0, document.body.scrollHeight)")
    screenshot(driver, "media-consent-signed-form-ar-768")
