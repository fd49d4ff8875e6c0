# In the folder holding the downloaded files: check them against
# the checksum file published beside them, unpack the zip into a
# folder, then check every file in it against its SHA256SUMS.
sha256sum --check --strict --ignore-missing indojp-data-0.3.0.SHA256SUMS
python -m zipfile -e indojp-data-0.3.0.zip indojp-data-0.3.0
cd indojp-data-0.3.0
sha256sum --check --strict SHA256SUMS
