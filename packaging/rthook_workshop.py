# PyInstaller runtime hook: the bundled Chinese font for the printed documents and the screens, unless the
# shop set WORKSHOP_CJK_FONT itself.
import os
import sys
from pathlib import Path

_fonts = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "fonts"
for _font in sorted(_fonts.glob("*.tt[cf]")):
    os.environ.setdefault("WORKSHOP_CJK_FONT", str(_font))
    break
