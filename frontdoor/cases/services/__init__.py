"""Every write to cases and contacts goes through these functions."""

# For domain apps that add to a case's record (feedback): the case locked, a timeline row.
from ._common import lock_case as lock_case
from ._common import record as record
from ._ombudsman import ombudsman_signpost
from .assisted import NewResident, open_case_for, record_chaser, resolve_at_first_contact
from .complaints import (
    add_learning_action,
    answer_complaint,
    answer_message,
    complete_learning_action,
    set_themes,
)
from .compliments import pay_compliment
from .deadlines import mark_breach
from .digests import send_breach_digests
from .following import unfollow_case
from .intake import follow_case, open_case, record_contact
from .lifecycle import (
    acknowledge,
    assign,
    close,
    escalate,
    extend,
    pause,
    record_work_done,
    reopen,
    resolve,
    resume,
    transfer,
    withdraw,
)
from .linking import add_note, flag_failed_message, link, merge
from .member_enquiries import raise_member_enquiry
from .partners import book_work
from .photos import (
    MAX_PHOTOS,
    CleanPhoto,
    attach_photos,
    check_photo_url,
    clean_photo,
    clean_upload,
)
from .responding import respond, share

__all__ = [
    "send_breach_digests",
    "NewResident",
    "add_learning_action",
    "answer_complaint",
    "answer_message",
    "book_work",
    "ombudsman_signpost",
    "complete_learning_action",
    "open_case_for",
    "raise_member_enquiry",
    "record_chaser",
    "resolve_at_first_contact",
    "set_themes",
    "MAX_PHOTOS",
    "CleanPhoto",
    "attach_photos",
    "check_photo_url",
    "clean_photo",
    "clean_upload",
    "acknowledge",
    "add_note",
    "assign",
    "close",
    "escalate",
    "extend",
    "flag_failed_message",
    "follow_case",
    "link",
    "mark_breach",
    "merge",
    "open_case",
    "pay_compliment",
    "pause",
    "record_contact",
    "record_work_done",
    "reopen",
    "respond",
    "resolve",
    "resume",
    "share",
    "transfer",
    "unfollow_case",
    "withdraw",
]
