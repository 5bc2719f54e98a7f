# The other side of InteropContract: Unix sockets through Python's socket module only.
#
# usage: python3 -u interop_peer.py COMMAND ARGS...
#   An ADDRESS is a path, or @NAME for the abstract name NAME. SIZES is a comma-separated list
#   of message sizes; message k of size n is pattern(k, n), computed the same way by the Java
#   side. Lines printed on stdout:
#     ready                          once the socket is bound (and listens)
#     msg LEN SHA256 from ADDRESS    for each message received ("-" for an unnamed sender)
#     truncated                      after a msg line if the kernel cut the message
#     peer ADDRESS                   the connected peer's address
#     got HEX fds N                  what recv_fds returned
#     content LEN SHA256             what was read from a received descriptor
#     sent                           when everything was sent
#   Any failure ends the script with a traceback and exit status 1.
#
# commands:
#   dgram-send TARGET FROM SIZES   SOCK_DGRAM: bind to FROM ("-": stay unbound), send to TARGET
#   dgram-echo ADDRESS COUNT       SOCK_DGRAM: bind, receive COUNT datagrams, send each back
#   seq-echo ADDRESS               SOCK_SEQPACKET: listen, accept one, send each message back
#                                  until the end of the connection, then close
#   seq-client ADDRESS SIZES       SOCK_SEQPACKET: connect, send, shut down writing, print what
#                                  comes back until the end
#   stream-echo ADDRESS            SOCK_STREAM: listen, accept one, echo until the end, close
#   stream-client ADDRESS SIZE     SOCK_STREAM: connect, send, shut down writing, read all
#   send-fd ADDRESS FILE SKIP      open FILE, read SKIP bytes of it, connect and send the
#                                  descriptor with b"fd" (socket.send_fds), wait for the end
#   recv-fd ADDRESS                listen, accept one, socket.recv_fds, read each descriptor
import hashlib
import os
import socket
import sys

BUFFER = 1 << 19


def address(text):
    if text.startswith('@'):
        return b'\0' + text[1:].encode('utf-8')
    return text


def show(addr):
    if addr is None or addr == '' or addr == b'':
        return '-'
    if isinstance(addr, bytes):
        if addr.startswith(b'\0'):
            return '@' + addr[1:].decode('utf-8', 'backslashreplace')
        return addr.decode('utf-8', 'backslashreplace')
    return addr


def pattern(k, n):
    return bytes((i * 7 + k * 13 + 1) & 0xff for i in range(n))


def sizes(text):
    return [int(s) for s in text.split(',') if s != '']


def report(data, addr, flags):
    print('msg %d %s from %s' % (len(data), hashlib.sha256(data).hexdigest(), show(addr)))
    if flags & socket.MSG_TRUNC:
        print('truncated')


def bound(kind, text):
    s = socket.socket(socket.AF_UNIX, kind)
    s.bind(address(text))
    return s


def listening(kind, text):
    s = bound(kind, text)
    s.listen(1)
    print('ready')
    conn, _ = s.accept()
    s.close()
    return conn


def main(command, args):
    if command == 'dgram-send':
        target, source, spec = args
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) if source == '-' \
            else bound(socket.SOCK_DGRAM, source)
        for k, n in enumerate(sizes(spec)):
            sent = s.sendto(pattern(k, n), address(target))
            assert sent == n, (sent, n)
        print('sent')
    elif command == 'dgram-echo':
        where, count = args
        s = bound(socket.SOCK_DGRAM, where)
        print('ready')
        for _ in range(int(count)):
            data, _, flags, addr = s.recvmsg(BUFFER)
            report(data, addr, flags)
            if show(addr) != '-':
                s.sendto(data, addr)
    elif command == 'seq-echo':
        conn = listening(socket.SOCK_SEQPACKET, args[0])
        while True:
            data, _, flags, _ = conn.recvmsg(BUFFER)
            if not data and not flags:
                break  # the end of the connection (an empty message looks the same here)
            report(data, None, flags)
            conn.send(data)
        conn.close()
    elif command == 'seq-client':
        where, spec = args
        s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        s.connect(address(where))
        for k, n in enumerate(sizes(spec)):
            s.send(pattern(k, n))
        s.shutdown(socket.SHUT_WR)
        while True:
            data, _, flags, _ = s.recvmsg(BUFFER)
            if not data and not flags:
                break
            report(data, None, flags)
        s.close()
    elif command == 'stream-echo':
        conn = listening(socket.SOCK_STREAM, args[0])
        print('peer %s' % show(conn.getpeername()))
        while True:
            data = conn.recv(65536)
            if not data:
                break
            conn.sendall(data)
        conn.close()
    elif command == 'stream-client':
        where, size = args
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(address(where))
        print('peer %s' % show(s.getpeername()))
        s.sendall(pattern(0, int(size)))
        s.shutdown(socket.SHUT_WR)
        chunks = []
        while True:
            data = s.recv(65536)
            if not data:
                break
            chunks.append(data)
        report(b''.join(chunks), None, 0)
        s.close()
    elif command == 'send-fd':
        where, path, skip = args
        fd = os.open(path, os.O_RDONLY)
        assert len(os.read(fd, int(skip))) == int(skip)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(address(where))
        socket.send_fds(s, [b'fd'], [fd])
        os.close(fd)
        print('sent')
        s.recv(1)  # until the receiver is done and closes
        s.close()
    elif command == 'recv-fd':
        conn = listening(socket.SOCK_STREAM, args[0])
        msg, fds, flags, _ = socket.recv_fds(conn, 1024, 8)
        print('got %s fds %d' % (msg.hex(), len(fds)))
        for fd in fds:
            chunks = []
            while True:
                data = os.read(fd, 65536)
                if not data:
                    break
                chunks.append(data)
            content = b''.join(chunks)
            print('content %d %s' % (len(content), hashlib.sha256(content).hexdigest()))
            os.close(fd)
        conn.close()
    else:
        raise SystemExit('unknown command ' + command)


sys.stdout.reconfigure(line_buffering=True)
main(sys.argv[1], sys.argv[2:])
