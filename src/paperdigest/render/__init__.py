"""Turning the model into files: pages, feeds, sitemap, search index, and the atomic write.

May use ``model`` and ``problems``; never imports ``content``'s loaders or ``forum``.
"""
