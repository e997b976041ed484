"""Built-in case studies: a (series, event, design) triple each, runnable by name with ``hemigov effect --case``.

Windows are chosen to keep other known shocks out where the data allow (the COVID border closure of
2020-03-21, the visa changes); what cannot be kept out is warned about when the case runs.
"""

from __future__ import annotations

CASES: dict[str, dict] = {
    "mexico-visa-2009": {
        "title": "Canada imposes a visa on Mexican citizens (2009-07-14): UNHCR annual applications by Mexicans "
                 "in Canada against other nationalities",
        "series": "unhcr-applications:origin=MEX",
        "event": "2009-07-14-mexico-visa-requirement-takes-effect-48h-grace-to-2009-07-15-23",
        "method": "did", "start": "2000", "end": "2015", "expected": "-",
        "controls": "unhcr-applications:origin=CHN|COL|IND|LKA|NGA|PAK",
        "notes": "Controls: large, steady origins that needed a visa throughout. Czechia (visa the same day) and "
                 "Hungary (Roma claims 2008–2012) are left out. The December 2012 reforms (designated countries "
                 "of origin, Mexico designated 2013) fall in the post period.",
    },
    "mexico-visa-lift-2016": {
        "title": "Canada lifts the visa on Mexican citizens (2016-12-01): IRCC monthly claims by Mexicans",
        "series": "ircc-claims:citizenship=MEX",
        "event": "2016-12-01-canada-lifts-visa-requirement-for-mexican-citizens",
        "method": "its", "start": "2015-01", "end": "2020-02", "expected": "+",
        "notes": "Ends 2020-02, before the COVID border closure. IRCC's monthly file starts 2015-01, so the "
                 "pre-period is 23 months.",
    },
    "mexico-visa-2024": {
        "title": "Canada partly re-imposes the visa on Mexican citizens (2024-02-29): UNHCR annual applications by "
                 "Mexicans in Canada against other nationalities",
        "series": "unhcr-applications:origin=MEX",
        "event": "2024-02-29-canada-re-imposes-visa-requirement-on-most-mexican-nationals-11",
        "method": "did", "start": "2017", "end": "2025", "expected": "-", "transition": "post",
        "controls": "unhcr-applications:origin=COL|HTI|IND|IRN|NGA|PAK|TUR",
        "notes": "2024 counts as post-event (the visa applied from 29 February, 84% of the year), which dilutes "
                 "the estimate. The IRCC monthly file by citizenship ends 2024-02, so no monthly estimate "
                 "(see mexico-visa-2024-monthly).",
    },
    "mexico-visa-2024-monthly": {
        "title": "Mexico visa re-imposed (2024-02-29) with IRCC monthly claims by Mexicans",
        "series": "ircc-claims:citizenship=MEX",
        "event": "2024-02-29-canada-re-imposes-visa-requirement-on-most-mexican-nationals-11",
        "method": "its", "start": "2022-01", "end": None, "expected": "-",
        "notes": "Not estimable with the data held: the top-25 citizenship file (vintage 2024-02) ends in "
                 "February 2024, so there is no post-event month.",
    },
    "stca-2023-rcmp-quebec": {
        "title": "STCA Additional Protocol applies along the whole land border (2023-03-25): RCMP interceptions "
                 "in Quebec",
        "series": "rcmp:province=Quebec",
        "event": "2023-03-25-stca-additional-protocol-in-force-applies-along-entire-land",
        "method": "its", "start": "2022-01", "end": "2023-12", "expected": "-",
        "notes": "Starts 2022-01, after the pandemic closure of irregular crossings (2020-03-21 to 2021-11-21). "
                 "No comparative design: the protocol applies to every province. RCMP monthly data end 2023-12.",
    },
    "stca-2023-ircc-border-quebec": {
        "title": "STCA Additional Protocol (2023-03-25): IRCC claims at the border (land ports) in Quebec",
        "series": "ircc-claims:office=Border,province=Quebec",
        "event": "2023-03-25-stca-additional-protocol-in-force-applies-along-entire-land",
        "method": "its", "start": "2022-01", "end": "2024-01", "expected": "-",
        "notes": "IRCC does not separate Roxham Road crossers; in Quebec they appear mostly under 'Border' "
                 "from 2018 (an inference in the data's PROVENANCE, not documented by IRCC). Ends before the "
                 "2024-02-29 visa change.",
    },
    "roxham-2017": {
        "title": "Onset of irregular crossings at Roxham Road (February 2017): IRCC claims in Quebec against "
                 "Ontario, British Columbia and Alberta",
        "series": "ircc-claims:province=Quebec",
        "event": "2017-02-01",
        "method": "did", "start": "2015-01", "end": "2020-02", "expected": "+",
        "controls": "ircc-claims:province=Ontario|British Columbia|Alberta",
        "notes": "Not a policy decision: the date is the start of the irregular-crossing period in the timeline "
                 "(\"Feb 2017–Mar 2020\"). The Mexico visa lifting (2016-12-01) falls just before it.",
    },
    "roxham-2017-rcmp": {
        "title": "Roxham Road onset (February 2017) with RCMP interceptions in Quebec",
        "series": "rcmp:province=Quebec",
        "event": "2017-02-01",
        "method": "its", "start": None, "end": "2020-02", "expected": "+",
        "notes": "Not estimable: RCMP monthly interceptions start in 2017-01, one month before the onset.",
    },
}
