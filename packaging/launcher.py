"""The bundle's entry point: the same start as `workshop-gui` (ui.app.main)."""

import sys

from ui.app import main

if __name__ == "__main__":
    sys.exit(main())
