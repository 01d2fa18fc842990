"""The CJK TrueType font every printed document embeds.

Found once per process: WORKSHOP_CJK_FONT (a .ttf/.ttc path) if set, else the usual places on Linux
(WenQuanYi Zen Hei, ...), Windows (SimHei, Microsoft YaHei, SimSun, ...) and macOS (STHeiti, Arial Unicode...),
else whatever fontconfig lists for Chinese. Fonts with PostScript (CFF) outlines cannot be embedded by
reportlab and are skipped. When none works a WorkshopError says so: we never print boxes instead of Chinese.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from workshop.domain.errors import WorkshopError

FONT_NAME = "WorkshopCJK"
ENV_FONT = "WORKSHOP_CJK_FONT"
_PROBE = "工单结算维修"  # a font must carry these characters to count as Chinese

_LINUX = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/google-droid/DroidSansFallbackFull.ttf",
)
_WINDOWS = ("simhei.ttf", "msyh.ttc", "msyh.ttf", "simsun.ttc", "simkai.ttf", "simfang.ttf", "msjh.ttc")
_MACOS = (
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/System/Library/Fonts/Supplemental/Songti.ttc",
    "/Library/Fonts/Songti.ttc",
)


def _candidates() -> list[Path]:
    out: list[Path] = []
    env = os.environ.get(ENV_FONT)
    if env:
        out.append(Path(env))
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        local = Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft" / "Windows" / "Fonts"
        out += [d / n for n in _WINDOWS for d in (windir, local)]
    elif sys.platform == "darwin":
        out += [Path(p) for p in _MACOS]
    else:
        out += [Path(p) for p in _LINUX]
    out += _fontconfig_chinese()
    return out


def _fontconfig_chinese() -> list[Path]:
    """Fonts fontconfig knows for Chinese (Linux, sometimes macOS), TrueType collections and files only."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        listing = subprocess.run([fc_list, ":lang=zh", "file"], capture_output=True, text=True, timeout=10,
                                 check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    files = sorted({line.split(":")[0].strip() for line in listing.splitlines() if line.strip()})
    return [Path(f) for f in files if f.lower().endswith((".ttf", ".ttc"))]


def _load(path: Path) -> TTFont | None:
    if not path.is_file():
        return None
    try:
        font = TTFont(FONT_NAME, str(path), subfontIndex=0)
    except Exception:  # CFF outlines, a broken file, an unsupported collection: try the next one
        return None
    glyphs = font.face.charToGlyph
    if not all(ord(ch) in glyphs for ch in _PROBE):
        return None
    return font


@cache
def cjk_font_path() -> Path:
    """The font file used (registered under FONT_NAME on first use)."""
    tried: list[str] = []
    for path in _candidates():
        font = _load(path)
        if font is not None:
            pdfmetrics.registerFont(font)
            pdfmetrics.registerFontFamily(FONT_NAME, normal=FONT_NAME, bold=FONT_NAME, italic=FONT_NAME,
                                          boldItalic=FONT_NAME)
            return path
        tried.append(str(path))
    raise WorkshopError(
        "找不到可嵌入的中文 TrueType 字体，无法打印。请安装文泉驿正黑（Linux：fonts-wqy-zenhei）或黑体/微软雅黑，"
        f"或用环境变量 {ENV_FONT} 指定字体文件。",
        "No embeddable Chinese TrueType font was found, so nothing can be printed. Install WenQuanYi Zen Hei "
        f"(Linux: fonts-wqy-zenhei) or SimHei / Microsoft YaHei, or name a font file in {ENV_FONT}.",
    )


def cjk_font_name() -> str:
    """The registered font name to use with reportlab (setFont / ParagraphStyle.fontName)."""
    cjk_font_path()
    return FONT_NAME


# look-alikes for characters some Chinese fonts lack (WenQuanYi Zen Hei has no U+2212 MINUS SIGN: a formula
# "(营业额 − 成本)" would print without its minus)
_FALLBACKS = {"\u2212": "-", "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2009": " ", "\u202f": " "}


def printable(text: str) -> str:
    """`text` with every character the embedded font lacks replaced by a look-alike it has."""
    cmap = pdfmetrics.getFont(cjk_font_name()).face.charToGlyph
    return "".join(_FALLBACKS.get(ch, ch) if ord(ch) not in cmap else ch for ch in text)
