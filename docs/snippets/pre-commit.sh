# In your repository: pin rev to the commit of the newest release tag of
# ../indojp-data (or of its checked-out commit while it has no tag), then
# run the hook on every file once.
pre-commit autoupdate --freeze
pre-commit run --all-files
