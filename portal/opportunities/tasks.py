"""The draft's task list (GOV.UK task list pattern): each section's status, judged by its
own fields only, from the same problems that publication checks."""

from dataclasses import dataclass

from portal import permissions
from portal.opportunities import services


@dataclass(frozen=True)
class Section:
    endpoint: str
    label: str
    problem_keys: tuple[str, ...]  # keys of services.publish_problems this section owns
    structural: bool = False       # fixed once published (tags, parts)
    optional: bool = False         # publication does not need it


SECTIONS = (
    Section("opportunities.edit_overview", "Title, summary and specification",
            ("summary", "specification")),
    Section("opportunities.edit_scope", "Client groups, outcomes and local areas",
            ("client_groups", "outcomes", "local_areas"), structural=True),
    Section("opportunities.edit_indicators", "National Indicators and improvement sought",
            ("indicators",), structural=True),
    Section("opportunities.edit_contract", "Contract value and duration",
            ("value", "duration_months")),
    Section("opportunities.edit_dates", "Deadlines", ("questions_close_at", "closes_at")),
    Section("opportunities.edit_criteria", "Evaluation criteria and weights",
            ("criteria", "weights"), structural=True),
    Section("opportunities.edit_social_clauses", "Social clauses", (), structural=True,
            optional=True),
    Section("opportunities.edit_attachments", "Documents", (), optional=True),
)

# What an optional section holds, to tell "Completed" from "Optional".
_CONTENT = {"opportunities.edit_social_clauses": "social_clauses",
            "opportunities.edit_attachments": "attachments"}


@dataclass(frozen=True)
class Task:
    section: Section
    editable: bool
    status: str                  # "Completed", "Incomplete", "Optional" or "Fixed"
    hints: tuple[str, ...]       # what is missing, in plain words


def task_list(opportunity, *, actor) -> list[Task]:
    """Every section with its status. Always from publish_problems, never from why a
    publication was refused: an unverified body's empty draft is still incomplete."""
    problems = services.publish_problems(opportunity)
    draft = permissions.can_restructure_opportunity(actor, opportunity)
    tasks = []
    for section in SECTIONS:
        hints = tuple(problems[key] for key in section.problem_keys if key in problems)
        editable = draft or not section.structural
        if not editable:
            status = "Fixed"
        elif hints:
            status = "Incomplete"
        elif section.optional and not getattr(opportunity, _CONTENT[section.endpoint]):
            status = "Optional"
        else:
            status = "Completed"
        tasks.append(Task(section, editable, status, hints))
    return tasks
