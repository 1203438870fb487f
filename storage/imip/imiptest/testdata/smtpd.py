"""A mail server for the tests of invitations, on a loopback port:
Debian's python3-aiosmtpd, writing each message it takes to a folder as
N.eml, with N.rcpt listing the envelope's recipients one a line.

It prints its port once it takes connections, and stops when its standard
input closes.

Usage: /usr/bin/python3 smtpd.py DIR [--starttls CERT KEY | --tls CERT KEY]
           [--login USER PASSWORD] [--refuse ADDRESS] [--utf8]
"""
import argparse
import os
import socket
import ssl
import sys
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Folder:
    def __init__(self, folder, refuse):
        self.folder = folder
        self.refuse = {a.lower() for a in refuse}
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, "%04d" % self.count)
        with open(base + ".rcpt", "w") as f:
            f.write("\n".join(envelope.rcpt_tos) + "\n")
        # The message last, under its final name, once it is whole.
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(base + ".tmp", base + ".eml")
        return "250 OK: queued as %d" % self.count


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    # aiosmtpd warns about its own use of a field it deprecates.
    warnings.filterwarnings("ignore", "Session.login_data")
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--starttls", nargs=2)
    ap.add_argument("--tls", nargs=2)
    ap.add_argument("--login", nargs=2)
    ap.add_argument("--refuse", action="append", default=[])
    ap.add_argument("--utf8", action="store_true")
    args = ap.parse_args()

    # Addresses in letters beyond ASCII only when asked (SMTPUTF8), as
    # many servers still take none.
    kwargs = {"enable_SMTPUTF8": args.utf8}
    pair = args.starttls or args.tls
    if pair:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*pair)
        if args.starttls:
            kwargs.update(tls_context=context, require_starttls=True)
        else:
            kwargs.update(ssl_context=context)
    if args.login:
        user, password = (s.encode() for s in args.login)

        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login == user and auth_data.password == password
            # handled=False: aiosmtpd answers a refusal itself (535).
            return AuthResult(success=ok, handled=False)

        kwargs.update(authenticator=authenticate, auth_required=True)
    port = free_port()
    controller = Controller(Folder(args.dir, args.refuse), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    print(port, flush=True)
    sys.stdin.read()
    controller.stop()


main()
