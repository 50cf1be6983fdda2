#!/usr/bin/env python3
"""Aggregates `jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample` output (stdin): the
share of samples per ONNX op class / training-step stage (innermost apo4j frame outside the
executor) and per top (self) frame. Used by bench/profile.sh."""
import collections
import re
import sys

FRAME = re.compile(r"^\s+([\w.$<>/]+)\(.*\)\s+line:")


def stage(frames):
    """The innermost frame that names a unit of work: an ONNX op, a kernel, an optimizer, the runtime."""
    for f in frames:
        if f.startswith("io.apo4j.onnx.ops.") and f.endswith((".forward", ".backward")):
            return f.replace("io.apo4j.onnx.ops.", "op ")
    for f in frames:
        if f.startswith("io.apo4j.") and not f.startswith(("io.apo4j.onnx.exec.", "io.apo4j.bench.")):
            cls = f.rsplit(".", 1)[0]
            return cls.split("$")[0] + "." + f.rsplit(".", 1)[1]
    return "(other: " + (frames[0] if frames else "?") + ")"


def main():
    events, frames = [], None
    for line in sys.stdin:
        if line.startswith(("jdk.ExecutionSample", "jdk.NativeMethodSample")):
            if frames:
                events.append(frames)
            frames = []
        elif frames is not None:
            m = FRAME.match(line)
            if m:
                frames.append(m.group(1))
    if frames:
        events.append(frames)
    total = len(events)
    if not total:
        print("no samples")
        return
    by_stage = collections.Counter(stage(e) for e in events)
    by_top = collections.Counter(e[0] for e in events if e)
    print(f"{total} samples (stack depth may be truncated at 64 frames)\n\nby innermost apo4j method:")
    for k, v in by_stage.most_common(25):
        print(f"  {100.0 * v / total:5.1f}%  {k}")
    print("\nby top frame (self):")
    for k, v in by_top.most_common(15):
        print(f"  {100.0 * v / total:5.1f}%  {k}")


if __name__ == "__main__":
    main()
