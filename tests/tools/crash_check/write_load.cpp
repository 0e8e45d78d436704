#include "write_load.h"

#include <chrono>

#include "api_connection.h"
#include "mixed_writes.h"

namespace cartable::crash {
namespace {

void append(std::vector<std::string>& to, const std::vector<std::string>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

WriteLoad::WriteLoad(std::uint16_t port, std::string token, std::string code_prefix, int writers,
                     std::int64_t folder_id)
    : port_(port),
      token_(std::move(token)),
      code_prefix_(std::move(code_prefix)),
      folder_id_(folder_id),
      outcomes_(static_cast<std::size_t>(writers)) {
  for (int writer = 0; writer < writers; ++writer) {
    threads_.emplace_back([this, writer] { runWriter(writer); });
  }
}

WriteLoad::~WriteLoad() {
  stop();
}

RoundWrites WriteLoad::stop() {
  stopping_ = true;
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  RoundWrites all;
  for (const RoundWrites& one : outcomes_) {
    append(all.acknowledged, one.acknowledged);
    append(all.unknown, one.unknown);
    append(all.rejected, one.rejected);
    if (all.first_rejection.empty()) all.first_rejection = one.first_rejection;
    all.token_refused = all.token_refused || one.token_refused;
  }
  return all;
}

void WriteLoad::runWriter(int writer) {
  RoundWrites& out = outcomes_[static_cast<std::size_t>(writer)];
  ApiConnection api(port_);
  const std::string prefix = code_prefix_ + "W" + std::to_string(writer) + "N";
  for (int count = 0; !stopping_; ++count) {
    const std::string code = codeFor(prefix, count);
    const WriteRequest request = requestFor(code, folder_id_);
    auto reply = api.send("POST", request.path, request.body, token_, request.content_type);
    if (!reply.ok()) {
      // A refused connection sent nothing: the code was never in play.
      if (reply.error().code != Errc::unavailable) out.unknown.push_back(code);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    } else if (reply->status == 201) {
      out.acknowledged.push_back(code);
    } else {
      out.rejected.push_back(code);
      if (out.first_rejection.empty()) out.first_rejection = describe(code, *reply);
      if (reply->status == 401) {
        out.token_refused = true;
        return;
      }
    }
  }
}

}  // namespace cartable::crash
