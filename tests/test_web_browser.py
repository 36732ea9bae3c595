"""The web app in a real headless Chromium (Debian's /usr/bin/chromium through Playwright)
against a real `kuntahaku serve` process over the corpus index: the official's flows with
JavaScript on and off, keyboard use, and an axe-core accessibility check (WCAG 2.1 A/AA).

Screenshots and the axe report go to tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .web_support import copy_index

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path(os.environ.get("KUNTAHAKU_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="pip install playwright (no browser download needed: Debian's chromium is used)",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """`kuntahaku serve` on a free port over a copy of the corpus index; its base URL."""
    src = request.getfixturevalue("corpus_index_dir")
    index = copy_index(src, tmp_path_factory.mktemp("web-browser") / "index")
    port = _free_port()
    log = (tmp_path_factory.mktemp("web-log") / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kuntahaku", "--index", str(index), "serve", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=dict(os.environ),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"serve did not start: {Path(log.name).read_text()}")
            time.sleep(0.3)
    urllib.request.urlopen(base + "/?q=vety", timeout=60).read()  # warm: analysers loaded
    yield base
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


class _Patient:
    """The browser, its contexts waiting long (a busy two-core machine renders slowly)."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser

    def new_context(self, **kwargs: Any) -> Any:
        ctx = self.browser.new_context(**kwargs)
        ctx.set_default_timeout(90_000)
        return ctx

    def close(self) -> None:
        self.browser.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless; never a downloaded browser."""
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield _Patient(b)
        b.close()


@pytest.fixture(scope="module")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def _shot(page: Any, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True, timeout=120_000)


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_an_official_searches_filters_opens_collects_and_exports(
    server: str, browser: Any, artifacts: Path, js: bool
) -> None:
    tag = "js" if js else "nojs"
    ctx = browser.new_context(
        java_script_enabled=js,
        locale="en-GB",
        accept_downloads=True,
        viewport={"width": 1280, "height": 900},
    )
    page = ctx.new_page()
    # Search from the empty page.
    page.goto(server + "/")
    page.get_by_label("Search words").fill("kiertotalous")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"q=kiertotalous"))
    heading = page.locator("#results-h")
    assert re.match(r"\d+ documents", heading.inner_text())
    assert page.locator(".hit mark").count() > 0
    _shot(page, artifacts, f"search-{tag}")
    # Click a facet: the URL holds the filter, the filter is shown and can be removed.
    theme = page.locator("section.facet", has=page.locator("h3", has_text="Theme"))
    first = theme.locator("a").first
    label = first.inner_text().rsplit(" (", 1)[0]
    first.click()
    page.wait_for_url(re.compile(r"theme="))
    chip = page.locator(".active a.chip").first
    assert label in chip.inner_text()
    _shot(page, artifacts, f"facet-{tag}")
    # Sort by date (with JS the menu sends itself; without, the Search button does).
    page.get_by_label("Sort").select_option("date")
    if not js:
        page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"sort=date"))
    # Open the best document that has pages (a Word file has none), then its file at a page.
    results_url = page.url
    hits = page.locator(".hit h3 a")
    for k in range(hits.count()):
        if k:
            page.goto(results_url)
        page.locator(".hit h3 a").nth(k).click()
        page.wait_for_url(re.compile(r"/doc/[0-9a-f]+"))
        assert page.locator(".passage mark").count() > 0
        assert page.locator(".passage.matched").count() > 0
        if page.locator("a[href*='#page=']").count():
            break
    file_link = page.locator("a[href*='#page=']").first
    href = file_link.get_attribute("href")
    assert href and re.fullmatch(r"/file/[0-9a-f]+#page=\d+", href)
    res = ctx.request.get(server + href.split("#")[0])
    assert res.status == 200 and res.headers["content-type"] in ("application/pdf",)
    assert res.body()[:5] == b"%PDF-"
    _shot(page, artifacts, f"document-{tag}")
    title = page.locator("h1").inner_text()
    # Add it to a new reading list, write a note, export it.
    name = f"flow-{tag}"
    page.get_by_label("Add to reading list").fill(name)
    page.get_by_role("button", name="Add", exact=True).click()
    assert page.get_by_role("status").inner_text() == f"Added to the reading list {name}."
    page.get_by_role("link", name="Reading lists").click()
    page.get_by_role("link", name=name, exact=True).click()
    assert title[:40] in page.locator(".entry h3").first.inner_text()
    page.get_by_label("Note").first.fill("Check the figures on page 3.")
    page.get_by_role("button", name="Save note").first.click()
    assert page.get_by_label("Note").first.input_value() == "Check the figures on page 3."
    _shot(page, artifacts, f"list-{tag}")
    for fmt, link in (("md", "Markdown"), ("csv", "CSV (spreadsheet)")):
        with page.expect_download() as info:
            page.get_by_role("link", name=link).click()
        saved = artifacts / f"{name}.{fmt}"
        info.value.save_as(str(saved))
        text = saved.read_text(encoding="utf-8-sig")
        assert "Check the figures on page 3." in text
        assert title.split()[0] in text
    # Switch the language: the same page, in Swedish, and it stays Swedish.
    page.get_by_role("link", name="svenska").click()
    assert page.locator("html").get_attribute("lang") == "sv"
    nav = page.get_by_role("navigation", name="Huvudmeny")
    assert nav.get_by_role("link", name="Läslistor").get_attribute("aria-current") == "page"
    assert "done=" not in page.url
    page.get_by_role("link", name="Sök", exact=True).click()
    assert page.locator("h1").inner_text() == "Sök i dokument"
    _shot(page, artifacts, f"swedish-{tag}")
    ctx.close()


def test_bad_input_shows_a_message_not_a_traceback(server: str, browser: Any) -> None:
    ctx = browser.new_context(locale="fi-FI")
    page = ctx.new_page()
    response = page.goto(server + "/?q=%22kaupungin+hallitus")
    assert response is not None and response.status == 400
    alert = page.get_by_role("alert").inner_text()
    assert alert.startswith("Hakua ei voitu tehdä:") and "unbalanced quote" in alert
    assert "Traceback" not in page.content()
    ctx.close()


def test_keyboard_reaches_the_search_box_and_focus_is_visible(server: str, browser: Any) -> None:
    ctx = browser.new_context(locale="en-GB")
    page = ctx.new_page()
    page.goto(server + "/?q=vety")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    # Tab on to the search box and search by keyboard only.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Control+A")
    page.keyboard.type("talousarvio")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=talousarvio"))
    ctx.close()


def test_pages_pass_axe_core_wcag_21_aa(server: str, browser: Any, artifacts: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    ctx = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(server + "/?q=kiertotalous")
    doc = page.locator(".hit h3 a").first.get_attribute("href")
    page.goto(server + doc)  # type: ignore[operator]
    page.get_by_label("Lisää lukulistaan").fill("axe")
    page.get_by_role("button", name="Lisää", exact=True).click()
    urls = [
        "/",
        "/?q=kiertotalous",
        "/?q=kiertotalous&theme=circular+economy&sort=date",
        doc,
        "/lists",
        "/lists/axe",
        "/?q=%22broken",
        "/no-such-page",
        "/?q=kiertotalous&ui=sv",
        "/?q=kiertotalous&ui=en",
    ]
    report: dict[str, Any] = {}
    for url in urls:
        page.goto(server + url)  # type: ignore[operator]
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
        data = results.response
        report[url] = {
            kind: [
                {
                    "id": v["id"],
                    "impact": v["impact"],
                    "help": v["help"],
                    "nodes": [n["target"] for n in v["nodes"]][:5],
                }
                for v in data[kind]
            ]
            for kind in ("violations", "incomplete")
        }
        report[url]["passes"] = len(data["passes"])
        assert data["passes"], f"axe checked nothing on {url}"
    (artifacts / "axe-report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    found = {url: r["violations"] for url, r in report.items() if r["violations"]}
    assert not found, json.dumps(found, indent=2)
    ctx.close()


def test_the_readme_screenshot(server: str, browser: Any, artifacts: Path) -> None:
    """The screenshot the README shows, taken from a real search (copied to docs/img/)."""
    ctx = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 860})
    page = ctx.new_page()
    page.goto(server + "/?q=kiertotalous+hanke")  # the first search of a word reads its terms
    page.goto(server + "/?q=kiertotalous+hanke")
    page.screenshot(path=str(artifacts / "readme-search.png"))
    assert (artifacts / "readme-search.png").stat().st_size > 10_000
    ctx.close()
