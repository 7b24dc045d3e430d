import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bureau.accounts.models import Role
from contracts.models import ContractAttachment
from enterprises.models import Membership
from tests.factories import UserFactory

from .factories import ContractFactory, OfficeFactory, VerifiedOrganizationFactory, registrar

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def scan_file(name="contract.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def office(db):
    return OfficeFactory()


@pytest.fixture
def seller_org(office):
    return VerifiedOrganizationFactory()


@pytest.fixture
def seller(seller_org):
    """An applicant of a verified organization in a county of the city."""
    user = UserFactory(roles=[Role.APPLICANT])
    Membership.objects.create(user=user, organization=seller_org, is_admin=True)
    return user


@pytest.fixture
def other_seller(office):
    user = UserFactory(roles=[Role.APPLICANT])
    Membership.objects.create(user=user, organization=VerifiedOrganizationFactory(), is_admin=True)
    return user


@pytest.fixture
def city_registrar(office):
    return registrar()


@pytest.fixture
def draft(seller, seller_org, office):
    """A complete draft of ``seller``'s organization with one scan."""
    contract = ContractFactory(seller=seller_org, office=office, created_by=seller)
    ContractAttachment.objects.create(
        contract=contract, file=scan_file(), original_name="contract.pdf", kind="pdf", size=len(PDF_BYTES)
    )
    return contract
