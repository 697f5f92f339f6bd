from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from acunum.attendance import ledger
from acunum.attendance.models import AttendanceEvent, LedgerHead, PaperSheet
from acunum.attendance.paper import sheet_intact
from acunum.cycles.models import Cycle


class Command(BaseCommand):
    help = "Recomputes each cycle's attendance hash chain and names the first broken record."

    def handle(self, **options):
        heads = {head.cycle_id: head for head in LedgerHead.objects.all()}
        chained = set(AttendanceEvent.objects.values_list("cycle_id", flat=True).distinct())
        # A head without events (all removed) and events without a head both break a chain.
        cycles = Cycle.objects.filter(pk__in=chained | heads.keys()).order_by("pk")
        lines, records = [], 0
        for cycle in cycles.select_related("structure", "programme_version__programme"):
            head = heads.get(cycle.pk) or LedgerHead(cycle=cycle)  # seq 0, the genesis hash
            problem = self.check_chain(cycle, head)
            if problem:
                problem.chain = f"cycle {cycle.code} ({cycle})"
                raise CommandError(f"Attendance ledger broken at {problem}")
            records += head.seq
            line = f"  {cycle.code} ({cycle}): {head.seq} records, last hash {head.hash}"
            # Erased at the end of their retention period (acunum/privacy), not a break.
            if erased := len(ledger.erased_drawings(cycle.pk)):
                line += "; " + ngettext(
                    "%(n)s drawing erased at the end of its retention period",
                    "%(n)s drawings erased at the end of their retention period",
                    erased,
                ) % {"n": erased}
            lines.append(line)
        problem = self.check_paper_sheets()
        if problem:
            raise CommandError(f"Attendance ledger broken at {problem}")
        if options["verbosity"]:
            self.stdout.write(
                f"Attendance ledger intact: {records} records in {len(lines)} cycle chains"
            )
            self.stdout.write("\n".join(lines))

    def check_chain(self, cycle, head) -> ledger.Break | None:
        events = (
            AttendanceEvent.objects.filter(cycle=cycle)
            .select_related("cycle", "slot", "enrolment")
            .order_by("seq")
        )
        problem = ledger.verify(events.iterator(chunk_size=500))
        last = events.last()
        if problem is None and (head.seq, head.hash) != (
            (last.seq, last.hash) if last else (0, ledger.GENESIS)
        ):
            # Named by the later of the two: the record removed, or the one past a removed head.
            seq = max(head.seq, last.seq if last else 0)
            problem = ledger.Break(seq, "the end of the chain does not match its last record")
        return problem

    def check_paper_sheets(self) -> ledger.Break | None:
        """Each scanned paper sheet is still the file whose digest its upload record chained."""
        sheets = PaperSheet.objects.select_related("event__cycle")
        for sheet in sheets.order_by("event__cycle_id", "event__seq"):
            if not sheet_intact(sheet):
                return ledger.Break(
                    sheet.event.seq,
                    "its paper sheet's scan was altered, replaced or removed",
                    chain=f"cycle {sheet.event.cycle.code}",
                )
        return None
