// Parallel scan and parallel page processing over a transport that answers by content:
// the concurrency limit, back-pressure that keeps memory bounded under a slow consumer,
// every item once, the first error returned, page order kept when asked.
#include <ddbkit/table/table.hpp>

#include "unit/table/answering_transport.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

namespace ddbkit {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using testing::answering_transport;

constexpr int page_items = 10;

/// Segment s of a Scan (or the one partition of a Query) holds `pages` pages of 10 items
/// "s:n"; every request answers the next page after ExclusiveStartKey.
struct paged_table {
  int pages = 5;
  std::atomic<int> answered_items{0};
  std::atomic<int> fail_on_request{-1};
  std::atomic<int> requests{0};

  std::pair<int, std::string> answer(std::string_view operation, const std::string& body) {
    const int request = requests++;
    if (request == fail_on_request) {
      return {400, R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"gone"})"};
    }
    auto in = json::parse(body).as_object();
    const int segment = operation == "Scan" ? static_cast<int>(in.at("Segment").as_int64()) : 0;
    int next = 0;
    if (in.contains("ExclusiveStartKey")) {
      next = std::stoi(std::string(in.at("ExclusiveStartKey").at("n").at("N").as_string())) + 1;
    }
    json::array items;
    for (int i = next; i < next + page_items; ++i) {
      items.push_back(json::object{{"pk", json::object{{"S", std::to_string(segment)}}},
                                   {"n", json::object{{"N", std::to_string(i)}}}});
    }
    answered_items += page_items;
    json::object out{{"Items", items}, {"Count", page_items}, {"ScannedCount", page_items}};
    if (next + page_items < pages * page_items) out["LastEvaluatedKey"] = items.back();
    return {200, json::serialize(out)};
  }
};

class parallel_over_transport : public ::testing::Test {
 protected:
  parallel_over_transport()
      : transport(std::make_shared<answering_transport>(
            io.get_executor(), [this](std::string_view op, const std::string& body) { return data.answer(op, body); })) {
    auto options = client_options::local(8000);
    options.retry.max_attempts = 1;
    ddb.emplace(*client::create(io.get_executor(), options, transport));
  }

  table<item> things() { return table<item>(*ddb, "things", {.keys = {.partition = "pk", .sort = "n"}, .indexes = {}}); }

  /// Runs `fn` on another thread while this one serves the client (answering held
  /// requests in rounds when `hold_rounds`).
  template <class Fn>
  auto on_caller(Fn fn, bool hold_rounds = false) {
    std::optional<decltype(fn())> out;
    std::atomic<bool> done{false};  // `out` is read only after the join
    std::thread caller([&] {
      out = fn();
      done = true;
    });
    while (!done) {
      for (int wait = 0; wait < 20 && !done && (!hold_rounds || transport->held() < 3); ++wait) {
        io.run_for(std::chrono::milliseconds(1));  // returns at once when there is no work
        io.restart();
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
      if (hold_rounds) {
        max_held_requests = std::max(max_held_requests, transport->held());
        transport->release();
      }
    }
    caller.join();
    return std::move(*out);
  }

  static std::string id(const item& i) { return *i.at("pk").as_s() + ":" + i.at("n").as_n()->text(); }

  asio::io_context io;
  paged_table data;
  std::shared_ptr<answering_transport> transport;
  std::optional<client> ddb;
  std::size_t max_held_requests = 0;
};

TEST_F(parallel_over_transport, segments_are_read_at_most_concurrency_at_once_and_every_item_comes_once) {
  transport->hold();
  std::map<std::string, int> seen;
  auto totals = on_caller([&] {
    return things().scan_parallel({}, {.total_segments = 8, .concurrency = 3}, [&](item&& i) { ++seen[id(i)]; });
  }, /*hold_rounds=*/true);
  ASSERT_TRUE(totals) << totals.error();
  EXPECT_EQ(seen.size(), 8u * 5 * page_items);
  for (auto& [key, times] : seen) EXPECT_EQ(times, 1) << key;
  EXPECT_EQ(totals->pages, 40);
  EXPECT_EQ(transport->max_in_flight(), 3u) << "three segments in flight, never more";
  EXPECT_LE(max_held_requests, 3u);
}

TEST_F(parallel_over_transport, many_segments_are_each_read_once_a_few_at_a_time) {
  data.pages = 1;
  std::map<std::string, int> seen;
  auto totals = on_caller([&] {
    return things().scan_parallel({}, {.total_segments = 300, .concurrency = 4}, [&](item&& i) { ++seen[id(i)]; });
  });
  ASSERT_TRUE(totals) << totals.error();
  EXPECT_EQ(totals->pages, 300);
  EXPECT_EQ(seen.size(), 300u * page_items);
  EXPECT_LE(transport->max_in_flight(), 4u);
}

TEST_F(parallel_over_transport, a_slow_consumer_holds_the_reading_back_so_memory_stays_bounded) {
  data.pages = 40;  // 4 segments x 40 pages x 10 items
  std::atomic<int> consumed{0};
  int most_held = 0;
  auto totals = on_caller([&] {
    return things().scan_parallel({}, {.total_segments = 4, .concurrency = 4, .buffered_pages = 2}, [&](item&&) {
      const int held = data.answered_items - consumed;
      most_held = std::max(most_held, held);
      ++consumed;
      if (consumed % page_items == 0) std::this_thread::sleep_for(std::chrono::microseconds(500));
    });
  });
  ASSERT_TRUE(totals) << totals.error();
  EXPECT_EQ(consumed, 4 * 40 * page_items);
  // Two pages buffered or in flight, and the page being consumed: 1,600 items went by, at
  // most 30 were ever held.
  EXPECT_LE(most_held, 3 * page_items);
  EXPECT_GE(most_held, page_items);
}

TEST_F(parallel_over_transport, the_first_read_error_ends_the_scan) {
  data.fail_on_request = 5;
  int items = 0;
  auto failed = on_caller([&] {
    return things().scan_parallel({}, {.total_segments = 4, .concurrency = 2}, [&](item&&) { ++items; });
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code(), error_code::resource_not_found);
  // The five pages before the failed request, and at most the one in flight beside it.
  EXPECT_LE(items, 6 * page_items);
  EXPECT_LE(data.requests.load(), 5 + 2) << "nothing is asked for after the error";
}

TEST_F(parallel_over_transport, a_failing_consumer_ends_the_scan) {
  auto refused = on_caller([&] {
    return things().scan_parallel({}, {.total_segments = 4, .concurrency = 2}, [&](item&& i) -> result<void> {
      if (i.at("n") == attribute_value(number(3))) return std::unexpected(error::validation("n", "three"));
      return {};
    });
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field(), "n");
  // Two requests at the start, one more when the first page is taken: the error comes
  // within that page.
  EXPECT_LE(data.requests.load(), 3) << "the scan stopped at the consumer's error";
}

TEST_F(parallel_over_transport, process_parallel_runs_pages_on_threads_with_bounded_read_ahead_and_keeps_order) {
  data.pages = 30;
  std::atomic<int> running{0}, most_running{0}, pages_done{0};
  int most_ahead = 0;
  std::mutex ahead_mutex;
  auto results = on_caller([&] {
    auto r = things().query({.key_condition = expr::key("pk") == "0"});
    return r.process_parallel(
        4,
        [&](std::vector<item> page) -> result<std::vector<std::string>> {
          const int now = ++running;
          int seen = most_running;
          while (now > seen && !most_running.compare_exchange_weak(seen, now)) {
          }
          {
            std::lock_guard lock(ahead_mutex);
            most_ahead = std::max(most_ahead, data.requests.load() - pages_done.load());
          }
          // Slower than reading a page (also under sanitizers), the first page slowest of all.
          std::this_thread::sleep_for(std::chrono::milliseconds(page.front().at("n").as_n()->text() == "0" ? 60 : 15));
          std::vector<std::string> out;
          for (auto& i : page) out.push_back(id(i));
          --running;
          ++pages_done;
          return out;
        },
        /*keep_order=*/true);
  });
  ASSERT_TRUE(results) << results.error();
  ASSERT_EQ(results->size(), 30u * page_items);
  for (int i = 0; i < 300; ++i) EXPECT_EQ((*results)[i], "0:" + std::to_string(i));
  EXPECT_EQ(most_running, 4);
  // Four pages in work, four waiting, one being read.
  EXPECT_LE(most_ahead, 9);
}

TEST_F(parallel_over_transport, process_parallel_returns_the_first_error_and_stops_reading) {
  data.pages = 50;
  auto failed = on_caller([&] {
    auto r = things().query({.key_condition = expr::key("pk") == "0"});
    return r.process_parallel(2, [&](std::vector<item> page) -> result<std::vector<int>> {
      if (page.front().at("n") == attribute_value(number(20))) return std::unexpected(error::validation("page", "third"));
      return std::vector<int>{1};
    });
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().field(), "page");
  EXPECT_LT(data.requests.load(), 10) << "no page is read long after the error";
}

}  // namespace
}  // namespace ddbkit
