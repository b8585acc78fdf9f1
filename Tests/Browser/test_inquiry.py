"""A patient abroad asks about treatment as they would: in Arabic on a phone from the site's "Plan
your treatment" button, with an X-ray sent as it is chosen; in English without JavaScript, making
mistakes first; and with the keyboard alone. Then the confirmation mail's link opens their account,
where the inquiry is and they write back with another picture. The `site` server (conftest) has a worker and clamd, so the scan really runs."""
import os

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support.wait import WebDriverWait

from answers import press_and_wait_for_answer
from checks import all_problems
from conftest import mail_link, make_driver, screenshot

PASSWORD = "pomegranate season in shiraz 9"


def answer(driver, values):
    """Fills in fields by name: text is typed, a select picks its value, a checkbox is ticked."""
    for name, value in values.items():
        field = driver.find_element(By.CSS_SELECTOR, f"main form [name='{name}']")
        if field.tag_name == "select":
            Select(field).select_by_value(value)
        elif field.get_attribute("type") == "checkbox":
            if field.is_selected() != value:
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
                field.click()
        else:
            field.clear()
            field.send_keys(value)


def send(driver):
    press_and_wait_for_answer(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit], main form button:not([type])"))


def test_a_patient_in_riyadh_sends_an_inquiry_with_an_xray_from_a_phone_in_arabic(site, axe_source):
    driver = make_driver(375)
    address = f"inquiry-ar-{os.getpid()}@hills.example"
    try:
        driver.get(site["url"] + "/ar/")
        press_and_wait_for_answer(driver, driver.find_element(By.CSS_SELECTOR, "main a[href='/ar/inquiry']"))
        assert driver.current_url.endswith("/ar/inquiry")
        assert driver.find_element(By.CSS_SELECTOR, "html").get_attribute("dir") == "rtl"
        assert driver.find_element(By.CSS_SELECTOR, "input[name=phone]").get_attribute("type") == "tel", "a number pad on phones"
        assert all_problems(driver, axe_source) == {}
        driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = false); window.scrollTo(0, 0)")
        answer(driver, {"name": "أميرة الحربي", "age": "٢٤", "country": "SA", "email": address, "phone": "٠٥٠ ١٢٣ ٤٥٦٧",
                        "whatsapp": True, "language": "ar", "method": "internal-nail", "height_goal": "158 سم",
                        "message": "ساقي اليسرى أقصر بثلاثة سنتيمترات بعد كسر في الطفولة."})
        driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(site["files"] / "صورة الساق.png"))
        WebDriverWait(driver, 60).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-upload-list] li").get_attribute("data-state") == "clean")
        answer(driver, {"consent": True})
        screenshot(driver, "inquiry-filled-ar-375")
        send(driver)
        assert driver.current_url.endswith("/ar/inquiry/sent"), driver.current_url
        main = driver.find_element(By.CSS_SELECTOR, "main").text
        assert "HC-" in main, main
        screenshot(driver, "inquiry-sent-ar-375")
        assert all_problems(driver, axe_source) == {}

        driver.delete_all_cookies()
        driver.get(site["url"] + mail_link(site["outbox"], address, r"/ar/inquiry/account\?token=[A-Za-z0-9_-]+"))
        assert address in driver.find_element(By.CSS_SELECTOR, "main").text
        answer(driver, {"password": PASSWORD})
        send(driver)
        assert "/ar/account/sign-in" in driver.current_url
        answer(driver, {"email": address, "password": PASSWORD})
        send(driver)
        assert driver.current_url.endswith("/ar/account/inquiries"), driver.current_url
        press_and_wait_for_answer(driver, driver.find_element(By.CSS_SELECTOR, "main li a"))
        page = driver.find_element(By.CSS_SELECTOR, "main").text
        assert "صورة الساق.png" in page and "أقصر بثلاثة سنتيمترات" in page, page
        screenshot(driver, "inquiry-account-ar-375")
        assert all_problems(driver, axe_source) == {}

        # Before any answer, the patient writes back and adds a second picture, sent as it is chosen.
        answer(driver, {"body": "أرسلت صورة ثانية للساقين من الأمام."})
        driver.find_element(By.CSS_SELECTOR, "main form input[type=file]").send_keys(str(site["files"] / "صورة الساق.png"))
        WebDriverWait(driver, 60).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-upload-list] li").get_attribute("data-state") == "clean")
        send(driver)
        assert "#inquiry-replies" in driver.current_url, driver.current_url
        page = driver.find_element(By.CSS_SELECTOR, "main").text
        assert "أرسلت صورة ثانية" in page and page.count("صورة الساق.png") == 2, page
        screenshot(driver, "inquiry-written-ar-375")
        assert all_problems(driver, axe_source) == {}
    finally:
        driver.quit()


def test_without_javascript_mistakes_come_back_listed_with_everything_kept_and_the_file_received(site):
    driver = make_driver(375, javascript=False)
    try:
        driver.get(site["url"] + "/en/inquiry")
        answer(driver, {"name": "Omar Nasser", "age": "15", "country": "JO", "email": f"inquiry-en-{os.getpid()}@hills.example",
                        "message": "My son's right leg is 4 cm shorter."})
        driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(site["files"] / "صورة الساق.png"))
        send(driver)
        summary = driver.find_element(By.CSS_SELECTOR, "[data-error-summary]")
        assert summary.is_displayed()
        links = [a.get_attribute("href").split("#")[1] for a in summary.find_elements(By.CSS_SELECTOR, "a")]
        assert links == ["field-is_minor", "field-guardian_name", "field-guardian_relationship", "field-consent"], links
        assert driver.find_element(By.CSS_SELECTOR, "[name=message]").get_attribute("value") == "My son's right leg is 4 cm shorter."
        assert "صورة الساق.png" in driver.find_element(By.CSS_SELECTOR, "main").text, "the file sent is kept"
        screenshot(driver, "inquiry-errors-en-375")
        answer(driver, {"is_minor": True, "guardian_name": "Omar Nasser", "guardian_relationship": "father", "name": "Yusuf Nasser",
                        "consent": True})
        send(driver)
        assert driver.current_url.endswith("/en/inquiry/sent"), driver.current_url
    finally:
        driver.quit()


def test_with_the_keyboard_alone_every_field_is_reached_in_order_and_the_inquiry_sent(site, desktop):
    driver = desktop
    driver.delete_all_cookies()
    driver.get(site["url"] + "/en/inquiry")
    driver.find_element(By.CSS_SELECTOR, "main h1").click()
    typed = {"name": "Dmitri Orlov", "age": "31", "email": f"inquiry-keys-{os.getpid()}@hills.example", "message": "Both femurs, 6 cm."}
    reached = []
    for _ in range(40):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        focused = driver.switch_to.active_element
        name = focused.get_attribute("name") or focused.tag_name
        reached.append(name)
        if name in typed:
            focused.send_keys(typed[name])
        elif name == "country":
            focused.send_keys("Russia")
        elif name == "consent":
            focused.send_keys(Keys.SPACE)
        if focused.tag_name == "button":
            break
    expected = ["name", "age", "country", "is_minor", "guardian_name", "guardian_relationship", "email", "phone_country", "phone",
                "whatsapp", "language", "method", "height_goal", "message", "files", "consent", "button"]
    assert reached == expected, reached
    assert "website" not in reached, "the honeypot is out of the tab order"
    button = driver.switch_to.active_element
    button.send_keys(Keys.ENTER)
    WebDriverWait(driver, 15).until(lambda d: d.current_url.endswith("/en/inquiry/sent"))
