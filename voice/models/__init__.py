"""Every table of Seen & Heard, on one metadata. Import tables from here."""

from voice.models.base import metadata, utcnow
from voice.models.places import Area, LocalAuthority, LocalAuthorityBase
from voice.models.people import PURPOSES, ROLES, ConsentRecord, Respondent, User, UserAuthority
from voice.models.jobs import JOB_STATES, Job
from voice.models.surveys import (Answer, Invitation, Question, Response, SafeguardingFlag,
                                  Survey, SurveyDraft, SurveyVersion)
from voice.models.documents import DOCUMENT_KINDS, Document, ImportBatch
from voice.models.codebooks import (APPLICATION_SOURCES, APPLICATION_STATUSES, Code,
                                    CodeApplication, Codebook, CodebookVersion, CodingAssignment,
                                    CodingSample, Excerpt, Memo)
from voice.models.topics import DocumentTopic, EmbeddingCache, Topic, TopicRun
from voice.models.audit import AuditEvent, AuditSeal
from voice.models.subject import Challenge, ConsentLink, SubjectRequest
from voice.models.indicators import CareLeaverReturn, IndicatorRelease

__all__ = [
    "metadata", "utcnow",
    "Area", "LocalAuthority", "LocalAuthorityBase",
    "PURPOSES", "ROLES", "ConsentRecord", "Respondent", "User", "UserAuthority",
    "JOB_STATES", "Job",
    "Answer", "Invitation", "Question", "Response", "SafeguardingFlag", "Survey", "SurveyDraft",
    "SurveyVersion",
    "DOCUMENT_KINDS", "Document", "ImportBatch",
    "APPLICATION_SOURCES", "APPLICATION_STATUSES", "Code", "CodeApplication", "Codebook",
    "CodebookVersion", "CodingAssignment", "CodingSample", "Excerpt", "Memo",
    "DocumentTopic", "EmbeddingCache", "Topic", "TopicRun",
    "AuditEvent", "AuditSeal",
    "Challenge", "ConsentLink", "SubjectRequest",
    "CareLeaverReturn", "IndicatorRelease",
]
