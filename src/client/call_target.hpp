#pragma once
// Internal: the table (and index) a request names, for the attempt hook (DESIGN.md: every
// attempt is visible with its operation and table/index).
#include <ddbkit/model/batch_get_item.hpp>
#include <ddbkit/model/batch_write_item.hpp>
#include <ddbkit/model/transact_get_items.hpp>
#include <ddbkit/model/transact_write_items.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace ddbkit {

struct call_target {
  /// The request's TableName; for batches and transactions every table it names, in
  /// order of first appearance, joined with ','; empty for ListTables.
  std::string table;
  /// IndexName of a Query or Scan, else empty.
  std::string index;
};

namespace detail {

inline const std::string* table_of(const transact_get_item& a) { return &a.get.table_name; }

inline const std::string* table_of(const transact_write_item& a) {
  if (a.condition_check) return &a.condition_check->table_name;
  if (a.put) return &a.put->table_name;
  if (a.remove) return &a.remove->table_name;
  if (a.update) return &a.update->table_name;
  return nullptr;
}

inline std::string joined(const std::vector<const std::string*>& names) {
  std::string out;
  for (const auto* name : names) {
    if (!out.empty()) out += ',';
    out += *name;
  }
  return out;
}

}  // namespace detail

template <class Input>
call_target target_of(const Input& in) {
  call_target t;
  if constexpr (requires { in.table_name; }) t.table = in.table_name;
  if constexpr (requires { in.index_name; }) t.index = in.index_name.value_or("");
  if constexpr (requires { in.request_items; }) {
    std::vector<const std::string*> names;
    for (const auto& [name, requests] : in.request_items) names.push_back(&name);
    t.table = detail::joined(names);
  }
  if constexpr (requires { in.transact_items; }) {
    std::vector<const std::string*> names;
    for (const auto& action : in.transact_items) {
      const auto* name = detail::table_of(action);
      if (name && std::none_of(names.begin(), names.end(), [&](const auto* seen) { return *seen == *name; })) {
        names.push_back(name);
      }
    }
    t.table = detail::joined(names);
  }
  return t;
}

}  // namespace ddbkit
