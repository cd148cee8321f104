#pragma once
// An HTTP proxy on 127.0.0.1 that sits between a client and DynamoDB (Local) and injects
// faults: throttles, 5xx, connection resets, delays and partial batches.
#include <ddbkit/error.hpp>
#include <ddbkit/http/http_options.hpp>
#include <ddbkit/testkit/fault_rule.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ddbkit::testkit {

struct fault_proxy_options {
  /// Where requests are forwarded, e.g. "http://127.0.0.1:8000" (DynamoDB Local).
  std::string upstream;
  /// Port to listen on (always 127.0.0.1); 0 for an ephemeral one, see fault_proxy::port().
  std::uint16_t port = 0;
  /// Seeds the draws of probabilistic rules.
  std::uint64_t seed = 0;
  /// Evaluated in order for every request; see fault_rule.
  std::vector<fault_rule> rules;
  /// The upstream side's HTTP client (keep-alive pool, timeouts).
  http::http_options upstream_http;
};

/// Counters of one operation, or of all of them.
struct fault_counts {
  std::uint64_t requests = 0;   ///< complete requests received
  std::uint64_t forwarded = 0;  ///< requests sent upstream (reset_after and partial batches included)
  std::uint64_t upstream_failures = 0;  ///< forwarded requests the upstream did not answer (answered 502)
  /// Faults injected, by fault_kind. A fault counts when it was carried out: reset_after
  /// and partial_batch only once the upstream had answered the forwarded request with
  /// success (2xx; for reset_after any answer).
  std::array<std::uint64_t, fault_kind_count> injected{};
  /// Write requests (BatchWriteItem) or keys (BatchGetItem) returned as unprocessed by
  /// partial_batch faults (not counting what the upstream itself left unprocessed).
  std::uint64_t held_back = 0;

  std::uint64_t injected_of(fault_kind kind) const noexcept { return injected[static_cast<std::size_t>(kind)]; }
  std::uint64_t injected_total() const noexcept;
  friend bool operator==(const fault_counts&, const fault_counts&) = default;
};

struct fault_proxy_stats {
  fault_counts total;
  std::map<std::string, fault_counts, std::less<>> by_operation;  ///< by X-Amz-Target operation
};

/// The fault-injection proxy. Every request on a connection is read whole, a decision is
/// taken (fault_rule), and the request is answered by the proxy, forwarded to the upstream
/// (through ddbkit's http_client, keep-alive), or both. Connections from clients are
/// HTTP/1.1 keep-alive, served concurrently, one coroutine each.
///
/// Forwarded requests keep their headers, except hop-by-hop ones, Host and Content-Length
/// (the upstream client sets those). Bodies the proxy changes (partial batches) therefore
/// no longer match the client's Signature V4; DynamoDB Local does not verify signatures,
/// so this proxy is for DynamoDB Local, not for AWS. Responses the proxy makes or changes
/// carry a recomputed x-amz-crc32.
///
/// Thread safety: all members may be called from any thread, concurrently with traffic.
/// Decisions are taken one at a time, in the order requests complete, so with a fixed seed
/// and one client sending sequentially the decisions are reproducible.
/// Lifetime: with an executor, its execution context must outlive the proxy; after the
/// proxy is destroyed (or stopped), its connections wind down on that context. Moving the
/// proxy keeps everything running.
class fault_proxy {
 public:
  /// Listens on 127.0.0.1:`options.port` and serves on `executor` (a multi-threaded
  /// io_context is fine: each connection runs on its own strand). Errors: `validation`
  /// (an upstream that is not an http URL), `network` (the port cannot be bound).
  static result<fault_proxy> start(boost::asio::any_io_executor executor, fault_proxy_options options);
  /// Same, on a thread of its own that the proxy stops and joins when destroyed.
  static result<fault_proxy> start(fault_proxy_options options);

  fault_proxy(fault_proxy&&) noexcept;
  fault_proxy& operator=(fault_proxy&&) noexcept;
  /// Stops (see stop()) and, with its own thread, joins it.
  ~fault_proxy();

  std::uint16_t port() const noexcept;
  /// "http://127.0.0.1:<port>", for client_options::endpoint.
  std::string endpoint() const;

  /// Replaces the rules; their match counts start again from zero.
  void set_rules(std::vector<fault_rule> rules);
  /// Restarts the draws from `seed`.
  void reseed(std::uint64_t seed);
  /// Scripts the next request of `operation` (empty: of any operation): it gets `action`,
  /// or is forwarded untouched for nullopt, before any rule is looked at. Queued actions
  /// are consumed in order; a partial_batch action waits for a batch operation.
  void enqueue(std::optional<fault_action> action, std::string operation = {});
  /// Queued actions not consumed yet.
  std::size_t queued() const;

  /// A snapshot of the counters, taken at one instant.
  fault_proxy_stats stats() const;
  /// Sets every counter to zero (rules, queue and draws are left as they are).
  void reset_stats();

  /// Stops accepting, closes every client connection (in-flight requests are dropped) and
  /// the upstream connections. Idempotent; the proxy answers nothing afterwards.
  void stop();

 private:
  struct impl;
  struct own_thread;
  fault_proxy(std::unique_ptr<own_thread> runner, std::shared_ptr<impl> state);

  std::unique_ptr<own_thread> runner_;  // declared first: destroyed after impl_ is released
  std::shared_ptr<impl> impl_;
};

}  // namespace ddbkit::testkit
