from datetime import datetime, timezone

from flask import abort
from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from screening.extensions import db
from screening.missions.delegation import DelegationAnswers, check_delegation
from screening.missions.models import BRIEF_FIELDS, Mission, MissionTemplate, Posting
from screening.missions.posting import PostingBrief, generate_posting
from screening.timeutil import utcnow

SORTS = ("priority", "deadline", "created")
MISSION_FIELDS = BRIEF_FIELDS + ("deadline",)


def get_mission(owner_id: int, mission_id: int) -> Mission:
    """The owner's mission, or 404 (also when it belongs to another account)."""
    mission = db.session.scalar(select(Mission).where(Mission.id == mission_id, Mission.owner_id == owner_id))
    if mission is None:
        abort(404)
    return mission


def list_missions(owner_id: int, sort: str = "priority", include_archived: bool = False,
                  only_open: bool = False) -> list[Mission]:
    """The owner's missions, sorted by priority, deadline or creation (only the open ones if asked)."""
    # Postings load with the missions (one query), not one lazy load per card.
    query = select(Mission).where(Mission.owner_id == owner_id).options(selectinload(Mission.postings))
    if only_open:
        query = query.where(Mission.status == "open")
    elif not include_archived:
        query = query.where(Mission.status != "archived")
    no_deadline_last = case((Mission.deadline.is_(None), 1), else_=0)
    if sort == "deadline":
        query = query.order_by(no_deadline_last, Mission.deadline, Mission.priority, Mission.id)
    elif sort == "created":
        query = query.order_by(Mission.created_at.desc(), Mission.id.desc())
    else:
        query = query.order_by(Mission.priority, no_deadline_last, Mission.deadline, Mission.id)
    return list(db.session.scalars(query))


def has_missions(owner_id: int) -> bool:
    """True when the owner has at least one mission, whatever its status."""
    return db.session.scalar(select(Mission.id).where(Mission.owner_id == owner_id).limit(1)) is not None


def _apply(mission: Mission, data: dict) -> None:
    for name in MISSION_FIELDS:
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = value.strip()
            setattr(mission, name, value)


def create_mission(owner_id: int, data: dict) -> Mission:
    """Create a mission from the brief's values."""
    mission = Mission(owner_id=owner_id)
    _apply(mission, data)
    db.session.add(mission)
    db.session.commit()
    return mission


def update_mission(mission: Mission, data: dict) -> Mission:
    """Save the edited brief."""
    _apply(mission, data)
    db.session.commit()
    return mission


def set_archived(mission: Mission, archived: bool) -> None:
    """Archive a mission, or bring it back to the open list."""
    mission.status = "archived" if archived else "open"
    mission.archived_at = utcnow() if archived else None
    db.session.commit()


def delegation_advice(mission: Mission):
    """The delegation check's advice for a mission."""
    return check_delegation(DelegationAnswers(
        is_key_activity=mission.is_key_activity, could_drop=mission.could_drop,
        could_automate=mission.could_automate, is_repetitive=mission.is_repetitive,
        is_support=mission.is_support, is_weak_spot=mission.is_weak_spot, is_dreaded=mission.is_dreaded,
        brief_minutes=mission.brief_minutes, measured_minutes=mission.measured_minutes))


def posting_brief(mission: Mission) -> PostingBrief:
    return PostingBrief(
        title=mission.title, objective=mission.objective, context=mission.context,
        deliverable=mission.deliverable, procedure=mission.procedure, resources=mission.resources,
        examples=mission.examples, deadline=mission.deadline, budget_amount=mission.budget_amount,
        budget_currency=mission.budget_currency, budget_max=mission.budget_max,
        budget_unit=mission.budget_unit or "mission", paid_trial=mission.paid_trial,
        custom_questions=tuple(mission.custom_question_list))


def generate_posting_version(mission: Mission) -> tuple[Posting, bool]:
    """Generate the posting; keep a new version only when the text changed. Returns (posting, created)."""
    plain, markdown = generate_posting(posting_brief(mission))
    latest = mission.latest_posting
    if latest is not None and latest.text_plain == plain and latest.text_markdown == markdown:
        return latest, False
    posting = Posting(mission=mission, version=(latest.version + 1) if latest else 1,
                      text_plain=plain, text_markdown=markdown)
    db.session.add(posting)
    db.session.commit()
    return posting, True


def get_posting(mission: Mission, posting_id: int) -> Posting:
    posting = db.session.scalar(
        select(Posting).where(Posting.id == posting_id, Posting.mission_id == mission.id))
    if posting is None:
        abort(404)
    return posting


def record_publication(posting: Posting, published_at: datetime, where: str, url: str = "") -> None:
    """Record when and where a posting was published (the start of reply-speed measures)."""
    if published_at.tzinfo is None:
        published_at = published_at.replace(tzinfo=timezone.utc)
    posting.published_at = published_at.astimezone(timezone.utc)
    posting.published_where = where.strip()
    posting.published_url = (url or "").strip()
    db.session.commit()


def _json_value(value):
    if hasattr(value, "quantize"):
        return str(value)
    return value


def save_template(mission: Mission, name: str) -> MissionTemplate:
    """Save a mission's brief as a reusable template."""
    brief = {field: _json_value(getattr(mission, field)) for field in BRIEF_FIELDS}
    template = MissionTemplate(owner_id=mission.owner_id, name=name.strip(), brief=brief)
    db.session.add(template)
    db.session.commit()
    return template


def list_templates(owner_id: int) -> list[MissionTemplate]:
    return list(db.session.scalars(
        select(MissionTemplate).where(MissionTemplate.owner_id == owner_id).order_by(MissionTemplate.name)))


def get_template(owner_id: int, template_id: int) -> MissionTemplate:
    template = db.session.scalar(select(MissionTemplate).where(
        MissionTemplate.id == template_id, MissionTemplate.owner_id == owner_id))
    if template is None:
        abort(404)
    return template


def delete_template(template: MissionTemplate) -> None:
    db.session.delete(template)
    db.session.commit()
