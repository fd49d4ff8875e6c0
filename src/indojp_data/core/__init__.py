"""The ground floor: what several packages share, importing nothing of indojp-data above it.

The problem model and the input exception (:mod:`~indojp_data.core.problems`), path safety
(:mod:`~indojp_data.core.paths`), bounded reading of files and zip archives (:mod:`~indojp_data.core.safe_io`),
JSON and CSV bytes (:mod:`~indojp_data.core.codec`), JSON with exact locations
(:mod:`~indojp_data.core.json_locate`), and the registry of published schemas (:mod:`~indojp_data.core.schemas`).
"""
