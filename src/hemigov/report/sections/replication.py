"""The paper, replicated: its exhibits recomputed, and the claims ledger with statuses (hemigov.replication)."""

from __future__ import annotations

from markupsafe import Markup

from hemigov.report import auto
from hemigov.report.context import Context
from hemigov.report.model import Heading, Page, Prose
from hemigov.report.sections import Section

SOURCE = "hemigov.replication, from the warehouse and the paper's printed tables"


def build(ctx: Context) -> list[Page]:
    import hemigov

    blocks: list = [Prose(Markup("<p class='lede'>The paper's tables and figures recomputed from the official "
                                 "statistics, and every checkable claim in its text with a status.</p>"))]
    from hemigov.replication import EXHIBITS

    cells = hemigov.replicate()
    exhibits = [auto.exhibit(f"paper-{x}", EXHIBITS.get(x, x), df, units="printed vs computed, cell by cell",
                             source=SOURCE) for x, df in cells.groupby("exhibit", sort=False)]
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
