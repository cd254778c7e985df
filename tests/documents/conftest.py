from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "nominations"))
sys.path.insert(0, str(Path(__file__).parent))

from nominations_flow import Flow, flow  # noqa: E402,F401
