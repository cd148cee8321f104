#pragma once
// Internal: what batch writes and batch reads share. Entries wait in a queue and leave in
// chunks, with at most `concurrency` requests in flight; an entry to send again (after its
// backoff) goes ahead of the entries never sent. Every entry has its own retry budget: the
// requests that carried it, whatever made them necessary (a failed request, or DynamoDB
// leaving the entry unprocessed), and its transient failures. A chunk's call may retry a
// failed request itself (so the circuit breaker judges calls, as for every other call), but
// only within what is left of the most spent budget of its entries, and the call's own
// observer counts its requests, which are charged to every entry it carried.
#include <ddbkit/client.hpp>
#include <ddbkit/observer.hpp>
#include <ddbkit/retry/retry_policy.hpp>

#include <atomic>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <span>
#include <vector>

namespace ddbkit::detail {

/// The requests of one call and their failures, as the call's own observer saw them.
class attempt_count final : public observer {
 public:
  void on_attempt(const call_info&, const attempt_info& attempt) override;
  /// Adds what was counted to `used`.
  void charge(retry::call_budget_use& used) const;
  /// Requests sent by the call.
  int requests() const noexcept { return requests_; }

 private:
  std::atomic<int> requests_{0};
  std::atomic<int> transient_{0};
  std::atomic<int> conflicts_{0};
};

class batch_scheduler : public std::enable_shared_from_this<batch_scheduler> {
 public:
  struct limits {
    std::size_t concurrency = 4;
    std::size_t entries_per_request = 25;
    std::size_t bytes_per_request = 16 * 1024 * 1024;
    /// Time for one request; zero: the client's http.request_timeout.
    std::chrono::milliseconds attempt_timeout{0};
  };

  batch_scheduler(client& c, const retry_options& retry, limits l);
  virtual ~batch_scheduler() = default;

  /// Starts sending from the client's executor (so completion never runs inside the caller).
  void start();

 protected:
  /// Sends the request for `chunk` (entry indexes) with `call`, whose retry stays within
  /// the entries' budgets and whose own observer is `count`. Its answer goes to a subclass
  /// handler that ends with answered(…, count, …).
  virtual void send(std::vector<std::size_t> chunk, call_options call, std::shared_ptr<const attempt_count> count) = 0;
  /// Entry `i` is settled as not done: its budget is spent or `why` is permanent.
  /// Called with the lock held.
  virtual void give_up(std::size_t i, const error& why) = 0;
  /// Every entry is settled. Called once, without the lock.
  virtual void finish() = 0;
  /// Bytes entry `i` adds to a request.
  virtual std::size_t size_of(std::size_t i) const = 0;

  /// Queues entries [first, first + n) to be sent, but for those `skip` returns true for
  /// (they are settled already: their index exists, nothing is sent).
  void add_ready(std::size_t n, const std::function<bool(std::size_t)>& skip = nullptr);
  /// A call is over: every entry of `chunk` is charged with what `count` saw; `not_done`
  /// (entries of the chunk) are sent again after backoff or given up; `why` is the call's
  /// error, or the reason they were left unprocessed. Takes the lock held by `lock` and
  /// releases it.
  void answered(std::unique_lock<std::mutex>& lock, std::span<const std::size_t> chunk, const attempt_count& count,
                std::span<const std::size_t> not_done, const error& why);

  client& client_;
  std::mutex mutex_;  // guards the subclass's results too

 private:
  void pump();
  std::vector<std::size_t> take_chunk();
  void sleep_then_requeue(std::vector<std::size_t> entries, std::chrono::milliseconds delay);
  double draw();

  /// The call options for `chunk`: retries within its entries' budgets.
  call_options call_for(std::span<const std::size_t> chunk) const;

  limits limits_;
  retry::retry_policy policy_;
  std::vector<retry::call_budget_use> used_;
  std::deque<std::size_t> ready_;
  std::size_t resent_ahead_ = 0;  ///< the entries at the front of ready_ that are sent again
  std::size_t in_flight_ = 0;
  std::size_t sleeping_ = 0;
  bool finished_ = false;
  std::mutex random_mutex_;
  std::mt19937_64 random_{std::random_device{}()};
};

}  // namespace ddbkit::detail
