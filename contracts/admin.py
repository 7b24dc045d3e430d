"""Admin of contract registration, with import-export for contracts and brokers."""

from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from bureau.core.formatting import mask_id_number

from .models import Broker, IncomeVerification, NumberCounter, RegistrationOffice, TechnologyContract
from .resources import BrokerResource, ContractResource


@admin.register(RegistrationOffice)
class RegistrationOfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region", "department", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["region", "department"]


@admin.register(NumberCounter)
class NumberCounterAdmin(admin.ModelAdmin):
    list_display = ["office", "year", "last_serial"]
    list_select_related = ["office"]
    # The serial moves only inside a registration; editing it by hand would break gap-free numbering.
    readonly_fields = ["office", "year", "last_serial"]

    def has_add_permission(self, request):
        return False


@admin.register(TechnologyContract)
class TechnologyContractAdmin(ImportExportModelAdmin):
    resource_classes = [ContractResource]
    list_display = [
        "registration_number",
        "name",
        "seller_name",
        "contract_type",
        "status",
        "total_amount",
        "registered_on",
    ]
    list_filter = ["status", "contract_type", "technical_field", "source"]
    list_select_related = ["seller_region"]
    search_fields = ["=registration_number", "name"]
    date_hierarchy = "registered_on"
    show_full_result_count = False
    raw_id_fields = ["seller", "buyer_organization", "possible_duplicate_of", "registered_by", "created_by"]
    filter_horizontal = ["brokers"]
    readonly_fields = ["status", "registration_number", "registered_on", "registered_by", "version"]


@admin.register(Broker)
class BrokerAdmin(ImportExportModelAdmin):
    resource_classes = [BrokerResource]
    list_display = [
        "full_name",
        "masked_id",
        "organization_name",
        "level",
        "certificate_number",
        "valid_until",
        "is_active",
    ]
    list_filter = ["level", "is_active"]
    search_fields = ["full_name", "certificate_number", "organization_name"]
    raw_id_fields = ["organization"]

    @admin.display(description="居民身份证号码")
    def masked_id(self, broker):
        return mask_id_number(broker.id_number)


@admin.register(IncomeVerification)
class IncomeVerificationAdmin(admin.ModelAdmin):
    list_display = ["contract", "period_start", "period_end", "received_amount", "technical_income", "status"]
    list_filter = ["status"]
    list_select_related = ["contract"]
    raw_id_fields = ["contract", "submitted_by", "confirmed_by"]
    readonly_fields = ["status", "version"]
