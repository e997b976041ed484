"""A chart-drawing worker, run as a script (``python chartworker.py``) so it imports vl-convert and nothing of
hemigov: it reads one JSON request per line on stdin and answers one JSON line on stdout.

Request: ``{"spec": <Vega-Lite text>, "svg": <path>, "png": <path or null>, "scale": <number>}``.
Answer: ``{"svg": <path>, "width": w, "height": h}`` or ``{"svg": <path>, "error": <one line>}``.
``{"bundle": <path>}`` writes the Vega JavaScript bundle there (answer ``{"bundle": <path>}``).

PNGs are written with a 256-colour palette (Pillow). vl-convert serialises its calls inside one process, so
the report runs two of these side by side. Before
vl-convert loads, fontconfig is pointed at an empty configuration (``FONTCONFIG_FILE``, set by the parent): the
renderer then uses the fonts it bundles instead of re-mapping the system's font files for every chart, which made
drawing several times faster with the same SVG output.
"""

import io
import json
import re
import sys


def _small_png(png: bytes) -> bytes:
    """The same picture with a 256-colour palette: charts have few colours, and the full-colour PNGs were more
    than half of the site's size (about 11 MB of 24) for no visible difference."""
    from PIL import Image

    out = io.BytesIO()
    with Image.open(io.BytesIO(png)) as im:
        im.convert("RGBA").quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(out, format="PNG",
                                                                                       optimize=True)
    return out.getvalue()


def main() -> None:
    import vl_convert as vlc

    size = re.compile(r'<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"')
    for line in sys.stdin:
        req = json.loads(line)
        if "bundle" in req:  # the Vega JavaScript for the site's assets
            with open(req["bundle"], "w", encoding="utf-8") as f:
                f.write(vlc.javascript_bundle())
            sys.stdout.write(json.dumps({"bundle": req["bundle"]}) + "\n")
            sys.stdout.flush()
            continue
        try:
            svg = vlc.vegalite_to_svg(json.loads(req["spec"]))
            with open(req["svg"], "w", encoding="utf-8") as f:
                f.write(svg)
            if req.get("png"):
                with open(req["png"], "wb") as f:
                    f.write(_small_png(vlc.svg_to_png(svg, scale=req.get("scale", 1))))
            m = size.search(svg)
            w, h = (round(float(m.group(1))), round(float(m.group(2)))) if m else (640, 320)
            answer = {"svg": req["svg"], "width": w, "height": h}
        except Exception as e:  # answered, not raised: the parent names the chart and fails the build
            answer = {"svg": req["svg"], "error": " ".join(str(e).split())[:300]}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
