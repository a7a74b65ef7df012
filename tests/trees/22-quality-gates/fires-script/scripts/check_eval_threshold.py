"""CI step: compare metrics.json with the minimums in thresholds.json."""
import json
import sys


def main() -> int:
    measured = json.load(open("metrics.json"))
    minimums = json.load(open("thresholds.json"))
    failed = 0
    for name, minimum in minimums.items():
        value = measured.get(name)
        if value is None:
            print(f"{name}: missing")
            failed += 1
        elif value < minimum:
            print(f"{name}: {value:.3f} < {minimum}")
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
