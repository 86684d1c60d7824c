"""The task queue (Huey): long work runs in worker processes, never inside a web request.

Storage, chosen from the environment when this module is imported:
- `REDIS_URL` set: Redis, so any number of workers on any number of machines share the work;
- otherwise SQLite, in the instance folder (`queue.db`): nothing to install, one machine.
`QUEUE_NAME` names the queue (default `screening`), `QUEUE_IMMEDIATE=1` runs each job at once in the
caller (tests). `configure()` changes any of these at run time (tests, the worker command).

Jobs are ordinary Huey tasks declared with `@huey.task()` in the modules listed in TASK_MODULES, which
the worker imports. A job that needs the database wraps its body in `app_context()`.
"""
import contextlib
import importlib
import os
import threading
from pathlib import Path

from huey import Huey
from huey.storage import RedisStorage, SqliteStorage

ROOT = Path(__file__).resolve().parent.parent

MSG_QUEUE_DOWN = ("La file de traitement est injoignable (Redis ou le fichier de la file) : rien n'a été "
                  "importé. Réessayez dans un instant ; si cela dure, vérifiez que le service tourne.")


class QueueUnavailable(Exception):
    """The queue's store cannot be reached: nothing was queued nor saved."""

    def __init__(self, message: str = MSG_QUEUE_DOWN):
        super().__init__(message)
        self.message = message

# Modules that declare jobs: the worker imports them all before it starts consuming.
TASK_MODULES = (
    "screening.jobs.tasks",
)


def instance_path() -> str:
    """The instance folder, as create_app() computes it (the queue is made before any app)."""
    return os.environ.get("SCREENING_INSTANCE_PATH") or str(ROOT / "instance")


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "oui")


def _storage(name: str, redis_url: str | None, filename: str | None):
    if redis_url:
        return RedisStorage(name=name, url=redis_url)
    if not filename:
        os.makedirs(instance_path(), exist_ok=True)
        filename = os.path.join(instance_path(), "queue.db")
    return SqliteStorage(name=name, filename=filename)


class ScreeningHuey(Huey):
    """A Huey whose storage can be switched after tasks were declared on it (configure())."""

    def get_storage(self, **kwargs):  # immediate mode still uses Huey's in-memory storage
        return _storage(self.name, self._redis_url, self._filename)

    def __init__(self, name: str, redis_url: str | None = None, filename: str | None = None, **kwargs):
        self._redis_url, self._filename = redis_url, filename
        super().__init__(name, **kwargs)

    @property
    def backend(self) -> str:
        """'redis', 'sqlite' or 'memory' (immediate mode)."""
        if self.immediate:
            return "memory"
        return "redis" if self._redis_url else "sqlite"


huey = ScreeningHuey(os.environ.get("QUEUE_NAME") or "screening",
                     redis_url=os.environ.get("REDIS_URL") or None,
                     filename=os.environ.get("QUEUE_SQLITE_PATH") or None,
                     immediate=_truthy(os.environ.get("QUEUE_IMMEDIATE")), utc=True)


def configure(*, name: str | None = None, redis_url: str | None = None, filename: str | None = None,
              immediate: bool | None = None) -> ScreeningHuey:
    """Point the queue at another store (a Redis URL, or an SQLite file) and/or toggle immediate mode.

    Without `redis_url` the store is SQLite (`filename`, default `instance/queue.db`).
    """
    if name is not None:
        huey.name = name
    huey._redis_url, huey._filename = redis_url, filename
    if immediate is not None:
        huey._immediate = bool(immediate)
    huey.storage = huey.create_storage()
    return huey


def load_tasks() -> None:
    """Import every module that declares jobs (the worker must know them all)."""
    for module in TASK_MODULES:
        importlib.import_module(module)


def default_workers() -> int:
    configured = os.environ.get("QUEUE_WORKERS")
    if configured and configured.isdigit() and int(configured) > 0:
        return int(configured)
    return os.cpu_count() or 1


_app = None
_app_pid = None
_app_lock = threading.Lock()


def _process_app():
    """One Flask app per worker process, made on first use (never inherited across a fork)."""
    global _app, _app_pid
    with _app_lock:
        if _app is None or _app_pid != os.getpid():
            from screening import create_app
            _app, _app_pid = create_app(), os.getpid()
        return _app


@contextlib.contextmanager
def app_context():
    """A Flask app context for a job.

    Reuses the current app when one is active (immediate mode in tests, or a job called from a command),
    else the worker process's own app. The context is always a new one, so the job has its own database
    session, removed (rolled back if still open) when the job ends, even if it fails.
    """
    from flask import current_app, has_app_context

    app = current_app._get_current_object() if has_app_context() else _process_app()
    with app.app_context():
        yield app


def die_with_parent() -> None:
    """Linux: ask the kernel to kill this process when its parent (the consumer) dies, even by kill -9."""
    import ctypes
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def run_worker(workers: int | None = None, worker_type: str = "process") -> None:
    """Run the consumer in the foreground until SIGINT (finish current jobs) or SIGTERM (stop now)."""
    load_tasks()
    if huey.immediate:
        raise RuntimeError("QUEUE_IMMEDIATE est actif : aucun worker n'est nécessaire.")
    _Consumer = _consumer_classes()
    consumer = _Consumer(huey, workers=workers or default_workers(), worker_type=worker_type,
                         periodic=True, initial_delay=0.05, backoff=1.15, max_delay=0.5,
                         check_worker_health=True, health_check_interval=1)
    consumer.run()


def _consumer_classes():
    from huey.consumer import Consumer, ProcessEnvironment

    class _ProcessEnvironment(ProcessEnvironment):
        def init_child(self, process):  # the scheduler and every worker process, right after fork
            die_with_parent()
            super().init_child(process)

    class _Consumer(Consumer):
        def get_environment(self, worker_type):
            if worker_type == "process":
                return _ProcessEnvironment(self._graceful_sig, self._interrupt_sig)
            return super().get_environment(worker_type)

    return _Consumer
