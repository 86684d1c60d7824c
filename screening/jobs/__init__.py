"""Background jobs: what runs in the queue's workers (see screening/queue.py)."""
