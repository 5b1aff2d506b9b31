"""Run the catalogue core from a command line: ``python -m learning_catalog``."""

from .tools.cli import main

raise SystemExit(main())
