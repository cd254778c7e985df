"""`thidua …` — the command line.

    thidua demo [--serve] [--reset]     build the demo province (and serve it)
    thidua serve [--host H --port P]    serve the application (gunicorn)
    thidua migrate                      create or update the database
    thidua import awards FILE.xlsx      import award history (--keep-valid to save the valid rows)
    thidua import template FILE.xlsx    write the import template
    thidua audit verify                 check the audit chain (and the latest signed checkpoint)
    thidua audit checkpoint             append a signed checkpoint of the chain (cron, daily)
    thidua eligibility CASE.json | -    evaluate one case (JSON in, JSON verdict out)
    thidua eligibility --unit CODE --year Y [--award CODE] [--xlsx FILE]
    thidua remind [--days N]            remind dossiers due within N working days (cron, daily)
    thidua cleanup                      delete abandoned import uploads older than 24 h (cron, daily)
    thidua manage …                     any Django management command
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    import django

    try:
        django.setup()
    except RuntimeError as exc:  # the settings refuse to start (unknown THIDUA_ENV, missing secret)
        print(str(exc), file=sys.stderr)
        raise SystemExit(2) from None


DEMO_IN_PRODUCTION = (
    "Không chạy «thidua demo» khi THIDUA_ENV=production (hoặc chưa đặt THIDUA_ENV): bản trình diễn "
    "có thể xoá cơ sở dữ liệu. Muốn dựng tỉnh mẫu, đặt THIDUA_ENV=demo (make demo đã đặt sẵn) và "
    "dùng một cơ sở dữ liệu riêng.")


def _migrate(verbosity: int = 0) -> None:
    from django.conf import settings
    from django.core.management import call_command

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=verbosity)


def gunicorn_command(host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "thidua.wsgi:application",
        "--bind", f"{host}:{port}", "--workers", str(workers), "--access-logfile", "-",
    ]


def _serve(host: str, port: int, workers: int) -> int:
    """Become gunicorn (exec, same process id): systemd's or a terminal's signals reach gunicorn
    itself, so stopping `thidua serve` stops the server (no orphaned gunicorn)."""
    from django.db import connections

    cmd = gunicorn_command(host, port, workers)
    print(f"Đang phục vụ tại http://{host}:{port}/ (Ctrl+C để dừng)", flush=True)
    connections.close_all()
    sys.stderr.flush()
    os.execv(cmd[0], cmd)
    return 0  # not reached


def cmd_demo(args: argparse.Namespace) -> int:
    # Before anything is read or migrated: in production the demo touches nothing at all.
    if (os.environ.get("THIDUA_ENV", "").strip() or "production") == "production":
        print(DEMO_IN_PRODUCTION, file=sys.stderr)
        return 2
    try:
        import faker  # noqa: F401  (the demo extra)
    except ModuleNotFoundError:
        print("Tỉnh mẫu cần gói Faker: cài bằng  pip install -e '.[demo]'  (make demo tự cài).", file=sys.stderr)
        return 2
    _setup_django()
    _migrate()
    from thidua.demo.build import DemoRefused, build_demo

    try:
        result = build_demo(reset=args.reset, seed=args.seed)
    except DemoRefused as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(result.summary())
    if args.serve:
        return _serve(args.host, args.port, args.workers)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _setup_django()
    _migrate()
    return _serve(args.host, args.port, args.workers)


def cmd_migrate(args: argparse.Namespace) -> int:
    _setup_django()
    _migrate(verbosity=1)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    _setup_django()
    from thidua.registry.importer import import_awards_path, write_template

    if args.what == "template":
        write_template(args.file)
        print(f"Đã ghi mẫu nhập liệu: {args.file}")
        return 0
    result = import_awards_path(args.file, by=args.user, keep_valid=args.keep_valid)
    print(result.report())
    return 0 if result.ok else 1


def cmd_audit(args: argparse.Namespace) -> int:
    _setup_django()
    from pathlib import Path

    from thidua.audit.checkpoint import CheckpointError, verify_with_checkpoint, write_checkpoint

    path = Path(args.file) if args.file else None
    key = Path(args.key_file) if args.key_file else None
    if args.action == "checkpoint":
        try:
            cp = write_checkpoint(path=path, key_file=key)
        except CheckpointError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        print(f"Đã ghi điểm kiểm đã ký: {cp.count} sự kiện, sự kiện cuối #{cp.last_seq}, lúc {cp.at}.")
        return 0
    res = verify_with_checkpoint(path=path, key_file=key)
    print(res.message)
    return 0 if res.ok else 1


def cmd_remind(args: argparse.Namespace) -> int:
    _setup_django()
    from thidua.nominations.reminders import send_deadline_reminders

    print(send_deadline_reminders(within_working_days=args.days).summary())
    return 0


def cmd_cleanup(args: argparse.Namespace) -> int:
    _setup_django()
    from thidua.documents.import_jobs import purge_stale_uploads
    from thidua.registry.pending import purge_stale

    print(f"Đã xóa {purge_stale()} tệp nhập liệu tải lên dở dang quá 24 giờ.")
    print(f"Đã xóa {purge_stale_uploads()} tệp của việc nhập nền đã xong quá 24 giờ.")
    return 0


def cmd_eligibility(argv: Sequence[str]) -> int:
    if argv and not argv[0].startswith("--"):
        from thidua.rules.case_cli import main as case_main

        return case_main(list(argv), sys.stdin, sys.stdout, sys.stderr)
    parser = argparse.ArgumentParser(prog="thidua eligibility")
    parser.add_argument("--unit", required=True, help="mã đơn vị")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--award", help="mã danh hiệu, hình thức")
    parser.add_argument("--xlsx", help="ghi kết quả ra tệp Excel")
    args = parser.parse_args(list(argv))
    _setup_django()
    from thidua.registry.eligibility import cli_unit_report

    return cli_unit_report(unit_code=args.unit, year=args.year, award=args.award, xlsx=args.xlsx)


def cmd_manage(argv: Sequence[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["thidua manage", *argv])
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="thidua", description="Thi đua – khen thưởng")
    sub = p.add_subparsers(dest="command", required=True)

    def serve_opts(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--host", default=os.environ.get("THIDUA_HOST", "127.0.0.1"))
        sp.add_argument("--port", type=int, default=int(os.environ.get("THIDUA_PORT", "8000")))
        sp.add_argument("--workers", type=int, default=int(os.environ.get("THIDUA_WORKERS", "2")))

    d = sub.add_parser("demo", help="dựng tỉnh mẫu")
    d.add_argument("--serve", action="store_true", help="phục vụ sau khi dựng")
    d.add_argument("--reset", action="store_true", help="xoá và dựng lại từ đầu")
    d.add_argument("--seed", type=int, default=2022)
    serve_opts(d)
    d.set_defaults(func=cmd_demo)

    s = sub.add_parser("serve", help="chạy máy chủ web")
    serve_opts(s)
    s.set_defaults(func=cmd_serve)

    m = sub.add_parser("migrate", help="tạo hoặc cập nhật cơ sở dữ liệu")
    m.set_defaults(func=cmd_migrate)

    i = sub.add_parser("import", help="nhập dữ liệu")
    i.add_argument("what", choices=["awards", "template"])
    i.add_argument("file")
    i.add_argument("--keep-valid", action="store_true", help="lưu các dòng hợp lệ dù có dòng lỗi")
    i.add_argument("--user", default=None, help="tên đăng nhập của người nhập (ghi nhật ký)")
    i.set_defaults(func=cmd_import)

    a = sub.add_parser("audit", help="nhật ký kiểm toán")
    a.add_argument("action", choices=["verify", "checkpoint"])
    a.add_argument("--file", help="tệp điểm kiểm (mặc định THIDUA_AUDIT_CHECKPOINT_FILE)")
    a.add_argument("--key-file", help="tệp khoá ký (mặc định THIDUA_AUDIT_KEY_FILE)")
    a.set_defaults(func=cmd_audit)
    r = sub.add_parser("remind", help="nhắc hạn hồ sơ sắp đến hạn, quá hạn (chạy hằng ngày)")
    r.add_argument("--days", type=int, default=3, help="số ngày làm việc trước hạn")
    r.set_defaults(func=cmd_remind)
    c = sub.add_parser("cleanup", help="dọn tệp nhập liệu tải lên dở dang (chạy hằng ngày)")
    c.set_defaults(func=cmd_cleanup)
    sub.add_parser("eligibility", help="xét điều kiện khen thưởng", add_help=False)
    sub.add_parser("manage", help="lệnh quản trị Django", add_help=False)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] == "eligibility":
        return cmd_eligibility(args_list[1:])
    if args_list and args_list[0] == "manage":
        return cmd_manage(args_list[1:])
    args = _parser().parse_args(args_list)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
