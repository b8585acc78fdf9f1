"""Page weight and Web Vitals of the public pages, in headless Chromium with throttling.

For each page: bytes transferred (compressed) for HTML, CSS, JS and fonts, the number of
requests, LCP and CLS on a cold load with a slow 4G network (150 ms RTT, 1.6 Mbit/s down)
and a 4x slower CPU. Prints a table and checks the budgets of issue 4. Usage (make bench-web):
    var/venv-browser/bin/python bench/web.py BASE_URL
"""
import json
import sys
from urllib.parse import unquote

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

PAGES = ["/en/", "/ar/", "/fa/", "/ru/", "/en/privacy/cookies",
         # A method page (CMS, with its JSON-LD) and the Cost page, whose calculator loads htmx.
         "/en/methods/internal-lengthening-nail/", "/ar/%D8%B7%D8%B1%D9%82-%D8%A7%D9%84%D8%B9%D9%84%D8%A7%D8%AC/%D8%A7%D9%84%D9%85%D8%B3%D9%85%D8%A7%D8%B1-%D8%A7%D9%84%D8%AF%D8%A7%D8%AE%D9%84%D9%8A/",
         "/en/costs/", "/en/costs/?method=0&cm=5&currency=USD"]
BUDGETS = {"js": 40 * 1024, "css": 25 * 1024, "lcp": 1500, "cls": 0.05}

COLLECT = """
const done = arguments[arguments.length - 1];
let lcp = 0, cls = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) lcp = Math.max(lcp, e.startTime); })
  .observe({type: 'largest-contentful-paint', buffered: true});
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) cls += e.value; })
  .observe({type: 'layout-shift', buffered: true});
setTimeout(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const bytes = {html: nav.encodedBodySize, css: 0, js: 0, font: 0, other: 0};
  const resources = performance.getEntriesByType('resource');
  for (const r of resources) {
    const kind = r.name.endsWith('.css') ? 'css' : r.name.endsWith('.js') ? 'js' : r.name.endsWith('.woff2') ? 'font' : 'other';
    bytes[kind] += r.encodedBodySize;
  }
  done({bytes, requests: 1 + resources.length, lcp, cls});
}, 3000);
"""


def measure(base_url, path):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=375,800"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8})
        driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": 4})
        driver.get(base_url + path)
        return driver.execute_async_script(COLLECT)
    finally:
        driver.quit()


def main(base_url):
    failures = []
    print(f"{'page':40} {'html':>7} {'css':>7} {'js':>7} {'fonts':>7} {'reqs':>5} {'LCP ms':>7} {'CLS':>6}")
    for path in PAGES:
        result = measure(base_url, path)
        b = result["bytes"]
        print(f"{unquote(path)[:40]:40} {b['html']:>7} {b['css']:>7} {b['js']:>7} {b['font']:>7} {result['requests']:>5} "
              f"{result['lcp']:>7.0f} {result['cls']:>6.3f}")
        for key, limit in (("js", BUDGETS["js"]), ("css", BUDGETS["css"])):
            if b[key] > limit:
                failures.append(f"{path}: {key} {b[key]} B > {limit} B")
        if result["lcp"] > BUDGETS["lcp"]:
            failures.append(f"{path}: LCP {result['lcp']:.0f} ms > {BUDGETS['lcp']} ms")
        if result["cls"] > BUDGETS["cls"]:
            failures.append(f"{path}: CLS {result['cls']:.3f} > {BUDGETS['cls']}")
    print(json.dumps({"budgets": BUDGETS, "failures": failures}))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
