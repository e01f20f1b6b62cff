"""A real SMTP server for the tests (Debian's python3-aiosmtpd): it keeps
each message it accepts as a file in --dir, requires STARTTLS and a password
when given a certificate and --user, refuses the first --refuse messages
with a temporary failure, as a struggling mail server would, and each
--reject-to address for good, as for a mailbox that does not exist.

Prints "ready" once it listens; runs until killed.
"""
import argparse
import os
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--refuse", type=int, default=0)
    parser.add_argument("--reject-to", action="append", default=[])
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    class Keep:
        refused = 0

        async def handle_RCPT(self, server, session, envelope, address,
                              rcpt_options):
            if address in args.reject_to:
                return "550 5.1.1 No such mailbox here"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            if Keep.refused < args.refuse:
                Keep.refused += 1
                return "451 4.3.0 Try again later"
            name = "%d-%d.eml" % (time.time_ns(), os.getpid())
            path = os.path.join(args.dir, name)
            with open(path + ".part", "wb") as f:
                f.write(b"X-Rcpt-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
                f.write(envelope.original_content)
            os.rename(path + ".part", path)
            return "250 2.0.0 Kept"

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (auth_data.login == args.user.encode()
              and auth_data.password == args.password.encode())
        return AuthResult(success=ok)

    options = {}
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        options.update(tls_context=context, require_starttls=True)
    if args.user:
        options.update(authenticator=authenticate, auth_required=True,
                       auth_require_tls=bool(args.cert))
    controller = Controller(Keep(), hostname="127.0.0.1", port=args.port,
                            server_hostname="localhost", **options)
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
