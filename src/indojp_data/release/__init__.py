"""The release: the bundle's bytes, then the zip and the other formats written and verified.

:mod:`~indojp_data.release.bundle` makes the bytes; :mod:`~indojp_data.release.make` writes and verifies them.
"""
