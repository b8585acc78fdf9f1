"""The demo site as a crawler reads it, in every locale: from each home page (and the sitemap),
every page the site links to answers, every internal link on it answers (pages, images,
stylesheets, scripts, fonts), every fragment names an element of its page, and every page's
JSON-LD parses. No browser: what a search engine's crawler does."""
import json
import re
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

LOCALES = ["en", "ar", "fa", "ru"]


class Links(HTMLParser):
    """The addresses a page refers to, the ids it defines and its JSON-LD blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs, self.ids, self.json_ld = [], set(), []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src", "action"):
            if attrs.get(name) and not (tag == "form" and attrs.get("method", "get").lower() == "post"):
                self.refs.append((tag, attrs[name]))
        for candidate in (attrs.get("srcset") or "").split(","):
            if candidate.strip():
                self.refs.append((tag, candidate.split()[0]))
        self._in_json_ld = tag == "script" and attrs.get("type") == "application/ld+json"
        if self._in_json_ld:
            self.json_ld.append("")

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False


def fetch(url):
    """Status, content type and body of `url`, following the site's redirects as a crawler does."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


@pytest.fixture(scope="module")
def crawl(demo_url):
    """Every address reachable from the four home pages and the sitemap: {path: (status, referrers)}."""
    base = urlsplit(demo_url)
    sitemap = fetch(demo_url + "/sitemap.xml")[2].decode()
    queue = [f"/{locale}/" for locale in LOCALES] + [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    seen = {path: ("the start",) for path in queue}
    results, pages, fragments = {}, {}, []
    while queue:
        path = queue.pop(0)
        status, kind, body = fetch(demo_url + path)
        results[path] = status
        if status >= 400 or "text/html" not in kind:
            continue
        parser = Links()
        parser.feed(body.decode())
        pages[path] = parser
        for tag, ref in parser.refs:
            absolute = urljoin(demo_url + path, ref)
            parts = urlsplit(absolute)
            # Canonical and alternate links are absolute on the configured address: the same site.
            if parts.hostname != base.hostname or ref.startswith(("mailto:", "tel:")):
                continue
            target, fragment = urldefrag(parts.path + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else ""))
            if fragment:
                fragments.append((target, fragment, path))
            if target not in seen:
                seen[target] = (path, tag)
                queue.append(target)
        assert len(seen) < 3000, "the crawl does not end"
    for target, fragment, referrer in fragments:
        if target in pages and fragment not in pages[target].ids:
            results[f"{target}#{fragment}"] = 404
            seen[f"{target}#{fragment}"] = (referrer, "a")
    return results, pages, seen


def test_every_internal_link_in_every_locale_answers(crawl):
    results, pages, seen = crawl
    dead = {path: (status, seen.get(path)) for path, status in results.items() if status >= 400}
    assert dead == {}, f"dead links (status, linked from): {dead}"
    for locale in LOCALES:
        in_locale = [path for path in pages if path.startswith(f"/{locale}/")]
        # The header and footer reach the clinic's sections: more than the home page and the built-in pages.
        assert len(in_locale) >= 8, f"{locale}: only {sorted(in_locale)}"


def test_every_page_json_ld_parses(crawl):
    results, pages, seen = crawl
    checked = 0
    for path, page in pages.items():
        for block in page.json_ld:
            document = json.loads(block)
            assert document.get("@context") == "https://schema.org", path
            assert document.get("@graph"), path
            checked += 1
    cms_pages = [path for path, page in pages.items() if any('"MedicalClinic"' in block or '"BreadcrumbList"' in block for block in page.json_ld)]
    assert checked >= 4 * 8 and len(cms_pages) >= 4 * 8, f"{checked} JSON-LD blocks on {len(pages)} pages"
