"""Code 128 and EAN-13 as module widths (workshop.domain.barcodes), read back by an independent reader."""

from __future__ import annotations

import barcode
import numpy as np
import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.domain.barcodes import (
    MIN_QUIET_MODULES,
    Symbol,
    code128_symbol,
    code128_values,
    ean13_check_digit,
    ean13_symbol,
    is_valid_ean13,
    normalise_ean13,
)
from workshop.domain.errors import InvalidInput


def scan(symbol: Symbol, module: int = 2, height: int = 40) -> zxingcpp.Barcode:
    """Draw the runs at `module` pixels per module with the quiet zones, and read them back."""
    row: list[int] = [255] * (symbol.quiet_left * module)
    for i, run in enumerate(symbol.runs):
        row += [0 if i % 2 == 0 else 255] * (run * module)
    row += [255] * (symbol.quiet_right * module)
    image = np.tile(np.array(row, dtype=np.uint8), (height, 1))
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, symbol.data
    return found[0]


@pytest.mark.parametrize("code", ["6901234567892", "4006381333931", "9780201379624", "0000000000000"])
def test_p1_ean13_check_digit_of_real_codes(code: str) -> None:
    assert ean13_check_digit(code[:12]) == code[12]
    assert is_valid_ean13(code)
    assert normalise_ean13(f" {code} ") == code


def test_p1_ean13_wrong_check_digit_refused_with_the_right_digit_named() -> None:
    with pytest.raises(InvalidInput) as err:
        normalise_ean13("6901234567893")
    assert "校验位" in err.value.zh and "应为 2" in err.value.zh
    assert "check digit" in err.value.en
    assert not is_valid_ean13("6901234567893")
    with pytest.raises(InvalidInput):
        ean13_symbol("6901234567893")


@pytest.mark.parametrize("bad", ["690123456789", "69012345678921", "69012345678A2", "", None])
def test_p1_ean13_not_thirteen_digits_refused(bad: str | None) -> None:
    with pytest.raises(InvalidInput):
        normalise_ean13(bad)


def test_p1_ean13_fullwidth_digits_from_an_input_method_accepted() -> None:
    assert normalise_ean13("６９０１２３４５６７８９２") == "6901234567892"


def test_p1_ean13_symbol_has_95_modules_and_scans() -> None:
    symbol = ean13_symbol("6901234567892")
    assert symbol.modules == 95
    assert symbol.quiet_left >= 11 and symbol.quiet_right >= MIN_QUIET_MODULES
    found = scan(symbol)
    assert found.text == "6901234567892"
    assert found.format == zxingcpp.BarcodeFormat.EAN13


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("123456789012", 1 + 6 + 1),  # start C, six digit pairs, check
        ("1234567", 1 + 1 + 1 + 3 + 1),  # one digit in B, switch to C, three pairs, check
        ("RO2611-0042", 12),  # B for letters, C for "2611" and "0042"
        ("ABC", 1 + 3 + 1),
        ("A1", 1 + 2 + 1),
    ],
)
def test_t1_code128_switches_to_set_c_for_runs_of_digits(text: str, values: int) -> None:
    assert len(code128_values(text)) == values


@pytest.mark.parametrize("text", ["RO2611-0042", "08823-YZZT3", "A12345", "1"])
def test_t1_code128_pattern_is_python_barcodes(text: str) -> None:
    """The modules are python-barcode's own pattern (set switching and check character), not a table of ours."""
    bits = barcode.get("code128", text).build()[0]
    symbol = code128_symbol(text)
    drawn = "".join(("1" if i % 2 == 0 else "0") * run for i, run in enumerate(symbol.runs))
    assert drawn == bits
    assert scan(symbol).text == text


def test_p1_ean13_pattern_is_python_barcodes() -> None:
    symbol = ean13_symbol("6901234567892")
    drawn = "".join(("1" if i % 2 == 0 else "0") * run for i, run in enumerate(symbol.runs))
    assert drawn == barcode.get("ean13", "690123456789").build()[0]


@pytest.mark.parametrize("text", ["粤A12345", "AB\tC", "", "É"])
def test_t1_code128_refuses_what_it_cannot_encode(text: str) -> None:
    with pytest.raises(InvalidInput):
        code128_symbol(text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=24))
def test_t1_every_printable_code128_text_scans_back_exactly(text: str) -> None:
    symbol = code128_symbol(text)
    assert symbol.quiet_left >= MIN_QUIET_MODULES and symbol.quiet_right >= MIN_QUIET_MODULES
    assert len(symbol.runs) % 2 == 1  # starts and ends with a bar
    assert symbol.modules == 11 * len(code128_values(text)) + 13
    found = scan(symbol)
    assert found.text == text
    assert found.format == zxingcpp.BarcodeFormat.Code128


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_p1_every_valid_ean13_scans_back_exactly(first12: str) -> None:
    code = first12 + ean13_check_digit(first12)
    assert scan(ean13_symbol(code)).text == code
