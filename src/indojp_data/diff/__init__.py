"""Compare two versions of the published dataset and state the version bump the change requires.

This package backs ``indojp-data diff OLD NEW``. It compares either two Frictionless Data Packages
(``datapackage.json`` plus its CSV/JSON resources) or two JSON Schemas (one file, or a directory of
``*.json`` files), lists every :class:`Change`, and classifies each as ``major``, ``minor`` or
``patch``. It uses the standard library and the small ``semver`` library only, so the command line starts fast.
One module per thing compared: :mod:`~indojp_data.diff.package`, :mod:`~indojp_data.diff.tableschema`,
:mod:`~indojp_data.diff.rows`, :mod:`~indojp_data.diff.jsonschema`; versions are parsed only in
:mod:`~indojp_data.diff.versions`, and :mod:`~indojp_data.diff.render` writes the report.

The rules follow the Frictionless *Data Package Version* recipe (Rufus Pollock), read at
https://datapackage.org/recipes/data-package-version/ (the Data Package v2 recipes; the copy read
was https://v2-release.datapackage-6gp.pages.dev/recipes/data-package-version). The recipe applies
Semantic Versioning (https://semver.org/spec/v2.0.0.html) to data:

* **MAJOR**, incompatible changes: change the data package, resource or field ``name`` or
  identifier; add, remove or re-order fields; change a field ``type`` or ``format``; change a field
  ``constraint`` to be more restrictive; combine, split, delete or change the meaning of data
  referenced by another data resource.
* **MINOR**, backwards-compatible additions: add a data resource; add data to a resource; change a
  constraint to be less restrictive; update a reference to another data resource; change data to
  reflect changes in referenced data.
* **PATCH**, backwards-compatible fixes: correct errors in existing data; change descriptive
  metadata properties.
* **No change** in the version number: relocate the data to a new URL or ``path``.

How the recipe is encoded, rule by rule (``kind`` values of :class:`Change` in brackets):

* Package ``name`` or ``id`` changed [identifier-changed]: major. A resource or field rename is seen
  as a removal plus an addition, both major. Identifiers are compared with embedded semantic
  version numbers masked, so an ``$id``/``id`` such as ``.../schema/1.0.0/person.json`` that only
  follows the release number is not reported.
* Resource added [resource-added]: minor. Resource removed [resource-removed]: major.
* Field added [field-added], removed [field-removed], re-ordered [fields-reordered]: major (the
  recipe's scenario: "You append a column to the data. Increment the MAJOR version number").
* Field ``type`` [field-type-changed] or ``format`` [field-format-changed] changed: major. An
  absent ``format`` equals ``"default"``; an absent ``type`` is compared as absent (the default
  differs between Table Schema v1 and v2, so an explicit type replacing an absent one is reported).
* Constraint more restrictive [constraint-tightened]: major; less restrictive
  [constraint-relaxed]: minor. ``required``/``unique`` false to true tightens; ``enum`` narrowed or
  added tightens, widened or removed relaxes; ``minimum``/``minLength``/``exclusiveMinimum`` raised
  or added tightens, lowered or removed relaxes (``maximum``/``maxLength``/``exclusiveMaximum``
  the other way round); ``pattern`` added tightens, removed relaxes. A change whose direction cannot
  be decided (a different ``pattern``, an ``enum`` neither a subset nor a superset, bounds that do
  not compare) [constraint-changed]: major.
* ``primaryKey`` added, removed or changed [primary-key-changed]: major (it is the rows'
  identifier). A foreign key added [foreign-key-added]: major (a new restriction on the data);
  removed [foreign-key-removed]: minor (a relaxation); the same key pointed at another resource
  [foreign-key-reference-updated]: minor ("Update a reference to another data resource").
  ``uniqueKeys`` added/removed: constraint tightened/relaxed.
* Rows (CSV, tabular JSON or inline data): row added [row-added]: minor ("Add new data"). Row
  removed [row-removed]: major ("delete ... data"). Cell values of an existing row corrected
  [row-changed]: patch ("Correct errors in existing data"), but major when a changed cell belongs to
  a field another resource references through a foreign key ("change the meaning of data that is
  referenced"). Rows are matched by ``primaryKey`` when both versions declare the same key and the
  key is unique on both sides; otherwise they are compared as multisets, so a corrected row shows up
  as one removal plus one addition (major, conservatively). Cells are compared as their text in the
  file; only columns present in both versions are compared (added/removed columns are already
  major).
* Descriptive metadata (``title``, ``description``, ``homepage``, ``keywords``, ``image``,
  ``sources``, ``contributors``, ``created``; field ``title``/``description``/``example``)
  [metadata-changed]: patch.
* Resource ``path`` moved, and derived ``bytes``/``hash``: not reported (the recipe: relocating data
  needs no new version; content is compared directly). Package ``version`` is not reported: it is
  what :func:`check_declared_version` checks.

Where the recipe is silent, the conservative choice (the higher bump) is made:

* Deleting rows is major even when no foreign key references them: others may cite the records.
* Re-ordering resources is major [resources-reordered]: consumers may address them by position.
* A change in the set of licences (by ``name``/``path``) is major [license-changed]: it alters the
  terms under which the data may be used. Changing only a licence's ``title`` is patch.
* Any other non-descriptive property (``dialect``, ``encoding``, ``format``, ``mediatype``,
  ``missingValues``, ``rdfType``, ``trueValues``, ``$schema``, custom properties, ...) changed
  [structure-changed]: major, because it changes how the data is read or what it means. Absent
  ``dialect`` settings, ``encoding``, ``format`` and ``mediatype`` are compared with their defaults.
* A CSV header whose columns differ from the previous version while the schema's fields did not
  [header-changed]: major.
* Content that cannot be compared semantically (non-CSV/JSON files, or a resource that switched
  between tabular and non-tabular content) and differs [data-changed]: major.
* Non-tabular JSON content is compared value by value: a member or list element added
  [value-added] minor, removed [value-removed] major, a scalar value changed [value-changed] patch, a
  value changing between object, array and scalar [value-type-changed] major. Lists whose elements
  are all objects with a unique scalar ``id`` are matched by ``id``, other lists by position.

For JSON Schemas (draft 2020-12; ``definitions`` is treated like ``$defs``) the same principles are
applied to what the schema allows:

* Schema file added/removed in a directory [schema-added]/[schema-removed]: minor/major.
  ``$defs`` entry added/removed [definition-added]/[definition-removed]: minor/major.
* Property removed [property-removed]: major. Property added [property-added]: minor when optional
  (JSON objects are read by member name, unlike CSV columns, so an optional member is an addition),
  major when it is also required.
* ``required`` gains a name [required-added]: major; loses one [required-removed]: minor.
* ``type`` changed [type-changed]: major, except that only allowing or disallowing ``null`` (as a
  ``type`` list or pydantic's ``anyOf: [X, {"type": "null"}]``) is constraint-relaxed/tightened.
  ``format`` changed [format-changed]: major.
* Assertions (``enum``, ``const``, ``pattern``, ``minimum``..., ``minItems``..., ``uniqueItems``,
  ``multipleOf``, ``additionalProperties``/``items``/``propertyNames``/``unevaluated*`` including
  their boolean forms): constraint-tightened/relaxed/changed as for Table Schemas. Subschemas in
  ``properties``, ``items``, ``additionalProperties``, ``$defs``, ``allOf``/``anyOf``/``oneOf``/
  ``prefixItems`` (same length), ``patternProperties`` and ``dependentSchemas`` are compared
  recursively (a relaxation inside ``oneOf`` is promoted to major, since it can make an instance
  match two branches; a ``patternProperties``/``dependentSchemas`` entry added or removed, or a list
  of subschemas changing length, is structure-changed, major).
* ``$id``/``$anchor`` changed [identifier-changed]: major (masking version numbers, as above).
  ``$ref`` (also version-masked), ``$schema``, ``not``, ``if``, ``then``, ``else``, ``contains``,
  ``dependentRequired`` and other structural keywords changed [structure-changed]: major.
* Annotations (``title``, ``description``, ``examples``, ``default``, ``$comment``, ``deprecated``,
  ``readOnly``, ``writeOnly``, ``content*``) and unknown keywords, which 2020-12 treats as
  annotations [metadata-changed]: patch.

Versions follow Semantic Versioning 2.0.0, with the common convention for initial development
(semver section 4: "major version zero (0.y.z) is for initial development. Anything MAY change at any
time"), the convention Cargo also follows: **while the major version is 0, the bumps shift one place to the right**.
A major change bumps the minor version and resets the patch (``0.1.0`` + major = ``0.2.0``); a minor or
a patch change bumps the patch (``0.1.0`` + minor = ``0.1.1``). From ``1.0.0`` on, the usual rules
apply (``1.2.3`` + major = ``2.0.0``, + minor = ``1.3.0``, + patch = ``1.2.4``). From 0.x, ``1.0.0``
(declaring the schema stable) is always high enough. Pre-release precedence is semver's (``1.0.0-alpha <
1.0.0-alpha.1 < 1.0.0-beta < 1.0.0-rc.1 < 1.0.0``). Two pre-release conventions (those of ``npm
version``): bumping a pre-release whose release number already carries the bump gives that release
(``2.0.0-rc.1`` + major = ``2.0.0``; ``0.2.0-rc.1`` + major = ``0.2.0``); and a declared pre-release
of the required release number is accepted (``1.2.3`` to ``2.0.0-rc.1`` for a major change).

Locations are ``/``-separated paths with ``~`` and ``/`` inside names escaped as ``~0`` and ``~1``
(as in JSON Pointer), e.g. ``resources/persons/fields/country/constraints/enum``,
``resources/persons/rows/IN`` (the primary key value; a JSON array for composite keys),
``resources/persons/rows/#3`` (the third data row, for tables compared as multisets),
``$defs/Person/properties/country``. In a directory of schemas the file name comes first.
"""

from typing import TYPE_CHECKING, Any

from indojp_data.diff.changes import JSON, Bump, Change, ChangeKind, Diff, DiffInputError, RequiredBump
from indojp_data.diff.render import format_json, format_text
from indojp_data.diff.versions import check_declared_version, parse_version, required_version

if TYPE_CHECKING:
    from indojp_data.diff.compare import diff_paths

__all__ = [
    "JSON",
    "Bump",
    "Change",
    "ChangeKind",
    "Diff",
    "DiffInputError",
    "RequiredBump",
    "check_declared_version",
    "diff_paths",
    "format_json",
    "format_text",
    "parse_version",
    "required_version",
]


def __getattr__(name: str) -> Any:
    """Import :func:`diff_paths` on first use.

    Comparing brings in the modules of every kind of file; the validator, which reads versions through
    :mod:`~indojp_data.diff.versions` on every run, never needs them (25 ms of start-up).
    """
    if name == "diff_paths":
        from indojp_data.diff.compare import diff_paths

        return diff_paths
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
