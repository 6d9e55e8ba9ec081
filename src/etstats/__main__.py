from etstats.cli import main

raise SystemExit(main())
