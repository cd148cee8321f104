#pragma once
// The table tests' way to make a blocking call against a client whose executor the test
// thread runs: the call goes on another thread while this one serves the client.
#include <boost/asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

namespace ddbkit::testing {

/// Runs `fn` on another thread while this one runs `io`, and returns what `fn` returned.
template <class Fn>
auto run_blocking(boost::asio::io_context& io, Fn fn) {
  std::optional<decltype(fn())> out;
  std::atomic<bool> done{false};  // `out` is read only after the join
  std::thread caller([&] {
    out = fn();
    done = true;
  });
  while (!done) {
    io.run_for(std::chrono::milliseconds(2));
    io.restart();
  }
  caller.join();
  return std::move(*out);
}

}  // namespace ddbkit::testing
