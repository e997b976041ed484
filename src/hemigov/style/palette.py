"""Colours and fonts shared by the report's and the dashboard's charts.

Okabe-Ito colours stay distinguishable with the common colour-vision deficiencies; the Americas always take the
first (vermilion) so they stand out in every chart by region.
"""

from __future__ import annotations

#: Regions of origin in charts by region, in this order (the Americas first).
REGION_COLOURS = ["#D55E00", "#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#999999"]
SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999",
                  "#F0E442"]
#: Grey for context (events, reference lines) and for "not reported".
MUTED = "#6b6b6b"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif"
#: One generic family for static images: a font list makes vl-convert's text layout several times slower.
STATIC_FONT = "sans-serif"
