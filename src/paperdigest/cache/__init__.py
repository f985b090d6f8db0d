"""The build cache: content-addressed entries that survive between builds.

Below ``render`` and ``content`` (they describe what a unit of work reads; this room only
hashes, stores and replays it), above ``model`` and ``problems``.
"""
