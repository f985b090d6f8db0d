"""``paperdigest check --links``: try every external URL written in the content, once.

``find`` collects URLs with their file and line; ``probe`` asks each server (HEAD, then GET),
a bounded number at a time, and keeps the answers for a day in the build cache folder.
"""
