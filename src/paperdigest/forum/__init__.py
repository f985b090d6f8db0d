"""The forum post and the newsletter, in both directions: import an old post, export an issue.

May use ``content`` (to read settings and ids), ``render`` (Markdown, URLs, templates) and ``model``.
"""
