"""Charts: matplotlib drawings of the analysis tables; each function returns the Axes it drew on."""
