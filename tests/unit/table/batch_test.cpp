// Batch writes and reads over a transport that answers by content: chunking, duplicates,
// unprocessed entries sent again, one budget per entry, the concurrency limit, and a report
// or an answer for every entry.
#include <ddbkit/table/table.hpp>

#include "unit/table/answering_transport.hpp"
#include "unit/table/projected_names.hpp"
#include "unit/table/run_blocking.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/describe/class.hpp>
#include <boost/json.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <map>
#include <set>
#include <thread>

namespace ddbkit {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using testing::answering_transport;

struct thing {
  std::string pk;
  std::int64_t n = 0;
};
BOOST_DESCRIBE_STRUCT(thing, (), (pk, n))

/// A one-table DynamoDB in memory: BatchWriteItem stores, BatchGetItem reads; `leave(pk)`
/// says how many more times a write or read of pk is left unprocessed; `fail` answers the
/// next requests with an error instead.
struct fake_store {
  std::mutex mutex;
  std::map<std::string, int> writes;  // pk → times written
  std::map<std::string, json::value> items;
  std::map<std::string, int> leave;
  std::deque<std::pair<int, std::string>> fail;  // next answers, before any processing
  std::vector<std::size_t> request_sizes;
  std::vector<json::object> get_requests;  // the RequestItems.things of each BatchGetItem

  std::pair<int, std::string> answer(std::string_view operation, const std::string& body) {
    std::lock_guard lock(mutex);
    auto in = json::parse(body).as_object();
    if (!fail.empty()) {
      auto f = fail.front();
      fail.pop_front();
      return f;
    }
    json::object out;
    if (operation == "BatchWriteItem") {
      json::array left;
      std::size_t n = 0;
      for (auto& w : in.at("RequestItems").at("things").as_array()) {
        ++n;
        const auto& obj = w.as_object();
        const bool put = obj.contains("PutRequest");
        const auto& holder = put ? obj.at("PutRequest").at("Item") : obj.at("DeleteRequest").at("Key");
        std::string pk(holder.at("pk").at("S").as_string());
        if (leave[pk] > 0) {
          --leave[pk];
          left.push_back(w);
          continue;
        }
        ++writes[pk];
        if (put) {
          items[pk] = holder;
        } else {
          items.erase(pk);
        }
      }
      request_sizes.push_back(n);
      out["UnprocessedItems"] = left.empty() ? json::object() : json::object{{"things", left}};
      out["ConsumedCapacity"] = json::array{json::object{{"TableName", "things"}, {"CapacityUnits", 0.5 * static_cast<double>(n)}}};
    } else if (operation == "BatchGetItem") {
      const auto& wanted = in.at("RequestItems").at("things").as_object();
      get_requests.push_back(wanted);
      json::array found, left;
      request_sizes.push_back(wanted.at("Keys").as_array().size());
      for (auto& k : wanted.at("Keys").as_array()) {
        std::string pk(k.at("pk").at("S").as_string());
        if (leave[pk] > 0) {
          --leave[pk];
          left.push_back(k);
          continue;
        }
        if (auto it = items.find(pk); it != items.end()) found.push_back(it->second);
      }
      out["Responses"] = json::object{{"things", found}};
      json::object unprocessed;
      if (!left.empty()) {
        json::object again = wanted;
        again["Keys"] = left;
        unprocessed["things"] = again;
      }
      out["UnprocessedKeys"] = unprocessed;
      out["ConsumedCapacity"] = json::array{json::object{{"TableName", "things"}, {"CapacityUnits", 1.5}}};
    }
    return {200, json::serialize(out)};
  }
};

class batches : public ::testing::Test {
 protected:
  batches()
      : transport(std::make_shared<answering_transport>(
            io.get_executor(), [this](std::string_view op, const std::string& body) { return store.answer(op, body); })) {
    auto options = client_options::local(8000);
    options.retry.base_delay = std::chrono::milliseconds(1);
    options.retry.max_delay = std::chrono::milliseconds(5);
    ddb.emplace(*client::create(io.get_executor(), options, transport));
  }

  table<thing> things() { return table<thing>(*ddb, "things", {.keys = {.partition = "pk", .sort = std::nullopt}, .indexes = {}}); }

  template <class Fn>
  auto blocking(Fn fn) {
    return testing::run_blocking(io, std::move(fn));
  }

  static std::vector<thing> numbered(int n, const std::string& prefix = "t") {
    std::vector<thing> out;
    for (int i = 0; i < n; ++i) out.push_back({.pk = prefix + std::to_string(i), .n = i});
    return out;
  }

  asio::io_context io;
  fake_store store;
  std::shared_ptr<answering_transport> transport;
  std::optional<client> ddb;
};

TEST_F(batches, a_write_of_any_size_goes_in_requests_of_at_most_25_and_sums_capacity) {
  auto all = numbered(60);
  auto report = blocking([&] { return things().put_all(all, {.concurrency = 1}); });
  ASSERT_TRUE(report) << report.error();
  EXPECT_TRUE(report->complete());
  EXPECT_EQ(report->written, 60u);
  EXPECT_EQ(report->requests, 3);
  EXPECT_EQ(store.request_sizes, (std::vector<std::size_t>{25, 25, 10}));
  EXPECT_DOUBLE_EQ(report->capacity_units.at("things"), 30.0);
  EXPECT_EQ(store.writes.size(), 60u);
}

TEST_F(batches, unprocessed_items_are_sent_again_until_written) {
  store.leave = {{"t3", 2}, {"t7", 1}};
  auto report = blocking([&] { return things().put_all(numbered(10)); });
  ASSERT_TRUE(report) << report.error();
  EXPECT_TRUE(report->complete());
  EXPECT_EQ(report->written, 10u);
  EXPECT_EQ(report->requests, 3);
  for (auto& [pk, times] : store.writes) EXPECT_EQ(times, 1) << pk;
  EXPECT_EQ(store.writes.size(), 10u);
}

TEST_F(batches, one_budget_covers_failed_requests_and_unprocessed_resends_together) {
  // Requests for t0: a 500 (retried by the call), then unprocessed twice: three requests is
  // the budget.
  store.fail = {{500, R"({"__type":"InternalServerError","message":"x"})"}};
  store.leave = {{"t0", 100}};
  batch_write_options options{.retry = retry_options{.max_attempts = 3, .base_delay = std::chrono::milliseconds(1)}};
  auto report = blocking([&] { return things().put_all(numbered(2), options); });
  ASSERT_TRUE(report) << report.error();
  ASSERT_EQ(report->not_written.size(), 1u);
  EXPECT_EQ(report->not_written[0].entry.table, "things");
  EXPECT_EQ(report->not_written[0].entry.request.put_item()->at("pk"), attribute_value("t0"));
  EXPECT_EQ(report->not_written[0].reason.code(), error_code::throttled);
  EXPECT_EQ(report->written, 1u);
  EXPECT_EQ(report->requests, 3) << "3 requests in all: the budgets did not multiply";
}

TEST_F(batches, transaction_conflicts_are_charged_to_each_items_conflict_budget) {
  // A write of an item that a transaction holds is refused with TransactionConflict; the
  // call retries it, and what it spent counts for the item, so no re-send follows.
  for (int i = 0; i < 20; ++i) {
    store.fail.push_back({400, R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionConflictException","message":"busy"})"});
  }
  batch_write_options options{.retry = retry_options{
                                  .max_attempts = 10, .base_delay = std::chrono::milliseconds(1), .max_conflict_attempts = 2}};
  auto report = blocking([&] { return things().put_all(numbered(1), options); });
  ASSERT_TRUE(report) << report.error();
  ASSERT_EQ(report->not_written.size(), 1u);
  EXPECT_EQ(report->not_written[0].reason.code(), error_code::transaction_conflict);
  EXPECT_EQ(report->requests, 2) << "two conflicts spend the budget of two";
}

TEST_F(batches, a_permanent_error_reports_every_item_of_the_request_and_is_not_retried) {
  store.fail = {{400, R"({"__type":"com.amazonaws.dynamodb.v20120810#ValidationException","message":"no"})"}};
  auto report = blocking([&] { return things().put_all(numbered(30), {.concurrency = 1}); });
  ASSERT_TRUE(report) << report.error();
  EXPECT_EQ(report->not_written.size(), 25u);
  EXPECT_EQ(report->written, 5u);
  EXPECT_EQ(report->requests, 2);
  EXPECT_EQ(report->not_written[0].reason.code(), error_code::validation);
}

TEST_F(batches, two_writes_of_one_key_are_refused_naming_both_or_the_last_wins) {
  std::vector<thing> puts{{.pk = "a", .n = 1}, {.pk = "b", .n = 2}};
  std::vector<key> removes{{.partition = "a", .sort = std::nullopt}};
  auto refused = blocking([&] { return things().write_all(puts, removes); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), error_code::validation);
  EXPECT_NE(std::string(refused.error().message()).find("Writes[0] and Writes[2]"), std::string::npos)
      << refused.error().message();
  EXPECT_EQ(transport->requests(), 0u);

  store.items["a"] = json::parse(R"({"pk":{"S":"a"}})");
  auto last_wins = blocking([&] { return things().write_all(puts, removes, {.last_write_wins = true}); });
  ASSERT_TRUE(last_wins) << last_wins.error();
  EXPECT_EQ(last_wins->written, 2u);
  EXPECT_EQ(last_wins->superseded, 1u);
  EXPECT_FALSE(store.items.contains("a")) << "the delete came last";
}

TEST_F(batches, a_refusing_check_stops_the_batch_before_sending) {
  batch_write_options options;
  options.check_put = [](std::string_view, const item& i) -> result<void> {
    if (i.contains("n") && i.at("n") == attribute_value(number(3))) return std::unexpected(error::validation("Item.n", "three"));
    return {};
  };
  auto refused = blocking([&] { return things().put_all(numbered(5), options); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field(), "Item.n");
  EXPECT_EQ(transport->requests(), 0u);
}

TEST_F(batches, requests_in_flight_never_exceed_the_concurrency) {
  transport->hold();
  std::optional<result<batch_write_report>> report;
  std::atomic<bool> done{false};  // `report` is read only after the join
  std::thread caller([&] {
    report = things().put_all(numbered(250), {.concurrency = 3});
    done = true;
  });
  // Let requests pile up (up to 20 ms each round), then answer them all.
  for (int round = 0; round < 500 && !done; ++round) {
    for (int wait = 0; wait < 20 && transport->held() < 3 && !done; ++wait) {
      io.run_for(std::chrono::milliseconds(1));  // returns at once when there is no work
      io.restart();
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    EXPECT_LE(transport->held(), 3u);
    transport->release();
  }
  transport->release(false);
  while (!done) {
    io.run_for(std::chrono::milliseconds(1));
    io.restart();
  }
  caller.join();
  ASSERT_TRUE(*report);
  EXPECT_EQ((*report)->written, 250u);
  EXPECT_EQ(transport->max_in_flight(), 3u);
}

TEST_F(batches, a_read_answers_every_key_in_order_absent_ones_included_and_reads_duplicates_once) {
  for (int i = 0; i < 230; i += 2) store.items["t" + std::to_string(i)] = json::parse(
      R"({"pk":{"S":"t)" + std::to_string(i) + R"("},"n":{"N":")" + std::to_string(i) + R"("}})");
  store.leave = {{"t4", 1}};
  std::vector<key> keys;
  for (int i = 0; i < 230; ++i) keys.push_back({.partition = "t" + std::to_string(i), .sort = std::nullopt});
  keys.push_back({.partition = "t4", .sort = std::nullopt});  // twice
  auto got = blocking([&] { return things().get_all(keys, {.concurrency = 1}); });
  ASSERT_TRUE(got) << got.error();
  EXPECT_TRUE(got->complete());
  ASSERT_EQ(got->items.size(), 231u);
  for (int i = 0; i < 230; ++i) {
    if (i % 2 == 0) {
      ASSERT_TRUE(got->items[i]) << i;
      EXPECT_EQ(got->items[i]->n, i);
    } else {
      EXPECT_FALSE(got->items[i]) << i;
    }
  }
  ASSERT_TRUE(got->items[230]);
  EXPECT_EQ(got->items[230]->pk, "t4");
  EXPECT_EQ(store.request_sizes, (std::vector<std::size_t>{100, 100, 30, 1})) << "230 distinct keys, t4 asked again";
  EXPECT_DOUBLE_EQ(got->capacity_units, 6.0);
}

TEST_F(batches, keys_left_unprocessed_go_out_again_before_keys_never_sent) {
  // A read of 250 keys, one request at a time: the first request leaves t1 and t2
  // unprocessed; while they wait out their backoff the second request goes with fresh keys;
  // then they go at the front of the third (in reverse: a server that processes a prefix
  // left them last), not behind the 50 keys never sent.
  for (const auto& t : numbered(250)) {
    store.items[t.pk] = json::parse(R"({"pk":{"S":")" + t.pk + R"("},"n":{"N":")" + std::to_string(t.n) + R"("}})");
  }
  store.leave = {{"t1", 1}, {"t2", 1}};
  std::vector<key> keys;
  for (const auto& t : numbered(250)) keys.push_back({.partition = t.pk, .sort = std::nullopt});
  transport->hold();
  std::optional<result<batch_get_result<thing>>> got;
  std::atomic<bool> done{false};  // `got` is read only after the join
  std::thread caller([&] {
    got = things().get_all(keys, {.concurrency = 1});
    done = true;
  });
  auto serve_until = [&](auto condition, int most_ms = 2000) {
    for (int wait = 0; wait < most_ms && !condition(); ++wait) {
      io.run_for(std::chrono::milliseconds(1));  // returns at once when there is no work
      io.restart();
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  };
  serve_until([&] { return transport->held() == 1; });
  transport->release();  // the first request: t1 and t2 left unprocessed
  serve_until([&] { return transport->held() == 1; });
  // The second request is held; the backoff (at most 1 ms here) runs out meanwhile.
  serve_until([] { return false; }, 20);
  transport->release(false);
  serve_until([&] { return done.load(); });
  caller.join();
  ASSERT_TRUE(*got);
  EXPECT_TRUE((*got)->complete());
  ASSERT_EQ(store.get_requests.size(), 3u);
  auto first_keys = [&](std::size_t request) {
    std::vector<std::string> pks;
    const auto& sent = store.get_requests[request].at("Keys").as_array();
    for (std::size_t i = 0; i < 3 && i < sent.size(); ++i) pks.emplace_back(sent[i].at("pk").at("S").as_string());
    return pks;
  };
  EXPECT_EQ(first_keys(1), (std::vector<std::string>{"t100", "t101", "t102"}));
  EXPECT_EQ(first_keys(2), (std::vector<std::string>{"t2", "t1", "t200"}));
  EXPECT_EQ(store.request_sizes, (std::vector<std::size_t>{100, 100, 52}));
  for (std::size_t i = 0; i < keys.size(); ++i) EXPECT_TRUE((*got)->items[i]) << i;
}

TEST_F(batches, a_read_that_fails_names_each_key_it_could_not_read) {
  store.fail = {{400, R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"gone"})"}};
  std::vector<key> keys{{.partition = "x", .sort = std::nullopt}, {.partition = "y", .sort = std::nullopt}};
  auto got = blocking([&] { return things().get_all(keys); });
  ASSERT_TRUE(got) << got.error();
  ASSERT_EQ(got->not_read.size(), 2u);
  EXPECT_EQ(got->not_read[0].index, 0u);
  EXPECT_EQ(got->not_read[1].key, keys[1]);
  EXPECT_EQ(got->not_read[0].reason.code(), error_code::resource_not_found);
}

TEST_F(batches, a_read_asks_for_the_projection_with_the_key_and_reads_consistently_when_asked) {
  store.items["a"] = json::parse(R"({"pk":{"S":"a"},"n":{"N":"1"}})");
  std::vector<key> keys{{.partition = "a", .sort = std::nullopt}};
  batch_get_options options{.consistent_read = true};
  options.projection = expr::projection_list{expr::path("n")};
  auto got = blocking([&] { return things().get_all(keys, options); });
  ASSERT_TRUE(got) << got.error();
  ASSERT_TRUE(got->items[0]);
  EXPECT_EQ(got->items[0]->n, 1);
  ASSERT_EQ(store.get_requests.size(), 1u);
  const auto& sent = store.get_requests[0];
  EXPECT_EQ(sent.at("ConsistentRead"), true);
  EXPECT_EQ(testing::projected_names(sent), (std::set<std::string>{"n", "pk"})) << "the key tells which key an item answers";
}

TEST_F(batches, a_write_is_refused_before_sending_for_each_kind_of_bad_entry) {
  const key_schemas schemas{{"things", key_schema{.partition = "pk", .sort = std::nullopt}}};
  auto refused = [&](std::vector<batch_write_entry> entries) {
    return blocking([&] { return write_batch(*ddb, std::move(entries), schemas); });
  };
  auto put = [](item i) { return batch_write_entry{.table = "things", .request = write_request::put(std::move(i))}; };
  auto remove = [](item k) { return batch_write_entry{.table = "things", .request = write_request::remove(std::move(k))}; };

  auto no_schema = refused({put({{"pk", "a"}}), {.table = "others", .request = write_request::put({{"pk", "b"}})}});
  ASSERT_FALSE(no_schema);
  EXPECT_EQ(no_schema.error().field(), "Writes[1]");
  EXPECT_NE(std::string(no_schema.error().message()).find("no key schema for table others"), std::string::npos);

  auto unsendable = refused({put({{"pk", "a"}, {"tags", attribute_value(attribute_value::string_set{})}})});
  ASSERT_FALSE(unsendable);
  EXPECT_EQ(unsendable.error().code(), error_code::validation);
  EXPECT_EQ(unsendable.error().field().substr(0, 22), "Writes[0].PutRequest.I") << unsendable.error();

  auto put_without_key = refused({put({{"n", number(1)}})});
  ASSERT_FALSE(put_without_key);
  EXPECT_EQ(put_without_key.error().code(), error_code::validation);

  auto bad_delete = refused({remove({})});
  ASSERT_FALSE(bad_delete);
  EXPECT_EQ(bad_delete.error().field(), "Writes[0].DeleteRequest.Key");

  auto delete_without_key = refused({remove({{"n", number(1)}})});
  ASSERT_FALSE(delete_without_key);
  EXPECT_EQ(delete_without_key.error().code(), error_code::validation);

  auto delete_with_more_than_the_key = refused({remove({{"pk", "a"}, {"n", number(1)}})});
  ASSERT_FALSE(delete_with_more_than_the_key);
  EXPECT_EQ(delete_with_more_than_the_key.error().field(), "Writes[0].DeleteRequest.Key");
  EXPECT_NE(std::string(delete_with_more_than_the_key.error().message()).find("not the key of things"), std::string::npos);

  auto bad_table_name = blocking([&] {
    return write_batch(*ddb, {{.table = "a!", .request = write_request::put({{"pk", "a"}})}},
                       {{"a!", key_schema{.partition = "pk", .sort = std::nullopt}}});
  });
  ASSERT_FALSE(bad_table_name);
  EXPECT_EQ(bad_table_name.error().field(), "Writes[0].TableName");

  EXPECT_EQ(transport->requests(), 0u);
}

TEST_F(batches, keys_equal_by_value_are_one_key_and_the_last_of_several_writes_wins) {
  const key_schemas schemas{{"things", key_schema{.partition = "pk", .sort = std::string("n")}}};
  auto put = [](std::string pk, const char* n, std::string note) {
    return batch_write_entry{.table = "things",
                             .request = write_request::put({{"pk", std::move(pk)}, {"n", *number::parse(n)}, {"note", std::move(note)}})};
  };
  // 1.5 and 1.50 are one number; "1.5" in another partition is another key.
  std::vector<batch_write_entry> entries{put("x", "1.5", "first"), put("y", "1.5", "other"), put("x", "1.50", "second"),
                                         put("x", "15E-1", "third")};
  auto refused = blocking([&] { return write_batch(*ddb, entries, schemas); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field(), "Writes[2]");
  EXPECT_NE(std::string(refused.error().message()).find("Writes[0] and Writes[2]"), std::string::npos) << refused.error();
  EXPECT_EQ(transport->requests(), 0u);

  auto kept = blocking([&] { return write_batch(*ddb, entries, schemas, {.last_write_wins = true}); });
  ASSERT_TRUE(kept) << kept.error();
  EXPECT_EQ(kept->superseded, 2u);
  EXPECT_EQ(kept->written, 2u);
  ASSERT_TRUE(store.items.contains("x"));
  EXPECT_EQ(store.items["x"].at("note").at("S").as_string(), "third");
  EXPECT_EQ(store.items["y"].at("note").at("S").as_string(), "other");
}

TEST_F(batches, a_write_not_done_is_reported_exactly_as_it_was_given) {
  store.fail = {{400, R"({"__type":"com.amazonaws.dynamodb.v20120810#ValidationException","message":"no"})"}};
  const std::vector<batch_write_entry> given{
      {.table = "things",
       .request = write_request::put({{"pk", "p"},
                                      {"n", *number::parse("1.50")},
                                      {"b", bytes{0, 255}},
                                      {"ns", attribute_value::number_set{number(1), *number::parse("2.5")}},
                                      {"m", item{{"l", attribute_value::list_type{true, null_value{}}}}}})},
      {.table = "things", .request = write_request::remove({{"pk", "d"}})}};
  auto report = blocking([&] {
    return write_batch(*ddb, given, {{"things", key_schema{.partition = "pk", .sort = std::nullopt}}});
  });
  ASSERT_TRUE(report) << report.error();
  ASSERT_EQ(report->not_written.size(), 2u);
  EXPECT_EQ(report->not_written[0].entry.table, "things");
  EXPECT_EQ(report->not_written[0].entry.request, given[0].request);
  EXPECT_EQ(report->not_written[1].entry.request, given[1].request);
}

TEST_F(batches, unprocessed_items_that_match_no_write_of_the_request_are_ignored) {
  // Another table's item and an item without its key cannot be writes of this request.
  store.fail = {{200, R"({"UnprocessedItems":{"others":[{"PutRequest":{"Item":{"pk":{"S":"t0"}}}}],
                           "things":[{"PutRequest":{"Item":{"n":{"N":"1"}}}}]}})"}};
  auto report = blocking([&] { return things().put_all(numbered(1), {.consumed_capacity = false}); });
  ASSERT_TRUE(report) << report.error();
  EXPECT_TRUE(report->complete());
  EXPECT_EQ(report->written, 1u);
  EXPECT_EQ(report->requests, 1);
  EXPECT_TRUE(report->capacity_units.empty()) << "no ConsumedCapacity in the answer";
}

TEST_F(batches, a_read_ignores_answers_and_unprocessed_keys_that_are_not_its_own) {
  store.fail = {{200, R"({"Responses":{"things":[{"n":{"N":"1"}},{"pk":{"S":"zz"},"n":{"N":"2"}},{"pk":{"S":"a"},"n":{"N":"7"}}]},
                          "UnprocessedKeys":{"things":{"Keys":[{"n":{"N":"1"}},{"pk":{"S":"zz"}}]}}})"}};
  std::vector<key> keys{{.partition = "a", .sort = std::nullopt}};
  auto got = blocking([&] { return things().get_all(keys, {.consumed_capacity = false}); });
  ASSERT_TRUE(got) << got.error();
  EXPECT_TRUE(got->complete());
  EXPECT_EQ(got->requests, 1);
  ASSERT_TRUE(got->items[0]);
  EXPECT_EQ(got->items[0]->n, 7);
  EXPECT_DOUBLE_EQ(got->capacity_units, 0.0);
}

TEST_F(batches, a_read_is_refused_before_sending_for_a_key_that_does_not_fit_the_schema) {
  const key_schema schema{.partition = "pk", .sort = std::nullopt};
  std::vector<key> keys{{.partition = "a", .sort = std::nullopt}, {.partition = "b", .sort = number(1)}};
  auto got = blocking([&] { return get_batch(*ddb, "things", schema, keys); });
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().field(), "Keys[1]");
  EXPECT_EQ(transport->requests(), 0u);
}

TEST_F(batches, a_read_with_a_projection_that_cannot_be_rendered_is_refused_before_sending) {
  batch_get_options options;
  options.projection = expr::projection_list{expr::path("")};
  std::vector<key> keys{{.partition = "a", .sort = std::nullopt}};
  auto got = blocking([&] { return things().get_all(keys, options); });
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), error_code::validation);
  EXPECT_EQ(transport->requests(), 0u);
}

TEST(batch_blocking, a_blocking_batch_from_the_clients_own_io_thread_is_refused_with_its_own_code) {
  auto ddb = client::create(client_options::local(1));  // nothing listens on port 1
  ASSERT_TRUE(ddb);
  const key_schema schema{.partition = "pk", .sort = std::nullopt};
  std::promise<std::pair<result<batch_write_report>, result<batch_get_result<item>>>> nested;
  ddb->async_list_tables(list_tables_input{}, [&](result<list_tables_output>) {
    // A completion handler without an executor of its own runs on the client's I/O thread.
    auto write = write_batch(*ddb, {{.table = "things", .request = write_request::put({{"pk", "a"}})}},
                             {{"things", schema}});
    auto read = get_batch(*ddb, "things", schema, {{.partition = "a", .sort = std::nullopt}});
    nested.set_value({std::move(write), std::move(read)});
  });
  auto [write, read] = nested.get_future().get();
  ASSERT_FALSE(write);
  EXPECT_EQ(write.error().code(), error_code::blocking_call_on_io_thread);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code(), error_code::blocking_call_on_io_thread);
}

}  // namespace
}  // namespace ddbkit
