import sys

from judgebox.supervisor import main

sys.exit(main())
