"""Policy events and their effects on asylum flows, estimated with honest uncertainty.

>>> import hemigov
>>> hemigov.events(topic="visa")                      # the timeline, typed dates and precision
>>> r = hemigov.effect(case="stca-2023-rcmp-quebec")  # a built-in case study: an EffectResult
>>> r.rate_ratio, r.people, r.diagnostics             # Interval(value, low, high), …, plain words
>>> hemigov.effect(series="rcmp:province=Quebec", event="2023-03-25", method="its", start="2022-01")

Modules: ``glm`` (count regression and robust covariances), ``estimators`` (ITS, DiD, event study: pure
functions), ``series`` (named count series over :mod:`hemigov.series`), ``events`` (the timeline), ``cases``
(built-in case studies), ``diagnostics`` (the design's checks in plain words), ``result`` (:class:`EffectResult`,
:class:`Interval`), ``analysis`` (``effect`` and ``case_studies``: data in, checks, estimator, provenance out).
"""

from hemigov.effects.analysis import case_studies, effect
from hemigov.effects.events import events
from hemigov.effects.result import EffectResult, Interval

__all__ = ["EffectResult", "Interval", "case_studies", "effect", "events"]
