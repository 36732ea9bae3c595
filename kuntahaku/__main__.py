"""`python -m kuntahaku`: the same command line as the `kuntahaku` script."""

from kuntahaku.cli import main

main()
