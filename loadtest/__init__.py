"""Oefenavond's own load generator: simulated trainees over Rasa's REST channel, loopback only.

It knows nothing of the core (``oefenavond``): it is a client like the web app and the bot, and
afterwards reads the SQL tracker store to check that every turn arrived once and in order.
``python -m loadtest --help`` for the options.
"""
