#include "crash_check.h"

#include <chrono>
#include <thread>
#include <unordered_set>

#include "api_connection.h"
#include "core/base/clock.h"
#include "database_probe.h"

namespace cartable::crash {
namespace {

constexpr std::uint32_t kMinDelayMs = 50;
constexpr std::uint32_t kMaxDelayMs = 500;
constexpr std::size_t kMissingShown = 10;

std::int64_t nowMillis() {
  return SystemClock::instance().monotonicMillis();
}

std::size_t countPresent(const std::vector<std::string>& codes,
                         const std::unordered_set<std::string>& present) {
  std::size_t count = 0;
  for (const std::string& code : codes) count += present.contains(code) ? 1 : 0;
  return count;
}

std::vector<std::string> absent(const std::vector<std::string>& codes,
                                const std::unordered_set<std::string>& present) {
  std::vector<std::string> out;
  for (const std::string& code : codes) {
    if (!present.contains(code)) out.push_back(code);
  }
  return out;
}

std::vector<std::string> ofKind(const std::vector<std::string>& codes, WriteKind kind) {
  std::vector<std::string> out;
  for (const std::string& code : codes) {
    if (kindOf(code) == kind) out.push_back(code);
  }
  return out;
}

std::string listSome(const std::vector<std::string>& codes) {
  std::string out;
  for (std::size_t i = 0; i < codes.size() && i < kMissingShown; ++i) {
    out += (i ? ", " : "") + codes[i];
  }
  if (codes.size() > kMissingShown) out += ", ...";
  return out;
}

}  // namespace

CrashCheck::CrashCheck(const Options& options, const std::string& work_dir, std::ostream& out,
                       const std::atomic<bool>& interrupted)
    : options_(options),
      out_(out),
      interrupted_(interrupted),
      node_(options.cartable, work_dir),
      random_(options.seed) {}

Result<bool> CrashCheck::run() {
  const std::int64_t started = nowMillis();
  CARTABLE_RETURN_IF_ERROR(setUp());
  bool passed = true;
  for (int round = 1; round <= options_.kills && passed; ++round) {
    CARTABLE_ASSIGN_OR_RETURN(passed, runRound(round));
  }
  if (passed) {
    CARTABLE_ASSIGN_OR_RETURN(passed, checkServedSubjects());
  }
  node_.kill();
  printSummary(passed, nowMillis() - started);
  return passed;
}

Status CrashCheck::setUp() {
  CARTABLE_ASSIGN_OR_RETURN(const std::string password, node_.initialise());
  CARTABLE_RETURN_IF_ERROR(node_.start());
  admin_.emplace("admin", password);
  CARTABLE_RETURN_IF_ERROR(admin_->setUp(node_.port()));
  ApiConnection api(node_.port());
  CARTABLE_ASSIGN_OR_RETURN(Reply space,
                            api.send("GET", "/api/v1/me/documents", {}, admin_->token()));
  if (space.status != 200) {
    return makeError(Errc::internal, describe("GET /api/v1/me/documents", space));
  }
  CARTABLE_ASSIGN_OR_RETURN(auto folder, parseObject(space.body));
  folder_id_ = folder->optValue<std::int64_t>("id", 0);
  return okStatus();
}

Status CrashCheck::ensureSignedIn() {
  ApiConnection api(node_.port());
  CARTABLE_ASSIGN_OR_RETURN(Reply me, api.send("GET", "/api/v1/me", {}, admin_->token()));
  if (me.status == 200) return okStatus();
  if (me.status != 401) return makeError(Errc::internal, describe("GET /api/v1/me", me));
  return admin_->signIn(node_.port());
}

Result<bool> CrashCheck::runRound(int round) {
  if (interrupted_) return makeError(Errc::unavailable, "interrupted by a signal");
  CARTABLE_RETURN_IF_ERROR(ensureSignedIn());
  std::int64_t killed_after_ms = 0;
  const RoundWrites writes = writeUntilKilled(round, killed_after_ms);
  acknowledged_.insert(acknowledged_.end(), writes.acknowledged.begin(), writes.acknowledged.end());
  rejected_ += writes.rejected.size();
  if (first_rejection_.empty()) first_rejection_ = writes.first_rejection;
  if (options_.self_test_drop_one && !loss_injected_) CARTABLE_RETURN_IF_ERROR(injectLoss(writes));
  CARTABLE_ASSIGN_OR_RETURN(const bool survived, checkDatabase(round, writes, killed_after_ms));
  if (!survived) return false;
  CARTABLE_RETURN_IF_ERROR(node_.start());
  ++rounds_passed_;
  return true;
}

Result<bool> CrashCheck::checkDatabase(int round, const RoundWrites& writes,
                                       std::int64_t killed_after_ms) {
  CARTABLE_ASSIGN_OR_RETURN(const DatabaseState state,
                            inspectDatabase(node_.databasePath(), node_.filesPath()));
  missing_ = absent(acknowledged_, state.present);
  const std::size_t landed = countPresent(writes.unknown, state.present);
  unknown_ += writes.unknown.size();
  unknown_landed_ += landed;
  const bool intact = state.integrity == "ok";
  out_ << "round " << round << "/" << options_.kills << ": killed after " << killed_after_ms
       << " ms, " << acknowledged_.size() << " acknowledged so far, "
       << (missing_.empty() ? "all present" : std::to_string(missing_.size()) + " MISSING")
       << ", integrity " << (intact ? "ok" : "FAILED") << "; " << writes.unknown.size()
       << " unknown outcome (" << landed << " landed)" << std::endl;
  if (missing_.empty() && intact) return true;
  failure_ = "round " + std::to_string(round) + ":";
  if (!missing_.empty()) failure_ += " acknowledged but missing: " + listSome(missing_) + ";";
  if (!intact) failure_ += " PRAGMA integrity_check: " + state.integrity + ";";
  failure_.pop_back();
  return false;
}

RoundWrites CrashCheck::writeUntilKilled(int round, std::int64_t& killed_after_ms) {
  const auto delay = kMinDelayMs + random_.uniform(kMaxDelayMs - kMinDelayMs + 1);
  WriteLoad load(node_.port(), admin_->token(), "R" + std::to_string(round), options_.writers,
                 folder_id_);
  const std::int64_t started = nowMillis();
  std::this_thread::sleep_for(std::chrono::milliseconds(delay));
  node_.kill();
  killed_after_ms = nowMillis() - started;
  return load.stop();
}

Status CrashCheck::injectLoss(const RoundWrites& writes) {
  const std::vector<std::string> subjects = ofKind(writes.acknowledged, WriteKind::subject);
  if (subjects.empty()) return okStatus();
  const std::string& victim = subjects.back();
  CARTABLE_RETURN_IF_ERROR(deleteSubject(node_.databasePath(), victim));
  out_ << "self-test: deleted acknowledged subject " << victim << " before the check" << std::endl;
  loss_injected_ = true;
  return okStatus();
}

Result<bool> CrashCheck::checkServedSubjects() {
  CARTABLE_RETURN_IF_ERROR(ensureSignedIn());
  ApiConnection api(node_.port());
  CARTABLE_ASSIGN_OR_RETURN(Reply reply, api.send("GET", "/api/v1/subjects", {}, admin_->token()));
  if (reply.status != 200)
    return makeError(Errc::internal, describe("GET /api/v1/subjects", reply));
  CARTABLE_ASSIGN_OR_RETURN(auto body, parseObject(reply.body));
  std::unordered_set<std::string> served;
  if (auto items = body->getArray("items")) {
    for (std::size_t i = 0; i < items->size(); ++i) {
      if (auto item = items->getObject(static_cast<unsigned>(i))) {
        served.insert(item->optValue<std::string>("code", ""));
      }
    }
  }
  const std::vector<std::string> subjects = ofKind(acknowledged_, WriteKind::subject);
  missing_ = absent(subjects, served);
  out_ << "after the last restart: GET /api/v1/subjects lists "
       << (missing_.empty() ? "all " : std::to_string(subjects.size() - missing_.size()) + " of ")
       << subjects.size() << " acknowledged subjects" << std::endl;
  if (missing_.empty()) return true;
  failure_ = "after the last restart, the server does not list: " + listSome(missing_);
  return false;
}

void CrashCheck::printSummary(bool passed, std::int64_t elapsed_ms) {
  out_ << "summary: " << rounds_passed_ << "/" << options_.kills << " rounds passed in "
       << elapsed_ms / 1000 << "." << (elapsed_ms % 1000) / 100 << " s (seed " << options_.seed
       << ", " << options_.writers << " writers): " << acknowledged_.size()
       << " acknowledged writes (" << ofKind(acknowledged_, WriteKind::subject).size()
       << " subjects, " << ofKind(acknowledged_, WriteKind::announcement).size()
       << " announcements, " << ofKind(acknowledged_, WriteKind::document).size()
       << " document uploads), " << (missing_.empty() ? "all" : "NOT all") << " present; "
       << unknown_ << " unknown-outcome writes, " << unknown_landed_ << " of them landed; "
       << rejected_ << " rejected" << std::endl;
  if (!first_rejection_.empty()) out_ << "first rejection: " << first_rejection_ << std::endl;
  if (!passed) out_ << "FAILED: " << failure_ << std::endl;
}

}  // namespace cartable::crash
