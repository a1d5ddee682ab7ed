"""Every reader is bounded before it parses, and the CLI never ends in a traceback:
endless or huge input, deep or duplicated YAML, a closed pipe, a full disk."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from planner.catalogue import CatalogueError, load_programme_file
from planner.limits import TooLarge, quote, read_at_most, shorten
from planner.scenario import MAX_JSON_BYTES
from tests.unit.support import (
    CATALOGUE_DIR,
    REPO_ROOT,
    assert_refused_in_one_line,
    planner_cli,
)

TOO_LARGE = f"larger than {MAX_JSON_BYTES // 1024} KB"


def test_evaluate_refuses_dev_zero_after_the_cap():
    assert_refused_in_one_line(planner_cli("evaluate", "/dev/zero"), TOO_LARGE)


def test_evaluate_refuses_endless_stdin_after_the_cap():
    with open("/dev/zero", "rb") as zeros:
        done = planner_cli("evaluate", "-", stdin=zeros)
    assert_refused_in_one_line(done, TOO_LARGE)


def test_evaluate_refuses_a_sparse_1_gb_file_without_reading_it(tmp_path):
    huge = tmp_path / "huge.json"
    with huge.open("wb") as file:
        file.truncate(1024**3)
    assert_refused_in_one_line(planner_cli("evaluate", str(huge)), TOO_LARGE)


def test_evaluate_refuses_a_folder_in_one_line(tmp_path):
    assert_refused_in_one_line(planner_cli("evaluate", str(tmp_path)), "is a folder")


def test_read_at_most_reads_the_cap_plus_one_byte_only():
    class Endless:
        def __init__(self) -> None:
            self.asked: list[int] = []

        def read(self, size: int) -> bytes:
            self.asked.append(size)
            return b"x" * size

    source = Endless()
    with pytest.raises(TooLarge):
        read_at_most(source, 10)  # type: ignore[arg-type]
    assert source.asked == [11]


def test_a_file_of_exactly_the_cap_is_read():
    class Exact:
        def read(self, size: int) -> bytes:
            return b"x" * min(size, 10)

    assert read_at_most(Exact(), 10) == b"x" * 10  # type: ignore[arg-type]


def test_check_catalogue_refuses_25000_nested_brackets_without_crashing(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("[" * 25_000 + "]" * 25_000)
    assert_refused_in_one_line(planner_cli("check-catalogue", str(deep)), "nested more than")


def test_check_catalogue_refuses_a_huge_programme_file(tmp_path):
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as file:
        file.truncate(1024**3)
    assert_refused_in_one_line(planner_cli("check-catalogue", str(huge)), "larger than 256 KB")


def test_a_key_given_twice_is_refused_with_its_line(tmp_path):
    text = (CATALOGUE_DIR / "m2-stat-learning-2024.yaml").read_text(encoding="utf-8")
    path = tmp_path / "twice.yaml"
    path.write_text("id: another-id\n" + text, encoding="utf-8")

    with pytest.raises(CatalogueError, match=r"key “id” is given twice \(line \d+\)"):
        load_programme_file(path)


def test_duplicate_keys_inside_a_nested_mapping_are_refused(tmp_path):
    path = tmp_path / "nested.yaml"
    path.write_text("id: x\nsource:\n  title: a\n  title: b\n", encoding="utf-8")

    with pytest.raises(CatalogueError, match="“title” is given twice"):
        load_programme_file(path)


def test_the_shipped_programmes_still_load():
    for path in sorted(CATALOGUE_DIR.glob("*.yaml")):
        assert load_programme_file(path).id


def test_a_closed_pipe_ends_the_cli_quietly():
    # `python -m planner catalogue | head -1`: the reader leaves after one line.
    process = subprocess.Popen(
        [sys.executable, "-m", "planner", "catalogue", "--json"],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0
    assert "Traceback" not in err
    assert err == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_one_line_on_stderr():
    with open("/dev/full", "wb") as full:
        done = planner_cli("catalogue", "--json", stdout=full)
    err = done.stderr.decode()
    assert done.returncode == 3
    assert err.splitlines() == ["error: cannot write the output (No space left on device)"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("short", "short"),
        (
            "one two three four five six seven eight nine",
            "one two three four five six seven eight…",
        ),
        ("x" * 60, "x" * 40 + "…"),
        ("line\nbreaks\tand   spaces", "line breaks and spaces"),
    ],
)
def test_shorten_cuts_at_a_word_boundary(text, expected):
    assert shorten(text) == expected
    assert len(shorten(text)) <= 41


def test_quote_puts_outside_text_between_quotes():
    assert quote("a b") == "“a b”"
