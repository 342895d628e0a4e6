/* Oefenavond web chat: talks to the Rasa server over socket.io (socket.io-client 4.8).
 *
 * - The conversation id (Rasa sender id) comes from the web app, which registered it; it is kept in
 *   localStorage with the outbox, so a reload or a network drop continues the same conversation.
 * - Every message carries a message_id in its metadata. After (re)connecting, the page reads the
 *   conversation back from the web app (the tracker store) and drops from the outbox what Rasa
 *   already has: a message typed while offline is sent once when the connection is back.
 * - Resident lines come from the custom payload (type opening|turn|notice); the plain-text twin of
 *   the same bot message is ignored. Everything is rendered with textContent, never as HTML.
 * - A reply the resident did not answer (the actions_down notice, Rasa done without an answer, or
 *   nothing within config.answerTimeout) goes back into the input box with a notice; an answer that
 *   still arrives later is shown and takes the notice and the copy in the box away again.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("chat-config").textContent);
  var T = config.texts.chat;
  var MOVES = config.texts.moves;
  var LSD = config.texts.lsd;
  var LSD_ORDER = ["luisteren", "samenvatten", "doorvragen"];
  var MOODS = config.texts.moods;
  var STORE_KEY = "oefenavond.gesprek." + config.senderId;
  var FEEDBACK_KEY = "oefenavond.feedback";
  var ANSWER_TIMEOUT = Number(config.answerTimeout) > 0 ? Number(config.answerTimeout) : 25000;
  var TEFLON = ["regels_verdediging", "afwijzen", "sussen", "in_discussie"];

  var $ = function (id) { return document.getElementById(id); };
  var transcript = $("transcript");
  var typing = $("typing");
  var composer = $("composer");
  var reply = $("reply");
  var counter = $("reply-counter");
  var errorBox = $("reply-error");
  var sendButton = $("send");
  var banner = $("offline");
  var endedBox = $("ended");
  var feedbackToggle = $("feedback-toggle");

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function sleep(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

  function newId() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // --- Storage: the session id and the outbox survive a reload ------------------------------

  function loadStore() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(STORE_KEY) || "{}");
      return saved && typeof saved === "object" ? saved : {};
    } catch (e) {
      return {};
    }
  }
  var saved = loadStore();
  var store = {
    sessionId: typeof saved.sessionId === "string" && saved.sessionId ? saved.sessionId : config.senderId,
    outbox: Array.isArray(saved.outbox) ? saved.outbox.filter(function (item) {
      return item && typeof item.id === "string" && typeof item.text === "string";
    }) : []
  };
  function persist() {
    try { window.localStorage.setItem(STORE_KEY, JSON.stringify(store)); } catch (e) { /* private mode */ }
  }
  persist();

  // --- State -------------------------------------------------------------------------------

  var confirmed = false;     // session confirmed on the current connection
  var waiting = null;        // the message the resident is answering: { item, gen, answer, timer }
  var late = null;           // a reply given back unanswered whose answer may still arrive
  var ended = false;
  var syncing = false;
  var sentAt = 0;
  var generation = 0;        // bumped on every resync: late displays of an older view are dropped
  var chain = Promise.resolve();

  // --- Rendering ---------------------------------------------------------------------------

  function scrollDown() {
    transcript.scrollTop = transcript.scrollHeight;
    window.requestAnimationFrame(function () { transcript.scrollTop = transcript.scrollHeight; });
  }

  function renderUser(text, id, queued) {
    var item = el("li", "msg trainee" + (queued ? " queued" : ""));
    if (id) { item.dataset.id = id; }
    item.appendChild(el("p", "who", T.you));
    item.appendChild(el("p", "text", text));
    if (queued) { item.appendChild(el("p", "note", T.queued)); }
    transcript.appendChild(item);
    scrollDown();
    return item;
  }

  function markSent(id) {
    var items = transcript.querySelectorAll("li.msg.trainee.queued");
    Array.prototype.forEach.call(items, function (item) {
      if (item.dataset.id === id) {
        item.classList.remove("queued");
        var note = item.querySelector(".note");
        if (note) { note.remove(); }
      }
    });
  }

  function updateState(state) {
    if (!state) { return; }
    var emotion = Number(state.emotion);
    var trust = Number(state.trust);
    if (!isNaN(emotion)) {
      $("meter-emotion").value = emotion;
      $("value-emotion").textContent = fill(T.emotion_scale, { value: emotion });
    }
    if (!isNaN(trust)) {
      $("meter-trust").value = trust;
      $("value-trust").textContent = fill(T.trust_scale, { value: trust });
    }
    if (state.mood) { $("value-mood").textContent = MOODS[state.mood] || String(state.mood); }
    $("mood-compact").textContent = T.mood + ": " + $("value-mood").textContent + " · " + T.emotion + " " +
      $("meter-emotion").value + "/10 · " + T.trust + " " + $("meter-trust").value + "/10";
    var meters = document.querySelector(".meters");
    meters.classList.remove("changed");
    void meters.offsetWidth; // restart the highlight animation
    meters.classList.add("changed");
  }

  function renderFeedback(assessment) {
    var section = el("li", "feedback");
    section.appendChild(el("h3", null, fill(T.feedback_heading, { turn: assessment.turn }) + " · " +
      fill(T.feedback_score, { score: String(assessment.score).replace(".", ",") })));
    var moves = el("p", "moves");
    moves.appendChild(el("span", "label", T.feedback_moves + ": "));
    if (!assessment.moves || !assessment.moves.length) {
      moves.appendChild(document.createTextNode(T.feedback_no_moves));
    }
    (assessment.moves || []).forEach(function (move) {
      var chip = el("span", "chip" + (TEFLON.indexOf(move.label) >= 0 ? " teflon" : ""),
        (MOVES[move.label] || move.label) + " (" +
        fill(T.confidence, { percent: Math.round(Number(move.confidence) * 100) }) + ")");
      moves.appendChild(chip);
      moves.appendChild(document.createTextNode(" "));
    });
    section.appendChild(moves);
    var lsd = el("p", "lsd");
    lsd.appendChild(el("span", "label", T.feedback_lsd + ": "));
    lsd.appendChild(document.createTextNode(LSD_ORDER.map(function (key) {
      return LSD[key] + " " + (assessment.lsd ? assessment.lsd[key] : 0) + "/3";
    }).join(" · ")));
    section.appendChild(lsd);
    var explanation = el("p", "explanation");
    explanation.appendChild(el("span", "label", T.feedback_explanation + ": "));
    explanation.appendChild(document.createTextNode(assessment.feedback || ""));
    section.appendChild(explanation);
    if (assessment.better_reply) {
      var better = el("p", "better");
      better.appendChild(el("span", "label", T.feedback_better + ": "));
      better.appendChild(document.createTextNode(assessment.better_reply));
      section.appendChild(better);
    }
    transcript.appendChild(section);
  }

  function renderNotice(text) {
    var item = el("li", "msg notice", text);
    transcript.appendChild(item);
    scrollDown();
    return item;
  }

  function renderBot(payload) {
    if (payload.type === "notice") { return renderNotice(payload.text); }
    var item = el("li", "msg resident");
    item.appendChild(el("p", "who", config.residentName));
    item.appendChild(el("p", "text", payload.resident_line));
    transcript.appendChild(item);
    updateState(payload.state);
    if (config.mode === "oefen" && payload.assessment) { renderFeedback(payload.assessment); }
    if (payload.state && payload.state.ended) { showEnded(); }
    scrollDown();
    return item;
  }

  function showEnded() {
    if (ended) { return; }
    ended = true;
    endedBox.hidden = false;
    reply.disabled = true;
    sendButton.disabled = true;
    hideTyping();
    $("to-debrief").focus();
  }

  function showTyping() { typing.hidden = false; sendButton.disabled = true; scrollDown(); }
  function hideTyping() { typing.hidden = true; sendButton.disabled = ended; }

  function showBanner() { banner.hidden = false; }
  function hideBanner() { banner.hidden = true; }

  function showError(text) { errorBox.textContent = text; errorBox.hidden = false; }
  function clearError() { errorBox.textContent = ""; errorBox.hidden = true; }

  function updateCounter() {
    var count = reply.value.length;
    counter.textContent = fill(T.counter, { count: count, max: config.maxLength });
    counter.classList.toggle("near", count > config.maxLength * 0.9);
  }

  function naturalDelay(text) {
    return Math.min(2000, 700 + 12 * String(text || "").length);
  }

  // --- History: what the tracker holds, from the web app ------------------------------------

  function fetchHistory() {
    return fetch(config.historyUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("history " + response.status); }
        return response.json();
      });
  }

  function renderHistory(history) {
    generation += 1;
    chain = Promise.resolve();
    transcript.textContent = "";
    history.entries.forEach(function (entry) {
      if (entry.kind === "user") { renderUser(entry.text, entry.message_id, false); }
      else if (entry.payload) { renderBot(entry.payload); }
    });
    store.outbox.forEach(function (item) {
      if (item.kind === "reply") { renderUser(item.text, item.id, true); }
    });
  }

  function sync() {
    syncing = true;
    forget();
    hideTyping();
    return fetchHistory().then(function (history) {
      var known = {};
      history.message_ids.forEach(function (id) { known[id] = true; });
      store.outbox = store.outbox.filter(function (item) { return !known[item.id]; });
      var startQueued = store.outbox.some(function (item) { return item.kind === "start"; });
      if (!history.started && !startQueued) {
        store.outbox.unshift({ id: newId(), kind: "start", text: config.startMessage });
      }
      persist();
      renderHistory(history);
      syncing = false;
      pump();
    }).catch(function () {
      syncing = false;
      setTimeout(function () { if (confirmed) { sync(); } }, 2000);
    });
  }

  // --- Sending: one message at a time, each after the resident answered the previous --------

  function pump() {
    if (!confirmed || waiting || ended || syncing || !store.outbox.length) { return; }
    var item = store.outbox[0];
    var turn = { item: item, gen: generation, answer: null, settled: false };
    waiting = turn;
    item.sent = true;
    persist();
    markSent(item.id);
    showTyping();
    sentAt = Date.now();
    turn.timer = setTimeout(function () { settle(turn, false); }, ANSWER_TIMEOUT);
    socket.emit("user_uttered", {
      message: item.text,
      session_id: store.sessionId,
      metadata: { trainee: config.traineeId, channel: "web", message_id: item.id }
    }, function () { settle(turn, true); });
  }

  // The end of a wait: Rasa acknowledged the message (after sending its answers), or time ran out.
  function settle(turn, acked) {
    if (turn.settled) {
      if (acked && late === turn) { late = null; } // handled after all, without an answer
      return;
    }
    turn.settled = true;
    clearTimeout(turn.timer);
    if (turn.gen !== generation || waiting !== turn) { return; }
    store.outbox = store.outbox.filter(function (queued) { return queued.id !== turn.item.id; });
    persist();
    if (!acked && !turn.answer) { late = turn; }
    chain = chain.then(function () {
      if (turn.gen !== generation) { return; }
      waiting = null;
      hideTyping();
      if (!turn.answer) { unanswered(turn); }
      else if (isActionsDown(turn.answer)) { giveBack(turn, turn.shown); }
      pump();
    });
  }

  // A resync or a lost connection: the tracker decides what was answered and what is sent again.
  function forget() {
    if (waiting) { clearTimeout(waiting.timer); }
    waiting = null;
    late = null;
  }

  function isActionsDown(payload) {
    return Boolean(payload) && payload.type === "notice" && payload.code === "actions_down";
  }

  function unanswered(turn) {
    var text = turn.item.kind === "start" ? T.no_opening : T.no_answer;
    turn.notice = renderNotice(fill(text, { name: config.residentName }));
    giveBack(turn, turn.notice);
  }

  // The reply goes back into the box (before anything typed since), so one click sends it again.
  function giveBack(turn, notice) {
    if (turn.item.kind !== "reply") { return; }
    var text = turn.item.text.replace(/^\u2060/, "");
    turn.draft = reply.value;
    turn.given = reply.value.trim() ? text + "\n" + reply.value : text;
    reply.value = turn.given;
    updateCounter();
    clearError();
    if (notice) { notice.appendChild(el("p", "note", T.given_back)); }
    reply.focus();
  }

  // The answer to a reply given back arrived after all: the notice goes, and so does the copy in the
  // box unless the answer is the actions_down notice (the reply was not scored).
  function answeredLate(turn) {
    if (turn.notice) { turn.notice.remove(); }
    if (isActionsDown(turn.answer)) {
      if (turn.given !== undefined) { turn.shown.appendChild(el("p", "note", T.given_back)); }
    } else if (turn.given !== undefined && reply.value === turn.given) {
      reply.value = turn.draft;
      updateCounter();
    }
  }

  function submit() {
    var text = reply.value.trim();
    if (ended) { return; }
    if (!text) { showError(T.empty); return; }
    if (text.length > config.maxLength) { showError(fill(T.too_long, { max: config.maxLength })); return; }
    if (waiting) { return; } // the resident is still answering
    clearError();
    // Rasa reads a message starting with "/" as an intent command (e.g. /start_scenario{...}); an
    // invisible word joiner in front keeps a trainee's text a reply (Rasa strips only whitespace).
    var wire = text.charAt(0) === "/" ? "\u2060" + text : text;
    var item = { id: newId(), kind: "reply", text: wire, sent: false };
    store.outbox.push(item);
    persist();
    reply.value = "";
    updateCounter();
    renderUser(text, item.id, true);
    pump();
  }

  // --- socket.io ---------------------------------------------------------------------------

  var socket = window.io(config.rasaUrl, {
    transports: ["websocket"],
    reconnectionDelay: 500,
    reconnectionDelayMax: 2000,
    timeout: 5000
  });

  socket.on("connect", function () {
    confirmed = false;
    socket.emit("session_request", { session_id: store.sessionId });
  });

  socket.on("session_confirm", function () {
    confirmed = true;
    hideBanner();
    sync();
  });

  function lost() {
    confirmed = false;
    forget();
    socket.sendBuffer = []; // never replay a half-sent message behind our back: sync decides
    hideTyping();
    showBanner();
  }
  socket.on("disconnect", lost);
  socket.on("connect_error", lost);

  socket.on("bot_uttered", function (message) {
    if (!message || typeof message !== "object") { return; }
    var payload = message.data && typeof message.data === "object" ? message.data : message;
    if (typeof payload.resident_line !== "string" && payload.type !== "notice") { return; } // the text twin
    // Rasa answers a conversation's messages in order: a reply given back unanswered comes first.
    var turn = late || waiting;
    var wasLate = turn !== null && turn === late;
    if (turn && !turn.answer) { turn.answer = payload; }
    if (wasLate) { late = null; }
    var gen = generation;
    var wait = Math.max(0, sentAt + naturalDelay(payload.resident_line || payload.text) - Date.now());
    chain = chain.then(function () { return sleep(wait); }).then(function () {
      if (gen !== generation) { return; }
      var shown = renderBot(payload);
      if (turn && turn.answer === payload) { turn.shown = shown; }
      if (wasLate) { answeredLate(turn); }
    });
  });

  // --- The form ----------------------------------------------------------------------------

  composer.addEventListener("submit", function (event) { event.preventDefault(); submit(); });
  reply.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  reply.addEventListener("input", function () { updateCounter(); if (reply.value.trim()) { clearError(); } });

  if (feedbackToggle) {
    var stored = null;
    try { stored = window.localStorage.getItem(FEEDBACK_KEY); } catch (e) { stored = null; }
    feedbackToggle.checked = stored !== "uit";
    var apply = function () {
      document.body.classList.toggle("feedback-off", !feedbackToggle.checked);
      try { window.localStorage.setItem(FEEDBACK_KEY, feedbackToggle.checked ? "aan" : "uit"); } catch (e) { /* ignore */ }
    };
    feedbackToggle.addEventListener("change", apply);
    apply();
  }

  updateCounter();
  // Show what is already there (also when Rasa is unreachable); sending starts at session_confirm.
  fetchHistory().then(function (history) { if (!confirmed) { renderHistory(history); } }).catch(function () {});
  setTimeout(function () { if (!confirmed) { showBanner(); } }, 4000);
})();
