"""Allow ``python -m indojp_data``, which behaves exactly like ``indojp-data``."""

from indojp_data.cli import run

if __name__ == "__main__":
    run()
