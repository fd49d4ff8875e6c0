"""The tabular layout of the dataset, derived from the models: every table, its columns and keys.

Every CSV resource is described by a :class:`Table` computed from the pydantic models, never written by
hand. The layout follows five rules, so that a spreadsheet or R user never has to parse JSON in a cell:

1. **One row per record.** Each collection of the :class:`~indojp_data.model.dataset.Dataset` (and the
   ``source``) is a table; scalar fields are columns in model order.
2. **Nested objects are flattened** with an underscore: ``period.years`` becomes ``period_years``.
3. **Lists become child tables** named ``<table>_<field>`` with the parent's identifier, a 1-based
   ``position`` and either a ``value`` column (a list of scalars) or the item's flattened fields.
4. **Provenance is long-format**: every record's citations, explicit unknowns and inferences are rows
   of the ``citations``, ``unknowns`` and ``inferences`` tables, keyed by ``table`` and ``record``.
   An unknown or inference of a nested object carries its dotted path (``rights.legal_basis``,
   ``providers.1.name``).
5. **Derived tables** are computed, never curated: the ``completeness`` report and the codelists the
   schemas enforce (``codelist_countries``, ``codelist_currencies``). Reading the tables back checks that
   they agree with the records.

The rows themselves, and the way back from rows to a Dataset, are in :mod:`indojp_data.publish.rows`.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types as at
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from indojp_data.model.base import Source
from indojp_data.model.dataset import Dataset
from indojp_data.model.entities import TABLES, CompletenessItem
from indojp_data.model.fieldtypes import Codelist, ForeignKey, Ordered, country_names, currency_names

PROVENANCE_TABLES = ("citations", "unknowns", "inferences")
"""Names of the long-format provenance tables, in publishing order."""


_PROVENANCE_FIELDS = frozenset(PROVENANCE_TABLES)


SINGULAR = {
    "source": "source",
    "countries": "country",
    "places": "place",
    "persons": "person",
    "summits": "summit",
    "roadmaps": "roadmap",
    "sectors": "sector",
    "mou_areas": "mou_area",
    "mous": "mou",
    "commitments": "commitment",
    "quotes": "quote",
    "media_assets": "media_asset",
}
"""Singular names of the record tables, used for the parent column of child tables."""


@dataclass(frozen=True)
class Column:
    """One CSV column: where its value comes from in the model and what constrains it.

    Attributes:
        name: The column's name in the CSV header.
        path: The field names leading from the record (or list item) to the value, e.g.
            ``("period", "years")`` for ``period_years``.
        type: The Table Schema type.
        required: True when an empty cell is invalid.
        description: What the column holds, from the model's field description.
        constraints: Table Schema constraints besides ``required`` and ``enum`` (``minimum``,
            ``maxLength``, ``pattern``, ``unique``, ...).
        enum: The allowed values, for a field typed as a ``Literal``.
        foreign_key: The table whose key the column holds, if any.
        foreign_field: The column of ``foreign_key`` it refers to (default: that table's primary key).
        categories_ordered: True when ``enum`` lists the values in a meaningful order.
        codelist: The codelist (``countries``, ``currencies``) the values must come from, if any.
    """

    name: str
    path: tuple[str, ...]
    type: Literal["string", "integer", "boolean", "date", "number"]
    required: bool
    description: str
    constraints: Mapping[str, Any] = field(default_factory=dict)
    enum: tuple[str, ...] | None = None
    foreign_key: str | None = None
    foreign_field: str | None = None
    categories_ordered: bool = False
    codelist: str | None = None

    @property
    def title(self) -> str:
        """A human-readable title derived from the name (``period_years`` -> ``Period years``)."""
        return humanize(self.name)


_WORDS = {"id": "identifier", "mou": "MoU", "mous": "MoUs", "url": "URL", "sha256": "SHA-256"}


def humanize(name: str) -> str:
    """Turn a table or column name into a title: ``mous_signatories`` -> ``MoUs signatories``."""
    words = [_WORDS.get(word, word) for word in name.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Table:
    """One CSV resource: its columns, primary key and foreign keys.

    Attributes:
        name: The resource name; the CSV file is ``data/<name>.csv``.
        description: What a row is.
        columns: The columns, in CSV order.
        primary_key: The names of the primary key columns.
        kind: ``record`` (one row per record), ``child`` (one row per item of a record's list),
            ``provenance`` (citations, unknowns, inferences) or ``derived`` (computed from the records:
            the completeness report and the codelists).
        model: The pydantic model of a row; None for provenance tables and lists of plain values.
        parent: For a child table, the record table it belongs to.
        parent_field: For a child table, the parent's list field it holds.
    """

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    kind: Literal["record", "child", "provenance", "derived"]
    model: type[BaseModel] | None = None
    parent: str | None = None
    parent_field: str | None = None

    @property
    def title(self) -> str:
        """A human-readable title derived from the name (``summits_participants`` -> ``Summits participants``)."""
        return humanize(self.name)

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


@dataclass(frozen=True)
class FieldShape:
    """A model field's annotation unwrapped: its base type, whether it is optional or a tuple, its constraints."""

    base: Any
    optional: bool
    is_tuple: bool
    metadata: tuple[Any, ...]
    description: str | None


def field_shape(annotation: Any, metadata: Sequence[Any] = (), description: str | None = None) -> FieldShape:
    """Unwrap Annotated / Optional / tuple layers of a field annotation, collecting constraints."""
    meta = list(metadata)
    optional = is_tuple = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extras = get_args(annotation)
            for extra in extras:
                if isinstance(extra, FieldInfo):
                    meta.extend(extra.metadata)
                    description = description or extra.description
                else:
                    meta.append(extra)
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(get_args(annotation))
            (annotation,) = args
        elif origin is tuple:
            is_tuple = True
            annotation = get_args(annotation)[0]
            meta = []  # the tuple's own constraints (min length) are not the items'
        else:
            return FieldShape(annotation, optional, is_tuple, tuple(meta), description)


_TYPES: dict[Any, Literal["string", "integer", "boolean", "date", "number"]] = {
    str: "string",
    int: "integer",
    bool: "boolean",
    dt.date: "date",
    Decimal: "number",
}


def _column(name: str, path: tuple[str, ...], shape: FieldShape, required: bool) -> Column:
    base = shape.base
    enum: tuple[str, ...] | None = None
    if get_origin(base) is Literal:
        enum = tuple(str(v) for v in get_args(base))
        kind: Literal["string", "integer", "boolean", "date", "number"] = "string"
    else:
        kind = _TYPES[base]
    constraints: dict[str, Any] = {}
    foreign_key = None
    ordered = False
    codelist = None
    for item in shape.metadata:
        if isinstance(item, ForeignKey):
            foreign_key = item.table
        elif isinstance(item, Ordered):
            ordered = True
        elif isinstance(item, Codelist):
            codelist = item.name
        elif isinstance(item, at.Ge):
            constraints["minimum"] = item.ge
        elif isinstance(item, at.Gt):
            constraints["exclusiveMinimum"] = item.gt
        elif isinstance(item, at.Le):
            constraints["maximum"] = item.le
        elif isinstance(item, at.Lt):
            constraints["exclusiveMaximum"] = item.lt
        elif isinstance(item, at.MinLen) and kind == "string":
            constraints["minLength"] = item.min_length
        elif isinstance(item, at.MaxLen) and kind == "string":
            constraints["maxLength"] = item.max_length
        elif getattr(item, "pattern", None) is not None:
            # Table Schema patterns match the whole value (XML Schema style): no anchors.
            constraints["pattern"] = str(item.pattern).removeprefix("^").removesuffix("$")
    return Column(
        name=name,
        path=path,
        type=kind,
        required=required,
        description=shape.description or "",
        constraints=constraints,
        enum=enum,
        foreign_key=foreign_key,
        categories_ordered=ordered,
        codelist=codelist,
    )


def _flatten(model: type[BaseModel], path: tuple[str, ...] = (), required: bool = True) -> Iterator[Column]:
    """Yield the scalar columns of ``model``, nested objects flattened; tuple fields are skipped."""
    for name, info in model.model_fields.items():
        if name in _PROVENANCE_FIELDS:
            continue
        shape = field_shape(info.annotation, info.metadata, info.description)
        if shape.is_tuple:
            continue
        here = (*path, name)
        if isinstance(shape.base, type) and issubclass(shape.base, BaseModel):
            yield from _flatten(shape.base, here, required and not shape.optional)
        else:
            yield _column("_".join(here), here, shape, required and not shape.optional)


def _tuple_fields(model: type[BaseModel]) -> Iterator[tuple[str, FieldShape]]:
    for name, info in model.model_fields.items():
        if name in _PROVENANCE_FIELDS:
            continue
        shape = field_shape(info.annotation, info.metadata, info.description)
        if shape.is_tuple:
            yield name, shape


def _key_name(table: str) -> str:
    return "code" if table == "countries" else "id"


def _provenance_tables(record_tables: Sequence[str]) -> tuple[Table, ...]:
    table_column = Column(
        "table", ("table",), "string", True, "Table of the record the row is about.", enum=tuple(record_tables)
    )
    record_column = Column("record", ("record",), "string", True, "Identifier of that record.")
    position = Column("position", ("position",), "integer", True, "1-based order.", {"minimum": 1})
    reference = Column(
        "reference",
        ("reference",),
        "integer",
        False,
        "Number of the source's reference backing the fact (see source_references); empty when the article's "
        "own text does.",
        {"minimum": 1, "maximum": 99},
        foreign_key="source_references",
        foreign_field="number",
    )
    passage = Column("passage", ("passage",), "string", True, "Exact passage of the source.", {"minLength": 1})
    path = Column("field", ("field",), "string", True, "Dotted path of the field within the record.")
    reason = Column("reason", ("reason",), "string", True, "Why the value is unknown.", {"minLength": 1})
    method = Column("method", ("method",), "string", True, "How the value was derived.", {"minLength": 1})
    return (
        Table(
            "citations",
            "Where in the source each record's facts come from.",
            (table_column, record_column, position, reference, passage),
            ("table", "record", "position"),
            "provenance",
        ),
        Table(
            "unknowns",
            "Facts the source does not give: every null value of the dataset, with the reason.",
            (table_column, record_column, path, reason),
            ("table", "record", "field"),
            "provenance",
        ),
        Table(
            "inferences",
            "Values derived rather than read from the source, with the method.",
            (table_column, record_column, path, method),
            ("table", "record", "field"),
            "provenance",
        ),
    )


def _describe(model: type[BaseModel]) -> str:
    return " ".join((model.__doc__ or model.__name__).split("\n\n")[0].split())


def record_models() -> dict[str, type[BaseModel]]:
    """Return the model of each record table (``source`` first, then the Dataset's collections)."""
    models: dict[str, type[BaseModel]] = {"source": Source}
    for table in TABLES:
        models[table] = field_shape(Dataset.model_fields[table].annotation).base
    return models


@lru_cache(maxsize=1)
def layout() -> tuple[Table, ...]:
    """Return every table of the published package, in publishing order."""
    models = record_models()
    tables: list[Table] = []
    for name, model in models.items():
        key = _key_name(name)
        columns = tuple(_flatten(model))
        columns = tuple(
            Column(**{**c.__dict__, "constraints": {**c.constraints, "unique": True}}) if c.name == key else c
            for c in columns
        )
        tables.append(Table(name, _describe(model), columns, (key,), "record", model))
        parent_column_name = SINGULAR[name]
        key_column = next(c for c in columns if c.name == key)
        for field_name, shape in _tuple_fields(model):
            parent = Column(
                parent_column_name,
                (parent_column_name,),
                key_column.type,
                True,
                f"Identifier of the {parent_column_name} (see {name}).",
                {k: v for k, v in key_column.constraints.items() if k != "unique"},
                foreign_key=name,
            )
            position = Column("position", ("position",), "integer", True, "1-based order in the list.", {"minimum": 1})
            info = model.model_fields[field_name]
            if isinstance(shape.base, type) and issubclass(shape.base, BaseModel):
                item_columns = tuple(_flatten(shape.base))
                item_model: type[BaseModel] | None = shape.base
            else:
                item_columns = (_column("value", ("value",), shape, True),)
                item_model = None
            tables.append(
                Table(
                    f"{name}_{field_name}",
                    info.description or "",
                    (parent, position, *item_columns),
                    (parent_column_name, "position"),
                    "child",
                    item_model,
                    parent=name,
                    parent_field=field_name,
                )
            )
    tables.extend(_provenance_tables(list(models)))
    tables.extend(_derived_tables())
    # The numbered references are what citations.reference points at: their number is a key.
    return tuple(
        Table(**{**t.__dict__, "columns": tuple(_unique(c) if c.name == "number" else c for c in t.columns)})
        if t.name == "source_references"
        else t
        for t in tables
    )


def _unique(column: Column) -> Column:
    return Column(**{**column.__dict__, "constraints": {**column.constraints, "unique": True}})


CODELISTS = {
    "countries": ("ISO 3166-1 alpha-2", "country", country_names),
    "currencies": ("ISO 4217", "currency", currency_names),
}
"""Each published codelist: the standard, the singular noun, and the function giving code -> name."""


def _derived_tables() -> tuple[Table, ...]:
    item_columns = tuple(_flatten(CompletenessItem))
    item_columns = tuple(_unique(c) if c.name == "subject" else c for c in item_columns)
    tables = [
        Table(
            "completeness",
            "The completeness report: for each count the source asserts, how many items the dataset identifies "
            "individually. Computed from the other tables.",
            item_columns,
            ("subject",),
            "derived",
            CompletenessItem,
        )
    ]
    for name, (standard, noun, _) in CODELISTS.items():
        code = Column(
            "code",
            ("code",),
            "string",
            True,
            f"{standard} {noun} code.",
            {"unique": True},
            codelist=name,
        )
        label = Column(
            "name", ("name",), "string", True, f"English name of the {noun}, from pycountry.", {"minLength": 1}
        )
        tables.append(
            Table(
                f"codelist_{name}",
                f"The {standard} {noun} codes this schema accepts, as the pycountry package lists them; any other "
                "code is invalid. General reference data, not facts from the source.",
                (code, label),
                ("code",),
                "derived",
            )
        )
    return tuple(tables)


def table(name: str) -> Table:
    """Return the table called ``name``; KeyError if there is none."""
    for candidate in layout():
        if candidate.name == name:
            return candidate
    raise KeyError(name)
