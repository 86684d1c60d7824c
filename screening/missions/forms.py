from datetime import date
from decimal import Decimal

from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

# ConfirmForm lives in screening.forms; the name stays importable here for code written before the move.
from screening.forms import BaseForm, ConfirmForm, FrenchDecimalField, FrenchIntegerField  # noqa: F401
from screening.missions.budget import Budget, budget_input, parse_budget
from screening.missions.models import BUDGET_UNITS, PLATFORMS, PRIORITIES

LONG_TEXT = 10_000
MAX_CUSTOM_QUESTIONS = 10
MAX_QUESTION_CHARS = 300
CURRENCIES = [SelectChoice(code, label) for code, label in (
    ("EUR", "EUR (€)"), ("USD", "USD ($)"), ("GBP", "GBP (£)"), ("CHF", "CHF"), ("CAD", "CAD ($ CA)"))]


def _long(label, description=""):
    return TextAreaField(label, description=description, validators=[
        Optional(), Length(max=LONG_TEXT, message=f"{LONG_TEXT} caractères au maximum.")])


class BudgetField(StringField):
    """A budget as owners type it ("450 €", "20 à 30 €/h"): data is a Budget, or None when blank."""

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist:
            self.data = parse_budget(valuelist[0])  # ValueError carries the French message

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if isinstance(self.data, Budget):
            return budget_input(self.data.low, self.data.high)
        if isinstance(self.data, Decimal):
            return budget_input(self.data, None)
        return ""


class MissionForm(BaseForm):
    title = StringField("Titre de la mission", validators=[
        DataRequired(message="Donnez un titre à la mission."),
        Length(max=200, message="200 caractères au maximum.")])
    objective = _long("Objectif", "Ce que la mission doit accomplir, en une ou deux phrases.")
    context = _long("Contexte", "Votre activité, pour qui est le travail, ce qui existe déjà.")
    deliverable = _long("Livrable attendu", "Ce que vous recevrez à la fin, sous quelle forme.")
    procedure = _long("Étapes détaillées", "Comment vous faites la tâche vous-même, étape par étape.")
    measured_minutes = FrenchIntegerField(
        "Temps mesuré en la faisant vous-même (minutes)", validators=[
            Optional(), NumberRange(min=1, max=100_000, message="Entre 1 et 100 000 minutes.")])
    resources = _long("Ressources à lire d'abord", "Liens, documents, accès nécessaires.")
    examples = _long("Exemples de livrables")
    deadline = DateField("Date limite", validators=[Optional()],
                         render_kw={"placeholder": "AAAA-MM-JJ"})
    budget_amount = BudgetField("Budget", description="Un montant ou une fourchette : 450 €, 20 à 30 €/h.")
    budget_unit = SelectField("Le budget est", choices=[SelectChoice(k, v) for k, v in BUDGET_UNITS.items()],
                              default="mission",
                              description="« €/h » ou « pour la mission » dans le montant l'emporte.")
    budget_currency = SelectField("Devise", choices=CURRENCIES, default="EUR")
    priority = SelectField("Priorité", choices=[SelectChoice(k, v) for k, v in PRIORITIES.items()],
                           coerce=int, default=2)
    platform = SelectField("Plateforme", choices=[SelectChoice(k, v) for k, v in PLATFORMS.items()],
                           default="malt")
    paid_trial = BooleanField("Les candidats présélectionnés feront un essai payant", default=True)
    custom_questions = TextAreaField(
        "Vos questions supplémentaires (une par ligne)",
        description="Posées après les quatre questions obligatoires, qui ne peuvent être ni retirées "
                    "ni reformulées.",
        validators=[Optional(), Length(max=LONG_TEXT, message=f"{LONG_TEXT} caractères au maximum.")])
    # Delegation check.
    is_key_activity = BooleanField("C'est une activité clé de mon entreprise")
    could_drop = BooleanField("Cette tâche pourrait être supprimée")
    could_automate = BooleanField("Cette tâche pourrait être automatisée")
    is_repetitive = BooleanField("Elle est répétitive")
    is_support = BooleanField("C'est une tâche de support")
    is_weak_spot = BooleanField("C'est un point faible pour moi")
    is_dreaded = BooleanField("C'est une tâche que je redoute")
    brief_minutes = FrenchIntegerField("Temps pour rédiger les consignes (minutes)", validators=[
        Optional(), NumberRange(min=0, max=100_000, message="Entre 0 et 100 000 minutes.")])

    def __init__(self, *args, original_deadline: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.original_deadline = original_deadline
        # Shown back as typed: "20 à 30" from the stored low and high amounts.
        field = self.budget_amount
        if not field.raw_data and isinstance(field.data, Decimal):
            source = kwargs.get("obj")
            high = getattr(source, "budget_max", None) if source is not None else \
                (kwargs.get("data") or {}).get("budget_max")
            field.data = Budget(field.data, Decimal(str(high)) if high is not None else None, None)

    def validate_deadline(self, field):
        if field.data and field.data < date.today() and field.data != self.original_deadline:
            raise ValidationError("La date limite ne peut pas être dans le passé.")

    def validate_custom_questions(self, field):
        lines = [line.strip() for line in (field.data or "").splitlines() if line.strip()]
        if len(lines) > MAX_CUSTOM_QUESTIONS:
            raise ValidationError(f"{MAX_CUSTOM_QUESTIONS} questions supplémentaires au maximum.")
        for number, line in enumerate(lines, start=1):
            if len(line) > MAX_QUESTION_CHARS:
                raise ValidationError(f"La question {number} dépasse {MAX_QUESTION_CHARS} caractères.")

    def brief_data(self) -> dict:
        """The submitted values as plain data for the services."""
        data = {name: field.data for name, field in self._fields.items() if name != "csrf_token"}
        budget = data.pop("budget_amount")
        data["budget_amount"] = budget.low if budget else None
        data["budget_max"] = budget.high if budget else None
        data["budget_unit"] = (budget.unit if budget and budget.unit else None) or data.get("budget_unit") \
            or "mission"
        return data


class SaveTemplateForm(BaseForm):
    name = StringField("Nom du modèle", validators=[
        DataRequired(message="Donnez un nom au modèle."),
        Length(max=200, message="200 caractères au maximum.")])


class PublicationForm(BaseForm):
    published_on = DateField("Date de publication", validators=[
        DataRequired(message="Indiquez la date de publication (AAAA-MM-JJ).")])
    published_time = StringField("Heure (HH:MM)", validators=[
        DataRequired(message="Indiquez l'heure de publication."), Length(max=5)])
    published_where = StringField("Où (plateforme, groupe…)", validators=[
        DataRequired(message="Indiquez où l'annonce a été publiée."),
        Length(max=200, message="200 caractères au maximum.")])
    published_url = StringField("Lien de l'annonce (facultatif)", validators=[
        Optional(), Length(max=500, message="500 caractères au maximum.")])

    def validate_published_time(self, field):
        value = (field.data or "").strip()
        parts = value.split(":")
        if len(parts) != 2 or not all(p.isdigit() for p in parts) or not (
                0 <= int(parts[0]) <= 23 and 0 <= int(parts[1]) <= 59):
            raise ValidationError("Heure invalide : utilisez le format HH:MM, par exemple 09:30.")

    def validate_published_url(self, field):
        if field.data and not field.data.strip().lower().startswith(("http://", "https://")):
            raise ValidationError("Le lien doit commencer par http:// ou https://.")

