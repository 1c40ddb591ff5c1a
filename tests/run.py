#!/usr/bin/env python3
"""Run Downhill's tests: python3 tests/run.py [pytest options]

Sets up .venv (with the test extras) on first use, exactly as main.py does for
the app, then runs pytest over tests/.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from main import ensure_environment  # noqa: E402

if __name__ == "__main__":
    ensure_environment(extras="test")
    import pytest

    sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", str(ROOT / "tests")] + sys.argv[1:]))
