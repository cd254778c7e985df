"""``thidua manage migrate_private_files [--from var/media] [--dry-run]``: stored files to random names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thidua.documents.files import migrate_stored_files


class Command(BaseCommand):
    help = "Đổi tên các tệp đã lưu sang tên ngẫu nhiên trong kho riêng (giữ tên gốc để tải về)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="old_root", default="",
                            help="thư mục tệp cũ (vd. var/media) nếu khác MEDIA_ROOT hiện tại")
        parser.add_argument("--dry-run", action="store_true", help="chỉ liệt kê, không đổi gì")

    def handle(self, *args: Any, **options: Any) -> None:
        old_root = Path(options["old_root"]) if options["old_root"] else None
        report = migrate_stored_files(old_root=old_root, dry_run=options["dry_run"])
        verb = "Sẽ chuyển" if options["dry_run"] else "Đã chuyển"
        self.stdout.write(f"{verb} {report.moved} tệp; {report.already} tệp đã ở kho riêng.")
        for line in report.missing or []:
            self.stdout.write(f"  Không tìm thấy tệp: {line}")
        for line in report.outside_allowlist or []:
            self.stdout.write(f"  Loại tệp ngoài danh mục cho phép (tải về dạng tệp đính kèm, cần rà soát): {line}")
