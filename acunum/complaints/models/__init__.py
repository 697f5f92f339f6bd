from acunum.complaints.models.complaints import (
    Complaint,
    ComplaintQuerySet,
    Improvement,
    ImprovementQuerySet,
    Refused,
)
from acunum.complaints.models.trainers import (
    TrainerAgreement,
    TrainerAgreementQuerySet,
    TrainerCV,
    TrainerEvaluation,
    TrainerTraining,
)

__all__ = [
    "Complaint",
    "ComplaintQuerySet",
    "Improvement",
    "ImprovementQuerySet",
    "Refused",
    "TrainerAgreement",
    "TrainerAgreementQuerySet",
    "TrainerCV",
    "TrainerEvaluation",
    "TrainerTraining",
]
