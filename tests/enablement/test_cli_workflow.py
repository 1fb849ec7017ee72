"""CLI equivalents of the marketer's screens: requests, taxonomy, bulk tagging."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from enablement.cli import main

from .factories import write_docx


def run(
    capsys: pytest.CaptureFixture[str], home: Path, user: str, *args: str
) -> tuple[int, str, str]:
    code = main(["--library", str(home), "--as", user, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_request_lifecycle(
    library_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = library_home
    code, out, _ = run(
        capsys,
        home,
        "sam",
        "request",
        "new",
        "--title",
        "ROI calculator for SMB",
        "--details",
        "for CFO calls",
        "--situation",
        "proposal & pricing",
        "--segment",
        "smb",
        "--needed-by",
        "2099-01-31",
        "--json",
    )
    assert code == 0
    first = json.loads(out)
    assert first["status"] == "open" and first["segment"] == "SMB"
    assert first["situation"] == "Proposal & pricing" and first["needed_by"] == "2099-01-31"

    code, out, _ = run(
        capsys, home, "olivia", "request", "new", "--title", "SMB ROI worksheet", "--json"
    )
    duplicate = json.loads(out)
    code, out, _ = run(capsys, home, "sam", "request", "vote", str(duplicate["id"]), "--json")
    assert json.loads(out)["votes"] == 1

    code, _, err = run(capsys, home, "sam", "request", "assign", str(first["id"]))
    assert code == 1 and "not allowed" in err
    code, out, _ = run(capsys, home, "maria", "request", "assign", str(first["id"]), "--json")
    assert json.loads(out)["status"] == "in-progress" and json.loads(out)["assignee"] == "maria"

    code, out, _ = run(
        capsys,
        home,
        "maria",
        "request",
        "merge",
        str(duplicate["id"]),
        "--into",
        str(first["id"]),
        "--json",
    )
    merged = json.loads(out)
    assert merged["id"] == first["id"] and merged["votes"] == 1  # olivia's request became her +1

    doc = write_docx(tmp_path / "roi.docx", "SMB ROI calculator", ["payback in months"])
    code, out, _ = run(capsys, home, "maria", "import", str(doc), "--json")
    asset_id = json.loads(out)["results"][0]["asset_id"]
    code, _, err = run(
        capsys, home, "maria", "request", "decline", str(first["id"]), "--reason", " "
    )
    assert code == 2 and "say why" in err
    code, out, _ = run(
        capsys,
        home,
        "maria",
        "request",
        "fulfil",
        str(first["id"]),
        "--asset",
        str(asset_id),
        "--note",
        "v1",
        "--json",
    )
    assert json.loads(out)["status"] == "fulfilled"

    code, out, _ = run(capsys, home, "sam", "request", "list", "--mine", "--json")
    mine = json.loads(out)["requests"]
    assert [(r["id"], r["status"], r["asset_id"]) for r in mine] == [
        (first["id"], "fulfilled", asset_id)
    ]
    code, out, _ = run(capsys, home, "maria", "request", "list", "--status", "merged", "--json")
    assert [r["id"] for r in json.loads(out)["requests"]] == [duplicate["id"]]


def test_taxonomy_commands(
    library_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = library_home
    assert run(capsys, home, "maria", "taxonomy", "add", "product", "Flow Pro")[0] == 0
    assert run(capsys, home, "maria", "taxonomy", "add", "product", "FlowPro")[0] == 0
    doc = write_docx(tmp_path / "a.docx", "Flow Pro one-pager", ["features"])
    run(capsys, home, "maria", "import", str(doc), "--tag", "product=FlowPro")
    code, _, _ = run(capsys, home, "maria", "taxonomy", "merge", "product", "FlowPro", "Flow Pro")
    assert code == 0
    code, _, _ = run(
        capsys, home, "maria", "taxonomy", "rename", "product", "Flow Pro", "Northwind Flow Pro"
    )
    assert code == 0
    code, out, _ = run(capsys, home, "maria", "taxonomy", "list", "--json")
    products = next(c for c in json.loads(out)["categories"] if c["slug"] == "product")["tags"]
    assert [(t["label"], t["assets"]) for t in products] == [("Northwind Flow Pro", 1)]
    assert run(capsys, home, "maria", "taxonomy", "retire", "product", "northwind-flow-pro")[0] == 0
    code, _, err = run(capsys, home, "maria", "tag", "1", "--add", "product=Northwind Flow Pro")
    assert code == 2 and "retired" in err
    code, _, err = run(capsys, home, "sam", "taxonomy", "add", "product", "Sneaky")
    assert code == 1 and "not allowed" in err


def test_bulk_tag_by_query(
    library_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = library_home
    files = [
        write_docx(tmp_path / "a.docx", "Healthcare case study", ["hospital savings"]),
        write_docx(tmp_path / "b.docx", "Clinic onboarding", ["hospital rollout plan"]),
        write_docx(tmp_path / "c.docx", "Retail pricing", ["store discounts"]),
    ]
    run(capsys, home, "maria", "import", *map(str, files))
    code, out, _ = run(
        capsys,
        home,
        "maria",
        "tag",
        "--query",
        "hospital",
        "--add",
        "industry=Healthcare",
        "--json",
    )
    assert code == 0 and sorted(json.loads(out)["assets"]) == [1, 2]
    code, out, _ = run(capsys, home, "maria", "assets", "--json")
    tags = {a["title"]: a["tags"] for a in json.loads(out)["assets"]}
    assert tags["Healthcare case study"] == {"industry": ["Healthcare"]}
    assert tags["Retail pricing"] == {}
