"""Every Persian text a person reads lives in this package, one module per area.

Modules: ``cli`` (command line output and errors), ``minutes`` (what the importer reports),
``calendar`` (month and weekday names).
"""
