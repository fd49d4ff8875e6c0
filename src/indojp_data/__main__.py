"""Allow ``python -m indojp_data``, which behaves exactly like ``indojp-data``."""

import sys

from indojp_data.cli import main

if __name__ == "__main__":
    sys.exit(main())
