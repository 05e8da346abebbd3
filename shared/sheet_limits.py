"""How much one sheet file may hold, counted while it is read (`shared.sheets`,
`shared.xlsx_reader`).

An .xlsx is a zip of XML, so a file of a few KB can hold a row numbered 5,000,000, a
million empty row elements or parts that unpack to gigabytes. Reading costs in
proportion to what the file holds (rows are sparse: a missing row costs nothing) and
stops at what no import takes:

- `max_row`: the highest row number of a sheet (of a CSV, the line), and at most as
  many row elements in one sheet;
- `max_cells`: row elements, cells and every other element at their level of the
  sheets read, the shared strings too, in all;
- `max_xml_bytes`: the file's XML parts, unpacked;
- `ITEM_ELEMENTS` and `ITEM_BYTES`: one row (or shared string), which the XML parser
  holds whole until it ends.

A file beyond a limit raises `LimitExceeded`, whose message says which, Chinese first
and English in parentheses; `shared.sheets` turns it into an error naming `file`.

The services run under eventlet: a long sheet must not keep the hub from heartbeats
and other calls. Readers give way every `YIELD_BYTES` of XML they unpack (and a CSV
every `YIELD_ROWS` rows) with `time.sleep(0)`, which is eventlet's sleep once the
process is monkey-patched and a no-op pause otherwise. Counting bytes rather than rows
bounds the work between two switches whatever the rows hold (thousands of empty rows,
one wide row, one long text): 64 KiB is about 1,500 cells or 3,000 empty rows, a few
milliseconds of parsing, while a switch costs microseconds.
"""

import time
from dataclasses import dataclass

SPARE_ROWS = 100  # header rows and blank rows between filled ones: at least
SPARE_SHARE = 10  # ... or a tenth of the rows an import takes, if more
XML_BYTES_PER_CELL = 64  # a cell with its reference, style, and a shared string's index
MIN_XML_BYTES = 16 * 1024 * 1024
ITEM_ELEMENTS = 4 * 16384  # Excel's widest row (XFD), each cell with a value, formula, text
ITEM_BYTES = 8 * 1024 * 1024
YIELD_BYTES = 64 * 1024
YIELD_ROWS = 256


class LimitExceeded(ValueError):
    """A file beyond a limit; the message says which, for whoever sent the file."""


def give_way() -> None:
    time.sleep(0)  # looked up at each call: eventlet's sleep once monkey-patched


@dataclass
class Budget:
    """The limits of one file, and what its reading has used of them so far."""

    max_row: int
    max_cells: int
    max_xml_bytes: int
    cells: int = 0
    xml_bytes: int = 0

    @classmethod
    def for_import(cls, max_rows: int, max_columns: int) -> "Budget":
        """The limits of an import of at most `max_rows` filled rows of `max_columns`."""
        max_row = max_rows + max(SPARE_ROWS, max_rows // SPARE_SHARE)
        max_cells = max_row * (max_columns + 1)
        return cls(max_row, max_cells, max(MIN_XML_BYTES, max_cells * XML_BYTES_PER_CELL))

    def row(self, number: int, count: int) -> None:
        """A sheet's row `number`, its `count`th row element."""
        if number > self.max_row:
            raise LimitExceeded(
                f"第 {number} 行超出上限 {self.max_row} 行,请删除多余的行或"
                f"分批导入 (row {number} is beyond the limit of "
                f"{self.max_row} rows)"
            )
        if count > self.max_row:
            raise LimitExceeded(
                f"表中的行(含空行)超过 {self.max_row} 行,请删除多余的行或"
                f"分批导入 (more than {self.max_row} rows, blank ones included)"
            )

    def take(self, cells: int) -> None:
        self.cells += cells
        if self.cells > self.max_cells:
            raise LimitExceeded(
                f"表中的单元格(含空行)超过 {self.max_cells} 个,请删除多余的行"
                f"或分批导入 (more than {self.max_cells} cells and rows)"
            )

    def unpack(self, size: int) -> None:
        self.xml_bytes += size
        if self.xml_bytes > self.max_xml_bytes:
            mb = self.max_xml_bytes // (1024 * 1024)
            raise LimitExceeded(
                f"文件解压后超过 {mb} MB,不是有效的导入表 (the file unpacks to more than {mb} MB)"
            )


def too_large_item(chinese: str, english: str) -> LimitExceeded:
    """One row or shared string beyond `ITEM_ELEMENTS` or `ITEM_BYTES`."""
    mb = ITEM_BYTES // (1024 * 1024)
    return LimitExceeded(
        f"{chinese}过大,至多 {ITEM_ELEMENTS} 个单元格、{mb} MB "
        f"({english} holds more than {ITEM_ELEMENTS} parts or {mb} MB)"
    )
