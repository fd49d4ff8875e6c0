# A release zip, a data package directory or its datapackage.json,
# a Dataset JSON file, or a single CSV file; several at once if you like:
indojp-data validate indojp-data-0.3.0.zip
indojp-data validate indojp-data-0.3.0/datapackage.json \
  indojp-data-0.3.0/data/dataset.json
