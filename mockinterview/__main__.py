"""Allow `python -m mockinterview`."""

from mockinterview.cli import main

raise SystemExit(main())
