"""Load a table through the release's Croissant metadata, with mlcroissant."""

import mlcroissant as mlc

# Run from the unzipped release folder.
dataset = mlc.Dataset(jsonld="croissant.json")
for record in dataset.records(record_set="codelist_countries"):
    code = record["codelist_countries/code"].decode("utf-8")  # text comes as bytes
    if code in {"IN", "JP", "NA"}:  # NA is Namibia, not a missing value
        print(code, record["codelist_countries/name"].decode("utf-8"))
