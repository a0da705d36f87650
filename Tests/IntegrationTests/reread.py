"""Re-reads annotated corpus workbooks with python-calamine and openpyxl.

Input: a JSON manifest of {"original", "annotated", "sheet", "added": {"A1": value}} entries.
For each reader that can read the original sheet, the annotated sheet must read as the original cells
plus exactly the added ones. Prints one JSON object: counts per reader and the first mismatches.
"""
import json
import sys
import warnings

warnings.filterwarnings("ignore")


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def calamine_cells(path, sheet):
    from python_calamine import CalamineWorkbook
    rows = CalamineWorkbook.from_path(path).get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    out = {}
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v != "" and v is not None:
                out[f"{col_name(c)}{r + 1}"] = v
    return out


def openpyxl_cells(path, sheet):
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = wb[sheet]
    # Read every cell, not only those inside the declared <dimension> (often wrong), and pad nothing.
    ws.reset_dimensions()
    out = {}
    for row in ws.iter_rows():
        for cell in row:
            v = getattr(cell, "value", None)
            if v is not None and v != "" and hasattr(cell, "coordinate"):
                out[cell.coordinate] = v
    wb.close()
    return out


def same(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return a == b


def main():
    manifest = json.load(open(sys.argv[1]))
    result = {}
    for name, read in (("calamine", calamine_cells), ("openpyxl", openpyxl_cells)):
        ok = skipped = 0
        bad = []
        for m in manifest:
            try:
                before = read(m["original"], m["sheet"])
            except Exception:
                skipped += 1
                continue
            try:
                after = read(m["annotated"], m["sheet"])
            except Exception as e:
                bad.append(f"{m['original']}: annotated unreadable: {e!r}"[:300])
                continue
            expected = dict(before)
            expected.update(m["added"])
            diffs = [k for k in set(expected) | set(after) if not same(expected.get(k), after.get(k))]
            if diffs:
                k = sorted(diffs)[0]
                bad.append(f"{m['original']}: {len(diffs)} cells differ, e.g. {k}: expected {expected.get(k)!r}, read {after.get(k)!r}"[:300])
            else:
                ok += 1
        result[name] = {"ok": ok, "skipped": skipped, "failed": len(bad), "examples": bad[:10]}
    print(json.dumps(result))


main()
