// Time to live: ttl_table<T> writes each item's expiry (epoch seconds, N) and hides expired
// items on every read, although DynamoDB deletes them only days later.
#include "example_table.hpp"

#include <ddbkit/table/ttl.hpp>

#include <boost/describe/class.hpp>

#include <chrono>
#include <iostream>
#include <string>

struct login {
  std::string pk;  // user
  std::int64_t sk = 0;  // session number
  std::string device;
};
BOOST_DESCRIBE_STRUCT(login, (), (pk, sk, device))

int main() {
  using namespace ddbkit;
  using namespace std::chrono_literals;
  const std::string name = "example-ttl";
  auto ddb = example_client_with_table(name, scalar_attribute_type::n);
  if (!ddb) return 1;
  auto logins = table<login>::open(*ddb, name);
  if (!logins) { std::cerr << logins.error() << "\n"; return 1; }

  ttl_table<login> sessions(*logins, {.attribute = "expires_at", .default_lifetime = 12h, .clock = {}});
  if (auto on = sessions.enable(); !on) { std::cerr << on.error() << "\n"; return 1; }  // UpdateTimeToLive

  const auto now = std::chrono::system_clock::now();
  (void)sessions.put({.pk = "ada", .sk = 1, .device = "laptop"});            // expires in 12 hours
  (void)sessions.put({.pk = "ada", .sk = 2, .device = "phone"}, 5min);       // in 5 minutes
  (void)sessions.put_until({.pk = "ada", .sk = 3, .device = "kiosk"}, now - 1h);  // expired already

  auto kiosk = sessions.get({"ada", number(3)}, {.consistent_read = true});  // hidden: expired
  std::cout << "kiosk session visible: " << (kiosk && kiosk->has_value()) << "\n";

  // Sessions with at least 10 minutes left; a filter of one's own joins the TTL filter.
  int active = 0;
  for (auto& s : sessions.query_active("ada", 10min).items()) {
    if (!s) { std::cerr << s.error() << "\n"; return 1; }
    std::cout << "active: " << s->device << "\n";
    ++active;
  }
  (void)ddb->delete_table({.table_name = name});
  return kiosk && !kiosk->has_value() && active == 1 ? 0 : 1;
}
