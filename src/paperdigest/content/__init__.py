"""Reading and checking the input: ``papers/`` → the model plus located problems.

May use ``model`` and ``problems``; knows nothing of pages, feeds or the forum.
"""
