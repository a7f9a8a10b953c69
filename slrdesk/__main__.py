"""`python -m slrdesk` does what the `slrdesk` command does."""

import sys

from slrdesk.cli import main

sys.exit(main())
