"""What every page must pass, as functions over a Selenium driver already on the page: WCAG 2.2
AA by axe-core, no sideways scrolling, 44 px targets, and focus never hidden under the top bar."""
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(driver, axe_source):
    driver.execute_script(axe_source)
    assert driver.execute_script("return axe.version").startswith("4.12")
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))))"
        ".catch(e => done([{id: 'axe-error', impact: String(e), nodes: []}]));",
        AXE_TAGS)


def horizontal_overflow(driver):
    return driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")


TARGETS_SCRIPT = """
const small = [];
for (const el of document.querySelectorAll('a[href], button, summary, input:not([type=hidden]), select, textarea, [role=tab]')) {
  // Only what is rendered: not inside a closed <details>, a hidden panel or display:none.
  if (!el.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true})) continue;
  let box = el.getBoundingClientRect();
  // A check box or radio button is pressed through its whole label too.
  if ((el.type === 'checkbox' || el.type === 'radio') && el.labels && el.labels.length) {
    const label = el.labels[0].getBoundingClientRect();
    box = {width: Math.max(box.width, label.width), height: Math.max(box.height, label.height)};
  }
  const style = getComputedStyle(el);
  // WCAG 2.5.8's inline exception: a link inside a sentence is sized by the text around it.
  if (el.tagName === 'A' && style.display === 'inline') {
    const block = el.parentElement.closest('p, li, dd, td');
    if (block && block.textContent.trim().length > el.textContent.trim().length) continue;
  }
  if (el.classList.contains('skip-link')) continue;  // only visible while focused; checked there
  if (el.closest('[aria-hidden="true"]') && el.tabIndex < 0) continue;  // not for people: a form's honeypot
  if (box.width < 44 || box.height < 44) small.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
}
return small;
"""


def small_targets(driver):
    """Targets under 44 px, also inside every menu and disclosure once opened."""
    small = driver.execute_script(TARGETS_SCRIPT)
    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    return small + driver.execute_script(TARGETS_SCRIPT)


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


def obscured_focus(driver):
    """WCAG 2.4.11, which axe cannot check: tab through the whole page, then back up it (going
    up is when a sticky bar can cover the element that receives focus). Returns the problems and
    how many steps the page has."""
    problems = []
    steps = 0
    for _ in range(80):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        steps += 1
        if driver.execute_script("return document.activeElement === document.body"):
            break
        problems.append(driver.execute_script(OBSCURED_SCRIPT))
    driver.execute_script("document.activeElement.blur(); window.scrollTo(0, document.documentElement.scrollHeight)")
    for _ in range(steps):
        ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        problems.append(driver.execute_script(OBSCURED_SCRIPT))
    return [p for p in problems if p], steps


def all_problems(driver, axe_source):
    """Every check at once, for pages that can be seen only once (a page after a form post)."""
    problems = {"axe": axe_violations(driver, axe_source), "overflow": max(horizontal_overflow(driver), 0)}
    problems["small targets"] = small_targets(driver)
    return {name: found for name, found in problems.items() if found}
