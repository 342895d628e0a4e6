"""A fake Telegram Bot API on 127.0.0.1: feeds updates by long polling and records every call.

The bot under test is pointed at it with ``base_url`` (TELEGRAM_API_BASE_URL=<base_url>). The
server runs in its own thread and event loop, so tests drive it with plain calls:
``send_text(user, "/drill")``, ``press(user, message, "data")``, ``wait_for_text(user, "…")``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_USER = {"id": 4242, "is_bot": True, "first_name": "Oefenavond", "username": "oefenavond_test_bot",
            "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}
JSON_PARAMS = {"reply_markup", "commands", "allowed_updates", "link_preview_options", "entities",
               "reply_parameters", "scope"}
INT_PARAMS = {"chat_id", "message_id", "offset", "limit", "timeout", "user_id"}
MEDIA = {
    "sticker": {"file_id": "st1", "file_unique_id": "st1u", "width": 512, "height": 512,
                "is_animated": False, "is_video": False, "type": "regular"},
    "photo": [{"file_id": "ph1", "file_unique_id": "ph1u", "width": 90, "height": 90}],
    "voice": {"file_id": "vo1", "file_unique_id": "vo1u", "duration": 3},
    "document": {"file_id": "do1", "file_unique_id": "do1u", "file_name": "notities.pdf"},
    "location": {"latitude": 52.1, "longitude": 5.1},
}


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


class FakeTelegram:
    """The fake Bot API server; use as a context manager or call start()/stop()."""

    def __init__(self, token: str = "123456:TEST-TOKEN", port: int = 0) -> None:
        self.token = token
        self.calls: list[Call] = []
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._failures: dict[str, list[int]] = {}
        self._lock = threading.Condition()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._closing = False
        self.port = port

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """What TELEGRAM_API_BASE_URL must be."""
        return f"http://127.0.0.1:{self.port}/bot"

    def start(self) -> FakeTelegram:
        """Serve on a free port in a background thread."""
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            app = web.Application()
            app.router.add_route("*", "/bot{token}/{method}", self._handle)
            self._runner = web.AppRunner(app)
            loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", self.port)
            loop.run_until_complete(site.start())
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            ready.set()
            loop.run_forever()
            loop.close()

        self._thread = threading.Thread(target=run, name="fake-telegram", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        """Stop serving."""
        self._closing = True  # long polls answer now
        time.sleep(0.1)
        if self._loop is not None and self._runner is not None:
            with contextlib.suppress(TimeoutError, RuntimeError):
                asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- feeding updates -------------------------------------------------------------------

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _push(self, update: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            update["update_id"] = next(self._update_ids)
            self._updates.append(update)
            self._lock.notify_all()
        return update

    @staticmethod
    def user(user_id: int) -> dict[str, Any]:
        """A Telegram user (not a bot)."""
        return {"id": user_id, "is_bot": False, "first_name": f"Deelnemer{user_id}", "language_code": "nl"}

    def message(self, user_id: int, chat_type: str = "private", **content: Any) -> dict[str, Any]:
        """A message from ``user_id`` as Telegram would deliver it (not queued)."""
        chat: dict[str, Any] = {"id": user_id, "type": chat_type, "first_name": f"Deelnemer{user_id}"}
        if chat_type != "private":
            chat = {"id": -1000 - user_id, "type": chat_type, "title": "Een groep"}
        with self._lock:
            message_id = self._next_message_id(chat["id"])
        message = {"message_id": message_id, "date": int(time.time()), "chat": chat,
                   "from": self.user(user_id), **content}
        text = content.get("text")
        if isinstance(text, str) and text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return message

    def send_text(self, user_id: int, text: str, chat_type: str = "private") -> dict[str, Any]:
        """The user types ``text`` (commands get their bot_command entity); the message."""
        message = self.message(user_id, chat_type, text=text)
        self._push({"message": message})
        return message

    def send_media(self, user_id: int, kind: str) -> dict[str, Any]:
        """The user sends a sticker, photo, voice message, document or location."""
        message = self.message(user_id, **{kind: MEDIA[kind]})
        self._push({"message": message})
        return message

    def edit(self, message: dict[str, Any], text: str) -> None:
        """The user edits an earlier message."""
        edited = dict(message, text=text, edit_date=int(time.time()))
        self._push({"edited_message": edited})

    def press(self, user_id: int, message: dict[str, Any], data: str) -> str:
        """The user taps the inline button with ``data`` under a message the bot sent."""
        query_id = f"cq{next(self._update_ids)}"
        bot_message = {"message_id": message["message_id"], "date": int(time.time()),
                       "chat": {"id": user_id, "type": "private"}, "from": BOT_USER,
                       "text": message.get("text", "")}
        self._push({"callback_query": {"id": query_id, "from": self.user(user_id),
                                       "chat_instance": f"ci{user_id}", "data": data,
                                       "message": bot_message}})
        return query_id

    def push_raw(self, update: dict[str, Any]) -> None:
        """Queue any update (update_id is filled in)."""
        self._push(update)

    def fail_next(self, method: str, count: int = 1, retry_after: int = 1) -> None:
        """The next ``count`` calls of ``method`` get a 429 flood-control answer."""
        with self._lock:
            self._failures.setdefault(method, []).extend([retry_after] * count)

    # -- reading what the bot did ----------------------------------------------------------

    def mark(self) -> int:
        """A position in the call log, for ``since=``."""
        with self._lock:
            return len(self.calls)

    def calls_of(self, method: str, since: int = 0) -> list[Call]:
        """The calls of one method."""
        with self._lock:
            return [c for c in self.calls[since:] if c.method == method]

    def sent(self, chat_id: int, since: int = 0) -> list[dict[str, Any]]:
        """Every message text the bot sent or edited in a chat, in order (params of the call)."""
        with self._lock:
            return [c.params for c in self.calls[since:]
                    if c.method in ("sendMessage", "editMessageText") and c.params.get("chat_id") == chat_id]

    def texts(self, chat_id: int, since: int = 0) -> list[str]:
        """The texts of ``sent``."""
        return [str(p.get("text", "")) for p in self.sent(chat_id, since)]

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 30.0, what: str = "") -> Any:
        """Wait until ``predicate()`` is truthy; return its value; AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        with self._lock:  # a reentrant lock: the predicate may take it again
            while True:
                value = predicate()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out waiting for {what or predicate}; calls: "
                                         f"{[(c.method, c.params.get('text')) for c in self.calls[-12:]]}")
                self._lock.wait(min(remaining, 0.2))

    def wait_for_text(self, chat_id: int, contains: str, since: int = 0, timeout: float = 30.0) -> dict[str, Any]:
        """The first message (sent or edited) in the chat since ``since`` that contains ``contains``."""

        def found() -> dict[str, Any] | None:
            return next((p for p in self.sent(chat_id, since) if contains in str(p.get("text", ""))), None)

        result: dict[str, Any] = self.wait_for(found, timeout, f"a message with {contains!r} to {chat_id}")
        return result

    # -- the Bot API ---------------------------------------------------------------------------

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            raw = dict(await request.json())
        else:
            raw = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
            raw.update(request.query)
        params: dict[str, Any] = {}
        for key, value in raw.items():
            if key in JSON_PARAMS and isinstance(value, str):
                params[key] = json.loads(value)
            elif key in INT_PARAMS and isinstance(value, str) and value.lstrip("-").isdigit():
                params[key] = int(value)
            else:
                params[key] = value
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await self._params(request)
        if method == "getUpdates":
            return web.json_response({"ok": True, "result": await self._get_updates(params)})
        with self._lock:
            self.calls.append(Call(method, params))
            self._lock.notify_all()
            failures = self._failures.get(method)
            retry_after = failures.pop(0) if failures else None
        if retry_after is not None:
            return web.json_response(
                {"ok": False, "error_code": 429, "description": f"Too Many Requests: retry after {retry_after}",
                 "parameters": {"retry_after": retry_after}}, status=429)
        result = self._result(method, params)
        if result is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        return web.json_response({"ok": True, "result": result})

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while True:
            with self._lock:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                ready = list(self._updates[: int(params.get("limit") or 100)])
            if ready or self._closing or time.monotonic() >= deadline:
                return ready
            await asyncio.sleep(0.05)

    def _bot_message(self, params: dict[str, Any], message_id: int | None = None) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        with self._lock:
            message_id = message_id or self._next_message_id(chat_id)
        message = {"message_id": message_id, "date": int(time.time()),
                   "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                   "from": BOT_USER, "text": params.get("text", "")}
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        params["message_id"] = message_id
        return message

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method == "sendMessage":
            return self._bot_message(params)
        if method in ("editMessageText", "editMessageReplyMarkup"):
            return self._bot_message(params, int(params["message_id"]))
        if method in ("sendChatAction", "setMyCommands", "deleteWebhook", "setWebhook", "answerCallbackQuery",
                      "deleteMessage", "close", "logOut", "deleteMyCommands"):
            return True
        if method == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        return None
