"""Policy events and their effects on asylum flows, estimated with honest uncertainty.

>>> import hemigov
>>> hemigov.events(topic="visa")                      # the timeline, typed dates and precision
>>> hemigov.effect(case="stca-2023-rcmp-quebec")      # a built-in case study
>>> hemigov.effect(series="rcmp:province=Quebec", event="2023-03-25", method="its", start="2022-01")

Modules: ``glm`` (count regression and robust covariances), ``estimators`` (ITS, DiD, event study: pure
functions), ``series`` (named series from the warehouse views), ``events`` (the timeline), ``cases`` (built-in
case studies), ``analysis`` (``effect`` and ``case_studies``: data in, checks, estimator, provenance out).
"""

from hemigov.effects.analysis import case_studies, effect
from hemigov.effects.events import events

__all__ = ["case_studies", "effect", "events"]
