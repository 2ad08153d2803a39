"""The shared metrics dashboard, /<lang>/leader/metrics/, its exports and the JSON answer. Thin.

Parse the filters, call `metrics_report` once, render. `?format=csv|xlsx` downloads the
main table with the filters applied, always with small counts suppressed (it leaves the
organization). Bad filters answer 400 with the form's translated errors; no role answers
403. The JSON (`metrics_api`, /api/v1/metrics) needs a logged-in session of a leader or
coordinator, or a metrics API token (`Authorization: Bearer …`, `selectors_tokens`), answers
401/403 in JSON otherwise, and is always suppressed.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.errors import PermissionRefused
from core.views import answer_refusals
from metrics import charts
from metrics.api_tokens import bearer_token
from metrics.exports import report_csv, report_xlsx
from metrics.forms import FORMATS, MetricsFilterForm
from metrics.scopes import Scope, metrics_scope
from metrics.selectors import MetricsFilters, Report, metrics_organizations, metrics_report
from metrics.selectors_tokens import api_token_authenticate, token_scope
from metrics.selectors_voice import answer_groups, wish_buckets
from metrics.services.tokens import api_token_touch
from metrics.suppression import Cell
from metrics.tables import COLUMNS, RATIO_LABELS, Row

_answer_refusals = answer_refusals("metrics/refused.html")


def _form(request: HttpRequest, scope: Scope) -> MetricsFilterForm:
    return MetricsFilterForm(request.GET, organizations=metrics_organizations(scope=scope))


def _filters(form: MetricsFilterForm) -> MetricsFilters:
    data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    return MetricsFilters(**data)


def _text(cell: Cell) -> str:
    return cell.shown


def _month_short(key: str) -> str:
    """ "2026-03" -> "3/26": fits under a column; the table beside it has the full name."""
    year, month = key.split("-")
    return f"{int(month)}/{year[2:]}"


def _charts(report: Report) -> list[dict]:
    month = report.by_month
    trend = charts.columns(
        "chart-trend",
        _("People reached by month"),
        _("Adults and children who came, by month: signed up and counted at drop-in sessions."),
        [(_month_short(row.key), row.cells["reached"], _text(row.cells["reached"])) for row in month.rows],
    )

    def ratio(row: Row) -> tuple[str, float | None, str]:
        return (row.label, row.ratio_values["fill_rate"], row.ratios["fill_rate"] or "–")

    fill = charts.horizontal(
        "chart-fill",
        _("Fill rate by municipality"),
        _("Booked people as a share of the places on held sessions with sign-ups."),
        [ratio(row) for row in report.by_municipality.rows],
    )
    waiting = charts.horizontal(
        "chart-waiting",
        _("Waiting-list hot spots"),
        _("Groups with the most families still waiting when the session began."),
        [
            (row.label, row.cells["waiting_at_start"], _text(row.cells["waiting_at_start"]))
            for row in report.hot_spots
        ],
    )
    reach = charts.horizontal(
        "chart-kind",
        _("Reach by provider kind"),
        _("People reached by the kind of organization that ran the session."),
        [(row.label, row.cells["reached"], _text(row.cells["reached"])) for row in report.by_kind.rows],
    )

    def cols(*keys: str) -> list[dict]:
        return [
            {
                "key": k,
                "label": RATIO_LABELS[k] if k in RATIO_LABELS else COLUMNS[k].label,
                "ratio": k in RATIO_LABELS,
            }
            for k in keys
        ]

    return [
        {
            "chart": trend,
            "dimension": month.dimension.label,
            "rows": month.rows,
            "total": month.total,
            "columns": cols("held", "reached", "confirmed"),
        },
        {
            "chart": fill,
            "dimension": report.by_municipality.dimension.label,
            "rows": report.by_municipality.rows,
            "total": report.by_municipality.total,
            "columns": cols("held", "booked_people", "fill_rate"),
        },
        {
            "chart": waiting,
            "dimension": report.by_group.dimension.label,
            "rows": report.hot_spots,
            "total": None,
            "columns": cols("waiting_at_start", "held"),
        },
        {
            "chart": reach,
            "dimension": report.by_kind.dimension.label,
            "rows": report.by_kind.rows,
            "total": report.by_kind.total,
            "columns": cols("held", "reached"),
        },
    ]


@require_safe
@login_required
@_answer_refusals
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = metrics_scope(request.user)
    form = _form(request, scope)
    fmt = request.GET.get("format") or "html"
    if fmt not in FORMATS:
        fmt = "html"
    if not form.is_valid():
        return render(request, "metrics/dashboard.html", {"form": form, "report": None}, status=400)
    filters = _filters(form)
    report = metrics_report(scope=scope, filters=filters, leaves=fmt != "html")
    name = f"perhekeskus-metrics-{filters.start:%Y-%m}-{filters.end:%Y-%m}-{filters.by}"
    if fmt == "csv":
        response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            report_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    query = filters.as_query()
    base = reverse("metrics:dashboard")
    context = {
        "form": form,
        "report": report,
        # Called by the template only when its rendering of the figures is not cached.
        "charts": lambda: _charts(report),
        "csv_url": f"{base}?{urlencode({**query, 'format': 'csv'})}",
        "xlsx_url": f"{base}?{urlencode({**query, 'format': 'xlsx'})}",
        "api_url": f"{reverse('metrics_api')}?{urlencode(query)}",
        "wishes": wish_buckets(actor=request.user),
        "answer_groups": answer_groups(actor=request.user),
    }
    return render(request, "metrics/dashboard.html", context)


def _json_cell(cell: Cell) -> int | str:
    return cell.shown if cell.hidden else cell.value


def _json_row(row: Row, columns: list[str]) -> dict:
    return {
        "key": row.key,
        "label": row.label,
        "values": {c: _json_cell(row.cells[c]) for c in columns},
        "ratios": {k: (None if v is None else round(v, 1)) for k, v in row.ratio_values.items()},
    }


def _unauthorized(detail: str, code: str, *, error: str = "") -> JsonResponse:
    response = JsonResponse({"detail": detail, "code": code}, status=401)
    response["WWW-Authenticate"] = (
        f'Bearer realm="metrics", error="{error}"' if error else 'Bearer realm="metrics"'
    )
    return response


def _api_scope(request: HttpRequest) -> Scope | JsonResponse:
    """Who asks: a bearer token (then only the token counts, whatever the cookies say), else the
    session's user. Every failure of a token is the same 401, so none tells why."""
    header = request.headers.get("Authorization")
    if header is None:
        if not request.user.is_authenticated:
            return _unauthorized(
                _("Log in, or send an API token: Authorization: Bearer <token>."), "unauthenticated"
            )
        return metrics_scope(request.user)
    now = timezone.now()
    raw = bearer_token(header)
    token = api_token_authenticate(token=raw, now=now) if raw else None
    scope = token_scope(token) if token is not None else None
    if scope is None:
        return _unauthorized(
            _("The API token is not valid: it may be mistyped, expired or revoked."),
            "invalid_token",
            error="invalid_token",
        )
    api_token_touch(token=token, now=now)
    return scope


@require_safe
def metrics_api(request: HttpRequest) -> HttpResponse:
    """The dashboard's main table as JSON, for county reporting systems (see docs/metrics.md)."""
    try:
        scope = _api_scope(request)
        if isinstance(scope, JsonResponse):
            return scope
        form = _form(request, scope)
        if not form.is_valid():
            return JsonResponse({"detail": form.errors.get_json_data(), "code": "invalid"}, status=422)
        filters = _filters(form)
        report = metrics_report(scope=scope, filters=filters, leaves=True)
    except PermissionRefused as error:
        return JsonResponse({"detail": str(error), "code": error.code}, status=403)
    table = report.detail
    columns = [c.key for c in table.columns]
    return JsonResponse(
        {
            "format": "perhekeskus-metrics/1",
            "scope": report.scope.level,
            "filters": filters.as_query(),
            "breakdown": filters.by,
            "suppressed": True,
            "columns": [{"key": c.key, "label": str(c.label)} for c in table.columns],
            "rows": [_json_row(row, columns) for row in table.rows],
            "total": _json_row(table.total, columns),
            "cancel_reasons": [{"reason": r, "count": n} for r, n in report.cancel_reasons],
        },
        json_dumps_params={"ensure_ascii": False},
    )
