"""Rasa's socket.io channel with session persistence that works on python-socketio >= 5.10.

Rasa 3.6 calls ``sio.enter_room`` without ``await``; since python-socketio 5.10 that is a coroutine,
so with ``session_persistence: true`` replies never reach the browser (RasaHQ/rasa#13027). This
channel replaces only the ``session_request`` handler with one that awaits it.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint


class SocketIOInput(RasaSocketIOInput):
    """socket.io input channel; configured under ``channels.socketio.SocketIOInput``."""

    @classmethod
    def name(cls) -> str:
        """Keep Rasa's channel name, so trackers say 'socketio'."""
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's blueprint with an awaited ``enter_room``."""
        blueprint: Blueprint = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None  # set by super().blueprint

        @sio.on("session_request", namespace=self.namespace)  # type: ignore[misc,untyped-decorator]
        async def session_request(sid: str, data: dict[str, Any] | None) -> None:
            data = data or {}
            session_id = data.get("session_id") or uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid)

        return blueprint
