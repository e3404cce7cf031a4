"""A bovine_herd server (PyPI), as a fediverse peer for Agora's federation
tests (federation-tests/tests/peers.rs).

    python3 server.py --name bovine.test --host alpha.test=127.0.0.1:4000 ...

It serves bovine_herd's own Quart app (its actors answer only signed
GETs, it signs with draft-cavage RSA) with one actor, `peer`, on a random
port of 127.0.0.1, in a fresh SQLite database, and prints
`READY <port> <actor id>` once it is up. `--name` is the host name it serves
under; each `--host NAME=127.0.0.1:PORT` tells it where a name lives. Its
client connects to nothing else: a request to any other host fails.

Control endpoints on the same port (JSON in, JSON out):
  GET  /control/inbox            every activity its inbox took
  POST /control/follow  {actor}
  POST /control/reply   {object, content, to: [...], cc: [...]}
                                 ("followers" stands for the peer's own)
  POST /control/like    {object, to: [...]}
Each hands an activity to bovine_herd's outbox processing, the steps its
C2S outbox endpoint runs once a client is authenticated, and answers after
bovine has delivered it.
"""

import argparse
import asyncio
import logging
import os
import socket
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--name", default="bovine.test")
    parser.add_argument("--host", action="append", default=[])
    parser.add_argument("--data", help="a scratch folder (default: a new one)")
    args = parser.parse_args()
    ports = {}
    for entry in args.host:
        host, addr = entry.split("=")
        parsed = urlparse(f"http://{addr}")
        if parsed.hostname != "127.0.0.1":
            raise SystemExit(f"not loopback: {addr}")
        ports[host] = parsed.port
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)

    # bovine writes its JSON-LD cache into the working directory: work in
    # a scratch folder (the database lives there too), import it from there.
    scratch = None if args.data else tempfile.TemporaryDirectory()
    data = Path(args.data or scratch.name)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.chdir(data)
    from hypercorn.asyncio import serve
    from hypercorn.config import Config

    from herd import build_app

    app = build_app(args.name, ports, f"sqlite://{data / 'bovine.sqlite3'}")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.set_inheritable(True)
    port = listener.getsockname()[1]

    @app.before_serving
    async def ready():
        actor = app.config["peer_state"]["actor"]
        print(f"READY {port} {actor.actor_id}", flush=True)

    config = Config()
    config.bind = [f"fd://{listener.fileno()}"]
    config.accesslog = None
    config.loglevel = "WARNING"

    async def until_stdin_closes():
        # The test closes our stdin (or dies): stop then.
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)

    asyncio.run(serve(app, config, shutdown_trigger=until_stdin_closes))
    if scratch is not None:
        scratch.cleanup()


if __name__ == "__main__":
    main()
