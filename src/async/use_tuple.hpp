#pragma once
// Internal: the completion token of coroutines that take an operation's error code as a
// value instead of an exception.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace ddbkit::detail {

/// `auto [ec, n] = co_await socket.async_read_some(buffers, use_tuple);`
inline constexpr auto use_tuple = boost::asio::as_tuple(boost::asio::use_awaitable);

}  // namespace ddbkit::detail
