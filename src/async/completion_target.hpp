#pragma once
// Internal: where a result goes (a handler's executor and cancellation slot), and a handler
// that wraps another and must keep both.
#include <boost/asio/any_completion_executor.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include <utility>

namespace ddbkit::detail {

/// Where a result goes: the executor its handler runs on and the cancellation slot that
/// reaches the work. Taken from the caller's handler once, so that a handler wrapping it (a
/// typed result made from an untyped one) needs no binding and no second look-up.
struct completion_target {
  boost::asio::any_completion_executor executor;
  boost::asio::cancellation_slot slot;
};

/// `ex` with its executor stored inline. A type-erased handler's executor is usually an
/// io_context's executor that came through an any_io_executor: converted between erased
/// types, it stays in the heap storage they share, and every copy (co_spawn takes nine a
/// call) counts a shared reference. An io_context's executor or strand, wrapped afresh, is
/// stored inline.
inline boost::asio::any_completion_executor stored_inline(boost::asio::any_completion_executor ex) {
  using io_executor = boost::asio::io_context::executor_type;
  if (const auto* plain = ex.target<io_executor>()) return boost::asio::any_completion_executor(*plain);
  if (const auto* strand = ex.target<boost::asio::strand<io_executor>>()) {
    return boost::asio::any_completion_executor(*strand);
  }
  return ex;
}

/// The completion target of `handler`: its associated executor (default: `fallback`) and
/// cancellation slot.
template <class Handler>
completion_target target_of_handler(const Handler& handler, const boost::asio::any_io_executor& fallback) {
  return {stored_inline(boost::asio::get_associated_executor(handler, fallback)),
          boost::asio::get_associated_cancellation_slot(handler)};
}

/// The completion target of a type-erased handler, as it is (its executor is already erased).
template <class Handler>
completion_target target_of_handler(const Handler& handler) {
  return {boost::asio::get_associated_executor(handler), boost::asio::get_associated_cancellation_slot(handler)};
}

/// `fn` as a handler that runs on `target`'s executor and sees its slot: what a handler
/// wrapping the one `target` came from needs, so that the operation it is given completes
/// where the caller asked and can be cancelled by the caller. Take the target before `fn`
/// captures that handler (`auto target = target_of_handler(h); bound_to(target, [h = ...])`):
/// an argument list does not order the look-up before the move.
template <class Fn>
auto bound_to(completion_target target, Fn fn) {
  return boost::asio::bind_cancellation_slot(target.slot,
                                             boost::asio::bind_executor(std::move(target.executor), std::move(fn)));
}

}  // namespace ddbkit::detail
