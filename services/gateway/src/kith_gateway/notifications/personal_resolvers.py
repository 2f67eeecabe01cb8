"""GraphQL for a worker's own notification settings (receiving_worker or org_admin): read them,
save them. Each user sees and changes only their own."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry
from kith_common.auth import Principal, Role

from kith_gateway.kernel.graphql import Info, InputError, forbidden
from kith_gateway.notifications import personal
from kith_gateway.notifications.domain import InvalidInput

FIELD_NAMES = {"new_referrals": "newReferrals", "overdue_referrals": "overdueReferrals"}


@strawberry.enum(description="When to email you about a topic.")
class NotificationTiming(Enum):
    IMMEDIATE = "immediate"
    DAILY = "daily"
    OFF = "off"


@strawberry.type(description="How you, not your organisation, are told about referrals.")
class MyNotificationSettings:
    email: str | None
    new_referrals: NotificationTiming = strawberry.field(
        description="A new referral to your organisation arrives."
    )
    overdue_referrals: NotificationTiming = strawberry.field(
        description="A referral to your organisation has waited too long for an answer."
    )

    @staticmethod
    def of(settings: personal.PersonalSettings) -> MyNotificationSettings:
        timing = settings.timings
        return MyNotificationSettings(
            email=settings.email,
            new_referrals=NotificationTiming(timing["new_referrals"]),
            overdue_referrals=NotificationTiming(timing["overdue_referrals"]),
        )


@strawberry.input
class MyNotificationSettingsInput:
    email: str | None = None
    new_referrals: NotificationTiming = NotificationTiming.OFF
    overdue_referrals: NotificationTiming = NotificationTiming.OFF


@strawberry.type
class MyNotificationSettingsSaved:
    settings: MyNotificationSettings


SaveMineResult = Annotated[
    MyNotificationSettingsSaved | InputError, strawberry.union("SaveMyNotificationSettingsResult")
]


def _worker(info: Info) -> Principal:
    principal = info.context.require_principal()
    if not principal.has(Role.RECEIVING_WORKER, Role.ORG_ADMIN):
        raise forbidden("personal notification settings are for receiving organisations' staff")
    return principal


@strawberry.type
class PersonalNotificationQuery:
    @strawberry.field(description="Your own notification settings (receiving organisations).")
    async def my_notification_settings(self, info: Info) -> MyNotificationSettings:
        me = _worker(info)
        settings = await personal.read(info.context.graph, me.organisation_id, me.user_id)
        return MyNotificationSettings.of(settings)


@strawberry.type
class PersonalNotificationMutation:
    @strawberry.mutation(
        description="Save your own notification settings. Saving the same choices again "
        "changes nothing; OFF stops that topic, including digest items still waiting."
    )
    async def save_my_notification_settings(
        self, info: Info, input: MyNotificationSettingsInput
    ) -> SaveMineResult:
        me = _worker(info)
        timings = {
            "new_referrals": input.new_referrals.value,
            "overdue_referrals": input.overdue_referrals.value,
        }
        try:
            settings = personal.validate(input.email, timings)
        except InvalidInput as exc:
            return InputError(field=FIELD_NAMES.get(exc.field, exc.field), message=exc.message)
        saved = await personal.save(info.context.graph, me.organisation_id, me.user_id, settings)
        return MyNotificationSettingsSaved(settings=MyNotificationSettings.of(saved))
