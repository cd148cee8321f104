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

}  // namespace ddbkit::detail
