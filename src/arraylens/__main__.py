"""``python -m arraylens``: the same command line as the ``arraylens`` script."""

import sys

from arraylens.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
