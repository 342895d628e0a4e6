"""The trainee web chat: sign in with a code, pick a resident, talk over socket.io, debrief.

``python -m web`` serves it (``web.__main__``); :func:`web.app.create_app` builds the Starlette app.
"""
