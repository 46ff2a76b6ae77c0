"""The chat-to-human handoff in a real browser: a visitor chats on /widget, presses "Talk to a person", and the
staff view on /staff shows what they typed, without anyone asking again."""

from __future__ import annotations

import os
import shutil
import time

import pytest
from handoff.api.app import create_app
from handoff.retrieval.settings import Settings
from test_api import LiveServer

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    if os.environ.get("HANDOFF_REQUIRE_BROWSER"):
        raise RuntimeError("HANDOFF_REQUIRE_BROWSER is set but chromium is not installed")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium; .ci/run does)", allow_module_level=True)

# Flags for a sandboxed machine with no outside network: nothing phones home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture
def site(tmp_path):
    app = create_app(Settings(data_dir=tmp_path / "data"))
    keys = app.state.backends.keys
    with LiveServer(app) as server:
        server.app = app
        server.key = keys.create("hill-country")[1]
        # The public page gets a widget key for its own origin; it can start a handoff and nothing else.
        server.widget_key = keys.create("hill-country", "widget", [server.url])[1]
        yield server


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_visitor_hands_off_and_staff_sees_the_brief(site, browser):
    staff = browser.new_page()
    staff.goto(f"{site.url}/staff")
    staff.fill("#key", site.key)
    staff.fill("#me", "Tom")
    staff.click("text=Watch handoffs")
    staff.wait_for_selector("text=Watching")

    visitor = browser.new_page()
    visitor.goto(f"{site.url}/widget#key={site.widget_key}")
    visitor.fill("#name", "Dana Reyes")
    visitor.fill("#phone", "512-555-0142")
    for line in ["Hi, I'm looking at a RAV4 XLE", "I can't go over $400 a month",
                 "I have a 2015 Civic to trade in. Texting is best for me."]:
        visitor.fill("#text", line)
        visitor.click("text=Send")
        visitor.wait_for_function("document.querySelectorAll('.msg.customer').length > 0")
    visitor.wait_for_timeout(300)
    assert "Not sent" not in visitor.text_content("#status")

    visitor.click("text=Talk to a person")
    handed_off = time.monotonic()
    staff.wait_for_selector(".card", timeout=5000)
    seen_after = time.monotonic() - handed_off
    visitor.wait_for_selector("text=A team member has your conversation")

    card = staff.text_content(".card")
    print(f"\nstaff view showed the handoff {seen_after * 1000:.0f} ms after the click:\n{card}")
    for fact in ["Dana Reyes", "Toyota RAV4", "$400/mo", "2015 Honda Civic", "text"]:
        assert fact in card, fact
    # Dana has never talked to us before this chat: no "welcome back", but what she said is on the card.
    assert "First contact" in card and "Welcome back" not in card
    assert "Say: Hi Dana, thanks for waiting! I've read your chat: you're looking at the Toyota RAV4." in card

    # Staff take the chat and answer; the visitor sees it within a second, and her answer reaches staff as fast.
    staff.click("text=Claim this chat")
    staff.fill("input[aria-label=Reply]", "Hi Dana, I'm Tom. I have two RAV4 XLEs on the lot.")
    started = time.monotonic()
    staff.click("text=Send reply")
    visitor.wait_for_selector("text=I have two RAV4 XLEs on the lot", timeout=5000)
    to_visitor = time.monotonic() - started
    visitor.fill("#text", "Great, can I see one Saturday?")
    started = time.monotonic()
    visitor.click("text=Send")
    staff.wait_for_selector("text=Visitor: Great, can I see one Saturday?", timeout=5000)
    to_staff = time.monotonic() - started
    print(f"staff reply reached the visitor in {to_visitor * 1000:.0f} ms, her answer reached staff in "
          f"{to_staff * 1000:.0f} ms")
    assert to_visitor < 1.0 and to_staff < 1.0

    import httpx

    customer = site.app.state.backends.handoffs.since("hill-country")[0]["customer_id"]
    history = httpx.get(f"{site.url}/v1/customers/{customer}/messages",
                        headers={"Authorization": f"Bearer {site.key}"}).json()
    lines = [(m["role"], m["speaker"], m["text"]) for m in history]
    assert ("staff", "Tom", "Hi Dana, I'm Tom. I have two RAV4 XLEs on the lot.") in lines
    assert ("customer", "Dana Reyes", "Great, can I see one Saturday?") in lines
    assert [t for r, _, t in lines if r == "customer"][0] == "Hi, I'm looking at a RAV4 XLE"


def test_staff_view_refuses_a_wrong_key(site, browser):
    staff = browser.new_page()
    staff.goto(f"{site.url}/staff")
    staff.fill("#key", "not-a-key")
    staff.click("text=Watch handoffs")
    staff.wait_for_selector("text=Stopped: that key was not accepted")


def test_the_api_docs_render_in_a_browser_with_no_network(site, browser):
    page = browser.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(site.url) else None)
    page.goto(f"{site.url}/docs")
    page.get_by_text("/v1/customers/{customer_id}/brief", exact=True).first.wait_for(timeout=15000)
    assert outside == []
