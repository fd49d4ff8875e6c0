# In the folder holding the downloaded zip: unpack it,
# then check every file against SHA256SUMS.
python -m zipfile -e indojp-data-0.2.0.zip .
cd indojp-data-0.2.0
sha256sum --check --strict SHA256SUMS
