"""One look and one way of writing numbers for every surface: the report, the dashboard and the CLI.

``numbers`` formats a value by its kind (people, shares, money, years, dates …); ``palette`` holds the colours
and fonts; ``vega`` the offline Vega/Vega-Lite JavaScript and the chart libraries' versions. Below the report and
the dashboard, above nothing but ``core``.
"""
