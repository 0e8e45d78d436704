// Messaging: conversations, replies (JSON, or multipart with files), read
// marks, leaving, forwarding, reports, attachments, search and unread counts.
// The policy, the reports' moderation and the recipient picker are in
// messaging_admin_routes.cpp.
#include "api/access.h"
#include "api/message_views.h"
#include "api/routes.h"
#include "api/uploads.h"
#include "core/http/problem.h"
#include "messaging/messaging.h"

namespace cartable::api {
namespace {

using http::Method;
using storage::Connection;
using Json = Result<Poco::JSON::Object::Ptr>;

constexpr int kDefaultConversations = 20;
constexpr int kDefaultMessages = 50;
constexpr int kMaxPage = 100;

Error fieldError(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

bool isForm(const Call& call) {
  return call.request.header("content-type").starts_with("multipart/form-data");
}

// One item of "recipients": a person's id, or {"kind": ..., "class_id"/"group_id"/"user_id": N}.
Result<messaging::Recipient> recipientFrom(const Poco::Dynamic::Var& item,
                                           const std::string& field) {
  if (item.isInteger() && !item.isBoolean()) {
    const auto id = item.convert<std::int64_t>();
    if (id < 1) return fieldError(field, "must be a positive person id");
    return messaging::Recipient{messaging::RecipientKind::person, id};
  }
  if (item.type() != typeid(Poco::JSON::Object::Ptr)) {
    return fieldError(field, "must be a person's id or an object with a \"kind\"");
  }
  http::JsonObject object(item.extract<Poco::JSON::Object::Ptr>(), field);
  CARTABLE_ASSIGN_OR_RETURN(std::string kind_name, object.requiredString("kind", 40));
  const auto kind = messaging::parseRecipientKind(kind_name);
  if (!kind) {
    return fieldError(field + ".kind",
                      "must be one of person, class_parents, class_teachers, class_students, "
                      "group_students");
  }
  const char* key = *kind == messaging::RecipientKind::person           ? "user_id"
                    : *kind == messaging::RecipientKind::group_students ? "group_id"
                                                                        : "class_id";
  CARTABLE_RETURN_IF_ERROR(object.onlyKeys({"kind", key}));
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, object.requiredInt(key, 1, INT64_MAX));
  return messaging::Recipient{*kind, id};
}

Result<std::vector<messaging::Recipient>> recipientsFrom(const Poco::Dynamic::Var& value) {
  if (value.type() != typeid(Poco::JSON::Array::Ptr)) {
    return fieldError("recipients", "must be an array");
  }
  const auto list = value.extract<Poco::JSON::Array::Ptr>();
  if (list->size() > messaging::kMaxRecipientItems) {
    return fieldError("recipients",
                      "has more than " + std::to_string(messaging::kMaxRecipientItems) + " items");
  }
  std::vector<messaging::Recipient> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    CARTABLE_ASSIGN_OR_RETURN(auto recipient,
                              recipientFrom(list->get(static_cast<unsigned>(i)),
                                            "recipients[" + std::to_string(i) + "]"));
    out.push_back(recipient);
  }
  return out;
}

Result<std::optional<messaging::Replies>> repliesFrom(const std::optional<std::string>& name) {
  if (!name) return std::optional<messaging::Replies>{};
  const auto replies = messaging::parseReplies(*name);
  if (!replies) return fieldError("replies", "must be everyone or author");
  return std::optional<messaging::Replies>{replies};
}

// What a posting route received: the message (and conversation) fields, and
// the files already staged.
struct Draft {
  messaging::NewConversation conversation;
  std::vector<files::StagedFile> staged;
};

Status readJsonDraft(const Call& call, bool new_conversation, Draft& draft) {
  CARTABLE_ASSIGN_OR_RETURN(auto body, call.body());
  if (new_conversation) {
    CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"subject", "recipients", "text", "replies"}));
    CARTABLE_ASSIGN_OR_RETURN(draft.conversation.subject, body.requiredString("subject", 1000));
    if (!body.has("recipients")) return fieldError("recipients", "is required");
    CARTABLE_ASSIGN_OR_RETURN(draft.conversation.recipients,
                              recipientsFrom(body.raw()->get("recipients")));
    CARTABLE_ASSIGN_OR_RETURN(auto replies, body.optionalString("replies", 20));
    CARTABLE_ASSIGN_OR_RETURN(draft.conversation.replies, repliesFrom(replies));
  } else {
    CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"text"}));
  }
  CARTABLE_ASSIGN_OR_RETURN(draft.conversation.message.text,
                            body.requiredString("text", messaging::kMaxTextCharacters));
  return okStatus();
}

// The form's "recipients" field: the JSON array the JSON body would hold,
// read with the same depth limit.
Result<std::vector<messaging::Recipient>> recipientsFromText(const Call& call,
                                                             const std::string& text) {
  if (text.empty()) return fieldError("recipients", "is required");
  auto wrapped = http::parseJsonObject("{\"recipients\":" + text + "}",
                                       call.services.settings.limits.max_json_depth);
  if (!wrapped.ok() || wrapped->raw()->size() != 1) {
    return fieldError("recipients", "must be a JSON array");
  }
  return recipientsFrom(wrapped->raw()->get("recipients"));
}

Status readFormDraft(Call& call, bool new_conversation, Draft& draft) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto form, new_conversation
                     ? uploads::readForm(call, {"subject", "recipients", "text", "replies", "file"})
                     : uploads::readForm(call, {"text", "file"}));
  draft.conversation.message.text = uploads::textField(form, "text");
  if (new_conversation) {
    draft.conversation.subject = uploads::textField(form, "subject");
    CARTABLE_RETURN_IF_ERROR(messaging::checkSubject(draft.conversation.subject));
    CARTABLE_ASSIGN_OR_RETURN(draft.conversation.recipients,
                              recipientsFromText(call, uploads::textField(form, "recipients")));
    const std::string replies = uploads::textField(form, "replies");
    CARTABLE_ASSIGN_OR_RETURN(
        draft.conversation.replies,
        repliesFrom(replies.empty() ? std::nullopt : std::optional<std::string>(replies)));
  }
  // Checked before any file reaches the disk.
  CARTABLE_RETURN_IF_ERROR(messaging::checkText(draft.conversation.message.text));
  CARTABLE_ASSIGN_OR_RETURN(draft.staged, uploads::stageFiles(call, form, "file"));
  if (draft.staged.size() > messaging::kMaxAttachments) {
    return fieldError("file",
                      "has more than " + std::to_string(messaging::kMaxAttachments) + " files");
  }
  return okStatus();
}

Result<Draft> readDraft(Call& call, bool new_conversation) {
  Draft draft;
  if (isForm(call)) {
    CARTABLE_RETURN_IF_ERROR(readFormDraft(call, new_conversation, draft));
  } else {
    CARTABLE_RETURN_IF_ERROR(readJsonDraft(call, new_conversation, draft));
  }
  return draft;
}

// Records the draft's files in the transaction and lists them on its message.
Status attachStaged(Call& call, Connection& db, Draft& draft) {
  CARTABLE_ASSIGN_OR_RETURN(auto recorded, uploads::recordFiles(call, db, draft.staged));
  for (const files::FileInfo& file : recorded) {
    draft.conversation.message.file_ids.push_back(file.id);
  }
  return okStatus();
}

Json postedMessage(Connection& db, const messaging::Posted& posted) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto page, messaging::messagesOf(db, posted.conversation_id, 0, posted.message_id + 1, 1));
  if (page.items.empty()) return makeError(Errc::internal, "the posted message is missing");
  return views::message(page.items.front());
}

http::Response startConversation(Call& call) {
  auto draft = readDraft(call, true);
  if (!draft.ok()) return http::problem(draft.error());
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_RETURN_IF_ERROR(attachStaged(call, db, *draft));
    CARTABLE_ASSIGN_OR_RETURN(
        auto posted, messaging::startConversation(db, call.who().user_id, draft->conversation,
                                                  call.services.clock.now()));
    return postedMessage(db, posted);
  });
}

http::Response reply(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto draft = readDraft(call, false);
  if (!draft.ok()) return http::problem(draft.error());
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_RETURN_IF_ERROR(attachStaged(call, db, *draft));
    CARTABLE_ASSIGN_OR_RETURN(
        auto posted, messaging::postReply(db, *id, call.who().user_id, draft->conversation.message,
                                          call.services.clock.now()));
    return postedMessage(db, posted);
  });
}

Result<int> pageLimit(const Call& call, int fallback) {
  CARTABLE_ASSIGN_OR_RETURN(auto limit, call.queryInt("limit", fallback, 1, kMaxPage));
  return static_cast<int>(limit);
}

Result<std::optional<std::int64_t>> beforeParameter(const Call& call) {
  CARTABLE_ASSIGN_OR_RETURN(auto before, call.queryInt("before", 0, 1, INT64_MAX));
  return before == 0 ? std::nullopt : std::optional<std::int64_t>(before);
}

http::Response listConversations(Call& call) {
  auto limit = pageLimit(call, kDefaultConversations);
  if (!limit.ok()) return http::problem(limit.error());
  auto before = beforeParameter(call);
  if (!before.ok()) return http::problem(before.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto page,
                              messaging::conversationsOf(db, call.who().user_id, *before, *limit));
    return views::page(page.items, views::conversationSummary, page.next);
  });
}

http::Response getConversation(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto limit = pageLimit(call, kDefaultMessages);
  if (!limit.ok()) return http::problem(limit.error());
  auto before = beforeParameter(call);
  if (!before.ok()) return http::problem(before.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    const std::int64_t me = call.who().user_id;
    CARTABLE_ASSIGN_OR_RETURN(auto conversation, messaging::getConversation(db, *id, me));
    CARTABLE_ASSIGN_OR_RETURN(auto page, messaging::messagesOf(db, *id, me, *before, *limit));
    auto out = views::conversation(conversation);
    out->set("messages", views::page(page.items, views::message, page.next));
    return out;
  });
}

Json unreadJson(Connection& db, std::int64_t user) {
  CARTABLE_ASSIGN_OR_RETURN(auto unread, messaging::unreadOf(db, user));
  auto out = http::newObject();
  out->set("messages", unread.messages);
  out->set("conversations", unread.conversations);
  return out;
}

http::Response markRead(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  std::optional<std::int64_t> up_to;
  if (!call.request.body.empty()) {
    auto body = call.body();
    if (!body.ok()) return http::problem(body.error());
    if (auto only = body->onlyKeys({"up_to_message_id"}); !only.ok()) {
      return http::problem(only.error());
    }
    auto value = body->optionalInt("up_to_message_id", 1, INT64_MAX);
    if (!value.ok()) return http::problem(value.error());
    up_to = *value;
  }
  return writeJson(call, 200, [&](Connection& db) -> Json {
    const std::int64_t me = call.who().user_id;
    CARTABLE_RETURN_IF_ERROR(messaging::markRead(db, *id, me, up_to, call.services.clock.now()));
    return unreadJson(db, me);
  });
}

http::Response leave(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    const std::int64_t me = call.who().user_id;
    CARTABLE_RETURN_IF_ERROR(messaging::leaveConversation(db, *id, me, call.services.clock.now()));
    CARTABLE_ASSIGN_OR_RETURN(auto conversation, messaging::getConversation(db, *id, me));
    return views::conversation(conversation);
  });
}

Result<messaging::Forward> forwardFrom(const http::JsonObject& body) {
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"subject", "recipients", "text", "replies"}));
  messaging::Forward input;
  CARTABLE_ASSIGN_OR_RETURN(input.subject, body.optionalString("subject", 1000));
  if (!body.has("recipients")) return fieldError("recipients", "is required");
  CARTABLE_ASSIGN_OR_RETURN(input.recipients, recipientsFrom(body.raw()->get("recipients")));
  CARTABLE_ASSIGN_OR_RETURN(auto text, body.optionalString("text", messaging::kMaxTextCharacters));
  input.comment = text.value_or("");
  CARTABLE_ASSIGN_OR_RETURN(auto replies, body.optionalString("replies", 20));
  CARTABLE_ASSIGN_OR_RETURN(input.replies, repliesFrom(replies));
  return input;
}

http::Response forward(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  auto input = forwardFrom(*body);
  if (!input.ok()) return http::problem(input.error());
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(
        auto posted,
        messaging::forwardMessage(db, *id, call.who().user_id, *input, call.services.clock.now()));
    return postedMessage(db, posted);
  });
}

http::Response report(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  if (auto only = body->onlyKeys({"reason"}); !only.ok()) return http::problem(only.error());
  auto reason = body->requiredString("reason", messaging::kMaxReasonCharacters);
  if (!reason.ok()) return http::problem(reason.error());
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(
        auto report_id,
        messaging::reportMessage(db, *id, call.who().user_id, *reason, call.services.clock.now()));
    auto out = http::newObject();
    out->set("id", report_id);
    out->set("message_id", *id);
    out->set("reason", *reason);
    return out;
  });
}

http::Response downloadAttachment(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto file_id = call.pathId("file_id");
  if (!file_id.ok()) return http::problem(file_id.error());
  files::FileInfo file;
  Status found = call.services.db.read([&](Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(file, messaging::attachmentOf(db, *id, *file_id));
    return okStatus();
  });
  if (!found.ok()) return http::problem(found.error());
  return uploads::download(call, file);
}

http::Response search(Call& call) {
  auto limit = pageLimit(call, kDefaultMessages);
  if (!limit.ok()) return http::problem(limit.error());
  const auto q = call.request.query.find("q");
  if (q == call.request.query.end()) return http::problem(fieldError("q", "is required"));
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto hits,
                              messaging::searchMessages(db, call.who().user_id, q->second, *limit));
    return views::page(hits, views::searchHit, std::nullopt);
  });
}

http::Response unread(Call& call) {
  return readJson(call, 200, [&](Connection& db) { return unreadJson(db, call.who().user_id); });
}

}  // namespace

void addMessageRoutes(RouteTable& table) {
  const auto signed_in = Audience::signed_in;
  table.add({Method::get, "/api/v1/conversations", signed_in, access::self, listConversations});
  ApiRoute start{Method::post, "/api/v1/conversations", signed_in, access::self, startConversation};
  start.accepts_upload = true;
  table.add(start);
  table.add({Method::get, "/api/v1/conversations/{id}", signed_in, access::viewConversation,
             getConversation});
  ApiRoute post{Method::post, "/api/v1/conversations/{id}/messages", signed_in,
                access::takePartInConversation, reply};
  post.accepts_upload = true;
  table.add(post);
  table.add({Method::post, "/api/v1/conversations/{id}/read", signed_in,
             access::takePartInConversation, markRead});
  table.add({Method::post, "/api/v1/conversations/{id}/leave", signed_in,
             access::takePartInConversation, leave});
  table.add(
      {Method::post, "/api/v1/messages/{id}/forward", signed_in, access::readMessage, forward});
  table.add({Method::post, "/api/v1/messages/{id}/report", signed_in, access::readMessage, report});
  table.add({Method::get, "/api/v1/messages/{id}/attachments/{file_id}", signed_in,
             access::viewMessageAttachment, downloadAttachment});
  table.add({Method::get, "/api/v1/messages/search", signed_in, access::self, search});
  table.add({Method::get, "/api/v1/me/unread-messages", signed_in, access::self, unread});
}

}  // namespace cartable::api
