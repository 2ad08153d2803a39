"""The dashboard's main table as CSV (Excel in Finland: UTF-8 BOM, `;`) and XLSX (openpyxl).

What leaves the organization: always built from a suppressed report (`leaves=True`), so a
small count is the text "<5" and a complementary one "x" in both formats. Labels that
leaders typed (group and organization names) go through `safe_cell` against formula
injection. Never add a column the selector did not compute.
"""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from bookings.exports import BOM, safe_cell
from metrics.selectors import Report
from metrics.suppression import Cell
from metrics.tables import Row, Table


def _value(cell: Cell) -> object:
    return cell.shown if cell.hidden else cell.value


def _ratio(row: Row, key: str) -> object:
    value = row.ratio_values.get(key)
    return "" if value is None else round(value, 1)


def table_rows(table: Table) -> list[list[object]]:
    """Header, rows, total: the cells as numbers, or "<5" / "x" where hidden."""
    header = [str(table.dimension.label), *(str(c.label) for c in table.columns)]
    header += [label for _key, label in table.ratio_columns]
    out: list[list[object]] = [header]
    for row in [*table.rows, table.total]:
        out.append(
            [
                safe_cell(row.label),
                *(_value(row.cells[c.key]) for c in table.columns),
                *(_ratio(row, key) for key, _label in table.ratio_columns),
            ]
        )
    return out


def _title(report: Report) -> str:
    f = report.filters
    return _("Shared metrics %(start)s–%(end)s") % {
        "start": f.start.strftime("%Y-%m"),
        "end": f.end.strftime("%Y-%m"),
    }


def report_csv(report: Report) -> str:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_title(report)])
    writer.writerow([_("Counts from 1 to 4 are shown as <5; x hides a count that would reveal one.")])
    writer.writerows(table_rows(report.detail))
    return buffer.getvalue()


def report_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(report.detail.dimension.label)[:31]
    sheet.append([_title(report)])
    sheet.append([_("Counts from 1 to 4 are shown as <5; x hides a count that would reveal one.")])
    rows = table_rows(report.detail)
    for row in rows:
        sheet.append(row)
    header_row = 3
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for cell in sheet[header_row + len(rows) - 1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    sheet.column_dimensions["A"].width = 36
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
