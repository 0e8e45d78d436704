// The kinds of federated records, the vocabulary schools and the hub share.
#pragma once

namespace cartable::federation {

// A school's profile (who it is, account counts per role), key: its UAI,
// owned by the school, for the hub. Written by appliance/federated.
inline constexpr const char* kSchoolProfileKind = "school";

// The key of the region's login and INE digests, key "v1", owned by the hub,
// for every school: {"key":"<64 hex>"}.
inline constexpr const char* kDirectoryKeyKind = "directory_key";

// An enrolled school's public keys, key: its UAI, owned by the hub, for every
// school: {"uai":…,"sign_public":hex,"box_public":hex,"revoked":bool,
// "name":…,"url":…}. What a school checks sealed payloads from another school
// against, and where it sends people who also have an account there.
inline constexpr const char* kSchoolKeyKind = "school_key";

// A school's account as the regional directory needs it, key
// "<UAI>:<user id>", owned by the school, for the hub: digests only,
// {"login":hex,"ine":hex|null,"roles":[…],"active":bool,"attach":hex|null}.
inline constexpr const char* kAccountKind = "account";

// The hub's answer about one account, same key, owned by the hub, for that
// school: {"state":"confirmed"|"collision"|"attach_failed","regional_id":…,
// "joined":bool,"members":["<UAI>",…]}.
inline constexpr const char* kAccountStatusKind = "account_status";

// A payload sealed by one school to another (federation/sealed), relayed by
// the hub unread. Key "<purpose>:<regional id>:<destination UAI>".
inline constexpr const char* kSealedKind = "sealed";

// The hub asking a school whether the person of one of its accounts agrees to
// be the person of an account of another school (an attach request). Key
// "<requesting account key>@<asked UAI>", owned by the hub, for the asked
// school: {"from_uai":…,"from_name":…,"member_key":"<asked UAI>:<user id>"}.
inline constexpr const char* kAttachRequestKind = "attach_request";

// The asked school's answer, same key, owned by that school, for the hub:
// {"decision":"approved"|"refused"}.
inline constexpr const char* kAttachAnswerKind = "attach_answer";

// A school's signed daily report (appliance/reporting), key
// "<UAI>:<YYYY-MM-DD>", owned by the school, for the hub:
// {"report":"<JSON>","signature":hex}. Stored by federation/hub/reports.h.
inline constexpr const char* kRegionalReportKind = "regional_report";

}  // namespace cartable::federation
