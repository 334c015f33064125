#!/usr/bin/env python
from anzhi.cli import main

if __name__ == "__main__":
    main()
