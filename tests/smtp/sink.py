"""A real SMTP server on loopback for Agora's email tests (aiosmtpd, PyPI).

Listens on 127.0.0.1 on a port the system picks, prints `port N` on its
first line of output, and writes every message it accepts to the folder
given as its first argument as NNNN.eml (written under a temporary name,
then renamed, so a reader never sees half a message), beside NNNN.rcpt
holding the envelope recipients.

With `--defer N` it answers the first N messages with a temporary failure
(451), so the tests can see Agora retry; with `--reject ADDRESS` it refuses
that recipient permanently (550), so they can see Agora give up.
"""

import argparse
import asyncio
import os
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, folder, defer, reject):
        self.folder = folder
        self.defer = defer
        self.reject = reject
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() == (self.reject or "").lower():
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.defer > 0:
            self.defer -= 1
            return "451 4.3.0 Try again later"
        self.count += 1
        name = os.path.join(self.folder, "%04d" % self.count)
        with open(name + ".rcpt.partial", "w") as f:
            f.write("\n".join(envelope.rcpt_tos))
        os.rename(name + ".rcpt.partial", name + ".rcpt")
        with open(name + ".eml.partial", "wb") as f:
            f.write(envelope.original_content)
        os.rename(name + ".eml.partial", name + ".eml")
        return "250 OK"


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--defer", type=int, default=0)
    parser.add_argument("--reject", default=None)
    args = parser.parse_args()
    os.makedirs(args.folder, exist_ok=True)
    handler = Sink(args.folder, args.defer, args.reject)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="sink.test", data_size_limit=10_000_000),
        "127.0.0.1",
        0,
    )
    port = server.sockets[0].getsockname()[1]
    print("port %d" % port, flush=True)
    # Stop when the test that started us goes away (stdin closes).
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
