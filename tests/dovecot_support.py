"""A real IMAP server for the tests: Debian's Dovecot, started in a temporary folder on loopback ports.

Own configuration file (`dovecot -c`), never the system one; a self-signed certificate made with
openssl; passwd-file authentication; mail in a temporary maildir. Messages are put in with IMAP APPEND.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess  # nosec B404  (test support: starts a local server)
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER = "candidatures@example.test"
PASSWORD = "mot-de-passe-imap-42"

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = 0
mail_location = maildir:{root}/mail/%u
mail_uid = {mail_uid}
mail_gid = {mail_gid}
mail_max_userip_connections = 50
imap_max_line_length = 256k
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


def dovecot_available() -> bool:
    return os.path.exists(DOVECOT) and shutil.which("openssl") is not None


def requires_dovecot():
    """Skip without Dovecot, unless REQUIRE_DOVECOT=1 (CI): there a missing server fails the tests."""
    import pytest

    if os.environ.get("REQUIRE_DOVECOT") == "1":
        return pytest.mark.usefixtures()
    return pytest.mark.skipif(
        not dovecot_available(), reason="dovecot-imapd absent (apt-get install dovecot-imapd)"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Dovecot:
    root: Path
    port: int = 0
    tls_port: int = 0
    user: str = USER
    password: str = PASSWORD
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def config(self) -> Path:
        return self.root / "dovecot.conf"

    def write_config(self) -> None:
        if os.getuid() == 0:  # root: mail belongs to the dovecot user (Dovecot refuses root mail)
            entry = pwd.getpwnam("dovecot")
            login_user, internal_user = "dovenull", "dovecot"
        else:
            entry = pwd.getpwuid(os.getuid())
            login_user = internal_user = entry.pw_name
        self.mail_uid = entry.pw_uid
        (self.root / "mail").mkdir(exist_ok=True)
        os.chown(self.root / "mail", entry.pw_uid, entry.pw_gid)
        self.config.write_text(
            CONFIG.format(
                root=self.root,
                port=self.port,
                tls_port=self.tls_port,
                login_user=login_user,
                internal_user=internal_user,
                mail_uid=entry.pw_uid,
                mail_gid=entry.pw_gid,
            ),
            encoding="utf-8",
        )
        (self.root / "passwd").write_text(f"{self.user}:{{PLAIN}}{self.password}::::::\n", encoding="utf-8")

    def make_certificate(self) -> None:
        subprocess.run(  # nosec B603 B607
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-keyout",
                str(self.root / "key.pem"),
                "-out",
                str(self.root / "cert.pem"),
            ],
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        if not self.port:
            self.port, self.tls_port = _free_port(), _free_port()
        self.write_config()
        # -F: stay in the foreground, so that the fixture owns the process and can stop it.
        # Own process group: stop() ends the master and every session process it started.
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.config)],  # nosec B603
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    "Dovecot s'est arrêté : " + self.process.stderr.read().decode() + self.log()
                )
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("Dovecot ne répond pas :\n" + self.log())

    def stop(self) -> None:
        """Stop the server at once, open sessions included (as a crash or a reboot would)."""
        if self.process:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(10)
            for name in ("master.pid",):
                (self.root / "run" / name).unlink(missing_ok=True)
        self.process = None

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    # -- filling the mailbox ------------------------------------------------------------------------

    def client(self):
        from imapclient import IMAPClient

        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=30)
        client.login(self.user, self.password)
        return client

    def append(self, *messages: bytes, folder: str = "INBOX") -> None:
        with self.client() as client:
            if folder != "INBOX" and not client.folder_exists(folder):
                client.create_folder(folder)
            for message in messages:
                client.append(folder, message)

    def flags(self, folder: str = "INBOX") -> dict:
        with self.client() as client:
            client.select_folder(folder, readonly=True)
            return client.get_flags(client.search("ALL"))

    def rebuild(self, folder: str) -> None:
        """Delete and recreate a folder (not INBOX) with the same messages: a new UIDVALIDITY."""
        with self.client() as client:
            client.select_folder(folder, readonly=True)
            uids = client.search("ALL")
            raw = [data[b"BODY[]"] for _, data in sorted(client.fetch(uids, ["BODY.PEEK[]"]).items())]
            client.unselect_folder()
            client.delete_folder(folder)
            time.sleep(1.1)
            client.create_folder(folder)  # UIDVALIDITY is a timestamp in Dovecot: make sure it changes
            for message in raw:
                client.append(folder, message)

    def uidvalidity(self, folder: str = "INBOX") -> int:
        with self.client() as client:
            return client.folder_status(folder, [b"UIDVALIDITY"])[b"UIDVALIDITY"]


def start_dovecot() -> Dovecot:
    root = Path(tempfile.mkdtemp(prefix="screening-dovecot-"))
    os.chmod(root, 0o755)  # the login and mail processes run as other users when started by root
    server = Dovecot(root=root)
    server.make_certificate()
    os.chmod(root / "key.pem", 0o644)
    server.start()
    return server


def remove(server: Dovecot) -> None:
    server.stop()
    shutil.rmtree(server.root, ignore_errors=True)
