from django.core.management.base import BaseCommand, CommandError

from acunum.attendance import ledger
from acunum.attendance.models import AttendanceEvent, LedgerHead, PaperSheet
from acunum.attendance.paper import sheet_intact


class Command(BaseCommand):
    help = "Recomputes the attendance ledger's hash chain and names the first broken record."

    def handle(self, **options):
        events = AttendanceEvent.objects.select_related("cycle", "slot", "enrolment").order_by(
            "seq"
        )
        problem = ledger.verify(events.iterator(chunk_size=500))
        # No head at all is an empty ledger (a flushed database), not a broken one.
        head = LedgerHead.objects.filter(pk=1).first() or LedgerHead(seq=0, hash=ledger.GENESIS)
        last = events.last()
        if problem is None and (head.seq, head.hash) != (
            (last.seq, last.hash) if last else (0, ledger.GENESIS)
        ):
            problem = ledger.Break(head.seq, "the end of the chain does not match its last record")
        if problem is None:
            problem = self.check_paper_sheets()
        if problem:
            raise CommandError(f"Attendance ledger broken at {problem}")
        if options["verbosity"]:
            self.stdout.write(
                f"Attendance ledger intact: {head.seq} records, last hash {head.hash}"
            )

    def check_paper_sheets(self) -> ledger.Break | None:
        """Each scanned paper sheet is still the file whose digest its upload record chained."""
        for sheet in PaperSheet.objects.select_related("event").order_by("event__seq"):
            if not sheet_intact(sheet):
                return ledger.Break(
                    sheet.event.seq, "its paper sheet's scan was altered, replaced or removed"
                )
        return None
