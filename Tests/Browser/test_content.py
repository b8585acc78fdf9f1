"""Pages from the CMS in a real browser: the demo site in every locale (axe, no sideways
scrolling, 44 px targets, screenshots), and the XSS corpus saved as editors' rich text, of which
nothing runs when rendered."""
import json
import os
import subprocess
import tempfile

import pytest

from checks import axe_violations, horizontal_overflow, small_targets
from conftest import ROOT, screenshot, serve

CORPUS = json.loads((ROOT / "Tests/Fixtures/xss-corpus.json").read_text())
BINARY = ROOT / ".build" / "debug" / "healthconnect"


def site_with(pages_file=None):
    """A server on a fresh database with the demo site, or with the pages in `pages_file`,
    loaded by `healthconnect seed-demo` (every page saved and published through the CMS)."""
    work = tempfile.mkdtemp(prefix="hc-content-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HC_")}
    env.update(HC_ENV="testing", HC_DATABASE_URL=f"sqlite://{work}/content.sqlite", HC_LOG_LEVEL="warning")
    subprocess.run([str(BINARY), "migrate", "--yes"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    command = [str(BINARY), "seed-demo"] + (["--from", str(pages_file)] if pages_file else [])
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return serve(BINARY, env, work)


@pytest.fixture(scope="module")
def demo_url():
    url, server = site_with()
    yield url
    server.terminate()
    server.wait(timeout=10)


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
