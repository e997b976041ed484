"""Policy effects: case studies of dated policy events and their estimated effects (hemigov.effects)."""

from __future__ import annotations

from markupsafe import Markup, escape

from hemigov.report import auto
from hemigov.report.context import Context
from hemigov.report.model import Heading, Page, Prose
from hemigov.report.sections import Section


def _cases(listing) -> list[tuple[str, str]]:
    df = auto.as_frame(listing)
    if df is None:
        return [(str(c), str(c)) for c in (listing or [])]
    key = next(c for c in ("case", "name", "id", "case_id") if c in df.columns)
    title = next((c for c in ("title", "label", "description") if c in df.columns), key)
    return [(str(r[key]), str(r[title])) for _, r in df.iterrows()]


def build(ctx: Context) -> list[Page]:
    import hemigov

    blocks: list = [Prose(Markup("<p class='lede'>Dated policy events and what changed after them, estimated by "
                                 "<code>hemigov.effect(case=...)</code>.</p>"))]
    listing = hemigov.case_studies()
    table = auto.as_frame(listing)
    if table is not None and len(table):
        blocks.append(auto.exhibit("effects-cases", "Case studies", table, units="one row per case",
                                   source="hemigov.effects"))
    for case, title in _cases(listing):
        try:
            res = hemigov.effect(case=case)
        except Exception as e:
            ctx.notes.append(f"Effect {case!r} not shown: {type(e).__name__}: {e}")
            continue
        df = auto.as_frame(res)
        summary = getattr(res, "summary", None)
        blocks.append(Heading(title))
        if isinstance(summary, str) and summary:
            blocks.append(Prose(Markup(f"<p>{escape(summary)}</p>")))
        if df is not None and len(df):
            blocks.append(auto.exhibit(f"effect-{case}", title, df, source=f"hemigov.effect(case={case!r})"))
    if len(blocks) == 1:
        raise ValueError("hemigov.case_studies() returned nothing to show")
    return [Page("effects.html", "Policy effects", "effects", blocks, description="Policy effects")]


SECTION = Section("effects", "Policy effects", "effects.html", build, requires=("hemigov.effects",))
