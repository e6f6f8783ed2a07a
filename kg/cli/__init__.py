"""The ``kg`` command line: parses arguments, calls one library function (mostly in :mod:`kg.pipeline`), and maps
errors to exit codes. Nothing here does the work::

    app.py      the group, error handling (usage errors in one line), option types, default data
    options.py  --lang, one set of values for every command
    graph.py    kg build, kg validate, kg run
    ask.py      kg query, kg push
    publish.py  kg export, kg ontology-doc, kg network, kg site, kg serve
"""

from kg.cli import ask, graph, publish
from kg.cli.app import main

__all__ = ["main"]
del ask, graph, publish  # imported for the commands they add to ``main``
