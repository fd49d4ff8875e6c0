"""Model-independent building blocks for ``indojp-data validate``.

Standard library only. Submodules:

* :mod:`~indojp_data.validation.problems`: :class:`Problem`, :class:`Report`,
  :class:`ProblemCollector`, and :class:`InputError`, the single exception for bad input.
* :mod:`~indojp_data.validation.formats`: text, JSON and GitHub-annotation renderers.
* :mod:`~indojp_data.validation.json_locate`: JSON parsing with line/column lookup by JSON
  pointer.
* :mod:`~indojp_data.validation.csv_stream`: streaming, position-aware CSV reading.
* :mod:`~indojp_data.validation.safe_input`: safe opening of files, resource paths and zip
  archives.
"""

from indojp_data.validation.problems import InputError, Problem, ProblemCollector, Report, truncate_value

__all__ = ["InputError", "Problem", "ProblemCollector", "Report", "truncate_value"]
