"""Charts: matplotlib drawings of the analysis tables; each function returns the Axes it drew on.

:mod:`.distribution` (one year across the units), :mod:`.comparison` (two
years), :mod:`.trends` (three or more); :mod:`.layout` holds what every chart
carries (title, watermark, source line), :mod:`.labels` names and colours,
:mod:`.style` the style and deterministic files.
"""
