"""Every GraphQL document the receiving organisation's settings pages send is valid against the
gateway's schema, so a question the gateway would refuse fails here, not in front of an admin."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema, build_schema, parse, validate
from kith_gateway.schema import sdl
from kith_web.partner import my_notifications, notification_settings, webhook_endpoints

DOCUMENTS = {
    "notification settings": notification_settings.READ,
    "add a subscription": notification_settings.CREATE,
    "stop a subscription": notification_settings.REMOVE,
    "check a system again": notification_settings.VERIFY,
    "connect a system": webhook_endpoints.CONNECT,
    "systems": webhook_endpoints.LIST,
    "remove a system": webhook_endpoints.REMOVE,
    "my notifications": my_notifications.READ,
    "save my notifications": my_notifications.SAVE,
}


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    return build_schema(sdl())


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_page_asks_the_gateway_a_valid_question(schema: GraphQLSchema, name: str) -> None:
    problems = [e.message for e in validate(schema, parse(DOCUMENTS[name]))]
    assert problems == []
