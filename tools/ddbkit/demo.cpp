// `ddbkit demo`: what the tool and the library do, in one minute against DynamoDB Local —
// a table, 10,000 items loaded in parallel batches with the progress bar, a query page and
// its cursor resumed, a refused conditional write, a transaction, and the metrics of it all.
#include "commands.hpp"
#include "load_pipeline.hpp"
#include "progress.hpp"

#include <ddbkit/table/cursor.hpp>

#include <chrono>
#include <iostream>
#include <sstream>

namespace ddbkit::cli {
namespace {

constexpr int demo_items = 10'000;
constexpr int customers = 100;

item order(int n) {
  return {{"pk", "customer#" + std::to_string(n % customers)},
          {"sk", number(n)},
          {"total", *number::parse(std::to_string(n % 97 + 1) + ".50")},
          {"status", n % 3 == 0 ? "shipped" : "pending"}};
}

/// 10,000 orders through the load pipeline (the engine of `ddbkit load`).
outcome<load_totals> load_orders(client& ddb, const std::string& table) {
  auto options = progress::for_standard_error("loaded", false, std::chrono::milliseconds(1000));
  options.total_items = demo_items;
  progress shown(std::cerr, std::move(options));
  unwritten_file unwritten(table + ".unwritten.jsonl");
  load_pipeline pipeline(ddb, table, key_schema{.partition = "pk", .sort = "sk"}, 8, shown, unwritten);
  load_chunk chunk;
  for (int n = 0; n < demo_items; ++n) {
    chunk.entries.push_back({.table = table, .request = write_request::put(order(n))});
    chunk.keys.insert(std::to_string(n));
    if (chunk.entries.size() == pipeline.chunk_items() || n + 1 == demo_items) {
      if (auto sent = pipeline.send(std::exchange(chunk, {})); !sent) return std::unexpected(sent.error());
    }
  }
  if (auto finished = pipeline.finish(); !finished) return std::unexpected(finished.error());
  shown.finish();
  return pipeline.totals();
}

/// A page of `limit` orders of customer#7 from `start` (empty: the first page).
result<query_output> orders_page(client& ddb, const std::string& table, std::optional<item> start, int limit) {
  query_input in{.table_name = table, .key_condition_expression = "pk = :p"};
  in.expression_attribute_values = {{":p", "customer#7"}};
  in.limit = limit;
  in.exclusive_start_key = std::move(start);
  return ddb.query(in);
}

std::string sort_keys(const query_output& page) {
  std::string keys;
  for (const auto& i : page.items) keys += (keys.empty() ? "" : " ") + i.at("sk").as_n()->text();
  return keys;
}

/// The lines of the Prometheus text worth a glance: calls, retries, capacity.
void print_metrics_summary(const std::string& text) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    for (const char* name : {"dynamodb_operations_total", "dynamodb_retries_total", "dynamodb_consumed_wcu_total",
                             "dynamodb_consumed_rcu_total", "dynamodb_http_connection_events_total"}) {
      if (line.starts_with(name)) std::cout << "    " << line << "\n";
    }
  }
}

}  // namespace

int run_demo(client& ddb, const std::function<std::string()>& metrics_text) {
  const std::string table =
      "ddbkit-demo-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1000000);
  auto fail = [&](const auto& e) {
    (void)ddb.delete_table({.table_name = table});
    return report(e);
  };
  std::cout << "1. create table " << table << " (pk: S partition key, sk: N sort key)\n";
  create_table_input create{.table_name = table, .billing_mode = billing_mode::pay_per_request};
  create.attribute_definitions = {{.attribute_name = "pk", .attribute_type = scalar_attribute_type::s},
                                  {.attribute_name = "sk", .attribute_type = scalar_attribute_type::n}};
  create.key_schema = {{.attribute_name = "pk", .key_type = key_type::hash},
                       {.attribute_name = "sk", .key_type = key_type::range}};
  if (auto created = ddb.create_table(create); !created) return report(created.error());
  if (auto active = ddb.wait_until_active(table); !active) return fail(active.error());

  std::cout << "2. load " << demo_items << " orders of " << customers
            << " customers in parallel batches (what `ddbkit load` does)\n";
  const auto started = std::chrono::steady_clock::now();
  auto loaded = load_orders(ddb, table);
  if (!loaded) return fail(loaded.error());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "    written " << loaded->written << ", not written " << loaded->not_written << ", "
            << loaded->write_capacity_units << " WCU, " << static_cast<int>(loaded->written / seconds)
            << " items/s\n";

  std::cout << "3. query customer#7: a page of 5, then its cursor resumed\n";
  auto first = orders_page(ddb, table, std::nullopt, 5);
  if (!first) return fail(first.error());
  const auto token = cursor(table, "", std::nullopt, first->last_evaluated_key).token();
  std::cout << "    page 1: sk " << sort_keys(*first) << "\n    cursor: " << token << "\n";
  auto resumed = cursor::parse(token);
  if (!resumed) return fail(resumed.error());
  auto second = orders_page(ddb, table, resumed->start_key(), 5);
  if (!second) return fail(second.error());
  std::cout << "    page 2: sk " << sort_keys(*second) << "\n";

  std::cout << "4. a conditional write that must fail: put order 7 again only if absent\n";
  auto again = ddb.put_item({.table_name = table, .item = order(7), .condition_expression = "attribute_not_exists(pk)"});
  if (again) return fail(error(error_code::unknown, "the conditional put succeeded"));
  std::cout << "    refused as expected: " << again.error() << "\n";

  std::cout << "5. a transaction: ship order 7 and record the shipment, both or neither\n";
  transact_write_items_input tx;
  tx.transact_items.push_back(
      {.update = transact_update{.table_name = table,
                                 .key = {{"pk", "customer#7"}, {"sk", number(7)}},
                                 .update_expression = "SET #s = :shipped",
                                 .condition_expression = "#s = :pending",
                                 .expression_attribute_names = {{"#s", "status"}},
                                 .expression_attribute_values = {{":shipped", "shipped"}, {":pending", "pending"}}}});
  tx.transact_items.push_back(
      {.put = transact_put{.table_name = table, .item = {{"pk", "shipment#7"}, {"sk", number(1)}, {"order", number(7)}}}});
  if (auto done = ddb.transact_write_items(tx); !done) return fail(done.error());
  auto shipped = ddb.get_item({.table_name = table, .key = {{"pk", "customer#7"}, {"sk", number(7)}}, .consistent_read = true});
  if (!shipped || !shipped->item) return fail(shipped ? error(error_code::item_not_found, "order 7") : shipped.error());
  std::cout << "    order 7 is " << shipped->item->at("status").as_s()->c_str() << ", shipment#7 recorded\n";

  std::cout << "6. delete table " << table << "\n";
  if (auto deleted = ddb.delete_table({.table_name = table}); !deleted) return report(deleted.error());
  if (metrics_text) {
    std::cout << "7. metrics of this run (ddbkit::prometheus; `--metrics` prints them for any command)\n";
    print_metrics_summary(metrics_text());
  }
  std::cout << "demo finished\n";
  return 0;
}

}  // namespace ddbkit::cli
