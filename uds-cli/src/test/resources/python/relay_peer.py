# A peer for the tests of `uds connect` and `uds listen`: sends one file and, at the same time,
# writes what arrives to another file, over a Unix domain socket, using only the socket module.
# After the last byte of SEND_FILE it shuts down its writing side (half-close) and keeps
# receiving until the other side closes.
#
# usage: relay_peer.py listen|connect PATH SEND_FILE RECEIVE_FILE
#   listen prints "listening" on stdout once the socket accepts connections.
import os
import socket
import sys
import threading

mode, path, send_file, receive_file = sys.argv[1:5]

if mode == 'listen':
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    print('listening', flush=True)
    conn, _ = server.accept()
    server.close()
    os.unlink(path)
elif mode == 'connect':
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(path)
else:
    sys.exit('unknown mode ' + mode)


def send():
    with open(send_file, 'rb') as f:
        while True:
            chunk = f.read(65536)
            if not chunk:
                break
            conn.sendall(chunk)
    conn.shutdown(socket.SHUT_WR)


sender = threading.Thread(target=send)
sender.start()
with open(receive_file, 'wb') as out:
    while True:
        data = conn.recv(65536)
        if not data:
            break
        out.write(data)
sender.join()
conn.close()
