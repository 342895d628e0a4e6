"""Oefenavond's own tables (accounts, conversations, Telegram links) in Rasa's database.

The public API lives in :mod:`storage.accounts` and :mod:`storage.conversations`; every
function takes an optional ``db`` (a :class:`storage.database.Database`) and otherwise uses the
database named by ``DATABASE_URL`` (``oefenavond.settings``). Migrations: :mod:`storage.migrate`.
"""
