# Node.js: install the validator once with
#   npm install --global ajv-cli@5 ajv-formats@3
# then, from the unzipped release folder (ajv-formats checks "format": "date"):
ajv validate --spec=draft2020 -c ajv-formats \
  -s schema/0.3.0/dataset.schema.json -d data/dataset.json
