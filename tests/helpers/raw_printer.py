"""A small TSPL and ZPL "printer" for the tests: it parses the raw commands we send and paints the dots a
printer would, so a test can measure sizes, read the barcode back with zxing and count copies.

Only the commands our writer uses are understood; anything else fails the test (a printer would ignore or
misprint it). The Code 128 bars come from the symbol values spelt in the data (start, set switches, set B
characters, set C digit pairs) and python-barcode's table of patterns, the check character computed here,
as the printer does."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import barcode
import numpy as np
from barcode.charsets import code128 as c128

MM = 25.4


@dataclass
class RawLabel:
    width: int  # dots
    height: int
    image: np.ndarray  # 255 white, 0 black
    copies: int = 1
    barcodes: list[tuple[str, str, int, int, int, int]] = field(default_factory=list)  # kind, data, x, y, m, h
    comments: list[str] = field(default_factory=list)


def _paint_pattern(image: np.ndarray, bits: str, x: int, y: int, m: int, h: int) -> None:
    for i, b in enumerate(bits):
        if b == "1":
            image[y : y + h, x + i * m : x + (i + 1) * m] = 0


def _code128_bits(values: list[int]) -> tuple[str, str]:
    """The pattern of the values plus check and stop, and the text a scanner reads."""
    check = (values[0] + sum(k * v for k, v in enumerate(values[1:], start=1))) % 103
    bits = "".join(c128.CODES[v] for v in [*values, check]) + c128.STOP + "11"
    text, current = "", values[0]
    for v in values[1:]:
        if v in (99, 100):
            current = v
        elif current in (104, 100):
            text += chr(v + 32)
        else:
            text += f"{v:02d}"
    return bits, text


def _ean13_bits(first12: str) -> tuple[str, str]:
    symbol = barcode.get("ean13", first12)
    return symbol.build()[0], symbol.get_fullcode()


def _paint_bitmap(image: np.ndarray, x: int, y: int, width_bytes: int, rows: list[bytes], one_is_black: bool) -> None:
    bits = np.unpackbits(np.frombuffer(b"".join(rows), dtype=np.uint8)).reshape(len(rows), width_bytes * 8)
    black = bits == 1 if one_is_black else bits == 0
    h, w = black.shape
    region = image[y : y + h, x : x + w]
    assert region.shape == black.shape, "a bitmap runs off the label"
    region[black[: region.shape[0], : region.shape[1]]] = 0


def parse_tspl(data: bytes, dpi: int) -> list[RawLabel]:
    labels: list[RawLabel] = []
    size = (0, 0)
    current: RawLabel | None = None
    pos = 0
    while pos < len(data):
        bitmap = re.compile(rb"BITMAP (\d+),(\d+),(\d+),(\d+),0,").match(data, pos)
        if bitmap:  # binary data follows, which may hold any byte, CR LF too
            x, y, wb, h = (int(v) for v in bitmap.groups())
            start = bitmap.end()
            blob = data[start : start + wb * h]
            assert data[start + wb * h : start + wb * h + 2] == b"\r\n"
            assert current is not None
            _paint_bitmap(current.image, x, y, wb, [blob[i * wb : (i + 1) * wb] for i in range(h)], one_is_black=False)
            pos = start + wb * h + 2
            continue
        end = data.index(b"\r\n", pos)
        text = data[pos:end].decode("ascii")
        pos = end + 2
        if m := re.fullmatch(r"SIZE ([\d.]+) mm,([\d.]+) mm", text):
            size = (int(float(m[1]) * dpi / MM), int(float(m[2]) * dpi / MM))
        elif text == "CLS":
            current = RawLabel(size[0], size[1], np.full((size[1], size[0]), 255, dtype=np.uint8))
        elif m := re.fullmatch(r'BARCODE (\d+),(\d+),"(128M|EAN13)",(\d+),0,0,(\d+),(\d+),"(.*)"', text):
            assert current is not None and m[5] == m[6]
            x, y, h, mod = int(m[1]), int(m[2]), int(m[4]), int(m[5])
            if m[3] == "EAN13":
                bits, read = _ean13_bits(m[7])
            else:
                names = {f"!{v:03d}": v for v in (104, 105, 99, 100)}
                bits, read = _code128_bits(_spelt_values(m[7].replace('\\["]', '"'), names, 4, {}))
            _paint_pattern(current.image, bits, x, y, mod, h)
            current.barcodes.append((m[3], read, x, y, mod, h))
        elif m := re.fullmatch(r"BAR (\d+),(\d+),(\d+),(\d+)", text):
            assert current is not None
            x, y, w, h = (int(v) for v in m.groups())
            current.image[y : y + h, x : x + w] = 0
        elif m := re.fullmatch(r"PRINT 1,(\d+)", text):
            assert current is not None
            current.copies = int(m[1])
            labels.append(current)
            current = None
        elif not re.fullmatch(r"GAP [\d.]+ mm,0 mm|DIRECTION 1,0|REFERENCE 0,0|SHIFT -?\d+,-?\d+", text):
            raise AssertionError(f"unexpected TSPL line {text!r}")
    return labels


def _spelt_values(raw: str, names: dict[str, int], name_len: int, escapes: dict[str, str]) -> list[int]:
    """Symbol values from the data as a printer reads it: start and switch names, set B characters (with
    the printer's escapes), set C digit pairs."""
    values: list[int] = []
    current = 0
    i = 0
    while i < len(raw):
        name = raw[i : i + name_len]
        if name in names:
            current = names[name]
            values.append(current)
            i += name_len
        elif current in (105, 99):
            values.append(int(raw[i : i + 2]))
            i += 2
        else:
            two = raw[i : i + 2]
            char = escapes.get(two, raw[i])
            values.append(ord(char) - 32)
            i += 2 if two in escapes else 1
    return values


def parse_zpl(data: bytes) -> list[RawLabel]:
    labels: list[RawLabel] = []
    for fmt in re.findall(r"\^XA(.*?)\^XZ", data.decode("utf-8"), flags=re.S):
        commands = [c for c in re.split(r"\^", fmt.replace("\n", "")) if c]
        width = int(next(c[2:] for c in commands if c.startswith("PW")))
        height = int(next(c[2:] for c in commands if c.startswith("LL")))
        label = RawLabel(width, height, np.full((height, width), 255, dtype=np.uint8))
        origin, module, pending = (0, 0), 2, ""
        for c in commands:
            if c.startswith("FO"):
                origin = tuple(int(v) for v in c[2:].split(","))  # type: ignore[assignment]
            elif c.startswith("BY"):
                module = int(c[2:].split(",")[0])
            elif c.startswith(("BCN", "BEN")):
                pending = c
            elif c.startswith("FD") and pending:
                h = int(pending.split(",")[1])
                raw = re.sub(r"_([0-9A-F]{2})", lambda g: chr(int(g[1], 16)), c[2:])
                if pending.startswith("BEN"):
                    bits, read = _ean13_bits(raw)
                    kind = "EAN13"
                else:
                    bits, read = _code128_bits(_spelt_values(raw, {">:": 104, ">;": 105, ">6": 100, ">5": 99}, 2, {"><": ">"}))
                    kind = "128"
                _paint_pattern(label.image, bits, origin[0], origin[1], module, h)
                label.barcodes.append((kind, read, origin[0], origin[1], module, h))
                pending = ""
            elif c.startswith("GFA,"):
                _, total, _, wb, hexdata = c.split(",", 4)
                blob = bytes.fromhex(hexdata)
                assert len(blob) == int(total)
                rows = [blob[i : i + int(wb)] for i in range(0, len(blob), int(wb))]
                _paint_bitmap(label.image, origin[0], origin[1], int(wb), rows, one_is_black=True)
            elif c.startswith("PQ"):
                label.copies = int(c[2:].split(",")[0])
            elif c.startswith("FX"):
                label.comments.append(c[2:])
            elif not (c in ("CI28", "LH0,0", "FS", "FH_") or re.fullmatch(r"L[ST]-?\d+|PW\d+|LL\d+", c)):
                raise AssertionError(f"unexpected ZPL command ^{c}")
        labels.append(label)
    return labels
