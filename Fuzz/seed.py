#!/usr/bin/env python3
"""Seeds for `make fuzz`: small real workbooks from ../shared/corpus and samples/, their worksheet,
shared-string and style parts, the corpus CSVs, and the cell texts of the samples. Writes
OUT/<target>/ (default .build/fuzz-corpus)."""
import hashlib, os, pathlib, sys, zipfile

root = pathlib.Path(__file__).resolve().parent.parent
out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else root / ".build/fuzz-corpus")
limit = 64 << 10

def put(target, data):
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)

workbooks = sorted(p for base in [root / "samples", root.parent / "shared/corpus/xlsx"] if base.exists()
                   for p in base.rglob("*") if p.suffix.lower() in (".xlsx", ".xlsm") and p.stat().st_size <= 4 * limit)
for p in workbooks:
    data = p.read_bytes()
    put("zip", data)
    try:
        z = zipfile.ZipFile(p)
        for info in z.infolist():
            name = info.filename.lower()
            if info.file_size > limit:
                continue
            if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
                put("worksheet", z.read(info))
            elif name.endswith("sharedstrings.xml"):
                put("sharedstrings", z.read(info))
            elif name.endswith("styles.xml"):
                put("styles", z.read(info))
    except Exception:
        pass  # the corpus holds broken archives on purpose: they are zip seeds only

texts = set()
for base in [root / "samples", root.parent / "shared/corpus/csv"]:
    for p in base.rglob("*.csv") if base.exists() else []:
        data = p.read_bytes()
        if len(data) <= limit:
            put("csv", data)
        for line in data.decode("utf-8", "ignore").splitlines():
            texts.update(f.strip() for f in line.split(",") if f.strip())
texts.update(["新規契約100社", "解約率を月8%から月3%へ", "前年比+20%", "1,000万円以上", "80〜90%", "2026年3月末まで",
              "FY2025 Q3", "上期", "売上 = 商談数 × 受注率 × 単価", "-30% relative", "≥ 95%", "5件/月"])
for t in texts:
    put("values", t.encode())
for target in sorted(os.listdir(out)):
    print(f"{target}: {len(os.listdir(out / target))} seeds")
