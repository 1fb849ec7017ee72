"""Sniffing decides the type from content; the extension only hints and may be refused."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from enablement.extraction import ExtractionError, sniff
from enablement.extraction.mime import check_claim
from enablement.extraction.ooxml import DOCX, PPTX

from .conftest import make_docx, make_pdf, make_pptx

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


@pytest.fixture
def samples(tmp_path: Path) -> dict[str, Path]:
    html = tmp_path / "page.html"
    html.write_text("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    text = tmp_path / "notes.txt"
    text.write_text("Plain notes\nsecond line\n")
    png = tmp_path / "logo.png"
    png.write_bytes(PNG)
    return {
        "pdf": make_pdf(tmp_path / "deck.pdf", ["hello"]),
        "docx": make_docx(tmp_path / "guide.docx"),
        "pptx": make_pptx(tmp_path / "pitch.pptx"),
        "html": html,
        "text": text,
        "png": png,
    }


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("pdf", ("application/pdf", "pdf")),
        ("docx", (DOCX, "docx")),
        ("pptx", (PPTX, "pptx")),
        ("html", ("text/html", "html")),
        ("text", ("text/plain", "text")),
        ("png", ("image/png", "image")),
    ],
)
def test_sniff_by_content_even_without_extension(
    samples: dict[str, Path], tmp_path: Path, key: str, expected: tuple[str, str]
) -> None:
    assert sniff(samples[key]) == expected
    for odd_name in ("no_extension", "report.pdf.", "weird.bin", ".hidden"):
        renamed = tmp_path / f"{key}-{odd_name}"
        shutil.copy(samples[key], renamed)
        assert sniff(renamed) == expected, odd_name


def test_markdown_and_csv_by_extension_hint(tmp_path: Path) -> None:
    md = tmp_path / "readme.md"
    md.write_text("# Title\n\nBody\n")
    csv = tmp_path / "prices.csv"
    csv.write_text("plan,price\nbasic,10\n")
    assert sniff(md) == ("text/markdown", "markdown")
    assert sniff(csv) == ("text/csv", "csv")


def test_empty_zip_cfb_and_binary(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    archive = tmp_path / "bundle"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a.txt", "x")
    cfb = tmp_path / "old"
    cfb.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"))
    blob = tmp_path / "blob"
    blob.write_bytes(bytes(range(256)) * 4)
    assert sniff(empty) == ("application/x-empty", "other")
    assert sniff(archive) == ("application/zip", "other")
    assert sniff(cfb) == ("application/msword", "other")
    assert sniff(blob) == ("application/octet-stream", "other")


@pytest.mark.parametrize(
    ("source", "claimed", "code", "reason"),
    [
        ("html", "error.pdf", "invalid", "it is an HTML page"),
        ("png", "scan.pdf", "invalid", "it is a PNG image"),
        ("text", "memo.docx", "invalid", "it is a plain text file"),
        ("docx", "deck.pptx", "invalid", "it is a Word document"),
        ("pptx", "memo.docx", "invalid", "it is a PowerPoint presentation"),
    ],
)
def test_extension_claim_refused_with_what_it_really_is(
    samples: dict[str, Path], tmp_path: Path, source: str, claimed: str, code: str, reason: str
) -> None:
    path = tmp_path / claimed
    shutil.copy(samples[source], path)
    with pytest.raises(ExtractionError) as caught:
        check_claim(path, sniff(path)[0])
    assert (caught.value.code, caught.value.reason) == (code, reason)
    assert caught.value.message(claimed).startswith(f"'{claimed}' is not a valid ")


def test_matching_or_unknown_extension_passes(samples: dict[str, Path], tmp_path: Path) -> None:
    check_claim(samples["pdf"], "application/pdf")
    other = tmp_path / "deck.bin"
    shutil.copy(samples["docx"], other)
    check_claim(other, sniff(other)[0])  # no claim: routed by content


def test_cfb_named_docx_is_password_protected(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(ExtractionError) as caught:
        check_claim(path, sniff(path)[0])
    assert caught.value.code == "password"
    message = caught.value.message("locked.docx")
    assert message == "'locked.docx' is a password-protected Office file"
