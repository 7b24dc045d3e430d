"""Tables of technology contract registration (技术合同认定登记).

- ``office``    registration offices (one per region) and their yearly number counters
- ``contract``  the contract, its scans, and its workflow (states and transitions)
- ``broker``    technology brokers (技术经纪人)
- ``income``    technical-income verifications (技术性收入核定) and their workflow
"""

from .broker import Broker, BrokerQuerySet
from .contract import ContractAttachment, ContractQuerySet, TechnologyContract
from .income import IncomeVerification
from .office import NumberCounter, RegistrationOffice

__all__ = [
    "Broker",
    "BrokerQuerySet",
    "ContractAttachment",
    "ContractQuerySet",
    "IncomeVerification",
    "NumberCounter",
    "RegistrationOffice",
    "TechnologyContract",
]
