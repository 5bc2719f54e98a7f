# A user who takes as many connections to a server as it can get and holds them, idle: it
# connects without blocking, again and again, until it has TARGET connections or the server has
# taken no more for half a second (its listen queue full, every slot taken). Connections that the
# server closes are not replaced. Sends nothing.
#
# usage: hold_idle.py PATH TARGET
# Prints "connected N" once it stops connecting. Then, for each line "count" on standard input,
# prints "open N": how many of its connections the server has not closed. Ends at the end of
# standard input.
import errno
import resource
import select
import socket
import sys
import time

path, target = sys.argv[1], int(sys.argv[2])
STALL = 0.5  # seconds without a new connection: the server takes no more

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if soft != resource.RLIM_INFINITY and soft < target + 64:
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

held = []
why = ''
last = time.monotonic()
while len(held) < target:
    if time.monotonic() - last > STALL:
        why = ' (the server took no more)'
        break
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    except OSError as e:
        if e.errno in (errno.EMFILE, errno.ENFILE):
            why = ' (out of file descriptors)'
            break
        raise
    s.setblocking(False)
    try:
        s.connect(path)
    except BlockingIOError:  # EAGAIN: the listen queue is full
        s.close()
        time.sleep(0.005)
        continue
    held.append(s)
    last = time.monotonic()
print('connected %d%s' % (len(held), why), flush=True)


def still_open(s):
    poll = select.poll()  # not select.select: the descriptors go beyond 1024
    poll.register(s, select.POLLIN)
    if not poll.poll(0):
        return True  # nothing to read, no end: open
    try:
        return s.recv(1, socket.MSG_PEEK) != b''
    except OSError:
        return False  # reset


for line in sys.stdin:
    if line.strip() == 'count':
        print('open %d' % sum(1 for s in held if still_open(s)), flush=True)
