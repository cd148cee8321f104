#include "model/enums.hpp"

namespace ddbkit {

std::string_view to_string(select v) noexcept { return detail::enum_name(v); }
std::string_view to_string(return_values v) noexcept { return detail::enum_name(v); }
std::string_view to_string(return_values_on_condition_check_failure v) noexcept { return detail::enum_name(v); }
std::string_view to_string(return_consumed_capacity v) noexcept { return detail::enum_name(v); }
std::string_view to_string(return_item_collection_metrics v) noexcept { return detail::enum_name(v); }
std::string_view to_string(billing_mode v) noexcept { return detail::enum_name(v); }
std::string_view to_string(key_type v) noexcept { return detail::enum_name(v); }
std::string_view to_string(scalar_attribute_type v) noexcept { return detail::enum_name(v); }
std::string_view to_string(projection_type v) noexcept { return detail::enum_name(v); }
std::string_view to_string(table_status v) noexcept { return detail::enum_name(v); }
std::string_view to_string(index_status v) noexcept { return detail::enum_name(v); }
std::string_view to_string(time_to_live_status v) noexcept { return detail::enum_name(v); }
std::string_view to_string(stream_view_type v) noexcept { return detail::enum_name(v); }
std::string_view to_string(table_class v) noexcept { return detail::enum_name(v); }
std::string_view to_string(sse_type v) noexcept { return detail::enum_name(v); }
std::string_view to_string(sse_status v) noexcept { return detail::enum_name(v); }

}  // namespace ddbkit
