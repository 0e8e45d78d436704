// Internal to the HTTP server: wraps the socket of a streaming answer,
// detached from Poco's connection, for the stream's new owner.
#pragma once

#include <Poco/Net/StreamSocket.h>

#include <memory>
#include <string>

#include "core/http/stream_connection.h"

namespace cartable::http {

std::unique_ptr<StreamConnection> takeOverStream(Poco::Net::StreamSocket socket,
                                                 std::string remote_address);

}  // namespace cartable::http
