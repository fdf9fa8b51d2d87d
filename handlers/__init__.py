"""Bot handlers, one module per feature, each exposing ``register(app)``.

The bot arrives with the next issue; this package then registers its handlers here in one place, in
order (gatekeeping first). Handlers stay thin: parse the update, call a service in ``bot/services``,
render texts from ``bot/texts``.
"""
