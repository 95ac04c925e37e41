from kam_analytics.cli import main

raise SystemExit(main())
