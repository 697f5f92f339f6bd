#!/usr/bin/env python
from acunum.cli import main

if __name__ == "__main__":
    main()
