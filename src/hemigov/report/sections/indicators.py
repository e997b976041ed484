"""Indicators: representation, protection outcomes, host burden, fair shares, dependence (hemigov.indicators)."""

from __future__ import annotations

from markupsafe import Markup, escape

from hemigov.report import auto
from hemigov.report.context import Context
from hemigov.report.model import Page, Prose
from hemigov.report.sections import Section


def _catalogue(listing) -> list[tuple[str, str, str]]:
    """(name, title, description) for each indicator, from a DataFrame, records, mapping or names."""
    df = auto.as_frame(listing)
    if df is None and isinstance(listing, dict):
        return [(str(k), str(k), str(v)) for k, v in listing.items()]
    if df is None:
        return [(str(n), str(n), "") for n in (listing or [])]
    name = next(c for c in ("name", "indicator", "id") if c in df.columns)
    title = next((c for c in ("title", "label") if c in df.columns), name)
    desc = next((c for c in ("description", "definition", "summary") if c in df.columns), None)
    return [(str(r[name]), str(r[title]), str(r[desc]) if desc else "") for _, r in df.iterrows()]


def build(ctx: Context) -> list[Page]:
    import hemigov

    blocks: list = [Prose(Markup("<p class='lede'>Indicators computed from the warehouse by "
                                 "<code>hemigov.indicator(name)</code>, with their default parameters.</p>"))]
    for name, title, desc in _catalogue(hemigov.list_indicators()):
        try:
            df = auto.as_frame(hemigov.indicator(name))
        except Exception as e:  # one failing indicator must not hide the others
            ctx.notes.append(f"Indicator {name!r} not shown: {type(e).__name__}: {e}")
            continue
        if df is None or df.empty:
            ctx.notes.append(f"Indicator {name!r} returned no rows.")
            continue
        blocks += [*([Prose(Markup(f"<p>{escape(desc)}</p>"))] if desc else []),
                   auto.exhibit(f"indicator-{name}", title, df,
                                source=f"hemigov.indicator({name!r}), from the warehouse")]
    if len(blocks) == 1:
        raise ValueError("no indicator could be shown")
    return [Page("indicators.html", "Indicators", "indicators", blocks, description="Indicators")]


SECTION = Section("indicators", "Indicators", "indicators.html", build, requires=("hemigov.indicators",))
