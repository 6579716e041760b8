"""Start the journeymap app: ``python main.py [FILE]``."""

import sys

from journeymap.cli import main

if __name__ == "__main__":
    sys.exit(main())
