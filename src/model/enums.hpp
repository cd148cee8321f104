#pragma once
// Internal: wire names of the model's enums, in both directions.
#include <ddbkit/model/common.hpp>

#include <array>
#include <optional>
#include <string_view>

namespace ddbkit::detail {

/// The wire names of E's values, in declaration order.
template <class E>
struct enum_names;

#define DDBKIT_ENUM_NAMES(E, ...)                                       \
  template <>                                                          \
  struct enum_names<E> {                                               \
    static constexpr std::array<std::string_view, std::initializer_list<std::string_view>{__VA_ARGS__}.size()> \
        names{__VA_ARGS__};                                            \
  };

DDBKIT_ENUM_NAMES(select, "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT")
DDBKIT_ENUM_NAMES(return_values, "NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW")
DDBKIT_ENUM_NAMES(return_values_on_condition_check_failure, "NONE", "ALL_OLD")
DDBKIT_ENUM_NAMES(return_consumed_capacity, "INDEXES", "TOTAL", "NONE")
DDBKIT_ENUM_NAMES(return_item_collection_metrics, "SIZE", "NONE")
DDBKIT_ENUM_NAMES(billing_mode, "PROVISIONED", "PAY_PER_REQUEST")
DDBKIT_ENUM_NAMES(key_type, "HASH", "RANGE")
DDBKIT_ENUM_NAMES(scalar_attribute_type, "S", "N", "B")
DDBKIT_ENUM_NAMES(projection_type, "ALL", "KEYS_ONLY", "INCLUDE")
DDBKIT_ENUM_NAMES(table_status, "CREATING", "UPDATING", "DELETING", "ACTIVE", "INACCESSIBLE_ENCRYPTION_CREDENTIALS",
                  "ARCHIVING", "ARCHIVED", "REPLICATION_NOT_AUTHORIZED")
DDBKIT_ENUM_NAMES(index_status, "CREATING", "UPDATING", "DELETING", "ACTIVE")
DDBKIT_ENUM_NAMES(time_to_live_status, "ENABLING", "DISABLING", "ENABLED", "DISABLED")
DDBKIT_ENUM_NAMES(stream_view_type, "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY")
DDBKIT_ENUM_NAMES(table_class, "STANDARD", "STANDARD_INFREQUENT_ACCESS")
DDBKIT_ENUM_NAMES(sse_type, "AES256", "KMS")
DDBKIT_ENUM_NAMES(sse_status, "ENABLING", "ENABLED", "DISABLING", "DISABLED", "UPDATING")

#undef DDBKIT_ENUM_NAMES

template <class E>
std::string_view enum_name(E value) noexcept {
  const auto i = static_cast<std::size_t>(value);
  return i < enum_names<E>::names.size() ? enum_names<E>::names[i] : std::string_view("?");
}

template <class E>
std::optional<E> parse_enum(std::string_view text) noexcept {
  for (std::size_t i = 0; i < enum_names<E>::names.size(); ++i) {
    if (enum_names<E>::names[i] == text) return static_cast<E>(i);
  }
  return std::nullopt;
}

}  // namespace ddbkit::detail
