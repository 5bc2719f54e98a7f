# A burst of echo clients that connect without blocking, all at once, as an asyncio program
# does: each client starts its connect in the same turn of the event loop, before the server has
# accepted any of them. Each then sends its own bytes, shuts down its writing side, reads the
# echo to the end and compares it with what it sent, byte for byte.
#
# usage: burst_clients.py PATH CLIENTS SEED
# Prints one line: "clients N ok K lost L verified B bytes" (B: the bytes sent and verified back
# by the K clients), then, for each kind of failure, " | COUNT× WHAT".
# Exits 0 whatever the outcome: the test judges the figures.
import asyncio
import collections
import random
import sys

path, clients, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
TIMEOUT = 60  # seconds for the whole burst; a client still running then is lost


def payload(i):
    r = random.Random(seed * 1_000_003 + i)
    return r.randbytes(r.randint(1, 64 * 1024))


async def client(i, data):
    reader, writer = await asyncio.open_unix_connection(path)
    try:
        writer.write(data)
        await writer.drain()
        writer.write_eof()
        back = await reader.read()
    finally:
        writer.close()
    if back != data:
        raise ValueError('echo of %d bytes differs: %d bytes back' % (len(data), len(back)))
    return len(data)


async def main():
    datas = [payload(i) for i in range(clients)]
    # gather starts every task in the same turn of the loop: each connect(2) is issued, without
    # blocking, before any client waits for anything.
    results = await asyncio.gather(
        *(asyncio.wait_for(client(i, datas[i]), TIMEOUT) for i in range(clients)),
        return_exceptions=True)
    failures = collections.Counter()
    verified = 0
    for r in results:
        if isinstance(r, int):
            verified += r
        else:
            failures['%s: %s' % (type(r).__name__, r)] += 1
    lost = sum(failures.values())
    line = 'clients %d ok %d lost %d verified %d bytes' % (clients, clients - lost, lost, verified)
    for what, n in failures.most_common(5):
        line += ' | %d× %s' % (n, what)
    print(line, flush=True)


asyncio.run(main())
