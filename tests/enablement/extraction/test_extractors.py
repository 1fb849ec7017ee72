"""Each extractor on small real files, run in-process through the registry pipeline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from enablement.extraction import ExtractionError
from enablement.extraction.clean import MAX_TOKEN_CHARS, clean_text
from enablement.extraction.registry import WARN_NO_TEXT, Options, extract_file

from .conftest import make_docx, make_pdf, make_pptx


@pytest.mark.parametrize("backend", ["pdfium", "pypdf"])
def test_pdf_text_per_page_and_title(tmp_path: Path, backend: str) -> None:
    path = make_pdf(tmp_path / "deck.pdf", ["Quarterly pitch", "Pricing sheet"], title="Q3 deck")
    result = extract_file(path, Options(pdf_backend=backend))
    assert (result.kind, result.media_type, result.title) == ("pdf", "application/pdf", "Q3 deck")
    assert result.pages == ("Quarterly pitch", "Pricing sheet")
    assert result.warnings == ()


@pytest.mark.parametrize("backend", ["pdfium", "pypdf"])
def test_pdf_empty_password_warns_and_user_password_refused(tmp_path: Path, backend: str) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf(tmp_path / "plain.pdf", ["secret plan"])
    for name, user in (("open.pdf", ""), ("locked.pdf", "hunter2")):
        writer = PdfWriter(clone_from=PdfReader(plain))
        writer.encrypt(user_password=user, owner_password="owner", algorithm="AES-128")
        writer.write(tmp_path / name)
    opened = extract_file(tmp_path / "open.pdf", Options(pdf_backend=backend))
    assert opened.pages == ("secret plan",)
    assert "encrypted with an empty password" in opened.warnings
    with pytest.raises(ExtractionError) as caught:
        extract_file(tmp_path / "locked.pdf", Options(pdf_backend=backend))
    assert caught.value.code == "password"
    assert caught.value.message("locked.pdf") == "'locked.pdf' is password-protected"


def test_pdf_without_text_warns(tmp_path: Path) -> None:
    result = extract_file(make_pdf(tmp_path / "scan.pdf", [""]))
    assert result.pages == ("",)
    assert WARN_NO_TEXT in result.warnings


def test_docx_paragraphs_tables_headers_footers(tmp_path: Path) -> None:
    result = extract_file(make_docx(tmp_path / "guide.docx"))
    assert result.kind == "docx"
    assert result.title == "Discovery call guide"  # no core title: the first heading
    (page,) = result.pages
    for expected in ("Ask about the budget", "Segment\tHealthcare", "Confidential header",
                     "Footer page marker"):
        assert expected in page


def test_pptx_text_per_slide_with_notes_and_tables(tmp_path: Path) -> None:
    result = extract_file(make_pptx(tmp_path / "pitch.pptx"))
    assert (result.kind, result.title) == ("pptx", "Mid-market pitch")
    assert len(result.pages) == 2
    assert "Why us" in result.pages[0] and "Fast onboarding" in result.pages[0]
    assert "Mention the pilot customer" in result.pages[0]
    assert "Pricing" in result.pages[1] and "Enterprise" in result.pages[1]
    assert "Mention the pilot" not in result.pages[1]


def test_text_encodings_detected(tmp_path: Path) -> None:
    latin = tmp_path / "notes.txt"
    line = "Preisübersicht für Kunden in Österreich und Düsseldorf\n"
    latin.write_bytes(line.encode("cp1252") * 5)
    utf16 = tmp_path / "wide.txt"
    utf16.write_bytes("Résumé café".encode("utf-16"))
    assert "Preisübersicht für Kunden" in extract_file(latin).pages[0]
    assert extract_file(utf16).pages == ("Résumé café",)


def test_markdown_title_and_csv(tmp_path: Path) -> None:
    md = tmp_path / "battlecard.md"
    md.write_text("Intro line\n\n## Competitor X battlecard\n\nWe win on support.\n")
    csv = tmp_path / "prices.csv"
    csv.write_text("plan,price\nbasic,10\n")
    md_result = extract_file(md)
    assert (md_result.kind, md_result.title) == ("markdown", "Competitor X battlecard")
    assert "We win on support." in md_result.pages[0]
    assert extract_file(csv).pages == ("plan,price\nbasic,10",)


def test_html_visible_text_only(tmp_path: Path) -> None:
    page = tmp_path / "case-study"  # no extension: routed by content
    page.write_text(
        "<!doctype html><html><head><title>Case study</title><style>p{color:red}</style>"
        "<script>alert('x')</script></head><body><h1>ACME</h1><p>Saved 30&nbsp;%</p>"
        "<noscript>enable js</noscript></body></html>"
    )
    result = extract_file(page)
    assert (result.kind, result.media_type, result.title) == ("html", "text/html", "Case study")
    assert result.pages == ("ACME\n\nSaved 30 %",)  # whitespace (incl. nbsp) collapsed
    assert "active content (JavaScript) found; it is never run" in result.warnings


def test_other_types_keep_no_text(tmp_path: Path) -> None:
    blob = tmp_path / "archive.bin"
    blob.write_bytes(bytes(range(256)) * 8)
    result = extract_file(blob)
    assert (result.kind, result.pages, result.warnings) == ("other", (), ("no text extracted",))


def test_odd_names_still_extract(tmp_path: Path) -> None:
    source = make_pdf(tmp_path / "a.pdf", ["odd name"])
    for name in ("report.pdf ", "report.pdf.", ".pdf", "no_extension", "UPPER.PDF", "x.pdf.exe"):
        target = tmp_path / name
        shutil.copy(source, target)
        assert extract_file(target).pages == ("odd name",), name


def test_clean_text_strips_controls_and_normalises() -> None:
    raw = "Price\x00list\x07\x1b[31m red\r\nCafe\u0301\x85 de\ufb01ned"
    assert clean_text(raw) == "Pricelist[31m red\nCafé defined"


def test_long_tokens_and_total_size_capped(tmp_path: Path) -> None:
    long_word = tmp_path / "token.txt"
    long_word.write_text("short " + "x" * 5000 + " tail")
    result = extract_file(long_word)
    assert max(len(w) for w in result.pages[0].split()) == MAX_TOKEN_CHARS
    assert any("shortened" in w for w in result.warnings)
    big = tmp_path / "big.txt"
    big.write_text("word " * 1_200_000)  # 6 MB of text
    capped = extract_file(big)
    assert len(capped.pages[0]) == 5_000_000
    assert any("truncated" in w for w in capped.warnings)


def test_error_messages_name_file_and_reason() -> None:
    assert ExtractionError("limit", "extraction took longer than 60 s").message("y.docx") == (
        "'y.docx' is too large or complex to process safely (extraction took longer than 60 s)"
    )
    invalid = ExtractionError("invalid", "it is an HTML page", label="PDF")
    assert invalid.message("x.pdf") == "'x.pdf' is not a valid PDF file (it is an HTML page)"
