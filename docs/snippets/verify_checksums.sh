# In the folder holding the downloaded zip: unpack it,
# then check every file against SHA256SUMS.
python -m zipfile -e indojp-data-1.0.0.zip .
cd indojp-data-1.0.0
sha256sum --check --strict SHA256SUMS
