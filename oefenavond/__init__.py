"""Oefenavond's core: scenarios, simulated residents, move recognition and scoring.

This package imports no Rasa, web or Telegram code; the action server, web app, Telegram bot and
command line are thin adapters around it.
"""

__version__ = "0.1.0"
