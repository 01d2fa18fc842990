"""F9: the CJK TrueType font is found and embedded; without one, a clear refusal instead of boxes."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop.domain.errors import WorkshopError
from workshop.printing import fonts


def test_f9_a_cjk_truetype_font_is_found_on_this_machine() -> None:
    path = fonts.cjk_font_path()
    assert path.suffix.lower() in (".ttf", ".ttc") and path.is_file()
    assert fonts.cjk_font_name() == fonts.FONT_NAME


def test_f9_no_cjk_font_is_a_clear_error_never_boxes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    not_a_font = tmp_path / "fake.ttf"
    not_a_font.write_bytes(b"not a font")
    monkeypatch.setattr(fonts, "_candidates", lambda: [tmp_path / "missing.ttf", not_a_font])
    fonts.cjk_font_path.cache_clear()
    try:
        with pytest.raises(WorkshopError, match="中文 TrueType 字体") as err:
            fonts.cjk_font_name()
        assert "WORKSHOP_CJK_FONT" in err.value.en
    finally:
        monkeypatch.undo()
        fonts.cjk_font_path.cache_clear()
    assert fonts.cjk_font_name() == fonts.FONT_NAME


def test_f9_font_named_in_the_environment_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    real = fonts.cjk_font_path()
    monkeypatch.setenv(fonts.ENV_FONT, str(real))
    assert fonts._candidates()[0] == real
