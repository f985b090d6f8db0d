"""arXiv: ask its API for papers and fill paper files from the answer.

``client`` (HTTP, pacing, failures) → ``atom`` (the Atom answer → records) → ``paperfile``
(a new paper file), ``week`` (`paperdigest fetch`), ``titles`` (finding ids by title),
``yamltext`` (line-level YAML edits that keep what a person wrote). It sits above ``content``
(it reads paper files with content's reader) and below the commands that use it.
"""
