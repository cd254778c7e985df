"""Names of the demo province's organisations.

Agencies, mass organisations and the 65 commune-level units from 01/07/2025 are real
Lạng Sơn names; which old communes merged into which new one is an approximation made
from memory (see docs/demo.md), not the text of the resolution.
"""

from __future__ import annotations

# (code, name, kind, sub-units) — provincial bodies directly under the province.
PROVINCIAL_BODIES: list[tuple[str, str, str]] = [
    ("TU", "Tỉnh ủy Lạng Sơn", "party"),
    ("HDND", "Hội đồng nhân dân tỉnh Lạng Sơn", "agency"),
    ("UBND", "Ủy ban nhân dân tỉnh Lạng Sơn", "agency"),
    ("VP-UBND", "Văn phòng UBND tỉnh", "agency"),
    ("SNV", "Sở Nội vụ", "agency"),
    ("STC", "Sở Tài chính", "agency"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "agency"),
    ("SYT", "Sở Y tế", "agency"),
    ("SXD", "Sở Xây dựng", "agency"),
    ("SCT", "Sở Công Thương", "agency"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", "agency"),
    ("SKHCN", "Sở Khoa học và Công nghệ", "agency"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "agency"),
    ("STP", "Sở Tư pháp", "agency"),
    ("SDTTG", "Sở Dân tộc và Tôn giáo", "agency"),
    ("TTRA", "Thanh tra tỉnh", "agency"),
    ("BQLKKT", "Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng – Lạng Sơn", "agency"),
    ("MTTQ", "Ủy ban MTTQ Việt Nam tỉnh", "mass_org"),
    ("TDOAN", "Tỉnh đoàn Lạng Sơn", "mass_org"),
    ("HND", "Hội Nông dân tỉnh", "mass_org"),
    ("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", "mass_org"),
    ("LDLD", "Liên đoàn Lao động tỉnh", "mass_org"),
    ("HCCB", "Hội Cựu chiến binh tỉnh", "mass_org"),
    ("CAT", "Công an tỉnh", "armed"),
    ("BCHQS", "Bộ Chỉ huy Quân sự tỉnh", "armed"),
    ("BDBP", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "armed"),
    ("BAOLS", "Báo và Phát thanh, Truyền hình Lạng Sơn", "public_service"),
]

# Departments (phòng, ban) inside a provincial body: small collectives.
SUB_UNITS: dict[str, list[str]] = {
    "agency": ["Văn phòng", "Phòng Tổ chức cán bộ", "Phòng Kế hoạch – Tài chính", "Thanh tra", "Phòng Nghiệp vụ"],
    "party": ["Văn phòng Tỉnh ủy", "Ban Tổ chức Tỉnh ủy", "Ban Tuyên giáo và Dân vận Tỉnh ủy"],
    "mass_org": ["Văn phòng", "Ban Tổ chức – Kiểm tra", "Ban Phong trào"],
    "armed": ["Phòng Tham mưu", "Phòng Chính trị", "Phòng Hậu cần – Kỹ thuật"],
    "public_service": ["Phòng Thời sự", "Phòng Biên tập"],
}
# The provincial emulation office lives in the Department of Home Affairs.
SNV_EXTRA_SUB_UNIT = "Ban Thi đua – Khen thưởng"

# Pre-2025 districts (valid to 30/06/2025) → (new commune-level units on their territory,
# old communes and townships). The first new unit of each list takes the district seat.
DISTRICTS: list[tuple[str, str, list[str], list[str]]] = [
    ("TPLS", "Thành phố Lạng Sơn", ["P:Đông Kinh", "P:Lương Văn Tri", "P:Tam Thanh", "P:Kỳ Lừa"],
     ["P:Đông Kinh", "P:Chi Lăng", "P:Tam Thanh", "P:Hoàng Văn Thụ", "P:Vĩnh Trại", "X:Quảng Lạc",
      "X:Hoàng Đồng", "X:Mai Pha"]),
    ("CAOLOC", "Huyện Cao Lộc", ["Cao Lộc", "Đồng Đăng", "Công Sơn", "Ba Sơn"],
     ["T:Cao Lộc", "T:Đồng Đăng", "X:Công Sơn", "X:Ba Sơn", "X:Hợp Thành", "X:Gia Cát", "X:Tân Liên",
      "X:Phú Xá", "X:Xuất Lễ", "X:Cao Lâu", "X:Lộc Yên", "X:Mẫu Sơn"]),
    ("VANLANG", "Huyện Văn Lãng", ["Na Sầm", "Hoàng Văn Thụ", "Thụy Hùng", "Hội Hoan"],
     ["T:Na Sầm", "X:Hoàng Văn Thụ", "X:Thụy Hùng", "X:Hội Hoan", "X:Tân Mỹ", "X:Tân Thanh",
      "X:Thanh Long", "X:Trùng Khánh", "X:Bắc La", "X:Gia Miễn"]),
    ("TRANGDINH", "Huyện Tràng Định", ["Thất Khê", "Đoàn Kết", "Tân Tiến", "Tràng Định", "Quốc Khánh",
                                        "Kháng Chiến", "Quốc Việt"],
     ["T:Thất Khê", "X:Đoàn Kết", "X:Tân Tiến", "X:Đội Cấn", "X:Quốc Khánh", "X:Kháng Chiến",
      "X:Quốc Việt", "X:Tri Phương", "X:Đại Đồng", "X:Hùng Sơn", "X:Kim Đồng", "X:Chí Minh"]),
    ("BINHGIA", "Huyện Bình Gia", ["Bình Gia", "Tân Văn", "Hồng Phong", "Hoa Thám", "Quý Hòa",
                                    "Thiện Hòa", "Thiện Thuật", "Thiện Long"],
     ["T:Bình Gia", "X:Tân Văn", "X:Hồng Phong", "X:Hoa Thám", "X:Quý Hòa", "X:Thiện Hòa",
      "X:Thiện Thuật", "X:Thiện Long", "X:Hưng Đạo", "X:Mông Ân", "X:Tô Hiệu", "X:Vĩnh Yên"]),
    ("VANQUAN", "Huyện Văn Quan", ["Văn Quan", "Điềm He", "Khánh Khê", "Tri Lễ", "Yên Phúc", "Tân Đoàn"],
     ["T:Văn Quan", "X:Điềm He", "X:Khánh Khê", "X:Tri Lễ", "X:Yên Phúc", "X:Tân Đoàn", "X:Tràng Các",
      "X:Lương Năng", "X:Tú Xuyên", "X:Xuân Mai"]),
    ("BACSON", "Huyện Bắc Sơn", ["Bắc Sơn", "Hưng Vũ", "Vũ Lăng", "Nhất Hòa", "Vũ Lễ", "Tân Tri"],
     ["T:Bắc Sơn", "X:Hưng Vũ", "X:Vũ Lăng", "X:Nhất Hòa", "X:Vũ Lễ", "X:Tân Tri", "X:Chiêu Vũ",
      "X:Đồng Ý", "X:Long Đống", "X:Vạn Thủy"]),
    ("HUULUNG", "Huyện Hữu Lũng", ["Hữu Lũng", "Tuấn Sơn", "Tân Thành", "Vân Nham", "Thiện Tân",
                                    "Yên Bình", "Hữu Liên", "Cai Kinh"],
     ["T:Hữu Lũng", "X:Tân Thành", "X:Vân Nham", "X:Thiện Tân", "X:Yên Bình", "X:Hữu Liên",
      "X:Cai Kinh", "X:Minh Sơn", "X:Minh Hòa", "X:Hồ Sơn", "X:Hòa Lạc", "X:Đồng Tiến"]),
    ("CHILANG", "Huyện Chi Lăng", ["Chi Lăng", "Chiến Thắng", "Nhân Lý", "Bằng Mạc", "Quan Sơn",
                                    "Vạn Linh", "Đồng Mỏ"],
     ["T:Chi Lăng", "T:Đồng Mỏ", "X:Chiến Thắng", "X:Nhân Lý", "X:Bằng Mạc", "X:Quan Sơn",
      "X:Vạn Linh", "X:Mai Sao", "X:Bằng Hữu", "X:Gia Lộc", "X:Y Tịch"]),
    ("LOCBINH", "Huyện Lộc Bình", ["Lộc Bình", "Mẫu Sơn", "Na Dương", "Lợi Bác", "Thống Nhất",
                                    "Xuân Dương", "Khuất Xá"],
     ["T:Lộc Bình", "T:Na Dương", "X:Lợi Bác", "X:Thống Nhất", "X:Xuân Dương", "X:Khuất Xá",
      "X:Tú Đoạn", "X:Tú Mịch", "X:Hữu Lân", "X:Đông Quan", "X:Tam Gia"]),
    ("DINHLAP", "Huyện Đình Lập", ["Đình Lập", "Thái Bình", "Châu Sơn", "Kiên Mộc"],
     ["T:Đình Lập", "T:Nông trường Thái Bình", "X:Châu Sơn", "X:Kiên Mộc", "X:Bắc Xa", "X:Bính Xá",
      "X:Lâm Ca", "X:Cường Lợi"]),
]

OLD_KIND_PREFIX = {"P": ("ward", "Phường"), "T": ("township", "Thị trấn"), "X": ("commune", "Xã")}

# Enterprises and cooperatives (grassroots units) at province level.
ENTERPRISES: list[str] = [
    "Công ty Điện lực Lạng Sơn",
    "Công ty Cổ phần Xi măng Đồng Bành",
    "Công ty Cổ phần Cấp thoát nước Lạng Sơn",
    "Công ty TNHH MTV Xổ số kiến thiết Lạng Sơn",
    "Công ty TNHH MTV Lâm nghiệp Đình Lập",
    "Công ty TNHH MTV Lâm nghiệp Lộc Bình",
    "Công ty Cổ phần Môi trường đô thị Lạng Sơn",
    "Công ty Cổ phần Quản lý và Xây dựng giao thông Lạng Sơn",
    "Công ty Than Na Dương – VVMI",
    "Nhà máy Nhiệt điện Na Dương",
    "Công ty Cổ phần Du lịch Mẫu Sơn",
    "Công ty Cổ phần Bến xe Lạng Sơn",
]
HOSPITALS: list[str] = [
    "Bệnh viện Đa khoa tỉnh Lạng Sơn",
    "Bệnh viện Phổi tỉnh Lạng Sơn",
    "Bệnh viện Y học cổ truyền tỉnh Lạng Sơn",
    "Bệnh viện Phục hồi chức năng tỉnh Lạng Sơn",
    "Trung tâm Kiểm soát bệnh tật tỉnh Lạng Sơn",
]
HIGH_SCHOOLS: list[str] = [
    "Trường THPT Chuyên Chu Văn An",
    "Trường THPT Việt Bắc",
    "Trường THPT Ngô Thì Sĩ",
    "Trường THPT Dân tộc nội trú tỉnh",
    "Trường Cao đẳng Sư phạm Lạng Sơn",
    "Trường Cao đẳng Y tế Lạng Sơn",
]

# Emulation blocks (khối thi đua) of the provincial council; clusters (cụm) are built by area.
BLOCKS: list[tuple[str, str, list[str]]] = [
    ("KHOI-DANG", "Khối các cơ quan Đảng, Mặt trận và đoàn thể",
     ["TU", "MTTQ", "TDOAN", "HND", "HLHPN", "LDLD", "HCCB"]),
    ("KHOI-NOICHINH", "Khối Nội chính", ["CAT", "BCHQS", "BDBP", "STP", "TTRA", "SNV"]),
    ("KHOI-KINHTE", "Khối Kinh tế – Tổng hợp",
     ["STC", "SXD", "SCT", "SNNMT", "SKHCN", "BQLKKT", "VP-UBND", "HDND"]),
    ("KHOI-VHXH", "Khối Văn hóa – Xã hội", ["SGDDT", "SYT", "SVHTTDL", "SDTTG", "BAOLS"]),
]

MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thanh", "Tiến", "Công", "Ngọc", "Duy"]
MIDDLE_FEMALE = ["Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Kim", "Phương", "Thúy", "Mai"]
# Surnames common among the Tày, Nùng, Dao, H'Mông and Sán Chay of Lạng Sơn.
MINORITY_SURNAMES = ["Hoàng", "Nông", "Lăng", "Vi", "Lộc", "Hà", "Lương", "Chu", "Mông", "Triệu",
                     "Lý", "Vy", "Dương", "Lục", "Đinh", "Hứa", "Lành", "Bế", "Ma", "Tô"]
ETHNICITIES: list[tuple[str, float]] = [
    ("Nùng", 0.42), ("Tày", 0.35), ("Kinh", 0.16), ("Dao", 0.04), ("Sán Chay", 0.015), ("H'Mông", 0.015),
]
