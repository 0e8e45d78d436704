#include "federation/protocol/connection.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "core/base/log.h"
#include "federation/protocol/handshake_io.h"

namespace cartable::federation {
namespace {

std::string remoteOf(const boost::asio::ip::tcp::socket& socket) {
  boost::system::error_code error;
  const auto endpoint = socket.remote_endpoint(error);
  return error ? std::string("unknown address") : detail::endpointText(endpoint);
}

std::string millis(std::chrono::milliseconds duration) {
  return std::to_string(duration.count()) + " ms";
}

}  // namespace

Connection::Connection(boost::asio::ip::tcp::socket socket, HandshakeOutcome outcome,
                       FrameDecoder pending, ConnectionOptions options)
    : socket_(std::move(socket)),
      keepalive_timer_(socket_.get_executor()),
      idle_timer_(socket_.get_executor()),
      channel_(std::move(outcome.channel)),
      decoder_(std::move(pending)),
      options_(options),
      peer_name_(std::move(outcome.peer_name)),
      peer_sign_public_(outcome.peer_sign_public),
      peer_certificate_(std::move(outcome.peer_certificate)),
      transcript_hash_(outcome.transcript_hash),
      remote_address_(remoteOf(socket_)) {}

Connection::~Connection() = default;

std::string Connection::describePeer() const {
  return peer_name_ + " (" + remote_address_ + ")";
}

void Connection::start(MessageHandler on_message, ClosedHandler on_closed) {
  boost::asio::post(socket_.get_executor(),
                    [self = shared_from_this(), on_message = std::move(on_message),
                     on_closed = std::move(on_closed)]() mutable {
                      if (self->started_) return;
                      self->started_ = true;
                      self->on_message_ = std::move(on_message);
                      self->on_closed_ = std::move(on_closed);
                      self->last_frame_at_ = std::chrono::steady_clock::now();
                      self->armKeepalive();
                      self->armIdle();
                      self->processFrames();
                      if (!self->finished_) self->readMore();
                    });
}

void Connection::send(std::string plaintext, Tag tag) {
  const std::size_t counted = plaintext.size();
  pending_bytes_ += counted;
  boost::asio::post(socket_.get_executor(),
                    [self = shared_from_this(), plaintext = std::move(plaintext), tag,
                     counted]() mutable { self->enqueue(std::move(plaintext), tag, counted); });
}

void Connection::close() {
  boost::asio::post(socket_.get_executor(), [self = shared_from_this()] { self->beginClose(); });
}

void Connection::abort(std::string reason) {
  boost::asio::post(socket_.get_executor(),
                    [self = shared_from_this(), reason = std::move(reason)]() mutable {
                      self->finish(makeError(Errc::unavailable, std::move(reason)));
                    });
}

void Connection::enqueue(std::string plaintext, Tag tag, std::size_t counted) {
  if (finished_ || close_queued_) {
    pending_bytes_ -= counted;
    return;
  }
  if (tag == Tag::close) {
    pending_bytes_ -= counted;
    return beginClose();
  }
  queue_.push_back({encodeFrame(channel_.seal(plaintext, tag)), counted});
  sent_since_tick_ = true;
  writeNext();
}

void Connection::beginClose() {
  if (finished_ || close_queued_) return;
  close_queued_ = true;
  queue_.push_back({encodeFrame(channel_.seal("", Tag::close)), 0});
  writeNext();
}

void Connection::writeNext() {
  if (writing_ || queue_.empty() || finished_) return;
  writing_ = true;
  boost::asio::async_write(socket_, boost::asio::buffer(queue_.front().frame),
                           [self = shared_from_this()](const boost::system::error_code& error,
                                                       std::size_t) { self->onWritten(error); });
}

void Connection::onWritten(const boost::system::error_code& error) {
  writing_ = false;
  if (finished_) {
    queue_.clear();
    return;
  }
  if (error) {
    return finish(makeError(Errc::unavailable,
                            "cannot write to " + describePeer() + ": " + error.message(),
                            "connection"));
  }
  pending_bytes_ -= queue_.front().counted;
  queue_.pop_front();
  if (close_queued_ && queue_.empty()) {
    close_written_ = true;
    boost::system::error_code ignored;
    socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
    if (channel_.peerClosed()) return finish(okStatus());
  }
  writeNext();
}

void Connection::readMore() {
  socket_.async_read_some(
      boost::asio::buffer(read_buffer_),
      [self = shared_from_this()](const boost::system::error_code& error, std::size_t bytes) {
        self->onRead(error, bytes);
      });
}

void Connection::onRead(const boost::system::error_code& error, std::size_t bytes) {
  if (finished_) return;
  if (error == boost::asio::error::eof) {
    if (channel_.peerClosed()) return;  // our close is still being written
    return finish(makeError(Errc::unavailable,
                            describePeer() + " ended the connection without a close frame, after " +
                                std::to_string(channel_.framesOpened()) + " frames",
                            "connection"));
  }
  if (error) {
    return finish(makeError(Errc::unavailable,
                            "connection with " + describePeer() + " failed: " + error.message(),
                            "connection"));
  }
  const Status fed = decoder_.feed(std::string_view(read_buffer_.data(), bytes));
  processFrames();
  if (finished_) return;
  if (!fed.ok()) return finish(fed.error());
  readMore();
}

void Connection::processFrames() {
  while (!finished_) {
    std::optional<std::string> frame = decoder_.next();
    if (!frame) return;
    last_frame_at_ = std::chrono::steady_clock::now();
    auto opened = channel_.open(*frame);
    if (!opened.ok()) return finish(opened.error());
    handleOpened(std::move(opened).value());
  }
}

void Connection::handleOpened(Opened opened) {
  if (opened.tag == Tag::close) {
    if (close_written_) return finish(okStatus());
    return beginClose();  // answer with ours after what is queued
  }
  if (opened.tag == Tag::message && opened.plaintext.empty()) return;  // keepalive
  if (on_message_) on_message_(std::move(opened.plaintext), opened.tag);
}

void Connection::armKeepalive() {
  keepalive_timer_.expires_after(options_.keepalive);
  keepalive_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& error) {
    if (error || self->finished_) return;
    if (!self->sent_since_tick_ && self->queue_.empty() && !self->close_queued_) {
      self->queue_.push_back({encodeFrame(self->channel_.seal("", Tag::message)), 0});
      self->writeNext();
    }
    self->sent_since_tick_ = false;
    self->armKeepalive();
  });
}

void Connection::armIdle() {
  idle_timer_.expires_at(last_frame_at_ + options_.idle_timeout);
  idle_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& error) {
    if (error || self->finished_) return;
    if (std::chrono::steady_clock::now() - self->last_frame_at_ >= self->options_.idle_timeout) {
      return self->finish(makeError(
          Errc::unavailable,
          "no frame from " + self->describePeer() + " for " + millis(self->options_.idle_timeout),
          "connection"));
    }
    self->armIdle();
  });
}

void Connection::finish(Status reason) {
  if (finished_) return;
  finished_ = true;
  keepalive_timer_.cancel();
  idle_timer_.cancel();
  boost::system::error_code ignored;
  socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  // The frame being written stays until its aborted write completes.
  for (Outgoing& item : queue_) {
    pending_bytes_ -= item.counted;
    item.counted = 0;
  }
  if (reason.ok()) {
    log::info("federation: closed the connection with " + describePeer());
  } else {
    log::warning("federation: dropped the connection with " + describePeer() + ": " +
                 reason.error().message);
  }
  // Handlers may hold this connection; releasing them breaks the cycle.
  ClosedHandler on_closed = std::move(on_closed_);
  on_closed_ = nullptr;
  on_message_ = nullptr;
  if (on_closed) on_closed(std::move(reason));
}

}  // namespace cartable::federation
