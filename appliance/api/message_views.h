// JSON shapes of messaging's records, as the API returns them.
#pragma once

#include <Poco/JSON/Object.h>

#include "api/views.h"
#include "messaging/messaging.h"

namespace cartable::api::views {

Poco::JSON::Object::Ptr message(const messaging::Message& value);
Poco::JSON::Object::Ptr conversation(const messaging::Conversation& value);
// A line of one's list: the conversation and an excerpt of its last message.
Poco::JSON::Object::Ptr conversationSummary(const messaging::ConversationSummary& value);
Poco::JSON::Object::Ptr searchHit(const messaging::SearchHit& value);
Poco::JSON::Object::Ptr report(const messaging::Report& value);

}  // namespace cartable::api::views
