"""Mailbox jobs: the periodic fetch of every connected mailbox, and "Relever maintenant"."""

from huey import crontab
from huey.exceptions import TaskLockedException

from screening.queue import app_context, huey


@huey.task()
def fetch_mailbox_job(account_id: int) -> str:
    """Fetch one mailbox; two fetches of the same mailbox never run at once."""
    from screening.mailbox import services

    try:
        with huey.lock_task(f"mailbox-fetch-{account_id}"):
            with app_context():
                return services.fetch_mailbox(account_id).message
    except TaskLockedException:
        return "Une relève de cette boîte est déjà en cours."


@huey.periodic_task(crontab(minute="*"))
def fetch_due_mailboxes() -> int:
    """Every minute: queue the fetch of each mailbox whose interval has passed."""
    from screening.mailbox import services

    with app_context():
        due = services.due_accounts()
    for account_id in due:
        fetch_mailbox_job(account_id)
    return len(due)
