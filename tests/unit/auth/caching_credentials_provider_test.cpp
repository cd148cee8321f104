#include <ddbkit/auth/caching_credentials_provider.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace ddbkit {
namespace {

using namespace std::chrono_literals;
using time_point = std::chrono::system_clock::time_point;

const time_point start = time_point(std::chrono::seconds(1'800'000'000));

credentials temporary(std::string id, time_point expiration) {
  return credentials{.access_key_id = std::move(id),
                     .secret_access_key = secret_string("secret"),
                     .session_token = secret_string("token"),
                     .expiration = expiration};
}

/// A fetch the test completes by hand, counting how often it was started.
struct manual_fetch {
  std::mutex mutex;
  std::vector<credentials_provider::handler> pending;
  int started = 0;

  caching_credentials_provider::fetch_function function() {
    return [this](credentials_provider::handler h) {
      std::lock_guard lock(mutex);
      ++started;
      pending.push_back(std::move(h));
    };
  }
  void complete(result<credentials> r) {
    std::vector<credentials_provider::handler> to_complete;
    {
      std::lock_guard lock(mutex);
      to_complete.swap(pending);
    }
    for (auto& h : to_complete) std::move(h)(r);
  }
};

struct fake_clock {
  time_point now = start;
  caching_credentials_provider::clock_function function() {
    return [this] { return now; };
  }
};

/// A provider with a 5-minute refresh window over a fetch and a clock the test drives.
struct caching_credentials_provider_test : ::testing::Test {
  manual_fetch fetch;
  fake_clock clock;
  caching_credentials_provider provider{fetch.function(), {.refresh_window = 5min, .clock = clock.function()}};
};

/// Asks once; the slot is filled when the provider answers.
std::shared_ptr<std::optional<result<credentials>>> ask(credentials_provider& p) {
  auto slot = std::make_shared<std::optional<result<credentials>>>();
  p.async_get_credentials([slot](result<credentials> r) { *slot = std::move(r); });
  return slot;
}

TEST_F(caching_credentials_provider_test, fifty_concurrent_requests_share_one_fetch) {
  std::vector<std::shared_ptr<std::optional<result<credentials>>>> answers;
  for (int i = 0; i < 50; ++i) answers.push_back(ask(provider));
  EXPECT_EQ(fetch.started, 1);
  for (const auto& a : answers) EXPECT_FALSE(a->has_value()) << "answered before the fetch completed";

  fetch.complete(temporary("AKID1", start + 1h));
  for (const auto& a : answers) {
    ASSERT_TRUE(a->has_value());
    ASSERT_TRUE(**a);
    EXPECT_EQ((**a)->access_key_id, "AKID1");
  }
  EXPECT_EQ(fetch.started, 1);
}

TEST_F(caching_credentials_provider_test, serves_from_cache_until_the_refresh_window) {
  ask(provider);
  fetch.complete(temporary("AKID1", start + 1h));

  clock.now = start + 54min;  // 6 minutes left: still outside the window
  auto cached = ask(provider);
  ASSERT_TRUE(cached->has_value());
  EXPECT_EQ((**cached)->access_key_id, "AKID1");
  EXPECT_EQ(fetch.started, 1);

  clock.now = start + 56min;  // 4 minutes left: refreshed before it expires
  auto refreshed = ask(provider);
  EXPECT_EQ(fetch.started, 2);
  fetch.complete(temporary("AKID2", start + 2h));
  ASSERT_TRUE(refreshed->has_value());
  EXPECT_EQ((**refreshed)->access_key_id, "AKID2");
}

TEST_F(caching_credentials_provider_test, credentials_are_at_hand_only_while_cached_and_fresh) {
  EXPECT_FALSE(provider.credentials_at_hand()) << "nothing fetched yet";
  EXPECT_EQ(fetch.started, 0) << "asking what is at hand starts no fetch";

  ask(provider);
  fetch.complete(temporary("AKID1", start + 1h));
  clock.now = start + 54min;
  auto at_hand = provider.credentials_at_hand();
  ASSERT_TRUE(at_hand);
  EXPECT_EQ(at_hand->access_key_id, "AKID1");
  EXPECT_EQ(at_hand->session_token.reveal(), "token");

  clock.now = start + 56min;  // within the refresh window: the caller must go through a refresh
  EXPECT_FALSE(provider.credentials_at_hand());
  EXPECT_EQ(fetch.started, 1);
  ask(provider);
  fetch.complete(temporary("AKID2", start + 2h));
  ASSERT_TRUE(provider.credentials_at_hand());
  EXPECT_EQ(provider.credentials_at_hand()->access_key_id, "AKID2");
}

TEST_F(caching_credentials_provider_test, credentials_at_hand_are_shared_and_a_refresh_leaves_those_handed_out_alone) {
  ask(provider);
  fetch.complete(temporary("AKID1", start + 1h));
  const auto first = provider.credentials_at_hand();
  ASSERT_TRUE(first);
  EXPECT_EQ(provider.credentials_at_hand().get(), first.get()) << "the cached credentials, not a copy";

  clock.now = start + 56min;
  ask(provider);
  fetch.complete(temporary("AKID2", start + 2h));
  const auto second = provider.credentials_at_hand();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->access_key_id, "AKID2");
  EXPECT_EQ(first->access_key_id, "AKID1") << "a request signing with the old ones still has them";
  EXPECT_EQ(first->session_token.reveal(), "token");
}

TEST(static_credentials_provider, its_credentials_are_always_at_hand) {
  static_credentials_provider provider(credentials{.access_key_id = "AKID", .secret_access_key = secret_string("s"),
                                                   .session_token = {}, .expiration = std::nullopt});
  auto at_hand = provider.credentials_at_hand();
  ASSERT_TRUE(at_hand);
  EXPECT_EQ(at_hand->access_key_id, "AKID");
  EXPECT_EQ(at_hand->secret_access_key.reveal(), "s");
}

TEST_F(caching_credentials_provider_test, credentials_without_expiration_are_fetched_once) {
  ask(provider);
  fetch.complete(credentials{.access_key_id = "AKID", .secret_access_key = secret_string("s"),
                             .session_token = {}, .expiration = std::nullopt});
  clock.now = start + 24h * 365;
  auto later = ask(provider);
  ASSERT_TRUE(later->has_value());
  EXPECT_TRUE(**later);
  EXPECT_EQ(fetch.started, 1);
}

TEST_F(caching_credentials_provider_test, failed_refresh_keeps_still_valid_credentials) {
  ask(provider);
  fetch.complete(temporary("AKID1", start + 1h));

  clock.now = start + 58min;
  auto during = ask(provider);
  fetch.complete(fail(error_code::credentials, "STS unreachable"));
  ASSERT_TRUE(during->has_value());
  ASSERT_TRUE(**during) << "a failed refresh must not fail requests while the old credentials work";
  EXPECT_EQ((**during)->access_key_id, "AKID1");

  // The next call tries again.
  ask(provider);
  EXPECT_EQ(fetch.started, 3);
  fetch.complete(temporary("AKID2", start + 2h));
}

TEST_F(caching_credentials_provider_test, failed_refresh_of_expired_credentials_is_an_error) {
  ask(provider);
  fetch.complete(temporary("AKID1", start + 1h));

  clock.now = start + 1h + 1s;
  auto after = ask(provider);
  fetch.complete(fail(error_code::credentials, "STS unreachable"));
  ASSERT_TRUE(after->has_value());
  ASSERT_FALSE(**after);
  EXPECT_EQ((*after)->error().code(), error_code::credentials);
  EXPECT_EQ((*after)->error().message(), "STS unreachable");
}

TEST(caching_credentials_provider, a_fetch_that_completes_inline_works) {
  int fetches = 0;
  caching_credentials_provider provider([&](credentials_provider::handler h) {
    ++fetches;
    std::move(h)(temporary("INLINE", std::chrono::system_clock::now() + 1h));
  });
  auto first = ask(provider);
  auto second = ask(provider);
  ASSERT_TRUE(first->has_value() && second->has_value());
  EXPECT_EQ((**second)->access_key_id, "INLINE");
  EXPECT_EQ(fetches, 1);
}

TEST(caching_credentials_provider, concurrent_callers_on_threads_share_one_fetch) {
  std::atomic<int> fetches{0};
  std::vector<std::thread> fetch_threads;
  std::mutex fetch_threads_mutex;
  auto provider = std::make_shared<caching_credentials_provider>([&](credentials_provider::handler h) {
    ++fetches;
    std::lock_guard lock(fetch_threads_mutex);
    // Completes on another thread, as a network fetch would.
    fetch_threads.emplace_back([h = std::move(h)]() mutable {
      std::this_thread::yield();
      std::move(h)(temporary("THREADED", std::chrono::system_clock::now() + 1h));
    });
  });
  std::atomic<int> answered{0};
  std::atomic<int> good{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < 8; ++t) {
    callers.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        provider->async_get_credentials([&](result<credentials> r) {
          if (r && r->access_key_id == "THREADED") ++good;
          ++answered;
        });
      }
    });
  }
  for (auto& c : callers) c.join();
  {
    std::lock_guard lock(fetch_threads_mutex);
    for (auto& f : fetch_threads) f.join();
  }
  EXPECT_EQ(answered.load(), 400);
  EXPECT_EQ(good.load(), 400);
  EXPECT_EQ(fetches.load(), 1);
}

}  // namespace
}  // namespace ddbkit
