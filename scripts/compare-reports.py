"""Compares yang2020 report.json files with the first, timings aside.

Prints, per top-level key, whether every file has it identical to the last bit, or else the largest
difference of its numbers relative to max(1, |value|) and whether anything but numbers (counts, lengths, labels) differs.
Exit status 1 when a count, a length or a label differs.
"""
import json
import sys


def strip(report):
    report.pop("timings", None)
    for epoch in report.get("training", {}).get("epochs", []):
        epoch.pop("seconds", None)
    report.get("slowPoints", {}).pop("seconds", None)
    return report


def compare(a, b, worst):
    """Largest relative difference of numbers into worst[0]; False when the structure differs."""
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, str) or a is None:
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if a != b:
            worst[0] = max(worst[0], abs(a - b) / max(abs(a), abs(b), 1.0))
        # Counts are integers and must match; a Double that happens to be whole is written as an
        # integer too ("0"), so a pair with a float in it is a value that may differ in its last bits.
        return isinstance(a, float) or isinstance(b, float) or a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(compare(a[k], b[k], worst) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(compare(x, y, worst) for x, y in zip(a, b))
    return False


def main(paths):
    reports = [strip(json.load(open(p))) for p in paths]
    first = reports[0]
    structural = False
    for key in first:
        worst, same = [0.0], True
        for other in reports[1:]:
            same = compare(first[key], other.get(key), worst) and same
        structural = structural or not same
        status = "identical" if same and worst[0] == 0 else ("DIFFERENT (counts, lengths or labels)" if not same else f"numbers differ by at most {worst[0]:.1e} (relative to max(1, |x|))")
        print(f"  {key:28s} {status}")
    return 1 if structural else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
