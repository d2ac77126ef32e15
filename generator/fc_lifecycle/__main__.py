"""``python -m fc_lifecycle``."""

import sys

from fc_lifecycle.cli import main

sys.exit(main())
