"""The documentation's generated pages: written from ``docs-templates/`` to ``docs/``, outside the wheel.

Run from the project root: ``python -m docsgen`` writes the pages, ``python -m docsgen --check`` lists the
pages that differ from what the templates, the data and the code give, and exits 1 if any does. The
installed package knows nothing of the documentation: this generator imports it, never the other way.
"""
