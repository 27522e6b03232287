"""Real SMTP server for the nf-atip SMTP tests: Debian's aiosmtpd on loopback.

Each accepted message is saved as <dir>/<n>.eml (the DATA bytes exactly as aiosmtpd received them,
dot-unstuffed, without the final dot) and <dir>/<n>.env (MAIL FROM, then each RCPT TO, one a line).
Run with /usr/bin/python3 (Debian's python, where python3-aiosmtpd lives).

  --port N             port on 127.0.0.1
  --dir PATH           where messages go
  --auth USER:PASS     offer AUTH (PLAIN and LOGIN unless --mechanisms), over plain text too
  --mechanisms M,...   only these AUTH mechanisms (e.g. LOGIN)
  --cert F --key F     TLS certificate/key; with --implicit TLS from the first byte, else STARTTLS
  --reject-sender A    550 for MAIL FROM:<A>
  --reject-rcpt A      550 for RCPT TO:<A> (repeatable)
  --reject-body WORD   554 after the final dot when the message contains WORD
"""
import argparse
import asyncio
import os
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--auth")
    p.add_argument("--mechanisms")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--implicit", action="store_true")
    p.add_argument("--reject-sender", action="append", default=[])
    p.add_argument("--reject-rcpt", action="append", default=[])
    p.add_argument("--reject-body")
    a = p.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    counter = [len([f for f in os.listdir(a.dir) if f.endswith(".eml")])]

    class Handler:
        async def handle_MAIL(self, server, session, envelope, address, mail_options):
            if address in a.reject_sender:
                return "550 5.7.1 sender rejected"
            envelope.mail_from = address
            envelope.mail_options.extend(mail_options)
            return "250 OK"

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address in a.reject_rcpt:
                return "550 5.1.1 recipient rejected"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            data = envelope.original_content
            if a.reject_body and a.reject_body.encode() in data:
                return "554 5.6.0 body rejected"
            counter[0] += 1
            base = os.path.join(a.dir, "%d" % counter[0])
            with open(base + ".tmp", "wb") as f:
                f.write(data)
            with open(base + ".env", "w") as f:
                f.write(envelope.mail_from + "\n" + "".join(r + "\n" for r in envelope.rcpt_tos))
            os.replace(base + ".tmp", base + ".eml")
            return "250 OK queued"

    kwargs = {}
    if a.auth:
        user, password = a.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and \
                auth_data.login == user.encode() and auth_data.password == password.encode()
            # handled=False: aiosmtpd itself answers 535 on a failure.
            return AuthResult(success=ok, handled=False)

        kwargs["authenticator"] = authenticator
        kwargs["auth_require_tls"] = False
        if a.mechanisms:
            wanted = set(a.mechanisms.upper().split(","))
            kwargs["auth_exclude_mechanism"] = [m for m in ("PLAIN", "LOGIN") if m not in wanted]
    ssl_context = None
    if a.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(a.cert, a.key)
        if a.implicit:
            ssl_context = context
        else:
            kwargs["tls_context"] = context
    controller = Controller(Handler(), hostname="127.0.0.1", port=a.port, ssl_context=ssl_context,
                            server_hostname="smtp.test", ready_timeout=20, **kwargs)
    controller.start()
    print("listening on 127.0.0.1:%d" % a.port, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
