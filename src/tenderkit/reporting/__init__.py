"""The award report: the notebook view of a Result, its HTML/PDF export, `tenderkit report`."""

from tenderkit.reporting.deferred import defer_iri_grammar

defer_iri_grammar()  # before any report module imports nbformat (and so jsonschema)
