from voiceinfo.cli import main

raise SystemExit(main())
