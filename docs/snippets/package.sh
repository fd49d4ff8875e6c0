# After editing the CSV tables of your data package in datapackage/:
# write its datapackage.json (bytes, hashes), data/dataset.json and
# derived tables from them, then validate it.
indojp-data package datapackage
indojp-data validate datapackage
