from wtforms import BooleanField, DateField, RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from screening.forms import BaseForm, FrenchDecimalField, FrenchIntegerField
from screening.missions.forms import CURRENCIES, LONG_TEXT
from screening.missions.models import PRIORITIES
from screening.trials.models import QUALITY_LABELS

MAX_AMOUNT = 10_000_000


def _long(label, description="", required_message=None):
    validators = [DataRequired(message=required_message)] if required_message else [Optional()]
    return TextAreaField(label, description=description, validators=validators + [
        Length(max=LONG_TEXT, message=f"{LONG_TEXT} caractères au maximum.")])


def _amount(label, description=""):
    return FrenchDecimalField(label, places=2, description=description, validators=[
        InputRequired(message="Indiquez le montant (0 si l'essai n'est pas payé)."),
        NumberRange(min=0, max=MAX_AMOUNT, message="Le montant ne peut pas être négatif.")])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RoundForm(BaseForm):
    finalists = MultiCheckboxField("Finalistes invités à l'essai", coerce=int, validate_choice=False)
    brief = _long("Consignes de l'essai", "Pré-remplies depuis la mission : étapes, ressources, exemples. "
                                          "Modifiez-les pour une tâche courte.",
                  "Rédigez les consignes de l'essai.")
    criteria = _long("Critères d'acceptation", "Ce qui rend le livrable acceptable, un critère par ligne.",
                     "Indiquez au moins un critère d'acceptation.")
    amount = _amount("Montant par finaliste")
    currency = SelectField("Devise", choices=CURRENCIES, default="EUR")
    starts_on = DateField("Début", validators=[
        DataRequired(message="Indiquez la date de début (AAAA-MM-JJ).")])
    checkin_on = DateField("Point d'étape", validators=[Optional()],
                           description="Vide : à mi-parcours. Regardez le travail avant qu'il soit terminé.")
    deadline = DateField("Date limite de livraison", validators=[
        DataRequired(message="Indiquez la date limite (AAAA-MM-JJ).")])
    tasks_in_trial = FrenchIntegerField("Tâches dans l'essai", default=1, validators=[
        InputRequired(message="Indiquez le nombre de tâches de l'essai."),
        NumberRange(min=1, max=10_000, message="Entre 1 et 10 000 tâches.")])
    tasks_in_mission = FrenchIntegerField(
        "Tâches dans la mission", description="Pour projeter le coût de toute la mission "
                                                       "(par ex. 20 épisodes quand l'essai en compte 1).",
        validators=[Optional(), NumberRange(min=1, max=1_000_000, message="Entre 1 et 1 000 000 tâches.")])
    priority = SelectField("Priorité", choices=[SelectChoice(k, v) for k, v in PRIORITIES.items()],
                           coerce=int, default=2)

    def validate_finalists(self, field):
        if not field.data:
            raise ValidationError("Choisissez au moins un finaliste.")

    def validate_deadline(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError("La date limite ne peut pas précéder le début de l'essai.")

    def validate_checkin_on(self, field):
        start, end = self.starts_on.data, self.deadline.data
        if field.data and start and end and start <= end and not start <= field.data <= end:
            raise ValidationError("Le point d'étape doit tomber entre le début et la date limite.")


class StateForm(BaseForm):
    state = SelectField("Nouvel état", validate_choice=False)
    on = DateField("Le", validators=[Optional()], description="Vide : aujourd'hui.")


class EvaluationForm(BaseForm):
    quality = RadioField("Qualité au regard des critères", coerce=int,
                         choices=[SelectChoice(k, v) for k, v in QUALITY_LABELS.items()],
                         validators=[InputRequired(message="Notez la qualité de 1 à 5.")])
    tasks_completed = FrenchIntegerField("Tâches accomplies au niveau demandé", validators=[
        InputRequired(message="Indiquez le nombre de tâches accomplies (0 si aucune)."),
        NumberRange(min=0, message="Le nombre de tâches ne peut pas être négatif.")])
    on_time = BooleanField("Livré à temps")
    round_trips = FrenchIntegerField("Allers-retours (corrections demandées)", default=0, validators=[
        InputRequired(message="Indiquez le nombre d'allers-retours (0 si aucun)."),
        NumberRange(min=0, max=1000, message="Entre 0 et 1 000 allers-retours.")])
    owner_minutes = FrenchIntegerField(
        "Votre temps passé (minutes)", description="Briefer, répondre aux questions, corriger.", validators=[
            InputRequired(message="Indiquez votre temps passé en minutes (0 si aucun)."),
            NumberRange(min=0, max=100_000, message="Le temps passé ne peut pas être négatif.")])
    amount_paid = _amount("Montant réellement payé")
    notes = _long("Notes")


class DecisionForm(BaseForm):
    kept = SelectField("Finaliste retenu", coerce=int, validate_choice=False,
                       validators=[InputRequired(message="Choisissez le finaliste à garder.")])
    backup = SelectField("Remplaçant", coerce=int, validate_choice=False, validators=[Optional()])


class HourlyValueForm(BaseForm):
    hourly_value = FrenchDecimalField(
        "Valeur d'une heure de votre temps", places=2,
        description="Ce que vaut une heure de votre travail : sert à compter votre temps passé sur un essai.",
        validators=[Optional(), NumberRange(min=0, max=1_000_000,
                                            message="La valeur horaire ne peut pas être négative.")])
    hourly_currency = SelectField("Devise", choices=CURRENCIES, default="EUR")
