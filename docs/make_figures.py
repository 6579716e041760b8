"""Make the README's example figures from the sample journey (run by hand):

    .venv/bin/python docs/make_figures.py

docs/map.png      the online-order map, cards by friction, emotion curve underneath
docs/heatmap.png  friction by touchpoint × device: 3-D Secure fails on mobile web
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from journeymap.analytics import analyse
from journeymap.model import load
from journeymap.render import render_heatmap, render_map

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_journeys" / "online_order.journey.json"


def save_small(figure, path: Path, dpi: float) -> None:
    """PNG at ``dpi``, re-encoded with Pillow's slower, smaller settings for the repository."""
    image = Image.open(io.BytesIO(figure.to_bytes("png", dpi))).convert("RGB")
    image.save(path, optimize=True)
    print(f"{path.relative_to(ROOT)}: {image.width}×{image.height} px, "
          f"{path.stat().st_size / 1e6:.2f} MB")


def main() -> None:
    journey = load(SAMPLE)
    save_small(render_map(journey, analyse(journey, base_dir=SAMPLE.parent)),
               ROOT / "docs" / "map.png", 110)
    by_device = analyse(journey, base_dir=SAMPLE.parent, by="segment:device")
    save_small(render_heatmap(journey, by_device, by="segment:device"),
               ROOT / "docs" / "heatmap.png", 130)


if __name__ == "__main__":
    main()
