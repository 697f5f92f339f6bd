"""Trainers' files (Qualiopi 21, 22, 27), complaints and incidents (31), improvements (32).

For the evidence per indicator, the named selections are (acunum/complaints/models):

- `Complaint.objects.of_cycle(cycle)`: the complaints and incidents about a cycle;
- `Complaint.objects.in_period(start, end)`: received from `start` to `end`, both included
  (local days);
- `Complaint.objects.open()`: not closed yet; `.complaints()` and `.incidents()` by kind;
  they chain: `Complaint.objects.of_cycle(cycle).open()`;
- `Improvement.objects.in_period(start, end)`: decided from `start` to `end`, both included;
  `Improvement.objects.of_cycle(cycle)`: caused by a report about the cycle or its satisfaction;
- `TrainerAgreement.objects.valid_on(day)`: the intervention agreements in force that day.

A complaint's delays are `days_to_acknowledge` and `days_to_answer` (from the day it was
received); a trainer's whole file, with what an auditor would find missing, is
`acunum.complaints.trainers.trainer_file(trainer, today)`.
"""
