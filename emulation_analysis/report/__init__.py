"""Report: what the notebooks show, and the HTML briefings made from them.

* :mod:`.notebook`: :func:`~.notebook.start` and the :class:`~.notebook.Context`
  the notebooks call (header, tables, figures, readings);
* :mod:`.narrative`: the key points, written from the data;
* :mod:`.tables`, :mod:`.figures`, :mod:`.display`: tables as HTML, charts as
  deterministic SVG, raw notebook output;
* :mod:`.explorer`: the interactive explorer (ipywidgets);
* :mod:`.briefing`: the offline HTML briefings; :mod:`.execution` runs the
  notebooks' kernels; :mod:`.html_figures` puts figures and their font inline.

Every word shown comes from ``catalogs/messages.csv`` through
:func:`emulation_analysis.i18n.t`.
"""
