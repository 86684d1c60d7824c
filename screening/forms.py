"""Shared form base and fields: French messages everywhere."""
from decimal import Decimal, InvalidOperation

from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField
from wtforms.widgets import TextInput


class BaseForm(FlaskForm):
    """Every form: WTForms' own French messages for built-in validators."""

    class Meta:
        locales = ["fr_FR", "fr"]


class ConfirmForm(BaseForm):
    """An empty form: only the CSRF token, for POST buttons."""


class FrenchDecimalField(DecimalField):
    """A decimal that also accepts the French comma and spaces ("1 234,50")."""

    widget = TextInput()  # a number input would refuse the French comma

    def _value(self):
        """Shown the French way: 60,00 (a comma), never 60.00."""
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return super()._value().replace(".", ",")

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        raw = valuelist[0].strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
        raw = raw.replace("€", "").replace(",", ".")
        if raw == "":
            self.data = None
            self.raw_data = [""]
            return
        try:
            self.data = Decimal(raw)
            if not self.data.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            self.data = None
            raise ValueError("Saisissez un nombre, par exemple 250 ou 250,50.")


class FrenchIntegerField(IntegerField):
    """An integer with a French message when it is not one."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError:
            self.data = None
            raise ValueError("Saisissez un nombre entier, par exemple 30.")
