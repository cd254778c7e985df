"""`thidua manage rebuild_report_summaries [--check]` — recount the report tallies from the registry."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = ("Tính lại các bảng tổng hợp báo cáo (reports_*tally) từ sổ khen thưởng. --check: chỉ so sánh "
            "bảng tổng hợp với đếm trực tiếp (chậm với sổ lớn), không ghi gì.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="chỉ kiểm tra, không tính lại")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            from thidua.reports.selectors import summary_mismatches

            mismatches = summary_mismatches(limit=20)
            if mismatches:
                raise CommandError("Bảng tổng hợp lệch với sổ khen thưởng (20 chỗ đầu):\n" + "\n".join(mismatches))
            self.stdout.write("Bảng tổng hợp khớp với sổ khen thưởng.")
            return
        from thidua.reports.services import rebuild_summaries

        self.stdout.write(rebuild_summaries(by="thidua manage rebuild_report_summaries").summary())
