"""What a records input may say: the kinds of a teacher change (教师变动) and the
statistical codes that fit each kind (the 教师变动 code table; 1xx add, 2xx reduce)."""

KINDS = ("join", "transfer", "leave", "retire", "death")
CODES = {
    "join": ("111", "112", "114", "122", "123", "131"),
    "transfer": ("132",),
    "leave": ("212", "215"),
    "retire": ("215",),
    "death": ("215",),
}
ALL_CODES = tuple(sorted({c for codes in CODES.values() for c in codes}))
