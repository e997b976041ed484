"""Updated edition: the paper's exhibits through the latest year, with events annotated (hemigov.replication)."""

from __future__ import annotations

import inspect

from markupsafe import Markup

from hemigov.report import auto
from hemigov.report.context import Context
from hemigov.report.model import Heading, Page, Prose
from hemigov.report.sections import Section
from hemigov.report.sections.replication import result_exhibits


def _updated(replicate):
    """Call ``replicate`` for the updated edition with whichever keyword it offers."""
    params = inspect.signature(replicate).parameters
    for key, value in (("edition", "updated"), ("updated", True), ("through", "latest"), ("latest", True)):
        if key in params:
            return replicate(**{key: value})
    raise TypeError("hemigov.replicate() has no option for an updated edition (edition=, updated=, through=)")


def build(ctx: Context) -> list[Page]:
    import hemigov

    exhibits = result_exhibits("updated", _updated(hemigov.replicate),
                               source="hemigov.replication (updated edition), from the warehouse")
    if not exhibits:
        raise ValueError("the updated edition returned nothing to show")
    blocks: list = [Prose(Markup("<p class='lede'>The paper's exhibits recomputed through the latest year of "
                                 "each dataset.</p>")), Heading("Exhibits"), *exhibits]
    ev = ctx.q("""SELECT event_id, date, kind, actor, topic, title, source_url, dataset, vintage FROM v_events
                  WHERE kind = 'event' AND date >= DATE '2020-07-01' ORDER BY date""")
    if len(ev):
        blocks += [Heading("Events since the paper"),
                   auto.exhibit("updated-events", "Events since the paper", ev, units="dated events")]
    return [Page("updated.html", "Updated edition", "updated", blocks,
                 description="The paper's exhibits through the latest year")]


SECTION = Section("updated", "Updated edition", "updated.html", build, requires=("hemigov.replication",))
