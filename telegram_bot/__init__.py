"""Oefenavond's Telegram bot: short drills and full conversations with the simulated residents.

python-telegram-bot 22 (async), talking to Rasa over its REST channel; nothing of Rasa imported.
"""
