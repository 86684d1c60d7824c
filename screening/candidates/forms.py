"""Forms of the candidates pages: only CSRF-protected POST buttons; the chosen ids are read as a list."""
from screening.forms import BaseForm


class FinalistsForm(BaseForm):
    """Save the checked finalists (the checkboxes are named `finaliste`)."""


class DemoForm(BaseForm):
    """Create the sample mission."""
