"""The dataset's model: field types, record classes, the cross-record rules and the curated records.

The data flows upward through this package: :mod:`~indojp_data.model.fieldtypes` (constrained values and
the ``ForeignKey``/``Codelist`` markers) -> :mod:`~indojp_data.model.base` (what every record carries)
-> :mod:`~indojp_data.model.entities` (one class per kind of record) -> :mod:`~indojp_data.model.rules`
(rules across records, derived from the markers) -> :mod:`~indojp_data.model.dataset` (the whole
:class:`Dataset`) -> :mod:`~indojp_data.model.curated` (the YAML in ``records/`` read into a Dataset).

Every name below is also importable from :mod:`indojp_data.models`, the public name of this API.
"""

from indojp_data.model.base import (
    Citation,
    Documented,
    Inference,
    Model,
    Record,
    Reference,
    Source,
    Unknown,
    normalize_text,
)
from indojp_data.model.dataset import Dataset
from indojp_data.model.entities import (
    TABLE_MODELS,
    TABLES,
    Commitment,
    CompletenessItem,
    Country,
    Credit,
    Depiction,
    LocalizedName,
    MediaAsset,
    MediaProvider,
    Mou,
    MouArea,
    NonDepiction,
    Occurrence,
    PartialDate,
    Period,
    Person,
    Place,
    Quote,
    Rights,
    Roadmap,
    Sector,
    Summit,
    record_key,
)

__all__ = [
    "TABLES",
    "TABLE_MODELS",
    "Citation",
    "Commitment",
    "CompletenessItem",
    "Country",
    "Credit",
    "Dataset",
    "Depiction",
    "Documented",
    "Inference",
    "LocalizedName",
    "MediaAsset",
    "MediaProvider",
    "Model",
    "Mou",
    "MouArea",
    "NonDepiction",
    "Occurrence",
    "PartialDate",
    "Period",
    "Person",
    "Place",
    "Quote",
    "Record",
    "Reference",
    "Rights",
    "Roadmap",
    "Sector",
    "Source",
    "Summit",
    "Unknown",
    "normalize_text",
    "record_key",
]
