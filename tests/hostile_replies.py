"""Hypothesis strategies for replies a trainee (or a broken client) could send.

Empty and whitespace-only text, 10,000 characters, emoji, control and format characters, mixed
scripts, HTML, SQL fragments, and real Dutch replies with any of those mixed in. Lone surrogates
are left out: they cannot be encoded as UTF-8, so no channel can deliver them.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

SCRIPTS = Path(__file__).resolve().parent / "data" / "scripts"
LONG = 10_000

DUTCH = sorted({line.strip() for path in SCRIPTS.glob("*/*.txt")
                for line in path.read_text(encoding="utf-8").splitlines() if line.strip()})
HTML = ["<script>alert('x')</script>", "<b>vet</b>", "<img src=x onerror=alert(1)>", "</li><li>", "&lt;&amp;&gt;",
        "<!-- -->", "<iframe src='javascript:alert(1)'>", "<p style='x'>Wat vindt u?</p>"]
SQL = ["'; DROP TABLE events; --", "\" OR 1=1 --", "1; SELECT * FROM trainees", "' UNION SELECT password FROM x --",
       "%' AND sender_id LIKE '%", "Robert'); DELETE FROM events;--", "\\x00\\' OR ''='"]
RASA_SYNTAX = ['/start_scenario{"scenario_id": "bos-kap"}', "/restart", "/session_start", '{"intent": "x"}',
               "/nlu_fallback", "/start_scenario{", "/"]
WHITESPACE = " \t\n\r\x0b\x0c\u00a0\u2002\u2003\u2009\u200b\u3000\u2028\u2029"
SCRIPT_SAMPLES = ["Здравствуйте, как дела?", "مرحبا كيف حالك", "你好，你为什么生气？", "नमस्ते आप कैसे हैं",
                  "Γειά σου", "שלום, מה שלומך?", "こんにちは", "안녕하세요", "Merhaba, nasılsınız?", "Ça va très bien"]

emoji = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF)
controls = st.characters(categories=("Cc", "Cf"))
any_text_char = st.characters(exclude_categories=("Cs",))


def _long(piece: str) -> str:
    return (piece * (LONG // max(1, len(piece)) + 1))[:LONG]


def _join(parts: list[str]) -> str:
    return " ".join(parts)


short_replies = st.one_of(
    st.just(""),
    st.text(alphabet=WHITESPACE, max_size=40),
    st.text(alphabet=emoji, min_size=1, max_size=30),
    st.text(alphabet=controls, min_size=1, max_size=30),
    st.text(alphabet=any_text_char, max_size=300),
    st.sampled_from(HTML + SQL + RASA_SYNTAX + SCRIPT_SAMPLES),
    st.lists(st.one_of(st.sampled_from(DUTCH), st.sampled_from(HTML + SQL + SCRIPT_SAMPLES),
                       st.text(alphabet=emoji, max_size=4), st.text(alphabet=controls, max_size=4),
                       st.text(alphabet=WHITESPACE, max_size=4)),
             min_size=1, max_size=6).map(_join),
)
long_replies = st.one_of(
    st.builds(_long, st.text(alphabet=any_text_char, min_size=1, max_size=12)),
    st.builds(_long, st.sampled_from(DUTCH)),
)
# One reply in 25 is 10,000 characters long: enough of them to matter, few enough to keep the run short.
replies = st.integers(0, 24).flatmap(lambda n: long_replies if n == 0 else short_replies)
