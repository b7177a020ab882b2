"""The document record: a library written by an earlier version reads back typed and is
written again as it was, so no document or detail of it is lost."""

from __future__ import annotations

import json
from pathlib import Path

from index.manifest import MANIFEST, builds_dir, point_current_at, read_manifest, write_manifest

EARLIER = {
    "build_id": "20261201T101010-abcdef12",
    "embedding_model": "sentence-transformers/all-MiniLM-L6-v2",
    "dimension": 384,
    "chunker": {"max_chars": 500, "overlap_sentences": 1},
    "sources": [
        {
            "origin": "https://example.org/bridge",
            "kind": "url",
            "added_at": 1764583810.5,
            "id": "0123456789ab-cdef0123",
            "name": "bridge.html",
            "path": "data/documents/x/bridge.html",
            "sha256": "c" * 64,
            "chars": 5120,
            "metadata": {
                "title": "Bridge closed",
                "author": "Dana Whitfield",
                "captions": ["Photo: the bridge"],
                "spans": {"title": {"start": 10, "end": 23}, "author": None, "date": None},
                "left_out": [{"text": "Subscribe", "start": 0, "end": 9, "reason": "page chrome"}],
            },
            "chunks": 12,
            "written_by_a_later_version": True,
        },
        {
            "origin": "report.pdf",
            "kind": "pdf",
            "added_at": 1764583811.0,
            "pages": [0, 2048],
            "id": "ba9876543210-01234567",
            "name": "report.pdf",
            "path": "data/documents/y/report.txt",
            "sha256": "d" * 64,
            "chars": 4000,
            "metadata": {},
            "chunks": 9,
        },
    ],
    "store": "embedded",
    "chunk_count": 21,
    "sentence_count": 80,
    "created_at": 1764583812.0,
    "version": 8,
    "changes": {"added": ["report.pdf"]},
}


def test_a_manifest_of_an_earlier_version_reads_typed_and_writes_back_unchanged(
    tmp_path: Path,
) -> None:
    folder = builds_dir(tmp_path) / EARLIER["build_id"]
    folder.mkdir(parents=True)
    (folder / MANIFEST).write_text(json.dumps(EARLIER))
    point_current_at(tmp_path, str(EARLIER["build_id"]))

    manifest = read_manifest(tmp_path)
    assert manifest is not None
    page, pdf = manifest.sources
    assert page.kind == "url" and page.metadata.title == "Bridge closed"
    assert page.metadata.spans is not None and page.metadata.spans.title is not None
    assert page.metadata.left_out is not None and page.metadata.left_out[0].reason == "page chrome"
    assert pdf.pages == [0, 2048] and pdf.metadata.spans is None  # a build that kept none
    assert page.details() == {
        "origin": "https://example.org/bridge",
        "kind": "url",
        "added_at": 1764583810.5,
        "written_by_a_later_version": True,
    }

    write_manifest(tmp_path, manifest)
    rewritten = json.loads((folder / MANIFEST).read_text())
    expected = json.loads(json.dumps(EARLIER))
    # spans written as null by the earlier version are left out, as unset
    del expected["sources"][0]["metadata"]["spans"]["author"]
    del expected["sources"][0]["metadata"]["spans"]["date"]
    assert rewritten == expected
