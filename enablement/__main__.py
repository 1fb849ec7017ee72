"""`python -m enablement`: the same as the `enablement` command."""

import sys

from enablement.cli import main

if __name__ == "__main__":
    sys.exit(main())
