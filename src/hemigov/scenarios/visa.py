"""Visa counterfactual: the claims expected without a visa change, from the effect estimates."""

from __future__ import annotations

from hemigov.scenarios import formulas
from hemigov.scenarios.registry import Computed, Param, register

#: Scenario choice -> the effects case study it reads.
CASES = {
    "2009": "mexico-visa-2009",
    "2016": "mexico-visa-lift-2016",
    "2024": "mexico-visa-2024",
    "2024-us-northern": "mexico-visa-2024-us-northern",
}


@register(
    "visa_counterfactual", group="visa", unit="claims",
    title="Asylum claims by Mexicans expected without a visa change (2009 visa, 2016 lift, 2024 visa)",
    summary="The effect estimate's counterfactual path (the count model without the event terms) summed over the "
            "post-event periods: what the series would have been without the visa change.",
    assumptions=("The effect case study's design holds: its pre-period trend (and, for difference-in-differences, "
                 "its control nationalities) describe what would have happened without the change.",
                 "Counts are the case's series: UNHCR annual applications (2009, 2024), IRCC monthly claims (2016) "
                 "or US Border Patrol encounters at the northern border (2024-us-northern); the unit 'claims' "
                 "stands for encounters in that case.",
                 "Other events in the post period (the 2012 reforms; the pandemic is kept out) are not separated."),
    interval="The 95% interval of the effect estimate (delta method, the case's covariance), carried to the "
             "counterfactual total: fitted − n·people, with low clipped at 0.",
    params=(Param("case", "choice", "2016", choices=tuple(CASES),
                  help="2009 visa, 2016 lift, 2024 visa (UNHCR annual) or 2024-us-northern (US encounters)"),),
)
def visa_counterfactual(case: str) -> Computed:
    """Expected claims without the visa change over the case's post period.

    Notes
    -----
    value = Σ_post counterfactual = Σ_post fitted − n·people (:func:`hemigov.scenarios.formulas
    .counterfactual_total`); the detail is the effect's path (observed, fitted, counterfactual, per-period 95%
    band) with the post-period rows flagged.

    References
    ----------
    Bernal, Cummins & Gasparrini (2017), Int. J. Epidemiology 46(1), 348-355; :mod:`hemigov.effects`.
    """
    from hemigov.effects import effect  # here: scipy and the estimators load only when a visa case runs

    r = effect(case=CASES[case])
    post = r.path[r.path.post]
    n = len(post)
    fitted = float(post.fitted.sum())
    value, low, high = formulas.counterfactual_total(fitted, r.people.value, r.people.low, r.people.high, n)
    detail = r.path.assign(period=r.path.period.dt.strftime("%Y-%m" if r.freq == "M" else "%Y"),
                           case=r.case, method=r.method, sources=r.sources)
    notes = (f"Effect case {r.case} ({r.method}, {r.post_period}): observed {post.observed.sum():,.0f}; rate ratio "
             f"{r.rate_ratio.text('ratio')}.", *r.warnings)
    return Computed(value, low, high, detail, notes)
