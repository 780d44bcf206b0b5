"""Report: notebook helpers, written key points, the explorer and the HTML briefings."""
