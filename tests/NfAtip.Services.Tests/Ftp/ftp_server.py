#!/usr/bin/python3
"""pyftpdlib server for the FTP service tests: one user with a password and a home directory, bound to
127.0.0.1 only, passive data ports from the OS (ephemeral, on 127.0.0.1).

  ftp_server.py PORT HOME USER PASSWORD [plain|explicit|implicit CERTFILE KEYFILE]

plain: FTP; explicit: AUTH TLS (TLS_FTPHandler); implicit: TLS from the first byte (FTPS).
Runs until killed (the test fixture kills it)."""
import sys

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler, TLS_FTPHandler
from pyftpdlib.servers import FTPServer


def main():
    port, home, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    mode = sys.argv[5] if len(sys.argv) > 5 else "plain"
    authorizer = DummyAuthorizer()
    authorizer.add_user(user, password, home, perm="elradfmwMT")
    authorizer.add_user("reader", password, home, perm="elr")  # may not store: STOR is refused
    if mode == "plain":
        handler = FTPHandler
    else:
        class Handler(TLS_FTPHandler):
            pass
        Handler.certfile = sys.argv[6]
        Handler.keyfile = sys.argv[7]
        if mode == "implicit":
            class Implicit(Handler):
                def handle(self):
                    # Implicit FTPS: the TLS handshake comes before the greeting.
                    self.secure_connection(self.ssl_context)
                    super().handle()
            handler = Implicit
        else:
            handler = Handler
    handler.authorizer = authorizer
    handler.banner = "nf-atip test server ready."
    handler.permit_foreign_addresses = False
    server = FTPServer(("127.0.0.1", port), handler)
    server.max_cons = 32
    print("listening on 127.0.0.1:%d (%s)" % (port, mode), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
