"""``convert``: a mixed input set → every good report once, every bad input a typed error.

The inputs are built in tmp_path from the generated fixtures: copies under other names, a
truncated PDF, random bytes, an encrypted PDF (made with reportlab, the fixtures extra), a zip
holding good files, a duplicate and a ``../evil`` entry. Outputs are compared with the
fixtures' ground truth, and byte for byte between runs (killed and resumed, Dask, pool).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import govdisclose
from govdisclose.batch import Limits, outputs, parts
from govdisclose.batch.inputs import discover
from govdisclose.cli import main as cli_main
from govdisclose.comparison.metrics import METRICS

from .conftest import FIXTURES, ROOT

GOOD = ["t2021_basic", "t2019_basic", "t2021_blanks_and_na", "t2021_subtotal_column"]
IN_ZIP = "t2021_all_zero"  # only inside the zip
DATA_FILES = (*outputs.TABLE_FILES,)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def truth(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.truth.json").read_text(encoding="utf-8"))


def encrypted_pdf(path: Path) -> bool:
    """Write a password-protected PDF; False when reportlab (the fixtures extra) is missing."""
    try:
        from reportlab.lib import pdfencrypt
        from reportlab.pdfgen import canvas
    except ImportError:
        return False
    document = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("user", "owner", strength=128),
                             invariant=1)
    document.drawString(100, 700, "locked")
    document.save()
    return True


def build_inputs(root: Path) -> dict:
    """The mixed input folder; returns what the outputs must show."""
    inputs = root / "in"
    (inputs / "county" / "2024").mkdir(parents=True)
    for name in GOOD:
        shutil.copy(FIXTURES / f"{name}.pdf", inputs / "county" / "2024" / f"{name}.pdf")
    shutil.copy(FIXTURES / "t2021_basic.pdf", inputs / "county" / "another-name.pdf")
    (inputs / "corrupt.pdf").write_bytes((FIXTURES / "t2019_basic.pdf").read_bytes()[:4000])
    (inputs / "noise.bin").write_bytes(random.Random(5).randbytes(3000))
    bad = {"corrupt.pdf": "CorruptDocument", "noise.bin": "UnsupportedFormat",
           "bundle.zip!../evil": "UnsafeArchiveEntry"}
    if encrypted_pdf(inputs / "locked.pdf"):
        bad["locked.pdf"] = "EncryptedDocument"
    with zipfile.ZipFile(inputs / "bundle.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(FIXTURES / f"{IN_ZIP}.pdf", "县/零.pdf")
        archive.write(FIXTURES / "t2019_basic.pdf", "copy-2019.pdf")
        archive.writestr("../evil", "must never be written")
    reports = {sha256(FIXTURES / f"{name}.pdf"): name for name in [*GOOD, IN_ZIP]}
    return {"inputs": inputs, "bad": {str(inputs / k): v for k, v in bad.items()}, "reports": reports}


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def without_seconds(path: Path) -> list[dict]:
    return [{k: v for k, v in entry.items() if k != "seconds"} for entry in read_jsonl(path / outputs.MANIFEST)]


def assert_same_outputs(one: Path, other: Path) -> None:
    assert sorted(p.relative_to(one) for p in one.rglob("*")) == sorted(p.relative_to(other) for p in other.rglob("*"))
    for name in DATA_FILES:
        assert (one / name).read_bytes() == (other / name).read_bytes(), name
    for report in (one / outputs.REPORTS).iterdir():
        assert report.read_bytes() == (other / outputs.REPORTS / report.name).read_bytes()
    assert without_seconds(one) == without_seconds(other)


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    root = tmp_path_factory.mktemp("convert")
    case = build_inputs(root)
    before = sorted(root.rglob("*"))
    out = root / "out"
    summary = govdisclose.convert([case["inputs"]], out, jobs=2)
    return case | {"root": root, "out": out, "summary": summary, "before": before}


def test_every_good_report_once_with_all_its_paths(converted):
    rows = read_jsonl(converted["out"] / outputs.REPORTS_JSONL)
    assert {row["report_id"]: converted["reports"][row["report_id"]] for row in rows} == converted["reports"]
    assert len(rows) == len(converted["reports"])
    inputs = converted["inputs"]
    paths = {converted["reports"][row["report_id"]]: row["paths"] for row in rows}
    assert paths["t2021_basic"] == [str(inputs / "county/2024/t2021_basic.pdf"),
                                    str(inputs / "county/another-name.pdf")]
    assert paths["t2019_basic"] == [str(inputs / "bundle.zip!copy-2019.pdf"),
                                    str(inputs / "county/2024/t2019_basic.pdf")]
    assert paths[IN_ZIP] == [str(inputs / "bundle.zip!县/零.pdf")]
    by_name = {converted["reports"][row["report_id"]]: row for row in rows}
    basic = by_name["t2021_basic"]
    assert (basic["agency"], basic["year"], basic["template"], basic["status"]) == (
        "云溪市人民政府", 2024, "2021", "ok")
    assert basic["cells_by_kind"] == {"number": 200, "blank": 0, "not_applicable": 0, "unreadable": 0,
                                     "corrected": 0}
    assert basic["findings_by_severity"] == {"error": 0, "warning": 0, "info": 0}
    assert by_name[IN_ZIP]["file_name"] == "零.pdf"
    reports = list(govdisclose.read_dir(converted["out"]))
    assert [r.report_id for r in reports] == [row["report_id"] for row in rows]


def test_every_bad_input_is_a_typed_error(converted):
    errors = read_jsonl(converted["out"] / outputs.ERRORS)
    assert {e["path"]: e["error"] for e in errors} == converted["bad"]
    assert all(e["message"] and "\n" not in e["message"] for e in errors)
    if str(converted["inputs"] / "locked.pdf") not in converted["bad"]:
        pytest.skip("reportlab missing: no encrypted PDF in the set")


def test_cells_parquet_holds_every_cell_of_the_truth(converted):
    import pyarrow.parquet as pq

    table = pq.read_table(converted["out"] / outputs.CELLS_PARQUET).to_pylist()
    expected = {(report_id, c["table"], c["row"], c["column"]): (c["value"], c["kind"], c["raw"])
                for report_id, name in converted["reports"].items() for c in truth(name)["cells"]}
    assert len(table) == len(expected) == sum(len(list(r.cells())) for r in govdisclose.read_dir(converted["out"]))
    got = {(r["report_id"], r["table"], r["row"], r["column"]): (r["value"], r["kind"], r["raw"]) for r in table}
    assert got == expected
    csv_lines = (converted["out"] / outputs.CELLS_CSV).read_text(encoding="utf-8").splitlines()
    assert len(csv_lines) == len(expected) + 1


def test_no_file_outside_outdir_and_no_work_files_left(converted):
    root, out = converted["root"], converted["out"]
    assert sorted(p for p in root.rglob("*") if out not in (p, *p.parents)) == converted["before"]
    assert not list(root.parent.glob("**/evil"))
    assert sorted(p.name for p in out.iterdir()) == sorted([*DATA_FILES, outputs.MANIFEST, outputs.REPORTS,
                                                            parts.PARTS])
    assert len(list((out / outputs.REPORTS).iterdir())) == len(converted["reports"])
    assert sorted(p.name for p in (out / parts.PARTS).iterdir()) == sorted(
        report_id + suffix for report_id in converted["reports"]
        for suffix in (parts.CSV_SUFFIX, parts.ARROW_SUFFIX, parts.ROW_SUFFIX))


def test_summary_counts(converted):
    summary = converted["summary"]
    assert (summary.attempted, summary.skipped, summary.duplicates) == (5 + len(converted["bad"]) - 1, 0, 2)
    assert summary.parsed == 5  # the failed parses are not counted as parsed
    assert (summary.reports, summary.failed) == (5, len(converted["bad"]))
    assert summary.inputs == 7 + len(converted["bad"])


def test_immediate_rerun_does_no_work(converted, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(converted["out"], out)
    written = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    summary = govdisclose.convert([converted["inputs"]], out, jobs=2)
    assert (summary.attempted, summary.parsed, summary.skipped) == (0, 0, 7 + len(converted["bad"]) - 1)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == written  # not even rewritten
    assert_same_outputs(converted["out"], out)
    retried = govdisclose.convert([converted["inputs"]], out, jobs=2, retry_failed=True)
    assert (retried.attempted, retried.parsed) == (len(converted["bad"]) - 1, 0)  # the unsafe entry never


@pytest.mark.slow
def test_killed_then_rerun_equals_one_run(converted, tmp_path):
    out, killed_after = tmp_path / "out", 3
    script = (
        "import os, signal, govdisclose\n"
        "from govdisclose.batch import run\n"
        "run.CHECKPOINT_SECONDS = 0\n"
        "done = []\n"
        "def hook(path, answer):\n"
        "    done.append(path)\n"
        f"    if len(done) == {killed_after}:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        f"govdisclose.convert([{str(converted['inputs'])!r}], {str(out)!r}, jobs=1, on_result=hook)\n"
    )
    process = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, timeout=120, check=False)
    assert process.returncode == -signal.SIGKILL
    assert len([e for e in read_jsonl(out / outputs.MANIFEST) if e["report_id"]]) >= killed_after
    assert not (out / outputs.REPORTS_JSONL).exists()
    summary = govdisclose.convert([converted["inputs"]], out, jobs=2)
    assert summary.attempted == converted["summary"].attempted - killed_after
    assert_same_outputs(converted["out"], out)


@pytest.mark.slow
def test_dask_cluster_gives_identical_outputs(converted, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        summary = govdisclose.convert([converted["inputs"]], out, scheduler=cluster.scheduler_address)
    assert summary.parsed == converted["summary"].parsed
    assert_same_outputs(converted["out"], out)


@pytest.mark.slow
def test_timeout_and_memory_ceiling_stop_one_file_and_the_batch_goes_on(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(FIXTURES / "t2021_basic.pdf", inputs / "fine.pdf")
    shutil.copy(FIXTURES / "t2019_basic.pdf", inputs / "slow.pdf")
    shutil.copy(FIXTURES / "t2021_all_zero.pdf", inputs / "greedy.pdf")
    summary = govdisclose.convert([inputs], tmp_path / "out", jobs=2, timeout=5, memory_mb=400,
                                  parser="tests.convert_helpers:slow_or_greedy_parse")
    errors = {Path(e["path"]).name: e for e in read_jsonl(tmp_path / "out" / outputs.ERRORS)}
    assert {name: e["error"] for name, e in errors.items()} == {"slow.pdf": "Timeout", "greedy.pdf": "TooLarge"}
    assert errors["slow.pdf"]["message"] == "parsing took longer than 5 s and was stopped"
    assert errors["greedy.pdf"]["message"] == "parsing used more than 400 MB of memory and was stopped"
    assert (summary.reports, summary.failed) == (1, 2)
    assert issubclass(govdisclose.errors.Timeout, govdisclose.UnreadableInput)
    assert issubclass(govdisclose.errors.TooLarge, govdisclose.UnreadableInput)


def test_zip_limits_and_unsafe_entries(tmp_path):
    archive_path = tmp_path / "a.zip"
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"\0" * (2 * 2**20))  # compresses about 1000:1
        archive.writestr("/etc/absolute", "x")
        archive.writestr("dir/../../up", "x")
        link = zipfile.ZipInfo("link")
        link.external_attr = (0o120777 << 16)
        archive.writestr(link, "/etc/passwd")
        archive.writestr("ok.txt", "一、总体情况")
    files, problems = discover([archive_path])
    assert [f.path for f in files] == [f"{archive_path}!ok.txt"]
    assert {path.split("!")[1]: type(error).__name__ for path, error in problems} == {
        "zeros.txt": "TooLarge", "/etc/absolute": "UnsafeArchiveEntry", "dir/../../up": "UnsafeArchiveEntry",
        "link": "UnsafeArchiveEntry"}
    files, problems = discover([archive_path], limits=Limits(max_archive_entries=3))
    assert files == [] and [(p, type(e).__name__) for p, e in problems] == [(str(archive_path), "TooLarge")]
    files, problems = discover([archive_path], limits=Limits(max_archive_bytes=1000))
    assert files == []
    assert str(problems[0][1]) == "the archive holds 2097183 bytes uncompressed, more than the limit of 1000"
    assert [(p, str(e)) for p, e in discover([tmp_path / "missing*.pdf"])[1]] == [
        (str(tmp_path / "missing*.pdf"), "no such file or folder")]


def test_discover_skips_the_output_folder_and_reads_globs(tmp_path):
    (tmp_path / "out" / "reports").mkdir(parents=True)
    (tmp_path / "out" / "reports" / "x.json").write_text("{}")
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "b.txt").write_text("x")
    files, _ = discover([tmp_path], exclude=tmp_path / "out")
    assert [Path(f.path).name for f in files] == ["a.pdf", "b.txt"]
    files, _ = discover([str(tmp_path / "*.pdf")])
    assert [Path(f.path).name for f in files] == ["a.pdf"]


def test_cli_convert_and_frames(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    shutil.copy(FIXTURES / "t2021_basic.pdf", tmp_path / "in" / "r.pdf")
    (tmp_path / "in" / "bad.pdf").write_bytes(b"not a pdf")
    code = cli_main(["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--jobs", "1",
                     "--progress", "log"])
    captured = capsys.readouterr()
    assert code == 0 and "failed inputs" in captured.out and "CorruptDocument" in captured.out
    assert "govdisclose convert: 2/2 files" in captured.err
    long = govdisclose.to_frame(tmp_path / "out")
    assert len(long) == 200 and long["value"].sum() == sum(c["value"] or 0 for c in truth("t2021_basic")["cells"])
    wide = govdisclose.to_frame(govdisclose.read_dir(tmp_path / "out"), shape="wide", raw=True)
    assert wide.shape == (1, 12 + len(METRICS) + 200)   # the panel's 7 report and 5 place columns, rates
    assert wide.loc[0, "requests/new/total"] == next(
        c["value"] for c in truth("t2021_basic")["cells"]
        if (c["table"], c["row"], c["column"]) == ("requests", "new", "total"))


def test_outputs_are_readable_by_others(converted):
    assert all(oct(os.stat(converted["out"] / name).st_mode & 0o777) == "0o644" for name in DATA_FILES)


# --------------------------------------------------------------------------- streamed tables


def test_tables_are_rebuilt_from_the_reports_when_parts_are_missing(converted, tmp_path):
    """A folder written before parts existed (or with them deleted): the rerun parses nothing,
    renders each part from reports/*.json once, and writes the same tables."""
    out = tmp_path / "out"
    shutil.copytree(converted["out"], out)
    shutil.rmtree(out / parts.PARTS)
    (out / outputs.CELLS_PARQUET).unlink()
    summary = govdisclose.convert([converted["inputs"]], out, jobs=1)
    assert (summary.attempted, summary.reports) == (0, 5)
    assert_same_outputs(converted["out"], out)


def test_a_deleted_report_of_an_earlier_run_is_an_error_not_a_crash(tmp_path):
    """reports/<id>.json deleted for a path this run does not name: its rows cannot be written,
    so the path becomes a MissingOutput error; the run ends and the other report stays."""
    out = tmp_path / "out"
    first, second = FIXTURES / "t2021_basic.pdf", FIXTURES / "t2019_basic.pdf"
    govdisclose.convert([first, second], out, jobs=1)
    [gone] = [json.loads(line) for line in (out / outputs.REPORTS_JSONL).open(encoding="utf-8")
              if json.loads(line)["file_name"] == second.name]
    (out / outputs.REPORTS / f"{gone['report_id']}.json").unlink()
    shutil.rmtree(out / parts.PARTS)
    summary = govdisclose.convert([first], out, jobs=1)
    assert (summary.attempted, summary.reports) == (0, 1)
    rows = [json.loads(line) for line in (out / outputs.REPORTS_JSONL).open(encoding="utf-8")]
    assert [row["file_name"] for row in rows] == [first.name]
    errors = [json.loads(line) for line in (out / outputs.ERRORS).open(encoding="utf-8")]
    assert [(e["path"], e["error"], e["message"]) for e in errors] == [
        (str(second), "MissingOutput",
         f"reports/{gone['report_id']}.json was deleted: convert this input again to restore its rows")]


def test_a_run_that_did_not_end_has_its_tables_written_again(converted, tmp_path):
    """.work left behind = killed between renames: the tables are rewritten though nothing changed."""
    out = tmp_path / "out"
    shutil.copytree(converted["out"], out)
    (out / outputs.CELLS_CSV).write_text("half of a run\n", encoding="utf-8")
    (out / outputs.WORK).mkdir()
    (out / outputs.WORK / f"{outputs.CELLS_CSV}.partial").write_text("left by the killed run", encoding="utf-8")
    summary = govdisclose.convert([converted["inputs"]], out, jobs=1)
    assert summary.attempted == 0
    assert not (out / outputs.WORK).exists()
    assert_same_outputs(converted["out"], out)


def test_manifest_journal_keeps_the_last_line_per_path_and_drops_a_torn_one(tmp_path):
    def line(path: str, status: str) -> str:
        return json.dumps({"path": path, "size": 1, "mtime_ns": 2, "report_id": "r", "status": status,
                           "error": None, "message": None, "seconds": 0.0, "version": "v"}) + "\n"

    manifest = tmp_path / outputs.MANIFEST
    manifest.write_text(line("a", "error") + line("b", "ok") + line("a", "ok") + line("c", "ok")[:30],
                        encoding="utf-8")
    assert {p: e.status for p, e in outputs.read_manifest(tmp_path).items()} == {"a": "ok", "b": "ok"}
    manifest.write_text(line("a", "ok") + "not json\n" + line("b", "ok"), encoding="utf-8")
    with pytest.raises(govdisclose.errors.UnreadableInput, match="is not a govdisclose manifest"):
        outputs.read_manifest(tmp_path)


def test_report_order_releases_each_report_once_its_place_is_settled():
    from govdisclose.batch.index import RunIndex
    from govdisclose.batch.outputs import ManifestEntry
    from govdisclose.batch.tables import ReportOrder

    def entry(path: str, report_id: str, status: str = "ok") -> ManifestEntry:
        return ManifestEntry(path, 1, 1, report_id, status, None, None, 0.0, "v")

    index = RunIndex()
    index.load([entry("a.pdf", "R1"), entry("c.pdf", "R2"), entry("e.pdf", "R4"),
                entry("b.pdf", "OLD")])   # b.pdf changed since: its old entry must not count
    requests = [{"key": "R3", "paths": ["b.pdf"]}, {"key": "R1", "paths": ["d.html"]},
                {"key": "R5", "paths": ["a0.pdf"]}]
    order = ReportOrder(index, requests)
    assert list(order.ready()) == []              # a0.pdf awaited, before everything
    index.put(entry("a0.pdf", "R5", "error"))
    assert list(order.ready()) == []              # a.pdf is R1, whose d.html is awaited
    index.put(entry("b.pdf", "R3"))
    assert list(order.ready()) == []
    index.put(entry("d.html", "R1"))
    assert list(order.ready()) == [("R1", ["a.pdf", "d.html"]), ("R3", ["b.pdf"]), ("R2", ["c.pdf"]),
                                   ("R4", ["e.pdf"])]
    assert list(order.ready()) == []


def test_scheduler_is_a_dask_address_only(converted, tmp_path, capsys):
    from govdisclose.batch.run import SCHEDULER_USAGE

    with pytest.raises(ValueError, match="the local pool is the default"):
        govdisclose.convert([converted["inputs"]], tmp_path / "out", scheduler="local")
    assert cli_main(["convert", str(converted["inputs"]), "-o", str(tmp_path / "out"), "--scheduler", "local"]) == 2
    assert capsys.readouterr().err == f"govdisclose convert: {SCHEDULER_USAGE}\n"
    assert not (tmp_path / "out").exists()
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, govdisclose.batch.run, govdisclose.commands.convert, govdisclose.cli\n"
         "print(sorted({m.split('.')[0] for m in sys.modules} & {'dask', 'distributed', 'pyarrow'}))"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    assert loaded.stdout == "[]\n"


def test_report_order_over_the_index_across_pages_with_answers_out_of_order(tmp_path):
    """1,100 paths (pages of 512 in the index), a third known from an earlier run, identical
    contents far apart, answers in random order: after every answer the reports released are
    exactly those whose place is settled, in the order of their first path, with all their paths."""
    from govdisclose.batch.index import PAGE, RunIndex
    from govdisclose.batch.outputs import ManifestEntry
    from govdisclose.batch.tables import ReportOrder

    count = 1100
    assert count > 2 * PAGE
    paths = [f"in/{n:05d}.pdf" for n in range(count)]
    report_of = {path: f"R{n % 1000:04d}" for n, path in enumerate(paths)}  # R0000..R0099 twice, far apart
    index = RunIndex(tmp_path / "index.sqlite")
    old = [p for n, p in enumerate(paths) if n % 3 == 0 and report_of[p] >= "R0300"]  # not awaited
    failing = {paths[n] for n in range(5, count, 97)} - set(old)  # answered with an error
    index.load(ManifestEntry(p, 1, 1, report_of[p], "ok", None, None, 0.0, "v") for p in old)
    requests = [{"key": report_of[p], "paths": [p]} for p in paths if p not in old]
    order = ReportOrder(index, requests)
    random.Random(7).shuffle(requests)

    def expected(awaited: set[str]) -> list[tuple[str, list[str]]]:
        awaited_reports = {report_of[p] for p in awaited}
        ok_paths: dict[str, list[str]] = {}
        for path in paths:  # sorted already
            if path not in awaited and path not in failing:
                ok_paths.setdefault(report_of[path], []).append(path)
        released = []
        for path in paths:
            if path in awaited:
                break
            report_id = report_of[path]
            if ok_paths.get(report_id, [None])[0] != path:
                continue  # failed, or not the report's first path
            if report_id in awaited_reports:
                break
            released.append((report_id, ok_paths[report_id]))
        return released

    awaited = {p for request in requests for p in request["paths"]}
    got = list(order.ready())
    assert got == expected(awaited) == []  # in/00000.pdf, the first path, is awaited
    for request in requests:
        [path] = request["paths"]
        status = "error" if path in failing else "ok"
        index.put(ManifestEntry(path, 1, 1, request["key"], status, None, None, 0.0, "v"))
        awaited.discard(path)
        got += order.ready()
        assert got == expected(awaited)
    assert len(got) == 1000 - len({report_of[p] for p in failing} - {report_of[p] for p in paths if p not in failing})
    assert got[0] == ("R0000", ["in/00000.pdf", "in/01000.pdf"])
    index.close()


def lazy_requests(count: int, drawn: list[int]):
    """``count`` requests for ``tests.convert_helpers:refuse``, made one at a time as they are
    drawn; ``drawn`` gets the id of the thread that drew each."""
    import threading

    for number in range(count):
        drawn.append(threading.get_ident())
        yield {"key": f"k{number}", "location": f"in/{number}.pdf", "paths": [f"in/{number}.pdf"]}


def test_the_pool_draws_requests_lazily_from_the_iterating_thread():
    """A lazy source (the run's SQLite index) is only read by the thread iterating the pool, and
    at most ``WINDOW_PER_JOB`` requests per helper are drawn ahead of the answers."""
    import threading

    from govdisclose.batch.pool import WINDOW_PER_JOB, run_local
    from govdisclose.batch.worker import WorkerOptions

    drawn: list[int] = []
    answers = []
    options = WorkerOptions(parser="tests.convert_helpers:refuse")
    for request, answer in run_local(lazy_requests(12, drawn), 2, options, total=12):
        answers.append((request["key"], answer["error"], answer["message"]))
        assert len(drawn) == min(12, 2 * WINDOW_PER_JOB + len(answers))
    assert set(drawn) == {threading.get_ident()}
    assert sorted(answers) == sorted((f"k{n}", "NotAnnualReport", f"refused {n}.pdf") for n in range(12))


def test_a_rerun_reads_the_manifest_from_disk_last_line_winning_and_ignores_a_stale_index(converted, tmp_path):
    """The manifest as a killed run leaves it (its lines out of order, a path's earlier answer
    followed by its later one) and the index file of that run: the rerun skips every input from
    the last line of each path, rewrites nothing, and leaves no index behind."""
    out = tmp_path / "out"
    shutil.copytree(converted["out"], out)
    lines = (out / outputs.MANIFEST).read_text(encoding="utf-8").splitlines(keepends=True)
    ok = next(line for line in lines if json.loads(line)["status"] == "ok")
    stale = json.dumps(json.loads(ok) | {"status": "error", "report_id": None, "error": "Timeout",
                                         "message": "parsing took longer than 1 s and was stopped"},
                       ensure_ascii=False) + "\n"
    (out / outputs.MANIFEST).write_text("".join([stale, *reversed(lines)]), encoding="utf-8")
    (out / outputs.INDEX).write_bytes(b"left by a run that was killed")
    written = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.name != outputs.INDEX}
    summary = govdisclose.convert([converted["inputs"]], out, jobs=1)
    assert (summary.attempted, summary.skipped, summary.reports) == (0, 7 + len(converted["bad"]) - 1, 5)
    assert (summary.failed, summary.missing) == (len(converted["bad"]), [])
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == written
    # the stale first line lost to the later one: a manifest written from the index is the sorted one
    from govdisclose.batch.index import RunIndex

    index = RunIndex(tmp_path / "check.sqlite")
    index.load(outputs.iter_manifest(out))
    outputs.write_manifest(tmp_path, index.entries())
    assert (tmp_path / outputs.MANIFEST).read_bytes() == (converted["out"] / outputs.MANIFEST).read_bytes()
    index.close()


def test_a_changed_input_leaves_only_its_new_report_and_part(tmp_path):
    """The report and part of content no path has any more are deleted at the end of the run
    (the index answers which report ids are kept); the others stay."""
    dumps = sorted((FIXTURES / "dumps").glob("*.txt"))[:3]
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    for name, dump in zip(("a.txt", "b.txt"), dumps, strict=False):
        shutil.copy(dump, inputs / name)
    govdisclose.convert([inputs], out, jobs=1)
    shutil.copy(dumps[2], inputs / "a.txt")
    summary = govdisclose.convert([inputs], out, jobs=1)
    assert (summary.attempted, summary.skipped, summary.reports) == (1, 1, 2)
    kept = sorted(sha256(dump) for dump in (dumps[1], dumps[2]))
    assert sorted(p.name for p in (out / outputs.REPORTS).iterdir()) == [f"{k}.json" for k in kept]
    assert sorted(p.name for p in (out / parts.PARTS).iterdir()) == sorted(
        f"{k}{suffix}" for k in kept for suffix in (parts.CSV_SUFFIX, parts.ARROW_SUFFIX, parts.ROW_SUFFIX))
    assert [(row["report_id"], row["paths"]) for row in read_jsonl(out / outputs.REPORTS_JSONL)] == [
        (sha256(dumps[2]), [str(inputs / "a.txt")]), (sha256(dumps[1]), [str(inputs / "b.txt")])]


def test_a_request_the_parent_cannot_send_is_an_internal_error_and_the_pool_goes_on(monkeypatch):
    """An exception in the parent's side of a helper (here: sending the request) used to kill
    the thread feeding that helper, and the batch then waited for its answer for ever."""
    from govdisclose.batch import pool
    from govdisclose.batch.worker import WorkerOptions, WorkerProcess

    real_run = WorkerProcess.run

    def run(self, request):
        if request["key"] == "k1":
            raise UnicodeEncodeError("utf-8", "\udcb1", 0, 1, "surrogates not allowed")
        return real_run(self, request)

    monkeypatch.setattr(WorkerProcess, "run", run)
    requests = [{"key": f"k{n}", "location": f"in/{n}.pdf", "paths": [f"in/{n}.pdf"]} for n in range(4)]
    answers: dict[str, dict] = {}

    def consume() -> None:
        for request, answer in pool.run_local(requests, 1, WorkerOptions(parser="tests.convert_helpers:refuse")):
            answers[request["key"]] = answer

    import threading

    consumer = threading.Thread(target=consume, daemon=True)
    consumer.start()
    consumer.join(timeout=60)
    assert not consumer.is_alive(), f"the pool stopped answering after {sorted(answers)}"
    assert {key: (a["error"], a["message"]) for key, a in answers.items()} == {
        "k0": ("NotAnnualReport", "refused 0.pdf"),
        "k1": ("InternalError", "the request could not be run (UnicodeEncodeError: 'utf-8' codec can't "
                                "encode character '\\udcb1' in position 0: surrogates not allowed): a bug in "
                                "govdisclose"),
        "k2": ("NotAnnualReport", "refused 2.pdf"),
        "k3": ("NotAnnualReport", "refused 3.pdf"),
    }
    assert "UnicodeEncodeError" in answers["k1"]["traceback"]


def test_a_file_named_in_gbk_is_an_error_under_its_readable_name_and_the_batch_goes_on(tmp_path):
    """A name that is not UTF-8 (Chinese Windows' GBK on a UTF-8 system) cannot be written to any
    output: it is an UnreadableInput under the name read as GB18030; the other file converts."""
    from govdisclose.batch.inputs import NOT_UTF8_NAME

    folder = tmp_path / "in"
    folder.mkdir()
    good = (FIXTURES / "t2021_basic.pdf").read_bytes()
    with open(os.path.join(os.fsencode(folder), "淮安报告".encode("gbk") + b".pdf"), "wb") as stream:
        stream.write(good)
    (folder / "ok.pdf").write_bytes(good + b"\n% another copy\n")
    out = tmp_path / "out"
    for run in range(2):  # the rerun finds the same problem and changes nothing
        summary = govdisclose.convert([folder], out, jobs=1)
        assert (summary.inputs, summary.reports, summary.failed) == (2, 1, 1)
        assert summary.parsed == (1 if run == 0 else 0)
        assert read_jsonl(out / "errors.jsonl") == [
            {"path": str(folder / "淮安报告.pdf"), "error": "UnreadableInput", "message": NOT_UTF8_NAME,
             "traceback": None}]
    assert [row["paths"] for row in read_jsonl(out / "reports.jsonl")] == [[str(folder / "ok.pdf")]]


def test_the_dask_path_draws_requests_lazily_and_answers_every_one():
    """On a cluster too, requests come from the iterating thread, ``WINDOW_PER_JOB`` per worker
    thread ahead of the answers, and each gets its answer."""
    import threading

    distributed = pytest.importorskip("dask.distributed")
    from govdisclose.batch.pool import WINDOW_PER_JOB, run_dask
    from govdisclose.batch.worker import WorkerOptions

    drawn: list[int] = []
    answers = []
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        options = WorkerOptions(parser="tests.convert_helpers:refuse")
        for request, answer in run_dask(lazy_requests(7, drawn), cluster.scheduler_address, 1, options):
            answers.append((request["key"], answer["error"], answer["message"]))
            assert len(drawn) == min(7, WINDOW_PER_JOB + len(answers))
    assert set(drawn) == {threading.get_ident()}
    assert sorted(answers) == [(f"k{n}", "NotAnnualReport", f"refused {n}.pdf") for n in range(7)]


def test_a_rerun_on_an_output_folder_it_cannot_write_keeps_its_index_elsewhere(converted, tmp_path, monkeypatch):
    """The run's index goes to a temporary folder when OUTDIR is not writable (told by
    ``os.access``; root may write anywhere, so the test says so), and is gone afterwards: a rerun
    with nothing to do writes nothing in OUTDIR."""
    from govdisclose.batch import run

    out = tmp_path / "out"
    shutil.copytree(converted["out"], out)
    written = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    real_access = os.access
    monkeypatch.setattr(run.os, "access", lambda path, mode: False if Path(path) == out else real_access(path, mode))
    places = []

    class Recorded(run.RunIndex):
        def __init__(self, location):
            places.append(Path(location))
            super().__init__(location)

    monkeypatch.setattr(run, "RunIndex", Recorded)
    summary = govdisclose.convert([converted["inputs"]], out, jobs=1)
    assert (summary.attempted, summary.parsed, summary.skipped) == (0, 0, 7 + len(converted["bad"]) - 1)
    assert len(places) == 1 and out not in places[0].parents and places[0].name == outputs.INDEX
    assert not places[0].parent.exists()
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == written


def test_the_benchmarks_replay_of_the_bookkeeping_releases_every_report():
    """``benchmarks/bench_convert.py`` replays convert's index and report order to measure their
    memory; it asserts that every report is released, so it breaks here when their API changes."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_convert", ROOT / "benchmarks" / "bench_convert.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    # 600 inputs: past the order's 512-row pages. The replay asserts that all 600 reports are released;
    # what it returns, the RSS growth per input, may be 0 or less in a process that freed memory before.
    assert isinstance(bench.bookkeeping_kb_per_input(600), float)
