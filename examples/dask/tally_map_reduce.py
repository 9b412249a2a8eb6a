#!/usr/bin/python3
"""Map `botshare tally` over shards on a Dask cluster, reduce with `botshare report --tallies`.

Each shard is one task: a worker runs `botshare tally` on the shard's files and writes
PART.tally to a folder every worker can reach (a shared file system on a real cluster).
The client then merges the tallies with `botshare report --tallies`, which gives the same
report, byte for byte, as one `botshare report` over all the files.

    # one shard per file, on a LocalCluster of two worker processes
    /usr/bin/python3 examples/dask/tally_map_reduce.py data/*.jsonl.gz -o out/report

    # overlapping files: N shards that each read every file and keep their part by tweet id
    /usr/bin/python3 examples/dask/tally_map_reduce.py data/*.jsonl.gz --partition 8 -o out/report

    # a real cluster: the address of its scheduler
    /usr/bin/python3 examples/dask/tally_map_reduce.py data/*.jsonl.gz --scheduler tcp://host:8786 -o out/report

Options after `--` go to both `tally` and `report` (e.g. `-- --model models/default`).
Needs Debian's python3-distributed (apt-get install python3-distributed) and botshare on
every worker (`--botshare` says how to start it).
"""
import argparse
import os
import shlex
import subprocess
import sys

from dask.distributed import Client, LocalCluster

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
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", help="export files; without --partition, each file is a shard")
    p.add_argument("-o", "--output", required=True, help="report folder")
    p.add_argument("--tallies", default=None, help="folder for PART.tally files (default: OUTPUT.tallies)")
    p.add_argument("--partition", type=int, default=0, help="N shards that each read all files (overlapping files)")
    p.add_argument("--scheduler", default=None, help="address of a Dask scheduler (default: a LocalCluster)")
    p.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
    p.add_argument("--botshare", default="botshare", help='command that starts botshare (e.g. "node dist/cli/main.js")')
    args = p.parse_args(own)

    botshare = shlex.split(args.botshare)
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
        tallies = client.gather(futures)  # in shard order, whatever order they finished in
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

    cmd = [*botshare, "report", "--tallies", *tallies, "-o", args.output, *extra]
    return subprocess.run(cmd).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
