"""``python -m askmali`` and the ``askmali`` console script."""

import sys


def main() -> None:
    from .cli import main as cli_main

    sys.exit(cli_main())


if __name__ == "__main__":
    main()
