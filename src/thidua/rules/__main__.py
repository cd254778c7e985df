import sys

from thidua.rules.case_cli import main

sys.exit(main(sys.argv[1:], sys.stdin, sys.stdout, sys.stderr))
