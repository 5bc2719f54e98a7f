# The tutorial's socket_echo_client_uds.py (PyMOTW, "Unix Domain Sockets"), rewritten for
# Python 3 and nothing else changed: only the socket module, the same lines on stderr.
# Python 3 changes: print() as a function, "except ... as", the message as bytes.
import socket
import sys

# Create a UDS socket
sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)

# Connect the socket to the port where the server is listening
server_address = './uds_socket'
print('connecting to %s' % server_address, file=sys.stderr)
try:
    sock.connect(server_address)
except socket.error as msg:
    print(msg, file=sys.stderr)
    sys.exit(1)

try:

    # Send data
    message = b'This is the message.  It will be repeated.'
    print('sending "%s"' % message.decode(), file=sys.stderr)
    sock.sendall(message)

    amount_received = 0
    amount_expected = len(message)

    while amount_received < amount_expected:
        data = sock.recv(16)
        amount_received += len(data)
        print('received "%s"' % data.decode(), file=sys.stderr)

finally:
    print('closing socket', file=sys.stderr)
    sock.close()
