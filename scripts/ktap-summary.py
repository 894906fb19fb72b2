#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Count the cases of KTAP results, as parsed by the kernel's own parser
(tools/testing/kunit/kunit.py run --json, or kunit.py parse --json), and
judge them. The one summariser for every KTAP the harness reads: KUnit,
the e2e kselftest and its hot-plug round.

usage: ktap-summary.py LABEL JSON... [--splats FILE] [--suites NAME...]
                       [--expect-skips NAME...]

Prints one line per problem, then "LABEL: N passed, N failed, N skipped";
exits non-zero when anything failed. Counted as a failure:
  - a case that failed, crashed or never reported (kunit.py marks a case
    that a plan announced but that never came as an error);
  - a JSON file that is missing or unreadable (the run gave no results);
  - a skipped case, unless --expect-skips names it (a skip means a check did
    not run); and every name in --expect-skips that did not skip;
  - a suite named by --suites that did not run (KUnit);
  - each line of the --splats file (unexpected kernel splats).
A case is named by its description up to the first blank or colon, so
"ok 3 threads_noio: 2 threads" is threads_noio.
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


def short(name):
    return name.split(":")[0].split(" ")[0] or "(a planned case that never reported)"


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    label = args.pop(0)
    files, splats, suites_wanted, expect_skips = [], None, [], []
    mode = "files"
    for a in args:
        if a == "--splats":
            mode = "splats"
        elif a == "--suites":
            mode = "suites"
        elif a == "--expect-skips":
            mode = "skips"
        elif mode == "files":
            files.append(a)
        elif mode == "splats":
            splats = a
            mode = "files"
        elif mode == "suites":
            suites_wanted.append(a)
        else:
            expect_skips.append(a)

    passed = failed = skipped = 0
    bad = []
    suites = {}
    skipped_names = set()
    for fn in files:
        try:
            with open(fn) as f:
                data = json.load(f)
        except (OSError, ValueError) as e:
            failed += 1
            bad.append(f"FAIL {label}: no results in {fn} ({e})")
            continue
        # KUnit: suites are sub_groups; a crashed suite shows as a case.
        # A kselftest: its cases are the top level's test_cases.
        if data.get("sub_groups"):
            for s in data["sub_groups"]:
                suites[s["name"]] = list(leaves(s, [s["name"]]))
            for c in data.get("test_cases", []):
                suites[c["name"]] = [([c["name"]], c["status"])]
        else:
            suites[fn] = [([short(c["name"])], c["status"])
                          for c in data.get("test_cases", [])]
            if not suites[fn]:
                failed += 1
                bad.append(f"FAIL {label}: {fn} holds no case")

    for name, cases in sorted(suites.items()):
        for path, status in cases:
            case = ".".join(path)
            if status == "PASS":
                passed += 1
            elif status == "SKIP":
                skipped += 1
                skipped_names.add(path[-1])
                if path[-1] not in expect_skips:
                    failed += 1
                    bad.append(f"FAIL {case} (SKIP: a skip counts as a failure here)")
            else:
                failed += 1
                bad.append(f"FAIL {case} ({status})")
    for want in expect_skips:
        if want not in skipped_names:
            failed += 1
            bad.append(f"FAIL {want}: expected to skip here, and did not")
    for want in suites_wanted:
        if want not in suites:
            failed += 1
            bad.append(f"FAIL suite {want}: declared by the series but did not run")
    if splats:
        try:
            with open(splats) as f:
                for line in f:
                    if line.strip():
                        failed += 1
                        bad.append(f"FAIL unexpected splat in the kernel log: {line.strip()}")
        except OSError:
            pass
    if suites_wanted:
        for name, cases in sorted(suites.items()):
            print(f"suite {name}: {len(cases)} case(s)")
    for b in bad:
        print(b)
    print(f"{label}: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
