"""What every talent service shares: who may read and write, stale-edit checks, linking units."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from bureau.accounts.models import Role
from bureau.core.errors import ActionNotPermitted, InvalidInput, StaleObject
from enterprises.models import Organization
from enterprises.validators import validate_id_number, validate_uscc

#: Roles that may open the talent pages at all (leaders read only).
READER_ROLES = frozenset({Role.CITY_STAFF, Role.COUNTY_STAFF, Role.LEADER, Role.ADMINISTRATOR})


def can_view(user) -> bool:
    """City and county staff, leaders and administrators read the talent records; nobody else."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.roles & READER_ROLES)


def is_city_writer(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.roles & {Role.CITY_STAFF, Role.ADMINISTRATOR})


def can_write(user, region=None) -> bool:
    """Whether ``user`` may keep records of ``region`` (any region when ``region`` is None).

    City staff of every department and administrators keep the whole city's records;
    county staff those of their own region and its parks; leaders only read.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_city_writer(user):
        return True
    if not (user.has_role(Role.COUNTY_STAFF) and user.region_id):
        return False
    if region is None:
        return True
    return region.pk == user.region_id or region.parent_id == user.region_id


def ensure_can_write(actor, *regions) -> None:
    """Refuse ``actor`` unless it may write records of every region given."""
    if not can_write(actor):
        raise ActionNotPermitted(_("只有市局业务科室、县市区科技局工作人员和系统管理员可以维护人才数据。"))
    for region in regions:
        if region is not None and not can_write(actor, region):
            raise ActionNotPermitted(
                _("“%(region)s”不在您的管辖范围内，县市区科技局只能维护本辖区的数据。") % {"region": region.name}
            )


def fingerprint(obj) -> str:
    """Return a keyed digest of ``obj``'s stored values, to refuse an edit made on a stale copy.

    Keyed with the site's secret so the digest reveals nothing about the values (an ID
    number could otherwise be guessed back from a plain hash).
    """
    values = [(f.attname, getattr(obj, f.attname)) for f in obj._meta.concrete_fields]
    return salted_hmac("talent.fingerprint", repr(values)).hexdigest()[:32]


def locked_for_edit(actor, obj, expected: str | None):
    """Lock and reload ``obj``'s row, check ``actor`` may write it and that it is unchanged since ``expected``.

    The edit is applied to the reloaded row, never to the caller's copy (a model form
    has already written the typed values into that one).
    """
    current = type(obj)._base_manager.select_for_update().select_related("region").get(pk=obj.pk)
    ensure_can_write(actor, current.region)
    if expected and fingerprint(current) != expected:
        raise StaleObject(_("该记录已被他人修改，您的修改未保存。请刷新页面，核对最新内容后重新修改。"))
    return current


def find_organization(code: str) -> Organization | None:
    """Return the registered organization with 统一社会信用代码 ``code`` ("" gives None)."""
    code = "".join((code or "").split()).upper()
    if not code:
        return None
    try:
        validate_uscc(code)
    except ValidationError as exc:
        raise InvalidInput(fields={"organization_code": exc.messages[0]}) from None
    organization = Organization.objects.select_related("region").filter(uscc=code).first()
    if organization is None:
        raise InvalidInput(
            fields={
                "organization_code": _("单位库中没有统一社会信用代码为 %(code)s 的单位；不在单位库的单位请只填写名称。")
                % {"code": code}
            }
        )
    return organization


def link_organization(obj, data: dict, *, name_field: str = "organization_name", fill_region: bool = True) -> None:
    """Link the registered organization named in ``data`` and fill the unit's name (and
    region, when ``fill_region``) when left empty."""
    if "organization" in data:
        organization = data["organization"]
    elif "organization_code" in data:
        organization = find_organization(data["organization_code"])
    else:
        return
    obj.organization = organization
    if organization is None:
        return
    if not (getattr(obj, name_field) or "").strip():
        setattr(obj, name_field, organization.name)
    if fill_region and obj.region_id is None and organization.region_id is not None:
        obj.region = organization.region


def set_fields(obj, data: dict, names) -> None:
    for name in names:
        if name in data:
            value = data[name]
            setattr(obj, name, value.strip() if isinstance(value, str) else value)


def clean_or_raise(obj, *, exclude=None) -> None:
    """Run the model's validation; raise ``InvalidInput`` with field messages in Chinese."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise InvalidInput(fields=validation_fields(exc)) from None


def validation_fields(exc: ValidationError) -> dict[str, str]:
    if not hasattr(exc, "error_dict"):
        return {NON_FIELD_ERRORS: " ".join(exc.messages)}
    return {name: " ".join(messages) for name, messages in exc.message_dict.items()}


def id_number_problem(value: str) -> str:
    """Return why ``value`` is no valid 居民身份证号, or "" when it is valid (or empty).

    python-stdnum raises KeyError for a few division codes instead of answering False;
    such a number is refused with the validator's own message instead of failing the page.
    """
    if not value:
        return ""
    try:
        validate_id_number(value)
    except ValidationError as exc:
        return exc.messages[0]
    except (KeyError, ValueError):
        return str(_("居民身份证号码无效：应为18位，出生日期和校验位须正确。"))
    return ""


def check_id_number(obj) -> None:
    problem = id_number_problem(obj.id_number)
    if problem:
        raise InvalidInput(fields={"id_number": problem})


def require_region(obj, message=None) -> None:
    if obj.region_id is None:
        raise InvalidInput(
            fields={"region": message or _("请选择所在县市区，或填写单位库中单位的统一社会信用代码由系统带出。")}
        )
