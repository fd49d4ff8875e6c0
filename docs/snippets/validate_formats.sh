indojp-data validate data/sectors.csv
indojp-data validate --format json data/sectors.csv
indojp-data validate --format github data/sectors.csv
