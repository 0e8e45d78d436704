#include "api/message_views.h"

#include "api/uploads.h"
#include "core/base/utf8.h"

namespace cartable::api::views {
namespace {

constexpr std::size_t kExcerptBytes = 200;

Poco::Dynamic::Var person(const std::optional<std::int64_t>& id, const std::string& name) {
  if (!id) return Poco::Dynamic::Var();
  auto out = http::newObject();
  out->set("id", *id);
  out->set("name", name);
  return out;
}

template <class T>
Poco::Dynamic::Var orNull(const std::optional<T>& value) {
  return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

std::string excerpt(const std::string& text) {
  const std::string_view cut = utf8::truncate(text, kExcerptBytes);
  return cut.size() < text.size() ? std::string(cut) + "…" : text;
}

void setConversationFields(Poco::JSON::Object::Ptr out, const messaging::Conversation& value) {
  out->set("id", value.id);
  out->set("subject", value.subject);
  out->set("replies", std::string(messaging::repliesName(value.replies)));
  out->set("started_by", person(value.started_by, value.started_by_name));
  out->set("origin_id", orNull(value.origin_id));
  out->set("created_at", value.created_at);
  out->set("unread", value.unread);
  out->set("left", value.left);
}

}  // namespace

Poco::JSON::Object::Ptr message(const messaging::Message& value) {
  auto out = http::newObject();
  out->set("id", value.id);
  out->set("conversation_id", value.conversation_id);
  out->set("author", person(value.author_id, value.author_name));
  out->set("text", value.text);
  out->set("created_at", value.created_at);
  out->set("forwarded_from", orNull(value.forwarded_from));
  Poco::JSON::Array::Ptr attachments = new Poco::JSON::Array;
  for (const files::FileInfo& file : value.attachments) attachments->add(uploads::fileJson(file));
  out->set("attachments", attachments);
  return out;
}

Poco::JSON::Object::Ptr conversation(const messaging::Conversation& value) {
  auto out = http::newObject();
  setConversationFields(out, value);
  Poco::JSON::Array::Ptr participants = new Poco::JSON::Array;
  for (const messaging::Participant& p : value.participants) {
    auto item = http::newObject();
    item->set("id", p.user_id);
    item->set("name", p.name);
    item->set("last_read_message_id", p.last_read_id);
    item->set("left_at", orNull(p.left_at));
    participants->add(item);
  }
  out->set("participants", participants);
  out->set("participant_count", value.participant_count);
  return out;
}

Poco::JSON::Object::Ptr conversationSummary(const messaging::ConversationSummary& value) {
  auto out = http::newObject();
  setConversationFields(out, value.conversation);
  if (!value.last_message) {
    out->set("last_message", Poco::Dynamic::Var());
    return out;
  }
  const messaging::Message& last = *value.last_message;
  auto item = http::newObject();
  item->set("id", last.id);
  item->set("author", person(last.author_id, last.author_name));
  item->set("excerpt", excerpt(last.text));
  item->set("created_at", last.created_at);
  out->set("last_message", item);
  return out;
}

Poco::JSON::Object::Ptr searchHit(const messaging::SearchHit& value) {
  auto out = http::newObject();
  out->set("id", value.message.id);
  out->set("conversation_id", value.message.conversation_id);
  out->set("subject", value.subject);
  out->set("author", person(value.message.author_id, value.message.author_name));
  out->set("excerpt", excerpt(value.message.text));
  out->set("created_at", value.message.created_at);
  return out;
}

Poco::JSON::Object::Ptr report(const messaging::Report& value) {
  auto out = http::newObject();
  out->set("id", value.id);
  out->set("reported_by", person(value.reported_by, value.reported_by_name));
  out->set("reason", value.reason);
  out->set("created_at", value.created_at);
  out->set("handled_by", orNull(value.handled_by));
  out->set("handled_at", orNull(value.handled_at));
  out->set("message", message(value.message));
  auto conversation = http::newObject();
  conversation->set("id", value.message.conversation_id);
  conversation->set("subject", value.conversation_subject);
  out->set("conversation", conversation);
  return out;
}

}  // namespace cartable::api::views
