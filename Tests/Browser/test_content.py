"""Pages from the CMS in a real browser: the demo site in every locale (axe, no sideways
scrolling, 44 px targets, screenshots), and the XSS corpus saved as editors' rich text, of which
nothing runs when rendered."""
import json
import os
import tempfile

import pytest

from checks import axe_violations, horizontal_overflow, small_targets
from conftest import ROOT, screenshot, site_with

CORPUS = json.loads((ROOT / "Tests/Fixtures/xss-corpus.json").read_text())


@pytest.fixture(scope="module")
def corpus_url():
    """One article of the corpus: each attack a rich-text block, in English and Arabic."""
    # Each after a line of text, so an attack the sanitiser removes whole still leaves a block to save.
    blocks = [{"kind": "rich_text", "value": {"body": f"<p>Attack {number}</p>" + attack}} for number, attack in enumerate(CORPUS)]
    blocks.append({"kind": "rich_text", "value": {"body": "<p>The end of the corpus.</p>"}})
    content = {"title": "Pasted text", "fields": {}, "blocks": blocks}
    pages = {"pages": [
        {"key": "home", "type": "HomePage", "parent": None, "slugs": {"en": "", "ar": ""},
         "content": {"en": {"title": "Hills Clinic", "fields": {}, "blocks": []}, "ar": {"title": "عيادة هيلز", "fields": {}, "blocks": []}}},
        {"key": "pasted", "type": "FAQPage", "parent": "home", "slugs": {"en": "pasted", "ar": "نص-ملصق"},
         "content": {"en": content, "ar": dict(content, title="نص ملصق")}},
    ]}
    path = os.path.join(tempfile.mkdtemp(prefix="hc-corpus-"), "pages.json")
    with open(path, "w") as out:
        json.dump(pages, out)
    url, server = site_with(path)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def browser(request):
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("locale", ["en", "ar", "fa", "ru"])
@pytest.mark.parametrize("browser", ["phone", "desktop"], indirect=True)
def test_demo_pages_pass_axe_fit_the_screen_and_have_large_targets(demo_url, axe_source, locale, browser):
    browser.get(f"{demo_url}/{locale}/")
    links = browser.execute_script(
        "return [...document.querySelectorAll('main a[href^=\"/" + locale + "/\"]')].map(a => a.getAttribute('href'))")
    paths = [f"/{locale}/"] + sorted(set(link for link in links if link.count("/") > 2 and "inquiry" not in link))
    assert len(paths) >= 2, f"the {locale} home page links to its sections: {links}"
    # Sections link onwards to their pages: walk one level further.
    for path in list(paths[1:]):
        browser.get(demo_url + path)
        paths += [link for link in browser.execute_script(
            "return [...document.querySelectorAll('main a[href^=\"" + path + "\"]')].map(a => a.getAttribute('href'))") if link not in paths]
    width = browser.execute_script("return window.innerWidth")
    for number, path in enumerate(paths):
        browser.get(demo_url + path)
        browser.execute_script("return document.fonts.ready")
        assert browser.find_element("css selector", "h1").text.strip(), path
        assert browser.execute_script("return document.documentElement.dir") == ("rtl" if locale in ("ar", "fa") else "ltr")
        screenshot(browser, f"cms-{locale}-{number}-{width}")
        assert axe_violations(browser, axe_source) == [], f"{path} {width}px"
        assert horizontal_overflow(browser) <= 0, f"{path} {width}px scrolls sideways"
        assert small_targets(browser) == [], path


def test_home_page_sections_are_linked(demo_url):
    """The demo home page is the CMS's, not the built-in one."""
    import urllib.request
    html = urllib.request.urlopen(demo_url + "/en/").read().decode()
    assert 'id="page-title"' in html


@pytest.mark.parametrize("locale,path", [("en", "/en/pasted/"), ("ar", "/ar/%D9%86%D8%B5-%D9%85%D9%84%D8%B5%D9%82/")])
def test_none_of_the_corpus_runs_when_rendered(corpus_url, desktop, locale, path):
    desktop.get(corpus_url + "/" + locale + "/")
    desktop.get_log("browser")
    # Anything that ran would open a dialog, or be refused by the CSP and logged.
    desktop.get(corpus_url + path)
    # Every block was rendered: no attack swallowed the rest of the page.
    main_text = desktop.find_element("css selector", "main").text
    assert "The end of the corpus." in main_text
    assert all(f"Attack {number}" in main_text for number in range(len(CORPUS)))
    try:
        alert = desktop.switch_to.alert
        pytest.fail(f"an alert opened: {alert.text}")
    except Exception as error:
        assert "no such alert" in str(error).lower() or "noalert" in type(error).__name__.lower()
    # Inside the rich text only: the page's own chrome has icons (inline SVG) of its own.
    found = desktop.execute_script("""
        const blocks = [...document.querySelectorAll('main .prose')];
        if (blocks.length < """ + str(len(CORPUS)) + """) return ['only ' + blocks.length + ' rich-text blocks'];
        const all = (selector) => blocks.flatMap(b => [...b.querySelectorAll(selector)]);
        const active = [...all('script, iframe, object, embed, svg, math, form, input, button, img, style, link, meta, base, template')].map(e => e.tagName);
        const handlers = all('*').flatMap(e => [...e.attributes].filter(a => a.name.startsWith('on') || a.name === 'style' || a.name === 'srcdoc').map(a => e.tagName + ' ' + a.name));
        const urls = all('[href], [src], [action], [formaction]')
            .map(e => e.getAttribute('href') || e.getAttribute('src') || '')
            .filter(u => /^\\s*(javascript|data|vbscript):/i.test(u));
        return active.concat(handlers, urls);
    """)
    assert found == [], found
    violations = [entry["message"] for entry in desktop.get_log("browser") if "Content Security Policy" in entry["message"]]
    assert violations == [], "something tried to run and the CSP stopped it: the sanitiser let it through"


def settled_estimate(driver):
    """The estimate once no request of htmx's is under way (each change of the form sends one)."""
    from selenium.webdriver.common.by import By
    found = driver.find_elements(By.CSS_SELECTOR, "[data-estimate]")
    if not found or driver.find_elements(By.CSS_SELECTOR, ".htmx-request"):
        return None
    return found[0].get_attribute("data-estimate"), found[0].text


COST_PAGES = {"en": "/en/costs/", "ar": "/ar/%D8%A7%D9%84%D8%AA%D9%83%D8%A7%D9%84%D9%8A%D9%81/"}


@pytest.mark.parametrize("locale,length", [("en", "6"), ("ar", "٦")])
def test_cost_calculator_gives_the_same_range_with_and_without_javascript(demo_url, axe_source, phone, phone_without_javascript, locale, length):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.select import Select
    from selenium.webdriver.support.wait import WebDriverWait

    estimates = []
    for driver in (phone_without_javascript, phone):
        driver.get(demo_url + COST_PAGES[locale])
        assert not driver.find_elements(By.CSS_SELECTOR, "[data-estimate]"), "no result before the question"
        with_script = driver is phone
        if with_script:
            # Kept only if the estimate is swapped in place rather than by loading the page again.
            driver.execute_script("window.stayedOnPage = true")
        Select(driver.find_element(By.ID, "field-method")).select_by_value("1")
        driver.find_element(By.ID, "field-cm").send_keys(length)
        driver.find_element(By.CSS_SELECTOR, "label[for=option-0]").click()
        Select(driver.find_element(By.ID, "field-currency")).select_by_value("USD")
        driver.find_element(By.CSS_SELECTOR, "#calculator-title ~ form button[type=submit]").click()
        estimates.append(WebDriverWait(driver, 15, ignored_exceptions=[StaleElementReferenceException]).until(settled_estimate))
        assert "cm=" in driver.current_url, "the question is in the address, to bookmark or share"
        if with_script:
            assert driver.execute_script("return window.stayedOnPage === true"), "htmx updated the estimate in place"
    assert estimates[0] == estimates[1]
    assert estimates[0][0].startswith("USD ")
    # The frame (EUR 7,000–13,000 and 300–600 a cm) for 6 cm with a second bone (12,000–20,000), at 1.05.
    assert estimates[0][0] == "USD 21840 38430"
    screenshot(phone, f"cms-cost-calculator-{locale}-375")
    assert axe_violations(phone, axe_source) == []
    assert horizontal_overflow(phone) <= 0
    assert small_targets(phone) == []
