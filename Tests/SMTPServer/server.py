"""SMTP servers for the Swift tests, all on 127.0.0.1 with certificates from a test CA.

  starttls   aiosmtpd requiring STARTTLS, and AUTH (user hc, password hc-test-password) inside it
  implicit   aiosmtpd speaking TLS from the first byte (SMTPS)
  plaintext  a server that never offers STARTTLS (the client must refuse to go on)
  injection  a server that answers STARTTLS with 220 and a reply smuggled behind it

Every accepted message is written to --outbox as <n>.eml with its envelope in <n>.json.
Recipients choose how they are treated: refuse-once-* gets 451 the first time, drop-once-*
has the connection cut at RCPT the first time, reject-* always gets 550.

Prints one JSON line with the ports once every server listens, then runs until killed.
"""
import argparse
import asyncio
import json
import os
import socket
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = b"hc", b"hc-test-password"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Recorder:
    def __init__(self, outbox):
        self.outbox = outbox
        self.seen = set()
        self.lock = threading.Lock()
        self.count = 0

    def first_time(self, address):
        with self.lock:
            if address in self.seen:
                return False
            self.seen.add(address)
            return True

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0]
        if local.startswith("reject-"):
            return "550 5.1.1 No such mailbox"
        if local.startswith("refuse-once-") and self.first_time(address):
            return "451 4.3.0 Try again later"
        if local.startswith("drop-once-") and self.first_time(address):
            server.transport.abort()
            return "421 4.4.2 closing"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        base = os.path.join(self.outbox, f"{n:04d}")
        # Each file appears whole (written aside, then renamed), the envelope last: readers look
        # for the .json, and tests running in parallel read while others are written.
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(base + ".eml.tmp", base + ".eml")
        with open(base + ".json.tmp", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "tls": server.transport.get_extra_info("ssl_object") is not None,
                       "authenticated": bool(session.authenticated)}, f)
        os.rename(base + ".json.tmp", base + ".json")
        return "250 2.0.0 Accepted"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER and auth_data.password == PASSWORD
    return AuthResult(success=ok)


async def plaintext_server(reader, writer):
    writer.write(b"220 plain.test ESMTP\r\n")
    try:
        while line := await reader.readline():
            verb = line.strip().upper()
            if verb.startswith(b"EHLO"):
                writer.write(b"250-plain.test\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n")
            elif verb == b"QUIT":
                writer.write(b"221 bye\r\n")
                break
            else:
                writer.write(b"530 5.7.0 Must issue a STARTTLS command first\r\n")
            await writer.drain()
    finally:
        writer.close()


async def injection_server(reader, writer):
    writer.write(b"220 inject.test ESMTP\r\n")
    try:
        while line := await reader.readline():
            verb = line.strip().upper()
            if verb.startswith(b"EHLO"):
                writer.write(b"250-inject.test\r\n250 STARTTLS\r\n")
            elif verb == b"STARTTLS":
                # The attack: a reply that arrives in plain text but would be read after the upgrade.
                writer.write(b"220 Ready to start TLS\r\n250 injected before TLS\r\n")
                await writer.drain()
                await asyncio.sleep(5)
                break
            await writer.drain()
    finally:
        writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--outbox", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    args = parser.parse_args()
    os.makedirs(args.outbox, exist_ok=True)

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    recorder = Recorder(args.outbox)

    ports = {name: free_port() for name in ("starttls", "implicit", "plaintext", "injection")}
    starttls = Controller(recorder, hostname="127.0.0.1", port=ports["starttls"], tls_context=context,
                          require_starttls=True, authenticator=authenticator, auth_require_tls=True,
                          server_hostname="localhost")
    implicit = Controller(recorder, hostname="127.0.0.1", port=ports["implicit"], ssl_context=context,
                          authenticator=authenticator, auth_require_tls=False, server_hostname="localhost")
    starttls.start()
    implicit.start()
    servers = [
        await asyncio.start_server(plaintext_server, "127.0.0.1", ports["plaintext"]),
        await asyncio.start_server(injection_server, "127.0.0.1", ports["injection"]),
    ]
    print(json.dumps(ports), flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        for server in servers:
            server.close()
        starttls.stop()
        implicit.stop()


if __name__ == "__main__":
    asyncio.run(main())
