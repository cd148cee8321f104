#include <ddbkit/auth/caching_credentials_provider.hpp>

#include "async/complete.hpp"

#include <memory>
#include <mutex>
#include <vector>

namespace ddbkit {

struct caching_credentials_provider::state {
  fetch_function fetch;
  options opts;

  std::mutex mutex;  // guards everything below
  std::shared_ptr<const credentials> cached;  // replaced by a refresh, never changed
  bool fetching = false;
  std::vector<handler> waiting;

  std::chrono::system_clock::time_point now() const {
    return opts.clock ? opts.clock() : std::chrono::system_clock::now();
  }

  /// The cached credentials when they are not due for a refresh (the caller holds `mutex`).
  std::shared_ptr<const credentials> fresh_cached() const {
    if (cached && (!cached->expiration || *cached->expiration - opts.refresh_window > now())) return cached;
    return nullptr;
  }
  static bool valid(const credentials& c, std::chrono::system_clock::time_point t) {
    return !c.expiration || *c.expiration > t;
  }

  void finish(result<credentials> fetched) {
    std::vector<handler> to_complete;
    result<credentials> answer = fetched;
    {
      std::lock_guard lock(mutex);
      fetching = false;
      to_complete.swap(waiting);
      if (fetched) {
        cached = std::make_shared<const credentials>(std::move(*fetched));
      } else if (cached && valid(*cached, now())) {
        // Still usable: better than failing every request until the next refresh works.
        answer = *cached;
      }
    }
    for (auto& h : to_complete) detail::complete_now<result<credentials>>(std::move(h), answer);
  }
};

caching_credentials_provider::caching_credentials_provider(fetch_function fetch)
    : caching_credentials_provider(std::move(fetch), options{}) {}

caching_credentials_provider::caching_credentials_provider(fetch_function fetch, options opts)
    : state_(std::make_shared<state>()) {
  state_->fetch = std::move(fetch);
  state_->opts = std::move(opts);
}

caching_credentials_provider::~caching_credentials_provider() = default;

std::shared_ptr<const credentials> caching_credentials_provider::credentials_at_hand() {
  std::lock_guard lock(state_->mutex);
  return state_->fresh_cached();
}

void caching_credentials_provider::async_get_credentials(handler h) {
  std::shared_ptr<const credentials> hit;
  bool start_fetch = false;
  {
    std::lock_guard lock(state_->mutex);
    hit = state_->fresh_cached();
    if (!hit) {
      state_->waiting.push_back(std::move(h));
      start_fetch = !state_->fetching;
      state_->fetching = true;
    }
  }
  if (hit) {
    detail::complete_now<result<credentials>>(std::move(h), *hit);
    return;
  }
  if (!start_fetch) return;
  // Outside the lock: the fetch may complete inline.
  state_->fetch(handler([s = state_](result<credentials> r) { s->finish(std::move(r)); }));
}

}  // namespace ddbkit
