#include "bench_fixtures.hpp"

#include <ddbkit/value/dynamodb_json.hpp>
#include <ddbkit/value/item_size.hpp>

namespace ddbkit::bench {

item one_kb_item(std::string pk) {
  item i{
      {"pk", std::move(pk)},
      {"sk", number(42)},
      {"name", "Ada Lovelace"},
      {"active", true},
      {"score", *number::parse("1234.5678")},
      {"tags", attribute_value::string_set{"alpha", "beta", "gamma", "delta"}},
      {"history", attribute_value::list({number(1), number(2), number(3), "four", false})},
      {"address", item{{"street", "12 Analytical Engine Row"}, {"city", "London"}, {"zip", "NW1"}}},
  };
  // Pad with a description so the whole item is close to 1024 bytes.
  std::string description;
  while (item_size(i) + 11 + description.size() < 1024) description.push_back('x');
  i.emplace("description", std::move(description));
  return i;
}

std::string get_item_response(const item& i) {
  return R"({"Item":)" + to_dynamodb_json(i) + "}";
}

}  // namespace ddbkit::bench
