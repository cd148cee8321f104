#pragma once
// What the fault-injection proxy does to a request, and when: fault kinds, actions, rules.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ddbkit::testkit {

/// The faults the proxy can inject.
enum class fault_kind : std::uint8_t {
  throttle,             ///< HTTP 400 ProvisionedThroughputExceededException; nothing forwarded
  throttling,           ///< HTTP 400 ThrottlingException; nothing forwarded
  internal_error,       ///< HTTP 500 InternalServerError; nothing forwarded
  service_unavailable,  ///< HTTP 503 ServiceUnavailable; nothing forwarded
  /// The connection is reset (TCP RST) before forwarding: the request is never applied.
  reset_before,
  /// Forwarded and answered upstream, then the connection is dropped a few bytes into the
  /// answer: the request is applied and the client cannot know (outcome unknown). The
  /// first bytes are sent on purpose so that the client knows the server had started to
  /// answer and does not take the connection for a stale keep-alive one.
  reset_after,
  delay,  ///< wait fault_action::delay, then forward unchanged
  /// BatchWriteItem / BatchGetItem only: forward a leading part of the batch and return the
  /// rest in UnprocessedItems / UnprocessedKeys, merged into the real response. Rules and
  /// queued actions of this kind match only these two operations.
  partial_batch,
};

inline constexpr std::size_t fault_kind_count = 8;

/// The stable name of a kind, e.g. "reset_before".
std::string_view to_string(fault_kind kind) noexcept;

/// One fault to inject.
struct fault_action {
  fault_kind kind = fault_kind::throttle;
  /// For `delay`: how long to hold the request before forwarding it.
  std::chrono::milliseconds delay{0};
  /// For `partial_batch`: the share of the batch's write requests (or keys) forwarded,
  /// counted in request order and rounded down; at least one is forwarded and at least one
  /// returned unprocessed, as DynamoDB answers a batch only when it processed part of it. A
  /// batch of one is forwarded whole.
  double forward_share = 0.5;

  static fault_action of(fault_kind kind) { return fault_action{.kind = kind}; }
  static fault_action delayed(std::chrono::milliseconds d) { return fault_action{.kind = fault_kind::delay, .delay = d}; }
  static fault_action partial(double share = 0.5) {
    return fault_action{.kind = fault_kind::partial_batch, .forward_share = share};
  }
};

/// When a fault is injected. A rule matches a request by operation and table; it then
/// fires either by script (the n-th matching request) or by chance (seeded draw).
///
/// Evaluation for each request (fault_proxy): the proxy's action queue first (see
/// fault_proxy::enqueue); otherwise the rules in order, first firing rule wins. Every rule
/// that matches counts the request, whether or not an earlier rule fired, so "the 3rd
/// PutItem" means the same whatever the other rules do. One uniform draw u in [0,1) is
/// taken per request; matching probabilistic rules own consecutive slices of [0,1) (the
/// first [0,p1), the next [p1,p1+p2), ...), so their chances are exactly their
/// probabilities as long as they sum to at most 1, and decisions are a pure function of
/// the seed and the order of the requests.
struct fault_rule {
  /// X-Amz-Target operation ("PutItem", "BatchWriteItem"); empty matches any.
  std::string operation;
  /// A table the request names (TableName, or a key of RequestItems); empty matches any.
  std::string table;
  fault_action action;
  /// Chance per matching request; unused when `on_matches` is set.
  double probability = 1.0;
  /// Scripted: the 1-based numbers of this rule's matching requests that get the action.
  std::vector<std::uint64_t> on_matches;
};

}  // namespace ddbkit::testkit
