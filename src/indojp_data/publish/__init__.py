"""From the Dataset to the published files: one job per module, in the order the data flows.

:mod:`~indojp_data.publish.layout` (the tables and their columns) -> :mod:`~indojp_data.publish.rows`
(records to rows and back) -> :mod:`~indojp_data.core.codec` (JSON and CSV bytes) ->
:mod:`~indojp_data.publish.datapackage` (Table Schemas and ``datapackage.json``) and
:mod:`~indojp_data.publish.jsonschema` (the JSON Schemas) -> :mod:`~indojp_data.publish.build` (the
committed artifacts, and their drift) -> :mod:`~indojp_data.release.make` (the release zip and formats).
:mod:`~indojp_data.core.schemas` finds the JSON Schemas published for each version;
:mod:`~indojp_data.publish.summary` renders the plain-text summary.
"""
