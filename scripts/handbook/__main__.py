"""`python -m handbook …` is the `handbook` command."""

import sys

from handbook.cli import main

sys.exit(main())
