#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Count KUnit cases in kunit.py's JSON and check that declared suites ran.

usage: kunit-summary.py KUNIT.json SPLATS SUITE...
Prints "kunit: N passed, N failed, N skipped" and one line per problem; exits
non-zero on a failed or skipped case (the KUnit kernel always has the
series, so a skip means a case did not run), a declared suite that did not
run, or a line in
the file SPLATS (unexpected kernel warnings, one per line), each of which
counts as a failure.
"""
import json
import sys


def leaves(group, path):
    """Yield (path, status) for every case; a parameterised case's params
    are its leaves."""
    for c in group.get("test_cases", []):
        yield path + [c["name"]], c["status"]
    for g in group.get("sub_groups", []):
        yield from leaves(g, path + [g["name"]])


def main():
    try:
        with open(sys.argv[1]) as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        print(f"kunit: no results ({e})")
        print("kunit: 0 passed, 1 failed, 0 skipped")
        return 1
    suites = {}
    for s in data.get("sub_groups", []):
        suites[s["name"]] = list(leaves(s, [s["name"]]))
    # A suite that crashed before reporting any case shows up as a case.
    for c in data.get("test_cases", []):
        suites[c["name"]] = [([c["name"]], c["status"])]
    passed = failed = skipped = 0
    bad = []
    for name, cases in sorted(suites.items()):
        for path, status in cases:
            if status == "PASS":
                passed += 1
            elif status == "SKIP":
                # The series is applied: nothing it declares may skip.
                skipped += 1
                failed += 1
                bad.append(f"FAIL {'.'.join(path)} (SKIP: a skip counts as a failure)")
            else:
                failed += 1
                bad.append(f"FAIL {'.'.join(path)} ({status})")
    try:
        with open(sys.argv[2]) as f:
            for line in f:
                if line.strip():
                    failed += 1
                    bad.append(f"FAIL unexpected splat in the kernel log: {line.strip()}")
    except OSError:
        pass
    for want in sys.argv[3:]:
        if want not in suites:
            failed += 1
            bad.append(f"FAIL suite {want}: declared by the series but did not run")
    for name, cases in sorted(suites.items()):
        n = len(cases)
        print(f"suite {name}: {n} case(s)")
    for b in bad:
        print(b)
    print(f"kunit: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
