"""The package version, defined once (hatchling reads it for the build)."""

__version__ = "0.1.0"
