from thidua.cli import main

raise SystemExit(main())
