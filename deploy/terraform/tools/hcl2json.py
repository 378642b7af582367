"""Parses every *.tf and *.tfvars file under a directory with python-hcl2 and prints them as one JSON document.

python-hcl2 keeps the source form of values: a string literal comes back with its quotes ("\"text\""), any other
expression as "${expression}", a block as a list of objects marked "__is_block__", block labels quoted.
"""
import json
import pathlib
import sys

import hcl2


def main() -> int:
    base = pathlib.Path(sys.argv[1]).resolve()
    files = {}
    for path in sorted(base.rglob("*")):
        if path.suffix not in (".tf", ".tfvars") or ".terraform" in path.parts or not path.is_file():
            continue
        relative = path.relative_to(base).as_posix()
        try:
            with path.open(encoding="utf-8") as source:
                files[relative] = hcl2.load(source)
        except Exception as error:  # the parser's errors carry line and column
            print(f"hcl2json: cannot parse {relative}: {error}", file=sys.stderr)
            return 1
    json.dump({"files": files}, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
