"""Run the catalogue core from a command line: ``python -m learning_catalog``."""

import sys

if sys.argv[1:2] == ["harvest"]:
    # The harvest is the top layer, above the tools: the tools' command line cannot import it.
    from .harvest.cli import main as harvest

    raise SystemExit(harvest(sys.argv[2:]))

from .tools.cli import main  # noqa: E402

raise SystemExit(main())
