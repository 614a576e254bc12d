"""The HTML report: one self-contained page, its charts and its stylesheet."""
