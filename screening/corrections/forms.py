"""Forms of the corrections: CSRF-protected POST buttons; the field and value are read by the view."""
from screening.forms import BaseForm


class CorrectionForm(BaseForm):
    """Correct, confirm or undo one reading (fields `champ` and `valeur`)."""
