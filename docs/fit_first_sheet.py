"""For the README's picture only: a copy of a workbook whose first sheet prints landscape, one page wide.

GoalSheet never changes a manager's print setup; this makes the picture show the added columns beside
the table, as the manager sees them on screen. Usage: fit_first_sheet.py IN.xlsx OUT.xlsx
"""
import re
import sys
import zipfile

src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == "xl/worksheets/sheet1.xml":
            xml = data.decode("utf-8")
            xml = re.sub(r"<sheetPr[^>]*/>|<sheetPr[^>]*>.*?</sheetPr>", "", xml, count=1, flags=re.S)
            xml = re.sub(r"(<worksheet[^>]*>)", r'\1<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>', xml, count=1)
            xml = re.sub(r"<pageSetup[^>]*/>", "", xml)
            xml = re.sub(r"(<pageMargins[^>]*/>)", r'\1<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>', xml, count=1)
            data = xml.encode("utf-8")
        zout.writestr(item, data)
