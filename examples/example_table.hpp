#pragma once
// A fresh table for an example: whatever an earlier run left is deleted first. Key "pk" (S),
// and "sk" of the given type when there is one. (examples/basic_sync.cpp spells the same
// steps out.)
#include "example_options.hpp"

#include <ddbkit/client.hpp>

#include <functional>
#include <iostream>
#include <optional>
#include <string>

inline ddbkit::result<void> recreate_example_table(ddbkit::client& ddb, const std::string& table,
                                                   std::optional<ddbkit::scalar_attribute_type> sort_key = {}) {
  using namespace ddbkit;
  (void)ddb.delete_table({.table_name = table});
  if (auto gone = ddb.wait_until_deleted(table); !gone) return std::unexpected(gone.error());
  create_table_input in{.table_name = table,
                        .attribute_definitions = {{.attribute_name = "pk", .attribute_type = scalar_attribute_type::s}},
                        .key_schema = {{.attribute_name = "pk", .key_type = key_type::hash}},
                        .billing_mode = billing_mode::pay_per_request};
  if (sort_key) {
    in.attribute_definitions.push_back({.attribute_name = "sk", .attribute_type = *sort_key});
    in.key_schema.push_back({.attribute_name = "sk", .key_type = key_type::range});
  }
  if (auto created = ddb.create_table(in); !created) return std::unexpected(created.error());
  if (auto active = ddb.wait_until_active(table); !active) return std::unexpected(active.error());
  return {};
}

/// The examples' start: a client on example_options() and a fresh table `table`. On
/// failure the error is printed and the result is empty.
/// `adjust` changes the client's options first (observers, a capacity budget).
inline std::optional<ddbkit::client> example_client_with_table(
    const std::string& table, std::optional<ddbkit::scalar_attribute_type> sort_key = {},
    const std::function<void(ddbkit::client_options&)>& adjust = {}) {
  auto options = example_options();
  if (!options) { std::cerr << options.error() << "\n"; return std::nullopt; }
  if (adjust) adjust(*options);
  auto ddb = ddbkit::client::create(*options);
  if (!ddb) { std::cerr << ddb.error() << "\n"; return std::nullopt; }
  if (auto made = recreate_example_table(*ddb, table, sort_key); !made) {
    std::cerr << made.error() << "\n";
    return std::nullopt;
  }
  return std::move(*ddb);
}
