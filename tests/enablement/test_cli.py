"""The command-line contract: JSON shapes and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from enablement.cli import main

from .factories import write_docx, write_pdf


def cli(capsys: pytest.CaptureFixture[str], home: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(home), "--as", "olivia", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def home(library_home: Path) -> Path:
    return library_home


def test_import_tag_publish_search_show(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = write_pdf(tmp_path / "roi.pdf", ["ROI worksheet intro", "Payback period for healthcare"])
    doc = write_docx(tmp_path / "battle.docx", "Battlecard Contoso", ["Contoso pricing traps"])
    code, out, _ = cli(
        capsys,
        home,
        "import",
        str(pdf),
        str(doc),
        "--tag",
        "situation=discovery",
        "--tag",
        "Segment=ENTERPRISE",
        "--publish",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["summary"] == {"imported": 2, "duplicate": 0, "failed": 0}
    assert all(
        set(r) >= {"path", "status", "asset_id", "warnings", "reason"} for r in data["results"]
    )
    roi_id = data["results"][0]["asset_id"]

    code, out, _ = cli(capsys, home, "assets", "--json")
    listed = json.loads(out)["assets"]
    assert {a["title"] for a in listed} == {"roi", "Battlecard Contoso"}
    assert listed[0]["tags"] == {"situation": ["Discovery"], "segment": ["Enterprise"]}
    assert listed[0]["status"] == "published"

    code, out, _ = cli(
        capsys, home, "search", "payback healthcare", "--segment", "Enterprise", "--json"
    )
    found = json.loads(out)
    assert code == 0
    assert set(found) >= {"query", "total", "hits", "facets", "suggestion"}
    assert found["hits"][0]["asset_id"] == roi_id
    assert found["hits"][0]["pages"] == [2]
    assert found["facets"]["situation"] == {"Discovery": 1}

    code, out, _ = cli(
        capsys,
        home,
        "set",
        str(roi_id),
        "--title",
        "ROI worksheet",
        "--review-by",
        "2030-01-31",
        "--json",
    )
    assert json.loads(out)["review_by"] == "2030-01-31"
    code, out, _ = cli(capsys, home, "show", str(roi_id), "--json")
    shown = json.loads(out)
    assert shown["title"] == "ROI worksheet" and shown["versions"][0]["pages"] == 2


def test_batch_search_writes_one_object_per_line(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = write_docx(tmp_path / "a.docx", "Onboarding plan", ["first 90 days"])
    cli(capsys, home, "import", str(doc))
    queries = tmp_path / "q.txt"
    queries.write_text("onboarding\n\nnothing-matches-this\n")
    code, out, _ = cli(capsys, home, "search", "--batch", str(queries), "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [line["query"] for line in lines] == ["onboarding", "nothing-matches-this"]
    assert lines[0]["total"] == 1 and lines[1]["total"] == 0


def test_exit_codes(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"<html>404 not found</html>")
    code, out, _ = cli(capsys, home, "import", str(bad))
    assert code == 1 and "bad.pdf" in out
    code, _, err = cli(capsys, home, "tag", "1", "--add", "nonsense")
    assert code == 2 and "CATEGORY=TAG" in err
    code, _, err = cli(capsys, home, "show", "999")
    assert code == 2 and "no asset 999" in err
    with pytest.raises(SystemExit) as usage:
        main(["--library", str(home), "frobnicate"])
    assert usage.value.code == 2
    code, _, err = cli(capsys, home, "--as", "sam", "users", "add", "eve", "--role", "admin")
    assert code == 1 and "not allowed" in err


def test_users_and_unknown_user(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, home, "users", "add", "lena", "--role", "seller", "--json")
    assert code == 0 and json.loads(out) == {"name": "lena", "role": "seller"}
    code, out, _ = cli(capsys, home, "users", "list", "--json")
    assert {"name": "lena", "role": "seller", "segments": []} in json.loads(out)["users"]
    code = main(["--library", str(home), "--as", "nobody", "assets"])
    err = capsys.readouterr().err
    assert code == 2 and "no user 'nobody'" in err
