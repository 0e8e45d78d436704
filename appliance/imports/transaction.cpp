#include "imports/transaction.h"

#include <exception>
#include <map>

#include "core/auth/audit.h"

namespace cartable::imports {
namespace {

// {"person.create":3,"lesson.end":1}: what the audit log keeps of an import.
std::string summary(const ImportReport& report) {
  std::map<std::string, int> counts;
  for (const Change& c : report.changes) {
    ++counts[c.entity + "." + std::string(changeKindName(c.kind))];
  }
  std::string out = "{";
  for (const auto& [key, n] : counts) {
    out += (out.size() > 1 ? "," : "") + ("\"" + key + "\":" + std::to_string(n));
  }
  return out + "}";
}

}  // namespace

Result<ImportReport> runImport(
    storage::Database& db, const ImportRun& run,
    const std::function<Result<ImportReport>(storage::Connection&)>& work) {
  ImportReport report;
  Status ran = db.withWriter([&](storage::Connection& conn) -> Status {
    CARTABLE_RETURN_IF_ERROR(conn.script("BEGIN IMMEDIATE"));
    Result<ImportReport> result = makeError(Errc::internal, "the import did not run");
    try {
      result = work(conn);
    } catch (const std::exception& error) {
      result = makeError(Errc::internal, std::string("import failed: ") + error.what());
    }
    bool commit = run.apply && result.ok() && result->problems.empty();
    if (commit) {
      Status audited = auth::recordAudit(
          conn, auth::AuditEvent{run.audit_action, run.actor, std::nullopt, "", summary(*result)},
          run.now);
      if (!audited.ok()) {
        result = audited.error();
        commit = false;
      }
    }
    Status ended = conn.script(commit ? "COMMIT" : "ROLLBACK");
    if (!ended.ok()) {
      (void)conn.script("ROLLBACK");
      return ended.error();
    }
    if (!result.ok()) return result.error();
    report = std::move(result).value();
    report.applied = commit;
    return okStatus();
  });
  if (!ran.ok()) return ran.error();
  return report;
}

}  // namespace cartable::imports
