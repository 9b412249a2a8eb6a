#!/usr/bin/python3
"""Map `botshare tally` over shards on a Dask cluster, reduce with `botshare report --tallies`.

Each shard is one task: a worker runs `botshare tally` on the shard's files and writes
PART.tally to a folder every worker can reach (a shared file system on a real cluster).
The client then merges the tallies with `botshare report --tallies`, which gives the same
report, byte for byte, as one `botshare report` over all the files, or refuses (naming the
tallies and how many tweets they share) when two shards counted the same tweets.

On a fresh clone (`npm ci` builds dist/; Debian: apt-get install python3-distributed):

    # one shard per file, on a LocalCluster of two worker processes
    /usr/bin/python3 examples/dask/tally_map_reduce.py data/*.jsonl.gz -o out/report

    # files that may share tweets (repeated or resumed searches, neighbouring queries):
    # N shards that each read every file and keep their part by tweet id
    /usr/bin/python3 examples/dask/tally_map_reduce.py data/*.jsonl.gz --partition 8 -o out/report

    # a real cluster: the address of its scheduler
    /usr/bin/python3 examples/dask/tally_map_reduce.py data/*.jsonl.gz --scheduler tcp://host:8786 -o out/report

Options after `--` go to report, and --model, --rates, --hashtags to tally too
(e.g. `-- --model models/default`). botshare is started as given by --botshare, else
`node dist/cli/main.js` of the botshare this script belongs to (built by `npm ci`), else its
node_modules/.bin/botshare, else `botshare` on PATH; every worker must reach it at the same path.
"""
import argparse
import os
import shlex
import shutil
import subprocess
import sys

PROG = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "tally_map_reduce.py"
# The botshare this script belongs to: examples/dask/ is two levels below its root.
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Refused(Exception):
    """A problem the user can fix, said in one line (no traceback)."""


def find_botshare(given):
    """The command that starts botshare, as a list; Refused, in one line, when there is none."""
    if given:
        cmd = shlex.split(given)
        if not cmd or shutil.which(cmd[0]) is None:
            raise Refused(f"--botshare {given!r}: {cmd[0] if cmd else '(empty)'} is not an executable file or a command on PATH")
        return cmd
    main_js = os.path.join(ROOT, "dist", "cli", "main.js")
    if os.path.isfile(main_js):
        node = shutil.which("node")
        if node is None:
            raise Refused(f"found {main_js} but no `node` on PATH; install Node 20 or say how to start botshare with --botshare")
        return [node, main_js]
    for cmd in (os.path.join(ROOT, "node_modules", ".bin", "botshare"), shutil.which("botshare")):
        if cmd and os.access(cmd, os.X_OK):
            return [cmd]
    raise Refused(
        f"cannot find botshare: no {main_js} (run `npm ci` in {ROOT}, which builds it) and no botshare on PATH; "
        'say how to start it with --botshare "node /path/to/botshare/dist/cli/main.js"'
    )


def run_tally(botshare, files, out, extra):
    """One task: tally one shard. Runs on a worker; raises with botshare's message on failure."""
    cmd = [*botshare, "tally", *files, "-o", out, "--quiet", "--force", *extra]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True)
    except OSError as err:
        raise RuntimeError(f"cannot start {shlex.join(botshare)} on a worker ({err.strerror}): give --botshare a path every worker reaches") from None
    if done.returncode != 0:
        raise RuntimeError(f"{shlex.join(cmd)} exited {done.returncode}: {done.stderr.strip()}")
    return out


def run_report(cmd):
    """report --tallies, its stderr passed through; returns its exit code and the end of its stderr."""
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE)
    tail = b""
    for chunk in iter(lambda: proc.stderr.read1(65536), b""):
        sys.stderr.buffer.write(chunk)
        sys.stderr.buffer.flush()
        tail = (tail + chunk)[-65536:]
    return proc.wait(), tail.decode("utf-8", "replace")


# Options both commands take, with a value; any other passed option goes to report only.
SHARED_WITH_VALUE = {"--model", "--rates", "--hashtags"}


def run_tally(botshare, files, out, extra):
    """One task: tally one shard. Runs on a worker; raises with botshare's message on failure."""
    cmd = [*botshare, "tally", *files, "-o", out, "--quiet", "--force", *extra]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{shlex.join(cmd)} exited {done.returncode}: {done.stderr.strip()}")
    return out


def shared_options(extra):
    """The options among `extra` that tally takes too (model, rates, hashtags)."""
    out = []
    i = 0
    while i < len(extra):
        if extra[i] in SHARED_WITH_VALUE and i + 1 < len(extra):
            out += extra[i : i + 2]
            i += 2
        else:
            i += 1
    return out


def main(argv):
    cut = argv.index("--") if "--" in argv else len(argv)
    own, extra = argv[:cut], argv[cut + 1 :]
    p = argparse.ArgumentParser(prog=PROG, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", help="export files; without --partition, each file is a shard")
    p.add_argument("-o", "--output", required=True, help="report folder")
    p.add_argument("--tallies", default=None, help="folder for PART.tally files (default: OUTPUT.tallies)")
    p.add_argument("--partition", type=int, default=0, help="N shards that each read all files (files that may share tweets)")
    p.add_argument("--scheduler", default=None, help="address of a Dask scheduler (default: a LocalCluster)")
    p.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
    p.add_argument("--botshare", default=None, help='command that starts botshare (default: node dist/cli/main.js of this botshare, else botshare on PATH)')
    args = p.parse_args(own)

    botshare = find_botshare(args.botshare)
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise Refused("needs Dask's distributed scheduler: apt-get install python3-distributed (Debian), then run with /usr/bin/python3") from None

    tally_dir = os.path.abspath(args.tallies or f"{args.output.rstrip('/')}.tallies")
    os.makedirs(tally_dir, exist_ok=True)
    if args.partition > 0:
        shards = [(args.files, ["--partition", f"{k}/{args.partition}"]) for k in range(1, args.partition + 1)]
    else:
        shards = [([f], []) for f in args.files]
    outs = [os.path.join(tally_dir, f"part-{k + 1:05d}.tally") for k in range(len(shards))]
    shared = shared_options(extra)

    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        futures = [
            client.submit(run_tally, botshare, files, out, [*part, *shared], key=f"tally-{k + 1}", pure=False)
            for k, ((files, part), out) in enumerate(zip(shards, outs))
        ]
        try:
            tallies = client.gather(futures)  # in shard order, whatever order they finished in
        except RuntimeError as err:
            raise Refused(f"a tally task failed: {err}") from None
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

    code, said = run_report([*botshare, "report", "--tallies", *tallies, "-o", args.output, *extra])
    if code != 0 and "would count twice" in said and args.partition == 0:
        print(f"{PROG}: the files share tweets: run again with --partition N (N shards that each read every file)", file=sys.stderr)
    return code


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Refused as err:
        print(f"{PROG}: {err}", file=sys.stderr)
        sys.exit(2)
