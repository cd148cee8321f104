#include "table/batch_scheduler.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>

namespace ddbkit::detail {

namespace asio = boost::asio;

void attempt_count::on_attempt(const call_info&, const attempt_info& attempt) {
  ++requests_;
  if (!attempt.error) return;
  switch (classify(*attempt.error)) {
    case failure_class::transient: ++transient_; break;
    case failure_class::conflict: ++conflicts_; break;
    default: break;
  }
}

void attempt_count::charge(retry::call_budget_use& used) const {
  used.requests += requests_;
  used.transient_failures += transient_;
  used.conflict_failures += conflicts_;
}

batch_scheduler::batch_scheduler(client& c, const retry_options& retry, limits l)
    : client_(c), limits_(l), policy_(retry, [this] { return draw(); }) {
  limits_.concurrency = std::max<std::size_t>(1, limits_.concurrency);
}

call_options batch_scheduler::call_for(std::span<const std::size_t> chunk) const {
  retry_options within = policy_.options();
  int requests_left = within.max_attempts;
  int transient_left = within.max_transient_attempts;
  for (auto i : chunk) {
    requests_left = std::min(requests_left, within.max_attempts - used_[i].requests);
    transient_left = std::min(transient_left, within.max_transient_attempts - used_[i].transient_failures);
  }
  // An entry is queued only while its budget allows another request.
  within.max_attempts = std::max(1, requests_left);
  within.max_transient_attempts = std::max(1, transient_left);
  return call_options{.attempt_timeout = limits_.attempt_timeout, .retry = within};
}

double batch_scheduler::draw() {
  std::lock_guard lock(random_mutex_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(random_);
}

void batch_scheduler::add_ready(std::size_t n, const std::function<bool(std::size_t)>& skip) {
  const std::size_t first = used_.size();
  used_.resize(first + n);
  for (std::size_t i = first; i < first + n; ++i) {
    if (!skip || !skip(i)) ready_.push_back(i);
  }
}

void batch_scheduler::start() {
  asio::post(client_.get_executor(), [self = shared_from_this()] { self->pump(); });
}

std::vector<std::size_t> batch_scheduler::take_chunk() {
  std::vector<std::size_t> chunk;
  std::size_t bytes = 0;
  while (!ready_.empty() && chunk.size() < limits_.entries_per_request) {
    const std::size_t size = size_of(ready_.front());
    if (!chunk.empty() && bytes + size > limits_.bytes_per_request) break;
    bytes += size;
    chunk.push_back(ready_.front());
    ready_.pop_front();
    if (resent_ahead_ > 0) --resent_ahead_;
  }
  return chunk;
}

void batch_scheduler::pump() {
  std::unique_lock lock(mutex_);
  std::vector<std::pair<std::vector<std::size_t>, call_options>> to_send;
  while (in_flight_ < limits_.concurrency && !ready_.empty()) {
    auto chunk = take_chunk();
    auto call = call_for(chunk);
    to_send.emplace_back(std::move(chunk), std::move(call));
    ++in_flight_;
  }
  const bool done = in_flight_ == 0 && sleeping_ == 0 && ready_.empty() && !finished_;
  if (done) finished_ = true;
  lock.unlock();
  for (auto& [chunk, call] : to_send) {
    auto count = std::make_shared<attempt_count>();
    call.call_observer = count;
    send(std::move(chunk), std::move(call), std::move(count));
  }
  if (done) finish();
}

void batch_scheduler::answered(std::unique_lock<std::mutex>& lock, std::span<const std::size_t> chunk,
                               const attempt_count& count, std::span<const std::size_t> not_done, const error& why) {
  --in_flight_;
  for (auto i : chunk) count.charge(used_[i]);
  std::vector<std::size_t> again;
  int most_requests = 0;
  for (auto i : not_done) {
    auto& used = used_[i];
    // Batch writes carry no condition and reads change nothing: sending again is harmless.
    if (policy_.decide(why, used, /*repeat_is_harmless=*/true).verdict == retry::verdict::retry) {
      again.push_back(i);
      most_requests = std::max(most_requests, used.requests);
    } else {
      give_up(i, why);
    }
  }
  if (!again.empty()) ++sleeping_;
  lock.unlock();
  if (!again.empty()) sleep_then_requeue(std::move(again), policy_.backoff(most_requests));
  pump();
}

void batch_scheduler::sleep_then_requeue(std::vector<std::size_t> entries, std::chrono::milliseconds delay) {
  auto timer = std::make_shared<asio::steady_timer>(client_.get_executor(), delay);
  timer->async_wait([self = shared_from_this(), timer, entries = std::move(entries)](boost::system::error_code) {
    {
      std::lock_guard lock(self->mutex_);
      --self->sleeping_;
      // Ahead of the entries never sent, behind those sent again before them: oldest first,
      // so that an entry left unprocessed does not wait behind the whole backlog and then
      // travel in requests of nothing but resent entries. Reversed: a server that processes
      // a prefix of each request and leaves the rest unprocessed (DynamoDB Local behind the
      // fault proxy; DynamoDB itself when capacity runs out part-way) then finds at the
      // front of the next request what it left last (at the end of a request, the same
      // entry would be left every time until its budget ran out).
      const auto at = self->ready_.begin() + static_cast<std::ptrdiff_t>(self->resent_ahead_);
      self->ready_.insert(at, entries.rbegin(), entries.rend());
      self->resent_ahead_ += entries.size();
    }
    self->pump();
  });
}

}  // namespace ddbkit::detail
