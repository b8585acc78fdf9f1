"""/api/docs: Swagger UI lists every operation of openapi.yaml under our Content-Security-Policy,
with no violation reported; without JavaScript the page links to the contract itself."""
import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from conftest import ROOT, make_driver, screenshot

# Installed before any page script runs, so a violation during start-up is caught too.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
    (event) => window.__violations.push(event.violatedDirective + " " + event.blockedURI));
"""


def operation_ids():
    text = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
    return re.findall(r"^\s+operationId:\s*(\w+)\s*$", text, flags=re.MULTILINE)


@pytest.fixture
def reader():
    driver = make_driver(1280)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})
    yield driver
    driver.quit()


def test_every_operation_is_listed_and_nothing_breaks_the_policy(base_url, reader):
    expected = operation_ids()
    assert len(expected) >= 3
    reader.get(base_url + "/api/docs")
    WebDriverWait(reader, 20).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".opblock")) >= len(expected))
    listed = {element.get_attribute("id") for element in reader.find_elements(By.CSS_SELECTOR, ".opblock")}
    for operation in expected:
        assert any(block.endswith("-" + operation) for block in listed), f"{operation} is not listed: {sorted(listed)}"
    # Open one operation, which renders its schemas (and their styles), then look again.
    reader.find_element(By.CSS_SELECTOR, ".opblock-summary").click()
    WebDriverWait(reader, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock-body"))
    assert reader.execute_script("return window.__violations") == []
    screenshot(reader, "api-docs-desktop")


def test_without_javascript_the_page_links_to_the_contract(base_url, phone_without_javascript):
    phone_without_javascript.get(base_url + "/api/docs")
    link = phone_without_javascript.find_element(By.CSS_SELECTOR, "main a[href='/api/openapi.yaml']")
    assert link.is_displayed()
