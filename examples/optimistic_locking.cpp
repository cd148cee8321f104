// Optimistic locking: versioned_table<T> keeps a version in every item, writes only over
// the version it read, and update_with_retry turns a read-modify-write into one that never
// loses a concurrent update.
#include "example_table.hpp"

#include <ddbkit/table/versioned.hpp>

#include <boost/describe/class.hpp>

#include <iostream>
#include <string>
#include <thread>
#include <vector>

struct profile_doc {
  std::string pk;
  std::int64_t sk = 0;
  std::int64_t visits = 0;
  std::int64_t version = 0;
  static constexpr std::string_view version_attribute = "version";  // declared by the type
};
BOOST_DESCRIBE_STRUCT(profile_doc, (), (pk, sk, visits, version))

int main() {
  using namespace ddbkit;
  const std::string name = "example-optimistic-locking";
  auto ddb = example_client_with_table(name, scalar_attribute_type::n);
  if (!ddb) return 1;
  auto typed = table<profile_doc>::open(*ddb, name);
  if (!typed) { std::cerr << typed.error() << "\n"; return 1; }
  versioned_table<profile_doc> docs(*typed);
  const key k{"user#1", number(0)};

  // Version 0: create. Every write returns the version it stored.
  auto v1 = docs.put({.pk = "user#1", .sk = 0, .visits = 0}, 0);
  if (!v1) { std::cerr << v1.error() << "\n"; return 1; }

  // A write over a version that is no longer there fails, with the item as it is.
  auto v2 = docs.update(k, expr::update{}.set(expr::path("visits"), number(1)), *v1);
  auto stale = docs.update(k, expr::update{}.set(expr::path("visits"), number(100)), *v1);
  std::cout << "stale write refused: " << (!stale && stale.error().is_condition_failed()) << "\n";

  // Four threads increment at once: conflicts are read again and retried with jitter.
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto done = docs.update_with_retry(k, [](profile_doc& d) { ++d.visits; }, 100);
        if (!done) std::cerr << done.error() << "\n";
      }
    });
  }
  for (auto& w : workers) w.join();

  auto got = docs.get(k);  // strongly consistent
  if (!got || !*got) { std::cerr << "no item\n"; return 1; }
  std::cout << "visits " << (*got)->value.visits << " at version " << (*got)->version << "\n";
  (void)ddb->delete_table({.table_name = name});
  return v2 && (*got)->value.visits == 101 && (*got)->version == 102 ? 0 : 1;
}
