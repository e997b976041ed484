"""Built-in case studies: a (series, event, design) triple each, runnable by name with ``hemigov effect --case``.

Windows are chosen to keep other known shocks out where the data allow (the COVID border closure of
2020-03-21, the visa changes); what cannot be kept out is warned about when the case runs.

Each case: ``title``, ``series``, ``event``, ``method``, ``start``/``end`` (the window), ``expected`` (the sign
the case expects before looking: + or -), ``notes`` (why these controls and this window), and when they apply
``controls``, ``transition`` and ``suppressed`` (defaults for :func:`hemigov.effects.effect`).
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
    "mexico-visa-2024-us-northern": {
        "title": "Canada re-imposes the visa on Mexican citizens (2024-02-29): US Border Patrol encounters of "
                 "Mexicans at the Northern Land Border against Guatemalans and Romanians",
        "series": "us-border:region=Northern Land Border,citizenship=MEX",
        "event": "2024-02-29-canada-re-imposes-visa-requirement-on-most-mexican-nationals-11",
        "method": "did", "start": "2022-10", "end": "2024-11", "expected": "-",
        "controls": "us-border:region=Northern Land Border,citizenship=GTM|ROU",
        "notes": "Mexicans who flew to Canada visa-free and crossed south show up here. Controls: the citizenships "
                 "OHSS prints at the northern border in every month of the window whose access to Canada did "
                 "not change (Guatemalans needed a visa throughout, Romanians none since 2017), except Indians, "
                 "whose own surge in spring 2024 would read as a Mexican fall. Starts 2022-10 (fiscal 2023): "
                 "through 2022 Mexican encounters climbed back from the pandemic (20 to 200 a month), which the "
                 "controls did not share. Data end 2024-11; the IRCC file with Mexican claims ends 2024-02 "
                 "(mexico-visa-2024-monthly).",
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
    "stca-2023-us-swanton": {
        "title": "STCA Additional Protocol (2023-03-25): US Border Patrol encounters in the Swanton sector "
                 "(Roxham Road's stretch of the border) against the other northern sectors",
        "series": "us-border:sector=Swanton",
        "event": "2023-03-25-stca-additional-protocol-in-force-applies-along-entire-land",
        "method": "did", "start": "2022-01", "end": "2024-01", "expected": "+", "suppressed": "midpoint",
        "controls": "us-border:sector=Blaine|Buffalo|Detroit|Grand Forks|Houlton|Spokane",
        "notes": "Encounters are people entering the US from Canada, the opposite direction of Roxham Road. The "
                 "protocol applies along the whole land border, but the crossing it closed lies in the Swanton "
                 "sector, so the other northern sectors are the controls: the same US enforcement, Canadian visa "
                 "rules and seasons, away from Roxham Road. Havre (10 or not printed in most months) and Livermore "
                 "(no encounters since 2004) are left out; months the small sectors do not print (0–4) count as "
                 "2. Swanton's rise began in 2022, before the protocol: the pre-trend test rejects, so read it "
                 "with --method its (which extrapolates that rise and finds fewer encounters than it predicts). "
                 "Starts 2022-01, after the pandemic closure; ends 2024-01, before Canada's visa on Mexicans.",
    },
    "stca-2023-us-northern-border": {
        "title": "STCA Additional Protocol (2023-03-25): US Border Patrol encounters at the Northern Land Border "
                 "against the Southwest Land Border",
        "series": "us-border:region=Northern Land Border",
        "event": "2023-03-25-stca-additional-protocol-in-force-applies-along-entire-land",
        "method": "did", "start": "2022-01", "end": "2024-01", "expected": "+",
        "controls": "us-border:region=Southwest Land Border",
        "notes": "The southwest border is the one land border the protocol does not touch, under the same US "
                 "agency, law and counting; but US policy changed there in the same months (CHNV parole 2023-01, "
                 "the end of Title 42 and the asylum rule 2023-05-11), which the northern border did not share, "
                 "and the pre-trend test rejects. A comparison by citizenship at the northern border is not "
                 "possible: the nationalities that crossed at Roxham Road are not printed (0–4) in half or more "
                 "of the 14 pre-event months (Haitians 8, Turks 13, Colombians 7, Venezuelans 10), and those it "
                 "should not affect (Mexicans, Indians, who fly into Canada) drove the rise. Each citizenship is "
                 "a series: us-border:region=Northern Land Border,citizenship=ISO3.",
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
