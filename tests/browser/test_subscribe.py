"""The subscribe page in a real browser (issue 10.13): the header's Subscribe link leads there in
both languages, and each copy button puts its feed's address on the clipboard."""
from __future__ import annotations

import pytest

from .browser_support import Site

pytestmark = [pytest.mark.browser]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_subscribe_link_and_copy_button(context_factory, served_site: Site, lang: str):
    site = served_site
    context = context_factory(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site.url(site.rel("home", lang)))
    page.locator("nav.nav a[href$='subscribe/']").click()
    page.wait_for_url("**/subscribe/")
    assert page.locator("html").get_attribute("lang") == lang
    address = page.locator("#feed-atom").inner_text()
    assert address == site.base_url + site.prefix(lang) + "atom.xml"
    button = page.locator("button[data-copy='feed-atom']")
    assert button.is_visible()
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == address
