#!/usr/bin/env python3
"""Fails when a Swift file imports a module its target does not declare in Package.swift.

SwiftPM builds such an import when the module happens to be built already (another target depends on
it), so the layering the manifest states would not hold; `--explicit-target-dependency-import-check`
does not catch these on this toolchain. Reads the manifest through `swift package dump-package`.
"""
import json
import os
import re
import subprocess
import sys

# Modules of the platform and toolchain, importable by any target.
SYSTEM = {"Foundation", "FoundationEssentials", "Glibc", "Darwin", "Dispatch", "Synchronization", "Testing", "XCTest", "os", "Musl"}
IMPORT = re.compile(r"^\s*(?:@\w+\s+)*(?:(?:public|internal|package|private|fileprivate)\s+)?import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?(\w+)", re.M)


def main() -> int:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    manifest = json.loads(subprocess.run(["swift", "package", "dump-package"], cwd=root, check=True,
                                         capture_output=True, text=True).stdout)
    problems = []
    for target in manifest["targets"]:
        name = target["name"]
        if target["type"] == "system":
            continue
        declared = {name}
        for dep in target.get("dependencies", []):
            for kind in ("byName", "target", "product"):
                if kind in dep:
                    declared.add(dep[kind][0])
        default = "Tests" if target["type"] == "test" else "Sources"
        path = os.path.join(root, target.get("path") or os.path.join(default, name))
        for folder, _, files in os.walk(path):
            for f in sorted(files):
                if not f.endswith(".swift"):
                    continue
                file = os.path.join(folder, f)
                with open(file, encoding="utf-8") as fh:
                    text = fh.read()
                for m in IMPORT.finditer(text):
                    module = m.group(1)
                    if module not in declared and module not in SYSTEM:
                        line = text.count("\n", 0, m.start()) + 1
                        problems.append(f"{os.path.relpath(file, root)}:{line}: target {name} imports {module}, which it does not declare")
    for p in problems:
        print(p)
    print(f"check-imports: {len(problems)} undeclared import(s) in {len(manifest['targets'])} targets")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
