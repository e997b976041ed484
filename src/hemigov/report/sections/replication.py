"""The paper, replicated: its exhibits recomputed, and the claims ledger with statuses (hemigov.replication)."""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup

from hemigov.report import auto
from hemigov.report.context import Context
from hemigov.report.model import Exhibit, Heading, Page, Prose
from hemigov.report.sections import Section

SOURCE = "hemigov.replication, from the warehouse and the paper's printed tables"


def result_exhibits(prefix: str, result, source: str = SOURCE) -> list[Exhibit]:
    """Exhibits from what ``replicate()`` returns: one frame, a mapping name -> frame, or an object with
    ``exhibits`` (mapping or list)."""
    items = getattr(result, "exhibits", result)
    if isinstance(items, Mapping):
        pairs = list(items.items())
    elif isinstance(items, list | tuple):
        pairs = [(getattr(x, "id", getattr(x, "name", f"{i + 1}")), x) for i, x in enumerate(items)]
    else:
        pairs = [("result", items)]
    out = []
    for name, obj in pairs:
        df = auto.as_frame(obj)
        if df is None or df.empty:
            continue
        title = getattr(obj, "title", None) or str(name).replace("_", " ").capitalize()
        out.append(auto.exhibit(f"{prefix}-{auto.slug(name)}", str(title), df, source=source))
    return out


def build(ctx: Context) -> list[Page]:
    import hemigov

    blocks: list = [Prose(Markup("<p class='lede'>The paper's tables and figures recomputed from the official "
                                 "statistics, and every checkable claim in its text with a status.</p>"))]
    exhibits = result_exhibits("paper", hemigov.replicate())
    if exhibits:
        blocks += [Heading("Exhibits"), *exhibits]
    claims = auto.as_frame(hemigov.claims("paper"))
    if claims is not None and len(claims):
        if "status" in claims.columns:
            counts = claims.groupby("status", as_index=False).size().rename(columns={"size": "claims"})
            blocks += [Heading("Claims ledger"),
                       auto.exhibit("paper-claims-by-status", "Claims by status", counts, units="claims",
                                    source=SOURCE)]
        blocks.append(auto.exhibit("paper-claims", "The claims ledger", claims, units="one row per claim",
                                   source=SOURCE))
    if len(blocks) == 1:
        raise ValueError("hemigov.replicate() and hemigov.claims('paper') returned nothing to show")
    return [Page("paper.html", "The paper, replicated", "replication", blocks,
                 description="The paper's exhibits and claims, replicated")]


SECTION = Section("replication", "The paper, replicated", "paper.html", build, requires=("hemigov.replication",))
