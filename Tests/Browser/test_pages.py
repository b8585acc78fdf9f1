"""Every page in English and Arabic, on a phone and a desktop: WCAG 2.2 AA by axe-core, no
horizontal scrolling, 44 px targets, and focus never hidden under the sticky top bar."""
import pytest

from conftest import screenshot

PAGES = {
    "home": "/{locale}/", "styleguide": "/{locale}/styleguide", "not-found": "/{locale}/no-such-page",
    "sign-in": "/{locale}/account/sign-in", "sign-up": "/{locale}/account/sign-up",
}
LOCALES = ["en", "ar"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

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
    browser.execute_script(axe_source)
    assert browser.execute_script("return axe.version").startswith("4.12")
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))))"
        ".catch(e => done([{id: 'axe-error', impact: String(e), nodes: []}]));",
        AXE_TAGS)
    assert result == [], f"{page} {locale} {width}px: {result}"


@pytest.mark.parametrize("page,locale,browser", CASES, indirect=["browser"])
def test_no_horizontal_scrolling(base_url, page, locale, browser):
    open_page(browser, base_url, page, locale)
    overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page} {locale}: {overflow}px wider than the viewport"


TARGETS_SCRIPT = """
const small = [];
for (const el of document.querySelectorAll('a[href], button, summary, input:not([type=hidden]), select, textarea, [role=tab]')) {
  // Only what is rendered: not inside a closed <details>, a hidden panel or display:none.
  if (!el.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true})) continue;
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  // WCAG 2.5.8's inline exception: a link inside a sentence is sized by the text around it.
  if (el.tagName === 'A' && style.display === 'inline') {
    const block = el.parentElement.closest('p, li, dd, td');
    if (block && block.textContent.trim().length > el.textContent.trim().length) continue;
  }
  if (el.classList.contains('skip-link')) continue;  // only visible while focused; checked there
  if (box.width < 44 || box.height < 44) small.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
}
return small;
"""


@pytest.mark.parametrize("page,locale,browser", CASES, indirect=["browser"])
def test_targets_are_at_least_44px(base_url, page, locale, browser):
    open_page(browser, base_url, page, locale)
    assert browser.execute_script(TARGETS_SCRIPT) == []
    # Open every menu and disclosure, and measure what they reveal too.
    browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert browser.execute_script(TARGETS_SCRIPT) == []


OBSCURED_SCRIPT = """
// The focused element is obscured when something else is painted over it (the sticky bar,
// typically): probe its centre and the middle of its top edge.
const el = document.activeElement;
if (!el || el === document.body || el.closest('dialog')) return null;
const box = el.getBoundingClientRect();
if (box.bottom <= 0 || box.top >= window.innerHeight) return `${el.tagName} "${el.textContent.trim().slice(0, 30)}" is off screen`;
const x = Math.min(Math.max(box.left + box.width / 2, 0), window.innerWidth - 1);
for (const y of [box.top + Math.min(4, box.height / 2), box.top + box.height / 2]) {
  const hit = document.elementFromPoint(x, Math.min(Math.max(y, 0), window.innerHeight - 1));
  if (hit && hit !== el && !el.contains(hit) && !hit.contains(el)) {
    return `${el.tagName} "${el.textContent.trim().slice(0, 30)}" under ${hit.tagName}.${hit.className.toString().split(' ')[0]}`;
  }
}
return null;
"""


@pytest.mark.parametrize("page,locale,browser", CASES, indirect=["browser"])
def test_focus_is_never_hidden_under_the_top_bar(base_url, page, locale, browser):
    """WCAG 2.4.11, which axe cannot check: tab through the whole page, then back up it
    (going up is when a sticky bar can cover the element that receives focus)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    open_page(browser, base_url, page, locale)
    problems = []
    steps = 0
    for _ in range(80):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        steps += 1
        if browser.execute_script("return document.activeElement === document.body"):
            break
        problems.append(browser.execute_script(OBSCURED_SCRIPT))
    assert steps > 3
    browser.execute_script("document.activeElement.blur(); window.scrollTo(0, document.documentElement.scrollHeight)")
    for _ in range(steps):
        ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        problems.append(browser.execute_script(OBSCURED_SCRIPT))
    assert [p for p in problems if p] == []


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
