"""What the preview adds to pages on the way out (never written to the site).

The script listens to the server's event stream: a newer site version reloads the page, a list
of problems is shown over it. A page knows the version it was served from, so a build that ends
before the stream connects still reloads it.
"""
from __future__ import annotations

import html

EVENTS_PATH = "/__paperdigest/events"

_SCRIPT = """<script>(function(){var built=%d;
function show(lines){var box=document.getElementById("paperdigest-problems");
if(!lines.length){if(box)box.remove();return}
if(!box){box=document.createElement("pre");box.id="paperdigest-problems";box.setAttribute("role","alert");
box.style.cssText="position:fixed;inset:auto 0 0 0;max-height:40vh;overflow:auto;margin:0;padding:1em;"+
"background:#3b0d0d;color:#ffe3e3;font:13px/1.5 monospace;white-space:pre-wrap;z-index:99999";
document.body.appendChild(box)}box.textContent=lines.join("\\n")}
var events=new EventSource("%s");
events.onmessage=function(e){var s=JSON.parse(e.data);
if(s.version>0&&s.version!==built){events.close();location.reload();return}show(s.problems)};
})();</script>"""

_NO_SITE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>paperdigest preview: {title}</title></head>
<body style="font:16px/1.5 system-ui,sans-serif;margin:2em">
<h1>{title}</h1><p>{detail}</p>
</body></html>
"""


def reload_script(version: int) -> bytes:
    return (_SCRIPT % (version, EVENTS_PATH)).encode()


def with_reload_script(page: bytes, version: int) -> bytes:
    head, tag, tail = page.rpartition(b"</body>")
    script = reload_script(version)
    return head + script + tag + tail if tag else page + script


def no_site_page(building: bool, version: int) -> bytes:
    """Shown for every path while there is no site: the problems appear over it."""
    if building:
        title, detail = "Building the site…", "This page reloads when the first build is done."
    else:
        title, detail = "No site yet", "The build stopped. Fix the problems listed below; this page reloads by itself."
    page = _NO_SITE.format(title=html.escape(title), detail=html.escape(detail)).encode()
    return with_reload_script(page, version)
