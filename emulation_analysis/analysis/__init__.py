"""Analysis: questions about loaded award records, each a function from records to a DataFrame."""
