// Live delivery of notifications to connected clients over server-sent
// events. Each stream is a socket handed over by the HTTP server after its
// headers: one thread waits on all of them (epoll), so idle clients cost a
// descriptor and a few hundred bytes, not a worker thread. Once a second the
// hub reads the notifications written since its cursor (whoever wrote them:
// a request, the maintenance thread, an import) and writes each to its
// person's streams. Only committed notices are ever seen.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "core/auth/sessions.h"
#include "core/base/result.h"
#include "core/http/metrics.h"
#include "core/http/stream_connection.h"
#include "core/storage/database.h"

namespace cartable::live {

struct HubOptions {
  int max_streams = 4000;                         // the whole school's open streams
  int max_streams_per_person = 8;                 // tabs and devices; a ninth closes the oldest
  std::chrono::milliseconds poll_interval{1000};  // how often new notices are looked for
  std::chrono::milliseconds heartbeat{25000};     // comment line; sessions checked as often
};

// Where a new stream starts: the opening request has sent everything of
// `user_id`'s up to notification id `cursor`.
struct Opening {
  std::int64_t user_id = 0;
  std::int64_t session_id = 0;
  std::int64_t cursor = 0;
};

struct HubStats {
  int streams = 0;
  std::int64_t events_sent = 0;
  std::int64_t slow_clients_dropped = 0;
};

class Hub {
 public:
  Hub(storage::Database& db, auth::SessionStore& sessions, http::Metrics& metrics,
      HubOptions options = {});
  ~Hub();  // stops
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  // Starts the delivery thread, following notifications written from now on.
  Status start();
  // Closes every stream and joins the thread.
  void stop();

  // Whether one more stream may open (resource_exhausted when the school's
  // limit is reached, unavailable when the hub is not running).
  Status admit() const;
  // Takes over `stream` (any thread). From now on every notice for
  // `opening.user_id` with an id above `opening.cursor` is written to it,
  // until the client leaves, its session ends or it reads too slowly.
  void adopt(std::unique_ptr<http::StreamConnection> stream, const Opening& opening);

  HubStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cartable::live
