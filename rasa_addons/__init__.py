"""Additions to the Rasa server: the socket.io channel (credentials.yml), the tracker store (endpoints).

``endpoints.yml`` and ``deploy/endpoints.scaled.yml`` name ``rasa_addons.tracker_store.RetryingSQLTrackerStore``
as the tracker store, so every Rasa server of the project imports this package at start. Importing it
also installs the action-response validation that checks Rasa's schema once instead of on every
action call (``action_validation``).
"""

from rasa_addons.action_validation import install

install()
