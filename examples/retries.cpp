// Retries and errors: a fault-injection proxy in front of DynamoDB Local throttles, fails
// and drops connections on purpose; the attempt hook shows every request sent, and each
// error says what happened and whether trying again makes sense.
#include "example_options.hpp"
#include "example_table.hpp"

#include <ddbkit/attempt_info.hpp>
#include <ddbkit/client.hpp>
#include <ddbkit/expr.hpp>
#include <ddbkit/testkit/fault_proxy.hpp>

#include <iostream>

int main() {
  using namespace ddbkit;
  using testkit::fault_action;
  using testkit::fault_kind;
  auto options = example_options();
  if (!options) { std::cerr << options.error() << "\n"; return 1; }
  auto proxy = testkit::fault_proxy::start({.upstream = options->endpoint});
  if (!proxy) { std::cerr << "this example needs DynamoDB Local: " << proxy.error() << "\n"; return 1; }

  options->endpoint = proxy->endpoint();
  options->retry.base_delay = std::chrono::milliseconds(20);
  int last_attempt = 0;  // of the latest request; the client's thread writes it, main reads it after each call
  options->on_attempt = [&last_attempt](const attempt_info& a) {
    last_attempt = a.attempt;
    std::cout << "  " << a.operation << " attempt " << a.attempt << ": "
              << (a.error ? to_string(a.error->code()) : std::string_view("ok")) << "\n";
  };
  auto ddb = client::create(*options);
  if (!ddb) { std::cerr << ddb.error() << "\n"; return 1; }
  const std::string table = "example-retries";
  if (auto made = recreate_example_table(*ddb, table); !made) { std::cerr << made.error() << "\n"; return 1; }

  // A throttle and a 500, then success: the call succeeds on its third request.
  std::cout << "put through a throttle and a 500:\n";
  proxy->enqueue(fault_action::of(fault_kind::throttle), "PutItem");
  proxy->enqueue(fault_action::of(fault_kind::internal_error), "PutItem");
  auto put = ddb->put_item({.table_name = table, .item = {{"pk", "order#1"}, {"visits", number(0)}}});
  const int put_requests = last_attempt;

  // One request allowed for this call: the throttle comes back, marked retryable.
  std::cout << "put allowed a single request:\n";
  proxy->enqueue(fault_action::of(fault_kind::throttle), "PutItem");
  auto once = ddb->put_item({.table_name = table, .item = {{"pk", "order#2"}}},
                            {.retry = retry_options{.max_attempts = 1}});

  // A failed condition is DynamoDB's answer, not a fault: never retried.
  std::cout << "conditional put of a key that exists:\n";
  auto taken = ddb->put_item({.table_name = table, .item = {{"pk", "order#1"}},
                              .condition_expression = "attribute_not_exists(pk)"});

  // The connection drops after the update was applied. Adding 1 twice would count twice,
  // so ddbkit does not repeat it: the error says the outcome is unknown.
  std::cout << "increment whose answer is lost:\n";
  proxy->enqueue(fault_action::of(fault_kind::reset_after), "UpdateItem");
  expr::expression_context ctx;
  auto increment = ctx.update_expression(expr::update{}.set(expr::path("visits"), expr::path("visits") + 1));
  if (!increment) { std::cerr << increment.error() << "\n"; return 1; }
  auto counted = ddb->update_item({.table_name = table, .key = {{"pk", "order#1"}},
                                   .update_expression = *increment,
                                   .expression_attribute_names = ctx.names(),
                                   .expression_attribute_values = ctx.values()});
  auto after = ddb->get_item({.table_name = table, .key = {{"pk", "order#1"}}, .consistent_read = true});
  (void)ddb->delete_table({.table_name = table});

  if (!put) { std::cerr << "put failed: " << put.error() << "\n"; return 1; }
  std::cout << "put: succeeded on request " << put_requests << "\n";
  if (once || !once.error().is_throttling()) { std::cerr << "expected a throttle\n"; return 1; }
  std::cout << std::boolalpha << "single request: " << once.error() << " (retryable: " << once.error().retryable()
            << ", attempts: " << once.error().attempts() << ")\n";
  if (taken || !taken.error().is_condition_failed()) { std::cerr << "expected a failed condition\n"; return 1; }
  std::cout << "condition: " << taken.error() << " (attempts: " << taken.error().attempts() << ")\n";
  if (counted || !counted.error().outcome_unknown()) { std::cerr << "expected an unknown outcome\n"; return 1; }
  std::cout << "increment: " << counted.error() << "\n";
  if (!after || !after->item) { std::cerr << "read failed\n"; return 1; }
  std::cout << "visits is now " << after->item->at("visits") << ": the increment was applied once\n";
  return put_requests == 3 && once.error().attempts() == 1 && taken.error().attempts() == 1 &&
                 after->item->at("visits") == attribute_value(number(1))
             ? 0
             : 1;
}
