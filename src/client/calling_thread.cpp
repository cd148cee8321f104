#include "client/calling_thread.hpp"

namespace ddbkit::detail {
namespace {

struct thread_context {
  boost::asio::io_context context{1};
  bool in_use = false;
};

thread_local thread_context this_thread_context;

}  // namespace

calling_thread_context::calling_thread_context() {
  if (!this_thread_context.in_use) {
    this_thread_context.in_use = true;
    context_ = &this_thread_context.context;
  } else {
    context_ = &nested_.emplace(1);
  }
}

calling_thread_context::~calling_thread_context() {
  if (context_ == &this_thread_context.context) this_thread_context.in_use = false;
}

void calling_thread_transport::async_send(const http::endpoint& ep, http::request req,
                                          std::chrono::milliseconds timeout, handler h) {
  // The handler's executor is the calling thread's context, which runs this very code:
  // the completion is inline, as Asio's own immediate completions are, and needs no look
  // at the handler's executor (a type-erased copy of it costs an allocation).
  std::move(h)(http_.send_blocking(ep, req, timeout));
}

}  // namespace ddbkit::detail
