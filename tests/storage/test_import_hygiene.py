"""storage/ must not depend on the UI: importing it loads no Textual, Rich or tui."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def test_storage_imports_no_ui_modules() -> None:
    """Import storage in a fresh interpreter and look at what got loaded."""
    code = (
        "import json, sys; import storage, storage.library, storage.library_files, "
        "storage.search, storage.seeds; "
        "print(json.dumps(sorted(sys.modules)))"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    loaded = json.loads(result.stdout)
    assert "storage" in loaded
    forbidden = [m for m in loaded if m.split(".")[0] in {"textual", "rich", "tui"}]
    assert forbidden == []
