#!/usr/bin/env python3
"""Prints ddbkit's coverage per layer from gcovr's JSON summary and checks the floors.

Usage: coverage_report.py SUMMARY.json [FULL.json]   (both written by gcovr; coverage.sh)

A layer is src/<layer>/ plus include/ddbkit/<layer>/. Files at the top of src/ and
include/ddbkit/ go where their library puts them: error.cpp, error_builder.hpp, error.hpp
and cancellation_reason.hpp are built into ddbkit_value; the other top-level headers
(client.hpp, client_options.hpp, observer.hpp, ...) and src/async/ belong to the client.

The guarded areas are lists of whole files, chosen so that nothing unrelated is in them:
  error mapping   the error type, its code table and retry classification (error.cpp,
                  error.hpp, error_builder.hpp, cancellation_reason.hpp) and the mapping of
                  DynamoDB's error responses (model/error_response.cpp);
  DynamoDB-JSON   attribute values to and from DynamoDB-JSON (value/json_codec.*,
                  value/dynamodb_json.*), the streaming writer it writes with
                  (value/json_writer.*) and base64 for B/BS (value/base64.*);
  batch chunking  the scheduler that cuts entries into requests by count and size and
                  re-queues unprocessed ones (table/batch_scheduler.*), and the batch write
                  and get jobs built on it (table/batch_write.cpp, table/batch_get.cpp).
Exits 1 when the lines overall are under 90 % or a guarded area is under 100 %.
"""
import json
import sys

LAYERS = ["value", "expr", "model", "auth", "http", "retry", "credentials", "client",
          "table", "testkit", "observe"]
VALUE_TOP = {"src/error.cpp", "src/error_builder.hpp", "include/ddbkit/error.hpp",
             "include/ddbkit/cancellation_reason.hpp"}
GUARDED = {
    "error mapping": ["src/error.cpp", "src/error_builder.hpp", "include/ddbkit/error.hpp",
                      "include/ddbkit/cancellation_reason.hpp", "src/model/error_response.cpp"],
    "DynamoDB-JSON codec": ["src/value/json_codec.cpp", "src/value/json_codec.hpp",
                            "src/value/dynamodb_json.cpp", "include/ddbkit/value/dynamodb_json.hpp",
                            "src/value/json_writer.cpp", "src/value/json_writer.hpp",
                            "src/value/base64.cpp", "src/value/base64.hpp"],
    "batch chunking": ["src/table/batch_scheduler.cpp", "src/table/batch_scheduler.hpp",
                       "src/table/batch_write.cpp", "src/table/batch_get.cpp"],
}
OVERALL_FLOOR = 90.0


def layer_of(path):
    parts = path.split("/")
    if path in VALUE_TOP:
        return "value"
    if parts[0] == "src":
        if len(parts) == 2 or parts[1] == "async":
            return "client"
        return parts[1] if parts[1] in LAYERS else "other"
    if parts[:2] == ["include", "ddbkit"]:
        if len(parts) == 3:
            return "client"
        return parts[2] if parts[2] in LAYERS else "other"
    return "other"


class tally:
    def __init__(self):
        self.lines = self.lines_hit = self.branches = self.branches_hit = self.files = 0

    def add(self, f):
        self.files += 1
        self.lines += f["line_total"]
        self.lines_hit += f["line_covered"]
        self.branches += f["branch_total"]
        self.branches_hit += f["branch_covered"]

    @staticmethod
    def pct(hit, total):
        return 100.0 * hit / total if total else 100.0

    def line_pct(self):
        return self.pct(self.lines_hit, self.lines)

    def row(self, name):
        return (f"{name:<22} {self.files:>5} {self.lines_hit:>7}/{self.lines:<7} {self.line_pct():6.1f} %"
                f" {self.branches_hit:>7}/{self.branches:<7} {self.pct(self.branches_hit, self.branches):6.1f} %")


def missed_lines(full_path):
    """{file: [line numbers never run]} from gcovr's full JSON report."""
    if not full_path:
        return {}
    with open(full_path) as f:
        full = json.load(f)
    out = {}
    for entry in full["files"]:
        lines = [l["line_number"] for l in entry["lines"]
                 if l["count"] == 0 and not l.get("gcovr/noncode", False)]
        if lines:
            out[entry["file"]] = lines
    return out


def ranges(numbers):
    out, start, prev = [], None, None
    for n in sorted(numbers):
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            out.append(f"{start}-{prev}" if prev != start else str(start))
            start = prev = n
    if start is not None:
        out.append(f"{start}-{prev}" if prev != start else str(start))
    return ", ".join(out)


def main():
    with open(sys.argv[1]) as f:
        summary = json.load(f)
    files = {f["filename"]: f for f in summary["files"]}
    missed = missed_lines(sys.argv[2] if len(sys.argv) > 2 else None)

    header = f"{'':<22} {'files':>5} {'lines':>15} {'':>8} {'branches':>15}"
    layers = {name: tally() for name in LAYERS + ["other"]}
    overall = tally()
    for name, f in files.items():
        layers[layer_of(name)].add(f)
        overall.add(f)
    print(header)
    for name in LAYERS + ["other"]:
        if layers[name].files:
            print(layers[name].row(name))
    print(overall.row("overall"))

    failed = []
    if overall.line_pct() < OVERALL_FLOOR:
        failed.append(f"overall lines {overall.line_pct():.1f} % < {OVERALL_FLOOR:.0f} %")
    print()
    print(header)
    for area, members in GUARDED.items():
        t = tally()
        for m in members:
            if m in files:
                t.add(files[m])
        print(t.row(area))
        if t.lines_hit < t.lines:
            failed.append(f"{area}: lines {t.line_pct():.1f} % < 100 %")
            for m in members:
                if m in missed:
                    print(f"    {m}: lines {ranges(missed[m])} never ran")
    print()
    if failed:
        for f in failed:
            print(f"coverage: FAILED {f}")
        return 1
    print(f"coverage: ok (lines overall >= {OVERALL_FLOOR:.0f} %, guarded areas 100 %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
