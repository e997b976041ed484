"""The bottom layer every other package may import: paths, the error catalogue, provenance, periods.

Nothing here imports another hemigov package, reads the warehouse or does network IO.
"""
