"""``paperdigest init``: start a new digest (settings, an example week, .gitignore, README, publish workflow).

``create`` writes; ``starter/`` holds the files it copies. It sits beside scaffold, above content
(whose checks validate the settings before anything is written).
"""
