#include "commands.hpp"

#include <ddbkit/value/dynamodb_json.hpp>

#include <iostream>

namespace ddbkit::cli {

int report(const error& e) {
  std::cerr << "ddbkit: " << e << "\n";
  return 1;
}

int list_tables(client& ddb) {
  list_tables_input in;
  do {
    auto page = ddb.list_tables(in);
    if (!page) return report(page.error());
    for (const auto& name : page->table_names) std::cout << name << "\n";
    in.exclusive_start_table_name = page->last_evaluated_table_name;
  } while (in.exclusive_start_table_name);
  return 0;
}

int create_simple_table(client& ddb, const std::string& table, const std::string& pk, const std::string& sk) {
  create_table_input in{.table_name = table, .billing_mode = billing_mode::pay_per_request};
  in.attribute_definitions.push_back({.attribute_name = pk, .attribute_type = scalar_attribute_type::s});
  in.key_schema.push_back({.attribute_name = pk, .key_type = key_type::hash});
  if (!sk.empty()) {
    in.attribute_definitions.push_back({.attribute_name = sk, .attribute_type = scalar_attribute_type::s});
    in.key_schema.push_back({.attribute_name = sk, .key_type = key_type::range});
  }
  if (auto created = ddb.create_table(in); !created) return report(created.error());
  if (auto active = ddb.wait_until_active(table); !active) return report(active.error());
  std::cout << "table " << table << " is ACTIVE\n";
  return 0;
}

int delete_table(client& ddb, const std::string& table) {
  if (auto deleted = ddb.delete_table({.table_name = table}); !deleted) return report(deleted.error());
  return 0;
}

int put_item(client& ddb, const std::string& table, const std::string& item_json) {
  auto parsed = parse_item(item_json);
  if (!parsed) return report(parsed.error());
  auto put = ddb.put_item({.table_name = table, .item = std::move(*parsed)});
  return put ? 0 : report(put.error());
}

int get_item(client& ddb, const std::string& table, const std::string& key_json, bool consistent) {
  auto key = parse_item(key_json);
  if (!key) return report(key.error());
  auto got = ddb.get_item({.table_name = table, .key = std::move(*key), .consistent_read = consistent});
  if (!got) return report(got.error());
  if (got->item) std::cout << R"({"Item":)" << to_dynamodb_json(*got->item) << "}\n";
  else std::cout << "{}\n";
  return 0;
}

int delete_item(client& ddb, const std::string& table, const std::string& key_json) {
  auto key = parse_item(key_json);
  if (!key) return report(key.error());
  auto deleted = ddb.delete_item({.table_name = table, .key = std::move(*key)});
  return deleted ? 0 : report(deleted.error());
}

int scan(client& ddb, const std::string& table) {
  scan_input in{.table_name = table};
  do {
    auto page = ddb.scan(in);
    if (!page) return report(page.error());
    for (const auto& i : page->items) std::cout << to_dynamodb_json(i) << "\n";
    in.exclusive_start_key = page->last_evaluated_key;
  } while (in.exclusive_start_key);
  return 0;
}

}  // namespace ddbkit::cli
