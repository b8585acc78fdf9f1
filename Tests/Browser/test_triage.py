"""Coordinators triage as they do, on a tablet (768 px) and a desktop (1280 px), in English and
Arabic. An administrator, signed in with a second factor, invites each coordinator and grants
them every region through the admin's own forms; the coordinators choose a password from their
invitation mail and turn on two-step sign-in. Then the queue and an inquiry pass every check,
and a reply sent from the tablet reaches the patient's thread."""
import os
import re
import subprocess

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from answers import press_and_wait_for_answer
from checks import all_problems
from conftest import ROOT, mail_link, make_driver, screenshot, totp

PASSWORD = "juniper path to the old harbour 3"


def fill(driver, values):
    form = None
    for name, value in values.items():
        field = driver.find_element(By.CSS_SELECTOR, f"main form [name='{name}']")
        if field.tag_name == "select":
            Select(field).select_by_value(value)
        else:
            field.clear()
            field.send_keys(value)
        form = field.find_element(By.XPATH, "./ancestor::form")
    press_and_wait_for_answer(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit], button:not([type])"))


def turn_on_two_step(driver, site, locale):
    driver.get(f"{site['url']}/{locale}/account/two-factor")
    secret = driver.find_element(By.CSS_SELECTOR, "[data-totp-secret]").text
    fill(driver, {"password": PASSWORD, "code": totp(secret)})


def sarahs_inquiry(driver):
    """The link to this module's inquiry in the queue (other modules' inquiries share the server)."""
    return driver.find_element(By.XPATH, "//main//ul/li//a[contains(., 'سارة العتيبي')]")


@pytest.fixture(scope="module")
def coordinators(site):
    """Two coordinators (English and Arabic) with every region, signed in with a second factor,
    and one inquiry from a patient in Riyadh waiting for them."""
    admin_email = f"admin-triage-{os.getpid()}@hills.example"
    subprocess.run([str(site["binary"]), "create-admin", "--email", admin_email, "--password-stdin", "--locale", "en"],
                   cwd=ROOT, env=site["env"], check=True, stdout=subprocess.DEVNULL, input=PASSWORD + "\n", text=True)
    admin = make_driver(1280)
    drivers = {}
    try:
        admin.get(site["url"] + "/en/account/sign-in")
        fill(admin, {"email": admin_email, "password": PASSWORD})
        turn_on_two_step(admin, site, "en")
        for locale in ("en", "ar"):
            email = f"coordinator-{locale}-{os.getpid()}@hills.example"
            admin.get(site["url"] + "/admin/users/invite")
            fill(admin, {"first_name": "Nadia" if locale == "en" else "نادية", "last_name": "Karimi", "email": email,
                         "role": "coordinator", "locale": locale})
            admin.get(site["url"] + "/admin/users?q=" + email)
            links = [a.get_attribute("href") for a in admin.find_elements(By.CSS_SELECTOR, "main a[href*='/admin/users/']")]
            person = next(href for href in links if re.search(r"/admin/users/[0-9a-f-]{36}$", href))
            admin.get(person)
            fill(admin, {"scope": "inquiries", "target": "*"})
            driver = make_driver(1280)
            driver.get(site["url"] + mail_link(site["outbox"], email, r"/[a-z]{2}/account/password/reset\?token=[A-Za-z0-9_-]+"))
            fill(driver, {"password": PASSWORD})
            driver.get(f"{site['url']}/{locale}/account/sign-in")
            fill(driver, {"email": email, "password": PASSWORD})
            turn_on_two_step(driver, site, locale)
            drivers[locale] = driver
        patient = make_driver(375)
        patient.get(site["url"] + "/ar/inquiry")
        for name, value in {"name": "سارة العتيبي", "age": "29", "email": f"triage-patient-{os.getpid()}@hills.example",
                            "message": "أرغب في معرفة مدة العلاج بالمسمار الداخلي."}.items():
            patient.find_element(By.CSS_SELECTOR, f"main form [name='{name}']").send_keys(value)
        Select(patient.find_element(By.CSS_SELECTOR, "[name=country]")).select_by_value("SA")
        consent = patient.find_element(By.CSS_SELECTOR, "[name=consent]")
        patient.execute_script("arguments[0].scrollIntoView({block: 'center'})", consent)
        consent.click()
        press_and_wait_for_answer(patient, patient.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        assert patient.current_url.endswith("/ar/inquiry/sent"), patient.current_url
        patient.quit()
        yield drivers
    finally:
        admin.quit()
        for driver in drivers.values():
            driver.quit()


@pytest.mark.parametrize("locale", ["en", "ar"])
@pytest.mark.parametrize("width", [768, 1280])
def test_the_queue_and_an_inquiry_pass_every_check(site, coordinators, axe_source, locale, width):
    driver = coordinators[locale]
    driver.set_window_size(width, 900)
    driver.get(site["url"] + "/admin/inquiries")
    assert "سارة العتيبي" in driver.find_element(By.CSS_SELECTOR, "main").text
    assert all_problems(driver, axe_source) == {}
    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = false); window.scrollTo(0, 0)")
    screenshot(driver, f"triage-queue-{locale}-{width}")
    press_and_wait_for_answer(driver, sarahs_inquiry(driver))
    assert "أرغب في معرفة مدة العلاج" in driver.find_element(By.CSS_SELECTOR, "main").text
    assert all_problems(driver, axe_source) == {}
    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = false); window.scrollTo(0, 0)")
    screenshot(driver, f"triage-inquiry-{locale}-{width}")


def test_a_reply_from_the_tablet_joins_the_thread(site, coordinators):
    driver = coordinators["ar"]
    driver.set_window_size(768, 900)
    driver.get(site["url"] + "/admin/inquiries")
    press_and_wait_for_answer(driver, sarahs_inquiry(driver))
    reply = "أهلًا سارة، تستغرق مرحلة التطويل عادةً بضعة أشهر. هل يمكنك إرسال صورة أشعة كاملة للساقين؟"
    field = driver.find_element(By.CSS_SELECTOR, "form[action$='/reply'] textarea[name=body]")
    field.send_keys(reply)
    press_and_wait_for_answer(driver, field.find_element(By.XPATH, "./ancestor::form").find_element(By.CSS_SELECTOR, "button"))
    main = driver.find_element(By.CSS_SELECTOR, "main").text
    assert reply in main, main
