"""The public name of the record classes: every name of :mod:`indojp_data.model`, re-exported.

``from indojp_data.models import Dataset, Person`` keeps working; the classes live in
:mod:`indojp_data.model` (``base``, ``entities``, ``dataset``).
"""

from indojp_data.model import *  # noqa: F403
from indojp_data.model import __all__ as __all__
