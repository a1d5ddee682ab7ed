"""`python -m planner …`: see planner.outputs.cli."""

import sys

from planner.outputs.cli import main

sys.exit(main())
