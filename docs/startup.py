"""Time from start to the first prompt of `egready assess`, through a pseudo-terminal.

Usage: python3 docs/startup.py target/release/egready [assess arguments...]

Starts `egready assess` 30 times in an empty folder, in an 80x30 pseudo-terminal, measures
until the first prompt's help line is drawn (the country list, or the list of drafts),
presses Esc, and prints the median, minimum and maximum. See docs/assess.md.
"""
import fcntl
import os
import pty
import select
import statistics
import struct
import sys
import tempfile
import termios
import time

RUNS = 30
# The first prompt is drawn once one of these is on screen.
READY = (b"Esc quit", b"start anew?")

binary, args = sys.argv[1], sys.argv[2:]
work = tempfile.mkdtemp()
times = []
for _ in range(RUNS):
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(work)
        os.environ["TERM"] = "xterm-256color"
        os.execv(binary, [binary, "assess", *args])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 80, 0, 0))
    seen = b""
    while not any(r in seen for r in READY):
        ready, _, _ = select.select([fd], [], [], 5)
        if not ready:
            sys.exit("no prompt within 5 s; last output: %r" % seen[-200:])
        seen += os.read(fd, 65536)
    times.append((time.perf_counter() - start) * 1000)
    os.write(fd, b"\x1b")
    os.waitpid(pid, 0)
    os.close(fd)
times.sort()
print(
    "time to first prompt over %d runs: median %.1f ms, min %.1f ms, max %.1f ms"
    % (len(times), statistics.median(times), times[0], times[-1])
)
