"""Compatibility name: the rows are now :mod:`indojp_data.publish.rows`, the layout :mod:`indojp_data.publish.layout`.

Kept only because ``validate/package.py`` (being rewritten on another branch) still imports ``from_rows``
from here; remove it when that import moves to :mod:`indojp_data.publish.rows`.
"""

from indojp_data.publish.rows import from_rows

__all__ = ["from_rows"]
