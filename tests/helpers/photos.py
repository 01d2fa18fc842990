"""Small generated photos for the walk-around tests (R4). Pillow comes with reportlab; the product's core never
uses it (the desk resizes with QImage), only these tests make their JPEGs with it."""

from __future__ import annotations

import io
import random


def jpeg(width: int = 320, height: int = 240, *, seed: int = 1, noise: bool = False, quality: int = 80) -> bytes:
    from PIL import Image

    rnd = random.Random(seed)
    if noise:  # random pixels compress badly: the largest a photo of this size gets
        img = Image.frombytes("RGB", (width, height), bytes(rnd.getrandbits(8) for _ in range(width * height * 3)))
    else:
        img = Image.new("RGB", (width, height), (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality)
    return out.getvalue()
