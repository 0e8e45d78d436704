#include "mail/mailer.h"

#include <Poco/Exception.h>
#include <Poco/Net/DNS.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/base/log.h"
#include "mail/message.h"
#include "mail/outbox.h"
#include "mail/relay.h"

namespace cartable::mail {
namespace {

constexpr int kBatchSize = 200;  // emails per drain; the rest wait for the next one
constexpr std::size_t kMaxPasswordBytes = 4096;

std::string ourHostName() {
  try {
    const std::string name = Poco::Net::DNS::hostName();
    if (!name.empty()) return name;
  } catch (const Poco::Exception&) {
    // Fall through: any name will do in EHLO.
  }
  return "localhost";
}

std::string domainOf(const std::string& address) {
  return address.substr(address.find('@') + 1);
}

}  // namespace

struct Mailer::Batch {
  std::vector<QueuedEmail> deliverable;
  std::vector<std::pair<QueuedEmail, std::string>> hopeless;  // with the reason
};

Mailer::Mailer(storage::Database& db, config::MailSettings settings, std::string school_name,
               std::string password, Random& random)
    : db_(db),
      settings_(std::move(settings)),
      school_name_(std::move(school_name)),
      password_(std::move(password)),
      random_(random) {}

Result<DrainReport> Mailer::drain(Seconds now) {
  std::vector<QueuedEmail> due;
  CARTABLE_RETURN_IF_ERROR(db_.read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(due, dueEmails(conn, now, kBatchSize));
    return okStatus();
  }));
  Batch batch;
  for (auto& email : due) {
    if (!settings_.enabled()) {
      batch.hopeless.emplace_back(std::move(email),
                                  "no mail relay is configured (mail.smtp_host is empty)");
    } else if (!email.address) {
      batch.hopeless.emplace_back(std::move(email),
                                  "the account has no email address any more, or is disabled");
    } else {
      batch.deliverable.push_back(std::move(email));
    }
  }
  CARTABLE_ASSIGN_OR_RETURN(DrainReport report, send(batch, now));
  CARTABLE_RETURN_IF_ERROR(db_.write([&](storage::Connection& conn) -> Status {
    for (const auto& [email, reason] : batch.hopeless) {
      CARTABLE_RETURN_IF_ERROR(recordFailure(conn, email.id, email.message_id.value_or(""),
                                             email.attempts, reason, std::nullopt, now));
      ++report.given_up;
    }
    CARTABLE_ASSIGN_OR_RETURN(report.purged,
                              purgeFinished(conn, now - kSentRetention, now - kFailedRetention));
    return okStatus();
  }));
  return report;
}

Result<DrainReport> Mailer::send(Batch& batch, Seconds now) {
  DrainReport report;
  if (batch.deliverable.empty()) return report;
  RelayConnection relay;
  const Attempt opened =
      relay.open({settings_.smtp_host, settings_.smtp_port, settings_.starttls, settings_.username,
                  password_, std::chrono::seconds(settings_.timeout_seconds), ourHostName()});
  for (const QueuedEmail& email : batch.deliverable) {
    if (stop_) break;
    const std::string message_id = email.message_id.value_or(
        random_.hex(12) + "." + std::to_string(email.id) + "@" + domainOf(settings_.from));
    Attempt attempt = opened;
    if (attempt.outcome == Outcome::sent) {
      const std::string text = composeMessage(
          {school_name_, settings_.from, *email.address, email.notice.title,
           noticeBody(email.notice, settings_.public_url, school_name_), message_id, now});
      attempt = relay.send(settings_.from, *email.address, text);
    }
    const int attempts = email.attempts + 1;
    CARTABLE_RETURN_IF_ERROR(db_.write([&](storage::Connection& conn) -> Status {
      if (attempt.outcome == Outcome::sent) {
        ++report.sent;
        return recordSent(conn, email.id, message_id, attempts, now);
      }
      if (attempt.outcome == Outcome::temporary && attempts < kMaxAttempts) {
        ++report.retried;
        return recordFailure(conn, email.id, message_id, attempts, attempt.detail,
                             now + kRetryDelays[attempts - 1], now);
      }
      ++report.given_up;
      const std::string why = attempt.outcome == Outcome::permanent
                                  ? attempt.detail
                                  : "gave up after " + std::to_string(attempts) +
                                        " attempts; the last: " + attempt.detail;
      return recordFailure(conn, email.id, message_id, attempts, why, std::nullopt, now);
    }));
    // A lost connection leaves the rest of the batch for the next drain.
    if (opened.outcome == Outcome::sent && !relay.connected()) break;
  }
  return report;
}

Result<std::string> readPasswordFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return makeError(Errc::failed_precondition,
                     "cannot read mail.password_file " + path + ": " + std::strerror(errno),
                     "mail.password_file");
  }
  std::string text(kMaxPasswordBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxPasswordBytes) {
    return makeError(Errc::failed_precondition,
                     "mail.password_file " + path +
                         " is larger than 4 KiB; it should hold only "
                         "the relay's password",
                     "mail.password_file");
  }
  if (text.ends_with('\n')) text.pop_back();
  if (text.ends_with('\r')) text.pop_back();
  if (text.empty() || text.find('\n') != std::string::npos) {
    return makeError(Errc::failed_precondition,
                     "mail.password_file " + path + " should hold the password on one line",
                     "mail.password_file");
  }
  std::error_code ignored;
  const auto perms = std::filesystem::status(path, ignored).permissions();
  if ((perms & std::filesystem::perms::others_read) != std::filesystem::perms::none) {
    log::warning("mail.password_file " + path + " is readable by every user of the machine");
  }
  return text;
}

Result<std::unique_ptr<Courier>> Courier::create(storage::Database& db,
                                                 const config::Settings& settings,
                                                 const Clock& clock, Random& random,
                                                 std::chrono::milliseconds interval) {
  std::string password;
  if (settings.mail.enabled() && !settings.mail.username.empty()) {
    CARTABLE_ASSIGN_OR_RETURN(password, readPasswordFile(settings.mail.password_file));
  }
  const std::string school = settings.school ? settings.school->name : std::string();
  auto mailer = std::make_unique<Mailer>(db, settings.mail, school, std::move(password), random);
  return std::make_unique<Courier>(std::move(mailer), clock, interval);
}

Courier::Courier(std::unique_ptr<Mailer> mailer, const Clock& clock,
                 std::chrono::milliseconds interval)
    : mailer_(std::move(mailer)), clock_(clock), interval_(interval) {}

Courier::~Courier() {
  stop();
}

void Courier::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void Courier::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  mailer_->requestStop();
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Courier::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void Courier::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    woken_ = false;
    lock.unlock();
    auto report = mailer_->drain(clock_.now());
    if (!report.ok()) log::warning("mail: " + report.error().message);
    if (report.ok() && (report->sent > 0 || report->given_up > 0)) {
      // Counts only: addresses and notice texts stay out of the log.
      log::info("mail: " + std::to_string(report->sent) + " sent, " +
                std::to_string(report->retried) + " to retry, " + std::to_string(report->given_up) +
                " given up (see mail_outbox.last_error)");
    }
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_ || woken_; });
  }
}

}  // namespace cartable::mail
