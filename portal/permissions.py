"""Who may do what: the one place that combines role, ownership and workflow state.

Views and services call these predicates; templates call them only to decide
which links to show.
"""

from portal import clock
from portal.models import Organisation, User


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_admin(user) -> bool:
    """Site staff."""
    return _signed_in(user) and user.is_admin


def is_commissioner(user) -> bool:
    """A confirmed member of a commissioning body (verified or not)."""
    return _signed_in(user) and user.role == "commissioner"


def is_provider(user) -> bool:
    """A confirmed member of a third-sector organisation."""
    return _signed_in(user) and user.role == "provider"


def can_publish_for(user, organisation: Organisation | None) -> bool:
    """Only confirmed members of a verified commissioning body may publish opportunities."""
    return (
        is_commissioner(user)
        and organisation is not None
        and user.organisation_id == organisation.id
        and organisation.is_verified
    )


def can_view_organisation_members(user, organisation: Organisation | None) -> bool:
    """Members see who else belongs to their organisation; admins see everyone. Asked before
    the organisation is looked up (None when there is none), so an outsider gets one answer
    whether or not it exists."""
    if is_admin(user):
        return True
    return (
        _signed_in(user)
        and organisation is not None
        and user.organisation_id == organisation.id
        and user.membership == "active"
    )


def can_confirm_member(user, member: User) -> bool:
    """A confirmed member, or an admin, confirms someone who asked to join the organisation."""
    if member.membership != "pending" or member.organisation_id is None:
        return False
    if is_admin(user):
        return True
    return (
        _signed_in(user)
        and user.id != member.id
        and user.organisation_id == member.organisation_id
        and user.membership == "active"
    )


def can_set_sme(user, organisation: Organisation | None) -> bool:
    """An organisation says for itself whether it is an SME: its confirmed members, or site
    staff on its behalf. Asked before the organisation is looked up, like the members list."""
    return can_view_organisation_members(user, organisation)


def can_verify_organisation(user, organisation: Organisation) -> bool:
    """Admins verify or reject organisations that are waiting."""
    return is_admin(user) and organisation.status == "pending"


def can_read_audit_log(user) -> bool:
    return is_admin(user)


def can_manage_outbox(user) -> bool:
    return is_admin(user)


# ---- Opportunities ---------------------------------------------------------------------------

def _acts_for(user, organisation_id: int | None) -> bool:
    """A confirmed member of this organisation."""
    return (
        _signed_in(user)
        and organisation_id is not None
        and user.organisation_id == organisation_id
        and user.membership == "active"
    )


def can_create_opportunity(user) -> bool:
    """Any confirmed commissioner drafts; publishing needs a verified body."""
    return is_commissioner(user)


def can_view_opportunity(user, opportunity) -> bool:
    """Published opportunities are public; a draft is seen only by its commissioning body."""
    if opportunity.is_published:
        return True
    return is_commissioner(user) and _acts_for(user, opportunity.organisation_id)


def can_edit_opportunity(user, opportunity) -> bool:
    """The owning body edits a draft freely and an open opportunity by public amendment."""
    return (
        is_commissioner(user)
        and _acts_for(user, opportunity.organisation_id)
        and opportunity.status in ("draft", "open")
    )


def can_restructure_opportunity(user, opportunity) -> bool:
    """Tags, indicators, criteria, clauses and documents are added and removed while a draft;
    once published they are fixed (documents can only be added, by amendment)."""
    return can_edit_opportunity(user, opportunity) and opportunity.status == "draft"


def can_publish_opportunity(user, opportunity) -> bool:
    """Only members of a verified commissioning body publish, and only a draft."""
    return opportunity.status == "draft" and can_publish_for(user, opportunity.organisation)


def can_cancel_opportunity(user, opportunity) -> bool:
    """The owning body cancels an open or closed opportunity, before any award; an intention
    to award must be withdrawn first (its bidders have been told of it, and hear why it is
    withdrawn)."""
    return (
        is_commissioner(user)
        and _acts_for(user, opportunity.organisation_id)
        and opportunity.status in ("open", "closed")
        and opportunity.current_intention is None
    )


def can_mark_not_awarded(user, opportunity) -> bool:
    """After closing, the owning body may decide not to award (an intention to award must
    be withdrawn first: its bidders have been told)."""
    return (
        is_commissioner(user)
        and _acts_for(user, opportunity.organisation_id)
        and opportunity.status == "closed"
        and opportunity.current_intention is None
    )


def can_ask_question(user, opportunity) -> bool:
    """Providers ask clarification questions until the question deadline."""
    return is_provider(user) and opportunity.questions_open


def can_answer_questions(user, opportunity) -> bool:
    """The owning body answers questions on its published opportunity."""
    return (
        is_commissioner(user)
        and _acts_for(user, opportunity.organisation_id)
        and opportunity.status in ("open", "closed")
    )


def can_manage_social_clauses(user) -> bool:
    """Admins maintain the social clause taxonomy."""
    return is_admin(user)


# ---- Bids: sealed until the deadline ----------------------------------------------------------

def _sealed(opportunity) -> bool:
    """Before closes_at nobody outside the bidding organisation may learn anything of a bid.
    By the time, not the status: an opportunity cancelled before its deadline is no longer
    open, but its bids were sent in confidence until then."""
    return not bids_received_is_public(opportunity)


def bids_received_is_public(opportunity, at=None) -> bool:
    """The number of bids received (never who sent them, nor what they said) is public data
    from the deadline on: at `at` (now unless given: a release's date, no later than now),
    closes_at had passed. Never before (it would tell bidders how many rivals they have), never
    for a draft. Status alone would not do: one cancelled before its deadline is not "open"."""
    moment = clock.now() if at is None else min(at, clock.now())
    return (opportunity.is_published and opportunity.closes_at is not None
            and opportunity.closes_at <= moment)


def can_start_bid(user, opportunity) -> bool:
    """A provider starts (or returns to) its organisation's one bid while it is open."""
    return is_provider(user) and opportunity.status == "open"


def can_edit_bid(user, bid) -> bool:
    """Any member of the bidding organisation works on the bid until closes_at."""
    return (
        is_provider(user)
        and _acts_for(user, bid.organisation_id)
        and bid.opportunity.status == "open"
    )


def can_read_bid(user, bid) -> bool:
    """The bidding organisation always; after closing, the owning body and admins read
    submitted bids. Nobody else, ever; before closing, not even admins."""
    if _acts_for(user, bid.organisation_id) and is_provider(user):
        return True
    if _sealed(bid.opportunity) or bid.status != "submitted" or not bid.versions:
        return False
    if is_admin(user):
        return True
    return evaluates_bid(user, bid)


def can_send_receipts_again(user, bid) -> bool:
    """The bidding organisation has its own undelivered receipts sent again (staff cannot see
    them while the bid is sealed)."""
    return is_provider(user) and _acts_for(user, bid.organisation_id)


def can_view_bids_received(user, opportunity) -> bool:
    """After closing, the evaluators (see `is_evaluator`) and admins see the list of bids
    received; a panel member sees it once they have declared their conflicts."""
    if _sealed(opportunity):
        return False
    if is_admin(user):
        return True
    member = panel_place(user, opportunity)
    return is_evaluator(user, opportunity) and (member is None or member.declared_at is not None)


# ---- Evaluation panels ------------------------------------------------------------------------

def panel_place(user, opportunity):
    """The user's accepted place on the opportunity's panel, or None."""
    if not _signed_in(user):
        return None
    return next((m for m in opportunity.panel if m.user_id == user.id and m.accepted_at), None)


def is_evaluator(user, opportunity) -> bool:
    """Who evaluates: with no panel formed, the owning body's commissioners (a panel of one,
    as before panels existed); once one is formed, its accepted members and no one else."""
    if not opportunity.panel:
        return is_commissioner(user) and _acts_for(user, opportunity.organisation_id)
    return is_commissioner(user) and panel_place(user, opportunity) is not None


def must_declare_conflicts(user, opportunity) -> bool:
    """A panel member's first look after the deadline is the declaration of conflicts: until
    it is made they see no bid, and the bidders' names only on that page."""
    member = panel_place(user, opportunity)
    return (member is not None and member.declared_at is None and is_commissioner(user)
            and not _sealed(opportunity))


def evaluates_bid(user, bid) -> bool:
    """An evaluator who has declared and has no conflict with this bid takes part in it."""
    opportunity = bid.opportunity
    if not is_evaluator(user, opportunity):
        return False
    member = panel_place(user, opportunity)
    return member is None or (member.declared_at is not None and not member.conflicted_with(bid))


def can_manage_panel(user, opportunity) -> bool:
    """The owning body forms the panel, before or after the deadline, until the award."""
    return (
        is_commissioner(user)
        and _acts_for(user, opportunity.organisation_id)
        and opportunity.status in ("draft", "open", "closed")
    )


def can_view_panel(user, opportunity) -> bool:
    """The owning body and the panel's own members see who sits on it."""
    return can_manage_panel(user, opportunity) or panel_place(user, opportunity) is not None


def can_evaluate(user, opportunity) -> bool:
    """Evaluators score bids after closing, until an intention to award is notified (a
    withdrawn one reopens the evaluation)."""
    return (is_evaluator(user, opportunity) and opportunity.status == "closed"
            and opportunity.current_intention is None)


def _chairs(user, opportunity) -> bool:
    """The panel's chair (declared), or with no panel formed the owning body's commissioners."""
    if not is_evaluator(user, opportunity):
        return False
    member = panel_place(user, opportunity)
    return not opportunity.panel or (member is not None and member.is_chair
                                     and member.declared_at is not None)


def can_moderate(user, opportunity) -> bool:
    """The chair records the consensus scores and notifies the intention to award; with no
    panel formed, the owning body's commissioners, whose own scores are the consensus."""
    return can_evaluate(user, opportunity) and _chairs(user, opportunity)


def can_decide_award(user, opportunity) -> bool:
    """After the intention: the chair answers challenges, withdraws it, or confirms it."""
    return opportunity.status == "closed" and _chairs(user, opportunity)


def can_see_debrief(user, bid) -> bool:
    """From the intention to award on, each bidder reads its own debrief (nothing of other
    bids but the intended winner's scores)."""
    return (
        is_provider(user)
        and _acts_for(user, bid.organisation_id)
        and bid.status == "submitted"
        and bid.opportunity.current_intention is not None
    )


def can_challenge(user, bid) -> bool:
    """A bidder challenges the intended award during the standstill."""
    intention = bid.opportunity.current_intention
    return (
        can_see_debrief(user, bid)
        and intention.confirmed_at is None
        and intention.in_standstill(clock.now())
    )


def can_see_own_evaluation(user, bid) -> bool:
    """After the award, a bidder sees its own scores, rank, the winning score and feedback."""
    return (
        _acts_for(user, bid.organisation_id)
        and bid.outcome is not None
        and bid.opportunity.status == "awarded"
    )


def can_report_outcomes(user, contract) -> bool:
    """The winning provider reports outcomes on its contract."""
    return is_provider(user) and _acts_for(user, contract.organisation_id)


def can_decide_reports_on(user, contract) -> bool:
    """The commissioning body decides on the contract's outcome reports (asked before a
    report is looked up, so nobody else learns which reports exist)."""
    return is_commissioner(user) and _acts_for(user, contract.opportunity.organisation_id)


def can_edit_schedule(user, contract) -> bool:
    """The commissioning body keeps the contract's reporting schedule."""
    return can_decide_reports_on(user, contract)


def can_edit_period(user, period) -> bool:
    """A period may change or go only while no report was made against it."""
    return can_edit_schedule(user, period.contract) and not period.reports


def can_vary_contract(user, contract) -> bool:
    """The commissioning body records variations (value, end date) on its contract."""
    return can_decide_reports_on(user, contract)


def can_view_contracts_let(user, organisation) -> bool:
    """The commissioning body's own members see the contracts it let, with the outcome
    reports waiting for them (their dashboard); site staff have no dashboard list."""
    return is_commissioner(user) and organisation is not None and _acts_for(
        user, organisation.id)


def can_view_contracts_won(user, organisation) -> bool:
    """A provider's own members see the reports their organisation owes (their dashboard)."""
    return is_provider(user) and organisation is not None and _acts_for(user, organisation.id)


def can_decide_report(user, report) -> bool:
    """The commissioning body confirms or returns a submitted outcome report."""
    return can_decide_reports_on(user, report.contract) and report.status == "submitted"


def can_draft_library_entry_from(user, contract) -> bool:
    """Either party to a finished contract turns it into a practice library entry."""
    return (
        (_acts_for(user, contract.organisation_id)
         or _acts_for(user, contract.opportunity.organisation_id))
        and contract.ends_on < clock.now().date()
    )


def can_view_contract_reports(user, contract) -> bool:
    """Both parties to a contract, and admins, see all its reports; the public, confirmed ones."""
    return is_admin(user) or _acts_for(user, contract.organisation_id) or _acts_for(
        user, contract.opportunity.organisation_id)


# ---- Feedback from the people who use services ----------------------------------------------

def can_moderate_feedback(user) -> bool:
    """Site staff read feedback as given (with the giver's details) and decide what is public."""
    return is_admin(user)


def can_see_contract_feedback(user, contract) -> bool:
    """The commissioning body sees all feedback on the contracts it let, published or not
    (staff see it in moderation); the provider sees only what is published, like anyone."""
    return is_admin(user) or (
        is_commissioner(user) and _acts_for(user, contract.opportunity.organisation_id))


def may_know_of_feedback(user, feedback) -> bool:
    """Published feedback is public; unpublished feedback exists only for staff and the
    commissioning body (anyone else is answered as if there were none)."""
    return feedback.status == "published" or can_see_contract_feedback(user, feedback.contract)


def can_see_feedback_giver(user, feedback) -> bool:
    """Who gave feedback and how to reach them: staff always; the commissioner only when the
    giver said they may be contacted; the provider and the public never."""
    if is_admin(user):
        return True
    return feedback.may_contact and can_see_contract_feedback(user, feedback.contract)


def can_note_feedback_action(user, feedback) -> bool:
    """The commissioning body records what it did about feedback on its contract."""
    return is_commissioner(user) and _acts_for(
        user, feedback.contract.opportunity.organisation_id)


def can_reply_to_feedback(user, feedback) -> bool:
    """The provider replies publicly, once, to feedback that has been published."""
    return (is_provider(user) and _acts_for(user, feedback.contract.organisation_id)
            and feedback.status == "published" and feedback.reply is None)


# ---- Innovation Exchange ---------------------------------------------------------------------

INNOVATION_EDITABLE = {"draft", "returned", "published", "withdrawn"}
INNOVATION_SUBMITTABLE = {"draft", "returned", "withdrawn"}


def can_create_innovation(user) -> bool:
    """Members of third-sector organisations share innovations."""
    return is_provider(user)


def can_view_innovation(user, innovation) -> bool:
    """Everyone sees a published innovation; only its organisation and admins see the rest."""
    if innovation.status == "published" or is_admin(user):
        return True
    return is_provider(user) and _acts_for(user, innovation.organisation_id)


def can_edit_innovation(user, innovation) -> bool:
    """Members of the owning organisation edit it, except while it waits for moderation."""
    return (
        is_provider(user)
        and _acts_for(user, innovation.organisation_id)
        and innovation.status in INNOVATION_EDITABLE
    )


def can_submit_innovation(user, innovation) -> bool:
    """Members of the owning organisation send a draft, returned or withdrawn one to moderation."""
    return (
        is_provider(user)
        and _acts_for(user, innovation.organisation_id)
        and innovation.status in INNOVATION_SUBMITTABLE
    )


def can_moderate_innovations(user) -> bool:
    """Admins see the moderation queue."""
    return is_admin(user)


def can_moderate_innovation(user, innovation) -> bool:
    """Admins publish or return an innovation that waits for moderation."""
    return is_admin(user) and innovation.status == "submitted"


def can_withdraw_innovation(user, innovation) -> bool:
    """Admins take a published innovation down, with a reason."""
    return is_admin(user) and innovation.status == "published"


def can_express_interest(user, innovation) -> bool:
    """Members of verified commissioning bodies write to the organisation behind it."""
    return (
        is_commissioner(user)
        and user.organisation.is_verified
        and innovation.status == "published"
    )


def can_record_adoption(user, innovation) -> bool:
    """Members of verified commissioning bodies record that they took it up."""
    return can_express_interest(user, innovation)


def can_read_innovation_interests(user) -> bool:
    """Providers read the interest their organisation's innovations received; commissioners
    read the interest their own body sent."""
    return is_provider(user) or is_commissioner(user)


# ---- Practice library ------------------------------------------------------------------------

class CommandLine:
    """The actor for `flask` commands run by site staff on the server (imports, say)."""

    is_authenticated = True
    is_admin = True
    id = None
    name = "Site staff (command line)"
    role = "admin"


COMMAND_LINE = CommandLine()


def can_contribute_library_entry(user) -> bool:
    """Anyone signed in may contribute an entry; an admin publishes it."""
    return _signed_in(user)


def can_view_library_entry(user, entry) -> bool:
    """Published entries are public; the contributor and admins see the others too."""
    if entry.status == "published" or is_admin(user):
        return True
    return _signed_in(user) and entry.contributor_id == user.id


def can_edit_library_entry(user, entry) -> bool:
    """Admins edit any entry; the contributor edits theirs while it waits or was returned."""
    if is_admin(user):
        return True
    return (
        _signed_in(user)
        and entry.contributor_id == user.id
        and entry.status in ("submitted", "returned")
    )


def can_moderate_library_entry(user, entry) -> bool:
    """Admins publish or return a waiting entry, and unpublish or republish a published one."""
    return is_admin(user) and entry.status in ("submitted", "published", "unpublished")


def can_delete_library_entry(user, entry) -> bool:
    """Only admins delete entries."""
    return is_admin(user)


def can_moderate_library(user) -> bool:
    """Admins see the queue of entries waiting for moderation."""
    return is_admin(user)


def can_import_library(user) -> bool:
    """Bulk import publishes at once, so only site staff may run it."""
    return is_admin(user)


# ---- Alerts, follows and notifications -------------------------------------------------------

def can_save_alert(user) -> bool:
    """Anyone with an account saves searches as alerts (the mail goes to their own address)."""
    return _signed_in(user)


def can_manage_alert(user, alert) -> bool:
    """Only the owner changes, stops or deletes an alert."""
    return _signed_in(user) and alert.user_id == user.id


def can_follow_opportunity(user, opportunity) -> bool:
    """Anyone signed in, outside the commissioning body, follows a published opportunity
    until it is settled (awarded, not awarded or cancelled)."""
    return (
        _signed_in(user)
        and opportunity.status in ("open", "closed")
        and not _acts_for(user, opportunity.organisation_id)
    )


def can_read_notification(user, notification) -> bool:
    return _signed_in(user) and notification.user_id == user.id
# ---- Areas and indicators --------------------------------------------------------------------

def can_import_indicator_values(user) -> bool:
    """Bulk import replaces published figures, so only site staff may run it."""
    return is_admin(user)


def can_record_laa(user, local_area) -> bool:
    """Members of a verified commissioning body record the LAA of the local area it serves."""
    return (
        is_commissioner(user)
        and user.organisation.is_verified
        and local_area is not None
        and user.organisation.local_area_code == local_area.code
    )


def can_set_organisation_area(user, organisation) -> bool:
    """Site staff say which local area a commissioning body serves."""
    return is_admin(user) and organisation.is_commissioning_body


# ---- Guidance --------------------------------------------------------------------------------

def can_edit_guidance(user) -> bool:
    """Site staff write guidance, publish it and withdraw it."""
    return is_admin(user)


def can_view_guidance(user, page) -> bool:
    """A published page is public; a draft or a withdrawn page is for site staff only."""
    return page.is_published or is_admin(user)


def can_read_guidance_history(user) -> bool:
    """Site staff see every version a page has published; the public read the latest."""
    return is_admin(user)


def can_describe_service(user, contract) -> bool:
    """The provider running the service writes its directory listing; the commissioning body
    and site staff may correct it."""
    return (is_admin(user) or can_report_outcomes(user, contract)
            or (is_commissioner(user) and _acts_for(user, contract.opportunity.organisation_id)))


# ---- Regional events -------------------------------------------------------------------------

def _verified_commissioner(user) -> bool:
    return is_commissioner(user) and user.organisation.is_verified


def commissioner_region(user) -> str | None:
    """The region of the local area a commissioner's body serves (set by site staff)."""
    if not _verified_commissioner(user) or user.organisation.local_area is None:
        return None
    return user.organisation.local_area.region_code


def can_organise_events(user) -> bool:
    """Site staff and members of a verified commissioning body organise events."""
    return is_admin(user) or _verified_commissioner(user)


def can_organise_event_for(user, region_code: str | None, opportunity) -> bool:
    """Staff organise anywhere. A commissioner organises in their own body's region, or a
    market engagement day for one of their own body's opportunities (wherever it is)."""
    if is_admin(user):
        return True
    if not _verified_commissioner(user):
        return False
    if opportunity is not None:
        return _acts_for(user, opportunity.organisation_id)
    return region_code is not None and region_code == commissioner_region(user)


def can_manage_event(user, event) -> bool:
    """Staff, or the body that organises it, edit, publish and cancel an event and read its
    attendee list."""
    return is_admin(user) or (_verified_commissioner(user)
                              and _acts_for(user, event.organisation_id))


def can_view_event(user, event) -> bool:
    """A published event (cancelled or not) is public; a draft is its organisers' only."""
    return event.is_published or can_manage_event(user, event)


def can_register_for(event) -> bool:
    """Anyone may take a place at a published event that is not cancelled and not started."""
    return event.is_published and not event.is_cancelled and event.starts_at > clock.now()
