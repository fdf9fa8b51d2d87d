"""The ``peygir`` command line (``main``), the demo and the scripted people it and the end-to-end tests
drive through the simulator."""
