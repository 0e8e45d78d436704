#include "tests/tools/report_sim/link_pool.h"

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "federation/agent/link_store.h"
#include "federation/enrollment/enrollment.h"
#include "federation/link/sync_link.h"

namespace cartable::report_sim {

namespace {

using federation::SyncLink;

std::int64_t steadyMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// One school's link while it lasts.
struct Job {
  std::string uai;
  OpenSchool school;
  std::shared_ptr<SyncLink> link;
  std::int64_t started_ms = 0;
};

using Opener =
    std::function<Result<std::optional<std::pair<std::string, OpenSchool>>>(std::size_t)>;

class Run {
 public:
  Run(const LinkPoolOptions& options, const Clock& clock, Random& random, std::size_t count,
      const Opener& open)
      : options_(options), clock_(clock), random_(random), count_(count), open_(open) {}

  std::vector<LinkOutcome> go() {
    auto work = boost::asio::make_work_guard(io_);
    const std::size_t slots = std::min<std::size_t>(count_, std::max(1, options_.max_links));
    active_ = slots;
    for (std::size_t i = 0; i < slots; ++i) boost::asio::post(io_, [this] { startNext(); });
    if (slots == 0) work.reset();
    std::vector<std::thread> threads;
    for (int i = 0; i < std::max(1, options_.threads); ++i) {
      threads.emplace_back([this] { io_.run(); });
    }
    {
      std::unique_lock lock(mutex_);
      done_.wait(lock, [this] { return active_ == 0; });
    }
    work.reset();
    io_.stop();
    for (auto& thread : threads) thread.join();
    return std::move(outcomes_);
  }

 private:
  // Takes the next school into a free slot, or frees the slot when none is left.
  void startNext() {
    while (true) {
      const std::size_t index = next_.fetch_add(1);
      if (index >= count_) {
        std::lock_guard lock(mutex_);
        if (--active_ == 0) done_.notify_all();
        return;
      }
      auto opened = open_(index);
      if (!opened.ok()) {
        record(LinkOutcome{"#" + std::to_string(index), opened.error(), 0, 0});
        continue;
      }
      if (!opened->has_value()) continue;
      auto job = std::make_shared<Job>();
      job->uai = (*opened)->first;
      job->school = std::move((*opened)->second);
      if (dial(job)) return;
    }
  }

  bool dial(const std::shared_ptr<Job>& job) {
    std::optional<federation::HubLink> hub_link;
    Status read = job->school.db->read([&](storage::Connection& conn) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(hub_link, federation::readHubLink(conn));
      return okStatus();
    });
    if (!read.ok() || !hub_link) {
      record(LinkOutcome{
          job->uai, read.ok() ? makeError(Errc::failed_precondition, "not enrolled") : read.error(),
          0, 0});
      return false;
    }
    job->started_ms = steadyMillis();
    federation::connectToHub(
        io_, options_.hub.host, options_.hub.port, job->school.keys,
        federation::schoolPeerName(job->uai), hub_link->certificate, hub_link->hub_sign_public,
        [this, job](Result<std::shared_ptr<federation::Connection>> connected) {
          onConnected(job, std::move(connected));
        },
        federation::ConnectionOptions{}, random_);
    return true;
  }

  void onConnected(const std::shared_ptr<Job>& job,
                   Result<std::shared_ptr<federation::Connection>> connected) {
    if (!connected.ok()) {
      finish(job, connected.error(), 0);
      return;
    }
    auto session = std::make_unique<federation::ReplicationSession>(
        *job->school.db, schoolSessionOptions(job->uai), clock_, random_);
    std::weak_ptr<Job> weak = job;
    std::lock_guard lock(job_mutex_);
    job->link = SyncLink::start(
        std::move(*connected), std::move(session),
        [this, job](Status reason) {
          std::int64_t sent = 0;
          {
            std::lock_guard held(job_mutex_);
            if (job->link) sent = job->link->counters().records_sent;
          }
          finish(job, std::move(reason), sent);
        },
        // Runs under the link's lock, maybe before the link is stored: closes later.
        [this, weak] {
          boost::asio::post(io_, [this, weak] {
            std::lock_guard held(job_mutex_);
            if (auto open = weak.lock(); open && open->link) open->link->close();
          });
        });
  }

  void finish(const std::shared_ptr<Job>& job, Status reason, std::int64_t sent) {
    record(LinkOutcome{job->uai, std::move(reason), sent, steadyMillis() - job->started_ms});
    // The link's own handlers are still on the stack: release it afterwards.
    boost::asio::post(io_, [this, job] {
      {
        std::lock_guard lock(job_mutex_);
        job->link.reset();
        job->school.db.reset();
      }
      startNext();
    });
  }

  void record(LinkOutcome outcome) {
    std::lock_guard lock(mutex_);
    outcomes_.push_back(std::move(outcome));
  }

  const LinkPoolOptions& options_;
  const Clock& clock_;
  Random& random_;
  const std::size_t count_;
  const Opener& open_;
  boost::asio::io_context io_;
  std::atomic<std::size_t> next_{0};
  std::mutex mutex_;
  std::mutex job_mutex_;  // a job's link is set before its handlers read it
  std::condition_variable done_;
  std::size_t active_ = 0;
  std::vector<LinkOutcome> outcomes_;
};

}  // namespace

federation::SessionOptions schoolSessionOptions(const std::string& uai) {
  federation::SessionOptions session;
  session.peer = federation::kHubPeerName;
  session.outbound_partitions = {federation::kHubPeerName};
  const std::string own = federation::schoolPeerName(uai);
  session.check_scope = [own](const federation::Record& record) -> Status {
    if (record.partition != own && record.partition != "region") {
      return makeError(
          Errc::permission_denied,
          "the hub sent " + record.kind + " " + record.key + " for " + record.partition,
          "partition");
    }
    return okStatus();
  };
  return session;
}

LinkPool::LinkPool(LinkPoolOptions options, const Clock& clock, Random& random)
    : options_(std::move(options)), clock_(clock), random_(random) {}

std::vector<LinkOutcome> LinkPool::run(std::size_t count, const Opener& open) {
  Run run(options_, clock_, random_, count, open);
  return run.go();
}

}  // namespace cartable::report_sim
