"""The Rasa action server: thin adapters from Rasa's tracker to the oefenavond core."""

from actions.runtime import practice

# Load spaCy, the scenarios and the lexicons when the server starts, not on a trainee's first reply.
practice()
