# In a checkout of the indojp-data repository, in the Python environment you use:
python -m pip install .
python -c "import indojp_data; print(indojp_data.__version__)"
