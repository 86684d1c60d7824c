from wtforms import DateField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from screening.forms import BaseForm, FrenchDecimalField, FrenchIntegerField
from screening.missions.forms import CURRENCIES, LONG_TEXT
from screening.missions.models import PLATFORMS, PRIORITIES
from screening.portfolio.models import QUALITIES, VERDICTS

MAX_MINUTES = 100_000
MAX_AMOUNT = 10_000_000


def _long(label, description=""):
    return TextAreaField(label, description=description, validators=[
        Optional(), Length(max=LONG_TEXT, message=f"{LONG_TEXT} caractères au maximum.")])


def _minutes(label, description="", required=True):
    first = InputRequired(message="Indiquez un temps en minutes (0 si aucun).") if required else Optional()
    return FrenchIntegerField(label, description=description, default=0 if required else None, validators=[
        first, NumberRange(min=0, max=MAX_MINUTES, message="Un temps ne peut pas être négatif "
                                                           f"(et {MAX_MINUTES} minutes au plus).")])


class CollaboratorForm(BaseForm):
    name = StringField("Nom", validators=[DataRequired(message="Donnez le nom du collaborateur."),
                                          Length(max=200, message="200 caractères au maximum.")])
    email = StringField("E-mail", validators=[
        Optional(), Length(max=254, message="254 caractères au maximum.")])
    platform = SelectField("Plateforme", choices=[SelectChoice(k, v) for k, v in PLATFORMS.items()],
                           default="other")
    profile_url = StringField("Lien du profil", validators=[
        Optional(), Length(max=2048, message="2 048 caractères au maximum.")])
    hourly_rate = FrenchDecimalField("Tarif horaire", places=2, validators=[
        Optional(), NumberRange(min=0, max=MAX_AMOUNT, message="Le tarif horaire ne peut pas être négatif.")])
    currency = SelectField("Devise", choices=CURRENCIES, default="EUR")
    backup_id = SelectField("Remplaçant", coerce=int, validate_choice=False, default=0)
    notes = _long("Notes")

    def data_for_service(self) -> dict:
        return {name: getattr(self, name).data or ("" if name != "hourly_rate" else None)
                for name in ("name", "email", "platform", "profile_url", "hourly_rate", "currency", "notes")}


class TaskForm(BaseForm):
    collaborator_id = SelectField("Confiée à", coerce=int, validate_choice=False,
                                  validators=[InputRequired(message="Choisissez un collaborateur.")])
    template_id = HiddenField()
    title = StringField("Titre de la tâche", validators=[
        DataRequired(message="Donnez un titre à la tâche."),
        Length(max=200, message="200 caractères au maximum.")])
    priority = SelectField("Priorité", choices=[SelectChoice(k, v) for k, v in PRIORITIES.items()],
                           coerce=int, default=2)
    starts_on = DateField("Début", validators=[
        DataRequired(message="Indiquez la date de début (AAAA-MM-JJ).")])
    deadline = DateField("Date limite", validators=[
        DataRequired(message="Indiquez la date limite (AAAA-MM-JJ).")])
    checkins = StringField("Points d'étape", description="Une ou plusieurs dates (AAAA-MM-JJ), séparées par "
                                                          "des virgules. Vide : à mi-parcours.",
                           validators=[Optional(), Length(max=200, message="200 caractères au maximum.")])
    doc_url = StringField("Document partagé", description="Le lien du document où le travail avance "
                                                          "(pour regarder avant la fin).",
                          validators=[Optional(), Length(max=2048, message="2 048 caractères au maximum.")])
    objective = _long("Objectif")
    deliverable = _long("Livrable attendu")
    steps = _long("Étapes", "Comment vous faites la tâche vous-même, étape par étape.")
    measured_minutes = FrenchIntegerField("Temps mesuré en la faisant vous-même (minutes)", validators=[
        Optional(), NumberRange(min=1, max=MAX_MINUTES, message=f"Entre 1 et {MAX_MINUTES} minutes.")])
    resources = _long("Ressources")
    examples = _long("Exemples de livrables")
    checklist = _long("Contrôle qualité", "Ce qui doit être vérifié avant de livrer, un point par ligne.")

    def validate_deadline(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError("La date limite ne peut pas précéder le début de la tâche.")

    def checkin_dates(self):
        """The typed check-in dates; a bad one is a form error."""
        from datetime import date
        days = []
        for part in (self.checkins.data or "").replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            try:
                days.append(date.fromisoformat(part))
            except ValueError:
                raise ValidationError(f"« {part[:20]} » n'est pas une date (AAAA-MM-JJ).")
        return days

    def validate_checkins(self, field):
        self.checkin_dates()

    def data_for_service(self) -> dict:
        fields = ("title", "priority", "starts_on", "deadline", "doc_url", "objective", "deliverable",
                  "steps", "measured_minutes", "resources", "examples", "checklist")
        return {name: getattr(self, name).data if getattr(self, name).data is not None
                else (None if name in ("measured_minutes", "starts_on", "deadline") else "")
                for name in fields}


class MoveForm(BaseForm):
    state = SelectField("Nouvel état", validate_choice=False)
    reason = StringField("Ce qui bloque", validators=[
        Optional(), Length(max=2000, message="2 000 caractères au maximum.")])


class CheckinPlanForm(BaseForm):
    planned_on = DateField("Nouveau point d'étape", validators=[
        DataRequired(message="Indiquez la date du point d'étape (AAAA-MM-JJ).")])


class CheckinLogForm(BaseForm):
    checkin_id = HiddenField()
    seen = TextAreaField("Ce que vous avez vu", validators=[
        DataRequired(message="Notez ce que vous avez vu du travail."),
        Length(max=LONG_TEXT, message=f"{LONG_TEXT} caractères au maximum.")])
    minutes = _minutes("Votre temps passé (minutes)", "Regarder, expliquer, répondre.")
    verdict = RadioField("Verdict", choices=[SelectChoice(k, v) for k, v in VERDICTS.items()],
                         validators=[InputRequired(message="Choisissez : sur la bonne voie, ou hors piste.")])
    note = _long("Note", "Hors piste : ce qui ne va pas, à dire au collaborateur.")

    def validate_note(self, field):
        if self.verdict.data == "off_track" and not (field.data or "").strip():
            raise ValidationError("Hors piste : notez ce qui ne va pas, pour le dire au collaborateur.")


class CompletionForm(BaseForm):
    amount_paid = FrenchDecimalField("Montant payé", places=2, validators=[
        InputRequired(message="Indiquez le montant payé (0 si rien)."),
        NumberRange(min=0, max=MAX_AMOUNT, message="Le montant ne peut pas être négatif.")])
    quality = RadioField("Qualité", choices=[SelectChoice(k, v) for k, v in QUALITIES.items()],
                         validators=[InputRequired(message="Choisissez la qualité du livrable.")])
    briefing_minutes = _minutes("Briefer (minutes)")
    answering_minutes = _minutes("Répondre aux questions (minutes)")
    correcting_minutes = _minutes("Corriger (minutes)")
    rework_minutes = _minutes("Reprendre ou refaire (minutes)")
    actual_minutes = _minutes("Temps passé par le collaborateur (minutes)",
                              "Pour comparer au temps mesuré du modèle. Vide : inconnu.", required=False)
    on = DateField("Terminée le", validators=[Optional()], description="Vide : aujourd'hui.")


class ModelForm(BaseForm):
    name = StringField("Nom du modèle", validators=[DataRequired(message="Donnez un nom au modèle."),
                                                    Length(max=200, message="200 caractères au maximum.")])
    title = StringField("Titre de la tâche", validators=[
        Optional(), Length(max=200, message="200 caractères au maximum.")])
    objective = _long("Objectif")
    deliverable = _long("Livrable attendu")
    procedure = _long("Étapes", "Comment vous faites la tâche vous-même, étape par étape.")
    measured_minutes = FrenchIntegerField("Temps mesuré en la faisant vous-même (minutes)", validators=[
        Optional(), NumberRange(min=1, max=MAX_MINUTES, message=f"Entre 1 et {MAX_MINUTES} minutes.")])
    resources = _long("Ressources")
    examples = _long("Exemples de livrables")
    checklist = _long("Contrôle qualité", "Ce qui doit être vérifié avant de livrer, un point par ligne.")


class DeleteCollaboratorForm(BaseForm):
    reassign_to = SelectField("Réassigner ses tâches ouvertes à", coerce=int, validate_choice=False,
                              default=0)
