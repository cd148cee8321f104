#pragma once
// What a client reports about its work: each call, each request sent (attempt), and the
// circuit breaker's state. Metrics, tracing, logging and capacity monitoring are observers.
#include <ddbkit/attempt_info.hpp>
#include <ddbkit/error.hpp>
#include <ddbkit/http/connection_listener.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace ddbkit {

/// A call as it starts: one operation of the client (blocking or async), after its input
/// was serialized. Strings are valid only during the observer's call: copy to keep.
struct call_info {
  /// Unique per client; the attempts of the call carry the same id.
  std::uint64_t call_id = 0;
  /// The operation, e.g. "PutItem" (a string with static storage duration).
  std::string_view operation;
  /// The table the request names; for batches and transactions every table it names, in
  /// order of first appearance, joined with ','; empty for ListTables and PartiQL.
  std::string_view table;
  /// IndexName of a Query or Scan, else empty.
  std::string_view index;
  /// The partition key value the call is about, as text (call_options::partition_key:
  /// table<T> names it for its single-item operations); empty when not known.
  std::string_view partition_key;
};

/// Calls fn(name) for each table of call_info::table (a comma-joined list).
template <class Fn>
void for_each_table(std::string_view tables, Fn&& fn) {
  while (!tables.empty()) {
    const auto comma = tables.find(',');
    fn(tables.substr(0, comma));
    if (comma == std::string_view::npos) break;
    tables.remove_prefix(comma + 1);
  }
}

/// How a call ended.
struct call_result {
  /// Empty on success; else the call's error (also for an input refused before sending,
  /// whose attempts() is 0).
  std::optional<ddbkit::error> error;
  /// Requests sent.
  int attempts = 0;
  /// From the call's start to its end: every attempt, backoff and wait included.
  std::chrono::nanoseconds latency{0};
  /// The capacity the successful request reports consumed (see attempt_info); empty on
  /// failure or when not asked for. Valid only during the observer's call.
  std::span<const ddbkit::consumed_capacity> consumed_capacity;
  /// What the successful batch left unprocessed, per table (see attempt_info). Valid only
  /// during the observer's call.
  std::span<const unprocessed_requests> unprocessed;
};

/// The state of an endpoint's circuit breaker.
enum class circuit_state { closed, open, half_open };
std::string_view to_string(circuit_state s) noexcept;

/// Receives a client's events. Override what you need; the defaults do nothing.
///
/// Every call produces on_call_start, one on_attempt per request sent, then on_call_end,
/// in that order and with the same call_id (a call refused before sending has no attempt).
/// Thread safety: the functions are called from the threads that run the client's calls,
/// possibly concurrently for different calls; they must be thread-safe and must not throw.
/// They run on the request path: keep them short, and never make a blocking call of the
/// same client from one.
class observer {
 public:
  virtual ~observer() = default;
  /// True for an observer that needs consumed capacity (a capacity monitor): while the
  /// client has one, requests that leave ReturnConsumedCapacity unset ask for INDEXES.
  /// Asked once, when the client is created.
  virtual bool wants_consumed_capacity() const { return false; }
  /// True for an observer that needs the request and response bodies (a trace-level
  /// logger): while the client has one, attempt_info carries them. Asked once.
  virtual bool wants_bodies() const { return false; }
  virtual void on_call_start(const call_info& call) { (void)call; }
  /// After each request, once the next step (a retry after attempt.retry_delay, or the
  /// end of the call) is decided.
  virtual void on_attempt(const call_info& call, const attempt_info& attempt) {
    (void)call;
    (void)attempt;
  }
  virtual void on_call_end(const call_info& call, const call_result& result) {
    (void)call;
    (void)result;
  }
  /// The circuit breaker of `endpoint` (a URL) changed to `state`.
  virtual void on_circuit_state(std::string_view endpoint, circuit_state state) {
    (void)endpoint;
    (void)state;
  }
  /// One of the client's HTTP connections to `endpoint` (a URL) was opened, reused,
  /// released to the pool or closed (see http::connection_event). Only for clients that
  /// make their own HTTP client (not for a transport given to client::create). Called
  /// from I/O threads and from the threads of blocking calls.
  virtual void on_connection(std::string_view endpoint, http::connection_event event) {
    (void)endpoint;
    (void)event;
  }
};

}  // namespace ddbkit
