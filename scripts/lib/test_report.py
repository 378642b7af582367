"""What one test run did, from the Surefire and Failsafe XML reports under ROOT: a line per test class, every skipped
test with its reason, and a closing line of totals.

  python3 scripts/lib/test_report.py ROOT LABEL

LABEL (one word, e.g. the backend) starts the closing line: "LABEL: N passed, N failed, N skipped".
"""
import pathlib
import sys
import xml.etree.ElementTree as ElementTree


def main(root: pathlib.Path, label: str) -> None:
    reports = sorted(path for kind in ("surefire-reports", "failsafe-reports")
                     for path in root.glob(f"**/target/{kind}/TEST-*.xml") if ".local-aws" not in path.parts)
    passed = failed = skipped = 0
    skips = []
    print(f"Test reports ({label}):")
    for path in reports:
        suite = ElementTree.parse(path).getroot()
        module = str(path.parent.parent.parent.relative_to(root))
        kind = "unit" if path.parent.name == "surefire-reports" else "integration"
        name = suite.get("name", path.stem).rsplit(".", 1)[-1]
        counts = {key: int(suite.get(key, "0")) for key in ("tests", "failures", "errors", "skipped")}
        bad = counts["failures"] + counts["errors"]
        passed += counts["tests"] - bad - counts["skipped"]
        failed += bad
        skipped += counts["skipped"]
        print(f"  {module:<18} {kind:<11} {name:<32} {counts['tests']:>4} run, {bad} failed, "
              f"{counts['skipped']} skipped")
        for case in suite.iter("testcase"):
            skip = case.find("skipped")
            if skip is not None:
                reason = skip.get("message") or "(no reason given)"
                test = case.get("classname", "").rsplit(".", 1)[-1] + "." + case.get("name", "").split("(")[0]
                skips.append(f"  {module} {test}: {reason}")
    if skips:
        print(f"Skipped, with the reason ({len(skips)}):")
        print("\n".join(skips))
    print(f"{label}: {passed} passed, {failed} failed, {skipped} skipped")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(pathlib.Path(sys.argv[1]).resolve(), sys.argv[2])
