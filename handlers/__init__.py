"""Chat handlers, one module per feature; :mod:`handlers.registry` is the one place that sets their order.

Handlers parse the update, call a service and render the answer; the services check who may do what.
"""
